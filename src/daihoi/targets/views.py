"""Pages of the targets: thin views over services.py, tracking.py and ratings_io.py (URLs under /t/)."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.core.targets import progress, rating
from daihoi.core.targets.units import money_parts
from daihoi.dates import parse_date
from daihoi.inputs import INT_MAX, INT_MIN, form_int, object_id, parse_int
from daihoi.organizations.models import Member, Organization
from daihoi.targets import charts, review, services
from daihoi.targets.errors import ImportIssue, RatingsImportRefused, TargetsError
from daihoi.targets.figures_io import figures_template, import_pending, read_figures
from daihoi.targets.models import (
    Comparator,
    DisciplineForm,
    DisciplineRecord,
    Indicator,
    Level,
    MemberRating,
    OrganizationRating,
    Period,
    Resolution,
    Scope,
    Target,
    TargetActual,
    Unit,
)
from daihoi.targets.ratings_io import import_ratings_upload, ratings_template
from daihoi.targets.tracking import STATUS_LABELS, progress_for
from daihoi.targets.units import format_value, goal_text, number_text, unit_label
from daihoi.upload_limits import LimitExceeded, check_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET_FIELDS = ("indicator", "scope", "comparator", "value", "unit", "period", "quote", "base_value")


def _org(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    org = _org(request)
    resolution = services.current_resolution(org)
    return {
        "organization": org,
        "resolution": resolution,
        "can_manage": has_permission(request.user, org, "targets.manage"),
        "rating_years": resolution.years if resolution else [],
        **extra,
    }


def _choices() -> dict[str, Any]:
    return {
        "indicators": Indicator.choices,
        "scopes": Scope.choices,
        "comparators": Comparator.choices,
        "units": Unit.choices,
        "periods": Period.choices,
        "levels": Level.choices,
    }


def _resolution_or_404(request: HttpRequest) -> Resolution:
    resolution = services.current_resolution(_org(request))
    if resolution is None:
        raise Http404(_("No targets have been confirmed for this organization yet."))
    return resolution


# ---------------------------------------------------------------------------------------------- dashboard
@require_permission("targets.view")
@require_safe
def dashboard(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    resolution = services.current_resolution(org)
    if resolution is None:
        return render(request, "targets/empty.html", _context(request, nav="dashboard"))
    items = progress_for(resolution)
    for number, tp in enumerate(items, start=1):
        tp.chart = charts.target_chart(tp)  # type: ignore[attr-defined]
        tp.number = number  # type: ignore[attr-defined]
        tp.goal_line = goal_line(tp, resolution)  # type: ignore[attr-defined]
        expected = dict(tp.trajectory)
        tp.expected_cells = [  # type: ignore[attr-defined]
            format_value(expected.get(c.year), tp.target.unit) for c in tp.whole.cells
        ]
    groups = [
        (_("Party building"), [tp for tp in items if tp.kind != "locality"]),
        (_("Economy and society"), [tp for tp in items if tp.kind == "locality"]),
    ]
    counts = progress.summary_counts([tp.status for tp in items])
    summary = [(s, STATUS_LABELS[s], n) for s, n in counts.items() if n]
    return render(
        request,
        "targets/dashboard.html",
        _context(
            request,
            nav="dashboard",
            items=items,
            groups=[(title, group) for title, group in groups if group],
            summary=summary,
            years=resolution.years,
            report_years=services.report_years(resolution),
            ratings_chart=charts.ratings_chart(_branch_rating_rows(org, resolution.years), resolution.years),
            status_labels=STATUS_LABELS,
            level_legend=[(charts.LEVEL_SHORT[lv], label) for lv, label in Level.choices],
            level_labels=dict(Level.choices),
        ),
    )


def goal_line(tp: Any, resolution: Resolution) -> str:
    """The target in figures and words with its time: "Chỉ tiêu: 10–12% (hằng năm)", "Chỉ tiêu: ≥ 86,4 triệu
    đồng (đến năm 2030)"."""
    target = tp.target
    goal = getattr(tp, "goal_text", "") or tp.label
    if target.period == Period.TERM and (getattr(tp, "trajectory", None) or target.scope == Scope.LOCALITY):
        when = _("by %(year)s") % {"year": resolution.term_end}
    else:
        when = str(target.get_period_display()) if target.period else ""
    return _("Target: %(goal)s") % {"goal": goal} + (f" ({when})" if when else "")


