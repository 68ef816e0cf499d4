"""Exponential ElGamal under the election key H: Enc(m; r) = (r·G, r·H + m·G) (§3.2)."""

from __future__ import annotations

from .group import IDENTITY, Point, Rng, add, base_mul, mul, random_scalar, small_base_mul

Ciphertext = tuple[Point, Point]


def encrypt(h: Point, m: int, r: int | None = None, rng: Rng | None = None) -> tuple[Point, Point, int]:
    """(A, B, r); r drawn when not given."""
    if r is None:
        r = random_scalar(rng)
    return base_mul(r), add(mul(r, h), small_base_mul(m)), r


def add_ciphertexts(x: Ciphertext, y: Ciphertext) -> Ciphertext:
    return add(x[0], y[0]), add(x[1], y[1])


def scale(w: int, c: Ciphertext) -> Ciphertext:
    return mul(w, c[0]), mul(w, c[1])


ZERO: Ciphertext = (IDENTITY, IDENTITY)
