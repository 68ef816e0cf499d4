"""Congress pages for the office and the presidium: list, dashboard, convened list, agenda, open votes.

Thin: each POST calls one service; a CongressError becomes a translated message on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses import services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import (
    AgendaItem,
    AgendaKind,
    BallotForm,
    Congress,
    CongressKind,
    Delegate,
    DelegateKind,
    OpenVote,
    OpenVoteKind,
    OpenVoteStatus,
)
from daihoi.congresses.procedure import congress_facts, congress_steps
from daihoi.core.procedure.congress import CongressAction
from daihoi.core.procedure.congress import refusal as congress_refusal
from daihoi.core.procedure.votes import Subject, subject_of
from daihoi.dates import use_vietnamese_dates
from daihoi.inputs import INT_MAX, INT_MIN, form_int, object_id, parse_int, shown
from daihoi.organizations.models import Member, Organization


def get_congress(request: HttpRequest, pk: int, *, allow_archived: bool = False) -> Congress:
    """The congress, scoped to the organization the permission check resolved from the URL.

    An archived congress is read-only: a POST to any of its pages is refused (403) unless the view
    lets its service give the reason (`allow_archived`).
    """
    congress = get_object_or_404(
        Congress.objects.select_related("organization", "current_item"),
        pk=pk,
        organization=request.organization,  # type: ignore[attr-defined]
    )
    if congress.archived_at is not None and request.method == "POST" and not allow_archived:
        raise PermissionDenied(archived_message(congress))
    return congress


def archived_message(congress: Congress) -> str:
    return CongressError(
        "congress_archived", date=timezone.localtime(congress.archived_at).strftime("%d/%m/%Y %H:%M")
    ).message


def can(request: HttpRequest, congress: Congress, permission: str) -> bool:
    """A permission to change something: nobody changes an archived congress."""
    return congress.archived_at is None and has_permission(request.user, congress.organization, permission)


def congress_url(congress: Congress, name: str = "detail", **kwargs: Any) -> str:
    return reverse(
        f"congresses:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kwargs}
    )


def run_service(request: HttpRequest, call: Callable[[], Any], success: str = "") -> Any:
    """Run a service; its CongressError becomes an error message (nothing was written)."""
    try:
        result = call()
    except CongressError as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result


class CongressForm(forms.ModelForm):
    """A new congress; number, term and dates are checked by the service's own rules (field by field)."""

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        use_vietnamese_dates(self, "starts_on", "ends_on")  # dd/mm/yyyy whatever the browser's language
        self.fields["term_end_year"].help_text = _(
            "A term is normally %(usual)s years; another length is allowed from 1 to %(max)s years."
        ) % {"usual": services.TERM_USUAL_YEARS, "max": services.TERM_MAX_YEARS}
        ballot_form = self.fields["ballot_form"]
        ballot_form.required = False  # paper unless the congress's election rules say otherwise
        ballot_form.help_text = ballot_form_help()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "ballot_form" in data and not data["ballot_form"]:
            data["ballot_form"] = BallotForm.PAPER
        needed = ("number", "term_start_year", "term_end_year", "starts_on", "ends_on")
        if all(data.get(name) is not None for name in needed):
            for error in services.congress_field_errors(
                self.organization, **{name: data[name] for name in needed}
            ):
                self.add_error_from(error)
        return data

    def add_error_from(self, error: CongressError) -> None:
        name = error.params.get("field_name")
        self.add_error(name if name in self.fields else None, error.message)

    class Meta:
        model = Congress
        fields = (
            "number",
            "kind",
            "term_start_year",
            "term_end_year",
            "starts_on",
            "ends_on",
            "place",
            "convening_committee",
            "ballot_form",
        )


def ballot_form_help() -> str:
    """The help text of the congress's ballot form, on the create form and the dossier page."""
    return str(
        _(
            "The congress decides it in its election rules, under the guidance of its superior committee. "
            "Electronic: delegates cast secret ballots on their phones over the hall's network; those "
            "without a phone get a paper ballot. It cannot change once a poll was opened or ballots were "
            "counted."
        )
    )


