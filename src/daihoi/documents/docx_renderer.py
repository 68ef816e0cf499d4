"""Render a `Document` to a Word file (.docx) with python-docx, using real Word styles.

Body paragraphs use the "Body Text" style, headings "Heading 1–3", tables "Table Grid", all restyled
to Times New Roman, black; page numbers are a PAGE field in a header that page 1 does not show.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document as new_word_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from daihoi.documents import layout
from daihoi.documents.fonts import WORD_FONTS
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

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_LANG = {"vi": "vi-VN", "en": "en-US"}
# Children of <w:settings> that must follow <w:mirrorMargins> (ECMA-376 order).
_AFTER_MIRROR_MARGINS = (
    "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop", "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
    "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions",
    "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
    "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
    "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
    "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
    "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
    "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults",
    "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
# Children of <w:pPr> that must follow <w:keepNext> (ECMA-376 order).
_AFTER_KEEP_NEXT = (
    "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
    "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# Children of <w:pPr> that must follow <w:pBdr> (ECMA-376 order).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def render_docx(document: Document) -> bytes:
    """The document as .docx bytes."""
    return _WordRenderer(document).render()


def _set_fonts(rpr_parent: Any, name: str) -> None:
    """Name the font for every script and drop theme fonts, which would otherwise win."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _set_lang(rpr_parent: Any, language: str) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), _LANG.get(language[:2], language))


