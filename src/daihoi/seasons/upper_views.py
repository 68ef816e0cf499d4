"""The superior's delegates' congress pages (issue 14): `/s/<org>/<season>/upper/` (create it, the ex
officio list, each planned organization's delegation and the convened list built from them) and
`/c/<org>/<congress>/credentials/` (credentials flags, replacement by an alternate).

Thin: each POST calls one service of daihoi.seasons.services.upper; its error becomes a message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import (
    Congress,
    CongressKind,
    CongressStatus,
    CredentialFlag,
    Delegate,
    DelegateKind,
)
from daihoi.congresses.views import can, get_congress
from daihoi.congresses.views import run_service as _run
from daihoi.dates import use_vietnamese_dates
from daihoi.inputs import object_id
from daihoi.seasons.models import ExOfficioDelegate, Season
from daihoi.seasons.services import upper


def _season(request: HttpRequest, season_pk: int) -> Season:
    return get_object_or_404(
        Season.objects.select_related("organization", "upper_congress"),
        pk=season_pk,
        organization=request.organization,  # type: ignore[attr-defined]
    )


def _page(season: Season) -> str:
    return reverse("upper:page", kwargs={"org_code": season.organization.code, "season_pk": season.pk})


class UpperCongressForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("number"), min_value=1, max_value=99)
    starts_on = forms.DateField(label=gettext_lazy("first day"))
    ends_on = forms.DateField(label=gettext_lazy("last day"), required=False)
    place = forms.CharField(label=gettext_lazy("place"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_vietnamese_dates(self, "starts_on", "ends_on")


def _group(delegates: list[Delegate]) -> list[tuple[str, list[Delegate]]]:
    """The list grouped: the ex officio delegates, then each organization's delegation."""
    groups: dict[str, list[Delegate]] = {}
    ex_officio = str(_("Ex officio delegates"))
    for d in delegates:
        key = ex_officio if d.kind == DelegateKind.EX_OFFICIO else (d.branch.name if d.branch else "")
        groups.setdefault(key, []).append(d)
    return list(groups.items())


def _delegates(congress: Congress) -> list[Delegate]:
    return list(congress.delegates.select_related("branch", "replaces", "elected_in").order_by("number"))


