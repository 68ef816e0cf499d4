"""Delegate cards: real QR codes that OpenCV decodes from the rendered PDF page."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2

from daihoi.congresses.cards import render_cards


def _page_images(pdf: bytes, scale: float = 4):
    doc = pypdfium2.PdfDocument(pdf)
    for page in doc:
        pil = page.render(scale=scale).to_pil().convert("RGB")
        yield cv2.cvtColor(np.array(pil), cv2.COLOR_RGB2BGR)


def _decode_all(image) -> set[str]:
    detector = cv2.QRCodeDetector()
    ok, texts, _points, _ = detector.detectAndDecodeMulti(image)
    return {t for t in texts if t} if ok else set()


def test_sheet_qr_codes_decode_to_the_checkin_codes(congress):
    delegates = list(congress.delegates.order_by("number")[:10])  # 8 on page 1, 2 on page 2
    pdf = render_cards(congress, delegates)
    pages = list(_page_images(pdf))
    assert len(pages) == 2
    found = _decode_all(pages[0]) | _decode_all(pages[1])
    assert found == {d.checkin_code for d in delegates}
    assert not any(str(d.number) == code for d in delegates for code in found)


def test_single_card(congress):
    delegate = congress.delegates.get(number=5)
    (page,) = _page_images(render_cards(congress, [delegate]))
    value, _points, _ = cv2.QRCodeDetector().detectAndDecode(page)
    assert value == delegate.checkin_code
