"""Election pages: the ballot list, ballot papers, fast ballot entry, reconciliation, results, documents.

Thin: each POST calls one service; an ElectionError becomes a translated message on the page. The
entry page answers JSON to its own script (one ballot per Enter without a page load) and works as a
plain form without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, OpenVoteKind, OpenVoteStatus
from daihoi.core.election.ballots import BallotForm
from daihoi.documents.exporters import document_response, file_response
from daihoi.elections import ballots, labels, minutes, news, services
from daihoi.elections.actions import fitting_votes
from daihoi.elections.disclosure import may_see_figures
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Election, ElectionKind, Round
from daihoi.elections.tally_io import REASON_LABELS
from daihoi.inputs import INT_MAX, INT_MIN, form_int, parse_int


def _election(request: HttpRequest, pk: int) -> Election:
    return get_object_or_404(
        Election.objects.select_related("congress__organization"),
        pk=pk,
        congress__organization=request.organization,  # type: ignore[attr-defined]
    )


def _round(request: HttpRequest, pk: int, number: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("election__congress__organization"),
        election=_election(request, pk),
        number=number,
    )


def _round_figures(request: HttpRequest, pk: int, number: int) -> Round:
    """The round, for a page or document showing its figures: refused (403) to those who may not see
    them yet (daihoi.elections.disclosure)."""
    rnd = _round(request, pk, number)
    if not may_see_figures(request.user, rnd.election, rnd):
        raise PermissionDenied(_("The result has not been announced yet."))
    return rnd


def election_url(election: Election, name: str = "detail", **kwargs: Any) -> str:
    return reverse(
        f"elections:{name}",
        kwargs={"org_code": election.congress.organization.code, "pk": election.pk, **kwargs},
    )


def _run(request: HttpRequest, call: Callable[[], Any], success: str = "") -> Any:
    try:
        result = call()
    except ElectionError as exc:
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result


def _perms(request: HttpRequest, election_or_org: Any) -> dict[str, bool]:
    org = getattr(election_or_org, "organization", None) or election_or_org.congress.organization
    return {
        f"can_{p}": has_permission(request.user, org, f"election.{p}") for p in ("manage", "count", "publish")
    }


# ------------------------------------------------------------------------------------ list


@require_permission("election.view")
@require_safe
def congress_elections(request: HttpRequest, org_code: str, congress_pk: int) -> HttpResponse:
    congress = get_object_or_404(Congress, pk=congress_pk, organization=request.organization)  # type: ignore[attr-defined]
    return render(
        request,
        "elections/list.html",
        {
            "congress": congress,
            "elections": congress.elections.all(),
            "kinds": ElectionKind.choices,
            "allocated_delegates": services.allocated_delegates(congress, None),
            **_perms(request, congress),
        },
    )


@require_POST
@require_permission("election.manage")
def create_election(request: HttpRequest, org_code: str, congress_pk: int) -> HttpResponse:
    congress = get_object_or_404(Congress, pk=congress_pk, organization=request.organization)  # type: ignore[attr-defined]
    election = _run(
        request,
        lambda: services.create_election(
            congress,
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            seats=form_int(request.POST.get("seats"), field=_("number of seats"), low=0),
            alternates=_int(request.POST.get("alternates")) or 0,
            clerks=_int(request.POST.get("clerks")) or 2,
            paper_size=request.POST.get("paper_size", "A5"),
            actor=request.user,
        ),
    )
    if election is not None:
        return redirect(election_url(election))
    return redirect("elections:list", org_code=org_code, congress_pk=congress.pk)


def _int(value: Any) -> int | None:
    """A number typed in a form, None when there is none or it is beyond the database's integers."""
    number = parse_int(value)
    return number if number is not None and INT_MIN <= number <= INT_MAX else None


# ------------------------------------------------------------------------------------ ballot list


