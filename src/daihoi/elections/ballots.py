"""Ballot papers (phiếu bầu cử, documents.md §2): PDF, A5 or A4, one page per voter, plus a specimen.

Layout: seal box at the upper left, "PHIẾU BẦU CỬ", the body elected (congress number in Roman
numerals, term), the numbered names in ballot order (birth dates beside identical names); a list with
surplus is struck through, otherwise 4 columns (No. | Full name | Agree | Disagree); short instructions.

Machine-readable marks for the OMR reader, discreet enough that the paper still looks like a ballot:
four small corner squares (fiducials) and a QR code naming the election, the round, the layout and the
number of names — never the voter. Every ballot of a round is the same drawing (one PDF form object
placed on each page), so no two ballots can differ.
"""

from __future__ import annotations

import io
import re
from typing import Any

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from daihoi.core.election.ballots import BallotForm
from daihoi.documents.fonts import pdf_font

GREY = Color(0.55, 0.55, 0.55)
FIDUCIAL = 5 * mm
EDGE = 7 * mm  # fiducials sit this far from the paper's edges (printer margins)
QR_SIZE = 22 * mm
SIZES = {"A4": A4, "A5": A5}


def qr_payload(election_id: int, round_number: int, layout: str, names: int) -> str:
    """What the QR says: enough for the reader to find the template; nothing about the voter."""
    return f"DAIHOI-BALLOT:e={election_id};r={round_number};l={layout};n={names}"


def _draw_qr(c: Canvas, data: str, x: float, y: float, size: float) -> None:
    qr = segno.make(data, micro=False, error="m")
    matrix = [list(row) for row in qr.matrix]
    border = 4  # quiet zone in modules: the corner squares must not look like finder patterns
    module = size / (len(matrix) + 2 * border)
    c.setFillColor(white)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(black)
    for r, row in enumerate(matrix):
        for col, bit in enumerate(row):
            if bit:
                c.rect(x + (col + border) * module, y + size - (r + border + 1) * module, module, module,
                       stroke=0, fill=1)  # fmt: skip


MIN_NAME_SIZE = 11  # pt: a ballot's names are never printed smaller (a long list goes to A4 instead)


def _fit(c: Canvas, text: str, font: str, size: float, width: float, floor: float = 7) -> float:
    while size > floor and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


_UNBREAKABLE = re.compile(r"(?i)(nhiệm kỳ|khóa|lần thứ) (\S+)(?: - (\d{4}))?")


def _glue(text: str) -> str:
    """No break inside "nhiệm kỳ 2020 - 2025", "khóa X", "lần thứ X" (no year or numeral alone)."""
    return _UNBREAKABLE.sub(lambda m: "\u00a0".join(m.group(0).split(" ")), " ".join(text.split()))


def _centered_lines(c: Canvas, text: str, font: str, size: float, cx: float, y: float, width: float) -> float:
    """Draw `text` centred, wrapped to `width` between phrases; returns the y below it."""
    words, line, lines = _glue(text).split(" "), "", []
    for w in words:
        trial = f"{line} {w}".strip()
        if c.stringWidth(trial, font, size) > width and line:
            lines.append(line)
            line = w
        else:
            line = trial
    if line:
        lines.append(line)
    c.setFont(font, size)
    for ln in lines:
        c.drawCentredString(cx, y, ln)
        y -= size * 1.3
    return y


