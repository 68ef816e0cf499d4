"""The allocation of the delegates' congress's seats among the organizations of the season's plan.

`allocate_seats` counts the official members on each planned organization's roll, takes the season's
ex-officio delegates, divides the rest of the seats (daihoi.core.season.allocation), stores the
computation on the season and hands each plan entry its number of delegates.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from daihoi.audit.services import log_action
from daihoi.core.season.allocation import Allocation, AllocationError, allocate
from daihoi.organizations.models import Member, MemberStatus
from daihoi.seasons.errors import SeasonError
from daihoi.seasons.models import PlanEntry, Season

MAX_SEATS = 9999


def official_members(entries: list[PlanEntry]) -> dict[int, int]:
    """Organization id -> official members on its roll (active), for every entry (one query)."""
    counts = dict.fromkeys((e.organization_id for e in entries), 0)
    rows = (
        Member.objects.filter(organization_id__in=list(counts), status=MemberStatus.OFFICIAL, is_active=True)
        .values("organization_id")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["organization_id"]] = row["n"]
    return counts


def compute(season: Season, *, upper_seats: int, minimum_seats: int) -> tuple[Allocation, list[PlanEntry]]:
    """The allocation as it would be made now (nothing stored): for the page's preview."""
    entries = list(season.entries.select_related("organization").order_by("organization__code"))
    counts = official_members(entries)
    ex_officio = season.ex_officio.count()
    names = {e.organization.code: e.organization.name for e in entries}
    for name, value in (("total", upper_seats), ("minimum", minimum_seats)):
        if value is None or not 0 <= value <= MAX_SEATS:
            raise SeasonError("allocation_negative", field=name, value=value)
    try:
        result = allocate(
            upper_seats,
            ex_officio,
            {e.organization.code: counts[e.organization_id] for e in entries},
            minimum=minimum_seats,
        )
    except AllocationError as error:
        params = dict(error.params)
        if "organization" in params:
            params["organization"] = names.get(params["organization"], params["organization"])
        raise SeasonError(error.code, **params) from error
    return result, entries


def allocate_seats(season: Season, *, upper_seats: int, minimum_seats: int, actor: Any) -> Season:
    """Divide the delegates' congress's seats and hand each organization of the plan its number."""
    with transaction.atomic():
        season = Season.objects.select_for_update().select_related("organization").get(pk=season.pk)
        result, entries = compute(season, upper_seats=upper_seats, minimum_seats=minimum_seats)
        counts = official_members(entries)
        for entry in entries:
            entry.delegates = result.seats[entry.organization.code]
            entry.members_counted = counts[entry.organization_id]
        PlanEntry.objects.bulk_update(entries, ["delegates", "members_counted"])
        season.upper_seats = upper_seats
        season.minimum_seats = minimum_seats
        season.allocation = result.as_dict()
        season.allocated_at = timezone.now()
        season.save(
            update_fields=["upper_seats", "minimum_seats", "allocation", "allocated_at", "updated_at"]
        )
        log_action(
            "seasons.allocation.made",
            actor=actor,
            obj=season,
            organization=season.organization,
            data={
                "upper_seats": upper_seats,
                "minimum_seats": minimum_seats,
                "ex_officio": result.ex_officio,
                "elected": result.elected,
                "members": result.members_total,
            },
        )
    return season