@require_permission("election.view")
@require_safe
def election_detail(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    election = _election(request, pk)
    congress = election.congress
    attending, needed = services.support_needed(congress)
    steps = services.steps(election)
    candidates = list(election.candidates.select_related("member__branch").order_by("status", "id"))
    for c in candidates:  # the votes held on each withdrawal request, not yet applied
        c.fitting_votes = fitting_votes(election, OpenVoteKind.WITHDRAWAL, c) if c.withdrawal_proposal else []  # type: ignore[attr-defined]
    rounds = list(election.rounds.all())
    for r in rounds:  # a round's figures before they are announced: the counting committee's only
        r.figures_shown = may_see_figures(request.user, election, r)  # type: ignore[attr-defined]
    last = rounds[-1] if rounds else None
    shown = may_see_figures(request.user, election)
    return render(
        request,
        "elections/detail.html",
        {
            "election": election,
            "congress": congress,
            "candidates": candidates,
            "check": services.check_list(election),
            "attending": attending,
            "support_needed": needed,
            "steps": steps,
            "allowed": {s.action.value for s in steps if s.allowed},
            "seats_votes": fitting_votes(election, OpenVoteKind.SEATS),
            "list_votes": fitting_votes(election, OpenVoteKind.BALLOT_LIST),
            "next_votes": fitting_votes(election, OpenVoteKind.NEXT_ROUND),
            "end_votes": fitting_votes(election, OpenVoteKind.END_ELECTION),
            "pending_votes": election.votes.exclude(status=OpenVoteStatus.CLOSED),
            "rounds": rounds,
            "last": last,
            "outcome": services.outcome(election) if shown else None,
            "clerk_numbers": range(1, election.clerks + 1),
            "proposals": [(code, labels.proposal_label(code)) for code in services.PROPOSALS],
            **_perms(request, election),
        },
    )


MAX_COPIES = 2000  # ballot papers in one PDF: more than any congress's voters


@require_permission("election.manage")
def ballot_papers(request: HttpRequest, org_code: str, pk: int, number: int) -> HttpResponse:
    rnd = _round(request, pk, number)
    copies = form_int(request.GET.get("copies"), field=_("copies"), low=0, high=MAX_COPIES)
    pdf = ballots.round_ballots(rnd, copies=copies, specimen=request.GET.get("specimen", "1") == "1")
    return file_response(f"phieu-bau-{rnd.election.pk}-vong-{rnd.number}.pdf", "application/pdf", pdf)


# ------------------------------------------------------------------------------------ counting


def _votes(rnd: Round, content: str, proposed: str | None) -> np.ndarray:
    """The votes one ballot gives each name (zero when the ballot is invalid)."""
    row = services.content_row(rnd, content)
    votes = row if services.round_form(rnd) is BallotForm.SURPLUS else (row == 1)
    return np.zeros(len(row), dtype=np.int64) if proposed else votes.astype(np.int64)


def _running(rnd: Round, clerk: int) -> dict[str, Any]:
    """This clerk's running count (at page load; each save then sends only its delta)."""
    entered, invalid, votes = services.running_count(rnd, clerk)
    return {
        "entered": entered,
        "invalid": invalid,
        "rows": [
            {"position": rc.position, "name": rc.candidate.full_name, "votes": v}
            for rc, v in zip(services.round_candidates(rnd), votes, strict=True)
        ],
    }


def _delta(rnd: Round, out: services.EntryOutcome) -> dict[str, Any]:
    """What one save changes in the running count, so each Enter costs the same at ballot 1 and 1,600."""
    votes = _votes(rnd, out.content, out.proposed)
    entered, invalid = 1, int(out.proposed is not None)
    if out.previous is not None:
        old = services.propose(rnd, *out.previous)
        votes = votes - _votes(rnd, out.previous[0], old)
        entered, invalid = 0, invalid - int(old is not None)
    rows = services.round_candidates(rnd)
    return {
        "entered": entered,
        "invalid": invalid,
        "votes": {str(rc.position): int(v) for rc, v in zip(rows, votes, strict=True) if v},
    }


@require_permission("election.count")
def count_page(request: HttpRequest, org_code: str, pk: int, number: int) -> HttpResponse:
    rnd = _round(request, pk, number)
    clerk = _int(request.GET.get("clerk") or request.POST.get("clerk")) or 1
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    pending: dict[str, Any] | None = None
    if request.method == "POST":
        position = _int(request.POST.get("position")) or services.next_position(rnd, clerk)
        text = request.POST.get("text", "")
        try:
            out = services.enter_ballot(
                rnd,
                clerk=clerk,
                position=position,
                text=text,
                confirm=request.POST.get("confirm") == "1",
                actor=request.user,
            )
        except ElectionError as exc:
            if wants_json:
                return JsonResponse({"ok": False, "code": exc.code, "message": exc.message}, status=409)
            messages.error(request, exc.message)
            pending = {"position": position, "text": text}
        else:
            reason = str(REASON_LABELS.get(out.proposed, out.proposed)) if out.proposed else ""
            if wants_json:
                return JsonResponse(
                    {
                        "ok": True,
                        "saved": out.saved,
                        "position": position,
                        "proposed": out.proposed,
                        "reason": reason,
                        "next": services.next_position(rnd, clerk, after=position),
                        "delta": _delta(rnd, out) if out.saved else None,
                    }
                )
            if not out.saved:
                pending = {"position": position, "text": text, "confirm": True, "reason": reason}
            else:
                return redirect(election_url(rnd.election, "count", number=number) + f"?clerk={clerk}")
    return render(
        request,
        "elections/count.html",
        {
            "election": rnd.election,
            "congress": rnd.election.congress,
            "round": rnd,
            "clerk": clerk,
            "clerks": range(1, rnd.election.clerks + 1),
            "surplus": services.round_form(rnd) is BallotForm.SURPLUS,
            "candidates": services.round_candidates(rnd),
            "next": services.next_position(rnd, clerk),
            "running": _running(rnd, clerk),
            "pending": pending,
            "present": quorum(rnd.election.congress).voters_present,
            "keys": [(k, REASON_LABELS[v]) for k, v in services.FLAG_KEYS.items()],
            **_hybrid_counts(rnd),
            **_perms(request, rnd.election),
        },
    )


def _hybrid_counts(rnd: Round) -> dict[str, Any]:
    """A round whose electronic poll is closed with paper ballots handed out: the counts form takes the
    PAPER ballots issued and returned (issued prefilled from the desk's count); the phones' are shown."""
    from daihoi.voting.models import PollStatus
    from daihoi.voting.services.polls import poll_of

    poll = poll_of(rnd)
    if poll is None or poll.status != PollStatus.CLOSED:
        return {"hybrid": False, "entry_total": rnd.returned}
    electronic = poll.electronic or 0

    def paper(total: int | None, default: int | None) -> int | None:
        return total - electronic if total is not None else default

    return {
        "hybrid": True,
        "electronic": electronic,
        "paper_issued": paper(rnd.issued, poll.paper_issued),
        "paper_returned": paper(rnd.returned, None),
        "entry_total": paper(rnd.returned, None),  # the clerks enter the paper ballots only
    }


@require_permission("election.count")
def totals_page(request: HttpRequest, org_code: str, pk: int, number: int) -> HttpResponse:
    rnd = _round(request, pk, number)
    if request.method == "POST":
        votes = {
            rc.position: _int(request.POST.get(f"votes-{rc.position}")) or 0
            for rc in services.round_candidates(rnd)
        }
        invalid = {code: _int(request.POST.get(f"invalid-{code}")) or 0 for code in REASON_LABELS}
        done = _run(
            request,
            lambda: services.enter_totals(
                rnd,
                votes=votes,
                valid=_int(request.POST.get("valid")) or 0,
                invalid=invalid,
                actor=request.user,
            ),
            _("Saved."),
        )
        if done is not None:
            return redirect(election_url(rnd.election, "reconcile", number=number))
    # What the clerk typed stays on the page after a refusal; else what is saved.
    saved = rnd.totals or {}
    typed = request.POST if request.method == "POST" else None

    def value(field: str, stored: Any) -> Any:
        return typed.get(field, "") if typed is not None else ("" if stored is None else stored)

    rows = [
        (rc, value(f"votes-{rc.position}", saved.get("votes", {}).get(str(rc.position))))
        for rc in services.round_candidates(rnd)
    ]
    reasons = [
        (code, label, value(f"invalid-{code}", saved.get("invalid", {}).get(code, 0)))
        for code, label in REASON_LABELS.items()
    ]
    return render(
        request,
        "elections/totals.html",
        {
            "election": rnd.election,
            "congress": rnd.election.congress,
            "round": rnd,
            "rows": rows,
            "reasons": reasons,
            "valid": value("valid", saved.get("valid")),
            # The clerks' totals cover the ballots counted by hand: the paper ones of a hybrid poll.
            "split": _ballot_split(rnd),
            "hand_counted": (rnd.returned or 0) - (rnd.electronic or 0) if rnd.returned is not None else None,
        },
        status=409 if request.method == "POST" else 200,
    )


@require_permission("election.count")
def reconcile_page(request: HttpRequest, org_code: str, pk: int, number: int) -> HttpResponse:
    rnd = _round(request, pk, number)
    rec = services.reconcile(rnd) if not rnd.aggregate else None
    names = services.round_candidates(rnd)
    return render(
        request,
        "elections/reconcile.html",
        {
            "election": rnd.election,
            "congress": rnd.election.congress,
            "round": rnd,
            "rec": rec,
            "candidates": names,
            "log": rnd.log.order_by("-id")[:30],
            **_perms(request, rnd.election),
        },
    )


# ------------------------------------------------------------------------------------ results


@require_permission("election.view")
@require_safe
def result_page(request: HttpRequest, org_code: str, pk: int, number: int) -> HttpResponse:
    rnd = _round_figures(request, pk, number)
    election = rnd.election
    from daihoi.elections.projector import panel_context

    election.refresh_from_db()
    return render(
        request,
        "elections/result.html",
        {
            "election": election,
            "congress": election.congress,
            "round": rnd,
            "result": rnd.result,
            "panel": panel_context(election),
            "reasons": REASON_LABELS,
            "outcome": services.outcome(election),
            "warnings": _warnings(rnd.result),
            "split": _ballot_split(rnd),
            "allowed": services.allowed(election),
            **_perms(request, election),
        },
    )


def _ballot_split(rnd: Any) -> dict[str, int] | None:
    """Of the round's ballots issued and returned, those cast on phones and on paper (a round with an
    electronic poll); None for a round counted on paper alone."""
    if rnd.electronic is None or rnd.issued is None or rnd.returned is None:
        return None
    return {
        "electronic": rnd.electronic,
        "paper_issued": max(rnd.issued - rnd.electronic, 0),
        "paper_returned": max(rnd.returned - rnd.electronic, 0),
    }


def _warnings(result: dict[str, Any]) -> list[str]:
    """The engine's consistency warnings, in words (they never block the count)."""
    return [labels.warning_text(w, result) for w in result.get("warnings", [])]


def _fmt(fmt: str) -> str:
    if fmt not in ("pdf", "docx"):
        raise Http404(fmt)
    return fmt


@require_permission("election.view")
@require_safe
def minutes_doc(request: HttpRequest, org_code: str, pk: int, number: int, fmt: str) -> HttpResponse:
    rnd = _round_figures(request, pk, number)
    if not rnd.result:
        return HttpResponse(status=404)
    return document_response(minutes.round_minutes(rnd), _fmt(fmt), f"bien-ban-kiem-phieu-{pk}-vong-{number}")


@require_permission("election.view")
@require_safe
def elected_doc(request: HttpRequest, org_code: str, pk: int, number: int, fmt: str) -> HttpResponse:
    rnd = _round_figures(request, pk, number)
    if not rnd.result:
        return HttpResponse(status=404)
    doc = minutes.build_elected_list(rnd.result, minutes.round_info(rnd))
    return document_response(doc, _fmt(fmt), f"danh-sach-trung-cu-{pk}-vong-{number}")


@require_permission("election.count")
def log_doc(request: HttpRequest, org_code: str, pk: int, number: int, fmt: str) -> HttpResponse:
    rnd = _round(request, pk, number)
    if fmt == "html":
        return render(
            request,
            "elections/log.html",
            {
                "election": rnd.election,
                "congress": rnd.election.congress,
                "round": rnd,
                "log": rnd.log.order_by("id"),
                **_perms(request, rnd.election),
            },
        )
    doc = minutes.build_entry_log(rnd, minutes.round_info(rnd))
    return document_response(doc, _fmt(fmt), f"nhat-ky-nhap-phieu-{pk}-vong-{number}")


@require_permission("election.view")
@require_safe
def news_page(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    election = _election(request, pk)
    perms = _perms(request, election)
    text = election.news_text or news.draft(election.congress)
    if request.GET.get("format") in ("pdf", "docx"):
        return document_response(news.news_document(text), request.GET["format"], f"tin-dai-hoi-{pk}")
    return render(
        request,
        "elections/news.html",
        {"election": election, "congress": election.congress, "text": text, **perms},
    )


@require_POST
@require_permission("election.manage")
def save_news(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    election = _election(request, pk)
    _run(
        request,
        lambda: services.save_news(election, request.POST.get("text", ""), actor=request.user),
        _("Saved."),
    )
    return redirect(election_url(election, "news"))
