"""Actual against target, year by year and over the term; a forecast where one makes sense.

A term "2020-2025" has five rating years, 2020 to 2024: the yearly rating is made at the end of each
year, and the one of the congress year 2025 belongs to the next term.

No figure, no verdict: a target with nothing recorded yet is NO_DATA ("chưa có số liệu"), never met and
never at risk. A count taken from records (admissions, discipline) is zero when nothing was recorded, so
a zero becomes a figure only once its year is over and its records complete (`count_figure`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from daihoi.core.targets import rating

MET = "met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
MISSED = "missed"
NO_DATA = "no_data"
STATUSES = (MET, ON_TRACK, AT_RISK, MISSED, NO_DATA)

Value = Decimal | str


@dataclass(frozen=True)
class Goal:
    """What a target asks for, as progress needs it."""

    comparator: str
    value: Value
    unit: str
    period: str | None
    base_value: Decimal | None = None  # for "% of the previous term's figure"
    # A range ("10-12%"): the lower bound is `comparator` `value`, the upper one these two.
    upper_comparator: str | None = None
    upper_value: Decimal | None = None
    # The rating scheme a level target is judged in (rating.SCHEMES key); None: the four levels.
    scheme: str | None = None

    @property
    def threshold(self) -> Value | None:
        """The figure to compare with: a relative target becomes base × value / 100."""
        if self.unit == "%" and self.base_value is not None and isinstance(self.value, Decimal):
            return self.base_value * self.value / 100
        return self.value

    def satisfied(self, actual: Value) -> bool:
        """Whether `actual` meets the goal: a range's figure must be inside both bounds."""
        threshold = self.threshold
        if threshold is None:
            return False
        scheme = rating.get_scheme(self.scheme) if self.scheme else rating.FOUR_LEVELS
        if not meets(actual, self.comparator, threshold, scheme):
            return False
        if self.upper_comparator and self.upper_value is not None:
            return meets(actual, self.upper_comparator, self.upper_value)
        return True


def term_years(start: int, end: int) -> list[int]:
    return list(range(start, end)) if end > start else [start]


def meets(actual: Value, comparator: str, target: Value, scheme: rating.Scheme = rating.FOUR_LEVELS) -> bool:
    """Compare numbers, or rating levels (a better level is "greater")."""
    if isinstance(target, str) or isinstance(actual, str):
        if not (isinstance(target, str) and isinstance(actual, str)):
            raise TypeError("a level compares only with a level")
        scheme = _scheme_knowing(actual, target, scheme)
        diff = scheme.rank(target) - scheme.rank(actual)  # > 0: actual is better
        a, t = Decimal(diff), Decimal(0)
    else:
        a, t = actual, target
    return {">=": a >= t, "<=": a <= t, "=": a == t, ">": a > t, "<": a < t}[comparator]


def _scheme_knowing(actual: str, target: str, default: rating.Scheme) -> rating.Scheme:
    for scheme in (default, *rating.SCHEMES.values()):
        if actual in scheme.levels and target in scheme.levels:
            return scheme
    raise rating.RatingError("levels_not_comparable", actual=actual, target=target)


def count_figure(count: Decimal, *, closed: bool, complete: bool = True) -> Decimal | None:
    """A count taken from records as a figure, or None when nothing can be said yet.

    Above zero it is a figure (something was recorded). Zero is one only for a year that is over
    (`closed`) and whose records are `complete`; in the year still running, a year to come, or a year
    whose records were never completed, zero only means nothing has been recorded yet.
    """
    if count != 0:
        return count
    return count if closed and complete else None


@dataclass(frozen=True)
class YearStatus:
    year: int
    actual: Value | None
    status: str


def year_status(goal: Goal, actual: Value | None, closed: bool) -> str:
    """One year: met, missed (year over) or at risk (year still open and not there yet)."""
    threshold = goal.threshold
    if actual is None or threshold is None:
        return NO_DATA
    if goal.satisfied(actual):
        return MET
    return MISSED if closed else AT_RISK


@dataclass(frozen=True)
class TermStatus:
    cumulative: Decimal | None
    forecast: Decimal | None
    status: str


def term_status(goal: Goal, yearly: dict[int, Decimal], years: list[int], current_year: int) -> TermStatus:
    """A count over the term (admissions): the sum so far, and the sum extrapolated to the term's end.

    `yearly` holds the figures only (see `count_figure`): a year absent from it has nothing recorded.
    The forecast is the yearly average of the closed years times the term's length; the status is met
    once reached, missed when the term is over short of it, otherwise on track or at risk by the forecast.
    Before a year of the term has closed there is no forecast: not reached yet is NO_DATA, not at risk.
    """
    threshold = goal.threshold
    known = {y: v for y, v in yearly.items() if y in years}
    if not known or threshold is None or isinstance(threshold, str):
        return TermStatus(None, None, NO_DATA)
    cumulative = sum(known.values(), Decimal(0))
    closed = [y for y in years if y < current_year]
    over = current_year > years[-1]
    if goal.satisfied(cumulative):
        return TermStatus(cumulative, _forecast(known, closed, years, cumulative, over), MET)
    if over:
        return TermStatus(cumulative, cumulative, MISSED)
    if not closed:
        return TermStatus(cumulative, None, NO_DATA)
    forecast = _forecast(known, closed, years, cumulative, over)
    return TermStatus(cumulative, forecast, ON_TRACK if goal.satisfied(forecast) else AT_RISK)


