"""Ballots end to end: encrypt -> verify -> tally -> threshold decryption equals the plain count of the
election engine (BallotCounter) on the same contents; malicious encoders are refused."""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from typing import Any

import pytest

from daihoi.core.election import (
    PARTY,
    Ballot,
    Candidate,
    CongressFigures,
    CongressKind,
    ElectionInput,
    ElectionKind,
)
from daihoi.core.election.tally import count
from daihoi.core.election.validity import REASONS
from daihoi.core.verifiable import (
    Choice,
    VerifiableError,
    board,
    check_audited,
    check_fresh,
    choice_from_content,
    combine,
    decryption_share,
    encrypt_ballot,
    reveal,
    tally,
    tracker,
    verify_ballot,
    verify_many,
)
from daihoi.core.verifiable.elgamal import encrypt
from daihoi.core.verifiable.group import L, add, base_mul, deterministic_rng, mul, point_hex
from daihoi.core.verifiable.manifest import facts
from daihoi.core.verifiable.proofs import disjunctive_prove

from .helpers import ceremony_3_of_5, manifest

C = ceremony_3_of_5()
MARK = {"0": "none", "1": "agree", "2": "disagree", "3": "both"}


def engine_ballot(form: str, n: int, content: str) -> Ballot:
    ids = [f"c{i}" for i in range(n)]
    if form == "surplus":
        struck = {int(t) for t in content.split(",") if t}
        return Ballot(kept=[ids[p - 1] for p in range(1, n + 1) if p not in struck])
    return Ballot(marks={ids[p]: MARK[ch] for p, ch in enumerate(content)})


def election(*, n: int, seats: int, ballots: list[Ballot], profile: Any) -> ElectionInput:
    return ElectionInput(
        kind=ElectionKind.EXECUTIVE_COMMITTEE,
        congress=CongressFigures(CongressKind.MEMBERS, len(ballots), len(ballots)),
        seats=seats,
        candidates=[Candidate(id=f"c{i}", name=f"Người Thứ {i:02d}") for i in range(n)],
        ballots_issued=len(ballots),
        ballots=ballots,
        profile=profile,
    )


def random_content(form: str, n: int, rnd: random.Random) -> str:
    if form == "surplus":
        return ",".join(str(p) for p in sorted(rnd.sample(range(1, n + 1), rnd.randint(0, n))))
    return "".join(rnd.choice("0112") for _ in range(n))


def count_both_ways(form: str, n: int, seats: int, reasons: list[str], profile: Any, contents: list[str]):
    m = manifest(form, n, seats, reasons)
    rng = deterministic_rng(f"{form}{n}{seats}{reasons}")
    parsed, seen = [], set()
    for content in contents:
        ballot, _secrets = encrypt_ballot(m, choice_from_content(m, content), rng)
        p = verify_ballot(m, ballot)
        check_fresh(p, seen)
        seen.update(p.a_values)
        parsed.append(p)
    t = tally(m, parsed)
    shares = [decryption_share(m, t, C.key_share(i, m), rng) for i in (1, 3, 5)]
    result = combine(m, t, shares, len(parsed))
    counter = count(
        election(n=n, seats=seats, ballots=[engine_ballot(form, n, c) for c in contents], profile=profile)
    )
    return result, counter


CASES = [
    ("surplus", 7, 3, ["too_many", "all_struck"], PARTY),
    ("surplus", 7, 3, ["too_many"], replace(PARTY, all_struck_invalid=False)),
    ("no_surplus", 4, 4, [], PARTY),
    ("single", 1, 1, ["single_both_or_neither"], PARTY),
    ("single", 1, 1, [], replace(PARTY, single_both_or_neither_invalid=False)),
]


@pytest.mark.parametrize(("form", "n", "seats", "reasons", "profile"), CASES)
def test_decrypted_tally_equals_the_engine_count(form, n, seats, reasons, profile):
    rnd = random.Random(form + str(reasons))
    contents = [random_content(form, n, rnd) for _ in range(14)]
    if form == "surplus":
        contents += ["", ",".join(str(p) for p in range(1, n + 1)), "1,2,3,4"]  # too many, all struck, valid
    if form == "single":
        contents += ["0", "1", "2"]
    result, counter = count_both_ways(form, n, seats, reasons, profile, contents)
    assert result.votes == [int(v) for v in counter.votes]
    engine_invalid = {
        str(r): int(counter.codes[i + 1]) for i, r in enumerate(REASONS) if counter.codes[i + 1]
    }
    assert {r: v for r, v in result.invalid.items() if v} == engine_invalid
    assert result.valid == counter.valid
    assert result.ballots == len(contents)
    assert sum(result.votes) > 0
    if reasons and form != "no_surplus":
        assert sum(result.invalid.values()) > 0  # the cases really hold invalid ballots


