"""The delegate's phone: bind it with the desk's one-time code, see the open polls and votes, vote.

Short paths under /v/ (the QR code the desk shows opens /v/b/<code>/ in the phone's own camera app).
The phone is identified by its device cookie (`phone_auth`), never by a login: a staff session opens
none of these pages' votes. Every page works without JavaScript (plain forms, a confirmation step);
phone.js only adds the live counter, the warning, a confirmation screen and the cast through the JSON API.
A verifiable poll's ballot is the exception: the phone encrypts it (phone_verifiable.js, protocol.js), so it
needs JavaScript; without it the page says so and points to the paper-ballot desk.

Secrecy: the cast path reads the ballot, hands it to `polls.cast_ballot` and answers with a receipt that
names neither the ballot nor its content; it writes no session, no message, no log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from daihoi.congresses.models import Delegate, OpenVote, OpenVoteStatus
from daihoi.core.election import BallotForm as EngineForm
from daihoi.core.procedure.poll import Channel, PollAction, VoterFacts, voter_refusal
from daihoi.elections.models import Round
from daihoi.voting.errors import VotingError
from daihoi.voting.models import BindingCode, Device, Participation, Poll, PollStatus
from daihoi.voting.phone_auth import COOKIE_NAME, device_from_request
from daihoi.voting.services import devices, open_votes, polls

COOKIE_MAX_AGE = 7 * 24 * 3600
MAX_CODE = 64  # a longer "code" is not one (the service refuses it too); the typed form takes 10


def urlpatterns(*prefix: str) -> list[Any]:
    return [
        path("", home, name="phone_home"),
        path("b/", bind_typed, name="phone_bind_typed"),
        path("b/<str:code>/", bind, name="phone_bind"),
        path("login-bind/", bind_with_login, name="phone_bind_login"),
        path("polls/<id:poll_id>/", ballot, name="phone_ballot"),
        path("votes/<id:vote_id>/", open_vote, name="phone_vote"),
    ]


# ---------------------------------------------------------------- helpers


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if template == "unbound.html":  # a delegate signed in with their own login may bind without a code
        context = {"own_delegates": devices.own_delegates(request.user), **context}
    return render(request, f"voting/phone/{template}", context, status=status)


def _problem(request: HttpRequest, message: str, *, status: int, back_home: bool = True) -> HttpResponse:
    """A refusal in words, with the way back (the phone's home or the desk)."""
    return _page(request, "problem.html", {"message": message, "back_home": back_home}, status=status)


def _unbound(request: HttpRequest) -> HttpResponse:
    """Without a bound device: why, and where to get a code (never the ballot)."""
    return _page(request, "unbound.html", {"reason": _cookie_state(request)}, status=403)


def _cookie_state(request: HttpRequest) -> str:
    """Why the phone is not bound: a revoked binding says so; otherwise the general explanation."""
    token = request.COOKIES.get(COOKIE_NAME)
    if (
        token
        and len(token) <= 128
        and Device.objects.filter(token_hash=devices.digest(token), revoked_at__isnull=False).exists()
    ):
        return VotingError("device_revoked").message
    return ""


def _short_label(request: HttpRequest) -> str:
    """A short name of the phone for the desk's list ("Android · Chrome"), from its user agent."""
    agent = request.headers.get("User-Agent", "")
    system = next(
        (name for key, name in _SYSTEMS if key in agent), agent.split("(", 1)[-1].split(";", 1)[0][:32]
    )
    browser = next((name for key, name in _BROWSERS if key in agent), "")
    return " · ".join(part for part in (system.strip(), browser) if part)[: devices.MAX_LABEL]


_SYSTEMS: tuple[tuple[str, str], ...] = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)
_BROWSERS: tuple[tuple[str, str], ...] = (
    ("SamsungBrowser", "Samsung Internet"),
    ("Edg/", "Edge"),
    ("Firefox", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)


def _set_device_cookie(request: HttpRequest, response: HttpResponse, token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _pending_code(code: str) -> BindingCode | None:
    """The unused, unexpired binding code `code`, read without using it (a link previewer's GET must not
    burn it)."""
    from django.utils import timezone

    code = devices.normalize_code(code)
    if not code or len(code) > MAX_CODE:
        return None
    return (
        BindingCode.objects.select_related("delegate__congress__organization")
        .filter(code_hash=devices.digest(code), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


# ---------------------------------------------------------------- binding


@never_cache
@require_http_methods(["GET", "POST"])
def bind(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code's link: GET asks "bind this phone to …?" (the code stays unused); POST binds."""
    if len(code) > MAX_CODE:
        return _problem(request, VotingError("code_unknown").message, status=404)
    if request.method == "POST":
        return _do_bind(request, code)
    held = device_from_request(request)
    if held is not None:
        return _already_bound(request, held)
    found = _pending_code(code)
    if found is None:
        return _problem(request, VotingError("code_unknown").message, status=404)
    delegate = found.delegate
    if not delegate.present:
        return _problem(request, VotingError("voter_not_present").message, status=409)
    if devices.active_device(delegate) is not None:
        return _problem(request, _bound_elsewhere(delegate), status=409)
    return _page(request, "bind.html", {"delegate": delegate, "congress": delegate.congress, "code": code})


@never_cache
@require_http_methods(["POST"])
def bind_typed(request: HttpRequest) -> HttpResponse:
    """The code typed by hand (when the camera does not open the link)."""
    code = request.POST.get("code", "")[:MAX_CODE]
    if not devices.normalize_code(code):
        return _page(
            request, "unbound.html", {"code_error": _("Type the 10 characters the desk gave you.")}, 400
        )
    return _do_bind(request, code)


def _do_bind(request: HttpRequest, code: str) -> HttpResponse:
    held = device_from_request(request)
    if held is not None:
        return _already_bound(request, held)
    try:
        token, _device = devices.bind_device(code, label=_short_label(request))
    except VotingError as err:
        message = err.message
        if err.code == "device_active":
            found = _pending_code(code)
            message = _bound_elsewhere(found.delegate) if found else message
        status = 404 if err.code == "code_unknown" else 409
        return _problem(request, message, status=status)
    response = HttpResponseRedirect(reverse("voting:phone_home"))
    response.status_code = 303
    _set_device_cookie(request, response, token)
    return response


@never_cache
@require_http_methods(["POST"])
def bind_with_login(request: HttpRequest) -> HttpResponse:
    """Bind the phone in hand with the delegate's own login (signed in on this phone): no desk code."""
    held = device_from_request(request)
    if held is not None:
        return _already_bound(request, held)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login") + "?next=" + reverse("voting:phone_home"))
    wanted = request.POST.get("delegate", "")
    delegate = next((d for d in devices.own_delegates(request.user) if str(d.pk) == wanted), None)
    if delegate is None:
        return _problem(request, VotingError("not_your_delegate").message, status=403)
    try:
        token, _device = devices.bind_own_device(delegate, request.user, label=_short_label(request))
    except VotingError as err:
        message = _bound_elsewhere(delegate) if err.code == "device_active" else err.message
        return _problem(request, message, status=409)
    response = HttpResponseRedirect(reverse("voting:phone_home"))
    response.status_code = 303
    _set_device_cookie(request, response, token)
    return response


def _bound_elsewhere(delegate: Delegate) -> str:
    return _(
        "Delegate %(name)s already has a phone bound. If it is lost or changed, the check-in desk revokes "
        "it first."
    ) % {"name": delegate.full_name}


def _already_bound(request: HttpRequest, device: Device) -> HttpResponse:
    """One phone, one delegate: a phone already bound is not bound again to someone else."""
    message = _(
        "This phone is already bound to delegate no. %(number)s, %(name)s. To bind it to someone else, "
        "the check-in desk first revokes that binding."
    ) % {"number": device.delegate.number, "name": device.delegate.full_name}
    return _problem(request, message, status=409)


# ---------------------------------------------------------------- home


@never_cache
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    device = device_from_request(request)
    if device is None:
        # The home page's refresh of a phone revoked meanwhile: 403, and its script reloads the page.
        status = 403 if request.headers.get("HX-Request") else 200
        return _page(request, "unbound.html", {"reason": _cookie_state(request)}, status=status)
    delegate = Delegate.objects.select_related("congress__organization").get(pk=device.delegate_id)
    context = {"delegate": delegate, "congress": delegate.congress, **_open_items(delegate)}
    if request.headers.get("HX-Request"):
        return _page(request, "_live.html", context)
    return _page(request, "home.html", context)


def _open_items(delegate: Delegate) -> dict[str, Any]:
    """The open polls of the delegate's congress (voted or not, on which channel) and its open votes
    (with the choice made on this phone)."""
    poll_rows = []
    open_polls = (
        Poll.objects.filter(round__election__congress=delegate.congress, status=PollStatus.OPEN)
        .select_related("round__election")
        .order_by("pk")
    )
    taken = dict(
        Participation.objects.filter(poll__in=open_polls, delegate=delegate).values_list("poll_id", "channel")
    )
    for poll in open_polls:
        poll_rows.append({"poll": poll, "round": poll.round, "channel": taken.get(poll.pk)})
    vote_rows = []
    open_now = OpenVote.objects.filter(congress=delegate.congress, status=OpenVoteStatus.OPEN)
    for vote in open_now.order_by("pk"):
        choice = open_votes.choice_of(vote, delegate)
        vote_rows.append({"vote": vote, "choice": choice, "choice_label": _choice_label(choice)})
    return {"polls": poll_rows, "votes": vote_rows}


def _choice_label(choice: str | None) -> str:
    labels = {
        "agree": pgettext("party vote", "Agree"),
        "disagree": pgettext("party vote", "Disagree"),
        "abstain": _("Abstain"),
    }
    return labels.get(choice or "", "")


# ---------------------------------------------------------------- the ballot


@dataclass(frozen=True)
class BallotSheet:
    """What the page needs to draw the round's ballot like the paper one and to warn as the rules do."""

    round: Round
    form: str  # "surplus" | "agree_disagree"
    single: bool  # a one-name list (both or neither box makes it invalid)
    names: list[dict[str, Any]]  # {"position", "name", "birth_year"}
    limit: int  # names a valid ballot may keep
    all_struck_invalid: bool
    single_neither_invalid: bool


def _sheet(rnd: Round) -> BallotSheet:
    from daihoi.elections.services.engine import engine_input, round_candidates, round_form

    engine = engine_input(rnd)
    form = round_form(rnd)
    names = []
    for rc in round_candidates(rnd):
        born = rc.candidate.birth_date if rc.show_birth_date else None
        names.append(
            {"position": rc.position, "name": rc.candidate.full_name, "birth_year": born and born.year}
        )
    return BallotSheet(
        round=rnd,
        form="surplus" if form is EngineForm.SURPLUS else "agree_disagree",
        single=form is EngineForm.SINGLE,
        names=names,
        limit=engine.vote_limit,
        all_struck_invalid=engine.profile.all_struck_invalid,
        single_neither_invalid=engine.profile.single_both_or_neither_invalid,
    )


def _refusal(poll: Poll, delegate: Delegate, device: Device) -> VotingError | None:
    """Why this delegate cannot cast on this poll now (None: they can), as the cast itself would say."""
    taken = (
        Participation.objects.filter(poll=poll, delegate=delegate).values_list("channel", flat=True).first()
    )
    voter = VoterFacts(
        present=delegate.present,
        has_vote=delegate.has_vote,
        voted=Channel(taken) if taken else None,
        bound=device.revoked_at is None,
    )
    refusal = voter_refusal(PollAction.CAST, polls.facts(poll.round, poll), voter)
    if refusal is None:
        return None
    err = VotingError.refused(refusal)
    assert isinstance(err, VotingError)
    return err


def _selection(request: HttpRequest, sheet: BallotSheet) -> tuple[list[int], str]:
    """The choices the form sent: the struck positions (surplus) or one mark per name (1, 2 or 0)."""
    positions = [n["position"] for n in sheet.names]
    if sheet.form == "surplus":
        sent = set(request.POST.getlist("struck"))
        return [p for p in positions if str(p) in sent], ""
    marks = "".join(
        request.POST.get(f"mark-{p}", "0") if request.POST.get(f"mark-{p}") in ("1", "2") else "0"
        for p in positions
    )
    return [], marks


def _warnings(sheet: BallotSheet, struck: list[int], marks: str) -> tuple[list[str], list[str]]:
    """(why the ballot would be invalid by the rules, notes that leave it valid): the engine's rules of
    core.election.validity in words."""
    invalid: list[str] = []
    notes: list[str] = []
    if sheet.form == "surplus":
        kept = len(sheet.names) - len(struck)
        if kept > sheet.limit:
            invalid.append(
                _("You keep %(kept)s names, more than the %(limit)s to elect: the ballot would be invalid.")
                % {"kept": kept, "limit": sheet.limit}
            )
        if kept == 0 and sheet.all_struck_invalid:
            invalid.append(_("Every name is struck: the ballot would be invalid."))
    elif sheet.single:
        if marks == "0" and sheet.single_neither_invalid:
            invalid.append(_("Neither box is marked: the ballot would be invalid."))
    else:
        unmarked = marks.count("0")
        if unmarked:
            notes.append(
                _("%(count)s names have no mark: they get no vote from this ballot, which stays valid.")
                % {"count": unmarked}
            )
    return invalid, notes


def _summary(sheet: BallotSheet, struck: list[int], marks: str) -> list[dict[str, Any]]:
    rows = []
    for i, n in enumerate(sheet.names):
        if sheet.form == "surplus":
            state = "struck" if n["position"] in struck else "kept"
        else:
            state = {"1": "agree", "2": "disagree"}.get(marks[i], "none")
        rows.append({**n, "state": state})
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The secret ballot on the phone. Without JavaScript: the form, then a confirmation (POST
    step=review), then the cast (POST step=cast) through the same service as the JSON API."""
    device = device_from_request(request)
    if device is None:
        return _unbound(request)
    delegate = Delegate.objects.select_related("congress").get(pk=device.delegate_id)
    poll = (
        Poll.objects.select_related("round__election__congress")
        .filter(pk=poll_id, round__election__congress=delegate.congress)
        .first()
    )
    if poll is None:
        raise Http404
    rnd = poll.round
    refusal = _refusal(poll, delegate, device)
    context: dict[str, Any] = {"poll": poll, "round": rnd, "election": rnd.election, "delegate": delegate}
    if refusal is not None:
        voted = refusal.code == "voted_electronically"
        context.update(
            {"refusal": refusal.message, "voted": voted, "just_cast": request.GET.get("cast") == "1"}
        )
        return _page(request, "ballot_closed.html", context, status=200 if request.method == "GET" else 409)
    if poll.verifiable and request.method == "POST":
        # The plain form's steps reach here only without JavaScript: a verifiable poll's ballot is
        # encrypted on the phone (phone_verifiable.js), never sent in clear.
        return _problem(request, needs_javascript(), status=400)
    sheet = _sheet(rnd)
    context["sheet"] = sheet
    if request.method == "GET":
        rows = _summary(sheet, [], "0" * len(sheet.names))
        return _page(request, "ballot.html", {**context, "rows": rows, "kept": len(rows)})
    struck, marks = _selection(request, sheet)
    invalid, notes = _warnings(sheet, struck, marks)
    context.update(
        {
            "rows": _summary(sheet, struck, marks),
            "invalid": invalid,
            "notes": notes,
            "kept": len(sheet.names) - len(struck),
        }
    )
    step = request.POST.get("step")
    if step == "review":
        return _page(request, "ballot_review.html", context)
    if step != "cast":  # "Sửa lại" (edit) or anything else: the ballot again, as the voter left it
        return _page(request, "ballot.html", context)
    try:
        if sheet.form == "surplus":
            content = polls.read_ballot(rnd, struck=struck)
        else:
            content = polls.read_ballot(rnd, marks=marks)
        polls.cast_ballot(poll, device, content)
    except VotingError as err:
        context.update({"refusal": err.message, "voted": err.code == "voted_electronically"})
        return _page(request, "ballot_closed.html", context, status=409)
    # Post/redirect/get: the page of a poll this phone voted on is the receipt (no id, no content).
    return HttpResponseRedirect(reverse("voting:phone_ballot", args=[poll.pk]) + "?cast=1", status=303)


def needs_javascript() -> str:
    return _(
        "This poll's ballots are encrypted on the phone before they are sent, and the encryption needs "
        "JavaScript. Turn JavaScript on in this browser (or use another one), or ask the ballot desk for a "
        "paper ballot."
    )


# ---------------------------------------------------------------- open votes


@never_cache
@require_http_methods(["GET", "POST"])
def open_vote(request: HttpRequest, vote_id: int) -> HttpResponse:
    """An open vote (biểu quyết) on the phone: three buttons, a confirmation, the choice recorded."""
    device = device_from_request(request)
    if device is None:
        return _unbound(request)
    delegate = Delegate.objects.select_related("congress").get(pk=device.delegate_id)
    vote = OpenVote.objects.filter(pk=vote_id, congress=delegate.congress).first()
    if vote is None:
        raise Http404
    choices = [
        ("agree", pgettext("party vote", "Agree")),
        ("disagree", pgettext("party vote", "Disagree")),
        ("abstain", _("Abstain")),
    ]
    context: dict[str, Any] = {"vote": vote, "delegate": delegate, "choices": choices}
    made = open_votes.choice_of(vote, delegate)
    if made is not None:
        return _page(request, "vote_done.html", {**context, "choice_label": _choice_label(made)})
    if vote.status != OpenVoteStatus.OPEN:
        not_open = VotingError("vote_not_open", value=vote.title).message
        return _page(request, "vote_done.html", {**context, "refusal": not_open})
    if request.method == "GET":
        return _page(request, "vote.html", context)
    choice = request.POST.get("choice", "")
    if choice not in open_votes.CHOICES:
        bad = VotingError("bad_choice", value=choice[:32]).message
        return _page(request, "vote.html", {**context, "error": bad}, 400)
    if request.POST.get("step") != "confirm":
        context.update({"choice": choice, "choice_label": _choice_label(choice)})
        return _page(request, "vote_confirm.html", context)
    try:
        open_votes.choose(vote, device, choice)
    except VotingError as err:
        return _page(request, "vote_done.html", {**context, "refusal": err.message}, status=409)
    return HttpResponseRedirect(reverse("voting:phone_vote", args=[vote.pk]), status=303)
