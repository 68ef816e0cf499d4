"""Vietnamese personal names: normalization, splitting and the ballot-order collation key.

PLACEHOLDER API (being completed by the names work): the signatures below are the contract.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class NameParts:
    family: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.family, self.middle, self.given) if p)


def normalize_name(text: str) -> str:
    """NFC, Ð->Đ, collapsed spaces, canonical tone placement, capitalized words."""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def split_name(full_name: str) -> NameParts:
    """Family = first word, given = last word, middle = the rest."""
    words = normalize_name(full_name).split()
    if not words:
        raise ValueError("empty name")
    if len(words) == 1:
        return NameParts("", "", words[0])
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


def collation_key(text: str) -> bytes:
    """A byte string whose memcmp order is the ICU `vi` order of `text`."""
    return unicodedata.normalize("NFD", text.lower()).encode()


def ballot_sort_key(parts: NameParts, birth_date: date | None = None) -> bytes:
    """Given name, then family, then middle, then older first (spec §5)."""
    born = birth_date.isoformat().encode() if birth_date else b"9999-99-99"
    return b"\x00".join([collation_key(parts.given), collation_key(parts.family), collation_key(parts.middle), born])


def search_fold(text: str) -> str:
    """Accent- and case-insensitive form for search only; never for identity."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())
