"""Render a `Document` to PDF with reportlab, embedding the vendored Liberation fonts.

Text is NFC-normalised and XML-escaped before it reaches reportlab's paragraph markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable

from daihoi.documents import layout
from daihoi.documents.fonts import pdf_font
from daihoi.documents.model import (
    Cell,
    Document,
    Heading,
    Image,
    NumberedList,
    PageBreak,
    Paragraph,
    PartyHeader,
    Recipients,
    Run,
    SignatureBlock,
    Spacer,
    Table,
    Text,
    Title,
    column_widths,
    runs_of,
)
from daihoi.documents.texts import nfc, recipients_label

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_LANG = {"vi": "vi-VN", "en": "en-US"}
_SINGLE = 1.15  # Word's "single" line height for Times New Roman, as a multiple of the size


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    return _PdfRenderer(document).render()


def markup(text: Text, upper: bool = False, underline: bool = False) -> str:
    """reportlab paragraph markup for runs: escaped, NFC, with <b>/<i>/<u>/<font size>."""
    parts = []
    for run in runs_of(text):
        # A newline breaks the line, as python-docx makes it do in Word.
        value = escape(nfc(run.text.upper() if upper else run.text)).replace("\n", "<br/>")
        if run.size:
            value = f'<font size="{run.size}">{value}</font>'
        if run.underline or underline:
            value = f"<u>{value}</u>"
        if run.italic:
            value = f"<i>{value}</i>"
        if run.bold:
            value = f"<b>{value}</b>"
        parts.append(value)
    return "".join(parts)


class _Rule(Flowable):
    """A horizontal line `length` long, centred in the available width (the rule under the title)."""

    def __init__(self, length: float, thickness: float = 0.75, gap: float = 2) -> None:
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.gap = gap
        self.avail = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.gap * 2 + self.thickness

    def draw(self) -> None:
        start = (self.avail - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        y = self.gap + self.thickness / 2
        self.canv.line(start, y, start + self.length, y)


def _flat(flowables: list[Flowable]) -> list[Flowable]:
    """KeepTogether inside KeepTogether measures as 16 million points high (reportlab forces a split):
    unwrap the inner ones."""
    out: list[Flowable] = []
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            out.extend(_flat(list(flowable._content)))
        else:
            out.append(flowable)
    return out


def _join_keep_with_next(story: list[Flowable]) -> list[Flowable]:
    """reportlab does not keep a keep-with-next paragraph with a following KeepTogether (a table kept
    whole, a signature block): put the paragraph(s) inside that KeepTogether."""
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, KeepTogether):
            kept: list[Flowable] = []
            while out and not isinstance(out[-1], KeepTogether) and out[-1].getKeepWithNext():
                kept.insert(0, out.pop())
            if kept:
                flowable = KeepTogether(_flat([*kept, flowable]))
        out.append(flowable)
    return out


class _PdfRenderer:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.regular = pdf_font(document.font)

    # -- styles -----------------------------------------------------------------------------
    def style(
        self,
        size: float | None = None,
        align: str = "left",
        leading: float | None = None,
        first_indent: float = 0,
        space_after: float = 0,
        space_before: float = 0,
        bold: bool = False,
        italic: bool = False,
    ) -> ParagraphStyle:
        size = size or self.doc.body_size
        return ParagraphStyle(
            "daihoi",
            fontName=pdf_font(self.doc.font, bold, italic),
            fontSize=size,
            leading=leading or size * _SINGLE,
            alignment=_ALIGN[align],
            firstLineIndent=first_indent,
            spaceAfter=space_after,
            spaceBefore=space_before,
            bulletFontName=self.regular,
        )

    def line(
        self,
        text: Text,
        size: float,
        align: str = "center",
        bold: bool = False,
        italic: bool = False,
        upper: bool = False,
        underline: bool = False,
    ) -> RLParagraph:
        # An empty line still takes its height, as an empty paragraph does in Word.
        content = markup(text, upper=upper, underline=underline) or "&nbsp;"
        return RLParagraph(content, self.style(size, align, bold=bold, italic=italic))

    def body_leading(self, size: float) -> float:
        return max(self.doc.line_spacing, size * _SINGLE)

    # -- document ---------------------------------------------------------------------------
    def render(self) -> bytes:
        out = io.BytesIO()
        width, height = self.doc.page_mm
        margins = self.doc.margins
        template = BaseDocTemplate(
            out,
            pagesize=(width * mm, height * mm),
            leftMargin=margins.left * mm,
            rightMargin=margins.right * mm,
            topMargin=margins.top * mm,
            bottomMargin=margins.bottom * mm,
            title=nfc(self.doc.title),
            author=nfc(self.doc.author),
            lang=_LANG.get(self.doc.language[:2], self.doc.language),
            creator="daihoi",
            # Without this every page names Helvetica, a font the PDF does not embed.
            initialFontName=self.regular,
            initialFontSize=self.doc.body_size,
        )
        # Double-sided printing swaps the left and right margins on even pages.
        odd = PageTemplate(id="odd", frames=[self._frame(margins.left)], onPage=self._page_number)
        if self.doc.mirror_margins:
            odd.autoNextPageTemplate = "even"
            even = PageTemplate(
                id="even",
                frames=[self._frame(margins.right)],
                onPage=self._page_number,
                autoNextPageTemplate="odd",
            )
            template.addPageTemplates([odd, even])
        else:
            template.addPageTemplates([odd])
        # The flowables of each block, so that a signature block can keep the text before it.
        made: list[list[Flowable]] = []
        for block in self.doc.blocks:
            flowables = self._block(block)
            if isinstance(block, SignatureBlock) and block.keep_with_previous:
                kept = [f for group in made[-block.keep_with_previous :] for f in group]
                del made[-block.keep_with_previous :]
                flowables = [KeepTogether(_flat([*kept, *flowables]))]
            made.append(flowables)
        story = _join_keep_with_next([f for group in made for f in group])
        if not story:
            story.append(RLSpacer(1, 1))
        template.build(story)
        return out.getvalue()

    def _frame(self, left: float) -> Frame:
        _, height = self.doc.page_mm
        margins = self.doc.margins
        return Frame(
            left * mm,
            margins.bottom * mm,
            self.doc.text_width * mm,
            (height - margins.top - margins.bottom) * mm,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _page_number(self, canvas: Any, template: Any) -> None:
        page = canvas.getPageNumber()
        if not self.doc.page_numbers or page == 1:
            return
        size = layout.header_size(self.doc)
        canvas.saveState()
        canvas.setFont(self.regular, size)
        _, height = self.doc.page_mm
        # The top of the digits sits `page_number_offset` below the edge, like Word's header distance.
        baseline = (height - self.doc.page_number_offset) * mm - 0.89 * size
        left = self.doc.margins.left
        if self.doc.mirror_margins and page % 2 == 0:
            left = self.doc.margins.right
        centre = (left + self.doc.text_width / 2) * mm
        canvas.drawCentredString(centre, baseline, str(page))
        canvas.restoreState()

    # -- blocks -----------------------------------------------------------------------------
    def _block(self, block: object) -> list[Flowable]:
        if isinstance(block, PartyHeader):
            return self._party_header(block)
        if isinstance(block, Title):
            return self._title(block)
        if isinstance(block, Heading):
            return [self._heading(block)]
        if isinstance(block, Paragraph):
            return [self._paragraph(block)]
        if isinstance(block, NumberedList):
            return self._numbered_list(block)
        if isinstance(block, Table):
            return self._table(block)
        if isinstance(block, SignatureBlock):
            return self._signature_block(block)
        if isinstance(block, Recipients):
            return self._recipients(block)
        if isinstance(block, Spacer):
            return [RLSpacer(1, block.height * mm)]
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        if isinstance(block, Image):
            return self._image(block)
        raise TypeError(f"unknown block {block!r}")

    def _grid(
        self,
        rows: Sequence[Sequence[Any]],
        widths_mm: Sequence[float],
        commands: Sequence[Any] = (),
        repeat: int = 0,
    ) -> RLTable:
        pad = layout.CELL_PADDING * mm
        table = RLTable(list(rows), colWidths=[w * mm for w in widths_mm], repeatRows=repeat)
        table.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), self.regular, self.doc.body_size),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                *commands,
            ]
        )
        table.hAlign = "LEFT"
        return table

    def _party_header(self, header: PartyHeader) -> list[Flowable]:
        hl = layout.header_layout(self.doc, header)
        size = layout.header_size(self.doc)
        # broken at phrase boundaries (layout.fit_lines)
        left: list[Flowable] = [self.line(line.text, line.size, bold=line.bold) for line in hl.left_lines]
        if header.star:
            left.append(self.line("*", size))
        right: list[Flowable] = []
        if hl.title:
            right = [self.line(hl.title, hl.title_size, bold=True), _Rule(hl.rule_width * mm)]
        rows: list[list[Any]] = [[left, right]]
        if header.number_symbol or hl.date_text:
            rows.append(
                [
                    self.line(header.number_symbol or "", size),
                    [self.line(line.text, line.size, italic=True) for line in hl.date_lines] or "",
                ]
            )
        commands = [("TOPPADDING", (0, 1), (-1, 1), 4)] if len(rows) > 1 else []
        return [self._grid(rows, [hl.left_width, hl.right_width], commands)]

    def _title(self, title: Title) -> list[Flowable]:
        size = layout.header_size(self.doc)
        parts: list[Flowable] = [RLSpacer(1, 18)]
        parts += [self.line(line.text, line.size, bold=True) for line in layout.title_lines(self.doc, title)]
        if title.separator:
            parts.append(self.line("-----", size))
        parts.append(RLSpacer(1, 12))
        return [KeepTogether(parts)]

    def _heading(self, heading: Heading) -> RLParagraph:
        size = self.doc.body_size
        indent = self.doc.body_indent * mm if heading.level > 1 and heading.align != "center" else 0
        style = self.style(
            size,
            heading.align,
            leading=self.body_leading(size),
            first_indent=indent,
            space_before=self.doc.paragraph_spacing,
            space_after=self.doc.paragraph_spacing,
            bold=True,
            italic=heading.level >= 3,
        )
        style.keepWithNext = True
        text = [
            Run(r.text, True, r.italic or heading.level >= 3, r.underline, r.size)
            for r in runs_of(heading.text)
        ]
        return RLParagraph(markup(text, upper=heading.upper), style)

    def _body(
        self,
        text: Text,
        align: str = "justify",
        indent: float | None = None,
        size: float | None = None,
        space_before: float = 0,
        space_after: float | None = None,
        bold: bool = False,
        italic: bool = False,
    ) -> RLParagraph:
        size = size or self.doc.body_size
        style = self.style(
            size,
            align,
            leading=self.body_leading(size),
            first_indent=(self.doc.body_indent if indent is None else indent) * mm,
            space_before=space_before,
            space_after=self.doc.paragraph_spacing if space_after is None else space_after,
            bold=bold,
            italic=italic,
        )
        runs = [Run(r.text, r.bold or bold, r.italic or italic, r.underline, r.size) for r in runs_of(text)]
        return RLParagraph(markup(runs) or "&nbsp;", style)

    def _paragraph(self, block: Paragraph) -> RLParagraph:
        para = self._body(
            block.text,
            block.align,
            block.first_line_indent,
            block.size,
            block.space_before,
            block.space_after,
            block.bold,
            block.italic,
        )
        para.style.keepWithNext = block.keep_with_next
        return para

    def _numbered_list(self, block: NumberedList) -> list[Flowable]:
        return [
            self._body(
                [Run(block.marker(i) + " ", bold=block.bold_marker), *runs_of(item)], indent=block.indent
            )
            for i, item in enumerate(block.items)
        ]

    def _table(self, block: Table) -> list[Flowable]:
        widths = column_widths(block.columns, self.doc.text_width)
        size = block.size or self.doc.body_size - 1
        rows: list[list[Any]] = []
        commands: list[Any] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if block.borders:
            commands.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
        if block.header:
            rows.append([self.line(c.title, size, "center", bold=True) for c in block.columns])
        for row in block.rows:
            out: list[Any] = [""] * len(widths)
            for content, column in layout.expand_row(row):
                if column >= len(widths):
                    break
                if isinstance(content, Cell):
                    align = content.align or block.columns[column].align
                    out[column] = self.line(
                        content.text, size, align, bold=content.bold, italic=content.italic
                    )
                    if content.colspan > 1:
                        last = min(column + content.colspan, len(widths)) - 1
                        commands.append(("SPAN", (column, len(rows)), (last, len(rows))))
                else:
                    out[column] = self.line(content, size, block.columns[column].align)
            rows.append(out)
        if not rows:
            return []
        # Never the header with no row or one row at the foot of a page, never the last row alone on
        # a new page (the same rule as the Word renderer's keep-with-next rows).
        head = 1 if block.header else 0
        if len(rows) > head + 1:
            commands.append(("NOSPLIT", (0, 0), (-1, head + (1 if len(rows) > head + 2 else 0))))
            commands.append(("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1)))
        table = self._grid(rows, widths, commands, repeat=1 if block.header and block.repeat_header else 0)
        if block.keep_together:
            return [KeepTogether([table, RLSpacer(1, self.doc.paragraph_spacing)])]
        return [table, RLSpacer(1, self.doc.paragraph_spacing)]

    def _signature_block(self, block: SignatureBlock) -> list[Flowable]:
        parts: list[Flowable] = []
        for row in layout.signature_rows(block):
            parts += self._signature_row(row)
        return [KeepTogether(parts)]

    def _signature_row(self, block: SignatureBlock) -> list[Flowable]:
        columns = layout.signature_columns(block, self.doc.text_width, self.doc.font, self.doc.body_size)
        widths = [w for w, kind in columns if kind == "signature"]
        lines_of = iter(
            layout.aligned_signatures(block.signatures, widths, self.doc.font, self.doc.body_size)
        )
        cells: list[Any] = []
        for _, kind in columns:
            if kind == "recipients" and block.recipients:
                cells.append(self._recipients(block.recipients))
            elif kind == "signature":
                lines = next(lines_of)
                cells.append([self.line(t, self.doc.body_size, bold=b, italic=i) for t, b, i in lines])
            else:
                cells.append("")
        return [RLSpacer(1, self.doc.paragraph_spacing), self._grid([cells], [w for w, _ in columns])]

    def _recipients(self, block: Recipients) -> list[Flowable]:
        label = block.label if block.label is not None else recipients_label(self.doc.language)
        parts: list[Flowable] = [self.line(label, layout.header_size(self.doc), "left", underline=True)]
        parts += [self.line(f"- {item}", layout.recipient_size(self.doc), "left") for item in block.items]
        return parts

    def _image(self, block: Image) -> list[Flowable]:
        height = block.height
        if height is None:
            with PILImage.open(io.BytesIO(block.data)) as picture:
                pixel_width, pixel_height = picture.size
            height = block.width * pixel_height / pixel_width
        image = RLImage(io.BytesIO(block.data), width=block.width * mm, height=height * mm)
        image.hAlign = {"left": "LEFT", "right": "RIGHT"}.get(block.align, "CENTER")
        parts: list[Flowable] = [image]
        if block.caption:
            parts.append(self.line(block.caption, self.doc.body_size - 1, block.align, italic=True))
        return parts
