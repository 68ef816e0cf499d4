"""The independent verifier (daihoi_verify) on real boards made by the server's code: an honest board is
accepted with the plain count's figures; each tampering is rejected with its own check code."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from nacl import bindings as sodium
from verifier_boards import Built, build_board, plain_count

from daihoi.core.verifiable import elgamal, proofs
from daihoi.core.verifiable.group import L, add, base_mul, mul, point_hex, scalar_hex
from daihoi.core.verifiable.manifest import facts
from daihoi_verify import checks
from daihoi_verify.checks import CODES, Failure, Report, verify_board

# Two valid ballots, two with too many names kept, one with every name struck (5 names, 3 places).
CONTENTS = ["2,5", "1,2", "4", "", "1,2,3,4,5"]


def verify(board: dict[str, Any], workers: int = 1) -> Report:
    return verify_board(board, workers=workers)


def rejected(board: dict[str, Any], workers: int = 1) -> Failure:
    with pytest.raises(Failure) as caught:
        verify_board(board, workers=workers)
    return caught.value


def bump(scalar: str) -> str:
    """Another canonical scalar."""
    return scalar_hex((int.from_bytes(bytes.fromhex(scalar), "little") + 1) % L)


@pytest.fixture(scope="module")
def built() -> Built:
    return build_board(CONTENTS, audited=["1,3"])


@pytest.fixture
def board(built: Built) -> dict[str, Any]:
    return copy.deepcopy(built.board)


def index_of(built: Built, content: str) -> int:
    """Where the ballot of `content` sits on the board (ballots are sorted by tracker)."""
    return built.board["ballots"].index(built.ballots[CONTENTS.index(content)])


# --- the honest board -------------------------------------------------------------------------------


def test_honest_board_is_accepted_with_the_plain_count(board: dict[str, Any]) -> None:
    report = verify(board)
    votes, invalid = plain_count(CONTENTS, 5, 3)
    assert report.result["votes"] == votes == [1, 0, 2, 2, 1]
    assert report.result["invalid"] == invalid == {"too_many": 2, "all_struck": 1}
    assert report.result["valid"] == 2
    assert report.result["ballots"] == report.n_ballots == 5
    assert report.result["trustees"] == [1, 3, 5]
    assert report.n_audited == 1


def test_honest_board_is_accepted_in_parallel(board: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "PARALLEL_FROM", 0)
    # this process must not check the ballots itself (the spawned workers import their own module)
    monkeypatch.setattr(checks, "check_ballot_batch", lambda *a: pytest.fail("not in parallel"))
    assert verify(board, workers=2).result["votes"] == [1, 0, 2, 2, 1]


@pytest.mark.parametrize("trustees", [(2, 3, 4), (1, 2, 3, 4, 5)])
def test_any_k_trustees_decrypt(trustees: tuple[int, ...]) -> None:
    report = verify(build_board(CONTENTS, trustees=list(trustees)).board)
    assert report.result["votes"] == [1, 0, 2, 2, 1]


@pytest.mark.parametrize(
    ("form", "contents", "votes", "invalid"),
    [
        ("no_surplus", ["121", "222", "111"], [2, 1, 2], {}),
        ("single", ["1", "2", "0", "1"], [2], {"single_both_or_neither": 1}),
    ],
)
def test_other_forms_are_accepted(form: str, contents: list[str], votes: list[int], invalid: dict) -> None:
    names = ["An", "Bình", "Cường"][: len(contents[0])]
    report = verify(build_board(contents, form=form, names=names, limit=len(names)).board)
    assert report.result["votes"] == votes
    assert report.result["invalid"] == invalid


def test_a_poll_without_ballots_is_accepted_with_zeros() -> None:
    report = verify(build_board([], trustees=[]).board)
    assert report.result["votes"] == [0] * 5
    assert report.result["valid"] == report.n_ballots == 0


# --- 1. the manifest --------------------------------------------------------------------------------


def test_public_key_not_the_sum_of_commitments(board: dict[str, Any]) -> None:
    board["manifest"]["public_key"] = point_hex(base_mul(12345))
    assert rejected(board).code == "public_key"


def test_verification_key_changed(board: dict[str, Any]) -> None:
    board["manifest"]["trustees"][3]["verification_key"] = point_hex(base_mul(12345))
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("verification_key", ("trustee", 4))


@pytest.mark.parametrize("change", ["drop_last", "extend", "widen"])
def test_allowed_changed(board: dict[str, Any], change: str) -> None:
    allowed = board["manifest"]["allowed"]
    if change == "drop_last":
        allowed.pop()
    elif change == "extend":
        allowed.append(allowed[-1] * 2)
    else:  # one more name kept than the places allow
        allowed.insert(allowed.index(3) + 1, 4)
    assert rejected(board).code == "allowed"


def test_commitment_not_a_point(board: dict[str, Any]) -> None:
    board["manifest"]["commitments"][1][2] = "01" + "00" * 31
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("bad_point", ("commitment", (2, 2)))


# --- 2. the ballots ---------------------------------------------------------------------------------


def test_bad_01_proof(built: Built, board: dict[str, Any]) -> None:
    at = index_of(built, "4")
    proof = board["ballots"][at]["answers"][2]["proof"]
    proof["c"][0] = bump(proof["c"][0])
    failure = rejected(board)
    assert failure.code == "answer_proof"
    assert failure.where[-1] == ("answer", 3)
    assert failure.where[0][0] == "ballot"


def test_bad_flag_proof(board: dict[str, Any]) -> None:
    proof = board["ballots"][1]["flags"][1]["proof"]
    proof["v"][1] = bump(proof["v"][1])
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("flag_proof", ("flag", "all_struck"))


def test_bad_range_proof(board: dict[str, Any]) -> None:
    board["ballots"][2]["range"]["v"][2] = bump(board["ballots"][2]["range"]["v"][2])
    assert rejected(board).code == "range_proof"


def test_ciphertext_replaced_by_an_encryption_of_one(built: Built, board: dict[str, Any]) -> None:
    """Name 2 was struck (0); a 1 with its own correct 0/1 proof goes in: the 0/1 proof holds, the
    range proof of the whole ballot does not."""
    at = index_of(built, "2,5")
    f = facts(built.manifest)
    a, b, r = elgamal.encrypt(f.public_key, 1)
    proof = proofs.disjunctive_prove(f.ctx, "answer:2", f.public_key, a, b, 1, r, [0, 1])
    board["ballots"][at]["answers"][1] = {"A": point_hex(a), "B": point_hex(b), "proof": proof}
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("range_proof", ("range", ""))


def test_ciphertext_swapped_between_two_ballots(board: dict[str, Any]) -> None:
    first, second = board["ballots"][0], board["ballots"][1]
    first["answers"][0], second["answers"][0] = second["answers"][0], first["answers"][0]
    assert rejected(board).code == "range_proof"


def test_ballot_dropped(board: dict[str, Any]) -> None:
    del board["ballots"][2]
    failure = rejected(board)
    assert failure.code == "tally_mismatch"
    assert failure.where == (("answer", 1),)


def test_ballot_added(built: Built, board: dict[str, Any]) -> None:
    from daihoi.core import verifiable as vv

    extra, _ = vv.encrypt_ballot(built.manifest, vv.choice_from_content(built.manifest, "1"))
    board["ballots"] = sorted([*board["ballots"], extra], key=vv.tracker)
    assert rejected(board).code == "tally_mismatch"


def test_ballot_duplicated(board: dict[str, Any]) -> None:
    board["ballots"].insert(3, copy.deepcopy(board["ballots"][3]))
    assert rejected(board).code == "duplicate_tracker"


def test_ciphertext_copied_into_another_ballot() -> None:
    """Without a range proof (no_surplus) a ballot made of others' ciphertexts has valid proofs; the
    repeated A gives it away."""
    from daihoi.core import verifiable as vv

    built = build_board(["121", "212"], form="no_surplus", names=["An", "Bình", "Cường"], limit=3)
    board = copy.deepcopy(built.board)
    fresh, _ = vv.encrypt_ballot(built.manifest, vv.choice_from_content(built.manifest, "111"))
    copied = {**fresh, "answers": [built.ballots[0]["answers"][0], *fresh["answers"][1:]]}
    board["ballots"] = sorted([*board["ballots"], copied], key=vv.tracker)
    failure = rejected(board)
    assert failure.code == "duplicate_ciphertext"
    assert failure.where[-1] == ("answer", 1)


def test_ballots_not_sorted(board: dict[str, Any]) -> None:
    board["ballots"].reverse()
    assert rejected(board).code == "ballot_order"


def test_ballot_for_another_poll(board: dict[str, Any]) -> None:
    board["ballots"][0]["poll"] = "0" * 64
    assert rejected(board).code == "wrong_poll"


def test_ballot_missing_a_name(board: dict[str, Any]) -> None:
    board["ballots"][0]["answers"].pop()
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("ballot_shape", ("field", "answers"))


# Points: the identity, one of small order (order 2), a non-canonical encoding (y = p, i.e. y = 0 again),
# and a point of the curve outside the prime-order subgroup (a valid point plus one of order 2).
ORDER_2 = "ec" + "ff" * 30 + "7f"
MIXED = sodium.crypto_core_ed25519_add(base_mul(5), bytes.fromhex(ORDER_2)).hex()
BAD_POINTS = {
    "identity": "01" + "00" * 31,
    "small_order": ORDER_2,
    "non_canonical": "ed" + "ff" * 30 + "7f",
    "mixed_order": MIXED,
    "upper_case_hex": point_hex(base_mul(7)).upper(),
}


@pytest.mark.parametrize("bad", BAD_POINTS.values(), ids=BAD_POINTS.keys())
def test_invalid_point_in_a_ballot(board: dict[str, Any], bad: str) -> None:
    board["ballots"][1]["answers"][3]["B"] = bad
    failure = rejected(board)
    assert (failure.code, failure.where[-2:]) == ("bad_point", (("answer", 4), ("field", "B")))


@pytest.mark.parametrize("bad", [scalar_hex(0)[:-2] + "f0", (L).to_bytes(32, "little").hex(), "00"])
def test_non_canonical_scalar(board: dict[str, Any], bad: str) -> None:
    board["ballots"][0]["answers"][0]["proof"]["v"][0] = bad
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("bad_scalar", ("field", "v"))


# --- 3. the audited ballots -------------------------------------------------------------------------


def test_audited_reveal_changed_value(board: dict[str, Any]) -> None:
    """The phone says it encrypted 0 for name 1 (struck); the ciphertext holds 1."""
    reveal = board["audited"][0]["reveal"]
    assert reveal["answers"][1][0] == 1
    reveal["answers"][1][0] = 0
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("reveal_mismatch", ("answer", 2))


def test_audited_reveal_changed_randomness(board: dict[str, Any]) -> None:
    reveal = board["audited"][0]["reveal"]
    reveal["flags"][0][1] = bump(reveal["flags"][0][1])
    failure = rejected(board)
    assert (failure.code, failure.where[-1]) == ("reveal_mismatch", ("flag", "too_many"))


def test_audited_ballot_with_a_bad_proof(board: dict[str, Any]) -> None:
    proof = board["audited"][0]["ballot"]["answers"][0]["proof"]
    proof["c"][1] = bump(proof["c"][1])
    assert rejected(board).code == "answer_proof"


def test_audited_ballot_that_was_cast(board: dict[str, Any]) -> None:
    """A challenged ballot is never cast (§4.4): here it is among the cast ballots as well."""
    from daihoi.core import verifiable as vv

    board["ballots"] = sorted([*board["ballots"], board["audited"][0]["ballot"]], key=vv.tracker)
    assert rejected(board).code == "audited_cast"


def test_audited_reveal_of_a_ballot_the_rules_forbid(built: Built, board: dict[str, Any]) -> None:
    """An audited ballot whose ciphertexts open to 2 (not a 0/1 value), with proofs made to pass: the
    reveal matches, the rules refuse it."""
    f = facts(built.manifest)
    opened = board["audited"][0]
    a, b, r = elgamal.encrypt(f.public_key, 2)
    opened["ballot"]["answers"][0]["A"], opened["ballot"]["answers"][0]["B"] = point_hex(a), point_hex(b)
    opened["reveal"]["answers"][0] = [2, scalar_hex(r)]
    assert rejected(board).code == "reveal_not_allowed"


# --- 4. the tally -----------------------------------------------------------------------------------


def test_tally_changed(board: dict[str, Any]) -> None:
    board["tally"][5]["B"] = point_hex(add(bytes.fromhex(board["tally"][5]["B"]), base_mul(1)))
    failure = rejected(board)
    assert (failure.code, failure.where) == ("tally_mismatch", (("flag", "too_many"),))


# --- 5. the decryption shares -----------------------------------------------------------------------


def test_wrong_decryption_share(board: dict[str, Any]) -> None:
    share = board["shares"][1]
    share["D"][0] = point_hex(mul(2, bytes.fromhex(share["D"][0])))
    failure = rejected(board)
    assert (failure.code, failure.where) == ("share_proof", (("trustee", 3), ("answer", 1)))


def test_share_from_a_trustee_not_in_the_manifest(board: dict[str, Any]) -> None:
    board["shares"][2]["trustee"] = 6
    failure = rejected(board)
    assert (failure.code, failure.where) == ("share_unknown_trustee", (("trustee", 6),))


def test_two_shares_from_the_same_trustee(board: dict[str, Any]) -> None:
    board["shares"].append(copy.deepcopy(board["shares"][0]))
    assert rejected(board).code == "share_duplicate_trustee"


def test_fewer_than_k_shares(board: dict[str, Any]) -> None:
    del board["shares"][2]
    failure = rejected(board)
    assert (failure.code, failure.params) == ("not_enough_shares", {"have": 2, "need": 3})


def test_result_names_a_trustee_without_a_share(built: Built, board: dict[str, Any]) -> None:
    board["result"]["trustees"] = [1, 2, 3]
    assert rejected(board).code == "result_trustees"


# --- 6. the result ----------------------------------------------------------------------------------


def test_changed_vote_count(board: dict[str, Any]) -> None:
    board["result"]["votes"][2] += 1
    failure = rejected(board)
    assert (failure.code, failure.where, failure.params) == ("result_votes", (("answer", 3),), {"figure": 3})


def test_votes_moved_between_names(board: dict[str, Any]) -> None:
    votes = board["result"]["votes"]
    votes[0], votes[2] = votes[2], votes[0]
    assert rejected(board).code == "result_votes"


def test_changed_invalid_figure(board: dict[str, Any]) -> None:
    board["result"]["invalid"]["too_many"] += 1
    board["result"]["valid"] -= 1  # consistent with itself, not with the ballots
    failure = rejected(board)
    assert (failure.code, failure.where) == ("result_invalid", (("reason", "too_many"),))


def test_changed_valid_figure(board: dict[str, Any]) -> None:
    board["result"]["valid"] += 1
    assert rejected(board).code == "result_valid"


def test_changed_number_of_ballots(board: dict[str, Any]) -> None:
    board["result"]["ballots"] += 1
    assert rejected(board).code == "result_ballots"


# --- the order of the checks ------------------------------------------------------------------------


def test_the_first_failure_in_board_order_is_reported_in_parallel(
    board: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two bad ballots and a changed count: the earlier ballot's failure, whatever the workers."""
    monkeypatch.setattr(checks, "PARALLEL_FROM", 0)
    for at in (1, 3):
        proof = board["ballots"][at]["answers"][0]["proof"]
        proof["c"][0] = bump(proof["c"][0])
    board["result"]["votes"][0] += 1
    from daihoi_verify.hashing import tracker

    first = ("ballot", tracker(board["ballots"][1])[:9] + "…")
    for workers in (1, 2):
        failure = rejected(board, workers=workers)
        assert (failure.code, failure.where[0]) == ("answer_proof", first)


