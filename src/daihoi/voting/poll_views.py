"""The presidium's control of a round's electronic poll (/c/<org>/<congress>/...), and live fragments.

Open (with an optional countdown), extend, close (a confirmation stating the figures): `election.manage`.
The page and its fragment show who voted in figures — "x / y have voted (a on phones, b on paper)" — and
never a partial result: no name's votes are read here while the poll is open. An open vote's choices
made on phones are public (as raised cards are): their live counts are a fragment of the vote's page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses.models import Congress, OpenVote, OpenVoteStatus
from daihoi.congresses.views import get_congress
from daihoi.elections.models import Round
from daihoi.inputs import InputError, form_int
from daihoi.live_signals import conditional, congress_pk_topics, timed_poll_open
from daihoi.voting.errors import VotingError
from daihoi.voting.models import Poll, PollStatus
from daihoi.voting.services import open_votes, polls


def _round(request: HttpRequest, congress: Congress, election_id: int, number: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("election__congress__organization"),
        election__pk=election_id,
        election__congress=congress,
        number=number,
    )


def _poll(congress: Congress, poll_id: int) -> Poll:
    return get_object_or_404(
        Poll.objects.select_related("round__election__congress__organization"),
        pk=poll_id,
        round__election__congress=congress,
    )


def poll_url(rnd: Round) -> str:
    congress = rnd.election.congress
    return reverse(
        "voting_staff:poll",
        kwargs={
            "org_code": congress.organization.code,
            "pk": congress.pk,
            "election_id": rnd.election_id,
            "number": rnd.number,
        },
    )


def seconds_left(poll: Poll | None) -> int | None:
    if poll is None or poll.deadline is None or poll.status != PollStatus.OPEN:
        return None
    return max(0, int((poll.deadline - timezone.now()).total_seconds()))


def status_context(poll: Poll) -> dict[str, Any]:
    """What a page may say of a poll: its state and who voted in figures, never what was voted."""
    left = seconds_left(poll)
    return {
        "poll": poll,
        "progress": polls.progress(poll),
        "is_open": poll.status == PollStatus.OPEN,
        "seconds_left": left,
        "time_left": f"{left // 60}:{left % 60:02d}" if left is not None else "",
        "deadline": timezone.localtime(poll.deadline) if poll.deadline else None,
    }


def verifiable_context(poll: Poll) -> dict[str, Any]:
    """A verifiable poll's lines: the election key's fingerprint, the board, the decryption's progress
    (after close only) and the decrypted figures (once k key holders decrypted; never while open)."""
    from django.urls import reverse

    from daihoi.voting.services import verifiable

    ceremony = poll.ceremony
    assert ceremony is not None
    closed = poll.status == PollStatus.CLOSED
    figures: list[tuple[str, int]] = []
    invalid = 0
    if closed and poll.result is not None and poll.manifest is not None:
        names = [c["name"] for c in poll.manifest["candidates"]]
        figures = list(zip(names, poll.result["votes"], strict=True))
        invalid = sum(poll.result["invalid"].values())
    return {
        "fingerprint": verifiable.key_fingerprint(ceremony.public_key),
        "board_url": reverse("board:board_json", args=[poll.uuid]),
        "closed": closed,
        "shares": verifiable.shares_in(poll) if closed else 0,
        "threshold": ceremony.threshold,
        "decrypted": closed and poll.result is not None,
        "result": poll.result if closed else None,
        "figures": figures,
        "invalid": invalid,
        "trustees": verifiable.decrypting_trustees(poll) if closed else [],
    }


def _minutes(request: HttpRequest) -> int | None:
    return form_int(request.POST.get("minutes"), field=_("minutes"), low=1, high=polls.MAX_MINUTES)


@require_permission("election.view")
@require_http_methods(["GET", "HEAD"])
def poll_page(request: HttpRequest, org_code: str, pk: int, election_id: int, number: int) -> HttpResponse:
    congress = get_congress(request, pk)
    rnd = _round(request, congress, election_id, number)
    poll = polls.poll_of(rnd)
    refusal = polls.open_refusal(rnd) if poll is None else None
    org = congress.organization
    context: dict[str, Any] = {
        "congress": congress,
        "election": rnd.election,
        "round": rnd,
        "poll": poll,
        "electronic_congress": polls.congress_allows_phones(congress),
        "refusal": VotingError.refused(refusal).message if refusal is not None else "",
        "can_manage": congress.archived_at is None and has_permission(request.user, org, "election.manage"),
        "can_count": has_permission(request.user, org, "election.count"),
        "max_minutes": polls.MAX_MINUTES,
    }
    if poll is not None:
        context.update(status_context(poll))
        if poll.verifiable:
            context["verifiable"] = verifiable_context(poll)
    response = render(request, "voting/poll/control.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require_permission("election.manage")
def poll_open(request: HttpRequest, org_code: str, pk: int, election_id: int, number: int) -> HttpResponse:
    congress = get_congress(request, pk)
    rnd = _round(request, congress, election_id, number)
    try:
        polls.open_poll(rnd, minutes=_minutes(request), actor=request.user)
    except (VotingError, InputError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, _("Electronic voting is open."))
    return redirect(poll_url(rnd))


@require_POST
@require_permission("election.manage")
def poll_extend(request: HttpRequest, org_code: str, pk: int, poll_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    poll = _poll(congress, poll_id)
    try:
        polls.extend_poll(poll, minutes=_minutes(request), actor=request.user)
    except (VotingError, InputError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, _("The time for voting is changed."))
    return redirect(poll_url(poll.round))


@require_permission("election.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def poll_close(request: HttpRequest, org_code: str, pk: int, poll_id: int) -> HttpResponse:
    """GET (or an unconfirmed POST): the confirmation with the figures; POST confirmed: close."""
    congress = get_congress(request, pk)
    poll = _poll(congress, poll_id)
    error = ""
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            polls.close_poll(poll, actor=request.user)
        except VotingError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Voting is closed: the list of those entitled and the counts are frozen.")
            )
            return redirect(poll_url(poll.round))
    if not error and poll.status != PollStatus.OPEN:
        error = VotingError("poll_closed").message
    response = render(
        request,
        "voting/poll/close.html",
        {
            "congress": congress,
            "election": poll.round.election,
            "round": poll.round,
            "error": error,
            **status_context(poll),
        },
        status=409 if error and request.method == "POST" else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_permission("election.view")
# Polled every 2 s: 304 until a ballot or a change (each second while its countdown runs).
@conditional(congress_pk_topics, ticking=timed_poll_open)
@require_http_methods(["GET", "HEAD"])
def poll_progress(request: HttpRequest, org_code: str, pk: int, poll_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    poll = _poll(congress, poll_id)
    return render(request, "voting/poll/_progress.html", {"congress": congress, **status_context(poll)})


def vote_phone_context(vote: OpenVote) -> dict[str, Any]:
    """An open vote's choices made on phones (public, as raised cards are) and who may still choose."""
    from daihoi.congresses.figures import quorum

    counts = open_votes.phone_counts(vote)
    return {
        "vote": vote,
        "phones": counts,
        "phones_total": sum(counts.values()),
        "voters_present": quorum(vote.congress).voters_present,
        "is_open": vote.status == OpenVoteStatus.OPEN,
    }


@require_permission("congress.view")
@conditional(congress_pk_topics)  # polled every 2 s: 304 until a phone chooses or the vote changes
@require_http_methods(["GET", "HEAD"])
def vote_phones(request: HttpRequest, org_code: str, pk: int, vote_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    vote = get_object_or_404(OpenVote, pk=vote_id, congress=congress)
    return render(
        request, "voting/poll/_vote_phones.html", {"congress": congress, **vote_phone_context(vote)}
    )


def urlpatterns(*prefix: str) -> list[Any]:
    c = prefix[0] if prefix else ""
    r = c + "elections/<id:election_id>/rounds/<id:number>/poll/"
    return [
        path(r, poll_page, name="poll"),
        path(r + "open/", poll_open, name="poll_open"),
        path(c + "polls/<id:poll_id>/extend/", poll_extend, name="poll_extend"),
        path(c + "polls/<id:poll_id>/close/", poll_close, name="poll_close"),
        path(c + "polls/<id:poll_id>/progress/", poll_progress, name="poll_progress"),
        path(c + "votes/<id:vote_id>/phones/", vote_phones, name="vote_phones"),
    ]
