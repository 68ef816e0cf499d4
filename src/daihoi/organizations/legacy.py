"""The importer's one door to legacy Vietnamese text (TCVN3/ABC, VNI): core.legacy_text does the work."""

from __future__ import annotations

import importlib
import unicodedata
from dataclasses import dataclass
from typing import Any

legacy_text: Any
try:  # the core module lands separately; until then, files are taken as Unicode
    legacy_text = importlib.import_module("daihoi.core.legacy_text")
except ImportError:  # pragma: no cover
    legacy_text = None

VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
)
LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


COMMON_PUNCTUATION = frozenset("\u00a0«»–—‘’“”…•°·")


def is_clean_vietnamese(text: str) -> bool:
    """True when every non-ASCII character (after NFC) is a Vietnamese letter or common punctuation."""
    return all(
        ord(ch) < 128 or ch in VIETNAMESE_LETTERS or ch in COMMON_PUNCTUATION
        for ch in unicodedata.normalize("NFC", text)
    )


@dataclass(frozen=True)
class Verdict:
    encoding: str | None  # None: the text is Unicode
    convertible: bool = True
    sample: str = ""

    @property
    def label(self) -> str:
        return LABELS.get(self.encoding or "", self.encoding or "")


def examine(texts: list[str]) -> Verdict:
    """Decide for the whole file: one encoding for all its text cells (files are typed in one font)."""
    if legacy_text is None:  # pragma: no cover
        return Verdict(None)
    result = legacy_text.detect_legacy_encoding("\n".join(texts))
    if result is None:
        return Verdict(None)
    encoding = str(getattr(result, "encoding", result))
    sample = next(
        (t for t in texts if legacy_text.detect_legacy_encoding(t) is not None), texts[0] if texts else ""
    )
    convertible = bool(getattr(result, "confident", True))
    return Verdict(encoding, convertible, sample)


def convert(text: str, encoding: str) -> str:
    return str(legacy_text.convert_legacy(text, encoding))
