"""One entry per (round, clerk, ballot position) when several devices post at once (PostgreSQL threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from daihoi.elections import services
from daihoi.elections.models import BallotEntry, EntryLog


@pytest.mark.django_db(transaction=True)
def test_concurrent_entries_keep_one_row_per_clerk_and_position(committee_election):
    if connection.vendor != "postgresql":
        pytest.skip("thread concurrency is tested on PostgreSQL")
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    texts = ["9 10", "8 10", "7 10", "6 10"] * 3  # 12 threads, clerk 1 and 2 alike, same position 1
    barrier = threading.Barrier(len(texts))
    errors: list[BaseException] = []

    def worker(i: int, text: str) -> None:
        try:
            barrier.wait()
            services.enter_ballot(rnd, clerk=1 + i % 2, position=1, text=text, confirm=True)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(texts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = BallotEntry.objects.filter(round=rnd, position=1)
    assert sorted(rows.values_list("clerk", flat=True)) == [1, 2]
    # Every attempt is in the log; the row holds the last one written for that clerk.
    assert EntryLog.objects.filter(round=rnd, position=1).count() == len(texts)
