"""Hashes of the protocol (§1, §4.3): the Fiat–Shamir challenge, canonical JSON, the tracker.

Items are wrapped so that a scalar (32 bytes) and a count (decimal digits) can never be confused.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from .group import L, Point, scalar_bytes


class Item:
    __slots__ = ("data",)
    data: bytes

    def encoded(self) -> bytes:
        return len(self.data).to_bytes(4, "big") + self.data


class Pt(Item):
    """A point: its 32 bytes."""

    def __init__(self, p: Point) -> None:
        assert len(p) == 32
        self.data = p


class Sc(Item):
    """A scalar: 32 bytes little-endian."""

    def __init__(self, s: int) -> None:
        self.data = scalar_bytes(s)


class Num(Item):
    """An integer (index, count, plaintext): its decimal digits in ASCII."""

    def __init__(self, n: int) -> None:
        self.data = str(int(n)).encode("ascii")


class Text(Item):
    """A string: UTF-8."""

    def __init__(self, s: str) -> None:
        self.data = s.encode("utf-8")


def hash_to_scalar(tag: str, *items: Item) -> int:
    """Hs(tag, x1..xn) = SHA-512(b"daihoi/v1/" + tag + 0x00 + enc(x1) + ...) little-endian mod L."""
    h = hashlib.sha512(b"daihoi/v1/" + tag.encode("ascii") + b"\x00")
    for item in items:
        h.update(item.encoded())
    return int.from_bytes(h.digest(), "little") % L


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tracker(ballot: dict[str, Any]) -> str:
    """The ballot's mã phiếu: base32 (no padding, upper case) of SHA-256 of its canonical JSON, by fours."""
    text = base64.b32encode(hashlib.sha256(canonical_json(ballot)).digest()).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def tracker_key(text: str) -> str:
    """The tracker as typed or shown -> the lookup key: upper case, no spaces (a prefix works too)."""
    return "".join(text.split()).upper()
