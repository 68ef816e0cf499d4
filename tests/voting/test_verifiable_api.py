"""The phone's API of a verifiable poll (manifest, encrypted cast, challenged ballot) and the public
board's JSON download."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client
from test_voting_api import bind, phone_client, post
from verifiable_setup import challenged, encrypted

from daihoi.core import verifiable as core
from daihoi.voting.models import EncryptedBallot, Participation
from daihoi.voting.services import polls

pytestmark = pytest.mark.django_db


@pytest.fixture
def vpoll(v_election, ceremony):
    return polls.open_poll(v_election.rounds.get())


def test_the_phone_encrypts_under_the_manifest_and_casts(vpoll, v_election):
    token, _device = bind(v_election.congress, 7)
    phone = phone_client(token)
    r = phone.get(f"/api/voting/polls/{vpoll.pk}/manifest")
    assert r.status_code == 200
    manifest = r.json()["manifest"]
    assert manifest == vpoll.manifest
    assert r.json()["uuid"] == str(vpoll.uuid)
    assert Client().get(f"/api/voting/polls/{vpoll.pk}/manifest").status_code == 403  # no phone

    url = f"/api/voting/polls/{vpoll.pk}/encrypted-ballot"
    bad = encrypted(manifest, "9,10")
    bad["range"]["c"][0], bad["range"]["c"][1] = bad["range"]["c"][1], bad["range"]["c"][0]
    r = post(phone, url, {"ballot": bad})
    assert r.status_code == 400
    assert r.json()["code"] == "ballot_rejected"
    r = post(phone, url, {"ballot": {"poll": "x"}, "other": 1})
    assert r.status_code == 400
    assert r.json()["code"] == "ballot_malformed"
    assert not Participation.objects.filter(poll=vpoll).exists()

    ballot = encrypted(manifest, "9,10")
    r = post(phone, url, {"ballot": ballot})
    assert r.status_code == 201
    assert r.json() == {"tracker": core.tracker(ballot)}
    assert EncryptedBallot.objects.get(poll=vpoll).body == core.canonical_json(ballot).decode()
    r = post(phone, url, {"ballot": encrypted(manifest, "1,2")})
    assert r.status_code == 409
    assert r.json()["code"] == "voted_electronically"
    other_token, _device = bind(v_election.congress, 8)
    r = post(phone_client(other_token), url, {"ballot": ballot})
    assert r.status_code == 409
    assert r.json()["code"] == "duplicate_ciphertext"
    r = post(phone_client(other_token), f"/api/voting/polls/{vpoll.pk}/ballot", {"struck": [9, 10]})
    assert r.status_code == 409
    assert r.json()["code"] == "poll_encrypted_only"
    r = post(phone_client(other_token), "/api/voting/polls/999999/encrypted-ballot", {"ballot": ballot})
    assert r.status_code == 404


def test_a_plain_poll_takes_no_encrypted_ballot(e_election):
    poll = polls.open_poll(e_election.rounds.get())
    token, _device = bind(e_election.congress, 7)
    r = phone_client(token).get(f"/api/voting/polls/{poll.pk}/manifest")
    assert r.status_code == 409
    assert r.json()["code"] == "poll_not_verifiable"
    r = post(phone_client(token), f"/api/voting/polls/{poll.pk}/encrypted-ballot", {"ballot": {}})
    assert r.status_code == 409
    assert r.json()["code"] == "poll_not_verifiable"
    assert Client().get(f"/board/{poll.uuid}.json").status_code == 404


def test_a_challenged_ballot_goes_on_the_public_board(vpoll, v_election):
    token, _device = bind(v_election.congress, 7)
    ballot, opened = challenged(vpoll.manifest, "3,10")
    r = post(
        phone_client(token),
        f"/api/voting/polls/{vpoll.pk}/audited-ballot",
        {"ballot": ballot, "reveal": opened},
    )
    assert r.status_code == 201
    assert r.json() == {"tracker": core.tracker(ballot), "kept": [1, 2, 4, 5, 6, 7, 8, 9]}
    opened["answers"][0][1] = opened["answers"][1][1]
    again, _o = challenged(vpoll.manifest, "3,10")
    r = post(
        phone_client(token),
        f"/api/voting/polls/{vpoll.pk}/audited-ballot",
        {"ballot": again, "reveal": opened},
    )
    assert r.status_code == 400
    assert r.json()["code"] == "reveal_rejected"

    anonymous = Client()
    r = anonymous.get(f"/board/{vpoll.uuid}.json")
    assert r.status_code == 200
    assert r["Content-Disposition"] == f'attachment; filename="bang-phieu-{vpoll.uuid}.json"'
    data = json.loads(r.content)
    assert data["audited"][0]["ballot"] == ballot
    assert data["trackers"] == []
    assert anonymous.get("/board/not-a-uuid.json").status_code == 404


def test_the_closed_board_is_the_canonical_json_anyone_hashes(vpoll, v_election, phones):
    manifest = vpoll.manifest
    for n in (1, 2, 3):
        token = bind(v_election.congress, 40 + n)[0]
        r = post(
            phone_client(token),
            f"/api/voting/polls/{vpoll.pk}/encrypted-ballot",
            {"ballot": encrypted(manifest, "9,10")},
        )
        assert r.status_code == 201
    polls.close_poll(vpoll)
    r = Client().get(f"/board/{vpoll.uuid}.json")
    assert r.status_code == 200
    data = json.loads(r.content)
    assert r.content == core.canonical_json(data)
    assert len(data["ballots"]) == 3
    assert data["ballots"] == sorted(data["ballots"], key=core.tracker)
    assert data["result"] is None
    assert len(data["tally"]) == 12
    assert hashlib.sha256(r.content).hexdigest() == hashlib.sha256(core.canonical_json(data)).hexdigest()
