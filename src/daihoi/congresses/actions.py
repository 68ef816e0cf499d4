"""Each change on a congress's convened list and open votes is its own URL with its own permission (POST).

Like the elections' steps (daihoi.elections.actions): a small table; each step generates a view decorated
with its permission. GET answers 405 unless the step shows a confirmation page (deleting a vote). The pages
(congresses:delegates, congresses:vote) only show; their forms post here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.accounts.permissions import require_permission
from daihoi.congresses import services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import Congress, Delegate, OpenVote, OpenVoteStatus
from daihoi.congresses.views import (
    COUNT_FIELDS,
    LIST_ACTIONS,
    congress_url,
    count_value,
    get_congress,
    vote_page,
)
from daihoi.inputs import object_id

# A runner gets the request, the congress and the vote the URL names (None for list steps).
Runner = Callable[[HttpRequest, Congress, OpenVote | None], Any]


@dataclass(frozen=True)
class Step:
    name: str  # URL name: congresses:<name>
    route: str  # after <org_code>/<pk>/
    permission: str
    run: Runner
    success: Any = ""  # the message after it succeeds ("" for none)
    on_vote: bool = False
    confirm: bool = False  # GET (or a POST without confirmed=1) shows the confirmation page


def _delegate(request: HttpRequest, congress: Congress) -> Delegate:
    return get_object_or_404(Delegate, pk=_pk(request.POST.get("delegate")), congress=congress)


def _pk(value: Any) -> int:
    return object_id(value)


def _vote(vote: OpenVote | None) -> OpenVote:
    assert vote is not None  # a vote step's URL always names its vote
    return vote


def _set_convened(convened: bool) -> Runner:
    def run(request: HttpRequest, congress: Congress, _vote: OpenVote | None) -> Any:
        return services.set_convened(
            _delegate(request, congress),
            convened=convened,
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )

    return run


def _absence(request: HttpRequest, congress: Congress, _vote: OpenVote | None) -> Any:
    return services.set_absence_reason(
        _delegate(request, congress),
        reason=request.POST.get("reason", ""),
        accepted=request.POST.get("accepted") == "1",
        actor=request.user,
    )


def _list_step(name: str) -> Runner:
    return lambda request, congress, _vote: LIST_ACTIONS[name](request, congress)


def _record(request: HttpRequest, congress: Congress, vote: OpenVote | None) -> Any:
    return services.record_open_vote(
        _vote(vote),
        agree=count_value(request, "agree"),
        disagree=count_value(request, "disagree"),
        abstain=count_value(request, "abstain"),
        actor=request.user,
    )


SAVED = gettext_lazy("Saved.")
V = "votes/<id:vote_id>/"

STEPS: list[Step] = [
    Step("delegate_add", "delegates/add/", "congress.manage", _list_step("add"), SAVED),
    Step("delegate_guest", "delegates/guest/", "congress.manage", _list_step("guest"), SAVED),
    Step("delegate_replace", "delegates/replace/", "congress.manage", _list_step("replace"), SAVED),
    Step("delegate_link", "delegates/link/", "congress.manage", _list_step("link")),  # says its outcome
    Step("delegate_convene", "delegates/convene/", "congress.manage", _set_convened(True), SAVED),
    Step("delegate_unconvene", "delegates/unconvene/", "congress.manage", _set_convened(False), SAVED),
    Step("delegate_absence", "delegates/absence/", "congress.manage", _absence, SAVED),
    Step(
        "vote_open",
        V + "open/",
        "congress.preside",
        lambda r, c, v: services.open_open_vote(_vote(v), actor=r.user),
        on_vote=True,
    ),
    Step(
        "vote_record",
        V + "record/",
        "congress.preside",
        _record,
        gettext_lazy("Counts saved."),
        on_vote=True,
    ),
    Step(
        "vote_close",
        V + "close/",
        "congress.preside",
        lambda r, c, v: services.close_open_vote(_vote(v), actor=r.user),
        on_vote=True,
    ),
    Step(
        "vote_delete",
        V + "delete/",
        "congress.preside",
        lambda r, c, v: services.delete_open_vote(_vote(v), actor=r.user),
        gettext_lazy("The vote prepared but not held is deleted."),
        on_vote=True,
        confirm=True,
    ),
]


def _back(step: Step, congress: Congress, vote: OpenVote | None) -> str:
    if vote is not None:
        return congress_url(congress, "vote", vote_id=vote.pk)
    return congress_url(congress, "delegates")


def _view(step: Step) -> Callable[..., HttpResponse]:
    @require_permission(step.permission)
    def view(request: HttpRequest, org_code: str, pk: int, vote_id: int | None = None) -> HttpResponse:
        if request.method not in ("GET", "POST") or (request.method == "GET" and not step.confirm):
            return HttpResponseNotAllowed(["POST"])
        congress = get_congress(request, pk)
        vote = get_object_or_404(OpenVote, pk=vote_id, congress=congress) if step.on_vote else None
        if step.confirm and (request.method == "GET" or request.POST.get("confirmed") != "1"):
            return _confirm_page(request, congress, _vote(vote))
        try:
            step.run(request, congress, vote)
        except CongressError as exc:
            messages.error(request, exc.message)
            if step.name == "vote_record":  # the page again with the counts as typed, to correct them
                counts = {name: request.POST.get(name, "").strip() for name in COUNT_FIELDS}
                return vote_page(request, congress, _vote(vote), counts)
            if step.confirm:
                return _confirm_page(request, congress, _vote(vote), status=409)
            return redirect(_back(step, congress, vote))
        if step.success:
            messages.success(request, str(step.success))
        if step.name == "vote_delete":
            return redirect(congress_url(congress) + "#votes")
        return redirect(_back(step, congress, vote))

    view.__name__ = f"congress_{step.name}"
    return view


def _confirm_page(
    request: HttpRequest, congress: Congress, vote: OpenVote, status: int = 200
) -> HttpResponse:
    blocker = ""
    if vote.status != OpenVoteStatus.DRAFT:
        blocker = CongressError(
            "wrong_status", action=_("delete the vote"), status=vote.get_status_display()
        ).message
    return render(
        request,
        "congresses/confirm_vote_delete.html",
        {"congress": congress, "vote": vote, "blocker": blocker},
        status=status,
    )


VIEWS = {step.name: _view(step) for step in STEPS}


def urlpatterns(congress_prefix: str) -> list[Any]:
    return [path(congress_prefix + step.route, VIEWS[step.name], name=step.name) for step in STEPS]
