"""Fixtures for the congress tests: a roll of 5 branches and a members' congress built on it."""

from __future__ import annotations

import datetime

import pytest

from daihoi.congresses import services
from daihoi.congresses.models import Congress

GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]


def make_roll(organization, *, branches=5, per_branch=10, code_prefix="cg"):
    """`branches` branches under `organization`, `per_branch` members each (the 3rd of each probationary)."""
    from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind

    members = []
    for b in range(1, branches + 1):
        branch, _ = Organization.objects.get_or_create(
            code=f"{code_prefix}-cb{b}",
            defaults={"name": f"Chi bộ {b}", "kind": OrganizationKind.BRANCH, "parent": organization},
        )
        for i in range(per_branch):
            given, family = GIVEN[i % len(GIVEN)], FAMILY[b % len(FAMILY)]
            members.append(
                Member.objects.create(
                    organization=organization,
                    branch=branch,
                    member_code=f"{code_prefix}{b:02d}{i:03d}",
                    full_name=f"{family} Văn {given}",
                    family_name=family,
                    middle_name="Văn",
                    given_name=given,
                    birth_date=datetime.date(1960 + i * 3, 1 + b, 10),
                    gender=Gender.FEMALE if i % 2 else Gender.MALE,
                    ethnicity="Kinh" if i % 4 else "Tày",
                    status=MemberStatus.PROBATIONARY if i == 2 else MemberStatus.OFFICIAL,
                )
            )
    return members


@pytest.fixture
def roll_org(db):
    from daihoi.organizations.models import Organization, OrganizationKind

    org = Organization.objects.create(
        code="cg-org",
        name="Đảng bộ Văn phòng UBND tỉnh",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        superior_body="Đảng bộ Khối cơ quan và doanh nghiệp tỉnh",
        place="Tuyên Quang",
    )
    make_roll(org)
    return org


@pytest.fixture
def congress(roll_org) -> Congress:
    c = services.create_congress(
        roll_org,
        number=10,
        term_start_year=2020,
        term_end_year=2025,
        starts_on=datetime.date(2020, 6, 16),
        place="Hội trường Văn phòng UBND tỉnh",
        convening_committee="Ban Chấp hành Đảng bộ khóa IX",
    )
    services.generate_convened_list(c)
    return c


@pytest.fixture
def convened(congress) -> Congress:
    return services.convene_congress(congress)


def check_in_numbers(congress, numbers):
    for n in numbers:
        services.check_in_delegate(congress, str(n))


@pytest.fixture
def checkin():
    """check_in(congress, numbers): check in by delegate number."""
    return check_in_numbers


@pytest.fixture
def in_session(convened) -> Congress:
    check_in_numbers(convened, range(1, 49))
    return services.open_congress(convened)
