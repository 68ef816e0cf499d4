"""Layout decisions shared by the Word and PDF renderers, so both draw the same page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from daihoi.core.numbers import format_number
from daihoi.core.phrases import phrases, wrap_phrases, wrap_words
from daihoi.documents.fonts import text_width_pt
from daihoi.documents.model import Cell, Document, PartyHeader, Signature, SignatureBlock, Title
from daihoi.documents.texts import nfc, party_date, party_title

MM = 72 / 25.4  # points per millimetre
CELL_PADDING = 1.5  # mm, left/right padding inside table cells (both renderers)
PARTY_TITLE_SIZE = 15.0
HEADER_SIZE = 14.0
RECIPIENT_SIZE = 12.0


def header_size(document: Document) -> float:
    """14 pt (36-HD) — or the body size when a small page (A5 form, card) uses a smaller body."""
    return min(HEADER_SIZE, document.body_size)


def recipient_size(document: Document) -> float:
    return min(RECIPIENT_SIZE, document.body_size - 2)


def title_size(document: Document, title: Title) -> float:
    """The type name: `Title.size`, or 15 pt (one point above a smaller body)."""
    return title.size if title.size is not None else min(PARTY_TITLE_SIZE, document.body_size + 1)


# Word and reportlab measure with the same metrics, but Word rounds; keep 2 % of the line spare so that a
# line computed to fit is never wrapped again by Word.
FIT_SLACK = 0.98
MIN_HEADER_SIZE = 11.0
MIN_TITLE_SIZE = 12.0


@dataclass
class Line:
    """One printed line: text, size (pt), bold, italic."""

    text: str
    size: float
    bold: bool = False
    italic: bool = False


def fit_lines(
    texts: Sequence[str],
    width_mm: float,
    family: str,
    size: float,
    *,
    bold: bool | Sequence[bool] = False,
    italic: bool = False,
    min_size: float = MIN_HEADER_SIZE,
) -> list[Line]:
    """Each text broken at phrase boundaries (daihoi.core.phrases) to fit `width_mm`.

    All texts share one size: `size`, or the largest size down to `min_size` (0.5 pt steps) at which
    every phrase fits on a line. Only if a phrase is wider than the line at `min_size` does that text
    break between words.
    """
    bolds = [bold] * len(texts) if isinstance(bold, bool) else list(bold)
    room = width_mm * MM * FIT_SLACK
    texts = [nfc(t) for t in texts]

    def measure(at: float, bold: bool) -> Callable[[str], float]:
        return lambda line: text_width_pt(line, family, at, bold=bold, italic=italic)

    def attempt(at: float) -> list[list[str] | None]:
        return [wrap_phrases(t, measure(at, b), room) for t, b in zip(texts, bolds, strict=True)]

    current = size
    wrapped = attempt(current)
    while any(w is None for w in wrapped) and current - 0.5 >= min_size:
        current -= 0.5
        wrapped = attempt(current)
    out: list[Line] = []
    for text, b, lines in zip(texts, bolds, wrapped, strict=True):
        if lines is None:
            lines = wrap_words(text, measure(current, b), room)
        out.extend(Line(line, current, b, italic) for line in lines)
    return out


@dataclass
class HeaderLayout:
    left_width: float  # mm
    right_width: float  # mm
    title: str
    title_size: float
    rule_width: float  # mm: the rule is as long as the title
    date_text: str
    left_lines: list[Line]  # superior (regular) then issuer (bold) lines, broken at phrase boundaries
    date_lines: list[Line]  # the place and date, italic


def header_layout(document: Document, header: PartyHeader) -> HeaderLayout:
    """Column widths; the party title shrinks (down to 10 pt) only when a narrow page can't hold it.

    The left column's lines are CAPS and break only between phrases; when a phrase is wider than the
    column the whole column shrinks (down to 11 pt) rather than break inside a name."""
    left = document.text_width * header.left_width
    right = document.text_width - left
    title = nfc(party_title(document.language)) if header.party_title else ""
    room = (right - 2 * CELL_PADDING) * MM
    size = min(PARTY_TITLE_SIZE, document.body_size + 1)
    while title and size > 10 and text_width_pt(title, document.font, size, bold=True) > room:
        size -= 0.5
    rule = text_width_pt(title, document.font, size, bold=True) / MM if title else 0
    # Never nothing: no place and no date print the dotted line to fill by hand. Only an explicit
    # date_line="" (a ballot paper) has none.
    date_text = header.date_line
    if date_text is None:
        date_text = party_date(header.place or "……", header.date, document.language)
    hsize = header_size(document)
    texts = [t.upper() for t in header.superior_lines] + [t.upper() for t in header.issuer_lines]
    bolds = [False] * len(header.superior_lines) + [True] * len(header.issuer_lines)
    column = left - 2 * CELL_PADDING
    left_lines = fit_lines(
        texts, column, document.font, hsize, bold=bolds, min_size=min(MIN_HEADER_SIZE, hsize)
    )
    date_lines = _date_lines(document, date_text, right - 2 * CELL_PADDING, hsize)
    return HeaderLayout(left, right, title, size, rule, nfc(date_text), left_lines, date_lines)


MIN_DATE_SIZE = 12.0


def _date_lines(document: Document, text: str, width_mm: float, size: float) -> list[Line]:
    """The place and date on ONE line if it fits at 12 pt or more ("Quảng Ngãi, ngày …… tháng ……
    năm ……" with its dotted blanks), else broken at phrase boundaries."""
    if not text:
        return []
    room = width_mm * MM * FIT_SLACK
    current = size
    floor = min(MIN_DATE_SIZE, size)
    while current >= floor:
        if text_width_pt(nfc(text), document.font, current, italic=True) <= room:
            return [Line(nfc(text), current, False, True)]
        current -= 0.5
    return fit_lines([text], width_mm, document.font, size, italic=True, min_size=min(MIN_HEADER_SIZE, size))


def title_lines(document: Document, title: Title) -> list[Line]:
    """The type name (CAPS, bold) then the summary lines (bold), each broken at phrase boundaries."""
    width = document.text_width - 2 * CELL_PADDING
    size = title_size(document, title)
    lines = fit_lines([title.type_name.upper()], width, document.font, size, bold=True,
                      min_size=min(MIN_TITLE_SIZE, size))  # fmt: skip
    if title.summary_lines:
        hsize = header_size(document)
        lines += fit_lines(title.summary_lines, width, document.font, hsize, bold=True,
                           min_size=min(MIN_TITLE_SIZE, hsize))  # fmt: skip
    return lines


def signature_rows(block: SignatureBlock) -> list[SignatureBlock]:
    """The block as rows of at most `per_row` signatures. The last signature (the T/M one) is on the
    right of the first row with the first members (or alone, beside the recipients); the other
    members follow on further rows."""
    signatures = list(block.signatures)
    per_row = max(block.per_row, 1)
    if len(signatures) + (1 if block.recipients else 0) <= max(per_row, 2):
        return [block]
    head, members = signatures[-1:], signatures[:-1]
    first_members = 0 if block.recipients else per_row - 1
    rows = [SignatureBlock([*members[:first_members], *head], recipients=block.recipients)]
    rest = members[first_members:]
    rows += [SignatureBlock(rest[i : i + per_row]) for i in range(0, len(rest), per_row)]
    return rows


def signature_columns(
    block: SignatureBlock, text_width: float, family: str = "serif", size: float = 14
) -> list[tuple[float, str]]:
    """[(width mm, kind)] where kind is "recipients", "signature" or "empty".

    One signature alone sits in the right 55 %, level with the recipients column when there is
    one. Several share the width, each getting at least what its longest line needs, so that
    "T/M BAN KIỂM PHIẾU" stays on one line.
    """
    count = len(block.signatures)
    if count == 1:
        first = "recipients" if block.recipients else "empty"
        return [(text_width * 0.45, first), (text_width * 0.55, "signature")]
    kinds = (["recipients"] if block.recipients else []) + ["signature"] * count
    needs = [text_width * 0.3] if block.recipients else []
    for signature in block.signatures:
        widest = max(
            (text_width_pt(t, family, size, bold=b, italic=i) for t, b, i in signature_lines(signature)),
            default=0.0,
        )
        needs.append(widest / MM + 2 * CELL_PADDING + 1)
    spare = text_width - sum(needs)
    if spare >= 0:
        widths = [need + spare / len(needs) for need in needs]
    else:
        widths = [need * text_width / sum(needs) for need in needs]
    return list(zip(widths, kinds, strict=True))


def _signature_head(
    signature: Signature, width_mm: float | None, family: str, size: float
) -> list[tuple[str, bool, bool]]:
    """The authority, title and note lines; with a column width, each broken at phrase boundaries
    ("T/M BAN THẨM TRA / TƯ CÁCH ĐẠI BIỂU", never "… ĐẠI / BIỂU"), between words only when a phrase
    alone is wider than the column."""
    raw: list[tuple[str, bool, bool]] = []
    if signature.authority:
        raw.append((nfc(signature.authority.upper()), True, False))
    if signature.title:
        # Under an authority line ("T/M BAN KIỂM PHIẾU") the title is not bold; alone it is.
        raw.append((nfc(signature.title.upper()), not signature.authority, False))
    if signature.note:
        raw.append((nfc(signature.note), False, True))
    if width_mm is None:
        return raw
    room = max(width_mm - 2 * CELL_PADDING, 1.0) * MM * FIT_SLACK
    head: list[tuple[str, bool, bool]] = []
    for text, bold, italic in raw:

        def measure(line: str, bold: bool = bold, italic: bool = italic) -> float:
            return text_width_pt(line, family, size, bold=bold, italic=italic)

        pieces = wrap_phrases(text, measure, room) or _wrap_units(text, measure, room)
        head.extend((piece, bold, italic) for piece in pieces)
    return head


def _wrap_units(text: str, measure: Callable[[str], float], room: float) -> list[str]:
    """Greedy lines of the text's phrases when one phrase is wider than the column: that phrase is cut
    after its leading mandate ("T/M | BAN THẨM TRA"), else between its words."""
    units: list[str] = []
    for phrase in phrases(text):
        first, _, rest = phrase.partition(" ")
        if measure(phrase) <= room:
            units.append(phrase)
        elif rest and measure(rest) <= room:
            units += [first, rest]
        else:
            units += phrase.split()
    lines: list[str] = []
    for unit in units:
        if lines and measure(f"{lines[-1]} {unit}") <= room:
            lines[-1] = f"{lines[-1]} {unit}"
        else:
            lines.append(unit)
    return lines


def signature_lines(
    signature: Signature,
    header_lines: int = 0,
    width_mm: float | None = None,
    family: str = "serif",
    size: float = 14,
) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) per line of one signature; blank lines are "".

    `header_lines` pads the lines above the blank space, so that names of signatures set side by
    side end up on the same line. With `width_mm` (the signature's column) the lines above the blank
    space are broken at phrase boundaries.
    """
    head = _signature_head(signature, width_mm, family, size)
    lines = head + [("", False, False)] * (signature.blank_lines + max(header_lines - len(head), 0))
    if signature.name:
        lines.append((nfc(signature.name), True, False))
    return lines


def aligned_signatures(
    signatures: Sequence[Signature],
    widths: Sequence[float] | None = None,
    family: str = "serif",
    size: float = 14,
) -> list[list[tuple[str, bool, bool]]]:
    """The lines of each signature, padded so that all names sit on the same line. With `widths`
    (mm, one per signature) the heads are broken at phrase boundaries to fit their column."""
    column = list(widths) if widths is not None else [None] * len(signatures)
    heads = [len(_signature_head(s, w, family, size)) for s, w in zip(signatures, column, strict=True)]
    tallest = max((h + s.blank_lines for h, s in zip(heads, signatures, strict=True)), default=0)
    return [
        signature_lines(s, tallest - s.blank_lines, w, family, size)
        for s, w in zip(signatures, column, strict=True)
    ]


def cell_text(value: str | Cell | int | float) -> str | Cell:
    """Numbers in tables are written the Vietnamese way: 1.234,5."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_number(value)
    return value


def expand_row(row: Sequence[str | Cell | int | float]) -> list[tuple[str | Cell, int]]:
    """(content, column index) of each cell, counting colspans."""
    out = []
    column = 0
    for value in row:
        content = cell_text(value)
        out.append((content, column))
        column += content.colspan if isinstance(content, Cell) else 1
    return out
