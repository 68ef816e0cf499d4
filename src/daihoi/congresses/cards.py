"""Delegate cards (thẻ đại biểu): an A4 sheet of 8 cards, or a single card, each with a check-in QR.

The QR holds only the delegate's secret check-in code (never the number: it must not be guessable).
It is a full QR symbol (segno, micro=False), drawn as vector squares so it prints sharp at any size.
Card fields follow documents.md §5 (UNCONFIRMED, no official template): congress, "THẺ ĐẠI BIỂU",
type, number, name, branch, QR.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from daihoi.congresses.models import Congress, Delegate, DelegateKind
from daihoi.documents.fonts import pdf_font

RED = Color(0.72, 0.11, 0.11)
# A card without a vote is raised in open votes too: it must look different across the hall.
NO_VOTE = Color(0.11, 0.33, 0.62)  # blue
NAME_MIN = 10  # pt: a longer name wraps to two lines rather than shrinking further
CARD_W, CARD_H = 90 * mm, 62 * mm
COLS, ROWS = 2, 4
QR_SIZE = 32 * mm


def card_type(delegate: Delegate) -> str:
    if delegate.kind == DelegateKind.GUEST:
        return _("GUEST")
    if delegate.kind == DelegateKind.ALTERNATE:
        return _("ALTERNATE DELEGATE")
    if not delegate.is_official:
        return _("PROBATIONARY MEMBER — NO VOTE")
    if delegate.kind == DelegateKind.MEMBER:
        return _("OFFICIAL MEMBER")
    return _("OFFICIAL DELEGATE")


def card_colour(delegate: Delegate) -> Color:
    """Red for a card that votes, blue for one that does not (probationary members, guests...)."""
    return RED if delegate.has_vote else NO_VOTE


def no_vote_note(delegate: Delegate) -> str:
    """The words under the card type of a card that does not vote (the probationary type says it)."""
    if delegate.has_vote or delegate.kind == DelegateKind.GUEST or not delegate.is_official:
        return ""
    return _("NO VOTE")


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float, floor: float = 6) -> float:
    """The largest size <= `size` (and >= `floor`) at which `text` fits `width`."""
    while size > floor and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def name_lines(canvas: Canvas, name: str, font: str, width: float) -> tuple[list[str], float]:
    """The name on one line from 13 pt down to NAME_MIN; longer, on two lines split between words (the
    split that leaves the longer line shortest), each at one size of at least 8 pt."""
    size = _fit(canvas, name, font, 13, width, floor=NAME_MIN)
    if canvas.stringWidth(name, font, size) <= width:
        return [name], size
    words = name.split()
    if len(words) < 2:
        return [name], _fit(canvas, name, font, NAME_MIN, width)
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(splits, key=lambda p: max(canvas.stringWidth(t, font, 10) for t in p))
    size = min(_fit(canvas, t, font, 12, width, floor=8) for t in (first, second))
    return [first, second], size


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A full QR symbol with its 4-module quiet zone, drawn as one vector path of horizontal runs
    (one fill: no hairline seams between modules when a viewer anti-aliases)."""
    qr = segno.make(data, micro=False, error="m")
    matrix = [list(row) for row in qr.matrix]
    border = 4
    module = size / (len(matrix) + 2 * border)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.rect(
                x + (start + border) * module,
                y + size - (r + border + 1) * module,
                (c - start) * module,
                module,
            )
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_card(canvas: Canvas, congress: Congress, delegate: Delegate, x: float, y: float) -> None:
    regular, bold = pdf_font("sans"), pdf_font("sans", bold=True)
    pad = 4 * mm
    canvas.setStrokeColor(Color(0.6, 0.6, 0.6))
    canvas.setDash(3, 3)
    canvas.rect(x, y, CARD_W, CARD_H, stroke=1, fill=0)  # cut line
    canvas.setDash()
    colour = card_colour(delegate)
    # header band, and a stripe down the left edge, in the card's colour
    band = 15 * mm
    canvas.setFillColor(colour)
    canvas.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    canvas.rect(x, y, 2.5 * mm, CARD_H - band, stroke=0, fill=1)
    canvas.setFillColor(white)
    line1 = _("CONGRESS OF %(org)s") % {"org": congress.organization.name.upper()}
    line2 = _("NO. %(number)s, TERM %(term)s") % {"number": congress.roman_number, "term": congress.term}
    for i, text in enumerate((line1, line2)):
        size = _fit(canvas, text, bold, 8.5, CARD_W - 2 * pad)
        canvas.setFont(bold, size)
        canvas.drawCentredString(x + CARD_W / 2, y + CARD_H - 6 * mm - i * 4.5 * mm, text)
    # title
    canvas.setFillColor(colour)
    canvas.setFont(bold, 15)
    canvas.drawString(x + pad, y + CARD_H - band - 8 * mm, _("DELEGATE CARD"))
    kind_text = card_type(delegate)
    if note := no_vote_note(delegate):
        kind_text = f"{kind_text} — {note}"
    canvas.setFillColor(black if delegate.has_vote else colour)
    kind_font = regular if delegate.has_vote else bold
    canvas.setFont(kind_font, _fit(canvas, kind_text, kind_font, 8.5, CARD_W - 2 * pad))
    canvas.drawString(x + pad, y + CARD_H - band - 12.5 * mm, kind_text)
    canvas.setFillColor(black)
    # name and branch (left of the QR)
    text_w = CARD_W - 3 * pad - QR_SIZE
    lines, name_size = name_lines(canvas, delegate.full_name, bold, text_w)
    canvas.setFont(bold, name_size)
    if len(lines) == 1:
        canvas.drawString(x + pad, y + 20 * mm, lines[0])
    else:
        canvas.drawString(x + pad, y + 20 * mm + name_size * 1.1, lines[0])
        canvas.drawString(x + pad, y + 20 * mm, lines[1])
    branch = delegate.branch.name if delegate.branch else (delegate.title or "")
    canvas.setFont(regular, _fit(canvas, branch, regular, 9, text_w))
    canvas.drawString(x + pad, y + 15 * mm, branch)
    # number, large
    canvas.setFont(regular, 8)
    canvas.drawString(x + pad, y + 8.5 * mm, _("Delegate no."))
    canvas.setFont(bold, 20)
    canvas.setFillColor(colour)
    canvas.drawString(
        x + pad + canvas.stringWidth(_("Delegate no."), regular, 8) + 2 * mm,
        y + 7.5 * mm,
        f"{delegate.number:02d}",
    )
    canvas.setFillColor(black)
    _draw_qr(canvas, delegate.checkin_code, x + CARD_W - QR_SIZE - 2 * mm, y + 2.5 * mm, QR_SIZE)