def test_invalid_ballots_are_never_votes():
    # 7 names, 3 places: nothing struck (too many) and everything struck (all struck) are invalid
    m = manifest("surplus", 7, 3, ["too_many", "all_struck"])
    assert choice_from_content(m, "") == Choice([0] * 7, [1, 0])
    assert choice_from_content(m, "1,2,3,4,5,6,7") == Choice([0] * 7, [0, 1])
    assert choice_from_content(m, "1,2,3,4") == Choice([0, 0, 0, 0, 1, 1, 1], [0, 0])
    single = manifest("single", 1, 1, ["single_both_or_neither"])
    assert choice_from_content(single, "0") == Choice([0], [1])
    assert choice_from_content(single, "2") == Choice([0], [0])
    result, _counter = count_both_ways(
        "surplus", 7, 3, ["too_many", "all_struck"], PARTY, ["", "1,2,3,4,5,6,7"]
    )
    assert result.votes == [0] * 7
    assert result.invalid == {"too_many": 1, "all_struck": 1}
    assert result.valid == 0


@pytest.mark.parametrize("content", ["8", "1,1", "a", "1;2", "0"])
def test_unreadable_content_is_refused(content):
    with pytest.raises(VerifiableError, match="bad_content"):
        choice_from_content(manifest("surplus", 7, 3, ["too_many"]), content)


def forge(m: dict[str, Any], xs: list[int], flags: list[int], claim: int) -> dict[str, Any]:
    """A malicious encoder: honest 0/1 proofs, a range proof claiming `claim` for another sum."""
    f = facts(m)
    h = f.public_key

    def one(x: int, label: str) -> tuple[dict[str, Any], int]:
        a, b, r = encrypt(h, x)
        return {
            "A": point_hex(a),
            "B": point_hex(b),
            "proof": disjunctive_prove(f.ctx, label, h, a, b, x, r, [0, 1]),
        }, r

    answers = [one(x, f"answer:{p}") for x, p in zip(xs, f.positions, strict=True)]
    flagged = [one(x, f"flag:{r}") for x, r in zip(flags, f.reasons, strict=True)]
    r_total = (
        sum(r for _a, r in answers) + sum(w * r for w, (_a, r) in zip(f.weights, flagged, strict=True))
    ) % L
    true_sum = sum(xs) + sum(w * x for w, x in zip(f.weights, flags, strict=True))
    a_total, b_total = base_mul(r_total), add(mul(r_total, h), base_mul(true_sum))
    return {
        "poll": f.ctx,
        "answers": [a for a, _r in answers],
        "flags": [a for a, _r in flagged],
        "range": disjunctive_prove(f.ctx, "range", h, a_total, b_total, claim, r_total, f.allowed),
    }


@pytest.mark.parametrize(
    ("xs", "flags", "claim"),
    [
        ([1, 1, 1, 1, 0, 0, 0], [0, 0], 3),  # four votes for three places, no flag
        ([1, 0, 0, 0, 0, 0, 0], [1, 0], 8),  # flagged too_many yet a vote
        ([0, 0, 0, 0, 0, 0, 0], [1, 1], 8),  # two flags
        ([0, 0, 0, 0, 0, 0, 0], [0, 0], 1),  # all struck without its flag
    ],
)
def test_a_ballot_whose_votes_and_flags_disagree_is_rejected(xs, flags, claim):
    m = manifest("surplus", 7, 3, ["too_many", "all_struck"])
    ballot = forge(m, xs, flags, claim)
    with pytest.raises(VerifiableError) as err:
        verify_ballot(m, ballot)
    assert (err.value.code, err.value.field) == ("bad_proof", "range")
    honest = forge(m, [1, 1, 0, 0, 0, 0, 0], [0, 0], 2)
    verify_ballot(m, honest)  # the forger's machinery is otherwise sound


def test_a_plaintext_of_two_is_rejected_naming_the_answer():
    m = manifest("no_surplus", 4, 4, [])
    ballot, _s = encrypt_ballot(m, Choice([1, 0, 1, 0], []))
    f = facts(m)
    a, b, r = encrypt(f.public_key, 2)
    lying = disjunctive_prove(f.ctx, "answer:3", f.public_key, a, b, 1, r, [0, 1])
    ballot["answers"][2] = {"A": point_hex(a), "B": point_hex(b), "proof": lying}
    with pytest.raises(VerifiableError) as err:
        verify_ballot(m, ballot)
    assert (err.value.code, err.value.field) == ("bad_proof", "answers[2].proof")


@pytest.fixture(scope="module")
def surplus() -> tuple[dict[str, Any], dict[str, Any], Any]:
    m = manifest("surplus", 5, 2, ["too_many", "all_struck"])
    ballot, secrets = encrypt_ballot(m, choice_from_content(m, "1,3,4"), deterministic_rng("b"))
    return m, ballot, secrets