def _forecast(
    known: dict[int, Decimal], closed: list[int], years: list[int], cumulative: Decimal, over: bool
) -> Decimal:
    if not closed or over:
        return cumulative
    done = sum((known.get(y, Decimal(0)) for y in closed), Decimal(0))
    return max(cumulative, done / len(closed) * len(years))


# ------------------------------------------------------------------------------------ trajectory
# A figure of the locality to reach by the term's end ("thu nhập bình quân đầu người đến năm 2030 đạt 86,4
# triệu đồng", "tỷ lệ hộ nghèo giảm còn 0,23%"): each year is judged against the straight line from the
# starting figure to the target at the term's last year.


def goes_down(goal: Goal, start: Decimal) -> bool:
    """Whether the figure must fall: "<=" / "<" targets; for "=" whether the target is below the start."""
    if goal.comparator in ("<=", "<"):
        return True
    if goal.comparator in (">=", ">"):
        return False
    return isinstance(goal.value, Decimal) and goal.value < start


def trajectory(start_year: int, start: Decimal, end_year: int, target: Decimal) -> list[tuple[int, Decimal]]:
    """The expected figure of each year from `start_year` to `end_year`: the straight line from `start`
    (at `start_year`) to `target` (at `end_year`); one point, the target, when the two years are one."""
    if end_year <= start_year:
        return [(end_year, target)]
    span = Decimal(end_year - start_year)
    return [
        (y, start + (target - start) * Decimal(y - start_year) / span)
        for y in range(start_year, end_year + 1)
    ]


def trajectory_start(
    yearly: dict[int, Decimal], years: list[int], base: Decimal | None
) -> tuple[int, Decimal] | None:
    """Where the line starts: the base figure (given on the confirm page) at the term's first year, else
    the first year with a figure; None when there is neither."""
    if base is not None:
        return years[0], base
    known = sorted(y for y in yearly if y in years)
    return (known[0], yearly[known[0]]) if known else None


@dataclass(frozen=True)
class TrajectoryStatus:
    line: list[tuple[int, Decimal]]  # the expected figure of each year; empty without a start
    cells: dict[int, str]  # each year of the term: its status
    status: str  # the target's status today


def trajectory_status(
    goal: Goal,
    yearly: dict[int, Decimal],
    years: list[int],
    current_year: int,
    base: Decimal | None = None,
    end_year: int | None = None,
) -> TrajectoryStatus:
    """A term target of a yearly figure, year by year: MET when the figure reaches the target (a range:
    inside it); otherwise ON_TRACK when on or ahead of the line, AT_RISK behind it — MISSED for the
    term's last year once it is over. A year without a figure is NO_DATA (no figure, no verdict). The
    target's status is that of the latest year with a figure, MISSED when the term is over and that
    figure is short of the target.

    The line reaches the target at `end_year` — the year the resolution names, "đến năm 2030", which is
    the term's end (2030 of 2025 - 2030) — by default the term's last rating year.
    """
    threshold = goal.threshold
    known = {y: v for y, v in yearly.items() if y in years}
    start = trajectory_start(known, years, base)
    if start is None or not isinstance(threshold, Decimal):
        return TrajectoryStatus([], dict.fromkeys(years, NO_DATA), NO_DATA)
    line = trajectory(start[0], start[1], end_year or years[-1], threshold)
    expected = dict(line)
    down = goes_down(goal, start[1])
    over = current_year > years[-1]
    cells: dict[int, str] = {}
    for year in years:
        actual = known.get(year)
        if actual is None:
            cells[year] = NO_DATA
        elif goal.satisfied(actual):
            cells[year] = MET
        elif year == years[-1] and over:
            cells[year] = MISSED
        else:
            line_value = expected.get(year, threshold)
            ahead = actual <= line_value if down else actual >= line_value
            cells[year] = ON_TRACK if ahead else AT_RISK
    latest = [y for y in years if y in known]
    if not latest:
        return TrajectoryStatus(line, cells, NO_DATA)
    status = cells[latest[-1]]
    if over and status != MET:
        status = MISSED
    return TrajectoryStatus(line, cells, status)


def overall_status(statuses: list[str]) -> str:
    """An annual target over the term so far: a yearly target must be met every year, so one year that
    missed it makes it MISSED for the term; otherwise the verdict of the latest year that has one
    (met, or at risk in the year still running); NO_DATA when no year has a verdict."""
    judged = [s for s in statuses if s and s != NO_DATA]
    if MISSED in judged:
        return MISSED
    return judged[-1] if judged else NO_DATA


def summary_counts(statuses: list[str]) -> dict[str, int]:
    """How many targets have each status, in the order of STATUSES (the dashboard's summary line)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses:
        counts[status] += 1
    return counts