def _branch_rating_rows(
    org: Organization, years: list[int]
) -> list[tuple[str, dict[int, list[str]], dict[int, str]]]:
    branches = list(services.branches_of(org))
    levels: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for branch_id, year, level in MemberRating.objects.filter(organization=org, year__in=years).values_list(
        "branch_id", "year", "level"
    ):
        levels[branch_id][year].append(level)
    own: dict[int, dict[int, str]] = defaultdict(dict)
    for org_id, year, level in OrganizationRating.objects.filter(
        organization__in=branches, year__in=years, unit_name=""
    ).values_list("organization_id", "year", "level"):
        own[org_id][year] = level
    return [(b.name, dict(levels[b.pk]), own[b.pk]) for b in branches]


# ---------------------------------------------------------------------------------------------- targets
@require_permission("targets.manage")
def extract_page(request: HttpRequest, org_code: str) -> HttpResponse:
    """Paste the text; the proposal appears below (htmx) for the person to edit and confirm."""
    ctx = _context(request, nav="extract", **_choices())
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            extraction = services.propose(text)
        except TargetsError as error:  # too long: nothing read, the message names the length and limit
            ctx.update(text_error=error.message)
            if request.htmx:  # type: ignore[attr-defined]
                return render(request, "targets/_text_error.html", ctx)
            ctx.update(text=text[: services.extract_limit()])
            return render(request, "targets/extract.html", ctx, status=413)
        facts = extraction.as_dict()["facts"]
        rows = [t.as_dict() for t in extraction.targets]
        for row in rows:
            row.update(value=_row_value(row["value"], row["unit"]), base_value="", keep=True, ok=False)
        ctx.update(_review(text, rows), facts=facts, declared=extraction.declared_count)
        template = "targets/_proposal.html" if request.htmx else "targets/extract.html"  # type: ignore[attr-defined]
        return render(request, template, ctx)
    resolution = ctx["resolution"]
    if resolution is not None and request.GET.get("edit"):
        rows = [
            {
                "indicator": t.indicator,
                "scope": t.scope,
                "comparator": t.comparator,
                "value": t.value_level or _row_value(t.value_number, t.unit),
                "unit": t.unit,
                "period": t.period,
                "quote": t.quote,
                "base_value": _value_text(t.base_value) if t.base_value is not None else "",
                "keep": True,
                "ok": True,  # saved targets were confirmed; an edit unconfirms the row
            }
            for t in resolution.targets.all()
        ]
        facts = {
            **resolution.facts,
            "term": f"{resolution.term_start}-{resolution.term_end}",
            "congress_number": resolution.congress_number,
        }
        ctx.update(_review(resolution.source_text, rows), facts=facts)
    return render(request, "targets/extract.html", ctx)


def _review(text: str, rows: list[dict[str, Any]], token: str = "") -> dict[str, Any]:
    """The proposal's context: the rows, the text with their quotes marked, the form's one-time token."""
    return {
        "rows": rows,
        "text": text,
        "pieces": review.highlight(text, rows),
        "proposal_token": token or secrets.token_urlsafe(16),
        "proposed": True,
    }


def _row_value(value: Any, unit: str) -> str:
    """A proposed value as the clerk would type it: "86,4 triệu" for 86,400,000 đồng."""
    if unit == Unit.VND and value not in (None, ""):
        amount, scale = money_parts(Decimal(str(value)))
        return f"{_value_text(amount)} {scale}".strip()
    return _value_text(value)


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


MAX_ROWS = 500  # rows of a proposal: far more than any resolution's targets


@require_permission("targets.manage")
def proposal_row(request: HttpRequest, org_code: str) -> HttpResponse:
    """One empty row to add a target the text did not yield (htmx)."""
    index = form_int(request.GET.get("i"), field="i", low=0, high=MAX_ROWS, default=0)
    row = {
        "indicator": "other",
        "scope": "organization",
        "comparator": ">=",
        "value": "",
        "unit": "%",
        "period": "annual",
        "quote": "",
        "base_value": "",
        "keep": True,
        "ok": False,
        "mark": "",
    }
    return render(request, "targets/_row.html", {"row": row, "i": index, **_choices()})


