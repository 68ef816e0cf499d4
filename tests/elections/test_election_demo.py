"""The demo: a finished executive committee election (8 of 10, 48 ballots, one invalid) and the delegation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from daihoi.elections.models import Election


@pytest.mark.django_db(transaction=False)
def test_demo_loads_finished_elections_and_is_idempotent():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo", "--replace", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The 10th congress's (the 11th congress, ready to run, has its own: test_election_demo_ready.py).
    committee = Election.objects.get(kind="executive_committee", congress__number=10)
    assert committee.status == "published"
    rnd = committee.rounds.get()
    r = rnd.result
    # One ballot per voter present: 48 of the 50 official members convened (the 3 probationary members
    # present have none), one invalid; D = 50 − 2 absent with an accepted reason.
    assert r["congress"] == {"kind": "members", "convened": 50, "present": 48}
    assert (r["base"], r["base_deductions"]) == (48, {"absent_with_reason": 2})
    assert (r["ballots"]["issued"], r["ballots"]["returned"]) == (48, 48)
    assert (r["ballots"]["valid"], r["ballots"]["invalid"]) == (47, 1)
    assert rnd.figures["attending"] == 51  # the probationary members attend without a vote
    assert r["warnings"] == []
    assert len(r["candidates"]) == 10
    assert len(r["elected"]) == 8
    assert rnd.ballot_entries.count() == 96  # 48 ballots entered by each of two clerks
    delegation = Election.objects.get(kind="delegates", congress__number=10)
    d = delegation.rounds.get().result
    assert delegation.status == "published"
    assert (len(d["elected"]), len(d["alternates"])) == (3, 1)
    assert (d["base"], d["ballots"]["issued"], d["ballots"]["returned"]) == (48, 48, 48)
    # The news report reads like the seed's.
    from daihoi.elections import news

    text = news.draft(committee.congress)
    assert "48/50 đảng viên đang sinh hoạt tại 5 chi bộ trực thuộc" in text
