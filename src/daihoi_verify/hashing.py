"""§1 hash to scalar and canonical JSON; §4.3 the tracker.

`hs(tag, *items)` takes items already encoded by `pt`, `sc`, `text`, `num`, so that a scalar and a count
that are both Python ints cannot be confused: the caller says which one each item is.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from daihoi_verify.group import L, scalar_bytes


def pt(p: bytes) -> bytes:
    """A point: its 32 bytes."""
    return p


def sc(s: int) -> bytes:
    """A scalar: 32 bytes little-endian."""
    return scalar_bytes(s)


def text(s: str) -> bytes:
    """A string: its UTF-8."""
    return s.encode("utf-8")


def num(n: int) -> bytes:
    """An integer (index, count, plaintext): its decimal digits."""
    return str(n).encode("ascii")


def hs(tag: str, *items: bytes) -> int:
    """Hs(tag, x1, ..., xn): SHA-512 of the tag and the length-prefixed items, little-endian, mod L."""
    digest = hashlib.sha512(b"daihoi/v1/" + tag.encode("ascii") + b"\x00")
    for item in items:
        digest.update(len(item).to_bytes(4, "big"))
        digest.update(item)
    return int.from_bytes(digest.digest(), "little") % L


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def tracker(ballot: Any) -> str:
    """SHA-256 of the ballot's canonical JSON, base32 without padding, upper case, in groups of four."""
    code = base64.b32encode(hashlib.sha256(canonical_json(ballot)).digest()).decode("ascii").rstrip("=")
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
