"""The demo's second congress, ready for a newcomer to run: the organization's 11th congress (term
2025–2030) in session, its executive committee election at round 1 with nothing counted, beside the
canonical finished 10th congress (48/50, D = 48), which stays as it was."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import OpenVoteKind
from daihoi.core.procedure.election import ElectionAction
from daihoi.elections import services
from daihoi.elections.errors import ElectionError
from daihoi.organizations.models import Organization

pytestmark = pytest.mark.django_db

WORKING_BODIES = {
    OpenVoteKind.PRESIDIUM,
    OpenVoteKind.SECRETARIAT,
    OpenVoteKind.CREDENTIALS_COMMITTEE,
    OpenVoteKind.COUNTING_COMMITTEE,
}


def test_demo_loads_the_next_congress_ready_to_count_and_keeps_the_tenth():
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    org = Organization.objects.get(code="vp-ubnd-tinh")
    ready = org.congresses.get(number=11)

    # Convened, delegates checked in with the quorum met, in session.
    assert (ready.roman_number, ready.term, ready.status) == ("XI", "2025 - 2030", "open")
    q = quorum(ready)
    assert (q.convened, q.present, q.absent_with_reason, q.absent_without_reason) == (50, 49, 1, 0)
    assert q.valid
    assert threshold_base(ready).base == 49  # 50 official members convened − 1 excused

    # The working bodies and the counting committee approved by the congress's open votes.
    bodies = {v.kind: (v.status, v.passed) for v in ready.open_votes.filter(kind__in=WORKING_BODIES)}
    assert bodies == dict.fromkeys(WORKING_BODIES, ("closed", True))
    assert len(services.counting_committee_members(ready)) == 3
    assert not ready.open_votes.exclude(status="closed").exists()  # nothing left open or unheld

    # The executive committee election: seats voted, list approved by open votes on it; round 1 ready.
    election = ready.elections.get()
    assert (election.kind, election.status, election.seats) == ("executive_committee", "list_approved", 9)
    seats_vote, list_vote = election.seats_vote, election.list_vote
    assert (seats_vote.kind, seats_vote.election_id, seats_vote.seats, seats_vote.passed) == (
        OpenVoteKind.SEATS,
        election.pk,
        9,
        True,
    )
    assert (list_vote.kind, list_vote.election_id, list_vote.passed) == (
        OpenVoteKind.BALLOT_LIST,
        election.pk,
        True,
    )
    rnd = election.rounds.get()
    assert (rnd.number, rnd.seats, rnd.entries.count()) == (1, 9, 11)
    committee = services.counting_committee_members(ready)
    assert not {rc.candidate.member_id for rc in rnd.entries.select_related("candidate")} & committee

    # Nothing counted.
    assert (rnd.issued, rnd.returned, rnd.totals, rnd.result) == (None, None, {}, {})
    assert not rnd.ballot_entries.exists()
    assert not rnd.log.exists()  # not even the counts

    # Its next step is setting the counts (ballots issued and returned); the rest waits for it.
    assert services.allowed(election) == {ElectionAction.SET_COUNTS.value}
    first = next(step for step in services.steps(election) if step.allowed)
    assert first.action is ElectionAction.SET_COUNTS

    # `daihoi demo` says where to start, in Vietnamese: the election's page and the logins.
    assert "Bắt đầu thử từ đây" in printed
    start = printed[printed.index("Bắt đầu thử từ đây") :]
    assert f"{ready.title} đang họp: 49/50 người có quyền biểu quyết có mặt" in start
    election_url = reverse("elections:detail", kwargs={"org_code": org.code, "pk": election.pk})
    assert f"Đăng nhập bằng tài khoản kiemphieu (mật khẩu kiemphieu2020), mở {election_url}" in start
    assert "tài khoản kiemphieu2 (mật khẩu kiemphieu2020)" in start
    assert reverse("congresses:detail", kwargs={"org_code": org.code, "pk": ready.pk}) in start
    for english in ("Log in", "password", "clerk", "round 1", "Where to start"):
        assert english not in start

    # The canonical 10th congress is unchanged: 48 of 50 voters, D = 48, both elections announced.
    tenth = org.congresses.get(number=10)
    q10 = quorum(tenth)
    assert (q10.convened, q10.present, q10.absent_with_reason) == (50, 48, 2)
    assert threshold_base(tenth).base == 48
    assert sorted(tenth.elections.values_list("kind", "status")) == [
        ("delegates", "published"),
        ("executive_committee", "published"),
    ]
    counted = tenth.elections.get(kind="executive_committee").rounds.get()
    assert (counted.result["base"], counted.issued, counted.returned) == (48, 48, 48)
    assert len(counted.result["elected"]) == 8
    assert counted.ballot_entries.count() == 96


def test_the_demo_logins_can_run_the_ready_election():
    """What the printout tells a newcomer works: kiemphieu records the counts and enters as clerk 1,
    kiemphieu2 as clerk 2; kiemphieu cannot enter the other stack too."""
    from django.contrib.auth import get_user_model

    from daihoi.congresses import demo as congress_demo
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo as election_demo

    ctx = DemoContext()
    load_roll(ctx)
    congress_demo.load_next(ctx)
    election_demo.load_next(ctx)
    election = ctx.objects["next_election"]
    org = election.congress.organization.code
    users = get_user_model().objects
    one, two = Client(), Client()
    one.force_login(users.get(username="kiemphieu"))
    two.force_login(users.get(username="kiemphieu2"))
    kwargs = {"org_code": org, "pk": election.pk, "number": 1}

    page = one.get(reverse("elections:detail", kwargs={"org_code": org, "pk": election.pk}))
    assert page.status_code == 200
    assert "Ghi số phiếu phát ra và thu về" in page.content.decode()

    answer = one.post(reverse("elections:counts", kwargs=kwargs), {"issued": "49", "returned": "49"})
    assert answer.status_code == 302
    rnd = election.rounds.get()
    assert (rnd.issued, rnd.returned) == (49, 49)

    count_url = reverse("elections:count", kwargs=kwargs)
    ballot = {"position": "1", "text": "10 11", "confirm": "1"}
    json = {"Accept": "application/json"}
    assert one.post(count_url, {**ballot, "clerk": "1"}, headers=json).json()["saved"]
    assert two.post(count_url, {**ballot, "clerk": "2"}, headers=json).json()["saved"]
    with pytest.raises(ElectionError):  # one login may not enter both stacks
        services.enter_ballot(
            rnd, clerk=2, position=2, text="1", confirm=True, actor=users.get(username="kiemphieu")
        )
    assert rnd.ballot_entries.count() == 2
