"""The key ceremony of §2 in Python: 3 of 5, any 3 decrypt, fewer cannot; public checks; key files."""

from __future__ import annotations

import copy
from itertools import combinations

import pytest

from daihoi.core.verifiable import (
    VerifiableError,
    check_comm_key,
    check_confirm,
    check_deal,
    check_manifest_keys,
    comm_key,
    confirm,
    decryption_share,
    key_file,
    load_key_file,
    public_key,
    receive,
    verification_key,
)
from daihoi.core.verifiable.elgamal import encrypt
from daihoi.core.verifiable.group import L, base_mul, scalar_from_hex, scalar_hex
from daihoi.core.verifiable.tally import combine, lagrange

from .helpers import CEREMONY, ceremony_3_of_5, manifest

C = ceremony_3_of_5()


def test_shares_lie_on_one_polynomial_whose_secret_matches_the_public_key():
    # x_i·G = X_i for every trustee, and any 3 shares interpolate to the same secret behind H.
    for i in range(1, 6):
        assert base_mul(C.shares[i]) == verification_key(C.commitments, i)
    secrets = {
        sum(lagrange(i, group) * C.shares[i] for i in group) % L for group in combinations(range(1, 6), 3)
    }
    assert len(secrets) == 1
    assert base_mul(secrets.pop()) == C.public_key == public_key(C.commitments)


def test_any_three_trustees_decrypt_and_two_cannot():
    m = manifest("single", 1, 1, [])
    a, b, _r = encrypt(C.public_key, 1)
    tally = [(a, b)]
    shares = {i: decryption_share(m, tally, C.key_share(i, m)) for i in range(1, 6)}
    for group in combinations(range(1, 6), 3):
        result = combine(m, tally, [shares[i] for i in group], n_ballots=1)
        assert result.votes == [1]
        assert result.trustees == list(group)
    for group in combinations(range(1, 6), 2):
        with pytest.raises(VerifiableError, match="not_enough_shares"):
            combine(m, tally, [shares[i] for i in group], n_ballots=1)
    with pytest.raises(VerifiableError, match="bad_share"):  # one trustee twice is still one
        combine(m, tally, [shares[1], shares[1], shares[2]], n_ballots=1)


def test_comm_key_check():
    e, msg = comm_key(C.ctx, 4)
    assert check_comm_key(C.ctx, 4, msg) == base_mul(e)
    with pytest.raises(VerifiableError, match="bad_proof"):
        check_comm_key(C.ctx, 3, msg)  # the proof names its trustee
    with pytest.raises(VerifiableError, match="bad_point"):
        check_comm_key(C.ctx, 4, {**msg, "E": "01" + "00" * 31})


def test_check_deal_refuses_wrong_shapes_and_points():
    msg = C.deals[2]
    assert check_deal(C.ctx, 2, 3, 5, msg) == C.commitments[2]
    with pytest.raises(VerifiableError, match="bad_proof"):
        check_deal(C.ctx, 3, 3, 5, msg)
    with pytest.raises(VerifiableError, match="bad_deal"):
        check_deal(C.ctx, 2, 4, 5, msg)
    with pytest.raises(VerifiableError, match="bad_deal"):
        check_deal(C.ctx, 2, 3, 5, {**msg, "shares": msg["shares"][:4]})
    swapped = {**msg, "shares": [msg["shares"][1], msg["shares"][0], *msg["shares"][2:]]}
    with pytest.raises(VerifiableError, match="bad_deal"):
        check_deal(C.ctx, 2, 3, 5, swapped)
    bad = copy.deepcopy(msg)
    bad["commitments"][1] = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"
    with pytest.raises(VerifiableError) as err:
        check_deal(C.ctx, 2, 3, 5, bad)
    assert (err.value.code, err.value.field) == ("bad_point", "commitments[1]")


def test_a_wrong_share_brings_a_complaint_naming_the_dealer():
    deals = copy.deepcopy(C.deals)
    share = deals[4]["shares"][1]  # dealer 4's share for trustee 2
    share["enc"] = scalar_hex(scalar_from_hex(share["enc"], "enc") + 1)
    x, complaints = receive(C.ctx, 2, C.comm_secrets[2], deals)
    assert (x, complaints) == (0, [4])
    x, complaints = receive(C.ctx, 3, C.comm_secrets[3], deals)  # trustee 3's shares are intact
    assert (x, complaints) == (C.shares[3], [])


def test_check_confirm():
    msg = confirm(C.ctx, 3, C.shares[3])
    assert check_confirm(C.ctx, 3, msg, C.commitments) == verification_key(C.commitments, 3)
    with pytest.raises(VerifiableError, match="bad_commitment"):
        check_confirm(C.ctx, 4, msg, C.commitments)
    wrong = confirm(C.ctx, 3, (C.shares[3] + 1) % L)
    with pytest.raises(VerifiableError, match="bad_commitment"):
        check_confirm(C.ctx, 3, wrong, C.commitments)
    forged = {"X": msg["X"], "pok": confirm(C.ctx, 3, 5)["pok"]}  # right key, proof of another secret
    with pytest.raises(VerifiableError, match="bad_proof"):
        check_confirm(C.ctx, 3, forged, C.commitments)


def test_manifest_keys_follow_the_commitments():
    m = manifest("single", 1, 1, [])
    check_manifest_keys(m)
    bad = copy.deepcopy(m)
    bad["trustees"][2]["verification_key"] = bad["trustees"][1]["verification_key"]
    with pytest.raises(VerifiableError) as err:
        check_manifest_keys(bad)
    assert (err.value.code, err.value.field) == ("bad_commitment", "trustees[2].verification_key")
    bad = copy.deepcopy(m)
    bad["public_key"] = bad["commitments"][0][0]
    with pytest.raises(VerifiableError, match="bad_commitment"):
        check_manifest_keys(bad)


def test_key_file_round_trip_and_checks():
    m = manifest("single", 1, 1, [])
    data = key_file(ceremony=CEREMONY, congress="Đại hội", index=2, threshold=3, trustees=5,
                    public_key=C.public_key, verification_key=verification_key(C.commitments, 2),
                    share=C.shares[2])  # fmt: skip
    assert load_key_file(data, m).share == C.shares[2]
    assert load_key_file(data, ceremony=CEREMONY).index == 2
    cases = [
        ({**data, "format": "x"}, {}, "format"),
        ({**data, "share": scalar_hex(C.shares[2] + 1)}, {}, "share"),
        ({**data, "share": "ff" * 32}, {}, "share"),
        ({**data, "index": 3}, {"manifest": m}, "verification_key"),
        ({**data, "index": 9}, {"manifest": m}, "index"),
        ({**data, "threshold": True}, {}, "threshold"),
        (data, {"ceremony": "other"}, "ceremony"),
        (data, {"public_key": base_mul(1)}, "public_key"),
    ]
    for bad, kwargs, field in cases:
        with pytest.raises(VerifiableError) as err:
            load_key_file(bad, **kwargs)
        assert (err.value.code, err.value.field) == ("bad_key_file", field)