class _WordRenderer:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.word = new_word_document()
        self.font = WORD_FONTS[document.font]

    def render(self) -> bytes:
        self._setup_styles()
        self._setup_page()
        # The body elements each block made, so a signature block can keep the text before it.
        self.made: list[list[Any]] = []
        body = self.word.element.body
        for block in self.doc.blocks:
            before = len(body)
            self._block(block)
            # the final <w:sectPr> stays last in the body; count only what the block inserted
            self.made.append(list(body)[before - 1 : len(body) - 1] if before else list(body)[:-1])
        # python-docx starts with one empty paragraph only when the body is empty; nothing to strip.
        props = self.word.core_properties
        props.title = self.doc.title
        props.author = self.doc.author
        props.language = _LANG.get(self.doc.language[:2], self.doc.language)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    # -- setup ------------------------------------------------------------------------------
    def _setup_styles(self) -> None:
        styles_el = self.word.styles.element
        defaults = styles_el.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = rpr_default.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), self.font)
        styles = self.word.styles
        normal: Any = styles["Normal"]
        _set_fonts(normal.element, self.font)
        _set_lang(normal.element, self.doc.language)
        normal.font.size = Pt(self.doc.body_size)
        normal.font.color.rgb = RGBColor(0, 0, 0)
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        body: Any = styles["Body Text"]
        _set_fonts(body.element, self.font)
        body.font.size = Pt(self.doc.body_size)
        body_fmt = body.paragraph_format
        body_fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        body_fmt.first_line_indent = Mm(self.doc.body_indent)
        body_fmt.space_before = Pt(0)
        body_fmt.space_after = Pt(self.doc.paragraph_spacing)
        body_fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        body_fmt.line_spacing = Pt(self.doc.line_spacing)
        for level in (1, 2, 3):
            heading: Any = styles[f"Heading {level}"]
            _set_fonts(heading.element, self.font)
            heading.font.size = Pt(self.doc.body_size)
            heading.font.bold = True
            heading.font.italic = level == 3
            heading.font.color.rgb = RGBColor(0, 0, 0)
            hfmt = heading.paragraph_format
            hfmt.space_before = Pt(self.doc.paragraph_spacing)
            hfmt.space_after = Pt(self.doc.paragraph_spacing)
            hfmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            hfmt.line_spacing = Pt(self.doc.line_spacing)
            hfmt.first_line_indent = Mm(self.doc.body_indent) if level > 1 else Mm(0)
            hfmt.keep_with_next = True
        for name in ("Table Grid", "Header"):
            _set_fonts(styles[name].element, self.font)

    def _setup_page(self) -> None:
        section = self.word.sections[0]
        width, height = self.doc.page_mm
        section.orientation = (
            WD_ORIENT.LANDSCAPE if self.doc.orientation == "landscape" else WD_ORIENT.PORTRAIT
        )
        section.page_width = Mm(width)
        section.page_height = Mm(height)
        margins = self.doc.margins
        section.top_margin = Mm(margins.top)
        section.bottom_margin = Mm(margins.bottom)
        section.left_margin = Mm(margins.left)
        section.right_margin = Mm(margins.right)
        section.header_distance = Mm(self.doc.page_number_offset)
        if self.doc.mirror_margins:  # Word's "mirror margins": left is the inside margin
            settings = self.word.settings.element
            settings.insert_element_before(OxmlElement("w:mirrorMargins"), *_AFTER_MIRROR_MARGINS)
        section.footer_distance = Mm(min(10, margins.bottom / 2))
        if not self.doc.page_numbers:
            return
        # Page 1 gets its own (empty) header; the other pages a centred PAGE field.
        section.different_first_page_header_footer = True
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._field(para, "PAGE", "2")

    def _field(self, para: Any, instruction: str, placeholder: str) -> None:
        def fld_char(kind: str) -> Any:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            return element

        run = para.add_run()
        run.font.size = Pt(layout.header_size(self.doc))
        run._r.append(fld_char("begin"))
        instr_run = para.add_run()
        instr_run.font.size = Pt(layout.header_size(self.doc))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        instr_run._r.append(instr)
        sep_run = para.add_run()
        sep_run._r.append(fld_char("separate"))
        value = para.add_run(placeholder)
        value.font.size = Pt(layout.header_size(self.doc))
        end_run = para.add_run()
        end_run._r.append(fld_char("end"))

    # -- blocks -----------------------------------------------------------------------------
    def _block(self, block: object) -> None:
        if isinstance(block, PartyHeader):
            self._party_header(block)
        elif isinstance(block, Title):
            self._title(block)
        elif isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, NumberedList):
            self._numbered_list(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, SignatureBlock):
            self._signature_block(block)
        elif isinstance(block, Recipients):
            self._recipients(self.word, block)
        elif isinstance(block, Spacer):
            para = self.word.add_paragraph()
            para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            para.paragraph_format.line_spacing = Mm(block.height)
        elif isinstance(block, PageBreak):
            self.word.add_page_break()
        elif isinstance(block, Image):
            self._image(block)
        else:
            raise TypeError(f"unknown block {block!r}")

    def _runs(
        self,
        para: Any,
        text: Text,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        upper: bool = False,
    ) -> None:
        for part in runs_of(text):
            value = nfc(part.text.upper() if upper else part.text)
            run = para.add_run(value)
            run.bold = part.bold or bold or None
            run.italic = part.italic or italic or None
            run.underline = part.underline or None
            run_size = part.size or size
            if run_size:
                run.font.size = Pt(run_size)

    def _line(
        self,
        container: Any,
        text: Text,
        size: float,
        bold: bool = False,
        italic: bool = False,
        align: str = "center",
        underline: bool = False,
    ) -> Any:
        para = container.add_paragraph()
        para.alignment = _ALIGN[align]
        self._runs(
            para,
            [Run(r.text, r.bold, r.italic, underline or r.underline, r.size) for r in runs_of(text)],
            size=size,
            bold=bold,
            italic=italic,
        )
        return para

    def _party_header(self, header: PartyHeader) -> None:
        hl = layout.header_layout(self.doc, header)
        table = self._plain_table(2, [hl.left_width, hl.right_width])
        left, right = table.rows[0].cells
        for cell in (left, right):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        first = True
        for line in hl.left_lines:  # broken at phrase boundaries (layout.fit_lines)
            self._cell_line(left, line.text, line.size, bold=line.bold, first=first)
            first = False
        if header.star:
            self._cell_line(left, "*", layout.header_size(self.doc), first=first)
        if hl.title:
            self._cell_line(right, hl.title, hl.title_size, bold=True, first=True)
            # The rule: an empty 1 pt paragraph whose top border spans exactly the title's width.
            rule = right.add_paragraph()
            inner = (hl.right_width - 2 * layout.CELL_PADDING) * layout.MM
            side = max((inner - hl.rule_width * layout.MM) / 2, 0)
            fmt = rule.paragraph_format
            fmt.left_indent = Pt(side)
            fmt.right_indent = Pt(side)
            fmt.space_before = Pt(1)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(2)
            borders = OxmlElement("w:pBdr")
            top = OxmlElement("w:top")
            for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
                top.set(qn(key), value)
            borders.append(top)
            rule._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
        if header.number_symbol or hl.date_text:
            row = table.add_row().cells
            if header.number_symbol:
                self._cell_line(row[0], header.number_symbol, layout.header_size(self.doc), first=True)
            for index, line in enumerate(hl.date_lines):
                self._cell_line(row[1], line.text, line.size, italic=True, first=index == 0)
            row[0].paragraphs[0].paragraph_format.space_before = Pt(4)
            row[1].paragraphs[0].paragraph_format.space_before = Pt(4)

    def _cell_line(
        self,
        cell: Any,
        text: str,
        size: float,
        bold: bool = False,
        italic: bool = False,
        first: bool = False,
        align: str = "center",
    ) -> Any:
        para = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
        para.alignment = _ALIGN[align]
        self._runs(para, text, size=size, bold=bold, italic=italic)
        return para

    def _plain_table(
        self, cols: int, widths_mm: Sequence[float], borders: bool = False, vpad: tuple[float, float] = (0, 0)
    ) -> Any:
        """A fixed-layout table; `vpad` is the (top, bottom) cell padding in pt."""
        table = self.word.add_table(rows=1, cols=cols)
        if borders:
            table.style = self.word.styles["Table Grid"]
        table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
        margins = OxmlElement("w:tblCellMar")
        sides = (("top", vpad[0]), ("left", layout.CELL_PADDING * layout.MM),
                 ("bottom", vpad[1]), ("right", layout.CELL_PADDING * layout.MM))  # fmt: skip
        for side, points in sides:
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(round(points * 20)))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        # Schema order: tblCellMar comes right before tblLook (Word refuses files that break it).
        table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
            for cell in column.cells:
                cell.width = Mm(width)
        return table

    def _title(self, title: Title) -> None:
        for index, line in enumerate(layout.title_lines(self.doc, title)):
            para = self._line(self.word, line.text, line.size, bold=True)
            if index == 0:
                para.paragraph_format.space_before = Pt(18)
            para.paragraph_format.keep_with_next = True
        if title.separator:
            self._line(self.word, "-----", layout.header_size(self.doc))
        self.word.paragraphs[-1].paragraph_format.space_after = Pt(12)

    def _heading(self, heading: Heading) -> None:
        para = self.word.add_paragraph(style=f"Heading {min(max(heading.level, 1), 3)}")
        para.alignment = _ALIGN[heading.align]
        if heading.align == "center":
            para.paragraph_format.first_line_indent = Mm(0)
        self._runs(para, heading.text, upper=heading.upper)

    def _body_paragraph(
        self,
        text: Text,
        align: str,
        indent: float | None,
        size: float | None,
        bold: bool = False,
        italic: bool = False,
    ) -> Any:
        para = self.word.add_paragraph(style="Body Text")
        para.alignment = _ALIGN[align]
        if indent is not None:
            para.paragraph_format.first_line_indent = Mm(indent)
        self._runs(para, text, size=size, bold=bold, italic=italic)
        return para

    def _paragraph(self, block: Paragraph) -> None:
        para = self._body_paragraph(
            block.text, block.align, block.first_line_indent, block.size, block.bold, block.italic
        )
        fmt = para.paragraph_format
        if block.space_before:
            fmt.space_before = Pt(block.space_before)
        if block.space_after is not None:
            fmt.space_after = Pt(block.space_after)
        if block.keep_with_next:
            fmt.keep_with_next = True

    def _numbered_list(self, block: NumberedList) -> None:
        for index, item in enumerate(block.items):
            marker = Run(block.marker(index) + " ", bold=block.bold_marker)
            self._body_paragraph([marker, *runs_of(item)], "justify", block.indent, None)

    def _table(self, block: Table) -> None:
        widths = column_widths(block.columns, self.doc.text_width)
        table = self._plain_table(len(widths), widths, borders=block.borders, vpad=(2, 3))
        size = block.size or self.doc.body_size - 1
        rows: list[tuple[list[tuple[str | Cell, int]], bool]] = []
        if block.header:
            rows.append(
                ([(Cell(c.title, align="center", bold=True), i) for i, c in enumerate(block.columns)], True)
            )
        rows.extend((layout.expand_row(row), False) for row in block.rows)
        for number, (cells, is_header) in enumerate(rows):
            word_row = table.rows[0] if number == 0 else table.add_row()
            if is_header and block.repeat_header:
                header_flag = OxmlElement("w:tblHeader")
                word_row._tr.get_or_add_trPr().append(header_flag)
            word_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for content, column in cells:
                cell = word_row.cells[column]
                span = content.colspan if isinstance(content, Cell) else 1
                if span > 1:
                    cell = cell.merge(word_row.cells[min(column + span, len(widths)) - 1])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                if isinstance(content, Cell):
                    align = content.align or block.columns[column].align
                    self._cell_line(cell, "", size, first=True, align=align)
                    self._runs(
                        cell.paragraphs[0], content.text, size=size, bold=content.bold, italic=content.italic
                    )
                else:
                    self._cell_line(cell, content, size, first=True, align=block.columns[column].align)
            # Keep with the next row: the header and the first row (never a header alone, never one
            # row at the foot of a page), the row before the last (never the last row alone on a new
            # page), and every row of a table that stays whole (`keep_together`).
            last = len(rows) - 1
            data_index = number - (1 if block.header else 0)
            keep = is_header or (
                number < last and (block.keep_together or data_index == 0 or number == last - 1)
            )
            if keep:
                for cell in word_row.cells:
                    for para in cell.paragraphs:
                        para.paragraph_format.keep_with_next = True
        # Word needs a paragraph between two tables; make it the same gap the PDF leaves.
        gap = self.word.add_paragraph().paragraph_format
        gap.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        gap.line_spacing = Pt(self.doc.paragraph_spacing)

    def _keep_previous(self, count: int) -> None:
        """Every paragraph of the last `count` blocks keeps with the next: what follows (a signature
        block) never starts a page alone."""
        for element in [e for made in self.made[-count:] for e in made] if count else []:
            paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
            for p in paragraphs:
                ppr = p.get_or_add_pPr()
                if ppr.find(qn("w:keepNext")) is None:
                    ppr.insert_element_before(OxmlElement("w:keepNext"), *_AFTER_KEEP_NEXT)

    def _signature_block(self, block: SignatureBlock) -> None:
        self._keep_previous(block.keep_with_previous)
        rows = layout.signature_rows(block)
        for index, row in enumerate(rows):
            if index < len(rows) - 1:  # the rows of one block stay together
                self._signature_row(row, keep_next=True)
            else:
                self._signature_row(row)

    def _signature_row(self, block: SignatureBlock, keep_next: bool = False) -> None:
        columns = layout.signature_columns(block, self.doc.text_width, self.doc.font, self.doc.body_size)
        widths = [w for w, kind in columns if kind == "signature"]
        lines_of = iter(
            layout.aligned_signatures(block.signatures, widths, self.doc.font, self.doc.body_size)
        )
        table = self._plain_table(len(columns), [w for w, _ in columns], vpad=(self.doc.paragraph_spacing, 0))
        row = table.rows[0]
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, (_, kind) in zip(row.cells, columns, strict=True):
            if kind == "recipients" and block.recipients:
                self._recipients(cell, block.recipients, first=True)
            elif kind == "signature":
                for index, (text, bold, italic) in enumerate(next(lines_of)):
                    self._cell_line(
                        cell, text, self.doc.body_size, bold=bold, italic=italic, first=index == 0
                    )
        if keep_next:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True

    def _recipients(self, container: Any, block: Recipients, first: bool = False) -> None:
        label = block.label if block.label is not None else recipients_label(self.doc.language)
        para = container.paragraphs[0] if first else container.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        self._runs(para, Run(label, underline=True), size=layout.header_size(self.doc))
        for item in block.items:
            line = container.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.LEFT
            self._runs(line, f"- {item}", size=layout.recipient_size(self.doc))

    def _image(self, block: Image) -> None:
        para = self.word.add_paragraph()
        para.alignment = _ALIGN[block.align]
        run = para.add_run()
        run.add_picture(
            io.BytesIO(block.data), width=Mm(block.width), height=Mm(block.height) if block.height else None
        )
        if block.caption:
            self._line(self.word, block.caption, self.doc.body_size - 1, italic=True, align=block.align)