def test_shape_poll_and_point_errors_name_the_field(surplus):
    m, ballot, _s = surplus
    verify_ballot(m, ballot)

    def refused(change, code, field):
        bad = copy.deepcopy(ballot)
        change(bad)
        with pytest.raises(VerifiableError) as err:
            verify_ballot(m, bad)
        assert (err.value.code, err.value.field) == (code, field)

    refused(lambda b: b.update(poll="0" * 64), "wrong_poll", "poll")
    refused(lambda b: b["answers"].pop(), "wrong_shape", "answers")
    refused(lambda b: b["flags"].append(b["flags"][0]), "wrong_shape", "flags")
    refused(lambda b: b.update(range=None), "wrong_shape", "range")
    refused(lambda b: b.update(extra=1), "wrong_shape", "ballot")
    refused(lambda b: b["answers"][1].update(extra=1), "wrong_shape", "answers[1]")
    refused(lambda b: b["answers"][1].update(A="01" + "00" * 31), "bad_point", "answers[1].A")
    order8 = "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"
    refused(lambda b: b["flags"][0].update(B=order8), "bad_point", "flags[0].proof")
    refused(lambda b: b["answers"][4]["proof"]["c"].reverse(), "bad_proof", "answers[4].proof")
    refused(lambda b: b["range"]["v"].reverse(), "bad_proof", "range")
    refused(lambda b: b["answers"].reverse(), "bad_proof", "answers[0].proof")
    refused(lambda b: b["answers"][1].update(A=b["answers"][0]["A"]), "duplicate_ciphertext", "answers[1].A")


def test_a_ballot_of_another_poll_fails_even_when_relabelled(surplus):
    _m, ballot, _s = surplus
    other = manifest("surplus", 5, 2, ["too_many"])
    copied = {**copy.deepcopy(ballot), "poll": facts(other).ctx, "flags": ballot["flags"][:1]}
    with pytest.raises(VerifiableError, match="bad_proof"):
        verify_ballot(other, copied)


def test_copied_ciphertexts_are_refused_by_check_fresh(surplus):
    m, ballot, _s = surplus
    parsed = verify_ballot(m, ballot)
    seen = set(parsed.a_values)
    copy_of = copy.deepcopy(ballot)  # the same ballot sent again: same A's
    with pytest.raises(VerifiableError, match="duplicate_ciphertext"):
        check_fresh(verify_ballot(m, copy_of), seen)
    fresh, _s2 = encrypt_ballot(m, choice_from_content(m, "1,3,4"))
    check_fresh(verify_ballot(m, fresh), seen)


def test_audited_ballot_opens_to_its_choice_and_lies_are_caught(surplus):
    m, ballot, secrets = surplus
    opened = reveal(secrets)
    assert check_audited(m, ballot, opened) == Choice([0, 1, 0, 0, 1], [0, 0])
    bad = copy.deepcopy(opened)
    bad["answers"][0][0] = 1
    with pytest.raises(VerifiableError) as err:
        check_audited(m, ballot, bad)
    assert (err.value.code, err.value.field) == ("bad_reveal", "reveal.answers[0]")
    bad = copy.deepcopy(opened)
    bad["flags"][1][1] = opened["flags"][0][1]
    with pytest.raises(VerifiableError, match="bad_reveal"):
        check_audited(m, ballot, bad)
    with pytest.raises(VerifiableError, match="bad_reveal"):
        check_audited(m, ballot, {"answers": opened["answers"]})


def test_no_ballot_means_nothing_to_decrypt(surplus):
    m, _b, _s = surplus
    t = tally(m, [])
    result = combine(m, t, [], 0)
    assert (result.votes, result.invalid, result.valid, result.ballots) == (
        [0] * 5,
        {"too_many": 0, "all_struck": 0},
        0,
        0,
    )
    assert board(m, [], [], t, [], result)["tally"][0] == {"A": "01" + "00" * 31, "B": "01" + "00" * 31}


def test_wrong_ballot_count_has_no_discrete_log_or_is_refused(surplus):
    m, ballot, _s = surplus
    t = tally(m, [verify_ballot(m, ballot)] * 3)  # 3 identical ballots: figures 3 per kept name
    shares = [decryption_share(m, t, C.key_share(i, m)) for i in (2, 3, 4)]
    assert combine(m, t, shares, 3).votes == [0, 3, 0, 0, 3]
    with pytest.raises(VerifiableError, match="no_discrete_log"):
        combine(m, t, shares, 2)
    altered = copy.deepcopy(shares)
    altered[1]["D"][0] = altered[1]["D"][1]
    with pytest.raises(VerifiableError) as err:
        combine(m, t, altered, 3)
    assert (err.value.code, err.value.field) == ("bad_proof", "shares[1].proofs[0]")


def test_board_sorts_ballots_by_tracker_and_verify_many_matches(surplus):
    m, ballot, secrets = surplus
    rng = deterministic_rng("board")
    ballots = [
        encrypt_ballot(m, choice_from_content(m, c), rng)[0] for c in ("1,2,3", "", "2,4,5", "1,2,3,4,5")
    ]
    bad = {**copy.deepcopy(ballots[0]), "poll": "x"}
    results = verify_many(m, [*ballots, bad], workers=2, chunk=2)
    assert [r.tracker for r in results[:4]] == [tracker(b) for b in ballots]
    assert isinstance(results[4], VerifiableError)
    assert results[4].code == "wrong_poll"
    out = board(m, ballots, [(ballot, reveal(secrets))], None, [], None)
    assert [tracker(b) for b in out["ballots"]] == sorted(tracker(b) for b in ballots)
    assert out["audited"] == [{"ballot": ballot, "reveal": reveal(secrets)}]
