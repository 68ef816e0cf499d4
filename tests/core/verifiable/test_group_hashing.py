"""Group encodings, the received-point and scalar checks, the hash of §1, the tracker of §4.3."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.verifiable import VerifiableError, canonical_json, tracker, tracker_key
from daihoi.core.verifiable.group import (
    IDENTITY,
    G,
    L,
    add,
    base_mul,
    is_valid,
    mul,
    mul_checked,
    neg,
    point_from_hex,
    point_hex,
    scalar_from_hex,
    scalar_hex,
    sub,
)
from daihoi.core.verifiable.hashing import Num, Pt, Sc, Text, hash_to_scalar

# A point of order 8 (libsodium's small-order blocklist) and the encoding of -1·... with y >= p.
ORDER_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
NON_CANONICAL_Y = bytes.fromhex("ed" + "ff" * 30 + "7f")  # y = p (not reduced)


def mixed_order_point() -> bytes:
    """A point on the curve outside the prime-order subgroup: P + T, T of order 8."""
    return add(base_mul(12345), ORDER_8)


def off_curve_point() -> bytes:
    for y in range(2, 100):
        candidate = y.to_bytes(32, "little")
        if not is_valid(candidate):
            try:
                add(candidate, G)
            except VerifiableError:
                return candidate  # does not even decode: no x for this y
    raise AssertionError("no off-curve y below 100")


BAD_POINTS = {
    "identity": IDENTITY,
    "order 8": ORDER_8,
    "non-canonical": NON_CANONICAL_Y,
    "mixed order": mixed_order_point(),
    "off curve": off_curve_point(),
}


def test_group_law_and_identity_handling():
    p, q = base_mul(7), base_mul(11)
    assert add(p, q) == base_mul(18)
    assert sub(p, q) == base_mul(L - 4)
    assert neg(p) == base_mul(L - 7)
    assert mul(3, p) == base_mul(21)
    assert base_mul(0) == base_mul(L) == IDENTITY
    assert mul(0, p) == mul(5, IDENTITY) == IDENTITY
    assert add(p, IDENTITY) == p
    assert point_hex(IDENTITY) == "01" + "00" * 31


@pytest.mark.parametrize("name", sorted(BAD_POINTS))
def test_bad_points_are_refused_on_the_wire_and_in_checked_multiplication(name):
    bad = BAD_POINTS[name]
    assert not is_valid(bad)
    with pytest.raises(VerifiableError) as err:
        point_from_hex(bad.hex(), "answers[0].A")
    assert (err.value.code, err.value.field) == ("bad_point", "answers[0].A")
    for s in (0, 1, 5, L):  # s = 0 mod L must not skip the check
        with pytest.raises(VerifiableError):
            mul_checked(s, bad, "x")


def test_point_text_must_be_64_lowercase_hex():
    good = base_mul(9).hex()
    assert point_from_hex(good, "f") == base_mul(9)
    for text in (good.upper(), good[:-2], good + "00", 5, None, "zz" * 32):
        with pytest.raises(VerifiableError, match="bad_point"):
            point_from_hex(text, "f")


def test_scalars_must_be_canonical():
    assert scalar_from_hex(scalar_hex(L - 1), "f") == L - 1
    for value in (L, L + 1, 2**256 - 1):
        with pytest.raises(VerifiableError) as err:
            scalar_from_hex(value.to_bytes(32, "little").hex(), "proof.c[0]")
        assert (err.value.code, err.value.field) == ("bad_scalar", "proof.c[0]")
    with pytest.raises(VerifiableError, match="bad_scalar"):
        scalar_from_hex(scalar_hex(10).upper(), "f")


def _reference_hs(tag: str, *parts: bytes) -> int:
    data = b"daihoi/v1/" + tag.encode() + b"\x00" + b"".join(len(p).to_bytes(4, "big") + p for p in parts)
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % L


def test_hash_to_scalar_is_exactly_section_1():
    p = base_mul(3)
    expected = _reference_hs("disj", b"ctx", "Ấp".encode(), p, (5).to_bytes(32, "little"), b"12")
    assert hash_to_scalar("disj", Text("ctx"), Text("Ấp"), Pt(p), Sc(5), Num(12)) == expected


@given(st.integers(min_value=0, max_value=10**6))
def test_an_integer_and_a_scalar_never_hash_alike(n):
    assert hash_to_scalar("t", Num(n)) != hash_to_scalar("t", Sc(n))
    assert hash_to_scalar("t", Num(n)) != hash_to_scalar("t", Text(str(n) + "x"))


def test_canonical_json_sorts_keys_and_keeps_vietnamese():
    assert canonical_json({"b": 1, "a": ["Đại hội", 2]}) == '{"a":["Đại hội",2],"b":1}'.encode()


def test_tracker_is_base32_sha256_in_groups_of_four():
    ballot = {"poll": "x", "answers": [], "flags": [], "range": None}
    text = tracker(ballot)
    assert re.fullmatch(r"([A-Z2-7]{4} ){12}[A-Z2-7]{4}", text)
    raw = base64.b32decode(text.replace(" ", "") + "====")
    assert raw == hashlib.sha256(canonical_json(ballot)).digest()
    assert tracker_key(" " + text.lower() + " ") == text.replace(" ", "")
    assert tracker({**ballot, "poll": "y"}) != text


def test_every_error_code_raised_in_the_package_is_documented():
    import daihoi.core.verifiable as package
    from daihoi.core.verifiable import CODES

    root = Path(package.__file__).parent
    used = {
        code
        for path in root.glob("*.py")
        for code in re.findall(r'VerifiableError\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert used
    assert used <= set(CODES)