def _posted_rows(request: HttpRequest) -> list[dict[str, Any]]:
    """Every row of the form as typed, dropped ones too (`keep`), with its check box (`ok`)."""
    count = form_int(request.POST.get("rows"), field=_("rows"), low=0, high=MAX_ROWS, default=0) or 0
    rows = []
    for i in range(count):
        row: dict[str, Any] = {f: request.POST.get(f"t-{i}-{f}", "").strip() for f in TARGET_FIELDS}
        row.update(
            keep=request.POST.get(f"t-{i}-keep") == "on",
            ok=request.POST.get(f"t-{i}-ok") == "on",
            number=i + 1,
        )
        rows.append(row)
    return rows


def _unconfirmed_error(numbers: list[int]) -> TargetsError:
    """ "Chỉ tiêu 3 và 5 chưa được xác nhận": the rows kept but not ticked as checked."""
    names = [str(n) for n in numbers]
    listed = names[0]
    if len(names) > 1:
        listed = _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    message = ngettext(
        "Target %(rows)s is not confirmed yet: check it against the text, then tick «Checked».",
        "Targets %(rows)s are not confirmed yet: check them against the text, then tick «Checked».",
        len(names),
    ) % {"rows": listed}
    return TargetsError("unconfirmed", message)


SAVED_TOKENS = "targets_saved_proposals"  # session key: the last proposals saved (back button, resend)


