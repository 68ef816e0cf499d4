"""Two superior clerks deciding at once give one decision; a double click on submit gives one submission.

Real threads, each with its own database connection: on PostgreSQL the rows are locked (select for
update), on SQLite the write transactions are serialized (IMMEDIATE); either way the second request
finds the first one's result and is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from approval_world import build_approval_world
from django.db import connections
from django.utils import timezone

from daihoi.seasons.models import Submission, SubmissionStatus
from daihoi.seasons.services.approval import (
    ApprovalError,
    approve_submission,
    return_submission,
    submit_for_approval,
)


def _race(*calls: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_double_submit_and_two_deciders():
    world = build_approval_world()
    congress, lower_user = world["congress"], world["users"]["lower-organizer"]
    results, errors = _race(
        lambda: submit_for_approval(congress, actor=lower_user),
        lambda: submit_for_approval(congress, actor=lower_user),
    )
    assert len(results) == 1, errors
    assert [getattr(e, "code", repr(e)) for e in errors] == ["approval_wrong_stage"]
    assert Submission.objects.filter(congress=congress).count() == 1

    submission = Submission.objects.get(congress=congress)
    superior_user = world["users"]["superior-organizer"]
    today = timezone.localdate()
    results, errors = _race(
        lambda: approve_submission(
            submission, decision_number="125-QĐ/ĐUK", decision_date=today, actor=superior_user
        ),
        lambda: approve_submission(
            submission, decision_number="126-QĐ/ĐUK", decision_date=today, actor=superior_user
        ),
        lambda: return_submission(submission, reason="Thiếu chữ ký.", actor=superior_user),
    )
    assert len(results) == 1, errors
    assert all(isinstance(e, ApprovalError) and e.code == "approval_wrong_stage" for e in errors), errors
    submission.refresh_from_db()
    assert submission.status in (SubmissionStatus.APPROVED, SubmissionStatus.RETURNED)
    if submission.status == SubmissionStatus.APPROVED:
        assert submission.decision_number == results[0].decision_number
