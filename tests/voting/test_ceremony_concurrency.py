"""Key holders posting at the same moment (PostgreSQL, threads with their own connections released by a
barrier): each stage's last messages arrive together, and the ceremony still moves on — the ceremony's
row lock makes each post count the others' (without it, two last posts could each see the other
missing and the stage would never advance)."""

from __future__ import annotations

import threading

import pytest
from ceremony_trustees import trustees
from django.db import connection, connections

from daihoi.voting.errors import VotingError
from daihoi.voting.models import CeremonyStatus, KeyCeremony
from daihoi.voting.services import ceremony as ceremonies

pytestmark = pytest.mark.django_db(transaction=True)


def _together(calls: list) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            calls[i]()
            outcomes[i] = "ok"
        except VotingError as exc:
            outcomes[i] = exc.code
        except BaseException as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return outcomes


def test_simultaneous_last_posts_never_miss_the_stage_advance(session):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers: simultaneous posts are tested on PostgreSQL")
    session.ballot_form = "verifiable"
    session.save(update_fields=["ballot_form"])
    ceremony, _tokens = ceremonies.start_ceremony(
        session, names=[f"Người {i}" for i in range(1, 7)], threshold=4
    )
    people = trustees(ceremony)
    from daihoi.core.verifiable import ceremony as vc

    # Messages made first, so the six posts of each stage really overlap.
    comm = {}
    for p in people:
        p.secret, comm[p.trustee.index] = vc.comm_key(ceremony.context, p.trustee.index)
    assert (
        _together([lambda p=p: ceremonies.post_comm_key(p.trustee, comm[p.trustee.index]) for p in people])
        == ["ok"] * 6
    )
    assert KeyCeremony.objects.get().status == CeremonyStatus.DEALING
    deals = {p.trustee.index: p.deal_message() for p in people}
    assert (
        _together([lambda p=p: ceremonies.post_deal(p.trustee, deals[p.trustee.index]) for p in people])
        == ["ok"] * 6
    )
    assert KeyCeremony.objects.get().status == CeremonyStatus.CONFIRMING
    confirms = {}
    for p in people:
        share, _complaints = p.received()
        confirms[p.trustee.index] = vc.confirm(ceremony.context, p.trustee.index, share)
    # A seventh post races the six: the same key holder confirming twice is refused once.
    calls = [lambda p=p: ceremonies.post_confirmation(p.trustee, confirms[p.trustee.index]) for p in people]
    calls.append(lambda: ceremonies.post_confirmation(people[0].trustee, confirms[1]))
    outcomes = _together(calls)
    assert outcomes.count("ok") == 6
    assert set(map(str, outcomes)) - {"ok"} <= {"ceremony_step_done", "ceremony_complete"}
    done = KeyCeremony.objects.get()
    assert done.status == CeremonyStatus.COMPLETE
    assert done.public_key
    assert done.trustee_set.exclude(verification_key="").count() == 6
