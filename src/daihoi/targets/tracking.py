"""Progress of a resolution's targets: the actual figure per year, for the organization and each branch.

Figures come from the data daihoi holds: member and branch ratings, the roll's admission dates,
discipline records; figures it cannot compute (a study share, an economic figure) are entered by hand
as TargetActual. The rules (met / at risk / missed, forecast) are in daihoi.core.targets.progress.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.core.numbers import round_half_up
from daihoi.core.targets import progress, rating
from daihoi.core.targets.evaluate import category
from daihoi.core.targets.extract import RATED_PREFIX
from daihoi.organizations.models import Member, Organization
from daihoi.targets.models import (
    Comparator,
    DisciplineRecord,
    Indicator,
    MemberRating,
    OrganizationRating,
    Period,
    Resolution,
    Scope,
    Target,
    TargetActual,
    Unit,
)
from daihoi.targets.services import branches_of
from daihoi.targets.units import goal_text

Value = Decimal | str | None


@dataclass
class Cell:
    year: int
    actual: Value
    status: str  # a core.targets.progress status, or "" for a year of a term total


@dataclass
class Row:
    label: str
    branch: Organization | None
    cells: list[Cell]


@dataclass
class TargetProgress:
    target: Target
    label: str
    rows: list[Row]
    term: progress.TermStatus | None = None
    status: str = progress.NO_DATA  # the target's overall status today
    # A range's upper bound target when `target` is its lower bound (the upper one has no card).
    upper: Target | None = None
    goal_text: str = ""  # "≥ 8%", "10–12%", "≤ 0,3‰", "≥ 86,4 triệu đồng", "≥ Nông thôn mới nâng cao"
    kind: str = "party"  # "party", "level" or "locality" (core.targets.evaluate.category)
    # A term target of a yearly figure: the expected figure each year on the line to the target.
    trajectory: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def whole(self) -> Row:
        return self.rows[0]

    @property
    def years_met(self) -> tuple[int, int]:
        """(years met, years with a verdict) for an annual target."""
        judged = [c for c in self.whole.cells if c.status in (progress.MET, progress.MISSED)]
        return sum(1 for c in judged if c.status == progress.MET), len(judged)


@dataclass
class _Data:
    """Everything the term's figures are computed from, loaded once."""

    member_levels: dict[tuple[int, int | None], list[str]] = field(default_factory=lambda: defaultdict(list))
    branch_levels: dict[int, dict[int, str]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # year->branch->lv
    own_level: dict[int, str] = field(default_factory=dict)
    unit_levels: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    admitted: dict[tuple[int, int | None], int] = field(default_factory=lambda: defaultdict(int))
    disciplined: dict[tuple[int, int | None], set[int]] = field(default_factory=lambda: defaultdict(set))
    active_members: dict[int | None, int] = field(default_factory=lambda: defaultdict(int))
    manual: dict[tuple[int, int], TargetActual] = field(default_factory=dict)


ALL = None  # the branch key of the whole organization


def _load(resolution: Resolution, branches: list[Organization], extra: list[int] | None = None) -> _Data:
    org = resolution.organization
    years = [*resolution.years, *(extra or [])]
    d = _Data()
    for year, branch_id, level in MemberRating.objects.filter(organization=org, year__in=years).values_list(
        "year", "branch_id", "level"
    ):
        d.member_levels[(year, ALL)].append(level)
        d.member_levels[(year, branch_id)].append(level)
    branch_ids = {b.pk for b in branches}
    for r in OrganizationRating.objects.filter(year__in=years, organization_id__in=[*branch_ids, org.pk]):
        if r.unit_name:
            d.unit_levels[r.year].append(r.level)
        elif r.organization_id == org.pk:
            d.own_level[r.year] = r.level
        else:
            d.branch_levels[r.year][r.organization_id] = r.level
    for admitted_on, branch_id in Member.objects.filter(
        organization=org, admitted_on__year__in=years
    ).values_list("admitted_on", "branch_id"):
        if admitted_on is None:  # pragma: no cover - filtered by the year lookup
            continue
        d.admitted[(admitted_on.year, ALL)] += 1
        d.admitted[(admitted_on.year, branch_id)] += 1
    for decided_on, member_id, branch_id in DisciplineRecord.objects.filter(
        organization=org, decided_on__year__in=years
    ).values_list("decided_on", "member_id", "member__branch_id"):
        d.disciplined[(decided_on.year, ALL)].add(member_id)
        d.disciplined[(decided_on.year, branch_id)].add(member_id)
    for branch_id in Member.objects.filter(organization=org, is_active=True).values_list(
        "branch_id", flat=True
    ):
        d.active_members[ALL] += 1
        d.active_members[branch_id] += 1
    for actual in TargetActual.objects.filter(target__resolution=resolution):
        d.manual[(actual.target_id, actual.year)] = actual
    return d


def _share(
    levels: list[str], threshold: str, year: int, scheme: rating.Scheme | None = None
) -> Decimal | None:
    scheme = scheme or rating.scheme_for_year(year)
    if threshold not in scheme.levels:
        return None
    levels = [lv for lv in levels if lv in scheme.levels]
    share = rating.share_at_least(levels, threshold, scheme)
    return None if share is None else round_half_up(share, 2)


def _worst(levels: list[str], year: int, scheme: rating.Scheme | None = None) -> str | None:
    scheme = scheme or rating.scheme_for_year(year)
    known = [lv for lv in levels if lv in scheme.levels]
    return max(known, key=scheme.rank) if known else None


def _unit_levels(target: Target, year: int, d: _Data) -> list[str]:
    """The year's ratings of the agency and mass organizations made on the scale the target names
    ("đoàn thể vững mạnh" or "đoàn thể hoàn thành tốt nhiệm vụ")."""
    scheme = rating.unit_scheme(target.value_level)
    return [lv for lv in d.unit_levels.get(year, []) if lv in scheme.levels]


def _actual(target: Target, year: int, branch: int | None, d: _Data, closed: bool = True) -> Value:
    """The figure of `target` in `year` for the whole organization (branch None) or one branch.

    None when nothing is recorded yet: a count of admissions or discipline that is still zero in the
    running year is not a figure (core.targets.progress.count_figure); neither is a zero count of
    discipline for a year whose yearly review (the member ratings) was never entered.
    """
    ind, scope = target.indicator, target.scope
    if (
        scope == Scope.LOCALITY
        or ind in (Indicator.STUDY, Indicator.OTHER)
        or (
            ind == Indicator.RATING
            and scope == Scope.MASS_ORGANIZATIONS
            and not _unit_levels(target, year, d)
        )
    ):
        manual = d.manual.get((target.pk, year)) if branch is ALL else None
        if manual is None:
            return None
        return manual.value_level or manual.value_number
    if ind.startswith(RATED_PREFIX):
        level = ind[len(RATED_PREFIX) :]
        if scope == Scope.MEMBERS:
            return _share(d.member_levels.get((year, branch), []), level, year)
        if scope == Scope.BRANCHES and branch is ALL:
            return _share(list(d.branch_levels.get(year, {}).values()), level, year)
        if scope == Scope.MASS_ORGANIZATIONS and branch is ALL:
            return _share(d.unit_levels.get(year, []), level, year, rating.unit_scheme(level))
        return None
    if ind == Indicator.RATING:
        if scope == Scope.ORGANIZATION:
            return d.own_level.get(year) if branch is ALL else None
        if scope == Scope.BRANCHES:
            by_branch = d.branch_levels.get(year, {})
            return _worst(list(by_branch.values()), year) if branch is ALL else by_branch.get(branch)
        if scope == Scope.MASS_ORGANIZATIONS and branch is ALL:
            return _worst(_unit_levels(target, year, d), year, rating.unit_scheme(target.value_level))
        return None
    if ind == Indicator.ADMISSIONS:  # the roll holds every admission date: a closed year is complete
        return progress.count_figure(Decimal(d.admitted.get((year, branch), 0)), closed=closed)
    if ind == Indicator.DISCIPLINED:
        reviewed = bool(d.member_levels.get((year, ALL)))
        count = Decimal(len(d.disciplined.get((year, branch), set())))
        return progress.count_figure(count, closed=closed, complete=reviewed)
    if ind == Indicator.CHARTER:
        # Judged with the yearly review: no ratings entered for the year, no figure.
        rated = len(d.member_levels.get((year, branch), []))
        if not rated:
            return None
        kept = rated - len(d.disciplined.get((year, branch), set()))
        return round_half_up(Decimal(kept) * 100 / rated, 2)
    return None


def is_relative(target: Target) -> bool:
    """A percentage of an earlier figure ("110% of the previous term's admissions"); a locality's
    percentage with a base figure is a figure to reach, the base its starting point."""
    return target.unit == Unit.PERCENT and target.base_value is not None and target.scope != Scope.LOCALITY


def goal_of(target: Target, upper: Target | None = None) -> progress.Goal:
    value = target.value
    scheme = rating.scheme_for_level(target.value_level) if target.unit == Unit.LEVEL else None
    if target.unit == Unit.LEVEL and target.scope == Scope.MASS_ORGANIZATIONS:
        scheme = rating.MASS
    return progress.Goal(
        comparator=target.comparator,
        value=value if value is not None else Decimal(0),
        unit=target.unit,
        period=target.period or None,
        base_value=target.base_value if is_relative(target) else None,
        upper_comparator=upper.comparator if upper is not None else None,
        upper_value=upper.value_number if upper is not None else None,
        scheme=scheme.version if scheme else None,
    )


def kind_of(target: Target) -> str:
    """The dashboard's group: "party", "level" or "locality" (as the development set's categories)."""
    return category({"scope": target.scope, "unit": target.unit})


def _is_term_total(target: Target) -> bool:
    return target.period == Period.TERM and target.indicator in (Indicator.ADMISSIONS, Indicator.DISCIPLINED)


def _has_branch_rows(target: Target) -> bool:
    if target.indicator.startswith(RATED_PREFIX) or target.indicator in (
        Indicator.CHARTER,
        Indicator.DISCIPLINED,
    ):
        return target.scope == Scope.MEMBERS
    if target.indicator == Indicator.ADMISSIONS:
        return True
    return target.indicator == Indicator.RATING and target.scope == Scope.BRANCHES


def _compare_safely(goal: progress.Goal, actual: Value, closed: bool) -> str:
    try:
        return progress.year_status(goal, actual, closed)
    except (TypeError, rating.RatingError):
        return progress.NO_DATA


def _uses_trajectory(target: Target) -> bool:
    """A term figure typed year by year (income by 2030, the poverty rate down to 0,23%): judged against
    the line to the target at the term's end."""
    return (
        target.period == Period.TERM
        and target.unit != Unit.LEVEL
        and not _is_term_total(target)
        and not is_relative(target)
    )


def progress_for(
    resolution: Resolution, today: date | None = None, *, last_year: bool = False
) -> list[TargetProgress]:
    """Each target's figures and verdicts. With `last_year`, the rows also carry the congress year that
    ends the term (2025 of 2020 - 2025): shown and judged as a year, but not one of the term's rating
    years, so it enters no verdict over the term (core.targets.progress.term_years).

    A range ("10-12%") is one TargetProgress, that of its lower bound, with `upper` set; its upper bound
    has none of its own. A locality's figures are those typed or imported (TargetActual)."""
    today = today or timezone.localdate()
    branches = list(branches_of(resolution.organization))
    d = _load(resolution, branches, extra=[resolution.term_end] if last_year else [])
    years = resolution.years
    shown = [*years, resolution.term_end] if last_year and resolution.term_end not in years else years
    targets = list(resolution.targets.all())
    uppers = {t.range_lower_id: t for t in targets if t.range_lower_id is not None}
    out = []
    for target in targets:
        if target.range_lower_id is not None:
            continue  # a range's upper bound: shown with its lower bound
        upper = uppers.get(target.pk)
        goal = goal_of(target, upper)
        # A relative admissions target ("110% of the previous term") compares the term's total.
        annual = target.period != Period.TERM and not is_relative(target)
        scopes: list[tuple[str, Organization | None]] = [(resolution.organization.name, None)]
        if _has_branch_rows(target):
            scopes += [(b.name, b) for b in branches]
        # A locality's figures run through the term's last year ("đến năm 2030"), not only its rating years.
        target_years = resolution.figure_years if target.scope == Scope.LOCALITY else years
        rows = []
        for label, branch in scopes:
            cells = []
            for year in target_years if target.scope == Scope.LOCALITY else shown:
                actual = _actual(target, year, branch.pk if branch else ALL, d, closed=year < today.year)
                status = _compare_safely(goal, actual, year < today.year) if annual else ""
                cells.append(Cell(year, actual, status))
            rows.append(Row(label, branch, cells))
        tp = TargetProgress(
            target, describe(target, upper), rows, upper=upper, goal_text=goal_text(target, upper)
        )
        tp.kind = kind_of(target)
        term_cells = [c for c in rows[0].cells if c.year in target_years]
        if not annual and (_is_term_total(target) or is_relative(target)):
            yearly = {c.year: c.actual for c in term_cells if isinstance(c.actual, Decimal)}
            tp.term = progress.term_status(goal, yearly, target_years, today.year)
            tp.status = tp.term.status
        elif not annual and _uses_trajectory(target):
            yearly = {c.year: c.actual for c in term_cells if isinstance(c.actual, Decimal)}
            base = target.base_value if not is_relative(target) else None
            try:
                line = progress.trajectory_status(
                    goal, yearly, target_years, today.year, base, end_year=resolution.term_end
                )
            except (TypeError, rating.RatingError):  # pragma: no cover - numbers only
                line = progress.TrajectoryStatus([], {}, progress.NO_DATA)
            tp.trajectory = [(y, round_half_up(v, 2)) for y, v in line.line]
            tp.status = line.status
            for cell in rows[0].cells:
                cell.status = line.cells.get(cell.year) or _compare_safely(
                    goal, cell.actual, cell.year < today.year
                )
        elif not annual:
            # A level to reach by the end of the term: the latest figure against it; a year is met once
            # the level is reached, else it has no verdict of its own before the term's end.
            known = [c for c in term_cells if c.actual is not None]
            over = today.year > target_years[-1]
            tp.status = _compare_safely(goal, known[-1].actual, over) if known else progress.NO_DATA
            for cell in rows[0].cells:
                if cell.actual is not None and _compare_safely(goal, cell.actual, False) == progress.MET:
                    cell.status = progress.MET
        else:
            tp.status = progress.overall_status([c.status for c in term_cells])
        out.append(tp)
    return out


COMPARATOR_WORDS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def describe(target: Target, upper: Target | None = None) -> str:
    """A short readable statement of the target, in the current language."""
    period = {Period.ANNUAL: _("each year"), Period.TERM: _("over the term")}.get(target.period, "")  # type: ignore[call-overload]
    what = f"{target.get_indicator_display()} — {target.get_scope_display()}"
    return " ".join(p for p in (what + ":", goal_text(target, upper), f"({period})" if period else "") if p)


def _num(value: Decimal | None) -> str:
    from daihoi.core.numbers import format_number

    if value is None:
        return ""
    return format_number(value.normalize())


STATUS_LABELS = {  # lazy: rendered in the language of each request
    progress.MET: gettext_lazy("met"),
    progress.ON_TRACK: gettext_lazy("on track"),
    progress.AT_RISK: gettext_lazy("at risk"),
    progress.MISSED: gettext_lazy("missed"),
    progress.NO_DATA: gettext_lazy("no data"),
}
__all__ = ["Comparator", "TargetProgress", "describe", "progress_for"]
