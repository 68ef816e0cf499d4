"""The group of §1: the prime-order subgroup of Edwards25519, every operation done by libsodium.

Points are their 32-byte encodings, scalars Python ints modulo L. libsodium refuses the identity as an
input or a result of a scalar multiplication; the identity only arises inside computations (0·G, a sum
that cancels), so `mul` and `base_mul` return it themselves in exactly those cases.
"""

from __future__ import annotations

from nacl import bindings as sodium

L = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes([1]) + bytes(31)


def scalar_bytes(s: int) -> bytes:
    return (s % L).to_bytes(32, "little")


def is_valid(p: bytes) -> bool:
    """Canonical, on the curve, in the prime-order subgroup, not of small order (so not the identity)."""
    return len(p) == 32 and bool(sodium.crypto_core_ed25519_is_valid_point(p))


def add(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_sub(p, q)


def base_mul(s: int) -> bytes:
    """s·G."""
    s %= L
    return IDENTITY if s == 0 else sodium.crypto_scalarmult_ed25519_base_noclamp(scalar_bytes(s))


def mul(s: int, p: bytes) -> bytes:
    """s·P for a point P of the subgroup (libsodium checks P again)."""
    s %= L
    if s == 0 or p == IDENTITY:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_noclamp(scalar_bytes(s), p)


def total(points: list[bytes]) -> bytes:
    result = IDENTITY
    for p in points:
        result = add(result, p)
    return result


G = base_mul(1)