@require_permission("season.view")
@require_safe
def upper_page(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    org = season.organization
    congress = season.upper_congress
    rows = upper.delegations(season)
    return render(
        request,
        "seasons/upper.html",
        {
            "season": season,
            "organization": org,
            "congress": congress,
            "form": UpperCongressForm(initial={"place": org.locality}),
            "ex_officio": season.ex_officio.order_by("position", "id"),
            "delegations": rows,
            "announced": sum(1 for r in rows if r.announced),
            "groups": _group(_delegates(congress)) if congress is not None else [],
            "can_manage": has_permission(request.user, org, "season.manage"),
            "is_draft": congress is None or congress.status == CongressStatus.DRAFT,
        },
    )


@require_POST
@require_permission("season.manage")
def upper_create(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    form = UpperCongressForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect(_page(season))
    _run(
        request,
        lambda: upper.create_upper_congress(season, actor=request.user, **form.cleaned_data),
        _("The delegates' congress is created."),
    )
    return redirect(_page(season))


@require_POST
@require_permission("season.manage")
def ex_officio_add(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    _run(
        request,
        lambda: upper.add_ex_officio(
            season,
            full_name=request.POST.get("full_name", ""),
            title=request.POST.get("title", ""),
            actor=request.user,
        ),
        _("Ex officio delegate added."),
    )
    return redirect(_page(season))


def _row(request: HttpRequest, season: Season) -> ExOfficioDelegate | None:
    """The ex officio row the form names (in this season), or None with an error message."""
    row = ExOfficioDelegate.objects.filter(pk=object_id(request.POST.get("row")), season=season).first()
    if row is None:
        messages.error(request, _("Choose an ex officio delegate of this season."))
    return row


@require_POST
@require_permission("season.manage")
def ex_officio_remove(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    row = _row(request, season)
    if row is not None:
        _run(
            request,
            lambda: upper.remove_ex_officio(row, actor=request.user),
            _("Ex officio delegate removed."),
        )
    return redirect(_page(season))


@require_POST
@require_permission("season.manage")
def ex_officio_move(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    row = _row(request, season)
    if row is not None:
        _run(
            request,
            lambda: upper.move_ex_officio(
                row, up=request.POST.get("direction") != "down", actor=request.user
            ),
        )
    return redirect(_page(season))


@require_POST
@require_permission("season.manage")
def ex_officio_import(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    added = _run(request, lambda: upper.ex_officio_from_previous_congress(season, actor=request.user))
    if added is not None:
        messages.success(
            request, _("%(count)s members of the outgoing committee added.") % {"count": len(added)}
        )
    return redirect(_page(season))


@require_POST
@require_permission("season.manage")
def build_list(request: HttpRequest, org_code: str, season_pk: int) -> HttpResponse:
    season = _season(request, season_pk)
    congress = _run(request, lambda: upper.build_convened_list(season, actor=request.user))
    if congress is not None:
        messages.success(
            request,
            _("Convened list built: %(count)s people listed.") % {"count": congress.delegates.count()},
        )
    return redirect(_page(season))


# ---------------------------------------------------------------- credentials


@require_permission("congress.view")
@require_safe
def credentials_page(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    is_delegates = congress.kind == CongressKind.DELEGATES
    delegates = _delegates(congress) if is_delegates else []
    return render(
        request,
        "seasons/upper_credentials.html",
        {
            "congress": congress,
            "is_delegates": is_delegates,
            "groups": _group(delegates),
            "flagged": [d for d in delegates if d.credential_flag],
            "flags": CredentialFlag.choices,
            "quorum": quorum(congress),
            "base": threshold_base(congress),
            "can_manage": can(request, congress, "congress.manage")
            and congress.status != CongressStatus.CLOSED,
        },
    )


def _credentials_url(congress: Congress) -> str:
    return reverse("upper:credentials", kwargs={"org_code": congress.organization.code, "pk": congress.pk})


def _delegate(request: HttpRequest, congress: Congress) -> Delegate | None:
    """The delegate the form names (of this congress), or None with an error message."""
    delegate = Delegate.objects.filter(pk=object_id(request.POST.get("delegate")), congress=congress).first()
    if delegate is None:
        messages.error(request, _("Choose a delegate of this congress."))
    return delegate


@require_POST
@require_permission("congress.manage")
def credentials_check(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    flagged = _run(request, lambda: upper.check_credentials(congress, actor=request.user))
    if flagged is not None:
        messages.success(
            request, _("Credentials checked: %(count)s delegates flagged.") % {"count": len(flagged)}
        )
    return redirect(_credentials_url(congress))


@require_POST
@require_permission("congress.manage")
def credentials_flag(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    delegate = _delegate(request, congress)
    if delegate is None:
        return redirect(_credentials_url(congress))
    _run(
        request,
        lambda: upper.set_credential_flag(
            delegate, flag=request.POST.get("flag", ""), note=request.POST.get("note", ""), actor=request.user
        ),
        _("Credentials flagged."),
    )
    return redirect(_credentials_url(congress))


@require_POST
@require_permission("congress.manage")
def credentials_clear(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    delegate = _delegate(request, congress)
    if delegate is None:
        return redirect(_credentials_url(congress))
    _run(
        request,
        lambda: upper.clear_credential_flag(delegate, note=request.POST.get("note", ""), actor=request.user),
        _("Credentials flag cleared."),
    )
    return redirect(_credentials_url(congress))


@require_POST
@require_permission("congress.manage")
def credentials_replace(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    delegate = _delegate(request, congress)
    if delegate is None:
        return redirect(_credentials_url(congress))
    alternate = _run(
        request,
        lambda: upper.replace_with_alternate(
            delegate, decision=request.POST.get("decision", ""), actor=request.user
        ),
    )
    if alternate is not None:
        messages.success(
            request,
            _("%(alternate)s (no. %(a)s) replaces %(official)s (no. %(o)s).")
            % {
                "alternate": alternate.full_name,
                "a": alternate.number,
                "official": delegate.full_name,
                "o": delegate.number,
            },
        )
    return redirect(_credentials_url(congress))
