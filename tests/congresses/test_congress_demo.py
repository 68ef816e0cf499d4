"""The demo congress: the seed's 10th congress, 50 voters convened, 48 checked in, 2 absent with reasons."""

from __future__ import annotations

import pytest

from daihoi.congresses import demo
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.demo.context import DemoContext


@pytest.mark.django_db
def test_demo_congress_is_ready_to_open():
    from daihoi.demo.roll import load as load_roll

    ctx = DemoContext()
    load_roll(ctx)
    demo.load(ctx)
    congress = ctx.objects["congress"]
    assert (congress.number, congress.roman_number, congress.term) == (10, "X", "2020 - 2025")
    assert congress.status == "convened"
    q = quorum(congress)
    # The quorum counts the voters convened: the 50 official members; 48 came, 2 have accepted reasons.
    assert q.basis == "voters"
    assert (q.convened, q.present, q.absent_with_reason, q.absent_without_reason) == (50, 48, 2, 0)
    assert q.valid
    assert q.branches_present == q.branches_total == 5
    # The 3 probationary members are convened and present too, without a vote.
    assert (q.people_convened, q.attending, q.voters_present, q.nonvoters_present) == (53, 51, 48, 3)
    assert all(not d.is_official for d in congress.delegates.filter(present=True) if not d.has_vote)
    assert all(d.has_vote for d in congress.delegates.filter(number__in=demo.ABSENT))
    base = threshold_base(congress)
    # 50 official convened − 2 absent with an accepted reason (the exempted member came, so is not
    # deducted; nobody is attached temporarily elsewhere)
    assert (
        base.official_convened,
        base.attached_elsewhere,
        base.absent_with_reason,
        base.exempted_absent,
    ) == (50, 0, 2, 0)
    assert base.base == 48
    assert congress.delegates.filter(exempted=True, present=True).count() == 1
    assert congress.open_votes.filter(status="draft").count() == 4
    assert congress.documents.count() == 1
    assert any(login[0] == "daibieu" for login in ctx.logins)
    # Running it again gives a fresh copy, not a second congress.
    demo.load(DemoContext(objects={"organization": congress.organization}))
    assert congress.organization.congresses.count() == 1