@require_permission("congress.view")
@require_safe
def congress_list(request: HttpRequest, org_code: str) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    form = CongressForm(initial={"kind": CongressKind.MEMBERS}, organization=org)
    return _list_page(request, form)


@require_permission("congress.manage")
@require_POST
def congress_create(request: HttpRequest, org_code: str) -> HttpResponse:
    """The list page's "New congress" form: created, or the list page again with the form's errors."""
    org = request.organization  # type: ignore[attr-defined]
    form = CongressForm(request.POST, organization=org)
    if form.is_valid():
        try:
            congress = services.create_congress(org, actor=request.user, **form.cleaned_data)
        except CongressError as exc:  # e.g. the same number created meanwhile by someone else
            form.add_error_from(exc)
        else:
            years = congress.term_end_year - congress.term_start_year
            if years != services.TERM_USUAL_YEARS:
                messages.warning(
                    request,
                    _("Note: the term %(term)s lasts %(years)s years (normally %(usual)s).")
                    % {"term": congress.term, "years": years, "usual": services.TERM_USUAL_YEARS},
                )
            return redirect(congress_url(congress))
    return _list_page(request, form)


def _list_page(request: HttpRequest, form: CongressForm) -> HttpResponse:
    org = request.organization  # type: ignore[attr-defined]
    show_archived = request.GET.get("archived") == "1"
    return render(
        request,
        "congresses/list.html",
        {
            "organization": org,
            "congresses": org.congresses.filter(archived_at__isnull=not show_archived),
            "archived_count": org.congresses.filter(archived_at__isnull=False).count(),
            "show_archived": show_archived,
            "form": form,
            "can_manage": has_permission(request.user, org, "congress.manage"),
        },
    )


