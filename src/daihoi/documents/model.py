"""The document model that both renderers (Word and PDF) draw from.

A `Document` is a page setup plus a list of blocks. Blocks are plain dataclasses; text is given as
`str` or as a list of `Run` (a piece of text with bold/italic/underline/size). Sizes are in points,
lengths in millimetres. Defaults follow Hướng dẫn 36-HD/VPTW (see /work/shared/spec/documents.md §1);
the settings the spec marks UNCONFIRMED (margins, line spacing, indent) are fields, not constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

Align = Literal["left", "center", "right", "justify"]
PageSize = Literal["A4", "A5", "A6"]
Orientation = Literal["portrait", "landscape"]
FontFamily = Literal["serif", "sans"]

# Paper sizes in millimetres (portrait).
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}


@dataclass
class Run:
    """A piece of text with one style. `size` None means the block's size; a newline breaks the line."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None


Text: TypeAlias = str | Run | Sequence[str | Run]


def runs_of(text: Text) -> list[Run]:
    """Normalise the accepted text forms to a list of runs."""
    if isinstance(text, str):
        return [Run(text)]
    if isinstance(text, Run):
        return [text]
    return [Run(part) if isinstance(part, str) else part for part in text]


def plain_text(text: Text) -> str:
    return "".join(run.text for run in runs_of(text))


@dataclass
class Margins:
    """Page margins in mm. Default 20/20/30/15 (36-HD per secondary sources; UNCONFIRMED)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15


@dataclass
class PartyHeader:
    """The two-column header of the first page (36-HD §1.2).

    Left: `superior` lines (CAPS, not bold), `issuer` lines (CAPS, bold), "*", then the number.
    Right: "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold) with a rule as long as the title, then the
    place and date (14 pt italic). `date` None prints "ngày … tháng … năm …" for filling by hand;
    `date_line` overrides the whole place/date text.
    """

    issuer: str | Sequence[str]
    superior: str | Sequence[str] = ()
    number_symbol: str | None = None
    place: str = ""
    date: dt.date | None = None
    date_line: str | None = None
    party_title: bool = True
    star: bool = True  # the "*" under the issuer
    left_width: float = 0.45  # share of the text width taken by the left column

    @property
    def issuer_lines(self) -> list[str]:
        return [self.issuer] if isinstance(self.issuer, str) else list(self.issuer)

    @property
    def superior_lines(self) -> list[str]:
        return [self.superior] if isinstance(self.superior, str) else list(self.superior)


@dataclass
class Title:
    """Document type name (CAPS bold, 15 pt), optional summary lines (bold) and "-----".

    `size` None: 15 pt, or one point above the body when the body is smaller than 14 pt.
    """

    type_name: str
    summary: str | Sequence[str] = ()
    separator: bool = True
    size: float | None = None

    @property
    def summary_lines(self) -> list[str]:
        return [self.summary] if isinstance(self.summary, str) else list(self.summary)


@dataclass
class Heading:
    """A part/section title. Level 1: bold; level 2: bold; level 3: bold italic."""

    text: Text
    level: int = 1
    align: Align = "left"
    upper: bool = False


@dataclass
class Paragraph:
    """Body text. `first_line_indent` None uses the document's `body_indent`."""

    text: Text
    align: Align = "justify"
    first_line_indent: float | None = None
    size: float | None = None
    space_before: float = 0
    space_after: float | None = None  # pt; None uses the document's paragraph spacing
    bold: bool = False
    italic: bool = False
    keep_with_next: bool = False


@dataclass
class NumberedList:
    """Items numbered "1.", "2." (style "1."), "a)" (style "a)"), or dashed (style "-").

    As in Vietnamese documents, each item is a body paragraph that starts with its marker at the
    first-line indent (`indent` None: the document's `body_indent`) and wraps to the margin.
    """

    items: Sequence[Text]
    style: Literal["1.", "1)", "a)", "-", "+"] = "1."
    start: int = 1
    indent: float | None = None
    bold_marker: bool = False

    def marker(self, index: int) -> str:
        number = self.start + index
        if self.style == "1.":
            return f"{number}."
        if self.style == "1)":
            return f"{number})"
        if self.style == "a)":
            return f"{chr(ord('a') + (number - 1) % 26)})"
        return self.style


