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
CARD_W, CARD_H = 90 * mm, 62 * mm
COLS, ROWS = 2, 4
QR_SIZE = 32 * mm


def card_type(delegate: Delegate) -> str:
    if delegate.kind == DelegateKind.GUEST:
        return _("GUEST")
    if delegate.kind == DelegateKind.ALTERNATE:
        return _("ALTERNATE DELEGATE")
    if not delegate.is_official:
        return _("PROBATIONARY MEMBER")
    if delegate.kind == DelegateKind.MEMBER:
        return _("OFFICIAL MEMBER")
    return _("OFFICIAL DELEGATE")


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size <= `size` at which `text` fits `width`."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


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
    # header band
    band = 15 * mm
    canvas.setFillColor(RED)
    canvas.rect(x, y + CARD_H - band, CARD_W, band, stroke=0, fill=1)
    canvas.setFillColor(white)
    line1 = _("CONGRESS OF %(org)s") % {"org": congress.organization.name.upper()}
    line2 = _("NO. %(number)s, TERM %(term)s") % {"number": congress.roman_number, "term": congress.term}
    for i, text in enumerate((line1, line2)):
        size = _fit(canvas, text, bold, 8.5, CARD_W - 2 * pad)
        canvas.setFont(bold, size)
        canvas.drawCentredString(x + CARD_W / 2, y + CARD_H - 6 * mm - i * 4.5 * mm, text)
    # title
    canvas.setFillColor(RED)
    canvas.setFont(bold, 15)
    canvas.drawString(x + pad, y + CARD_H - band - 8 * mm, _("DELEGATE CARD"))
    canvas.setFillColor(black)
    canvas.setFont(regular, 8)
    canvas.drawString(x + pad, y + CARD_H - band - 12.5 * mm, card_type(delegate))
    # name and branch (left of the QR)
    text_w = CARD_W - 3 * pad - QR_SIZE
    name_size = _fit(canvas, delegate.full_name, bold, 13, text_w)
    canvas.setFont(bold, name_size)
    canvas.drawString(x + pad, y + 20 * mm, delegate.full_name)
    branch = delegate.branch.name if delegate.branch else (delegate.title or "")
    canvas.setFont(regular, _fit(canvas, branch, regular, 9, text_w))
    canvas.drawString(x + pad, y + 15 * mm, branch)
    # number, large
    canvas.setFont(regular, 8)
    canvas.drawString(x + pad, y + 8.5 * mm, _("Delegate no."))
    canvas.setFont(bold, 20)
    canvas.setFillColor(RED)
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
    canvas = Canvas(buffer, pagesize=A4)
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
