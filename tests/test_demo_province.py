"""`daihoi demo` loads the province slice (issue 14): the seed's organization among its peers under the bloc
committee, itself under the province's; the bloc's season 2025–2030 with its plan, allocation and
ex-officio delegates; the peers' congresses at every stage; the bloc's delegates' congress; the bloc's
logins. `--replace` gives the same slice again."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from daihoi.accounts.models import Role
from daihoi.accounts.permissions import has_permission, roles_in
from daihoi.audit.verify import verify_chain
from daihoi.congresses.models import Congress, CongressKind, CongressStatus
from daihoi.elections.demo import struck_ballots
from daihoi.elections.models import ElectionKind
from daihoi.elections.services import outcome
from daihoi.organizations.models import Member, MemberStatus, Organization, OrganizationKind
from daihoi.seasons.models import Season, Submission, SubmissionStatus
from daihoi.seasons.status import Stage, season_rows

pytestmark = pytest.mark.django_db

PEERS = ["bhxh-tinh", "so-khcn", "so-tai-chinh", "so-tu-phap"]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def slice_snapshot() -> dict[str, object]:
    """What the slice is made of, by natural keys (the same after a --replace)."""
    season = Season.objects.get(organization__code="dbk-cqdn")
    return {
        "tree": sorted(
            Organization.objects.filter(is_active=True).values_list("code", "kind", "parent__code")
        ),
        "members": sorted(
            Member.objects.filter(is_active=True).values_list(
                "organization__code", "member_code", "full_name"
            )
        ),
        "plan": list(
            season.entries.order_by("organization__code").values_list(
                "organization__code",
                "window_start",
                "window_end",
                "committee_seats",
                "delegates",
                "alternates",
            )
        ),
        "ex_officio": list(season.ex_officio.values_list("full_name", "title")),
        "congresses": sorted(
            Congress.objects.values_list("organization__code", "number", "kind", "status", "term_start_year")
        ),
    }


def test_the_province_slice_its_season_logins_and_replace():
    out = run_demo()
    assert verify_chain().ok

    # The tree: province -> bloc -> the seed's organization and its four peers (-> their branches).
    province = Organization.objects.get(code="tinh-quang-ngai")
    bloc = Organization.objects.get(code="dbk-cqdn")
    seed = Organization.objects.get(code="vp-ubnd-tinh")
    assert province.kind == OrganizationKind.PROVINCE_COMMITTEE
    assert province.parent is None
    assert province.name == "Đảng bộ tỉnh Quảng Ngãi"
    assert bloc.kind == OrganizationKind.UPPER_COMMITTEE
    assert bloc.parent == province
    assert bloc.name == seed.superior_body == "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh"
    assert bloc.superior == province
    assert seed.superior == bloc
    below = Organization.objects.filter(parent=bloc).order_by("code")
    assert [o.code for o in below] == sorted([*PEERS, "vp-ubnd-tinh"])
    for peer in below.exclude(pk=seed.pk):
        assert peer.superior == bloc
        members = peer.members.filter(is_active=True)
        assert 12 <= members.count() <= 40
        branches = peer.children.filter(kind=OrganizationKind.BRANCH, is_active=True)
        # Branches where the roll has 30 members or more, and every member in one of them.
        assert branches.exists() == (members.count() >= 30), peer.code
        assert peer.kind == (
            OrganizationKind.GRASSROOTS_COMMITTEE if branches.exists() else OrganizationKind.GRASSROOTS_BRANCH
        )
        if branches.exists():
            assert not members.filter(branch__isnull=True).exists()
    # The seed's roll is untouched: 53 members in 5 branches.
    assert seed.members.filter(is_active=True).count() == 53
    # Card numbers are not shared between organizations.
    codes = Counter(Member.objects.values_list("member_code", flat=True))
    assert max(codes.values()) == 1

    # The season: every grassroots organization below planned, the seats allocated by membership.
    season = Season.objects.get(organization=bloc, term_start_year=2025)
    assert season.term_end_year == 2030
    entries = list(season.entries.select_related("organization"))
    assert {e.organization.code for e in entries} == {*PEERS, "vp-ubnd-tinh"}
    ex_officio = list(season.ex_officio.all())
    assert 5 <= len(ex_officio) <= 7
    assert ex_officio[0].title == "Bí thư Đảng ủy Khối"
    assert len({d.full_name for d in ex_officio}) == len(ex_officio)
    assert sum(e.delegates for e in entries) + len(ex_officio) == season.upper_seats
    assert season.allocated_at is not None
    assert season.allocation  # the computation shown on the plan page
    for e in entries:
        official = e.organization.members.filter(is_active=True, status=MemberStatus.OFFICIAL).count()
        assert e.members_counted == official
        assert e.delegates >= season.minimum_seats
        assert e.window_start < e.window_end
        assert e.committee_seats
        assert e.alternates == 1
    by_code = {e.organization.code: e for e in entries}
    # More members, no fewer delegates.
    ranked = sorted(entries, key=lambda e: e.members_counted)
    assert [e.delegates for e in ranked] == sorted(e.delegates for e in ranked)
    assert by_code["vp-ubnd-tinh"].delegates > by_code["so-khcn"].delegates

    # The congresses of the term 2025–2030 below the bloc, at every stage of the plan page.
    def stage(code: str) -> str | None:
        congress = Congress.objects.filter(organization__code=code, term_start_year=2025).first()
        return congress.status if congress else None

    assert stage("bhxh-tinh") == CongressStatus.DRAFT
    assert stage("so-tai-chinh") == CongressStatus.CONVENED
    assert stage("vp-ubnd-tinh") == CongressStatus.OPEN
    assert stage("so-tu-phap") == CongressStatus.CLOSED
    assert stage("so-khcn") == CongressStatus.CLOSED
    rows = {row.code: row.stage for row in season_rows(season)}
    assert rows == {
        "bhxh-tinh": Stage.PLANNED,
        "so-tai-chinh": Stage.CONVENED,
        "vp-ubnd-tinh": Stage.IN_SESSION,
        "so-tu-phap": Stage.PENDING,  # its organizer submitted the result dossier
        "so-khcn": Stage.COUNTED,
    }
    submission = Submission.objects.get()
    assert submission.congress.organization.code == "so-tu-phap"
    assert submission.superior == bloc
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_by.username == "tuphap"
    for code in ("so-tu-phap", "so-khcn"):
        held = Congress.objects.get(organization__code=code, term_start_year=2025)
        result = outcome(held.elections.get(kind=ElectionKind.DELEGATES))
        assert len(result.elected) == by_code[code].delegates
        assert len(result.alternates) == 1
        committee = held.elections.get(kind=ElectionKind.EXECUTIVE_COMMITTEE)
        assert len(outcome(committee).elected) == by_code[code].committee_seats
    assert bhxh_listed(season) > 30

    # The bloc's delegates' congress, prepared, as the season's upper congress.
    upper = season.upper_congress
    assert upper is not None
    assert upper.organization == bloc
    assert upper.kind == CongressKind.DELEGATES
    assert upper.status == CongressStatus.DRAFT
    assert (upper.term_start_year, upper.term_end_year) == (2025, 2030)

    # The logins: the bloc's organizer and observer, printed with the others.
    users = get_user_model().objects
    khoi, watcher = users.get(username="khoi"), users.get(username="khoi-quansat")
    assert khoi.check_password("khoi2020")
    assert watcher.check_password("khoiquansat2020")
    assert "khoi         khoi2020" in out
    assert "khoi-quansat khoiquansat2020" in out
    assert roles_in(khoi, bloc) == {Role.ORGANIZER}
    assert roles_in(watcher, bloc) == {Role.OBSERVER}
    assert has_permission(khoi, bloc, "season.manage")
    assert has_permission(khoi, bloc, "approval.decide")
    assert not has_permission(watcher, bloc, "season.manage")
    # Below the bloc, khoi reads (observer) and changes nothing; the seed's organizer sees no peer.
    assert roles_in(khoi, held.organization) == {Role.OBSERVER}
    assert not has_permission(khoi, seed, "approval.submit")
    assert roles_in(users.get(username="tochuc"), held.organization) == set()
    # The held peer's organizer (who submits its dossier) reaches its own organization only.
    tuphap = users.get(username="tuphap")
    assert tuphap.check_password("tuphap2020")
    assert roles_in(tuphap, Organization.objects.get(code="so-tu-phap")) == {Role.ORGANIZER}
    assert roles_in(tuphap, bloc) == set()
    assert roles_in(tuphap, seed) == set()
    assert "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh (trực thuộc Đảng bộ tỉnh Quảng Ngãi)" in out

    # --replace: refused without it (the slice named), then the same slice again.
    before = slice_snapshot()
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("demo", stdout=io.StringIO(), stderr=err)
    assert "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh (mã dbk-cqdn)" in err.getvalue()
    assert "Chi bộ Sở Tư pháp (mã so-tu-phap): danh sách" in err.getvalue()
    out = run_demo("--replace")
    assert "Đã thay thế dữ liệu mẫu" in out
    assert slice_snapshot() == before
    assert Season.objects.count() == 1
    assert verify_chain().ok


def bhxh_listed(season: Season) -> int:
    """The organization being prepared has its convened list built (its whole roll)."""
    congress = Congress.objects.get(organization__code="bhxh-tinh", term_start_year=season.term_start_year)
    return congress.delegates.count()


def test_struck_ballots_elect_the_first_names_in_order():
    for names, keep, voters in [(4, 3, 16), (9, 7, 33), (5, 4, 17), (11, 9, 49)]:
        ballots = struck_ballots(names, keep, voters)
        assert len(ballots) == voters
        struck = Counter(p for b in ballots for p in b.split())
        assert all(len(set(b.split())) == names - keep for b in ballots)
        votes = [voters - struck[str(i)] for i in range(1, names + 1)]
        assert votes[:keep] == sorted(votes[:keep], reverse=True)
        assert len(set(votes[:keep])) == keep
        assert all(v * 2 > voters for v in votes[:keep])
        assert all(v * 2 < voters for v in votes[keep:])
