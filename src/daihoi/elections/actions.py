"""Every step of an election as its own URL with its own permission (POST); the irreversible ones show
a confirmation page on GET that says what they will freeze and what still stands in the way.

Views never decide: a step runs one service, which asks the procedure (daihoi.core.procedure); its
refusal becomes the message on the page.
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
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import OpenVote, OpenVoteKind, OpenVoteStatus
from daihoi.congresses.procedure import ACTION_LABELS
from daihoi.core.procedure import ElectionAction
from daihoi.elections import services
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Candidate, Election, Round
from daihoi.inputs import INT_MAX, form_int, object_id, parse_int
from daihoi.organizations.models import Member

Runner = Callable[[HttpRequest, Election, Round | None], Any]


@dataclass(frozen=True)
class Step:
    name: str  # URL segment and name: elections:<name>
    permission: str
    run: Runner
    success: Any
    on_round: bool = False
    confirm: Callable[[Election, Round | None], list[str]] | None = None  # what it freezes, in words
    action: ElectionAction | None = None  # the procedure's step, for the confirmation page


def _int(value: Any) -> int | None:
    """A number typed in a form, None when there is none; one beyond the database's integers is refused
    when saved (daihoi.inputs.check_field_bounds names the field)."""
    return parse_int(value)


def _member(election: Election, value: str) -> Member:
    """A member by Party card number or by delegate number."""
    value = value.strip()
    qs = Member.objects.filter(organization=election.congress.organization)
    member = qs.filter(member_code=value).first()
    number = parse_int(value)
    if member is None and number is not None and 0 < number <= INT_MAX:
        delegate = election.congress.delegates.filter(number=number).select_related("member").first()
        member = delegate.member if delegate else None
    if member is None:
        raise ElectionError("not_in_organization", name=value, org=election.congress.organization.name)
    return member


def _vote(request: HttpRequest, election: Election, kind: str) -> OpenVote:
    """The vote the form names, among this congress's votes; the service then checks that it is a vote
    of `kind` on exactly this subject (and says so when it is not)."""
    vote = OpenVote.objects.filter(congress=election.congress, pk=object_id(request.POST.get("vote"))).first()
    if vote is None:
        raise ElectionError("vote_missing", kind=OpenVoteKind(kind).label)
    return vote


def _rnd(rnd: Round | None) -> Round:
    assert rnd is not None  # a round step's URL always names its round
    return rnd


def _candidate(request: HttpRequest, election: Election) -> Candidate:
    return get_object_or_404(Candidate, pk=object_id(request.POST.get("candidate")), election=election)


def fitting_votes(election: Election, kind: str, candidate: Candidate | None = None) -> list[OpenVote]:
    """The votes a page may offer for a decision: on this subject, closed, not yet used."""
    qs = OpenVote.objects.filter(
        congress=election.congress, kind=kind, status=OpenVoteStatus.CLOSED, used_at__isnull=True
    )
    qs = qs.filter(candidate=candidate) if candidate is not None else qs.filter(election=election)
    return list(qs.order_by("-closed_at", "-id"))


# ------------------------------------------------------------------------------------------ runners


def _prepare_vote(request: HttpRequest, election: Election, rnd: Round | None) -> Any:
    """Prepare the open vote a step needs, on its subject; the presidium then holds it."""
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.views import congress_url

    kind = request.POST.get("kind", "")
    allowed = {
        OpenVoteKind.SEATS,
        OpenVoteKind.BALLOT_LIST,
        OpenVoteKind.WITHDRAWAL,
        OpenVoteKind.NEXT_ROUND,
        OpenVoteKind.END_ELECTION,
    }
    if kind not in allowed:
        raise ElectionError("wrong_vote_kind", value=kind, expected="")
    candidate = _candidate(request, election) if kind == OpenVoteKind.WITHDRAWAL else None
    vote = congress_services.create_open_vote(
        election.congress,
        kind=kind,
        seats=_int(request.POST.get("seats")),
        election=election,
        candidate=candidate,
        actor=request.user,
    )
    return congress_url(election.congress, "vote", vote_id=vote.pk)


def _confirm_list(election: Election, rnd: Round | None) -> list[str]:
    check = services.check_list(election)
    names = ", ".join(c.full_name for c in services.on_list(election))
    return [
        _("The ballot list of %(n)s names for %(p)s places is frozen as round 1, in ballot order: %(names)s.")
        % {"n": check.names, "p": check.places, "names": names},
        _("After this no name can be added, corrected or withdrawn, and the ballot papers are printed."),
    ]


def _confirm_close_round(election: Election, rnd: Round | None) -> list[str]:
    assert rnd is not None
    return [
        _("Round %(n)s is counted by the engine from %(r)s ballots returned; the result is kept.")
        % {"n": rnd.number, "r": rnd.returned if rnd.returned is not None else "—"},
        _("After this no ballot of the round can be entered, changed or ruled on."),
    ]


def _confirm_announce(election: Election, rnd: Round | None) -> list[str]:
    result = services.outcome(election)
    names = ", ".join(e["name"] for e in result.elected) or "—"
    return [
        _("The result is announced to the congress and shown on the projector: elected %(names)s.")
        % {"names": names},
        _("After this the result cannot change; only the superior's approval follows."),
    ]


def _confirm_decline(election: Election, rnd: Round | None) -> list[str]:
    return [_("The election ends with the places still unfilled; no further round can follow.")]


def _confirm_delete(election: Election, rnd: Round | None) -> list[str]:
    return [
        _("The election “%(title)s”, its list and the votes prepared for it and not held are deleted.")
        % {"title": election.title}
    ]


STEPS: list[Step] = [
    Step("prepare_vote", "election.manage", _prepare_vote, gettext_lazy("The open vote is prepared.")),
    Step(
        "decide_seats",
        "election.manage",
        lambda r, e, _n: services.decide_seats(e, _vote(r, e, OpenVoteKind.SEATS), actor=r.user),
        gettext_lazy("The number to elect is recorded."),
    ),
    Step(
        "nominate",
        "election.manage",
        lambda r, e, _n: services.nominate(
            e,
            _member(e, r.POST.get("member", "")),
            source=r.POST.get("source", "committee"),
            support=_int(r.POST.get("support")),
            actor=r.user,
        ),
        gettext_lazy("Saved."),
    ),
    Step(
        "remove_nominee",
        "election.manage",
        lambda r, e, _n: services.remove_nominee(
            _candidate(r, e), reason=r.POST.get("reason", ""), actor=r.user
        ),
        gettext_lazy("The name entered by mistake is removed (kept in the log)."),
    ),
    Step(
        "withdraw",
        "election.manage",
        lambda r, e, _n: services.request_withdrawal(
            _candidate(r, e),
            reason=r.POST.get("reason", ""),
            proposal=r.POST.get("proposal", ""),
            actor=r.user,
        ),
        gettext_lazy("Saved."),
    ),
    Step(
        "decide_withdrawal",
        "election.manage",
        lambda r, e, _n: services.decide_withdrawal(
            _candidate(r, e), _vote(r, e, OpenVoteKind.WITHDRAWAL), actor=r.user
        ),
        gettext_lazy("The congress's decision on the withdrawal is applied."),
    ),
    Step(
        "opinion",
        "election.manage",
        lambda r, e, _n: services.record_opinion_ballot(
            e,
            {
                c.pk: _int(r.POST.get(f"opinion-{c.pk}")) or 0
                for c in services.on_list(e)
                if r.POST.get(f"opinion-{c.pk}") not in (None, "")
            },
            actor=r.user,
        ),
        gettext_lazy("Saved."),
    ),
    Step(
        "approve_list",
        "election.manage",
        lambda r, e, _n: services.approve_list(e, _vote(r, e, OpenVoteKind.BALLOT_LIST), actor=r.user),
        gettext_lazy("The ballot list is approved: round 1 is ready."),
        confirm=_confirm_list,
        action=ElectionAction.APPROVE_LIST,
    ),
    Step(
        "add_to_round",
        "election.manage",
        lambda r, e, n: services.add_to_round(
            e.rounds.order_by("-number")[0],
            _member(e, r.POST.get("member", "")),
            support=_int(r.POST.get("support")),
            actor=r.user,
        ),
        gettext_lazy("Saved."),
    ),
    Step(
        "next_round",
        "election.manage",
        lambda r, e, _n: services.start_next_round(
            e,
            vote=_vote(r, e, OpenVoteKind.NEXT_ROUND) if r.POST.get("vote") else None,
            aggregate=bool(r.POST.get("aggregate")),
            actor=r.user,
        ),
        gettext_lazy("The next round is ready."),
    ),
    Step(
        "decline_next_round",
        "election.manage",
        lambda r, e, _n: services.decline_next_round(
            e, vote=_vote(r, e, OpenVoteKind.END_ELECTION), actor=r.user
        ),
        gettext_lazy("The election ends without a further round."),
        confirm=_confirm_decline,
        action=ElectionAction.DECLINE_NEXT_ROUND,
    ),
    Step(
        "delete",
        "election.manage",
        lambda r, e, _n: services.delete_election(e, actor=r.user),
        gettext_lazy("The election is deleted."),
        confirm=_confirm_delete,
        action=ElectionAction.DELETE,
    ),
    Step(
        "superior_approve",
        "election.manage",
        lambda r, e, _n: services.approve(e, reference=r.POST.get("reference", ""), actor=r.user),
        gettext_lazy("Saved."),
    ),
    Step(
        "announce",
        "election.publish",
        lambda r, e, _n: services.announce(e, actor=r.user),
        gettext_lazy("The result is announced."),
        confirm=_confirm_announce,
        action=ElectionAction.ANNOUNCE,
    ),
    Step(
        "counts",
        "election.count",
        lambda r, e, n: services.set_counts(
            _rnd(n),
            issued=form_int(r.POST.get("issued"), field=_("ballots issued"), low=0, default=0) or 0,
            returned=form_int(r.POST.get("returned"), field=_("ballots returned"), low=0, default=0) or 0,
            actor=r.user,
        ),
        gettext_lazy("Saved."),
        on_round=True,
    ),
    Step(
        "mode",
        "election.count",
        lambda r, e, n: services.set_aggregate(_rnd(n), r.POST.get("aggregate") == "1", actor=r.user),
        gettext_lazy("Saved."),
        on_round=True,
    ),
    Step(
        "resolve",
        "election.count",
        lambda r, e, n: services.resolve_ballot(
            _rnd(n),
            position=_int(r.POST.get("position")) or 0,
            text=r.POST.get("text", ""),
            valid=r.POST.get("valid") == "1",
            reason=r.POST.get("reason", ""),
            actor=r.user,
        ),
        gettext_lazy("Saved."),
        on_round=True,
    ),
    Step(
        "close_round",
        "election.count",
        lambda r, e, n: services.close_round(_rnd(n), actor=r.user),
        gettext_lazy("The round is counted."),
        on_round=True,
        confirm=_confirm_close_round,
        action=ElectionAction.CLOSE_ROUND,
    ),
]


def _back(request: HttpRequest, election: Election, rnd: Round | None) -> str:
    from daihoi.elections.views import election_url

    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return nxt
    if rnd is not None:
        return election_url(election, "reconcile", number=rnd.number)
    return election_url(election)


# What a refused form's fields held comes back into the form (the clerk corrects, not retypes).
KEPT_FIELDS = {"nominate": ("member", "source", "support"), "add_to_round": ("member", "support")}


def _kept(request: HttpRequest, step: Step) -> str:
    from urllib.parse import urlencode

    fields = {f"typed_{k}": request.POST.get(k, "") for k in KEPT_FIELDS.get(step.name, ())}
    fields = {k: v for k, v in fields.items() if v}
    return "?" + urlencode(fields) + "#" + step.name.replace("_", "-") if fields else ""


def _view(step: Step) -> Callable[..., HttpResponse]:
    from daihoi.elections.views import _election, _round

    @require_permission(step.permission)
    def view(request: HttpRequest, org_code: str, pk: int, number: int | None = None) -> HttpResponse:
        election = _election(request, pk)
        rnd = _round(request, pk, number) if step.on_round and number is not None else None
        if request.method not in ("GET", "POST") or (request.method == "GET" and step.confirm is None):
            return HttpResponseNotAllowed(["POST"])
        if step.confirm is not None and (request.method == "GET" or request.POST.get("confirmed") != "1"):
            return _confirm_page(request, step, election, rnd)
        try:
            result = step.run(request, election, rnd)
        except (ElectionError, CongressError) as exc:
            messages.error(request, exc.message)
            if step.confirm is not None:
                return _confirm_page(request, step, election, rnd, status=409)
            return redirect(_back(request, election, rnd) + _kept(request, step))
        messages.success(request, str(step.success))
        if isinstance(result, str):
            return redirect(result)
        if step.name in ("close_round", "announce"):
            from daihoi.elections.views import election_url

            last = rnd or election.rounds.order_by("-number").first()
            if last is not None:
                return redirect(election_url(election, "result", number=last.number))
        if step.name == "delete":
            return redirect("elections:list", org_code=org_code, congress_pk=election.congress_id)
        return redirect(_back(request, election, rnd))

    view.__name__ = f"election_{step.name}"
    return view


def _confirm_page(
    request: HttpRequest, step: Step, election: Election, rnd: Round | None, status: int = 200
) -> HttpResponse:
    steps = {s.action: s for s in services.steps(election)}
    current = steps.get(step.action) if step.action else None
    blocker = "" if current is None else current.refusal
    if step.action and current is None:
        blocker = str(
            _("This step does not belong to the election's present stage (%(stage)s).")
            % {"stage": election.get_status_display()}
        )
    votes: list[OpenVote] = []
    if step.name == "approve_list":
        votes = fitting_votes(election, OpenVoteKind.BALLOT_LIST)
    elif step.name == "decline_next_round":
        votes = fitting_votes(election, OpenVoteKind.END_ELECTION)
    needs_vote = step.name in ("approve_list", "decline_next_round")
    if needs_vote and not votes and not blocker:
        blocker = str(
            _("No open vote on this decision has been held and closed yet: prepare it and hold it first.")
        )
    return render(
        request,
        "elections/confirm.html",
        {
            "election": election,
            "congress": election.congress,
            "round": rnd,
            "step": step,
            "title": ACTION_LABELS.get(step.action, step.name) if step.action else step.name,
            "freezes": step.confirm(election, rnd) if step.confirm else [],
            "blocker": blocker,
            "votes": votes,
            "needs_vote": needs_vote,
            "post": {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "confirmed")},
        },
        status=status,
    )


VIEWS = {step.name: _view(step) for step in STEPS}


def urlpatterns(election_prefix: str, round_prefix: str) -> list[Any]:
    out = []
    for step in STEPS:
        prefix = round_prefix if step.on_round else election_prefix
        out.append(path(prefix + step.name.replace("_", "-") + "/", VIEWS[step.name], name=step.name))
    return out
