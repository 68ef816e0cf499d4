"""A convened congress of six official members in one branch, shared by the live-version tests."""

from __future__ import annotations

import datetime
from typing import Any


def convened_hall(code: str, family: str) -> Any:
    """A grassroots organization `code` (branch `<code>-cb1`) whose six members, named `family` Văn 0..5,
    are convened to its first congress."""
    from daihoi.congresses import services
    from daihoi.organizations.models import Member, MemberStatus, Organization, OrganizationKind

    org = Organization.objects.create(
        code=code, name=f"Đảng bộ {code}", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    branch = Organization.objects.create(
        code=f"{code}-cb1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org
    )
    for i in range(6):
        Member.objects.create(
            organization=org,
            branch=branch,
            member_code=f"{code}{i:03d}",
            full_name=f"{family} Văn {i}",
            family_name=family,
            middle_name="Văn",
            given_name=str(i),
            birth_date=datetime.date(1970, 1, 1 + i),
            status=MemberStatus.OFFICIAL,
        )
    congress = services.create_congress(
        org, number=1, term_start_year=2025, term_end_year=2030, starts_on=datetime.date(2025, 6, 1)
    )
    services.generate_convened_list(congress)
    services.convene_congress(congress)
    return congress
