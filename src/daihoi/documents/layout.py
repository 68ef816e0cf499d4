"""Layout decisions shared by the Word and PDF renderers, so both draw the same page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from daihoi.core.numbers import format_number
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


@dataclass
class HeaderLayout:
    left_width: float  # mm
    right_width: float  # mm
    title: str
    title_size: float
    rule_width: float  # mm: the rule is as long as the title
    date_text: str


def header_layout(document: Document, header: PartyHeader) -> HeaderLayout:
    """Column widths; the party title shrinks (down to 10 pt) only when a narrow page can't hold it."""
    left = document.text_width * header.left_width
    right = document.text_width - left
    title = nfc(party_title(document.language)) if header.party_title else ""
    room = (right - 2 * CELL_PADDING) * MM
    size = min(PARTY_TITLE_SIZE, document.body_size + 1)
    while title and size > 10 and text_width_pt(title, document.font, size, bold=True) > room:
        size -= 0.5
    rule = text_width_pt(title, document.font, size, bold=True) / MM if title else 0
    date_text = header.date_line if header.date_line is not None else ""
    if header.date_line is None and (header.place or header.date):
        date_text = party_date(header.place, header.date, document.language)
    return HeaderLayout(left, right, title, size, rule, nfc(date_text))


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


def signature_lines(signature: Signature, header_lines: int = 0) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) per line of one signature; blank lines are "".

    `header_lines` pads the lines above the blank space, so that names of signatures set side by
    side end up on the same line.
    """
    head: list[tuple[str, bool, bool]] = []
    if signature.authority:
        head.append((nfc(signature.authority.upper()), True, False))
    if signature.title:
        # Under an authority line ("T/M BAN KIỂM PHIẾU") the title is not bold; alone it is.
        head.append((nfc(signature.title.upper()), not signature.authority, False))
    if signature.note:
        head.append((nfc(signature.note), False, True))
    lines = head + [("", False, False)] * (signature.blank_lines + max(header_lines - len(head), 0))
    if signature.name:
        lines.append((nfc(signature.name), True, False))
    return lines


def aligned_signatures(signatures: Sequence[Signature]) -> list[list[tuple[str, bool, bool]]]:
    """The lines of each signature, padded so that all names sit on the same line."""
    heads = [bool(s.authority) + bool(s.title) + bool(s.note) for s in signatures]
    tallest = max((h + s.blank_lines for h, s in zip(heads, signatures, strict=True)), default=0)
    return [signature_lines(s, tallest - s.blank_lines) for s in signatures]


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