@require_permission("congress.view")
@require_safe
def congress_detail(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    can_manage = can(request, congress, "congress.manage")
    return render(
        request,
        "congresses/detail.html",
        {
            "congress": congress,
            "quorum": quorum(congress),
            "base": threshold_base(congress),
            "agenda": congress.agenda_items.all(),
            "votes": congress.open_votes.all(),
            # Votes on an election's seats, list, withdrawals and rounds are prepared from its page.
            "vote_kinds": [(k, label) for k, label in OpenVoteKind.choices if subject_of(k) is Subject.NONE],
            "steps": congress_steps(congress),
            "agenda_kinds": AgendaKind.choices,
            "can_manage": can_manage,
            "can_preside": can(request, congress, "congress.preside"),
            "can_checkin": can(request, congress, "congress.checkin"),
            "archived_message": archived_message(congress) if congress.archived_at else "",
            "usage": services.congress_usage(congress) if can_manage else None,
        },
    )


def _confirm_page(request: HttpRequest, congress: Congress, action: str) -> HttpResponse:
    usage = services.congress_usage(congress)
    refusal = ""
    if action == "delete" and usage.in_use:
        refusal = CongressError("in_use", reasons="; ".join(usage.reasons())).message
    return render(
        request,
        "congresses/confirm_remove.html",
        {
            "congress": congress,
            "action": action,
            "usage": usage,
            "contents": services.congress_contents(congress),
            "refusal": refusal,
        },
    )


@require_POST
@require_permission("congress.manage")
def delete_congress(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """First POST: the confirmation page (what goes, or why it cannot); with confirm=yes: delete."""
    congress = get_congress(request, pk, allow_archived=True)
    if request.POST.get("confirm") != "yes":
        return _confirm_page(request, congress, "delete")
    title = congress.title

    def delete() -> bool:
        services.delete_congress(congress, actor=request.user)
        return True

    if run_service(request, delete) is None:
        return redirect(congress_url(congress))
    messages.success(request, _("Deleted: %(title)s.") % {"title": title})
    return redirect(reverse("congresses:list", kwargs={"org_code": congress.organization.code}))


@require_POST
@require_permission("congress.manage")
def archive_congress(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """First POST: the confirmation page (what archiving means); with confirm=yes: archive."""
    congress = get_congress(request, pk, allow_archived=True)
    if request.POST.get("confirm") != "yes":
        return _confirm_page(request, congress, "archive")
    run_service(
        request,
        lambda: services.archive_congress(congress, actor=request.user),
        _("The congress is archived: it is kept for the record and can no longer be changed."),
    )
    return redirect(congress_url(congress))


@require_POST
@require_permission("congress.manage")
def generate_list(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    count = run_service(
        request,
        lambda: services.generate_convened_list(
            congress, actor=request.user, rebuild=request.POST.get("rebuild") == "1"
        ),
    )
    if count is not None:
        messages.success(request, _("Convened list built: %(count)s people convened.") % {"count": count})
    return redirect(congress_url(congress))


@require_POST
@require_permission("congress.manage")
def convene(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    run_service(
        request,
        lambda: services.convene_congress(congress, actor=request.user),
        _("The congress is convened; check-in may start."),
    )
    return redirect(congress_url(congress))


@require_POST
@require_permission("congress.preside")
def open_session(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    run_service(
        request,
        lambda: services.open_congress(congress, actor=request.user),
        _("The congress is in session."),
    )
    return redirect(congress_url(congress))


@require_permission("congress.preside")
def close_session(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """Bế mạc: GET shows what closing freezes and what still stands in the way; POST with the
    confirmation closes."""
    congress = get_congress(request, pk)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        done = run_service(
            request,
            lambda: services.close_congress(congress, actor=request.user),
            _("The congress is closed."),
        )
        if done is not None:
            return redirect(congress_url(congress))
    refusal = congress_refusal(CongressAction.CLOSE, congress_facts(congress))
    return render(
        request,
        "congresses/confirm_close.html",
        {
            "congress": congress,
            "blocker": CongressError.refused(refusal).message if refusal else "",
            "quorum": quorum(congress),
        },
        status=409 if request.method == "POST" else 200,
    )


@require_permission("congress.view")
@require_safe
def delegate_list(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """The convened list; its forms post to one URL per change (daihoi.congresses.actions)."""
    congress = get_congress(request, pk)
    delegates = congress.delegates.select_related("branch", "replaces")
    return render(
        request,
        "congresses/delegates.html",
        {
            "congress": congress,
            "delegates": delegates,
            "can_manage": can(request, congress, "congress.manage"),
        },
    )


def _by_number(congress: Congress, value: str) -> Delegate:
    number = parse_int(value)
    delegate = congress.delegates.filter(number=number).first() if number and 0 < number <= INT_MAX else None
    if delegate is None:
        raise CongressError("not_in_congress", value=value)
    return delegate


def _add_from_roll(request: HttpRequest, congress: Congress) -> Delegate:
    code = request.POST.get("member_code", "").strip()
    member = Member.objects.filter(organization=congress.organization, member_code=code).first()
    if member is None:
        raise CongressError("not_a_member", value=code, org=congress.organization.name)
    return services.add_delegate(
        congress, member=member, kind=request.POST.get("kind", ""), actor=request.user
    )


def _add_guest(request: HttpRequest, congress: Congress) -> Delegate:
    name = request.POST.get("full_name", "").strip()
    if not name:
        raise CongressError("reason_required", field=_("full name"))
    return services.add_delegate(
        congress,
        kind=DelegateKind.GUEST,
        full_name=name,
        title=request.POST.get("title", ""),
        actor=request.user,
    )


def _replace(request: HttpRequest, congress: Congress) -> Delegate:
    return services.replace_with_alternate(
        _by_number(congress, request.POST.get("alternate", "")),
        _by_number(congress, request.POST.get("absent", "")),
        actor=request.user,
    )


def _link_user(request: HttpRequest, congress: Congress) -> Delegate:
    """Link a login: the organization's own at once; any other username becomes a request that user (or
    their organizer) must accept. The answer is the same whether that username exists or not."""
    from daihoi.congresses.links import link_or_request

    delegate = _by_number(congress, request.POST.get("number", ""))
    username = request.POST.get("username", "").strip()
    if link_or_request(delegate, username, actor=request.user) is None:
        messages.success(request, _("Saved."))
    else:
        messages.success(
            request,
            _(
                "A request to link the login “%(username)s” to delegate no. %(number)s was sent: the link is "
                "made once that user, or the organizer of their organization, accepts it."
            )
            % {"username": username, "number": delegate.number},
        )
    return delegate


LIST_ACTIONS: dict[str, Callable[[HttpRequest, Congress], Delegate]] = {
    "add": _add_from_roll,
    "guest": _add_guest,
    "replace": _replace,
    "link": _link_user,
}


@require_POST
@require_permission("congress.preside")
def agenda_add(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    title = request.POST.get("title", "").strip()
    if title:
        run_service(
            request,
            lambda: services.add_agenda_item(
                congress, title=title, kind=request.POST.get("kind", AgendaKind.OTHER), actor=request.user
            ),
        )
    return redirect(congress_url(congress) + "#agenda")


@require_POST
@require_permission("congress.preside")
def agenda_current(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    item_id = request.POST.get("item")
    item = get_object_or_404(AgendaItem, pk=object_id(item_id), congress=congress) if item_id else None
    run_service(request, lambda: services.set_current_agenda_item(congress, item, actor=request.user))
    return redirect(congress_url(congress) + "#agenda")


def parse_numbers(congress: Congress, text: str) -> list[Delegate]:
    """Nominees typed as delegate numbers: "1, 11; 21 35"."""
    tokens = re.findall(r"[0-9]+", text)  # ASCII digits; a number of 10 digits or more is no delegate's
    numbers = [int(t) for t in tokens if len(t) <= 9]
    found = {d.number: d for d in congress.delegates.filter(number__in=numbers)}
    missing = [shown(t) for t in tokens if len(t) > 9 or int(t) not in found]
    if missing:
        raise CongressError("not_in_congress", value=", ".join(missing))
    return [found[int(t)] for t in tokens]


@require_POST
@require_permission("congress.preside")
def vote_create(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    seats_text = request.POST.get("seats", "").strip()

    def create() -> OpenVote:
        return services.create_open_vote(
            congress,
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            nominees=parse_numbers(congress, request.POST.get("nominees", "")),
            seats=form_int(seats_text, field=_("number of seats"), low=0, high=INT_MAX),
            proposal=request.POST.get("proposal", ""),
            actor=request.user,
        )

    vote = run_service(request, create)
    if vote is None:
        return redirect(congress_url(congress) + "#votes")
    return redirect(congress_url(congress, "vote", vote_id=vote.pk))


def count_value(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "").strip() or "0"
    number = parse_int(value)
    if number is None or not INT_MIN <= number <= INT_MAX:
        raise CongressError("negative_count", field=name, value=shown(value))
    return number


@require_permission("congress.view")
@require_safe
def vote_detail(request: HttpRequest, org_code: str, pk: int, vote_id: int) -> HttpResponse:
    """The vote's page; opening, recording, closing and deleting post to their own URLs
    (daihoi.congresses.actions)."""
    congress = get_congress(request, pk)
    vote = get_object_or_404(OpenVote, pk=vote_id, congress=congress)
    return vote_page(request, congress, vote, {name: getattr(vote, name) for name in COUNT_FIELDS})


COUNT_FIELDS = ("agree", "disagree", "abstain")


def vote_page(
    request: HttpRequest, congress: Congress, vote: OpenVote, counts: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        "congresses/vote.html",
        {
            "congress": congress,
            "vote": vote,
            "nominees": vote.nominees.select_related("branch"),
            "quorum": quorum(congress),
            "base": threshold_base(congress),
            "can_preside": can(request, congress, "congress.preside"),
            "counts": counts,
            **_phone_context(vote),
        },
    )


def _phone_context(vote: OpenVote) -> dict[str, Any]:
    """The choices made on phones so far (open votes are public), through the hook of daihoi.voting."""
    from daihoi.congresses.hooks import phone_counts

    if vote.status != OpenVoteStatus.OPEN:
        return {}
    phones = phone_counts(vote)
    total = sum(phones.values())
    return {"phones": phones, "phones_total": total, "phones_used": total > 0 or _phones_bound(vote.congress)}


def _phones_bound(congress: Congress) -> bool:
    """Whether any delegate of the congress has a phone bound to vote (the voting app, if installed)."""
    from django.apps import apps

    if not apps.is_installed("daihoi.voting"):
        return False
    device = apps.get_model("voting", "Device")
    return bool(device.objects.filter(delegate__congress=congress, revoked_at__isnull=True).exists())
