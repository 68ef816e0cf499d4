"""The season's services: creating it, setting a plan entry, finding entries; refusals; the audit."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.seasons.errors import SeasonError
from daihoi.seasons.models import PlanEntry
from daihoi.seasons.services.plan import create_season, plan_entry_for, season_for, set_plan_entry


def test_create_season_plans_every_grassroots_organization_below_any_depth(bloc, season) -> None:
    codes = sorted(season.entries.values_list("organization__code", flat=True))
    assert codes == ["so-kh", "so-tc", "vp-ubnd"]  # so-kh is under the intermediate committee; no branch
    entry = AuditEntry.objects.filter(action="seasons.season.created").get()
    assert entry.organization_code == bloc.bloc.code
    assert entry.data["organizations"] == 3
    assert season_for(bloc.bloc, 2025) == season
    assert season_for(bloc.bloc, 2020) is None


def test_create_season_refusals(bloc, season) -> None:
    actor = bloc.users["bloc_organizer"]
    with pytest.raises(SeasonError) as caught:
        create_season(bloc.bloc, term_start_year=2025, term_end_year=2030, actor=actor)
    assert caught.value.code == "season_exists"
    assert "2025" in caught.value.message
    with pytest.raises(SeasonError) as caught:
        create_season(bloc.orgs["vp"], term_start_year=2025, term_end_year=2030, actor=actor)
    assert caught.value.code == "season_not_superior"
    with pytest.raises(SeasonError) as caught:
        create_season(bloc.bloc, term_start_year=2030, term_end_year=2029, actor=actor)
    assert caught.value.code == "season_bad_term"
    peer = type(bloc.bloc).objects.get(code="peer")
    with pytest.raises(SeasonError) as caught:
        create_season(peer, term_start_year=2025, term_end_year=2030, actor=actor)
    assert caught.value.code == "season_nothing_below"


def test_set_plan_entry_stores_and_audits(bloc, season) -> None:
    entry = season.entries.get(organization=bloc.orgs["vp"])
    set_plan_entry(
        entry,
        window_start=dt.date(2025, 3, 1),
        window_end=dt.date(2025, 4, 30),
        committee_seats=9,
        delegates=12,
        actor=bloc.users["bloc_organizer"],
    )
    entry.refresh_from_db()
    assert (entry.window_start, entry.window_end, entry.committee_seats, entry.delegates) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 30),
        9,
        12,
    )
    logged = AuditEntry.objects.filter(action="seasons.plan.updated").get()
    assert logged.organization_code == bloc.bloc.code
    assert logged.data["committee_seats"] == 9
    assert logged.data["window_start"] == "2025-03-01"


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        (
            {"window_start": dt.date(2025, 5, 1), "window_end": dt.date(2025, 4, 1)},
            "plan_window_order",
            "01/05/2025",
        ),
        ({"window_start": dt.date(2027, 5, 1)}, "plan_window_outside", "01/05/2027"),
        ({"committee_seats": 0}, "plan_bad_number", "0"),
        ({"committee_seats": 100}, "plan_bad_number", "100"),
    ],
)
def test_set_plan_entry_refusals_name_the_field_and_write_nothing(bloc, season, kwargs, code, words) -> None:
    entry = season.entries.get(organization=bloc.orgs["tc"])
    values = {"window_start": None, "window_end": None, "committee_seats": None, **kwargs}
    with pytest.raises(SeasonError) as caught:
        set_plan_entry(entry, actor=bloc.users["bloc_organizer"], **values)
    assert caught.value.code == code
    assert words in caught.value.message
    assert bloc.orgs["tc"].name in caught.value.message
    fresh = PlanEntry.objects.get(pk=entry.pk)
    assert (fresh.window_start, fresh.committee_seats) == (None, None)
    assert not AuditEntry.objects.filter(action="seasons.plan.updated").exists()


def test_plan_entry_for_a_congress(bloc, season) -> None:
    from daihoi.congresses.models import Congress

    congress = Congress.objects.create(
        organization=bloc.orgs["kh"],
        number=5,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 4, 1),
    )
    # Its parent is the intermediate committee, with no season: the bloc's season plans it.
    assert plan_entry_for(congress) == season.entries.get(organization=bloc.orgs["kh"])
    congress_vp = Congress.objects.create(
        organization=bloc.orgs["vp"],
        number=5,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 4, 1),
    )
    assert plan_entry_for(congress_vp) == season.entries.get(organization=bloc.orgs["vp"])
    congress_vp.term_start_year = 2020
    assert plan_entry_for(congress_vp) is None
