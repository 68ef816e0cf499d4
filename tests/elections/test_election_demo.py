"""The demo: a finished executive committee election (8 of 10, 48 ballots, one invalid) and the delegation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from daihoi.elections.models import Election


@pytest.mark.django_db(transaction=False)
def test_demo_loads_finished_elections_and_is_idempotent():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    committee = Election.objects.get(kind="executive_committee")
    assert committee.status == "published"
    rnd = committee.rounds.get()
    r = rnd.result
    assert (r["ballots"]["returned"], r["ballots"]["valid"], r["ballots"]["invalid"]) == (48, 47, 1)
    assert len(r["candidates"]) == 10
    assert len(r["elected"]) == 8
    assert rnd.ballot_entries.count() == 96
    delegation = Election.objects.get(kind="delegates")
    d = delegation.rounds.get().result
    assert delegation.status == "published"
    assert (len(d["elected"]), len(d["alternates"])) == (3, 1)
