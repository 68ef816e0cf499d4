"""Vendored fonts: Liberation Serif/Sans 2.1 (SIL OFL 1.1, see fonts/LICENSE-Liberation.txt).

Liberation Serif has the same metrics as Times New Roman, the font of Party documents, and covers
Vietnamese; it is embedded in every PDF so PDFs look the same on a laptop with no fonts installed.
Word files name "Times New Roman" (or Arial for sans) and let Word pick the font.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# family -> (regular, bold, italic, bold italic) file stems; Sans has no italics vendored.
_FILES = {
    "serif": (
        "LiberationSerif-Regular",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    ),
    "sans": (
        "LiberationSans-Regular",
        "LiberationSans-Bold",
        "LiberationSans-Regular",
        "LiberationSans-Bold",
    ),
}

# The names Word documents use for each family.
WORD_FONTS = {"serif": "Times New Roman", "sans": "Arial"}

_lock = threading.Lock()
_registered: set[str] = set()


def pdf_font(family: str, bold: bool = False, italic: bool = False) -> str:
    """The reportlab font name for a style, registering the family on first use."""
    register(family)
    return _face_name(family, bold, italic)


def _face_name(family: str, bold: bool, italic: bool) -> str:
    suffix = {
        (False, False): "",
        (True, False): "-Bold",
        (False, True): "-Italic",
        (True, True): "-BoldItalic",
    }
    return f"Daihoi{family.title()}{suffix[(bold, italic)]}"


def register(family: str) -> None:
    """Register the four faces of `family` with reportlab, so <b>/<i> markup finds them."""
    if family in _registered:
        return
    with _lock:
        if family in _registered:
            return
        for (bold, italic), stem in zip(
            ((False, False), (True, False), (False, True), (True, True)), _FILES[family], strict=True
        ):
            name = _face_name(family, bold, italic)
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{stem}.ttf")))
            addMapping(_face_name(family, False, False), int(bold), int(italic), name)
        _registered.add(family)


def text_width_pt(text: str, family: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width of `text` in points — the same in Word, since the metrics match Times New Roman/Arial."""
    return float(pdfmetrics.stringWidth(text, pdf_font(family, bold, italic), size))


def missing_glyphs(text: str, family: str = "serif", bold: bool = False, italic: bool = False) -> set[str]:
    """Characters of `text` the vendored font cannot draw (they would print blank in a PDF).

    Vietnamese, Latin, “quotes”, – — … • № ₫ × □ ■ ≥ ≤ are covered; ☐ ✓ and emoji are not: use □ ■ ×.
    """
    import unicodedata

    from reportlab.pdfbase.pdfmetrics import getFont

    cmap = getFont(pdf_font(family, bold, italic)).face.charToGlyph
    return {c for c in unicodedata.normalize("NFC", text) if ord(c) not in cmap and not c.isspace()}
