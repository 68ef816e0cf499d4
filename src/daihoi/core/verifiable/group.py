"""The prime-order group of Edwards25519 through libsodium (PyNaCl's cffi `lib`), nothing hand-made.

Points are their 32-byte encodings; scalars are Python ints mod L. libsodium refuses the identity as
input or result of a scalar multiplication, so `mul`/`base_mul` answer IDENTITY themselves when the
scalar is 0 mod L or the point is the identity (both exact: L is the group order).

Speed: the raw cffi calls are used with a fresh 32-byte buffer per call (PyNaCl's wrappers add ~10 µs
of argument checks to a 17 µs base multiplication). crypto_scalarmult_ed25519_noclamp checks its input
point exactly as crypto_core_ed25519_is_valid_point does (canonical, not small order, decodes, in the
prime-order subgroup), so `mul_checked` validates a received point for free when its scalar is nonzero.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache

from nacl._sodium import ffi, lib

from .errors import VerifiableError

_buf = ffi.buffer

L = 2**252 + 27742317777372353535851937790883648493
Point = bytes
IDENTITY: Point = b"\x01" + bytes(31)
# A source of random bytes, like os.urandom; injected to make test vectors deterministic.
Rng = Callable[[int], bytes]


def scalar_bytes(s: int) -> bytes:
    return (s % L).to_bytes(32, "little")


def base_mul(s: int) -> Point:
    s %= L
    if s == 0:
        return IDENTITY
    out = ffi.new("unsigned char[32]")
    if lib.crypto_scalarmult_ed25519_base_noclamp(out, s.to_bytes(32, "little")) != 0:  # pragma: no cover
        raise VerifiableError("bad_scalar")
    return _buf(out)[:]


@lru_cache(maxsize=4096)
def small_base_mul(m: int) -> Point:
    """m·G for the small plaintexts and allowed values, computed once."""
    return base_mul(m)


def mul(s: int, p: Point, field: str = "") -> Point:
    """s·P. Raises bad_point (naming `field`) if libsodium refuses P (invalid or outside the subgroup)."""
    s %= L
    if s == 0 or p == IDENTITY:
        return IDENTITY
    out = ffi.new("unsigned char[32]")
    if lib.crypto_scalarmult_ed25519_noclamp(out, s.to_bytes(32, "little"), p) != 0:
        raise VerifiableError("bad_point", field=field)
    return _buf(out)[:]


def mul_checked(s: int, p: Point, field: str) -> Point:
    """s·P for a RECEIVED point: P is always fully checked (by libsodium's scalarmult, or by
    is_valid_point when s = 0 mod L), the identity is refused."""
    if s % L == 0 or p == IDENTITY:
        if not is_valid(p):
            raise VerifiableError("bad_point", field=field)
        return IDENTITY
    return mul(s, p, field)


def add(p: Point, q: Point) -> Point:
    out = ffi.new("unsigned char[32]")
    if lib.crypto_core_ed25519_add(out, p, q) != 0:
        raise VerifiableError("bad_point")
    return _buf(out)[:]


def sub(p: Point, q: Point) -> Point:
    out = ffi.new("unsigned char[32]")
    if lib.crypto_core_ed25519_sub(out, p, q) != 0:
        raise VerifiableError("bad_point")
    return _buf(out)[:]


def neg(p: Point) -> Point:
    return sub(IDENTITY, p)


def total(points: list[Point]) -> Point:
    acc = IDENTITY
    for p in points:
        acc = add(acc, p)
    return acc


def is_valid(p: Point) -> bool:
    return len(p) == 32 and lib.crypto_core_ed25519_is_valid_point(p) == 1


def random_scalar(rng: Rng | None = None) -> int:
    """Uniform mod L: 64 random bytes reduced (§1)."""
    return int.from_bytes((rng or os.urandom)(64), "little") % L


def deterministic_rng(seed: bytes | str) -> Rng:
    """A reproducible byte stream (SHA-256 in counter mode) for test vectors only; never for real polls."""
    key = seed.encode() if isinstance(seed, str) else seed
    state = {"counter": 0}

    def draw(n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += hashlib.sha256(key + state["counter"].to_bytes(8, "big")).digest()
            state["counter"] += 1
        return out[:n]

    return draw


_HEX = frozenset("0123456789abcdef")


def _hex32(text: object, code: str, field: str) -> bytes:
    if not isinstance(text, str) or len(text) != 64 or not _HEX.issuperset(text):
        raise VerifiableError(code, field=field)
    return bytes.fromhex(text)


def point_from_hex(text: object, field: str) -> Point:
    """A received point: 64 lowercase hex digits of a valid non-identity point, else bad_point."""
    p = _hex32(text, "bad_point", field)
    if not is_valid(p):
        raise VerifiableError("bad_point", field=field)
    return p


def point_from_hex_deferred(text: object, field: str) -> Point:
    """A received point whose full check is left to the `mul_checked` it must go through next."""
    p = _hex32(text, "bad_point", field)
    if p == IDENTITY:
        raise VerifiableError("bad_point", field=field)
    return p


def point_hex(p: Point) -> str:
    return p.hex()


def scalar_from_hex(text: object, field: str) -> int:
    """A received scalar: 64 lowercase hex digits, little-endian, canonical (< L), else bad_scalar."""
    s = int.from_bytes(_hex32(text, "bad_scalar", field), "little")
    if s >= L:
        raise VerifiableError("bad_scalar", field=field)
    return s


def scalar_hex(s: int) -> str:
    return scalar_bytes(s).hex()


G: Point = base_mul(1)
