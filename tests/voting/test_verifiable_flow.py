"""A verifiable poll through the services: open (the manifest), encrypted casts (refusals included),
close (the encrypted tally), decryption by 3 of 5 trustees, the engine's count on the decrypted figures
equal to the plain engine's count of the same ballots, the board."""

from __future__ import annotations

import copy
import hashlib

import numpy as np
import pytest
from verifiable_setup import VOTERS_30, challenged, encrypted

from daihoi.core import verifiable as core
from daihoi.core.election import BallotCounter
from daihoi.core.election import result as engine_result
from daihoi.elections import services as election_services
from daihoi.elections.errors import ElectionError
from daihoi.elections.services.engine import content_row, engine_input
from daihoi.voting import board
from daihoi.voting.errors import VotingError
from daihoi.voting.models import CiphertextKey, EncryptedBallot, Participation, Trustee
from daihoi.voting.services import polls, verifiable

pytestmark = pytest.mark.django_db

# 20 ballots of the 8-seat, 10-name list: valid ones, too many kept (none struck), all struck.
CONTENTS = (
    ["9,10"] * 8
    + ["1,2"] * 4
    + ["1,2,3"] * 2  # 7 kept: valid
    + ["5,6,7,8,9,10"]  # 4 kept
    + ["", ""]  # 10 kept > 8: invalid, too many
    + ["1,2,3,4,5,6,7,8,9,10"]  # all struck: invalid
    + ["3,10", "4,9"]
)


def _expected(rnd, contents):
    """The plain engine's result on the same ballots as plaintext."""
    e = engine_input(rnd)
    counter = BallotCounter(e)
    counter.add(np.stack([content_row(rnd, c) for c in contents]), 0, None)
    return engine_result(e, counter)


def test_open_fixes_the_manifest(v_election, ceremony, phones):
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    m = poll.manifest
    assert poll.verifiable
    assert poll.ceremony == ceremony[0]
    assert poll.context == core.context(m)
    assert (m["form"], m["limit"], m["reasons"], m["threshold"]) == (
        "surplus",
        8,
        ["too_many", "all_struck"],
        3,
    )
    names = [rc.candidate.full_name for rc in rnd.entries.select_related("candidate").order_by("position")]
    assert [c["name"] for c in m["candidates"]] == names
    assert m["allowed"] == [1, 2, 3, 4, 5, 6, 7, 8, 11, 22]
    assert m["poll"] == str(poll.uuid)
    assert m["public_key"] == ceremony[0].public_key
    assert [t["name"] for t in m["trustees"]] == list(
        Trustee.objects.order_by("index").values_list("name", flat=True)
    )
    core.check_manifest_keys(m)


def test_no_verifiable_poll_without_the_election_key(v_election, phones):
    with pytest.raises(VotingError) as err:
        polls.open_poll(v_election.rounds.get())
    assert err.value.code == "poll_no_election_key"


