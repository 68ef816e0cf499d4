"""Delegate cards: real QR codes that OpenCV decodes from the rendered PDF page."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2

from daihoi.congresses.cards import render_cards, slot_rect

SCALE = 4  # pixels per point


def _page_images(pdf: bytes, scale: float = SCALE):
    doc = pypdfium2.PdfDocument(pdf)
    for page in doc:
        pil = page.render(scale=scale).to_pil().convert("RGB")
        yield cv2.cvtColor(np.array(pil), cv2.COLOR_RGB2BGR)


def decode_cards(image, count: int) -> list[str]:
    """Decode the QR of each card slot on its own (one symbol per crop: no detector ambiguity)."""
    detector = cv2.QRCodeDetectorAruco()  # OpenCV's robust detector (the classic one misses ~1%)
    found = []
    for slot in range(count):
        left, top, width, height = (int(v * SCALE) for v in slot_rect(slot))
        value, _points, _ = detector.detectAndDecode(image[top : top + height, left : left + width])
        found.append(value)
    return found


def test_sheet_qr_codes_decode_to_the_checkin_codes(congress):
    delegates = list(congress.delegates.order_by("number")[:10])  # 8 on page 1, 2 on page 2
    pdf = render_cards(congress, delegates)
    pages = list(_page_images(pdf))
    assert len(pages) == 2
    found = decode_cards(pages[0], 8) + decode_cards(pages[1], 2)
    assert found == [d.checkin_code for d in delegates]  # each card carries its own delegate's code


def test_single_card(congress):
    delegate = congress.delegates.get(number=5)
    (page,) = _page_images(render_cards(congress, [delegate]))
    value, _points, _ = cv2.QRCodeDetectorAruco().detectAndDecode(page)
    assert value == delegate.checkin_code
