"""Fixtures for the election tests: a members' congress in session (48 of the 50 official members, plus 3
probationary members without a vote) with its counting committee — the demo congress's figures."""

from __future__ import annotations

import datetime

import pytest

from daihoi.congresses import services as congress_services
from daihoi.congresses.models import Congress

GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]


def make_roll(organization, branches=5, per_branch=10, probationary=3):
    """`per_branch` official members per branch, and one probationary member (Yến, last in the branch's
    order) in each of the first `probationary` branches; names repeat across branches (same given names)."""
    from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind

    members = []
    for b in range(1, branches + 1):
        branch = Organization.objects.create(
            code=f"el-cb{b}", name=f"Chi bộ {b}", kind=OrganizationKind.BRANCH, parent=organization
        )
        for i in range(per_branch + (1 if b <= probationary else 0)):
            given, family = (GIVEN[i] if i < per_branch else "Yến"), FAMILY[b % len(FAMILY)]
            members.append(
                Member.objects.create(
                    organization=organization, branch=branch, member_code=f"el{b:02d}{i:03d}",
                    full_name=f"{family} Văn {given}", family_name=family, middle_name="Văn",
                    given_name=given,
                    birth_date=datetime.date(1960 + i * 3, 1 + b, 10),
                    gender=Gender.FEMALE if i % 2 else Gender.MALE,
                    status=MemberStatus.PROBATIONARY if i == per_branch else MemberStatus.OFFICIAL,
                )
            )  # fmt: skip
    return members


def closed_vote(congress, kind, *, agree=40, disagree=0, **kwargs):
    vote = congress_services.create_open_vote(congress, kind=kind, **kwargs)
    congress_services.open_open_vote(vote)
    congress_services.record_open_vote(vote, agree=agree, disagree=disagree)
    return congress_services.close_open_vote(vote)


def seated(congress, kind="executive_committee", seats=8, **kwargs):
    """A committee election whose number of seats the congress voted (an open vote on this election)."""
    from daihoi.elections import services

    election = services.create_election(congress, kind=kind, **kwargs)
    return services.decide_seats(election, closed_vote(congress, "seats", seats=seats, election=election))


@pytest.fixture
def el_org(db):
    from daihoi.organizations.models import Organization, OrganizationKind

    org = Organization.objects.create(
        code="el-org", name="Đảng bộ Văn phòng UBND tỉnh", kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        superior_body="Đảng bộ Khối cơ quan và doanh nghiệp tỉnh", place="Tuyên Quang",
    )  # fmt: skip
    make_roll(org)
    return org


@pytest.fixture
def session(el_org) -> Congress:
    """In session: delegates 1-53 are branch by branch (11, 22, 33 are the probationary members); all
    present but 52 and 53, absent with accepted reasons, so 48 of the 50 voters and D = 48. Counting
    committee = delegates 1, 2, 4 (approved)."""
    c = congress_services.create_congress(
        el_org, number=10, term_start_year=2020, term_end_year=2025, starts_on=datetime.date(2020, 6, 16),
        place="Hội trường Văn phòng UBND tỉnh", convening_committee="Ban Chấp hành Đảng bộ khóa IX",
    )  # fmt: skip
    congress_services.generate_convened_list(c)
    c = congress_services.convene_congress(c)
    for n in range(1, 52):
        congress_services.check_in_delegate(c, str(n))
    for n in (52, 53):
        congress_services.set_absence_reason(c.delegates.get(number=n), reason="Ốm", accepted=True)
    c = congress_services.open_congress(c)
    closed_vote(c, "counting_committee", nominees=list(c.delegates.filter(number__in=[1, 2, 4])))
    return c


def official_members(congress, exclude=()):
    from daihoi.organizations.models import Member, MemberStatus

    return list(
        Member.objects.filter(organization=congress.organization, status=MemberStatus.OFFICIAL)
        .exclude(pk__in=[d.member_id for d in congress.delegates.filter(number__in=[1, 2, 4])])
        .exclude(pk__in=exclude)
        .order_by("member_code")
    )


@pytest.fixture
def committee_election(session):
    """8 seats voted, 10 names from the convening committee, list approved: round 1 open."""
    from daihoi.elections import services

    election = seated(session, "executive_committee", 8)
    for m in official_members(session)[:10]:
        services.nominate(election, m)
    services.approve_list(election, closed_vote(session, "ballot_list", election=election))
    election.refresh_from_db()
    return election


@pytest.fixture
def helpers():
    """closed_vote(congress, kind, ...) and official_members(congress) for the tests."""
    return type("Helpers", (), {"closed_vote": staticmethod(closed_vote), "seated": staticmethod(seated),
                                "official_members": staticmethod(official_members)})  # fmt: skip
