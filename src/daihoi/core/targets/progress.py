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

    @property
    def threshold(self) -> Value | None:
        """The figure to compare with: a relative target becomes base × value / 100."""
        if self.unit == "%" and self.base_value is not None and isinstance(self.value, Decimal):
            return self.base_value * self.value / 100
        return self.value


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
    if meets(actual, goal.comparator, threshold):
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
    if meets(cumulative, goal.comparator, threshold):
        return TermStatus(cumulative, _forecast(known, closed, years, cumulative, over), MET)
    if over:
        return TermStatus(cumulative, cumulative, MISSED)
    if not closed:
        return TermStatus(cumulative, None, NO_DATA)
    forecast = _forecast(known, closed, years, cumulative, over)
    return TermStatus(
        cumulative, forecast, ON_TRACK if meets(forecast, goal.comparator, threshold) else AT_RISK
    )


def _forecast(
    known: dict[int, Decimal], closed: list[int], years: list[int], cumulative: Decimal, over: bool
) -> Decimal:
    if not closed or over:
        return cumulative
    done = sum((known.get(y, Decimal(0)) for y in closed), Decimal(0))
    return max(cumulative, done / len(closed) * len(years))


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