def test_not_a_board() -> None:
    assert rejected({"format": "daihoi-board/2"}).code == "board_format"
    assert rejected([]).code == "board_format"  # type: ignore[arg-type]


# --- an open poll, and any damage to the JSON ---------------------------------------------------------


def test_open_poll_board_checks_the_ballots_only(built: Built) -> None:
    from daihoi.core import verifiable as vv

    open_board = vv.board(built.manifest, built.ballots, [], None, [], None)
    report = verify(open_board)
    assert report.result is None
    assert report.n_ballots == 5
    open_board["ballots"][0]["range"]["c"][0] = bump(open_board["ballots"][0]["range"]["c"][0])
    assert rejected(open_board).code == "range_proof"


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))] or [path]
    return [path]


def test_any_damaged_value_is_a_failure_never_a_crash(built: Built) -> None:
    """Values of the board replaced by something of another type (or a near miss): the verifier
    refuses each with a check code, it never stops on an exception of its own."""
    import random

    rng = random.Random(5)
    leaves = _leaves(built.board)
    replacements = [None, True, -1, 2**300, 1.5, "", "x", [], {}, "00" * 32, "01" + "00" * 31]
    codes = []
    for path in rng.sample(leaves, 120):
        board = copy.deepcopy(built.board)
        parent = board
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = rng.choice(replacements)
        try:
            verify(board)
        except Failure as failure:
            codes.append(failure.code)
    assert len(codes) == 120  # every change is caught
    assert set(codes) <= set(CODES)
