"""The demo congress: the seed's 10th congress, 50 convened, 48 checked in, 2 absent with reasons."""

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
    assert (q.convened, q.present, q.absent_with_reason, q.absent_without_reason) == (50, 48, 2, 0)
    assert q.valid
    assert q.branches_present == q.branches_total == 5
    base = threshold_base(congress)
    # 46 official convened − 1 attached temporarily elsewhere − 2 absent with an accepted reason
    # (the exempted member came, so is not deducted)
    assert (
        base.official_convened,
        base.attached_elsewhere,
        base.absent_with_reason,
        base.exempted_absent,
    ) == (
        46,
        1,
        2,
        0,
    )
    assert base.base == 43
    assert (q.voters_present, q.nonvoters_present) == (43, 5)
    assert congress.open_votes.filter(status="draft").count() == 4
    assert congress.documents.count() == 1
    assert any(login[0] == "daibieu" for login in ctx.logins)
    # Running it again gives a fresh copy, not a second congress.
    demo.load(DemoContext(objects={"organization": congress.organization}))
    assert congress.organization.congresses.count() == 1
