"""The congress-day pages that poll or are hit hard: check-in desk, branch attendance, quorum, projector.

The scan endpoint answers with a small HTML fragment (htmx) or a full page without JavaScript; both call
`check_in_delegate`. Fragments are cheap (a few aggregate queries) since five desks and the projector
poll them every 1–2 s.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import require_permission
from daihoi.congresses import services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.figures import quorum
from daihoi.congresses.hooks import phone_counts, projector_panels
from daihoi.congresses.models import Congress, Delegate, OpenVoteStatus
from daihoi.congresses.views import congress_url, get_congress
from daihoi.inputs import object_id
from daihoi.live_signals import conditional, congress_pk_topics, timed_poll_open
from daihoi.organizations.models import Organization


def answer_message(code: str) -> str:
    """The desk's (and the API's) words for a successful answer."""
    if code == "already_present":
        return _("Already checked in — welcome back.")
    if code == "undone":
        return _("Check-in undone.")
    return _("Checked in.")


def _answer(request: HttpRequest, congress: Congress, value: str) -> dict[str, Any]:
    try:
        result = services.check_in_delegate(congress, value, actor=request.user)
    except CongressError as exc:
        return {"ok": False, "code": exc.code, "message": exc.message, "value": value}
    return {
        "ok": True,
        "code": result.code,
        "message": answer_message(result.code),
        "delegate": result.delegate,
    }


@require_permission("congress.checkin")
def desk(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    answer = None
    if request.method == "POST":
        answer = _answer(request, congress, request.POST.get("code", ""))
        if request.htmx:  # type: ignore[attr-defined]
            response = render(request, "congresses/_answer.html", {"congress": congress, "answer": answer})
            response["HX-Trigger"] = "attendance-changed"  # the desk's quorum box refreshes at once
            return response
    return render(
        request,
        "congresses/desk.html",
        {
            "congress": congress,
            "answer": answer,
            "quorum": quorum(congress),
        },
    )


@require_POST
@require_permission("congress.checkin")
def desk_undo(request: HttpRequest, org_code: str, pk: int, delegate_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    delegate = get_object_or_404(Delegate, pk=delegate_id, congress=congress)
    try:
        services.undo_check_in(delegate, reason=request.POST.get("reason", ""), actor=request.user)
        answer = {"ok": True, "code": "undone", "message": answer_message("undone"), "delegate": delegate}
    except CongressError as exc:
        answer = {"ok": False, "code": exc.code, "message": exc.message, "value": delegate.number}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "congresses/_answer.html", {"congress": congress, "answer": answer})
    (messages.success if answer["ok"] else messages.error)(request, str(answer["message"]))
    return redirect(congress_url(congress, "desk"))


@require_permission("congress.checkin")
def attendance(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """Tick the present on a branch's list; reasons for the absent (small congresses)."""
    congress = get_congress(request, pk)
    branches = Organization.objects.filter(
        pk__in=congress.delegates.exclude(branch=None).values("branch")
    ).order_by("code")
    branch_id = request.POST.get("branch") or request.GET.get("branch")
    branch = get_object_or_404(branches, pk=object_id(branch_id)) if branch_id else branches.first()
    if request.method == "POST":
        ids = [object_id(i) for i in request.POST.getlist("present") if object_id(i)]
        reasons = {
            object_id(key.removeprefix("reason-")): str(value)
            for key, value in request.POST.items()
            if key.startswith("reason-") and object_id(key.removeprefix("reason-"))
        }
        try:
            counts = services.mark_attendance(
                congress, branch=branch, present_ids=ids, absence_reasons=reasons, actor=request.user
            )
            messages.success(
                request,
                _("Saved: %(in)s checked in, %(out)s marked absent.")
                % {"in": counts["checked_in"], "out": counts["undone"]},
            )
        except CongressError as exc:
            messages.error(request, exc.message)
        url = congress_url(congress, "attendance")
        return redirect(f"{url}?branch={branch.pk}" if branch else url)
    delegates = congress.delegates.filter(convened=True, branch=branch) if branch else Delegate.objects.none()
    return render(
        request,
        "congresses/attendance.html",
        {
            "congress": congress,
            "branches": branches,
            "branch": branch,
            "delegates": delegates,
            "quorum": quorum(congress),
        },
    )


@require_permission("congress.view")
@conditional(congress_pk_topics)  # polled every 2 s by desks and pages: 304 until something changes
@require_safe
def quorum_fragment(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    return render(request, "congresses/_quorum.html", {"congress": congress, "quorum": quorum(congress)})


def projector_focus(vote: Any, panels: list[tuple[str, dict[str, Any]]]) -> str | None:
    """What the hall looks at: a vote in progress first, else the latest of the closed vote and the
    panels (election results; a panel's context may carry `since`, the time it was decided)."""
    if vote is not None and vote.status == OpenVoteStatus.OPEN:
        return "vote"
    if panels:
        times = [ctx["since"] for _, ctx in panels if ctx.get("since") is not None]
        since = max(times) if times else None
        vote_time = vote.closed_at or vote.opened_at if vote is not None else None
        if vote_time is None or since is None or since >= vote_time:
            return "panels"
    return "vote" if vote is not None else None


def projector_context(congress: Congress) -> dict[str, Any]:
    votes = congress.open_votes.exclude(status=OpenVoteStatus.DRAFT).order_by("-opened_at", "-id")
    vote = votes.first()
    panels = projector_panels(congress)
    # An open vote's choices made on phones are public (as raised cards are): counted live.
    phones = phone_counts(vote) if vote is not None and vote.status == OpenVoteStatus.OPEN else None
    return {
        "phones": phones,
        "phones_total": sum(phones.values()) if phones else 0,
        "congress": congress,
        "quorum": quorum(congress),
        "vote": vote,
        "panels": panels,
        "focus": projector_focus(vote, panels),
    }


@require_permission("projector.view")
@require_safe
def projector(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    return render(request, "congresses/projector.html", projector_context(congress))


@require_permission("projector.view")
# Polled every second by the hall's screen: 304 until something changes (each second while a countdown runs).
@conditional(congress_pk_topics, ticking=timed_poll_open)
@require_safe
def projector_state(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    return render(request, "congresses/_projector_state.html", projector_context(congress))
