"""The proofs of §3: round trips, and refusal when any one component is altered."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daihoi.core.verifiable import VerifiableError
from daihoi.core.verifiable.elgamal import encrypt
from daihoi.core.verifiable.group import L, base_mul, scalar_from_hex, scalar_hex
from daihoi.core.verifiable.proofs import (
    decryption_prove,
    decryption_verify,
    disjunctive_prove,
    disjunctive_verify,
    pok_prove,
    pok_verify,
)

H = base_mul(987654321)
X = 123456789


def _bump(text: str, delta: int) -> str:
    return scalar_hex(scalar_from_hex(text, "t") + delta)


def test_pok_round_trip_and_binding():
    proof = pok_prove(X, "pok-comm", "ceremony:u", 2)
    pok_verify(base_mul(X), proof, "pok-comm", "ceremony:u", 2)
    for args in (
        (base_mul(X + 1), proof, "pok-comm", "ceremony:u", 2),
        (base_mul(X), proof, "pok-coef", "ceremony:u", 2),
        (base_mul(X), proof, "pok-comm", "ceremony:v", 2),
        (base_mul(X), proof, "pok-comm", "ceremony:u", 3),
        (base_mul(X), {**proof, "c": _bump(proof["c"], 1)}, "pok-comm", "ceremony:u", 2),
        (base_mul(X), {**proof, "z": _bump(proof["z"], 1)}, "pok-comm", "ceremony:u", 2),
    ):
        with pytest.raises(VerifiableError, match="bad_proof"):
            pok_verify(*args)


@pytest.mark.parametrize(("m", "values"), [(0, [0, 1]), (1, [0, 1]), (9, [1, 5, 9, 31, 62]), (0, [0])])
def test_disjunctive_round_trip(m, values):
    a, b, r = encrypt(H, m)
    proof = disjunctive_prove("ctx", "answer:1", H, a, b, m, r, values)
    disjunctive_verify("ctx", "answer:1", H, a, b, values, proof)


def test_disjunctive_prover_refuses_a_value_outside_the_set():
    a, b, r = encrypt(H, 2)
    with pytest.raises(VerifiableError, match="not_a_ballot_choice"):
        disjunctive_prove("ctx", "answer:1", H, a, b, 2, r, [0, 1])


def test_a_lying_disjunctive_proof_fails():
    a, b, r = encrypt(H, 2)  # claims to be 1, is 2
    proof = disjunctive_prove("ctx", "answer:1", H, a, b, 1, r, [0, 1])
    with pytest.raises(VerifiableError, match="bad_proof"):
        disjunctive_verify("ctx", "answer:1", H, a, b, [0, 1], proof)


@given(
    key=st.sampled_from(["c", "v"]),
    index=st.integers(0, 2),
    delta=st.integers(1, L - 1),
)
def test_disjunctive_refuses_any_altered_response(key, index, delta):
    values = [0, 1, 4]
    a, b, r = encrypt(H, 4, r=777)
    proof = disjunctive_prove("ctx", "range", H, a, b, 4, r, values)
    altered = {**proof, key: list(proof[key])}
    altered[key][index] = _bump(altered[key][index], delta)
    with pytest.raises(VerifiableError, match="bad_proof"):
        disjunctive_verify("ctx", "range", H, a, b, values, altered, "range")


def test_disjunctive_is_bound_to_every_statement_part():
    a, b, r = encrypt(H, 1)
    proof = disjunctive_prove("ctx", "answer:1", H, a, b, 1, r, [0, 1])
    other = base_mul(5)
    for args in (
        ("ctx2", "answer:1", H, a, b, [0, 1]),
        ("ctx", "answer:2", H, a, b, [0, 1]),
        ("ctx", "answer:1", other, a, b, [0, 1]),
        ("ctx", "answer:1", H, other, b, [0, 1]),
        ("ctx", "answer:1", H, a, other, [0, 1]),
        ("ctx", "answer:1", H, a, b, [1, 0]),
        ("ctx", "answer:1", H, a, b, [0, 2]),
    ):
        with pytest.raises(VerifiableError, match="bad_proof"):
            disjunctive_verify(*args, proof)


def test_disjunctive_shape_errors_name_the_field():
    a, b, r = encrypt(H, 1)
    proof = disjunctive_prove("ctx", "l", H, a, b, 1, r, [0, 1])
    with pytest.raises(VerifiableError) as err:
        disjunctive_verify(
            "ctx", "l", H, a, b, [0, 1], {"c": proof["c"][:1], "v": proof["v"]}, "answers[3].proof"
        )
    assert (err.value.code, err.value.field) == ("wrong_shape", "answers[3].proof.c")
    with pytest.raises(VerifiableError) as err:
        disjunctive_verify("ctx", "l", H, a, b, [0, 1], {**proof, "x": 1}, "answers[3].proof")
    assert err.value.code == "wrong_shape"
    bad = {**proof, "v": [proof["v"][0], scalar_hex(0)[:-2] + "ff"]}
    with pytest.raises(VerifiableError) as err:
        disjunctive_verify("ctx", "l", H, a, b, [0, 1], bad, "answers[3].proof")
    assert (err.value.code, err.value.field) == ("bad_scalar", "answers[3].proof.v[1]")


def test_decryption_round_trip_and_alterations():
    a = base_mul(4242)
    x_i = 31337
    d, proof = decryption_prove("ctx", 2, x_i, a)
    assert d == base_mul(4242 * x_i)
    decryption_verify("ctx", 2, base_mul(x_i), a, d, proof)
    for args in (
        ("ctx", 3, base_mul(x_i), a, d, proof),
        ("ctx", 2, base_mul(x_i + 1), a, d, proof),
        ("ctx", 2, base_mul(x_i), base_mul(1), d, proof),
        ("ctx", 2, base_mul(x_i), a, base_mul(1), proof),
        ("ctx", 2, base_mul(x_i), a, d, {**proof, "c": _bump(proof["c"], 1)}),
        ("ctx", 2, base_mul(x_i), a, d, {**proof, "z": _bump(proof["z"], 1)}),
    ):
        with pytest.raises(VerifiableError, match="bad_proof"):
            decryption_verify(*args)
