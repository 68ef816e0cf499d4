"""Two desks scanning the same card at the same moment: one check-in, one harmless answer, one audit entry.

Runs on PostgreSQL only (real row locks across connections); SQLite serializes writers anyway.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_scans_of_one_card(convened):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    delegate = convened.delegates.get(number=8)
    barrier = threading.Barrier(6)
    answers: list[str] = []

    def scan() -> None:
        try:
            barrier.wait()
            answers.append(services.check_in_delegate(convened, delegate.checkin_code).code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == ["already_present"] * 5 + ["checked_in"]
    assert (
        AuditEntry.objects.filter(action="congress.delegate.checked_in", object_id=str(delegate.pk)).count()
        == 1
    )
