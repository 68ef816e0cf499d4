"""A bloc committee with three grassroots organizations below it, each holding its congress of the
2025–2030 term and electing its delegation (2 official delegates, 2 alternates, from a list of 5) through
the real election services; the bloc's season plans all three."""

from __future__ import annotations

import datetime

from daihoi.congresses import services as congress_services
from daihoi.congresses.models import Congress, OpenVoteKind
from daihoi.elections import demo
from daihoi.elections import services as election_services
from daihoi.elections.models import Election, ElectionKind
from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind
from daihoi.seasons.models import PlanEntry, Season

GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh"]
# One name struck per ballot: positions 1 and 2 get 9 votes, 3 gets 7, 4 gets 6, 5 gets 5 (9 voters).
BALLOTS = ["5"] * 4 + ["4"] * 3 + ["3"] * 2


def superior(code: str = "khoi") -> Organization:
    return Organization.objects.create(
        code=code, name="Đảng bộ Khối cơ quan tỉnh", kind=OrganizationKind.UPPER_COMMITTEE
    )


def grassroots(parent: Organization, n: int, family: str) -> Organization:
    org = Organization.objects.create(
        code=f"{parent.code}-cs{n}", name=f"Chi bộ cơ sở {n}", kind=OrganizationKind.GRASSROOTS_BRANCH,
        parent=parent,
    )  # fmt: skip
    for i, given in enumerate(GIVEN):
        Member.objects.create(
            organization=org, member_code=f"{org.code}-{i:02d}", full_name=f"{family} Văn {given}",
            family_name=family, middle_name="Văn", given_name=given,
            birth_date=datetime.date(1970 + i, 1 + n, 10), gender=Gender.MALE, status=MemberStatus.OFFICIAL,
        )  # fmt: skip
    return org


def lower_congress(org: Organization, *, announce: bool = True, ends_on=None) -> Congress:
    """The organization's congress in session, its counting committee voted, its delegation elected
    (and announced unless `announce` is False)."""
    day = ends_on or datetime.date(2025, 5, 10)
    c = congress_services.create_congress(org, number=5, term_start_year=2025, term_end_year=2030,
                                          starts_on=day)  # fmt: skip
    congress_services.generate_convened_list(c)
    c = congress_services.convene_congress(c)
    for d in c.delegates.all():
        congress_services.check_in_delegate(c, str(d.number))
    c = demo.open_session(c)
    demo._vote(c, OpenVoteKind.COUNTING_COMMITTEE, nominees=list(c.delegates.filter(number__in=[1, 2])))
    election = election_services.create_election(c, kind=ElectionKind.DELEGATES, seats=2, alternates=2)
    for d in c.delegates.filter(number__gte=3).order_by("number")[:5]:
        election_services.nominate(election, d.member)
    rnd = demo.approve(election)
    demo.count_round(rnd, BALLOTS)
    if announce:
        election.refresh_from_db()
        election_services.announce(election)
    return c


def delegation(congress: Congress) -> Election:
    return congress.elections.get(kind=ElectionKind.DELEGATES)


def season_with(sup: Organization, orgs: list[Organization]) -> Season:
    season = Season.objects.create(organization=sup, term_start_year=2025, term_end_year=2030)
    for org in orgs:
        PlanEntry.objects.create(season=season, organization=org, delegates=2, alternates=2)
    return season
