"""The importer's one door to legacy Vietnamese text (TCVN3/ABC, VNI): core.legacy_text does the work."""

from __future__ import annotations

import importlib
import unicodedata
from dataclasses import dataclass, field
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


@dataclass
class Verdict:
    """What to do with a file's text cells: a conversion per changed cell, and cells to refuse."""

    converted: dict[str, str] = field(default_factory=dict)
    encodings: set[str] = field(default_factory=set)
    suspect: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ", ".join(LABELS.get(e, e) for e in sorted(self.encodings))


def examine(texts: list[str]) -> Verdict:
    """Judge the whole file first (short cells weigh little alone), then each cell of a mixed file."""
    verdict = Verdict()
    if legacy_text is None:  # pragma: no cover
        return verdict
    distinct = sorted(set(texts))
    whole = legacy_text.detect_legacy_encoding("\n".join(distinct))
    for text in distinct:
        if whole is not None:
            converted, encoding = legacy_text.convert_legacy(text, whole), whole
        else:
            encoding = legacy_text.detect_legacy_encoding(text)
            try:
                converted = legacy_text.ensure_unicode(text)
            except legacy_text.LegacyTextError:
                verdict.suspect.append(text)
                continue
        if converted != text:
            verdict.converted[text] = converted
            verdict.encodings.add(str(encoding))
    return verdict


def header_cells(cells: list[object]) -> list[str]:
    """A header row as Unicode: headers of an old file are typed in its legacy font too (the row is
    judged as a whole: "Chi bé" alone reads as Unicode)."""
    texts = ["" if c is None else str(c) for c in cells]
    if legacy_text is None:  # pragma: no cover
        return texts
    encoding = legacy_text.detect_legacy_encoding("\n".join(t for t in texts if t))
    return [str(legacy_text.convert_legacy(t, encoding)) for t in texts] if encoding else texts