@dataclass
class Column:
    """A table column: header text, width in mm (None shares what is left), cell alignment."""

    title: Text
    width: float | None = None
    align: Align = "left"


@dataclass
class Cell:
    """A table cell when it needs its own style; plain `str` cells take the column's alignment."""

    text: Text
    align: Align | None = None
    bold: bool = False
    italic: bool = False
    colspan: int = 1


@dataclass
class Table:
    columns: Sequence[Column]
    rows: Sequence[Sequence[str | Cell | int | float]]
    header: bool = True
    borders: bool = True
    size: float | None = None  # pt; None: one point below the body (13 pt)
    repeat_header: bool = True
    # The whole table on one page (with a paragraph before it that has keep_with_next). Long tables
    # still break, but never leave the header with one row, nor one row alone on the next page.
    keep_together: bool = False


@dataclass
class Signature:
    """One signer: authority line (e.g. "T/M BAN KIỂM PHIẾU", CAPS bold), title line
    ("TRƯỞNG BAN", CAPS), an optional note ("(Ký, ghi rõ họ tên)", italic), blank lines, then the
    name (bold)."""

    title: str = ""
    authority: str = ""
    name: str = ""
    note: str = ""
    blank_lines: int = 4


@dataclass
class Recipients:
    """The block "Nơi nhận:" (14 pt, underlined) then one "- item" per line at 12 pt."""

    items: Sequence[str]
    label: str | None = None  # None: "Nơi nhận:" in the document's language


@dataclass
class SignatureBlock:
    """Signatures side by side, with the recipients block (if any) in the left column.

    One signature and no recipients puts the signature in the right half of the page.
    """

    signatures: Sequence[Signature]
    recipients: Recipients | None = None
    # The block never starts a page alone: it stays with this many blocks before it (the closing lines).
    keep_with_previous: int = 1
    per_row: int = 3  # more signatures than this go on further rows (a counting committee of 5)


@dataclass
class Spacer:
    height: float = 5  # mm


@dataclass
class PageBreak:
    pass


@dataclass
class Image:
    """PNG (or JPEG) bytes drawn `width` mm wide; height follows the aspect ratio unless given."""

    data: bytes
    width: float = 30
    height: float | None = None
    align: Align = "center"
    caption: str = ""


Block: TypeAlias = (
    PartyHeader
    | Title
    | Heading
    | Paragraph
    | NumberedList
    | Table
    | SignatureBlock
    | Recipients
    | Spacer
    | PageBreak
    | Image
)


@dataclass
class Document:
    """A page setup and its blocks. Build it, then `render_docx` / `render_pdf` it."""

    blocks: list[Block] = field(default_factory=list)
    page_size: PageSize = "A4"
    orientation: Orientation = "portrait"
    margins: Margins = field(default_factory=Margins)
    language: str = "vi"
    font: FontFamily = "serif"
    body_size: float = 14
    line_spacing: float = 18  # pt, "at least" (spec §1.1: ≥ 18 pt; UNCONFIRMED)
    paragraph_spacing: float = 6  # pt after each body paragraph
    body_indent: float = 10  # mm, first-line indent of body paragraphs
    page_numbers: bool = True  # centred in the top margin, none on page 1
    page_number_offset: float = 10  # mm from the top edge
    mirror_margins: bool = False  # double-sided: even pages swap left and right margins (spec §1.1)
    title: str = ""  # file metadata
    author: str = ""

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    @property
    def page_mm(self) -> tuple[float, float]:
        width, height = PAGE_SIZES_MM[self.page_size]
        return (height, width) if self.orientation == "landscape" else (width, height)

    @property
    def text_width(self) -> float:
        """Width between the margins, in mm."""
        return self.page_mm[0] - self.margins.left - self.margins.right


def column_widths(columns: Sequence[Column], total: float) -> list[float]:
    """Widths in mm: fixed ones as given, the rest share what is left equally."""
    fixed = sum(c.width for c in columns if c.width is not None)
    free = [c for c in columns if c.width is None]
    share = max(total - fixed, 0) / len(free) if free else 0
    return [c.width if c.width is not None else share for c in columns]