def _name_layout(
    c: Canvas, spec: dict[str, Any], available: float, width: float, small: bool
) -> tuple[int, float, float] | None:
    """(columns, row height, font size) for the names: the largest size from 14 (13 on A5) down to 11 pt
    at which every name fits its column and every row fits the page; None when even 11 pt does not fit."""
    regular = pdf_font("serif")
    names = spec["names"]
    n = max(len(names), 1)
    surplus = spec["form"] == BallotForm.SURPLUS
    top_size = 13 if small else 14
    for columns in (1, 2, 3) if surplus else (1,):
        per_column = -(-n // columns)
        rows_needed = per_column + (0 if surplus else 1)
        if surplus:
            name_w = width / columns - (14 * mm if columns > 1 else 24 * mm)
        else:
            box_w = (28 if small else 32) * mm
            name_w = width - 12 * mm - 2 * box_w - 4 * mm
        size = float(top_size)
        while size >= MIN_NAME_SIZE:
            row = max(size * 1.6, min((9 if small else 11) * mm, available / rows_needed))
            if row * rows_needed <= available and all(
                c.stringWidth(name, regular, size) <= name_w for name in names
            ):
                return columns, row, size
            size -= 0.5
    return None


def _draw_ballot(c: Canvas, spec: dict[str, Any], page_w: float, page_h: float) -> bool:
    """Draw one ballot; False (and nothing useful drawn) when its names do not fit at 11 pt or more."""
    regular, bold, italic = pdf_font("serif"), pdf_font("serif", bold=True), pdf_font("serif", italic=True)
    small = page_w < A4[0] - 1
    # Fiducials: four solid squares in the corners.
    c.setFillColor(black)
    for fx, fy in ((EDGE, EDGE), (page_w - EDGE - FIDUCIAL, EDGE), (EDGE, page_h - EDGE - FIDUCIAL),
                   (page_w - EDGE - FIDUCIAL, page_h - EDGE - FIDUCIAL)):  # fmt: skip
        c.rect(fx, fy, FIDUCIAL, FIDUCIAL, stroke=0, fill=1)
    margin = EDGE + FIDUCIAL + 4 * mm
    top = page_h - EDGE - 2 * mm
    # Seal place, upper left: an empty dashed circle the convening committee stamps on, its label under it.
    seal = 26 * mm if small else 32 * mm
    c.setStrokeColor(GREY)
    c.setDash(2, 2)
    c.circle(margin + seal / 2, top - seal / 2, seal / 2, stroke=1, fill=0)
    c.setDash()
    c.setFillColor(GREY)
    c.setFont(italic, 8)
    c.drawCentredString(margin + seal / 2, top - seal - 3.5 * mm, spec["seal_label"])
    # QR, upper right, inside the fiducials.
    _draw_qr(c, spec["qr"], page_w - margin - QR_SIZE, top - QR_SIZE - 1 * mm, QR_SIZE)
    c.setFillColor(black)
    width = page_w - 2 * margin
    y = top - seal - 10 * mm
    c.setFont(bold, 18 if small else 20)
    c.drawCentredString(page_w / 2, y, spec["title"])
    y -= 8 * mm
    y = _centered_lines(c, spec["body"].upper(), bold, 11 if small else 13, page_w / 2, y, width)
    if spec["round_note"]:
        y = _centered_lines(c, spec["round_note"], italic, 10 if small else 12, page_w / 2, y, width)
    y -= 4 * mm
    names = spec["names"]
    n = len(names)
    instructions_h = 16 * mm
    available = y - (EDGE + FIDUCIAL + instructions_h)
    layout = _name_layout(c, spec, available, width, small)
    if layout is None:
        return False
    columns, row, size = layout
    per_column = -(-n // columns)
    if spec["form"] == BallotForm.SURPLUS:
        col_w = width / columns
        top_y = y
        for i, name in enumerate(names, start=1):
            col, line = divmod(i - 1, per_column)
            x = margin + col * col_w + (10 * mm if columns == 1 else 0)
            y = top_y - (line + 1) * row
            c.setFont(regular, size)
            c.drawRightString(x + 8 * mm, y, f"{i}.")
            c.drawString(x + 11 * mm, y, name)
        y = top_y - per_column * row
    else:
        box_w = (28 if small else 32) * mm
        cols = [
            margin,
            margin + 12 * mm,
            page_w - margin - 2 * box_w,
            page_w - margin - box_w,
            page_w - margin,
        ]
        y -= row
        for k, head in enumerate(spec["columns"]):
            head_size = _fit(c, head, bold, size, cols[k + 1] - cols[k] - 2 * mm, floor=9)
            c.setFont(bold, head_size)
            c.drawCentredString((cols[k] + cols[k + 1]) / 2, y + row * 0.3, head)
        c.setLineWidth(0.6)
        c.line(margin, y + row, page_w - margin, y + row)
        for i, name in enumerate(names, start=1):
            c.line(margin, y, page_w - margin, y)
            y -= row
            c.setFont(regular, size)
            c.drawCentredString((cols[0] + cols[1]) / 2, y + row * 0.3, str(i))
            c.drawString(cols[1] + 2 * mm, y + row * 0.3, name)
            box = min(row * 0.7, 6 * mm)
            for k in (2, 3):
                c.rect((cols[k] + cols[k + 1]) / 2 - box / 2, y + (row - box) / 2, box, box, stroke=1, fill=0)
        c.line(margin, y, page_w - margin, y)
        for xcol in cols:
            c.line(xcol, y, xcol, y + row * (n + 1))
    y -= 8 * mm
    c.setFont(italic, 10 if small else 11)
    _centered_lines(c, spec["instructions"], italic, 10 if small else 11, page_w / 2, y, width)
    return True


def paper_for(spec: dict[str, Any]) -> str:
    """The paper the ballot is printed on: the election's (A5 by default), or A4 when the names do not fit
    A5 at 11 pt or more."""
    for paper in dict.fromkeys((spec["paper"], "A4")):
        page_w, page_h = SIZES.get(paper, A5)
        trial = Canvas(io.BytesIO(), pagesize=(page_w, page_h), initialFontName=pdf_font("serif"))
        if _draw_ballot(trial, spec, page_w, page_h):
            return paper
    return "A4"


def ballot_spec(rnd: Any, language: str = "vi") -> dict[str, Any]:
    from daihoi.elections.services import round_candidates, round_form

    election = rnd.election
    with translation.override(language):
        form = round_form(rnd)
        names = []
        for rc in round_candidates(rnd):
            name = rc.candidate.full_name
            if rc.show_birth_date and rc.candidate.birth_date:
                name += f" ({rc.candidate.birth_date:%d/%m/%Y})"
            names.append(name)
        if form is BallotForm.SURPLUS:
            limit = rnd.seats + rnd.alternates
            instructions = _(
                "Strike through the whole name of each person you do not elect. Keep at most %(n)s names."
            ) % {"n": limit}
        else:
            instructions = _("Mark X in the “Agree” or the “Disagree” box of each name.")
        round_note = ""
        if rnd.number > 1:
            round_note = (_("Revote, round %(n)s") if rnd.revote else _("Round %(n)s")) % {"n": rnd.number}
        return {
            "paper": election.paper_size,
            "form": form,
            "title": _("BALLOT"),
            "body": election.title,
            "round_note": round_note,
            "names": names,
            "columns": [_("No."), _("Full name"), _("Agree"), _("Disagree")],
            "instructions": instructions,
            "seal_label": _("(seal)"),
            "specimen": _("SPECIMEN"),
            "qr": qr_payload(election.pk, rnd.number, str(form), len(names)),
        }


def render_ballots(spec: dict[str, Any], copies: int, specimen: bool = True) -> bytes:
    """`copies` identical ballots, then (if asked) one specimen page marked as such."""
    spec = {**spec, "paper": paper_for(spec)}
    page_w, page_h = SIZES.get(spec["paper"], A5)
    buf = io.BytesIO()
    # initialFontName: otherwise every page names Helvetica, a font the PDF does not embed.
    c = Canvas(buf, pagesize=(page_w, page_h), invariant=True, initialFontName=pdf_font("serif"))
    c.setTitle(spec["title"] + " — " + spec["body"])
    c.beginForm("ballot")
    _draw_ballot(c, spec, page_w, page_h)
    c.endForm()
    for _i in range(copies):
        c.doForm("ballot")
        c.showPage()
    if specimen:
        c.doForm("ballot")
        c.saveState()
        c.setFillColor(Color(0.8, 0.1, 0.1, alpha=0.35))
        c.setFont(pdf_font("serif", bold=True), 64 if spec["paper"] == "A5" else 90)
        c.translate(page_w / 2, page_h / 2)
        c.rotate(35)
        c.drawCentredString(0, 0, spec["specimen"])
        c.restoreState()
        c.showPage()
    c.save()
    return buf.getvalue()


def round_ballots(rnd: Any, copies: int | None = None, specimen: bool = True) -> bytes:
    """Ballots for a round: by default as many as the voters present now."""
    if copies is None:
        from daihoi.congresses.figures import quorum

        copies = quorum(rnd.election.congress).voters_present
    return render_ballots(ballot_spec(rnd), copies, specimen)
