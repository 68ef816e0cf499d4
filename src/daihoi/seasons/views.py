"""Pages of a superior committee's season (URLs under /s/): its seasons, the plan of the organizations
below it (table, map-like tree, inline edit, filters) and the allocation of its congress's seats."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.dates import parse_date
from daihoi.inputs import form_int, form_text
from daihoi.organizations.models import Organization
from daihoi.seasons.errors import FIELD_LABELS, SeasonError
from daihoi.seasons.models import PlanEntry, Season
from daihoi.seasons.services import allocation as allocation_services
from daihoi.seasons.services import plan as plan_services
from daihoi.seasons.status import STAGE_LABELS, Stage, season_rows, stage_counts


def _org(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def _season(request: HttpRequest, season_pk: int) -> Season:
    return get_object_or_404(Season, pk=season_pk, organization=_org(request))


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    org = _org(request)
    return {"organization": org, "can_manage": has_permission(request.user, org, "season.manage"), **extra}


# ---------------------------------------------------------------------------------------------- seasons
@require_permission("season.view")
@require_safe
def season_list(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    seasons = list(Season.objects.filter(organization=org).order_by("-term_start_year"))
    year = (seasons[0].term_end_year if seasons else None) or org.term_end_year
    return render(
        request,
        "seasons/plan_list.html",
        _context(
            request,
            seasons=seasons,
            is_superior=org.is_superior_committee,
            below=len(plan_services.grassroots_below(org)) if org.is_superior_committee else 0,
            suggested_start=year or "",
            suggested_end=(year + 5) if year else "",
        ),
    )


@require_POST
@require_permission("season.manage")
def season_create(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    start = form_int(request.POST.get("term_start_year"), field=_("term starts"), low=1930, high=2200)
    end = form_int(request.POST.get("term_end_year"), field=_("term ends"), low=1930, high=2200)
    title = form_text(request.POST.get("title", ""), field=_("title"), max_length=255)
    if start is None or end is None:
        messages.error(request, _("Enter the years the term starts and ends."))
        return redirect("seasons:list", org_code=org.code)
    try:
        season = plan_services.create_season(
            org, term_start_year=start, term_end_year=end, title=title, actor=request.user
        )
    except SeasonError as error:
        messages.error(request, error.message)
        return redirect("seasons:list", org_code=org.code)
    messages.success(request, _("The season is open: every organization below has its line in the plan."))
    return redirect("seasons:plan", org_code=org.code, season_pk=season.pk)


# ---------------------------------------------------------------------------------------------- the plan
@require_permission("season.view")
@require_safe
def plan(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    rows = season_rows(season)
    counts = stage_counts(rows)
    stage = request.GET.get("stage", "")
    if stage not in [s.value for s in Stage]:
        stage = ""
    shown = [r for r in rows if r.stage == stage] if stage else rows
    view = "tree" if request.GET.get("view") == "tree" else "table"
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for row in shown:
        group = row.group
        key = group.code if group else ""
        if key not in groups:
            groups[key] = {"organization": group or season.organization, "rows": []}
        groups[key]["rows"].append(row)
    tree = sorted(
        groups.values(), key=lambda g: (g["organization"] != season.organization, g["organization"].code)
    )
    edit = form_int(request.GET.get("edit"), field="edit", low=0, default=0)
    totals = {
        "members": sum(r.members for r in rows),
        "delegates": sum(r.entry.delegates or 0 for r in rows),
        "committee_elected": sum(r.committee_elected or 0 for r in rows),
        "delegates_elected": sum(r.delegates_elected or 0 for r in rows),
    }
    return render(
        request,
        "seasons/plan.html",
        _context(
            request,
            season=season,
            rows=shown,
            all_count=len(rows),
            counts=counts,
            stage=stage,
            view=view,
            tree=tree,
            edit=edit,
            totals=totals,
            query=urlencode({k: v for k, v in (("stage", stage), ("view", view)) if v}),
            stage_labels=STAGE_LABELS,
        ),
    )


def _date(request: HttpRequest, name: str) -> Any:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    value = parse_date(text)
    if value is None:
        raise SeasonError("plan_bad_date", field=name, value=text[:40])
    return value


@require_POST
@require_permission("season.manage")
def entry_save(request: HttpRequest, org_code: str, season_pk: int, entry_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    entry = get_object_or_404(PlanEntry, pk=entry_pk, season=season)
    back = reverse("seasons:plan", kwargs={"org_code": org_code, "season_pk": season.pk})
    query = urlencode({k: request.POST[k] for k in ("stage", "view") if request.POST.get(k)})
    try:
        plan_services.set_plan_entry(
            entry,
            window_start=_date(request, "window_start"),
            window_end=_date(request, "window_end"),
            committee_seats=form_int(
                request.POST.get("committee_seats"),
                field=str(FIELD_LABELS["committee_seats"]),
                low=0,
                high=999,
            ),
            delegates=form_int(
                request.POST.get("delegates"), field=str(FIELD_LABELS["delegates"]), low=0, high=9999
            ),
            alternates=form_int(
                request.POST.get("alternates"), field=str(FIELD_LABELS["alternates"]), low=0, high=999
            ),
            actor=request.user,
        )
    except SeasonError as error:
        messages.error(request, error.message)
        return redirect(f"{back}?{urlencode({'edit': entry.pk})}&{query}#entry-{entry.pk}")
    messages.success(request, _("The plan of %(org)s is saved.") % {"org": entry.organization.name})
    return redirect(f"{back}?{query}#entry-{entry.pk}" if query else f"{back}#entry-{entry.pk}")


# ---------------------------------------------------------------------------------------------- allocation
def _allocation_inputs(data: Any, season: Season) -> tuple[int | None, int]:
    upper = form_int(data.get("upper_seats"), field=str(FIELD_LABELS["total"]), low=0, high=9999)
    minimum = form_int(data.get("minimum_seats"), field=str(FIELD_LABELS["minimum"]), low=0, high=999)
    return (upper if upper is not None else season.upper_seats), (
        minimum if minimum is not None else season.minimum_seats
    )


@require_permission("season.view")
@require_safe
def allocation(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    """The computation: the stored one, or a preview of the figures typed (confirmed by a POST)."""
    season = _season(request, season_pk)
    upper, minimum = _allocation_inputs(request.GET, season)
    names = {e.organization.code: e.organization.name for e in season.entries.select_related("organization")}
    preview, error = None, ""
    if "upper_seats" in request.GET and upper is not None:
        try:
            result, _entries = allocation_services.compute(season, upper_seats=upper, minimum_seats=minimum)
            preview = result.as_dict()
        except SeasonError as exc:
            error = exc.message
    computation = dict(preview or season.allocation or {}) or None
    if computation:
        computation["rows"] = [{**r, "name": names.get(r["code"], r["code"])} for r in computation["rows"]]
    return render(
        request,
        "seasons/plan_allocation.html",
        _context(
            request,
            season=season,
            upper_seats=upper if upper is not None else "",
            minimum_seats=minimum,
            ex_officio=season.ex_officio.count(),
            computation=computation,
            is_preview=preview is not None,
            error=error,
        ),
    )


@require_POST
@require_permission("season.manage")
def allocation_confirm(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    upper, minimum = _allocation_inputs(request.POST, season)
    back = reverse("seasons:allocation", kwargs={"org_code": org_code, "season_pk": season.pk})
    if upper is None:
        messages.error(request, _("Enter the number of delegates the congress convenes in all."))
        return redirect(back)
    try:
        allocation_services.allocate_seats(
            season, upper_seats=upper, minimum_seats=minimum, actor=request.user
        )
    except SeasonError as error:
        messages.error(request, error.message)
        return redirect(f"{back}?{urlencode({'upper_seats': upper, 'minimum_seats': minimum})}")
    messages.success(request, _("The seats are allocated: every organization has its number of delegates."))
    return redirect("seasons:plan", org_code=org_code, season_pk=season.pk)
