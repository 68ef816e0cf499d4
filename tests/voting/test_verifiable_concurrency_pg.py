"""One delegate, one encrypted ballot, under concurrency: threads with their own connections released
together by a barrier (as tests/voting/test_concurrency_pg.py for plain ballots). On PostgreSQL the casts
really run side by side; SQLite serializes writers, so the race is PostgreSQL's.

- One delegate's phone sends two different encrypted ballots at once: one Participation, one ballot, one
  set of ciphertext keys; the other refused `voted_electronically`.
- Two delegates send the same encrypted ballot at once: one is kept, the other refused
  `duplicate_ciphertext` with nothing of that delegate stored.
"""

from __future__ import annotations

import pytest
from django.db import connection
from secrecy_setup import build
from test_concurrency_pg import _run
from verifiable_setup import encrypted, make_ceremony

from daihoi.core import verifiable as core
from daihoi.voting.models import CiphertextKey, EncryptedBallot, Participation
from daihoi.voting.services import polls, verifiable

pytestmark = pytest.mark.django_db(transaction=True)


def _verifiable_poll(voters: int):
    setup = build(voters)
    congress = setup.congress
    congress.ballot_form = "verifiable"
    congress.save(update_fields=["ballot_form"])
    make_ceremony(congress)
    return setup, polls.open_poll(setup.round)


def _skip_on_sqlite() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers: simultaneous casts race on PostgreSQL only")


def test_one_delegate_casting_twice_at_once_stores_one_ballot():
    _skip_on_sqlite()
    setup, poll = _verifiable_poll(13)
    device = setup.devices[13]
    ballots = [encrypted(poll.manifest, "9,10"), encrypted(poll.manifest, "1,2")]
    outcomes = _run([lambda b=b: verifiable.cast_encrypted(poll.pk, device, b) for b in ballots], _barrier(2))
    assert sorted(outcomes, key=str) == ["ok", "voted_electronically"]
    assert Participation.objects.filter(poll=poll).count() == 1
    kept = ballots[outcomes.index("ok")]
    assert [b.tracker for b in EncryptedBallot.objects.filter(poll=poll)] == [
        core.tracker_key(core.tracker(kept))
    ]
    assert CiphertextKey.objects.filter(poll=poll).count() == 12


def test_two_delegates_sending_one_ballot_at_once_store_it_once():
    _skip_on_sqlite()
    setup, poll = _verifiable_poll(13)
    ballot = encrypted(poll.manifest, "9,10")
    devices = [setup.devices[12], setup.devices[13]]
    outcomes = _run([lambda d=d: verifiable.cast_encrypted(poll.pk, d, ballot) for d in devices], _barrier(2))
    assert sorted(outcomes, key=str) == ["duplicate_ciphertext", "ok"]
    winner = devices[outcomes.index("ok")]
    assert list(Participation.objects.filter(poll=poll).values_list("delegate_id", flat=True)) == [
        winner.delegate_id
    ]
    assert EncryptedBallot.objects.filter(poll=poll).count() == 1


def _barrier(n: int):
    import threading

    return threading.Barrier(n)
