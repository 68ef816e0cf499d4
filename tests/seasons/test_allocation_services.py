"""allocate_seats: official members counted from each roll, ex officio from the season, stored; the
delegates' election of a lower congress takes the allocated number."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.seasons.errors import SeasonError
from daihoi.seasons.models import ExOfficioDelegate
from daihoi.seasons.services.allocation import allocate_seats


def test_allocation_counts_official_members_and_ex_officio(bloc, season) -> None:
    for i in range(3):
        ExOfficioDelegate.objects.create(season=season, full_name=f"Ủy viên {i}", position=i)
    # 23 convened, 3 ex officio: 20 elected among 40 + 25 + 5 = 70 official members (probationary aside).
    # Quotas 20·m/70: vp 11.43, tc 7.14, kh 1.43 -> floors 11 + 7 + 1 = 19, extra to the largest
    # remainder: kh (.43 vs .43 for vp: 3/7 both; vp has more members) -> vp.
    allocate_seats(season, upper_seats=23, minimum_seats=1, actor=bloc.users["bloc_organizer"])
    season.refresh_from_db()
    delegates = dict(season.entries.values_list("organization__code", "delegates"))
    assert delegates == {"vp-ubnd": 12, "so-tc": 7, "so-kh": 1}
    counted = dict(season.entries.values_list("organization__code", "members_counted"))
    assert counted == {"vp-ubnd": 40, "so-tc": 25, "so-kh": 5}
    assert season.upper_seats == 23
    assert season.allocation["ex_officio"] == 3
    assert season.allocation["elected"] == 20
    assert season.allocated_at is not None
    logged = AuditEntry.objects.get(action="seasons.allocation.made")
    assert logged.organization_code == "khoi"
    assert logged.data["ex_officio"] == 3


def test_allocation_refused_names_the_organization_and_changes_nothing(bloc, season) -> None:
    bloc.orgs["kh"].members.update(status="probationary")
    with pytest.raises(SeasonError) as caught:
        allocate_seats(season, upper_seats=20, minimum_seats=1, actor=bloc.users["bloc_organizer"])
    assert caught.value.code == "allocation_no_members"
    assert "Chi bộ Sở Kế hoạch" in caught.value.message
    season.refresh_from_db()
    assert season.allocation == {}
    assert not season.entries.exclude(delegates=None).exists()


def test_minimum_too_high_is_refused(bloc, season) -> None:
    with pytest.raises(SeasonError) as caught:
        allocate_seats(season, upper_seats=5, minimum_seats=2, actor=bloc.users["bloc_organizer"])
    assert caught.value.code == "allocation_minimum_too_high"
    assert "6" in caught.value.message


def _congress(org):
    from daihoi.congresses.models import Congress, CongressStatus

    return Congress.objects.create(
        organization=org,
        number=3,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 4, 2),
        status=CongressStatus.OPEN,
    )


def test_delegates_election_takes_the_allocated_number(bloc, season) -> None:
    from daihoi.elections.errors import ElectionError
    from daihoi.elections.models import ElectionKind
    from daihoi.elections.services import create_election

    allocate_seats(season, upper_seats=20, minimum_seats=1, actor=bloc.users["bloc_organizer"])
    congress = _congress(bloc.orgs["tc"])
    actor = bloc.users["bloc_organizer"]
    with pytest.raises(ElectionError) as caught:
        create_election(congress, kind=ElectionKind.DELEGATES, seats=9, actor=actor)
    assert caught.value.code == "seats_not_allocated"
    assert "Đảng bộ Khối cơ quan tỉnh" in caught.value.message
    assert "7" in caught.value.message
    election = create_election(congress, kind=ElectionKind.DELEGATES, actor=actor)
    assert election.seats == 7
    assert not congress.elections.exclude(pk=election.pk).exists()


def test_without_a_superior_in_daihoi_the_number_is_given(organization) -> None:
    from daihoi.elections.errors import ElectionError
    from daihoi.elections.models import ElectionKind
    from daihoi.elections.services import create_election

    congress = _congress(organization)
    assert create_election(congress, kind=ElectionKind.DELEGATES, seats=9).seats == 9
    with pytest.raises(ElectionError) as caught:
        create_election(congress, kind=ElectionKind.DELEGATES)
    assert caught.value.code == "seats_required"
