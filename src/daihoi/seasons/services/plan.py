"""The season of a superior committee and its plan: one entry per grassroots organization below it.

`create_season` opens a term's season with an entry for every grassroots organization below the committee
(any depth); `set_plan_entry` sets an entry's congress window, committee seats and delegates;
`season_for` and `plan_entry_for` find them (the elections ask `plan_entry_for` the number of delegates a
congress elects). Every change is logged in the superior committee's audit, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from daihoi.audit.services import log_action
from daihoi.dates import DISPLAY_FORMAT
from daihoi.organizations.models import Organization, OrganizationKind
from daihoi.seasons.errors import SeasonError
from daihoi.seasons.models import PlanEntry, Season

GRASSROOTS = (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_BRANCH)
MAX_TERM_YEARS = 10
COMMITTEE_SEATS = (1, 99)
DELEGATES = (0, 999)
ALTERNATES = (0, 99)


def descendants(organization: Organization) -> list[Organization]:
    """Every organization below `organization`, any depth (one query per level)."""
    found: list[Organization] = []
    level = [organization.pk]
    while level:
        children = list(Organization.objects.filter(parent_id__in=level).order_by("code"))
        found.extend(children)
        level = [o.pk for o in children]
    return found


def grassroots_below(organization: Organization) -> list[Organization]:
    """The grassroots organizations below a superior committee, any depth, by code."""
    below = [o for o in descendants(organization) if o.kind in GRASSROOTS and o.is_active]
    return sorted(below, key=lambda o: o.code)


def create_season(
    organization: Organization, *, term_start_year: int, term_end_year: int, title: str = "", actor: Any
) -> Season:
    """A term's season of `organization` (a committee above the grassroots), with a plan entry for every
    grassroots organization below it."""
    if not organization.is_superior_committee:
        raise SeasonError("season_not_superior", org=organization.name)
    start, end = int(term_start_year), int(term_end_year)
    if not (1930 <= start < end <= start + MAX_TERM_YEARS) or end > 2200:
        raise SeasonError("season_bad_term", start=start, end=end, years=MAX_TERM_YEARS)
    below = grassroots_below(organization)
    if not below:
        raise SeasonError("season_nothing_below", org=organization.name)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if Season.objects.filter(organization=organization, term_start_year=start).exists():
            raise SeasonError("season_exists", org=organization.name, year=start)
        try:
            with transaction.atomic():
                season = Season.objects.create(
                    organization=organization,
                    term_start_year=start,
                    term_end_year=end,
                    title=title.strip()[:255],
                )
        except IntegrityError as error:  # a season created meanwhile by another request
            raise SeasonError("season_exists", org=organization.name, year=start) from error
        PlanEntry.objects.bulk_create(PlanEntry(season=season, organization=org) for org in below)
        log_action(
            "seasons.season.created",
            actor=actor,
            obj=season,
            organization=organization,
            data={
                "term_start_year": start,
                "term_end_year": end,
                "title": season.title,
                "organizations": len(below),
            },
        )
    return season


def _bounded(entry: PlanEntry, field: str, value: int | None, bounds: tuple[int, int]) -> int | None:
    if value is None:
        return None
    low, high = bounds
    if not low <= value <= high:
        raise SeasonError(
            "plan_bad_number", field=field, org=entry.organization.name, low=low, high=high, value=value
        )
    return value


def _in_season(entry: PlanEntry, field: str, value: dt.date | None) -> None:
    season = entry.season
    # A term's congresses are held in the year the term starts (a few in the year before it).
    first, last = season.term_start_year - 1, season.term_start_year
    if value is not None and not first <= value.year <= last:
        raise SeasonError(
            "plan_window_outside",
            field=field,
            org=entry.organization.name,
            value=value.strftime(DISPLAY_FORMAT),
            first=first,
            last=last,
        )


def set_plan_entry(
    entry: PlanEntry,
    *,
    window_start: dt.date | None,
    window_end: dt.date | None,
    committee_seats: int | None,
    delegates: int | None = None,
    alternates: int | None = None,
    actor: Any,
) -> PlanEntry:
    """The superior's plan for one organization: its congress's window, committee seats, and (when
    given) its delegates and alternates to the upper congress. Nothing is stored when a value is refused."""
    with transaction.atomic():
        entry = (
            PlanEntry.objects.select_for_update().select_related("season", "organization").get(pk=entry.pk)
        )
        _in_season(entry, "window_start", window_start)
        _in_season(entry, "window_end", window_end)
        if window_start and window_end and window_start > window_end:
            raise SeasonError(
                "plan_window_order",
                org=entry.organization.name,
                start=window_start.strftime(DISPLAY_FORMAT),
                end=window_end.strftime(DISPLAY_FORMAT),
            )
        values: dict[str, Any] = {
            "window_start": window_start,
            "window_end": window_end,
            "committee_seats": _bounded(entry, "committee_seats", committee_seats, COMMITTEE_SEATS),
        }
        if delegates is not None:
            values["delegates"] = _bounded(entry, "delegates", delegates, DELEGATES)
        if alternates is not None:
            values["alternates"] = _bounded(entry, "alternates", alternates, ALTERNATES)
        changed = [name for name, value in values.items() if getattr(entry, name) != value]
        if changed:
            for name in changed:
                setattr(entry, name, values[name])
            entry.save(update_fields=changed)
            log_action(
                "seasons.plan.updated",
                actor=actor,
                obj=entry,
                organization=entry.season.organization,
                data={
                    "organization": entry.organization.code,
                    "window_start": entry.window_start.isoformat() if entry.window_start else None,
                    "window_end": entry.window_end.isoformat() if entry.window_end else None,
                    "committee_seats": entry.committee_seats,
                    "delegates": entry.delegates,
                    "alternates": entry.alternates,
                    "fields": changed,
                },
            )
    return entry


def season_for(organization: Organization, term_start_year: int) -> Season | None:
    """The season of a superior committee for the term starting in `term_start_year`, if planned."""
    return Season.objects.filter(organization=organization, term_start_year=term_start_year).first()


def plan_entry_for(congress: Any) -> PlanEntry | None:
    """The plan entry of a congress's organization in its superior's season of the congress's term (None
    when no committee above it in daihoi has planned that term). A grassroots organization under an
    intermediate committee is planned by the nearest committee above it that has a season."""
    if congress.organization.superior is None:
        return None
    entries = {
        e.season.organization_id: e
        for e in PlanEntry.objects.select_related("season", "season__organization", "organization").filter(
            season__term_start_year=congress.term_start_year, organization_id=congress.organization_id
        )
    }
    node = congress.organization.parent
    while node is not None and entries:
        if node.pk in entries:
            return entries[node.pk]
        node = node.parent
    return None
