"""The key ceremony's services (docs/verifiable-voting.md §2): 3 of 5 Python key holders create one
election key; every refusal in words; a complaint cancels naming the dealer; cancel refused once a poll
used the key; lost links replaced; the ballot form's change cancels a live ceremony."""

from __future__ import annotations

import hashlib

import pytest
from ceremony_trustees import run_ceremony, trustees

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services as congress_services
from daihoi.congresses.errors import CongressError
from daihoi.core.verifiable import ceremony as vc
from daihoi.core.verifiable.group import add, base_mul, mul, point_hex, scalar_hex
from daihoi.core.verifiable.tally import lagrange
from daihoi.voting.errors import VotingError
from daihoi.voting.models import CeremonyStatus, KeyCeremony, Poll, Trustee
from daihoi.voting.services import ceremony as ceremonies

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


@pytest.fixture
def verifiable(session):
    session.ballot_form = "verifiable"
    session.save(update_fields=["ballot_form"])
    return session


@pytest.fixture
def started(verifiable):
    return ceremonies.start_ceremony(verifiable, names=NAMES, threshold=3)


def actions(ceremony: KeyCeremony) -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="voting.ceremony.", object_id=str(ceremony.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def refused(code: str, call, *args, **kwargs) -> VotingError:
    with pytest.raises(VotingError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_three_of_five_python_key_holders_create_one_election_key(started):
    ceremony, tokens = started
    # One-time links: five distinct tokens, only their SHA-256 stored.
    assert sorted(tokens) == [1, 2, 3, 4, 5]
    assert len(set(tokens.values())) == 5
    for index, token in tokens.items():
        t = Trustee.objects.get(ceremony=ceremony, index=index)
        assert t.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in t.token_hash
        assert ceremonies.trustee_for_token(token) == t
    assert [t.name for t in ceremony.trustee_set.order_by("index")] == NAMES

    people = trustees(ceremony)
    stages = []
    for step in ("join", "deal", "confirm"):
        for p in people:
            getattr(p, step)()
            ceremony.refresh_from_db()
            stages.append(ceremony.status)
    # The stage moves on with the last of the five, never before.
    assert stages == ["keys"] * 4 + ["dealing"] + ["dealing"] * 4 + ["confirming"] + ["confirming"] * 4 + [
        "complete"
    ]
    assert ceremony.completed_at is not None
    deals = {t.index: [bytes.fromhex(c) for c in t.deal["commitments"]] for t in ceremony.trustee_set.all()}
    assert ceremony.public_key == point_hex(vc.public_key(deals))
    for p in people:
        p.trustee.refresh_from_db()
        assert p.trustee.verification_key == point_hex(base_mul(p.share))
    # Any 3 shares open the key (Σ λ_i X_i = H), as the decryption will: the key exists nowhere else.
    keys = {p.trustee.index: base_mul(p.share) for p in people}
    for chosen in ([1, 2, 3], [2, 4, 5], [1, 3, 5]):
        total = None
        for i in chosen:
            term = mul(lagrange(i, chosen), keys[i])
            total = term if total is None else add(total, term)
        assert point_hex(total) == ceremony.public_key
    assert actions(ceremony) == (
        ["voting.ceremony.started"]
        + ["voting.ceremony.key_posted"] * 5
        + ["voting.ceremony.dealt"] * 5
        + ["voting.ceremony.confirmed"] * 5
        + ["voting.ceremony.completed"]
    )
    started_entry = AuditEntry.objects.get(action="voting.ceremony.started", object_id=str(ceremony.pk))
    assert started_entry.data == {"trustees": 5, "threshold": 3, "holder_names": NAMES}
    # Complete: every step refused, and a second ceremony cannot start.
    refused("ceremony_complete", people[0].join)
    refused("ceremony_exists", ceremonies.start_ceremony, ceremony.congress, names=NAMES, threshold=3)
    assert ceremonies.fingerprint(ceremony.public_key).count(" ") == 4


def test_start_refusals_in_words(session, verifiable):
    refused("ceremony_names_empty", ceremonies.start_ceremony, verifiable, names=["", "  "], threshold=2)
    e = refused(
        "ceremony_names_repeated",
        ceremonies.start_ceremony,
        verifiable,
        names=["An", "Bình", "an"],
        threshold=2,
    )
    assert "“an”" in e.message
    e = refused("ceremony_threshold", ceremonies.start_ceremony, verifiable, names=NAMES, threshold=1)
    assert "từ 2" in e.message
    refused("ceremony_threshold", ceremonies.start_ceremony, verifiable, names=NAMES, threshold=6)
    refused(
        "ceremony_trustees",
        ceremonies.start_ceremony,
        verifiable,
        names=[f"T{i}" for i in range(16)],
        threshold=3,
    )
    assert not KeyCeremony.objects.exists()
    verifiable.ballot_form = "electronic"
    verifiable.save(update_fields=["ballot_form"])
    e = refused("ceremony_not_verifiable", ceremonies.start_ceremony, verifiable, names=NAMES, threshold=3)
    assert "mã hoá" in e.message


def test_steps_out_of_turn_and_bad_messages_are_refused_and_nothing_is_kept(started):
    ceremony, _tokens = started
    people = trustees(ceremony)
    a, b = people[0], people[1]
    # A deal before every key is in: wrong stage, in words naming the stage.
    e = refused(
        "ceremony_wrong_stage", ceremonies.post_deal, a.trustee, {"commitments": [], "pok": {}, "shares": []}
    )
    assert "(Người giữ khoá đang tham gia)" in e.message
    # A communication key that is not a point, and a proof made for another key holder's index.
    secret, message = vc.comm_key(ceremony.context, 1)
    e = refused("ceremony_bad_message", ceremonies.post_comm_key, a.trustee, {**message, "E": "00" * 32})
    assert "E" in e.message
    refused("ceremony_bad_message", ceremonies.post_comm_key, b.trustee, message)  # pok for index 1
    refused("ceremony_bad_message", ceremonies.post_comm_key, a.trustee, "not a message")
    other = vc.comm_key("ceremony:another", 1)[1]
    e = refused("ceremony_bad_message", ceremonies.post_comm_key, a.trustee, other)  # another ceremony
    assert "pok" in e.message
    a.trustee.refresh_from_db()
    assert a.trustee.comm_key is None
    ceremonies.post_comm_key(a.trustee, message)
    refused("ceremony_step_done", ceremonies.post_comm_key, a.trustee, message)
    a.secret = secret
    for p in people[1:]:
        p.join()
    # Deals: the wrong number of commitments, a share missing, a commitment off the group.
    good = a.deal_message()
    refused(
        "ceremony_bad_message",
        ceremonies.post_deal,
        a.trustee,
        {**good, "commitments": good["commitments"][:2]},
    )
    refused("ceremony_bad_message", ceremonies.post_deal, a.trustee, {**good, "shares": good["shares"][:4]})
    bad = {**good, "commitments": [good["commitments"][0], "ff" * 32, good["commitments"][2]]}
    e = refused("ceremony_bad_message", ceremonies.post_deal, a.trustee, bad)
    assert "commitments[1]" in e.message
    refused("ceremony_bad_message", ceremonies.post_deal, b.trustee, good)  # a's proof under b's index
    refused("ceremony_wrong_stage", ceremonies.post_confirmation, a.trustee, {"X": "", "pok": {}})
    refused("ceremony_wrong_stage", ceremonies.post_complaint, a.trustee, 2)
    ceremonies.post_deal(a.trustee, good)
    for p in people[1:]:
        p.deal()
    # Confirmation: an X that is not the commitments' X_i, a proof for another index.
    share, _ = a.received()
    wrong = vc.confirm(ceremony.context, 1, (share + 1))
    e = refused("ceremony_bad_message", ceremonies.post_confirmation, a.trustee, wrong)
    assert "X" in e.message
    refused(
        "ceremony_bad_message",
        ceremonies.post_confirmation,
        b.trustee,
        vc.confirm(ceremony.context, 1, share),
    )
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.CONFIRMING
    assert not ceremony.trustee_set.filter(confirmation__isnull=False).exists()


def test_a_complaint_cancels_the_ceremony_naming_the_dealer(started):
    ceremony, _tokens = started
    people = trustees(ceremony)
    for p in people:
        p.join()
    for p in people:
        if p.trustee.index == 4:  # dealer 4 encrypts a wrong share to key holder 2
            message = p.deal_message()
            message["shares"][1]["enc"] = scalar_hex(7)
            ceremonies.post_deal(p.trustee, message)
        else:
            p.deal()
    _share, complaints = people[1].received()
    assert complaints == [4]
    refused("ceremony_trustee_unknown", ceremonies.post_complaint, people[1].trustee, 9)
    ceremonies.post_complaint(people[1].trustee, complaints[0])
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.CANCELLED
    assert ceremony.cancelled_at is not None
    assert "số 4" in ceremony.cancel_reason
    assert NAMES[3] in ceremony.cancel_reason
    entry = AuditEntry.objects.get(action="voting.ceremony.complaint", object_id=str(ceremony.pk))
    assert entry.data == {"key_holder": 2, "dealer": 4}
    assert Trustee.objects.get(ceremony=ceremony, index=2).complaint_against == 4
    refused("ceremony_none", people[0].confirm)
    # Run again: a new ceremony with new links.
    again, _tokens = ceremonies.start_ceremony(ceremony.congress, names=NAMES, threshold=3)
    assert again.pk != ceremony.pk
    assert again.status == CeremonyStatus.KEYS


def test_cancel_needs_a_reason_and_is_refused_once_a_poll_used_the_key(verifiable, committee_election):
    ceremony, _tokens = ceremonies.start_ceremony(verifiable, names=NAMES[:3], threshold=2)
    refused("ceremony_reason_missing", ceremonies.cancel_ceremony, ceremony, "   ")
    ceremonies.cancel_ceremony(ceremony, "Thiếu một thành viên")
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.CANCELLED
    assert ceremony.cancel_reason == "Thiếu một thành viên"
    refused("ceremony_none", ceremonies.cancel_ceremony, ceremony, "lần nữa")
    assert "voting.ceremony.cancelled" in actions(ceremony)

    second, _tokens = ceremonies.start_ceremony(verifiable, names=NAMES[:3], threshold=2)
    run_ceremony(second)
    Poll.objects.create(round=committee_election.rounds.get(), ceremony=second)
    e = refused("ceremony_key_in_use", ceremonies.cancel_ceremony, second, "muốn làm lại")
    assert "không thể huỷ" in e.message
    second.refresh_from_db()
    assert second.status == CeremonyStatus.COMPLETE


def test_a_lost_link_is_replaced_and_the_old_one_stops_working(started):
    ceremony, tokens = started
    trustee = Trustee.objects.get(ceremony=ceremony, index=2)
    new = ceremonies.reissue_link(trustee)
    assert new != tokens[2]
    assert ceremonies.trustee_for_token(tokens[2]) is None
    assert ceremonies.trustee_for_token(new) == trustee
    assert ceremonies.trustee_for_token("x" * 500) is None
    assert ceremonies.trustee_for_token("") is None
    entry = AuditEntry.objects.get(action="voting.ceremony.link_reissued", object_id=str(ceremony.pk))
    assert entry.data == {"key_holder": 2}
    ceremonies.cancel_ceremony(ceremony, "làm lại")
    refused("ceremony_none", ceremonies.reissue_link, trustee)


def test_changing_the_ballot_form_cancels_a_live_ceremony(started):
    ceremony, _tokens = started
    congress = ceremony.congress
    congress_services.set_ballot_form(congress, "electronic")
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.CANCELLED
    assert "không còn" in ceremony.cancel_reason
    assert "voting.ceremony.cancelled" in actions(ceremony)
    # Back to verifiable: a new ceremony may start.
    congress_services.set_ballot_form(congress, "verifiable")
    ceremonies.start_ceremony(congress, names=NAMES, threshold=3)


def test_the_ballot_form_cannot_change_once_a_poll_used_the_key(verifiable, committee_election):
    ceremony, _tokens = ceremonies.start_ceremony(verifiable, names=NAMES[:3], threshold=2)
    run_ceremony(ceremony)
    Poll.objects.create(round=committee_election.rounds.get(), ceremony=ceremony)
    with pytest.raises((CongressError, VotingError)):
        congress_services.set_ballot_form(verifiable, "paper")
    ceremony.refresh_from_db()
    verifiable.refresh_from_db()
    assert ceremony.status == CeremonyStatus.COMPLETE
    assert verifiable.ballot_form == "verifiable"


def test_device_state_shows_each_stage_only_what_is_public(started):
    ceremony, _tokens = started
    people = trustees(ceremony)
    s = people[0].state
    assert (s["stage"], s["index"], s["trustees"], s["threshold"]) == ("keys", 1, 5, 3)
    assert s["context"] == f"ceremony:{ceremony.uuid}"
    assert s["comm_keys"] is None
    assert s["deals"] is None
    for p in people:
        p.join()
    s = people[0].state
    assert s["stage"] == "dealing"
    assert sorted(s["comm_keys"]) == ["1", "2", "3", "4", "5"]
    assert s["deals"] is None
    for p in people:
        p.deal()
    s = people[0].state
    assert s["stage"] == "confirming"
    assert sorted(s["deals"]) == ["1", "2", "3", "4", "5"]
    assert s["done"] == {"joined": 5, "dealt": 5, "confirmed": 0}
    for p in people:
        p.confirm()
    s = people[2].state
    assert s["stage"] == "complete"
    assert s["public_key"] == KeyCeremony.objects.get().public_key
    assert s["verification_key"] == point_hex(base_mul(people[2].share))
    assert s["fingerprint"] == ceremonies.fingerprint(s["public_key"])