def test_full_flow_3_of_5(v_election, ceremony, phones):
    _c, shares = ceremony
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    manifest = verifiable.manifest_of(poll)
    voters = VOTERS_30[: len(CONTENTS)]
    cast = {}
    for n, content in zip(voters, CONTENTS, strict=True):
        ballot = encrypted(manifest, content)
        tracker = verifiable.cast_encrypted(poll.pk, phones[n], ballot)
        assert tracker == core.tracker(ballot)
        assert len(tracker.split()) == 13
        cast[n] = ballot
    assert EncryptedBallot.objects.filter(poll=poll).count() == 20
    spare = VOTERS_30[20:]

    # the same ballot again from another phone: its ciphertexts are taken; nothing is kept of that voter
    with pytest.raises(VotingError) as err:
        verifiable.cast_encrypted(poll.pk, phones[spare[0]], cast[voters[0]])
    assert err.value.code == "duplicate_ciphertext"
    assert not Participation.objects.filter(poll=poll, delegate=phones[spare[0]].delegate).exists()
    # a second ballot from a delegate who cast
    with pytest.raises(VotingError) as err:
        verifiable.cast_encrypted(poll.pk, phones[voters[1]], encrypted(manifest, "9,10"))
    assert err.value.code == "voted_electronically"
    # a tampered proof: refused naming the name in words
    bad = encrypted(manifest, "9,10")
    proof = bad["answers"][2]["proof"]
    proof["v"][0] = core.group.scalar_hex((core.group.scalar_from_hex(proof["v"][0], "v") + 1) % core.L)
    with pytest.raises(VotingError) as err:
        verifiable.cast_encrypted(poll.pk, phones[spare[0]], bad)
    assert err.value.code == "ballot_rejected"
    assert manifest["candidates"][2]["name"] in err.value.message
    # a ballot of another poll, and a plaintext cast: refused
    other = copy.deepcopy(encrypted(manifest, "9,10"))
    other["poll"] = "0" * 64
    with pytest.raises(VotingError) as err:
        verifiable.cast_encrypted(poll.pk, phones[spare[0]], other)
    assert err.value.code == "ballot_rejected"
    with pytest.raises(VotingError) as err:
        polls.cast_ballot(poll, phones[spare[0]], polls.read_ballot(rnd, struck=[9, 10]))
    assert err.value.code == "poll_encrypted_only"
    assert Participation.objects.filter(poll=poll).count() == 20

    polls.close_poll(poll)
    poll.refresh_from_db()
    rnd.refresh_from_db()
    assert (poll.electronic, rnd.electronic, rnd.returned) == (20, 20, 20)
    assert not CiphertextKey.objects.filter(poll=poll).exists()
    assert len(poll.tally) == 12
    assert poll.result is None
    with pytest.raises(ElectionError) as err:
        election_services.count_round(rnd)
    assert err.value.code == "poll_awaiting_decryption"
    with pytest.raises(ElectionError) as err:
        election_services.close_round(rnd)
    assert err.value.code == "poll_awaiting_decryption"

    task = verifiable.tally_for_decryption(poll)
    assert task["ballots"] == 20
    assert task["manifest"] == manifest
    tally = [(bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in task["tally"]]
    trustees = {t.index: t for t in Trustee.objects.filter(ceremony=poll.ceremony)}
    assert verifiable.decryption_tasks(trustees[1]) == [poll]

    def share(i):
        return core.decryption_share(manifest, tally, shares[i])

    verifiable.submit_decryption_share(poll, trustees[1], share(1))
    assert verifiable.decryption_tasks(trustees[1]) == []
    with pytest.raises(VotingError) as err:
        verifiable.submit_decryption_share(poll, trustees[1], share(1))
    assert err.value.code == "decryption_share_exists"
    wrong = share(4)
    wrong["D"][0], wrong["D"][1] = wrong["D"][1], wrong["D"][0]
    with pytest.raises(VotingError) as err:
        verifiable.submit_decryption_share(poll, trustees[4], wrong)
    assert err.value.code == "decryption_share_rejected"
    with pytest.raises(VotingError) as err:  # trustee 5's share posted as trustee 4's
        verifiable.submit_decryption_share(poll, trustees[4], share(5))
    assert err.value.code == "decryption_share_rejected"
    verifiable.submit_decryption_share(poll, trustees[4], share(4))
    poll.refresh_from_db()
    assert poll.result is None
    assert verifiable.shares_in(poll) == 2
    with pytest.raises(ElectionError):
        election_services.count_round(rnd)
    verifiable.submit_decryption_share(poll, trustees[5], share(5))
    poll.refresh_from_db()
    assert poll.result["trustees"] == [1, 4, 5]
    assert poll.decrypted_at is not None
    assert poll.result["invalid"] == {"too_many": 2, "all_struck": 1}
    assert poll.result["valid"] == 17
    with pytest.raises(VotingError) as err:
        verifiable.submit_decryption_share(poll, trustees[2], share(2))
    assert err.value.code == "poll_decrypted"
    assert verifiable.decrypting_trustees(poll) == [trustees[i].name for i in (1, 4, 5)]

    got = election_services.count_round(rnd)
    assert got == _expected(rnd, CONTENTS)
    rnd = election_services.close_round(rnd)
    assert (rnd.result["ballots"]["valid"], rnd.result["ballots"]["invalid"]) == (17, 3)

    # the board: §5, ballots sorted by tracker, and everything checks with the core
    data = board.board_json(poll)
    assert set(data) == {"format", "manifest", "ballots", "audited", "tally", "shares", "result"}
    assert data["ballots"] == sorted(cast.values(), key=core.tracker)
    assert [s["trustee"] for s in data["shares"]] == [1, 4, 5]
    parsed = [core.verify_ballot(data["manifest"], b) for b in data["ballots"]]
    sums = core.tally(data["manifest"], parsed)
    assert [{"A": a.hex(), "B": b.hex()} for a, b in sums] == data["tally"]
    assert core.combine(data["manifest"], sums, data["shares"], 20).to_dict() == data["result"]
    raw = board.board_bytes(poll)
    assert raw == core.canonical_json(data)
    assert board.board_fingerprint(poll) == hashlib.sha256(raw).hexdigest()


def test_a_challenged_ballot_is_posted_and_never_cast(v_election, ceremony, phones):
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    manifest = poll.manifest
    n = VOTERS_30[0]
    ballot, opened = challenged(manifest, "2,5")
    tracker, kept = verifiable.post_audited(poll.pk, phones[n], ballot, opened)
    assert tracker == core.tracker(ballot)
    assert kept == [1, 3, 4, 6, 7, 8, 9, 10]
    assert verifiable.post_audited(poll.pk, phones[n], ballot, opened) == (tracker, kept)  # sent again
    with pytest.raises(VotingError) as err:  # a challenged ballot cannot be cast
        verifiable.cast_encrypted(poll.pk, phones[n], ballot)
    assert err.value.code == "duplicate_ciphertext"
    lying = copy.deepcopy(challenged(manifest, "9,10"))
    lying[1]["answers"][0][0] = 1 - lying[1]["answers"][0][0]
    with pytest.raises(VotingError) as err:
        verifiable.post_audited(poll.pk, phones[n], *lying)
    assert err.value.code == "reveal_rejected"
    real = encrypted(manifest, "9,10")
    verifiable.cast_encrypted(poll.pk, phones[n], real)
    with pytest.raises(VotingError) as err:  # once cast, no more challenges
        verifiable.post_audited(poll.pk, phones[n], *challenged(manifest, "9,10"))
    assert err.value.code == "voted_electronically"
    data = board.board_json(poll)
    assert data["audited"] == [{"ballot": ballot, "reveal": opened}]
    assert data["result"] is None
    assert data["tally"] == []
    assert data["ballots"] == []
    assert data["trackers"] == [core.tracker(real)]


def test_a_poll_without_phone_ballots_is_decrypted_at_close(v_election, ceremony, phones):
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    for n in (40, 41):
        polls.issue_paper_ballot(poll, str(n))
    polls.close_poll(poll)
    poll.refresh_from_db()
    assert poll.electronic == 0
    assert poll.result == {
        "ballots": 0,
        "votes": [0] * 10,
        "invalid": {"too_many": 0, "all_struck": 0},
        "valid": 0,
        "trustees": [],
    }
    assert verifiable.decryption_tasks(Trustee.objects.get(ceremony=poll.ceremony, index=1)) == []


def test_a_hybrid_poll_adds_the_decrypted_part_to_the_paper_count(v_election, ceremony, phones):
    _c, shares = ceremony
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    phone_contents = ["9,10"] * 5 + ["1,2", ""]
    for n, content in zip(VOTERS_30, phone_contents, strict=False):
        verifiable.cast_encrypted(poll.pk, phones[n], encrypted(poll.manifest, content))
    for n in (40, 41, 42):
        polls.issue_paper_ballot(poll, str(n))
    polls.close_poll(poll)
    rnd.refresh_from_db()
    rnd = election_services.set_counts(rnd, issued=3, returned=3)
    for clerk in (1, 2):
        for position, text in enumerate(["9 10", "1 2", "10"], start=1):
            election_services.enter_ballot(rnd, clerk=clerk, position=position, text=text, confirm=True)
    with pytest.raises(ElectionError) as err:
        election_services.close_round(rnd)
    assert err.value.code == "poll_awaiting_decryption"
    poll.refresh_from_db()
    tally = [(bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in poll.tally]
    for i in (2, 3, 5):
        trustee = Trustee.objects.get(ceremony=poll.ceremony, index=i)
        verifiable.submit_decryption_share(
            poll, trustee, core.decryption_share(poll.manifest, tally, shares[i])
        )
    rnd = election_services.close_round(rnd)
    expected = _expected(rnd, [*phone_contents, "9,10", "1,2", "10"])
    assert rnd.result == expected.to_dict()
    figures = rnd.result["ballots"]
    assert (figures["valid"], figures["invalid"], figures["returned"]) == (8, 2, 10)
