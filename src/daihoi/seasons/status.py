"""Where each organization of a season's plan stands, with its figures, in a fixed number of queries.

`season_rows(season)` reads, for every plan entry, the organization's congress of the season's term (its
Congress with term_start_year == season.term_start_year), its attendance, the committee and delegates it
elected, and the newest approval submission: seven queries whatever the number of organizations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from daihoi.congresses.models import Congress, CongressStatus, Delegate, DelegateKind
from daihoi.core.numbers import percent
from daihoi.elections.models import Election, ElectionKind, ElectionStatus, Round, RoundStatus
from daihoi.organizations.models import Member, MemberStatus, Organization
from daihoi.seasons.models import PlanEntry, Season, Submission, SubmissionStatus


class Stage(StrEnum):
    PLANNED = "planned"
    CONVENED = "convened"
    IN_SESSION = "in_session"
    CLOSED = "closed"
    COUNTED = "counted"
    PENDING = "approval_pending"
    APPROVED = "approved"
    RETURNED = "returned"


STAGE_LABELS: dict[str, Any] = {
    Stage.PLANNED: pgettext_lazy("season stage", "Planned"),
    Stage.CONVENED: pgettext_lazy("season stage", "Convened"),
    Stage.IN_SESSION: pgettext_lazy("season stage", "In session"),
    Stage.CLOSED: pgettext_lazy("season stage", "Closed"),
    Stage.COUNTED: pgettext_lazy("season stage", "Results announced"),
    Stage.PENDING: pgettext_lazy("season stage", "Awaiting approval"),
    Stage.APPROVED: pgettext_lazy("season stage", "Approved"),
    Stage.RETURNED: pgettext_lazy("season stage", "Returned"),
}
STAGE_ORDER = list(Stage)
COMMITTEES = (ElectionKind.EXECUTIVE_COMMITTEE, ElectionKind.BRANCH_COMMITTEE)
ANNOUNCED = (ElectionStatus.PUBLISHED, ElectionStatus.APPROVED)
NOT_VOTING = Q(kind=DelegateKind.GUEST) | Q(kind=DelegateKind.ALTERNATE, replaces__isnull=True)


@dataclass
class SeasonRow:
    """One organization of the plan: what the superior set, where its congress stands, its figures."""

    entry: PlanEntry
    organization: Organization
    members: int  # active members on its roll
    official_members: int
    congress: Congress | None
    stage: Stage
    convened: int  # people convened to its congress (guests and standing-by alternates aside)
    present: int
    committee_elected: int | None  # None: no committee election announced yet
    delegates_elected: int | None
    alternates_elected: int | None
    submission: Submission | None

    @property
    def code(self) -> str:
        return self.organization.code

    @property
    def stage_label(self) -> Any:
        return STAGE_LABELS[self.stage]

    @property
    def attendance(self) -> Decimal | None:
        """Present as a percentage of those convened, to one decimal (None before anyone is convened)."""
        return percent(self.present, self.convened, 1) if self.convened else None

    @property
    def window_start(self) -> dt.date | None:
        return self.entry.window_start

    @property
    def window_end(self) -> dt.date | None:
        return self.entry.window_end

    @property
    def group(self) -> Organization | None:
        """The intermediate committee the organization sits under (None when directly below)."""
        parent = self.organization.parent
        if parent is None or parent.pk == self.entry.season.organization_id:
            return None
        return parent


def _stage(congress: Congress | None, announced: bool, submission: Submission | None) -> Stage:
    if submission is not None:
        return {
            SubmissionStatus.SUBMITTED: Stage.PENDING,
            SubmissionStatus.APPROVED: Stage.APPROVED,
            SubmissionStatus.RETURNED: Stage.RETURNED,
        }[SubmissionStatus(submission.status)]
    if congress is None or congress.status == CongressStatus.DRAFT:
        return Stage.PLANNED
    if congress.status == CongressStatus.CONVENED:
        return Stage.CONVENED
    if congress.status == CongressStatus.OPEN:
        return Stage.IN_SESSION
    return Stage.COUNTED if announced else Stage.CLOSED


def season_rows(season: Season) -> list[SeasonRow]:
    """One row per plan entry, by organization code (a fixed number of queries)."""
    entries = list(
        PlanEntry.objects.filter(season=season)
        .select_related("season", "organization", "organization__parent")
        .order_by("organization__code")
    )
    org_ids = [e.organization_id for e in entries]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"all": 0, "official": 0})
    for member_row in (
        Member.objects.filter(organization_id__in=org_ids, is_active=True)
        .values("organization_id")
        .annotate(all=Count("id"), official=Count("id", filter=Q(status=MemberStatus.OFFICIAL)))
    ):
        counts[member_row["organization_id"]] = {"all": member_row["all"], "official": member_row["official"]}
    congresses: dict[int, Congress] = {}
    for congress in Congress.objects.filter(
        organization_id__in=org_ids, term_start_year=season.term_start_year, archived_at__isnull=True
    ).order_by("organization_id", "number"):
        congresses[congress.organization_id] = congress  # the latest number of the term
    congress_ids = [c.pk for c in congresses.values()]
    attendance: dict[int, tuple[int, int]] = {}
    for delegate_row in (
        Delegate.objects.filter(congress_id__in=congress_ids, convened=True)
        .exclude(NOT_VOTING)
        .values("congress_id")
        .annotate(n=Count("id"), present=Count("id", filter=Q(present=True)))
    ):
        attendance[delegate_row["congress_id"]] = (delegate_row["n"], delegate_row["present"])
    elected: dict[tuple[int, str], list[int]] = {}
    announced: set[int] = set()
    for election_id, congress_id, kind, status in Election.objects.filter(
        congress_id__in=congress_ids
    ).values_list("id", "congress_id", "kind", "status"):
        if status in ANNOUNCED:
            announced.add(congress_id)
            elected.setdefault((congress_id, kind), []).append(election_id)
    won: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    announced_elections = [eid for ids in elected.values() for eid in ids]
    for election_id, result in Round.objects.filter(
        election_id__in=announced_elections, status=RoundStatus.CLOSED
    ).values_list("election_id", "result"):
        officials, alternates = won[election_id]
        won[election_id] = (
            officials + len((result or {}).get("elected", [])),
            alternates + len((result or {}).get("alternates", [])),
        )
    submissions: dict[int, Submission] = {}
    for submission in (
        Submission.objects.filter(congress_id__in=congress_ids)
        .defer("dossier")
        .order_by("congress_id", "number")
    ):
        submissions[submission.congress_id] = submission  # the newest

    def total(congress_id: int, kinds: tuple[str, ...], part: int) -> int | None:
        ids = [eid for kind in kinds for eid in elected.get((congress_id, kind), [])]
        return sum(won[eid][part] for eid in ids) if ids else None

    rows: list[SeasonRow] = []
    for entry in entries:
        held = congresses.get(entry.organization_id)
        cid = held.pk if held else 0
        newest = submissions.get(cid)
        convened, present = attendance.get(cid, (0, 0))
        rows.append(
            SeasonRow(
                entry=entry,
                organization=entry.organization,
                members=counts[entry.organization_id]["all"],
                official_members=counts[entry.organization_id]["official"],
                congress=held,
                stage=_stage(held, cid in announced, newest),
                convened=convened,
                present=present,
                committee_elected=total(cid, COMMITTEES, 0) if held else None,
                delegates_elected=total(cid, (ElectionKind.DELEGATES,), 0) if held else None,
                alternates_elected=total(cid, (ElectionKind.DELEGATES,), 1) if held else None,
                submission=newest,
            )
        )
    return rows


def stage_counts(rows: list[SeasonRow]) -> list[tuple[Stage, Any, int]]:
    """(stage, label, organizations at it) for every stage, in the order of the season."""
    counted: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        counted[row.stage] += 1
    return [(stage, STAGE_LABELS[stage], counted[stage]) for stage in STAGE_ORDER]


__all__ = ["STAGE_LABELS", "SeasonRow", "Stage", "season_rows", "stage_counts"]
