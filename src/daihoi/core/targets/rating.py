"""The yearly quality rating (QĐ 366, earlier QĐ 132/124): levels, 100-point score bands, the quota.

Schemes are versioned: a rating row records the scheme it was made under, so an older year keeps its
rules when a newer scheme arrives. Older terms rated organizations "trong sạch, vững mạnh" (clean and
strong); the legacy scheme keeps those names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Literal

EXCELLENT = "excellent"
GOOD = "good"
COMPLETED = "completed"
NOT_COMPLETED = "not_completed"
CLEAN_STRONG_EXEMPLARY = "clean_strong_exemplary"
CLEAN_STRONG = "clean_strong"
STRONG = "strong"
FAIR = "fair"
AVERAGE = "average"
WEAK = "weak"
# A commune's standing in the national new-rural programme (nông thôn mới): a locality's level target.
MODEL_NEW_RURAL = "model_new_rural"  # nông thôn mới kiểu mẫu
ADVANCED_NEW_RURAL = "advanced_new_rural"  # nông thôn mới nâng cao
NEW_RURAL = "new_rural"  # đạt chuẩn nông thôn mới
NOT_NEW_RURAL = "not_new_rural"  # chưa đạt chuẩn

Rounding = Literal["floor", "half_up", "ceil"]


class RatingError(ValueError):
    """A rating that breaks the scheme; `code` is the machine code, `params` name the value."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Band:
    level: str
    min_score: Decimal  # inclusive lower bound of the band


@dataclass(frozen=True)
class Scheme:
    """One rating scheme: its levels best first, the score bands and the quota rule."""

    version: str
    levels: tuple[str, ...]
    bands: tuple[Band, ...]
    quota_ratio: Decimal = Decimal("0.20")
    quota_ratio_exception: Decimal = Decimal("0.25")

    def rank(self, level: str) -> int:
        """0 is the best level; raises RatingError for a level the scheme does not know."""
        try:
            return self.levels.index(level)
        except ValueError:
            raise RatingError("unknown_level", level=level, scheme=self.version) from None

    def at_least(self, level: str, threshold: str) -> bool:
        return self.rank(level) <= self.rank(threshold)

    def band_for(self, score: Decimal) -> str:
        """The best level the score allows (conditions may still lower it)."""
        if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):  # "NaN" does not compare
            raise RatingError("score_out_of_range", score=str(score))
        for band in self.bands:
            if score >= band.min_score:
                return band.level
        return self.levels[-1]


FOUR_LEVELS = Scheme(
    version="qd366",
    levels=(EXCELLENT, GOOD, COMPLETED, NOT_COMPLETED),
    bands=(
        Band(EXCELLENT, Decimal(90)),
        Band(GOOD, Decimal(70)),
        Band(COMPLETED, Decimal(50)),
        Band(NOT_COMPLETED, Decimal(0)),
    ),
)
# Before 2018 organizations were rated "trong sạch, vững mạnh (tiêu biểu)"; no 100-point score.
LEGACY = Scheme(
    version="legacy2017",
    levels=(CLEAN_STRONG_EXEMPLARY, CLEAN_STRONG, GOOD, COMPLETED, NOT_COMPLETED),
    bands=(),
)
# The agency (chính quyền) and mass organizations (đoàn thể) are rated on their own scale.
MASS = Scheme(version="mass", levels=(STRONG, FAIR, AVERAGE, WEAK), bands=())
NEW_RURAL_SCHEME = Scheme(
    version="new_rural", levels=(MODEL_NEW_RURAL, ADVANCED_NEW_RURAL, NEW_RURAL, NOT_NEW_RURAL), bands=()
)
SCHEMES: dict[str, Scheme] = {s.version: s for s in (FOUR_LEVELS, LEGACY, MASS, NEW_RURAL_SCHEME)}
FIRST_FOUR_LEVEL_YEAR = 2018


def scheme_for_year(year: int) -> Scheme:
    return FOUR_LEVELS if year >= FIRST_FOUR_LEVEL_YEAR else LEGACY


# The agency and mass organizations are rated on their own scale (vững mạnh …) or, as the Party's
# organizations since 2018, on the four levels; a resolution's target may name either.
UNITS = Scheme(version="units", levels=(*MASS.levels, *FOUR_LEVELS.levels), bands=())


def unit_scheme(level: str) -> Scheme:
    """The scheme an agency's or mass organization's rating at `level` is made under."""
    return FOUR_LEVELS if level in FOUR_LEVELS.levels else MASS


def scheme_for_level(level: str) -> Scheme | None:
    """The scheme a target's level belongs to (the four levels first, then the mass organizations',
    the new-rural standing, the legacy scheme); None for a level no scheme knows."""
    for scheme in (FOUR_LEVELS, MASS, NEW_RURAL_SCHEME, LEGACY):
        if level in scheme.levels:
            return scheme
    return None


def get_scheme(version: str) -> Scheme:
    try:
        return SCHEMES[version]
    except KeyError:
        raise RatingError("unknown_scheme", scheme=version) from None


def check_level_against_score(scheme: Scheme, level: str, score: Decimal | None) -> None:
    """A level may be lower than its score band (a disqualifier), never higher."""
    scheme.rank(level)
    if score is None or not scheme.bands:
        return
    band = scheme.band_for(score)
    if scheme.rank(level) < scheme.rank(band):
        raise RatingError("level_above_score", level=level, score=str(score), band=band)


def quota_limit(good_count: int, ratio: Decimal, rounding: Rounding = "floor") -> int:
    """How many `excellent` a peer group may have: ratio × the number rated `good`, rounded.

    The Party text says "không quá 20%"; whether 20% of 7 = 1,4 allows 1 or 2 is UNCONFIRMED, so the
    rounding is a setting (default floor: never more than 20%).
    """
    exact = Decimal(good_count) * ratio
    mode = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}[rounding]
    return int(exact.quantize(Decimal(1), rounding=mode))


@dataclass(frozen=True)
class QuotaResult:
    excellent: int
    good: int
    limit: int
    exception: bool

    @property
    def ok(self) -> bool:
        return self.excellent <= self.limit

    @property
    def over_by(self) -> int:
        return max(0, self.excellent - self.limit)


def check_quota(
    levels: list[str],
    scheme: Scheme = FOUR_LEVELS,
    *,
    exception: bool = False,
    rounding: Rounding = "floor",
) -> QuotaResult:
    """The quota of one peer group: excellent ≤ 20% (25% by exception) of those rated good."""
    excellent = sum(1 for lv in levels if lv == EXCELLENT)
    good = sum(1 for lv in levels if lv == GOOD)
    ratio = scheme.quota_ratio_exception if exception else scheme.quota_ratio
    return QuotaResult(excellent, good, quota_limit(good, ratio, rounding), exception)


def share_at_least(levels: list[str], threshold: str, scheme: Scheme = FOUR_LEVELS) -> Decimal | None:
    """Percentage (unrounded Decimal) of `levels` at `threshold` or better; None for an empty group."""
    if not levels:
        return None
    hits = sum(1 for lv in levels if scheme.at_least(lv, threshold))
    return Decimal(hits) * 100 / Decimal(len(levels))


__all__ = [
    "CLEAN_STRONG",
    "COMPLETED",
    "EXCELLENT",
    "FOUR_LEVELS",
    "GOOD",
    "LEGACY",
    "NOT_COMPLETED",
    "STRONG",
    "QuotaResult",
    "RatingError",
    "Scheme",
    "check_level_against_score",
    "check_quota",
    "get_scheme",
    "quota_limit",
    "scheme_for_level",
    "scheme_for_year",
    "share_at_least",
]
