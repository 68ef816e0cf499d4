"""The targets' actions: one transactional, audited function per action (views, API, commands, demo)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import log_action
from daihoi.core.numbers import format_number
from daihoi.core.targets import rating
from daihoi.core.targets.extract import MAX_TEXT_CHARS, Extraction, TextTooLong, extract
from daihoi.core.targets.ranges import pair_ranges
from daihoi.core.targets.units import MONEY_SCALES, AmountError, money_parts, parse_amount
from daihoi.inputs import check_field_bounds
from daihoi.organizations.models import Member, Organization, OrganizationKind
from daihoi.targets.errors import TargetsError
from daihoi.targets.models import (
    ActualSource,
    Comparator,
    DisciplineForm,
    DisciplineRecord,
    Indicator,
    Level,
    MemberRating,
    OrganizationRating,
    Period,
    RatingYear,
    Resolution,
    Scope,
    Target,
    TargetActual,
    Unit,
)

MAX_TERM_YEARS = 10


def branches_of(organization: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(parent=organization, kind=OrganizationKind.BRANCH).order_by(
        "name", "code"
    )


def quota_rounding() -> rating.Rounding:
    """UNCONFIRMED in the Party texts, so a setting: DAIHOI_RATING_QUOTA_ROUNDING = floor|half_up|ceil."""
    value = getattr(settings, "DAIHOI_RATING_QUOTA_ROUNDING", "floor")
    if value == "half_up":
        return "half_up"
    return "ceil" if value == "ceil" else "floor"


# ---------------------------------------------------------------------------------------------- targets
@dataclass
class TargetInput:
    indicator: str
    scope: str
    comparator: str
    value: str  # a number ("90", "86,4") or a level code
    unit: str
    period: str = ""
    quote: str = ""
    base_value: str = ""
    number: int = 0  # the row's number on the review page, for messages (0: its place among the targets)


def extract_limit() -> int:
    """The longest text the extractor reads (settings.DAIHOI_EXTRACT_MAX_CHARS)."""
    return int(getattr(settings, "DAIHOI_EXTRACT_MAX_CHARS", MAX_TEXT_CHARS))


def text_too_long_message(length: int, limit: int) -> str:
    return _(
        "The text is %(length)s characters long; at most %(limit)s characters can be read at once. "
        "Paste only the resolution, or the part of the report that states the targets."
    ) % {"length": format_number(length), "limit": format_number(limit)}


def propose(text: str) -> Extraction:
    """What the text says, for the person to confirm or edit (nothing is saved); a text longer than
    extract_limit() is refused (TargetsError "text_too_long", naming its length and the limit)."""
    try:
        return extract(text, limit=extract_limit())
    except TextTooLong as error:
        raise TargetsError(
            error.code, text_too_long_message(error.params["length"], error.params["limit"]), field="text"
        ) from None


def parse_term(term: str) -> tuple[int, int]:
    raw = (term or "").replace(" ", "").replace("–", "-")
    try:
        start_text, end_text = raw.split("-")
        start, end = int(start_text), int(end_text)
    except ValueError:
        raise TargetsError(
            "bad_term", _("«%(value)s» is not a term such as 2020-2025.") % {"value": term}, field="term"
        ) from None
    if not 0 < end - start <= MAX_TERM_YEARS:
        raise TargetsError(
            "bad_term", _("«%(value)s» is not a term such as 2020-2025.") % {"value": term}, field="term"
        )
    return start, end


def _number(raw: str, field: str, position: int, unit: str = "") -> Decimal:
    """A typed figure; in đồng as a clerk writes it ("86,4 triệu", "86.400.000": parse_amount)."""
    text = str(raw).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = parse_amount(str(raw), unit) if unit == Unit.VND else Decimal(text)
    except (InvalidOperation, AmountError):
        raise TargetsError(
            "bad_value",
            _("Target %(n)s: «%(value)s» is not a number.") % {"n": position, "value": raw},
            field=field,
        ) from None
    if not value.is_finite() or value < 0:
        raise TargetsError(
            "bad_value",
            _("Target %(n)s: «%(value)s» is not a number.") % {"n": position, "value": raw},
            field=field,
        )
    return value


def _check_choice(value: str, choices: Any, field: str, position: int) -> None:
    if value not in choices.values:
        raise TargetsError(
            "bad_" + field,
            _("Target %(n)s: «%(value)s» is not a valid %(field)s.")
            % {"n": position, "value": value, "field": field},
            field=field,
        )


def _target_values(inp: TargetInput, position: int) -> dict[str, Any]:
    position = inp.number or position
    _check_choice(inp.indicator, Indicator, "indicator", position)
    _check_choice(inp.scope, Scope, "scope", position)
    _check_choice(inp.comparator, Comparator, "comparator", position)
    _check_choice(inp.unit, Unit, "unit", position)
    if inp.period:
        _check_choice(inp.period, Period, "period", position)
    values: dict[str, Any] = {
        "indicator": inp.indicator,
        "scope": inp.scope,
        "comparator": inp.comparator,
        "unit": inp.unit,
        "period": inp.period or "",
        "quote": inp.quote.strip(),
        "value_number": None,
        "value_level": "",
        "base_value": _number(inp.base_value, "base_value", position)
        if str(inp.base_value).strip()
        else None,
    }
    if inp.unit == Unit.LEVEL:
        _check_choice(str(inp.value), Level, "level", position)
        values["value_level"] = str(inp.value)
    else:
        values["value_number"] = _number(str(inp.value), "value", position, inp.unit)
        if (
            inp.unit == Unit.PERCENT
            and values["value_number"] > 100
            and inp.indicator != Indicator.ADMISSIONS
        ):
            raise TargetsError(
                "percent_over_100",
                _("Target %(n)s: a share cannot be %(value)s%%.") % {"n": position, "value": inp.value},
                field="value",
            )
    return values


def confirm_targets(
    organization: Organization,
    *,
    term: str,
    targets: list[TargetInput],
    actor: Any,
    facts: dict[str, Any] | None = None,
    source_text: str = "",
    congress_number: int | None = None,
) -> Resolution:
    """Save the adopted targets of a term (replacing an earlier confirmation of the same term)."""
    start, end = parse_term(term)
    rows = [_target_values(inp, i) for i, inp in enumerate(targets, start=1)]
    if not rows:
        raise TargetsError("no_targets", _("There is no target to save."))
    with transaction.atomic():
        resolution, created = Resolution.objects.select_for_update().get_or_create(
            organization=organization, term_start=start, defaults={"term_end": end}
        )
        replaced = resolution.targets.count()
        resolution.targets.all().delete()
        resolution.term_end = end
        resolution.congress_number = congress_number or (facts or {}).get("congress_number")
        resolution.facts = facts or {}
        resolution.source_text = source_text
        resolution.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        resolution.confirmed_at = timezone.now()
        resolution.save()
        new_targets = [Target(resolution=resolution, position=i, **row) for i, row in enumerate(rows)]
        for target in new_targets:  # bulk_create sends no pre_save: each row's bounds checked here
            check_field_bounds(Target, target)
        Target.objects.bulk_create(new_targets)
        # A range ("10-12%") is its two adjacent rows: the upper bound points to the lower one.
        pairs = pair_ranges([{**row, "value": row["value_number"]} for row in rows])
        for lower, upper in pairs:
            new_targets[upper].range_lower = new_targets[lower]
        if pairs:
            Target.objects.bulk_update([new_targets[upper] for _lower, upper in pairs], ["range_lower"])
        log_action(
            "targets.resolution.confirmed",
            actor=actor,
            obj=resolution,
            organization=organization,
            data={
                "term": resolution.term_label,
                "targets": len(rows),
                "replaced": replaced,
                "created": created,
                "ranges": len(pairs),
            },
        )
    return resolution


def current_resolution(organization: Organization, today: date | None = None) -> Resolution | None:
    """The resolution whose term holds today, else the latest one."""
    year = (today or timezone.localdate()).year
    qs = Resolution.objects.filter(organization=organization)
    return qs.filter(term_start__lte=year, term_end__gte=year).first() or qs.first()


# ---------------------------------------------------------------------------------------------- ratings
def _decimal_score(score: Any) -> Decimal | None:
    if score in (None, ""):
        return None
    try:
        return Decimal(str(score).replace(",", "."))
    except InvalidOperation:
        raise TargetsError(
            "bad_score", _("«%(value)s» is not a score.") % {"value": score}, field="score"
        ) from None


def check_rating(
    year: int, level: str, score: Any, scheme: rating.Scheme | None = None
) -> tuple[str, Decimal | None]:
    """The scheme version and the score, or TargetsError naming what is wrong.

    A level is always required: a score alone is refused (never stored without its level, never
    dropped), because the level is decided by the branch, not derived from the score (conditions and
    disqualifiers can lower it below the score's band).
    """
    scheme = scheme or rating.scheme_for_year(year)
    value = _decimal_score(score)
    if not level:
        if value is None:
            raise TargetsError("level_required", _("No level was chosen."), field="level")
        raise TargetsError(
            "level_required",
            _("A score of %(score)s was typed but no level was chosen: choose the level.")
            % {"score": str(score).strip()},
            field="level",
        )
    try:
        rating.check_level_against_score(scheme, level, value)
    except rating.RatingError as exc:
        raise TargetsError(exc.code, rating_error_message(exc), field="level") from None
    return scheme.version, value


def rating_error_message(exc: rating.RatingError) -> str:
    p = exc.params
    messages = {
        "unknown_level": _("«%(level)s» is not a level of the %(scheme)s rating scheme."),
        "score_out_of_range": _("The score %(score)s is not between 0 and 100."),
        "level_above_score": _("A score of %(score)s allows at most «%(band)s», not «%(level)s»."),
    }
    labels = dict(Level.choices)
    params = {k: labels.get(str(v), v) if k in ("level", "band") else v for k, v in p.items()}
    return messages.get(exc.code, exc.code) % params


def set_member_rating(
    member: Member, year: int, level: str, score: Any = None, *, actor: Any
) -> MemberRating:
    version, value = check_rating(year, level, score)
    existing = MemberRating.objects.filter(member=member, year=year).first()
    if existing and (existing.level, existing.score, existing.scheme_version) == (level, value, version):
        return existing  # nothing changed: no write, no audit entry
    with transaction.atomic():
        obj, created = MemberRating.objects.update_or_create(
            member=member,
            year=year,
            defaults={
                "level": level,
                "score": value,
                "scheme_version": version,
                "organization_id": member.organization_id,
                "branch_id": member.branch_id,
            },
        )
        log_action(
            "targets.member_rating.set",
            actor=actor,
            obj=obj,
            organization=member.organization,
            data={
                "member": member.member_code,
                "year": year,
                "level": level,
                "score": value,
                "created": created,
            },
        )
    return obj


def set_organization_rating(
    organization: Organization, year: int, level: str, score: Any = None, *, actor: Any, unit_name: str = ""
) -> OrganizationRating:
    scheme = rating.unit_scheme(level) if unit_name else None
    version, value = check_rating(year, level, score, scheme)
    existing = OrganizationRating.objects.filter(
        organization=organization, unit_name=unit_name.strip(), year=year
    ).first()
    if existing and (existing.level, existing.score, existing.scheme_version) == (level, value, version):
        return existing
    with transaction.atomic():
        obj, created = OrganizationRating.objects.update_or_create(
            organization=organization,
            unit_name=unit_name.strip(),
            year=year,
            defaults={"level": level, "score": value, "scheme_version": version},
        )
        log_action(
            "targets.organization_rating.set",
            actor=actor,
            obj=obj,
            organization=organization,
            data={"unit": unit_name, "year": year, "level": level, "score": value, "created": created},
        )
    return obj


def clear_member_rating(member: Member, year: int, *, actor: Any) -> bool:
    """Remove a member's rating of `year` (the level set back to none); False when there was none."""
    with transaction.atomic():
        existing = MemberRating.objects.select_for_update().filter(member=member, year=year).first()
        if existing is None:
            return False
        data = {"member": member.member_code, "year": year, "level": existing.level, "score": existing.score}
        existing.delete()
        log_action("targets.member_rating.cleared", actor=actor, organization=member.organization, data=data)
    return True


def clear_organization_rating(organization: Organization, year: int, *, actor: Any) -> bool:
    """Remove the rating of a branch or of the organization itself for `year`; False when there was none."""
    with transaction.atomic():
        existing = (
            OrganizationRating.objects.select_for_update()
            .filter(organization=organization, unit_name="", year=year)
            .first()
        )
        if existing is None:
            return False
        data = {"year": year, "level": existing.level, "score": existing.score}
        existing.delete()
        log_action("targets.organization_rating.cleared", actor=actor, organization=organization, data=data)
    return True


def set_quota_exception(organization: Organization, year: int, allowed: bool, *, actor: Any) -> RatingYear:
    with transaction.atomic():
        obj, _created = RatingYear.objects.update_or_create(
            organization=organization, year=year, defaults={"quota_exception": allowed}
        )
        log_action(
            "targets.quota_exception.set",
            actor=actor,
            obj=obj,
            organization=organization,
            data={"year": year, "allowed": allowed},
        )
    return obj


@dataclass(frozen=True)
class QuotaCheck:
    group: str  # "members" or "branches"
    result: rating.QuotaResult


def quota_checks(organization: Organization, year: int) -> list[QuotaCheck]:
    """Members of the organization and its branches, each a peer group: excellent ≤ 20% (25%) of good."""
    exception = RatingYear.objects.filter(organization=organization, year=year, quota_exception=True).exists()
    members = list(
        MemberRating.objects.filter(organization=organization, year=year).values_list("level", flat=True)
    )
    branches = list(
        OrganizationRating.objects.filter(
            organization__in=branches_of(organization), year=year, unit_name=""
        ).values_list("level", flat=True)
    )
    rounding = quota_rounding()
    out = []
    for group, levels in (("members", members), ("branches", branches)):
        if levels:
            out.append(QuotaCheck(group, rating.check_quota(levels, exception=exception, rounding=rounding)))
    return out


# ---------------------------------------------------------------------------------------------- other data
def record_discipline(
    member: Member, *, decided_on: date, form: str, reason: str = "", actor: Any
) -> DisciplineRecord:
    if form not in DisciplineForm.values:
        raise TargetsError(
            "bad_form", _("«%(value)s» is not a form of discipline.") % {"value": form}, field="form"
        )
    with transaction.atomic():
        record = DisciplineRecord.objects.create(
            member=member,
            organization=member.organization,
            decided_on=decided_on,
            form=form,
            reason=reason.strip(),
        )
        log_action(
            "targets.discipline.recorded",
            actor=actor,
            obj=record,
            organization=member.organization,
            data={"member": member.member_code, "decided_on": decided_on, "form": form},
        )
    return record


def needs_typed_figure(target: Target) -> bool:
    """A figure daihoi cannot compute from its records: the locality's (economy, society, its new-rural
    standing), a study share, any other figure, and the mass organizations' level (when no unit rating is
    entered). A range's upper bound shares its lower bound's figures, so it needs none of its own."""
    if target.range_lower_id is not None:
        return False
    if target.scope == Scope.LOCALITY or target.indicator in (Indicator.STUDY, Indicator.OTHER):
        return True
    return target.indicator == Indicator.RATING and target.scope == Scope.MASS_ORGANIZATIONS


def report_years(resolution: Resolution) -> list[int]:
    """The years a yearly report is offered for: the rating years, and the term's last year too when
    the locality's figures run to it ("đến năm 2030")."""
    if resolution.targets.filter(scope=Scope.LOCALITY).exists():
        return resolution.figure_years
    return resolution.years


def figure_targets(resolution: Resolution) -> list[Target]:
    """The targets whose yearly figures are typed or imported, in the resolution's order."""
    return [t for t in resolution.targets.order_by("position", "id") if needs_typed_figure(t)]


def level_scheme(target: Target) -> rating.Scheme:
    """The levels a figure of a level target is chosen from: those of the target's own scheme."""
    if target.scope == Scope.MASS_ORGANIZATIONS:
        return rating.unit_scheme(target.value_level)
    return rating.scheme_for_level(target.value_level) or rating.FOUR_LEVELS


def target_name(target: Target, limit: int = 90) -> str:
    """The target as a message names it: its quote (shortened), else its indicator."""
    text = " ".join((target.quote or str(target.get_indicator_display())).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_FIGURE_BOUND = Decimal(10) ** 18  # Decimal(20, 2): 18 digits before the point


def money_scale(target: Target) -> tuple[str, Decimal]:
    """The scale a money target is written in ("triệu" for 86,4 triệu đồng, "tỷ" for 5.000 tỷ đồng, ""
    for đồng) and its factor: figures are shown and typed in it."""
    if target.unit != Unit.VND or target.value_number is None:
        return "", Decimal(1)
    word = money_parts(target.value_number)[1]
    return word, MONEY_SCALES.get(word, Decimal(1))


def parse_figure(target: Target, raw: str) -> tuple[Decimal | None, str]:
    """(number, level) of a figure typed or imported for `target`; TargetsError naming the value.

    Numbers are read in the target's unit (core.targets.units.parse_amount: "86,4 triệu", "86.400.000",
    "0,3"). Money is shown in the target's scale (money_scale: "triệu đồng"): a bare number below one of
    that scale ("86,4") is read in it, a larger one ("86.400.000") in đồng, and a scale word typed
    ("86,4 triệu", "1,2 tỷ") says it itself. A level is a code or its Vietnamese name, of the target's
    own scheme.
    """
    text = str(raw).strip()
    if target.unit == Unit.LEVEL:
        scheme = level_scheme(target)
        level = level_code(text)
        if level is None or level not in scheme.levels:
            raise TargetsError(
                "bad_level", _("«%(value)s» is not one of this target's levels.") % {"value": text}
            )
        return None, level
    try:
        value = parse_amount(text, target.unit)
    except AmountError:
        message = (
            _("«%(value)s» is not an amount of money (e.g. 86,4 triệu or 86.400.000).")
            if target.unit == Unit.VND
            else _("«%(value)s» is not a number.")
        )
        raise TargetsError("bad_value", message % {"value": text}) from None
    return figure_number(target, value, text, scaled=any(ch.isalpha() for ch in text)), ""


def figure_number(target: Target, value: Decimal, shown: str, *, scaled: bool = False) -> Decimal:
    """A number for `target` as stored: money not `scaled` by a word is in the unit shown when below one
    of it ("86,4" beside "triệu đồng"), else in đồng ("86.400.000"); TargetsError when it does not fit
    the column (18 digits before the point, 2 after)."""
    scale = money_scale(target)[1]
    if target.unit == Unit.VND and not scaled and abs(value) < scale:
        value *= scale
    if not value.is_finite() or abs(value) >= _FIGURE_BOUND or value != value.quantize(Decimal("0.01")):
        raise TargetsError(
            "bad_value",
            _("«%(value)s» is too large or has more than two digits after the decimal point.")
            % {"value": shown},
        )
    return value


def level_code(text: str) -> str | None:
    """A level written as its code or its Vietnamese name ("Nông thôn mới nâng cao", "Vững mạnh")."""
    from daihoi.targets.ratings_io import parse_level

    if text in Level.values:
        return text
    key = _level_key(text)
    return _LEVEL_NAMES.get(key) or parse_level(text)


def _level_key(text: str) -> str:
    """Lowercase, without accents and punctuation: as ratings_io reads a level."""
    folded = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return " ".join(folded.replace(",", " ").replace(".", " ").split())


_LEVEL_NAMES_VI = {
    "model_new_rural": "Nông thôn mới kiểu mẫu",
    "advanced_new_rural": "Nông thôn mới nâng cao",
    "new_rural": "Đạt chuẩn nông thôn mới",
    "not_new_rural": "Chưa đạt chuẩn nông thôn mới",
}
_LEVEL_NAMES: dict[str, str] = {}
for _code, _words in _LEVEL_NAMES_VI.items():
    _LEVEL_NAMES[_level_key(_words)] = _code
_LEVEL_NAMES[_level_key("Nông thôn mới")] = "new_rural"


@dataclass(frozen=True)
class FigureIssue:
    """One figure refused: the target, the year, the value as typed and what is wrong."""

    target: Target
    year: int
    value: str
    message: str

    @property
    def text(self) -> str:
        return _("«%(target)s», year %(year)s: %(message)s") % {
            "target": target_name(self.target),
            "year": self.year,
            "message": self.message,
        }


class FiguresRefused(Exception):
    """Nothing of the submit was saved; `issues` names every wrong figure."""

    def __init__(self, issues: list[FigureIssue]) -> None:
        super().__init__("; ".join(i.text for i in issues[:5]))
        self.issues = issues


def _same(actual: TargetActual, number: Decimal | None, level: str) -> bool:
    return actual.value_level == level and actual.value_number == number


def save_figures(resolution: Resolution, typed: dict[tuple[int, int], str], *, actor: Any) -> int:
    """The figures page: for each (target id, year) the text typed, "" for an emptied input.

    All or nothing: every figure is read first; one wrong figure refuses the whole submit
    (FiguresRefused, naming each target, year and value) and nothing is saved. Then each figure that
    changed is saved with its own audit entry (`targets.actual.set`); an emptied input removes the figure
    saved before (`targets.actual.cleared`). Returns how many figures changed.
    """
    targets = {t.pk: t for t in figure_targets(resolution)}
    years = set(resolution.figure_years)
    issues: list[FigureIssue] = []
    parsed: list[tuple[Target, int, Decimal | None, str, str]] = []
    for (target_id, year), raw in typed.items():
        target = targets.get(target_id)
        if target is None or year not in years:
            continue  # not an input of the page: ignored, as any unknown field
        if not raw.strip():
            parsed.append((target, year, None, "", ""))
            continue
        try:
            number, level = parse_figure(target, raw)
        except TargetsError as error:
            issues.append(FigureIssue(target, year, raw, error.message))
            continue
        parsed.append((target, year, number, level, raw.strip()))
    if issues:
        raise FiguresRefused(issues)
    existing = {
        (a.target_id, a.year): a for a in TargetActual.objects.filter(target__in=list(targets.values()))
    }
    changed = 0
    with transaction.atomic():
        for target, year, number, level, _raw in parsed:
            old = existing.get((target.pk, year))
            if number is None and not level:
                if old is not None:
                    old.delete()
                    log_action(
                        "targets.actual.cleared",
                        actor=actor,
                        organization=resolution.organization,
                        data={
                            "target": target.pk,
                            "year": year,
                            "value": old.value_level or old.value_number,
                        },
                    )
                    changed += 1
                continue
            if old is not None and _same(old, number, level) and old.source == ActualSource.TYPED:
                continue
            _write_figure(target, year, number, level, ActualSource.TYPED)
            log_action(
                "targets.actual.set",
                actor=actor,
                organization=resolution.organization,
                data={"target": target.pk, "year": year, "value": level or number},
            )
            changed += 1
    return changed


def _write_figure(target: Target, year: int, number: Decimal | None, level: str, source: str) -> TargetActual:
    obj, _created = TargetActual.objects.update_or_create(
        target=target,
        year=year,
        defaults={"value_number": number, "value_level": level, "source": source},
    )
    return obj


def set_target_actual(
    target: Target, year: int, value: str, *, actor: Any, note: str = "", source: str = "typed"
) -> TargetActual:
    """A figure daihoi cannot compute (a study share, an economic figure), entered for one year, read in
    the target's unit ("86,4 triệu" for money; a level of the target's scheme)."""
    try:
        number, level = parse_figure(target, value)
    except TargetsError as error:
        raise TargetsError(error.code, error.message, field="value") from None
    with transaction.atomic():
        obj, _created = TargetActual.objects.update_or_create(
            target=target,
            year=year,
            defaults={"note": note, "value_number": number, "value_level": level, "source": source},
        )
        log_action(
            "targets.actual.set",
            actor=actor,
            obj=obj,
            organization=target.resolution.organization,
            data={"target": target.pk, "year": year, "value": value},
        )
    return obj