@require_POST
@require_permission("targets.manage")
def confirm(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    term = request.POST.get("f-term", "").strip()
    congress_number = _int(request.POST.get("f-congress_number"))
    facts: dict[str, Any] = {
        "organization": request.POST.get("f-organization") or None,
        "congress_number": _int(request.POST.get("f-congress_number")),
        "term": request.POST.get("f-term", "").strip() or None,
        **{
            k: _int(request.POST.get("f-" + k))
            for k in ("attending", "convened", "branches", "committee_size", "delegates")
        },
    }
    rows = _posted_rows(request)
    token = request.POST.get("proposal", "")[:64]
    if token and token in request.session.get(SAVED_TOKENS, []):
        messages.info(
            request,
            _(
                "These targets were already saved; nothing was saved again. "
                "To change them, open «Edit the targets» on this page."
            ),
        )
        return redirect("targets:dashboard", org_code=org.code)
    kept = [row for row in rows if row["keep"]]
    inputs = [
        services.TargetInput(**{f: row[f] for f in TARGET_FIELDS}, number=row["number"]) for row in kept
    ]
    unconfirmed = [row["number"] for row in kept if not row["ok"]]
    try:
        if unconfirmed:
            raise _unconfirmed_error(unconfirmed)
        services.confirm_targets(
            org,
            term=term,
            targets=inputs,
            facts=facts,
            actor=request.user,
            source_text=request.POST.get("text", ""),
            congress_number=congress_number,
        )
    except TargetsError as error:
        ctx = _context(
            request,
            nav="extract",
            error=error,
            facts=facts,
            unconfirmed=set(unconfirmed),
            **_review(request.POST.get("text", ""), rows, token),
            **_choices(),
        )
        return render(request, "targets/extract.html", ctx, status=422)
    if token:
        request.session[SAVED_TOKENS] = [*request.session.get(SAVED_TOKENS, [])[-19:], token]
    messages.success(
        request,
        _("%(n)s targets were saved for the term %(term)s.") % {"n": len(inputs), "term": facts["term"]},
    )
    return redirect("targets:dashboard", org_code=org.code)


def _int(raw: Any) -> int | None:
    """A number typed in a form, None when there is none or it is beyond the database's integers."""
    number = parse_int(raw)
    return number if number is not None and INT_MIN <= number <= INT_MAX else None


# ---------------------------------------------------------------------------------------------- ratings
def _year(resolution: Resolution | None, year: int) -> int:
    if not 1990 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


@require_permission("targets.view")
@require_safe
def ratings(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    """The year's ratings; the form saves at targets:ratings_save."""
    return _ratings_page(request, year)


@require_permission("targets.manage")
@require_POST
def ratings_save(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    """Every row of the page at once: saved, or the page again with every row as typed and its reason."""
    org = _org(request)
    year = _year(services.current_resolution(org), year)
    errors = _save_page_ratings(request, org, year)
    if not errors:
        messages.success(request, _("The ratings of %(year)s were saved.") % {"year": year})
        return redirect("targets:ratings", org_code=org.code, year=year)
    return _ratings_page(request, year, errors)


def _ratings_page(
    request: HttpRequest, year: int, errors: list[tuple[str, str]] | None = None
) -> HttpResponse:
    org = _org(request)
    ctx = _context(request, nav="ratings")
    year = _year(ctx["resolution"], year)
    scheme = rating.scheme_for_year(year)
    status = 200
    if errors:
        ctx["errors"] = [message for _key, message in errors]
        ctx["error_rows"] = {key for key, _message in errors}
        status = 422
    refused = bool(ctx.get("errors"))
    existing: dict[int, Any] = {
        r.member_id: r for r in MemberRating.objects.filter(organization=org, year=year)
    }
    members = Member.objects.filter(organization=org, is_active=True).select_related("branch")
    wrong = ctx.get("error_rows", set())
    rows = [
        (m, _typed(request, f"m-{m.pk}") if refused else existing.get(m.pk), f"m-{m.pk}" in wrong)
        for m in members
    ]
    branch_ratings: dict[int, Any] = {
        r.organization_id: r for r in OrganizationRating.objects.filter(year=year, unit_name="")
    }
    branch_rows = [
        (b, _typed(request, f"o-{b.pk}") if refused else branch_ratings.get(b.pk), f"o-{b.pk}" in wrong)
        for b in [*services.branches_of(org), org]
    ]
    if refused:
        ctx["new_unit"] = {
            "name": request.POST.get("u-new-name", "").strip(),
            "level": request.POST.get("u-new-level", ""),
        }
    units = OrganizationRating.objects.filter(organization=org, year=year).exclude(unit_name="")
    ctx.update(
        year=year,
        rows=rows,
        branch_rows=branch_rows,
        units=units,
        quota=services.quota_checks(org, year),
        level_choices=[(lv, dict(Level.choices)[lv]) for lv in scheme.levels],
        mass_choices=[(lv, dict(Level.choices)[lv]) for lv in rating.UNITS.levels],
        exception=org.rating_years.filter(year=year, quota_exception=True).exists(),
        discipline=DisciplineRecord.objects.filter(organization=org, decided_on__year=year).select_related(
            "member"
        ),
    )
    return render(request, "targets/ratings.html", ctx, status=status)


def _save_page_ratings(request: HttpRequest, org: Organization, year: int) -> list[tuple[str, str]]:
    """All or nothing, like the import: one wrong row and no row of the page is saved."""
    with transaction.atomic():
        errors = _apply_page_ratings(request, org, year)
        if errors:
            transaction.set_rollback(True)
    return errors


@dataclass(frozen=True)
class Typed:
    """A row of the ratings page as the clerk typed it, shown again when the page is refused."""

    score: str
    level: str

    def get_level_display(self) -> str:
        return str(dict(Level.choices).get(self.level, ""))


def _typed(request: HttpRequest, prefix: str) -> Typed:
    return Typed(
        request.POST.get(f"{prefix}-score", "").strip(), request.POST.get(f"{prefix}-level", "").strip()
    )


def _field_error(row: str, error: TargetsError) -> str:
    """«row, column: problem», the column being the page's own heading (Score or Level)."""
    column = _("Score") if error.field == "score" else _("Level")
    return _("%(row)s, column «%(column)s»: %(message)s") % {
        "row": row,
        "column": column,
        "message": error.message,
    }


def _apply_page_ratings(request: HttpRequest, org: Organization, year: int) -> list[tuple[str, str]]:
    """Every row the clerk touched is saved, cleared or refused with its reason; none is skipped.

    A score without a level is refused (the level is the decision; it is never derived from the score).
    A row whose level and score were both emptied removes the rating saved earlier.
    """
    errors: list[tuple[str, str]] = []  # (the row's field prefix, the message)
    user = request.user
    for member in Member.objects.filter(organization=org).select_related("branch"):
        typed = _typed(request, f"m-{member.pk}")
        try:
            if typed.level or typed.score:
                services.set_member_rating(member, year, typed.level, typed.score, actor=user)
            elif f"m-{member.pk}-level" in request.POST:
                services.clear_member_rating(member, year, actor=user)
        except TargetsError as error:
            errors.append(
                (f"m-{member.pk}", _field_error(f"{member.full_name} ({member.member_code})", error))
            )
    for unit in [*services.branches_of(org), org]:
        typed = _typed(request, f"o-{unit.pk}")
        try:
            if typed.level or typed.score:
                services.set_organization_rating(unit, year, typed.level, typed.score, actor=user)
            elif f"o-{unit.pk}-level" in request.POST:
                services.clear_organization_rating(unit, year, actor=user)
        except TargetsError as error:
            errors.append((f"o-{unit.pk}", _field_error(unit.name, error)))
    name, level = request.POST.get("u-new-name", "").strip(), request.POST.get("u-new-level", "")
    if name or level:
        try:
            if not name:
                raise TargetsError(
                    "unit_name_required", _("A level was chosen but the unit has no name."), field="unit"
                )
            services.set_organization_rating(org, year, level, actor=user, unit_name=name)
        except TargetsError as error:
            if error.field == "unit":
                message = _("New row, column «%(column)s»: %(message)s") % {
                    "column": _("Unit"),
                    "message": error.message,
                }
                errors.append(("u-new", message))
            else:
                errors.append(("u-new", _field_error(name, error)))
    exception = request.POST.get("quota_exception") == "on"
    if exception != org.rating_years.filter(year=year, quota_exception=True).exists():
        services.set_quota_exception(org, year, exception, actor=user)
    return errors


@require_POST
@require_permission("targets.manage")
def ratings_import(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    org = _org(request)
    upload = request.FILES.get("file")
    ctx = _context(request, nav="ratings", year=year)
    if upload is None:
        messages.error(request, _("Choose an .xlsx file to import."))
        return redirect("targets:ratings", org_code=org.code, year=year)
    try:
        result = import_ratings_upload(org, year, upload, actor=request.user)
    except RatingsImportRefused as refused:
        ctx.update(issues=refused.issues, filename=upload.name)
        return render(request, "targets/import_refused.html", ctx, status=422)
    messages.success(
        request,
        _(
            "Imported %(members)s member ratings, %(branches)s branch ratings and %(units)s mass "
            "organization ratings for %(year)s."
        )
        % {"members": result.members, "branches": result.branches, "units": result.units, "year": year},
    )
    for check in result.quota:
        if not check.result.ok:
            messages.warning(request, quota_message(check))
    return redirect("targets:ratings", org_code=org.code, year=year)


def quota_message(check: services.QuotaCheck) -> str:
    r = check.result
    group = _("members") if check.group == "members" else _("branches")
    return _(
        "Quota: %(excellent)s %(group)s rated excellent, but at most %(limit)s are allowed "
        "(%(percent)s%% of the %(good)s rated good)."
    ) % {
        "excellent": r.excellent,
        "group": group,
        "limit": r.limit,
        "good": r.good,
        "percent": 25 if r.exception else 20,
    }


@require_permission("targets.view")
@require_safe
def ratings_template_download(request: HttpRequest, org_code: str, year: int) -> HttpResponse:
    org = _org(request)
    response = HttpResponse(ratings_template(org, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xep-loai-{org.code}-{year}.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------- other data
@require_permission("targets.view")
@require_safe
def discipline(request: HttpRequest, org_code: str) -> HttpResponse:
    """The discipline records; the form records at targets:discipline_record."""
    return _discipline_page(request)


@require_permission("targets.manage")
@require_POST
def discipline_record(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    member = get_object_or_404(Member, pk=object_id(request.POST.get("member")), organization=org)
    try:
        decided_on = parse_date(request.POST.get("decided_on", ""))  # dd/mm/yyyy (or ISO)
        if decided_on is None:
            raise ValueError
        services.record_discipline(
            member,
            decided_on=decided_on,
            form=request.POST.get("form", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ValueError:
        return _discipline_page(
            request, _("«%(value)s» is not a date.") % {"value": request.POST.get("decided_on", "")}
        )
    except TargetsError as error:
        return _discipline_page(request, error.message)
    messages.success(request, _("The discipline of %(name)s was recorded.") % {"name": member.full_name})
    return redirect("targets:discipline", org_code=org.code)


def _discipline_page(request: HttpRequest, error: str = "") -> HttpResponse:
    org = _org(request)
    ctx = _context(request, nav="discipline", forms=DisciplineForm.choices)
    if error:
        ctx["error"] = error
    ctx.update(
        records=DisciplineRecord.objects.filter(organization=org).select_related("member"),
        members=Member.objects.filter(organization=org, is_active=True),
    )
    return render(request, "targets/discipline.html", ctx)


@require_permission("targets.view")
@require_safe
def actuals(request: HttpRequest, org_code: str) -> HttpResponse:
    """The figures daihoi cannot compute (the locality's, a study share, the mass organizations' level),
    one input per year of the term; the form saves at targets:actuals_save, the statistics workbook is
    imported at targets:actuals_import."""
    return _actuals_page(request, _resolution_or_404(request))


def _figure_field(target: Target, year: int) -> str:
    return f"a-{target.pk}-{year}"


@require_permission("targets.manage")
@require_POST
def actuals_save(request: HttpRequest, org_code: str) -> HttpResponse:
    """All or nothing: one wrong figure and nothing of the submit is saved; the page comes back with
    every figure as typed and each wrong one named (target, year, value)."""
    resolution = _resolution_or_404(request)
    typed: dict[tuple[int, int], str] = {}
    for target in services.figure_targets(resolution):
        for year in resolution.figure_years:
            name = _figure_field(target, year)
            if name in request.POST:
                typed[(target.pk, year)] = request.POST.get(name, "").strip()
    try:
        services.save_figures(resolution, typed, actor=request.user)
    except services.FiguresRefused as refused:
        return _actuals_page(request, resolution, refused.issues, typed)
    messages.success(request, _("The figures were saved."))
    return redirect("targets:actuals", org_code=resolution.organization.code)


def figure_unit(target: Target) -> str:
    """The unit beside a figure's input: "triệu đồng", "‰", "%", "ha", "hộ"; "" for a count or a level."""
    if target.unit == Unit.VND:
        word = services.money_scale(target)[0]
        return str({"tỷ": _("billion đồng"), "triệu": _("million đồng")}.get(word, _("đồng")))
    if target.unit in (Unit.COUNT, Unit.LEVEL):
        return ""
    return unit_label(target.unit)


def figure_text(target: Target, actual: TargetActual | None) -> str:
    """A saved figure as its input shows it, in the unit shown beside it (86,4 for 86.400.000 đồng)."""
    if actual is None or actual.value_number is None:
        return ""
    scale = services.money_scale(target)[1]
    return number_text(actual.value_number / scale)


@dataclass(frozen=True)
class FigureCell:
    year: int
    name: str  # the input's name
    value: str  # as typed, or the saved figure
    level: str  # a level target's saved or chosen level
    shown: str  # read only: the figure with its unit
    wrong: bool
    imported: bool


def _actuals_page(
    request: HttpRequest,
    resolution: Resolution,
    issues: list[services.FigureIssue] | None = None,
    typed: dict[tuple[int, int], str] | None = None,
) -> HttpResponse:
    ctx = _context(request, nav="actuals")
    status = 200
    wrong: set[tuple[int, int]] = set()
    if issues:
        ctx["errors"] = [issue.text for issue in issues]
        wrong = {(i.target.pk, i.year) for i in issues}
        status = 422
    targets = services.figure_targets(resolution)
    uppers = {t.range_lower_id: t for t in resolution.targets.filter(range_lower__isnull=False)}
    saved = {(a.target_id, a.year): a for a in TargetActual.objects.filter(target__in=targets)}
    rows = []
    for target in targets:
        cells = []
        for year in resolution.figure_years:
            actual = saved.get((target.pk, year))
            key = (target.pk, year)
            value = typed[key] if typed is not None and key in typed else figure_text(target, actual)
            level = typed.get(key, "") if typed is not None and key in typed else ""
            if not level and actual is not None:
                level = actual.value_level
            cells.append(
                FigureCell(
                    year=year,
                    name=_figure_field(target, year),
                    value=value,
                    level=level,
                    shown=format_value(actual.value_level or actual.value_number, target.unit)
                    if actual
                    else "—",
                    wrong=key in wrong,
                    imported=actual is not None and actual.source == "imported",
                )
            )
        levels = (
            [(lv, dict(Level.choices)[lv]) for lv in services.level_scheme(target).levels]
            if target.unit == Unit.LEVEL
            else []
        )
        rows.append(
            {
                "target": target,
                "goal": goal_text(target, uppers.get(target.pk)).replace(" ", "\u00a0"),  # one line
                "unit": figure_unit(target),
                "levels": levels,
                "cells": cells,
                "wrong": any(c.wrong for c in cells),
            }
        )
    ctx.update(rows=rows, years=resolution.figure_years)
    return render(request, "targets/actuals.html", ctx, status=status)


@require_permission("targets.view")
@require_safe
def actuals_template(request: HttpRequest, org_code: str) -> HttpResponse:
    resolution = _resolution_or_404(request)
    org = resolution.organization
    response = HttpResponse(figures_template(resolution), content_type=XLSX)
    name = f"so-lieu-{org.code}-{resolution.term_start}-{resolution.term_end}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


IMPORT_SESSION_KEY = "targets_figures_import"


@require_permission("targets.manage")
@require_POST
def actuals_import(request: HttpRequest, org_code: str) -> HttpResponse:
    """The statistics workbook, read and checked whole: its figures shown for confirmation, or every
    problem listed (nothing is saved either way)."""
    resolution = _resolution_or_404(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose an .xlsx file to import."))
        return redirect("targets:actuals", org_code=resolution.organization.code)
    filename = (upload.name or "")[:200]
    ctx = _context(request, nav="actuals", filename=filename)
    try:
        check_size(upload.size or 0)
        figures = read_figures(resolution, upload.read())
    except LimitExceeded as error:
        ctx.update(issues=[ImportIssue(error.code, error.message)])
        return render(request, "targets/figures_import.html", ctx, status=422)
    except RatingsImportRefused as refused:
        ctx.update(issues=refused.issues)
        return render(request, "targets/figures_import.html", ctx, status=422)
    request.session[IMPORT_SESSION_KEY] = {
        "resolution": resolution.pk,
        "file": filename,
        "figures": [[f.target.pk, f.year, f.level or str(f.number)] for f in figures],
    }
    ctx.update(
        figures=[
            {
                "target": f.target,
                "year": f.year,
                "value": format_value(f.value, f.target.unit),
                "before": format_value(f.before.value_level or f.before.value_number, f.target.unit)
                if f.before
                else "—",
                "changed": f.changed,
            }
            for f in figures
        ]
    )
    return render(request, "targets/figures_import.html", ctx)


@require_permission("targets.manage")
@require_POST
def actuals_import_confirm(request: HttpRequest, org_code: str) -> HttpResponse:
    """Write the figures shown for confirmation: one transaction, one audit entry."""
    resolution = _resolution_or_404(request)
    pending = request.session.get(IMPORT_SESSION_KEY)
    code = resolution.organization.code
    if not pending or pending.get("resolution") != resolution.pk:
        messages.error(request, _("There is no workbook waiting to be imported: choose the file again."))
        return redirect("targets:actuals", org_code=code)
    try:
        count = import_pending(resolution, pending["figures"], actor=request.user, filename=pending["file"])
    except RatingsImportRefused:
        messages.error(request, _("The targets were changed since the workbook was read: import it again."))
        return redirect("targets:actuals", org_code=code)
    finally:
        request.session.pop(IMPORT_SESSION_KEY, None)
    if count:
        messages.success(request, _("%(n)s figures were imported.") % {"n": count})
    else:
        messages.info(request, _("These figures were already saved: nothing was changed."))
    return redirect("targets:actuals", org_code=code)


def target_of(resolution: Resolution, pk: int) -> Target:
    return get_object_or_404(Target, pk=pk, resolution=resolution)
