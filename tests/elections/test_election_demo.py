"""The demo: a finished executive committee election (8 of 10, 43 ballots, one invalid) and the delegation."""

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
    # One ballot per voter present (43 of the 48 present: the others are probationary), one invalid.
    assert (r["ballots"]["returned"], r["ballots"]["valid"], r["ballots"]["invalid"]) == (43, 42, 1)
    assert r["warnings"] == []
    assert len(r["candidates"]) == 10
    assert len(r["elected"]) == 8
    assert rnd.ballot_entries.count() == 86
    delegation = Election.objects.get(kind="delegates")
    d = delegation.rounds.get().result
    assert delegation.status == "published"
    assert (len(d["elected"]), len(d["alternates"])) == (3, 1)
