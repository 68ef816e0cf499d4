"""The proof checks of §3.2 (disjunctive) and §3.3 (decryption share): recompute the commitments from
the challenges and responses, then compare the hash. Scalars and points come in already parsed."""

from __future__ import annotations

from functools import lru_cache

from daihoi_verify.group import L, base_mul, mul, sub
from daihoi_verify.hashing import hs, num, pt, text


@lru_cache(maxsize=128)
def value_point(s: int) -> bytes:
    """s·G for a plaintext value s (the same few recur in every proof)."""
    return base_mul(s)


def disjunctive_ok(
    ctx: str, label: str, h: bytes, a: bytes, b: bytes, values: list[int], c: list[int], v: list[int]
) -> bool:
    """(A, B) encrypts one of `values` under H: a_j = v_j·G - c_j·A, b_j = v_j·H - c_j·(B - s_j·G),
    and Σ c_j = Hs("disj", ctx, label, H, A, B, s_0.., a_0, b_0, ..)."""
    items = [text(ctx), text(label), pt(h), pt(a), pt(b), *(num(s) for s in values)]
    for s_j, c_j, v_j in zip(values, c, v, strict=True):
        shifted = b if s_j == 0 else sub(b, value_point(s_j))
        a_j = sub(base_mul(v_j), mul(c_j, a))
        b_j = sub(mul(v_j, h), mul(c_j, shifted))
        items += [pt(a_j), pt(b_j)]
    return sum(c) % L == hs("disj", *items)


def decryption_ok(ctx: str, i: int, x_i: bytes, a: bytes, d: bytes, c: int, z: int) -> bool:
    """D = x_i·A for the x_i of X_i: a' = z·G - c·X_i, b' = z·A - c·D, c = Hs("decrypt", ...)."""
    a1 = sub(base_mul(z), mul(c, x_i))
    b1 = sub(mul(z, a), mul(c, d))
    return c == hs("decrypt", text(ctx), num(i), pt(x_i), pt(a), pt(d), pt(a1), pt(b1))
