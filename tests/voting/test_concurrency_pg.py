"""One delegate, one vote, under concurrency (issue 12, "Secrecy and integrity"): threads with their own
database connections, released together by a barrier.

- 20 simultaneous submissions of one delegate: exactly one Participation and one Ballot, 19 refusals
  `voted_electronically` (the unique constraint decides on PostgreSQL, where the casts really run side
  by side; skipped on SQLite, whose writers queue one after the other and never race).
- Casts racing the poll's close: each cast is either counted (its Participation, a Ballot, and in the
  frozen `poll.electronic`) or refused `poll_closed`; never one row without the other. Run on both
  databases: on SQLite the writers are serialized, so it checks the outcome of every interleaving the
  queue allows; on PostgreSQL the casts share-lock the poll row and the close waits for them.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from secrecy_setup import build

from daihoi.voting.errors import VotingError
from daihoi.voting.models import Ballot, Participation, PollStatus
from daihoi.voting.services import polls

pytestmark = pytest.mark.django_db(transaction=True)


def _run(workers: list, barrier: threading.Barrier) -> list:
    """Run each callable in its own thread after the barrier; return their outcomes: "ok", the
    VotingError's code, or the unexpected exception itself."""
    outcomes: list = [None] * len(workers)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            workers[i]()
            outcomes[i] = "ok"
        except VotingError as exc:
            outcomes[i] = exc.code
        except BaseException as exc:  # reported by the assertions
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return outcomes


def test_twenty_simultaneous_submissions_of_one_delegate_store_one_ballot():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers: simultaneous submissions are tested on PostgreSQL")
    setup = build(13)
    rnd = setup.round
    poll = polls.open_poll(rnd)
    device = setup.devices[13]
    contents = [polls.read_ballot(rnd, struck=[1 + i % 10]) for i in range(20)]
    barrier = threading.Barrier(20)
    outcomes = _run([lambda c=c: polls.cast_ballot(poll, device, c) for c in contents], barrier)
    assert sorted(outcomes, key=str) == ["ok"] + ["voted_electronically"] * 19
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Participation.objects.get(poll=poll).delegate.number == 13
    assert Ballot.objects.filter(poll=poll).count() == 1
    # The ballot stored is the one of the submission that was accepted.
    winner = contents[outcomes.index("ok")].content
    assert Ballot.objects.get(poll=poll).content == winner


def test_a_cast_racing_the_close_is_counted_or_refused_never_half_stored():
    voters = 40
    setup = build(voters)
    rnd = setup.round
    poll = polls.open_poll(rnd)
    numbers = sorted(setup.devices)
    ballot = polls.read_ballot(rnd, struck=[9, 10])

    def closer() -> None:
        # Close once some ballots are in and while the other threads are still casting.
        deadline = time.monotonic() + 30
        while Participation.objects.filter(poll=poll).count() < 8 and time.monotonic() < deadline:
            time.sleep(0.001)
        polls.close_poll(poll)

    def cast(i: int, n: int) -> None:
        time.sleep(i * 0.02)  # spread over 0.8 s: the close falls among the casts, not after them
        polls.cast_ballot(poll, setup.devices[n], ballot)

    casts = [lambda i=i, n=n: cast(i, n) for i, n in enumerate(numbers)]
    outcomes = _run([*casts, closer], threading.Barrier(voters + 1))
    assert outcomes[-1] == "ok", outcomes[-1]
    cast_outcomes = dict(zip(numbers, outcomes[:-1], strict=True))
    unexpected = {n: o for n, o in cast_outcomes.items() if o not in ("ok", "poll_closed")}
    assert unexpected == {}
    accepted = {n for n, o in cast_outcomes.items() if o == "ok"}
    refused = {n for n, o in cast_outcomes.items() if o == "poll_closed"}
    assert len(accepted) >= 8

    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED
    voted = set(Participation.objects.filter(poll=poll).values_list("delegate__number", flat=True))
    assert voted == accepted  # no participation the casts were refused, none missing
    assert Ballot.objects.filter(poll=poll).count() == len(accepted)  # a ballot for each, no other
    assert poll.electronic == len(accepted)
    rnd.refresh_from_db()
    assert rnd.electronic == rnd.issued == rnd.returned == len(accepted)
    # After the close nothing more gets in.
    if refused:
        with pytest.raises(VotingError) as err:
            polls.cast_ballot(poll, setup.devices[min(refused)], ballot)
        assert err.value.code == "poll_closed"
        assert Ballot.objects.filter(poll=poll).count() == len(accepted)