def slot_rect(slot: int) -> tuple[float, float, float, float]:
    """(left, top, width, height) in points from the page's top-left corner of card `slot` (0..7)."""
    page_w, page_h = A4
    col, row = slot % COLS, slot // COLS
    left = (page_w - COLS * CARD_W) / 2 + col * CARD_W
    top = (page_h - ROWS * CARD_H) / 2 + row * CARD_H
    return left, top, CARD_W, CARD_H


def render_cards(congress: Congress, delegates: Sequence[Delegate], language: str = "vi") -> bytes:
    """An A4 PDF: 2 × 4 cards per page, cut lines dashed."""
    buffer = io.BytesIO()
    # initialFontName: otherwise every page names Helvetica, a font the PDF does not embed.
    canvas = Canvas(buffer, pagesize=A4, initialFontName=pdf_font("sans"))
    canvas.setTitle(f"{congress.title} — cards")
    page_w, page_h = A4
    margin_x = (page_w - COLS * CARD_W) / 2
    margin_y = (page_h - ROWS * CARD_H) / 2
    with translation.override(language):
        for i, delegate in enumerate(delegates):
            slot = i % (COLS * ROWS)
            if i and slot == 0:
                canvas.showPage()
            col, row = slot % COLS, slot // COLS
            _draw_card(
                canvas, congress, delegate, margin_x + col * CARD_W, page_h - margin_y - (row + 1) * CARD_H
            )
        if not delegates:
            canvas.setFont(pdf_font("sans"), 12)
            canvas.drawString(margin_x, page_h - margin_y, _("Nobody is convened yet."))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
