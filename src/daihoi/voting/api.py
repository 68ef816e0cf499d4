"""The phones' JSON API, /api/voting/... (the contract in the voting design; OpenAPI at /api/openapi.json).

A phone is identified by its device cookie (`phone_auth.COOKIE_NAME`), not by a login: the phone
endpoints use `PhoneCookie`, which also checks the CSRF token (header X-CSRFToken) of every POST. A
request without a bound device, or with a bad CSRF token, gets 403 {"code", "message"}, even from a
browser signed in as staff.

Answers: 201 accepted; 400 {"code": "ballot_malformed" | "bad_choice", "message"} for a body that cannot
be a ballot (or a choice) of this poll (or vote), bounds included; 403 as above; 404 {"code":
"not_found"} for a poll or vote this phone's congress does not have (another congress's poll is unknown to
the phone, never a 409); 409 {"code", "message"} for a refusal (closed, already voted, not present, ...).

The cast path (`cast`) touches no session, logs nothing, and answers with neither the ballot's id nor its
content: who voted and what was voted are written apart by `services.polls.cast_ballot`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.db import connection
from django.db.models import Model
from django.db.models.base import DEFERRED
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf
from pydantic import ConfigDict
from pydantic import ValidationError as PydanticError

from daihoi import api_params
from daihoi.accounts.permissions import authorize_api
from daihoi.congresses.models import Delegate, OpenVote, OpenVoteStatus
from daihoi.voting.errors import VotingError
from daihoi.voting.models import Device, Participation, Poll, PollStatus
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import devices, polls
from daihoi.voting.services.open_votes import choose

router = Router(tags=["voting"])

# Far above any list (the struck numbers are positions on the ballot, one char per name for marks).
MAX_NAMES = 1000
MAX_STRUCK = 500

API_MESSAGES = {
    "csrf_failed": _("This page is out of date. Reload it and vote again."),
    "not_found": _("There is no such vote for this phone."),
}
# What a malformed body got wrong, in words (`ballot_malformed`'s detail): never a field's code name.
DETAILS = {
    "struck": _("the names struck out do not fit this list"),
    "marks": _("the marks do not fit this list (one per name: 1 agree, 2 disagree, 0 none)"),
    "body": _("the request is not a ballot"),
}


# ---------------------------------------------------------------- the phone's identity


class Denied:
    """Why a phone request is refused (403): the auth callback returns it so the view answers with a
    {"code", "message"} body (django-ninja turns a falsy auth into a bare 401)."""

    def __init__(self, code: str) -> None:
        self.code = code

    def answer(self) -> Status:
        if self.code in API_MESSAGES:
            return _error(403, self.code, str(API_MESSAGES[self.code]))
        return _error(403, self.code, VotingError(self.code).message)


class PhoneCookie(APIKeyCookie):
    """The device cookie; for unsafe methods, CSRF as Django checks it (the csrftoken cookie against the
    X-CSRFToken header). Returns the active Device, or a `Denied`."""

    param_name = COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Device | Denied:
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and check_csrf(request) is not None:
            return Denied("csrf_failed")
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Device | Denied:
        if request.method == "GET":
            device = devices.device_for_token(key)
        elif key and len(key) <= 128:  # a cast or a choice needs the device's and delegate's ids only
            device = _device_ids(devices.digest(key))
        else:
            device = None
        return device if device is not None else Denied("device_unknown")


phone_auth = PhoneCookie()

_DEVICE_SQL = (
    "SELECT v.id, v.delegate_id, d.congress_id FROM voting_device v"
    " JOIN congresses_delegate d ON d.id = v.delegate_id WHERE v.token_hash = %s AND v.revoked_at IS NULL"
)


def _partial(model: type[Model], known: dict[str, Any]) -> Any:
    """An instance with only `known` loaded (the other fields deferred, loaded if ever read)."""
    values = [known.get(f.attname, DEFERRED) for f in model._meta.concrete_fields]
    return model.from_db(connection.alias, list(known), values)


def _device_ids(token_hash: str) -> Device | None:
    """The active device of this token hash with its delegate's id and congress, in one plain query
    (the ORM's building of it cost more than the cast's own statements)."""
    with connection.cursor() as cursor:
        cursor.execute(_DEVICE_SQL, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    device = _partial(Device, {"id": row[0], "delegate_id": row[1]})
    device.delegate = _partial(Delegate, {"id": row[1], "congress_id": row[2]})
    return device


def _phone(request: HttpRequest) -> Device | Denied:
    found = getattr(request, "auth", None)
    return found if isinstance(found, (Device, Denied)) else Denied("device_unknown")


# ---------------------------------------------------------------- schemas


class VotingErrorOut(Schema):
    code: str
    message: str


class PhoneBallotIn(Schema):
    """A list with surplus: the positions of the struck names. The 4-column form: one mark per name
    (1 agree, 2 disagree, 0 none), in the list's order. Exactly one of the two."""

    model_config = ConfigDict(extra="forbid")

    struck: (
        Annotated[list[Annotated[int, Field(strict=True, ge=1, le=MAX_NAMES)]], Field(max_length=MAX_STRUCK)]
        | None
    ) = None
    marks: Annotated[str, Field(max_length=MAX_NAMES, pattern="^[012]*$")] | None = None


class ChoiceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    choice: Literal["agree", "disagree", "abstain"]


class AcceptedOut(Schema):
    accepted: bool
    title: str
    round: int


class ChosenOut(Schema):
    accepted: bool
    title: str


class PhoneDelegateOut(Schema):
    number: int
    name: str


class NameOut(Schema):
    position: int
    name: str
    birth_year: int | None


class PollOut(Schema):
    id: int
    title: str
    round: int
    seats: int
    form: Literal["surplus", "agree_disagree"]
    names: list[NameOut]
    deadline: str | None
    voted: bool
    open: bool


class VoteOut(Schema):
    id: int
    title: str
    choice: str | None


class PhoneOut(Schema):
    delegate: PhoneDelegateOut
    congress: str
    polls: list[PollOut]
    votes: list[VoteOut]


class EncryptedBallotIn(Schema):
    """A verifiable poll's ballot as the phone encrypted it (docs/verifiable-voting.md §4.3)."""

    model_config = ConfigDict(extra="forbid")

    ballot: dict[str, Any]


class AuditedBallotIn(Schema):
    """A challenged ballot with its opening (§4.4): never cast, posted on the board."""

    model_config = ConfigDict(extra="forbid")

    ballot: dict[str, Any]
    reveal: dict[str, Any]


class TrackerOut(Schema):
    tracker: str


class AuditedOut(Schema):
    tracker: str
    kept: list[int]


class PollManifestOut(Schema):
    manifest: dict[str, Any]
    uuid: str


class PollProgressOut(Schema):
    entitled: int
    electronic: int
    paper: int
    voted: int
    status: str
    deadline: str | None


def _body_schema(schema: type[Schema]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }


def _error(status: int, code: str, message: str) -> Status:
    return Status(status, {"code": code, "message": message})


# A body that cannot be a ballot of this poll: 400; any other refusal: 409.
BAD_INPUT = ("ballot_malformed", "bad_choice", "ballot_rejected", "reveal_rejected")


def _refused(exc: VotingError) -> Status:
    if exc.code == "ballot_malformed" and str(exc.params.get("detail")) in DETAILS:
        exc = VotingError(exc.code, detail=DETAILS[str(exc.params["detail"])])
    return _error(400 if exc.code in BAD_INPUT else 409, exc.code, exc.message)


def _not_found() -> Status:
    return _error(404, "not_found", str(API_MESSAGES["not_found"]))


def _read_body(request: HttpRequest, schema: type[Schema], code: str) -> Schema:
    """The JSON body as `schema`, or VotingError(code) naming what is wrong (a 400, never a 422)."""
    try:
        return schema.model_validate(json.loads(request.body or b"null"))
    except (ValueError, UnicodeDecodeError, PydanticError) as exc:
        errors = exc.errors() if isinstance(exc, PydanticError) else []
        where = str(errors[0]["loc"][0]) if errors and errors[0]["loc"] else "body"
        raise VotingError(code, detail=where if where in DETAILS else "body", value="…") from exc


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# ---------------------------------------------------------------- the phone


PHONE = {200: PhoneOut, 403: VotingErrorOut}
CAST = {201: AcceptedOut, 400: VotingErrorOut, 403: VotingErrorOut, 404: VotingErrorOut, 409: VotingErrorOut}
CHOOSE = {**CAST, 201: ChosenOut}


@router.get("/phone", auth=phone_auth, response=PHONE)
def phone(request: HttpRequest) -> Any:
    """The phone's delegate, the congress's electronic polls and its open votes (what the phone shows)."""
    from daihoi.elections.services.engine import round_candidates, round_form
    from daihoi.voting.services.open_votes import choice_of

    device = _phone(request)
    if isinstance(device, Denied):
        return device.answer()
    delegate = device.delegate
    congress = delegate.congress
    found = (
        Poll.objects.filter(round__election__congress=congress)
        .select_related("round__election")
        .order_by("-status", "-pk")  # open first, then the latest
    )
    voted = set(
        Participation.objects.filter(poll__in=found, delegate=delegate).values_list("poll_id", flat=True)
    )
    poll_list = []
    for poll in found:
        rnd = poll.round
        names = [
            {
                "position": e.position,
                "name": e.candidate.full_name,
                "birth_year": e.candidate.birth_date.year
                if e.show_birth_date and e.candidate.birth_date
                else None,
            }
            for e in round_candidates(rnd)
        ]
        form = "surplus" if round_form(rnd).value == "surplus" else "agree_disagree"
        poll_list.append(
            {
                "id": poll.pk,
                "title": rnd.election.title,
                "round": rnd.number,
                "seats": rnd.seats + rnd.alternates,
                "form": form,
                "names": names,
                "deadline": _iso(poll.deadline),
                "voted": poll.pk in voted,
                "open": poll.status == PollStatus.OPEN,
            }
        )
    votes = [
        {"id": v.pk, "title": v.title, "choice": choice_of(v, delegate)}
        for v in OpenVote.objects.filter(congress=congress, status=OpenVoteStatus.OPEN).order_by("pk")
    ]
    return Status(
        200,
        {
            "delegate": {"number": delegate.number, "name": delegate.full_name},
            "congress": str(congress),
            "polls": poll_list,
            "votes": votes,
        },
    )


@router.post(
    "/polls/{poll_id}/ballot", auth=phone_auth, response=CAST, openapi_extra=_body_schema(PhoneBallotIn)
)
def cast(request: HttpRequest, poll_id: int = api_params.object_id()) -> Any:
    """Cast the phone's delegate's ballot: 201 with the poll's title and round, nothing else.

    One transaction of three statements (`polls.cast_by_id`); the body is read once the poll is known
    (an unknown poll is a 404 whatever the body)."""
    device = _phone(request)
    if isinstance(device, Denied):
        return device.answer()
    try:
        body: PhoneBallotIn | VotingError = _read_body(request, PhoneBallotIn, "ballot_malformed")  # type: ignore[assignment]
    except VotingError as exc:
        body = exc

    def read(names: int, places: int) -> polls.BallotContent:
        if isinstance(body, VotingError):
            raise body
        return polls.read_for(body.struck, body.marks)(names, places)

    try:
        done = polls.cast_by_id(poll_id, device, read)
    except VotingError as exc:
        return _refused(exc)
    if done is None:
        return _not_found()
    return Status(201, {"accepted": True, "title": done.title, "round": done.round_number})


ENCRYPTED = {**CAST, 201: TrackerOut}
AUDITED = {**CAST, 201: AuditedOut}


@router.post(
    "/polls/{poll_id}/encrypted-ballot",
    auth=phone_auth,
    response=ENCRYPTED,
    openapi_extra=_body_schema(EncryptedBallotIn),
)
def cast_encrypted(request: HttpRequest, poll_id: int = api_params.object_id()) -> Any:
    """Cast the phone's delegate's encrypted ballot in a verifiable poll: 201 with its tracker.

    The proofs are checked on arrival (400 `ballot_rejected` naming what fails); a ciphertext already
    received is 409 `duplicate_ciphertext`; the other refusals are those of a plain cast."""
    from daihoi.voting.services import verifiable

    device = _phone(request)
    if isinstance(device, Denied):
        return device.answer()
    try:
        body = _read_body(request, EncryptedBallotIn, "ballot_malformed")
        assert isinstance(body, EncryptedBallotIn)
        tracker = verifiable.cast_encrypted(poll_id, device, body.ballot)
    except Poll.DoesNotExist:
        return _not_found()
    except VotingError as exc:
        return _refused(exc)
    return Status(201, {"tracker": tracker})


@router.post(
    "/polls/{poll_id}/audited-ballot",
    auth=phone_auth,
    response=AUDITED,
    openapi_extra=_body_schema(AuditedBallotIn),
)
def audited_ballot(request: HttpRequest, poll_id: int = api_params.object_id()) -> Any:
    """Post a challenged ballot and its opening on the board: 201 with its tracker and the positions
    of the names it keeps, as the server's check opened it. Nothing about the voter is kept."""
    from daihoi.voting.services import verifiable

    device = _phone(request)
    if isinstance(device, Denied):
        return device.answer()
    try:
        body = _read_body(request, AuditedBallotIn, "ballot_malformed")
        assert isinstance(body, AuditedBallotIn)
        tracker, kept = verifiable.post_audited(poll_id, device, body.ballot, body.reveal)
    except Poll.DoesNotExist:
        return _not_found()
    except VotingError as exc:
        return _refused(exc)
    return Status(201, {"tracker": tracker, "kept": kept})


@router.get(
    "/polls/{poll_id}/manifest",
    auth=phone_auth,
    response={200: PollManifestOut, 403: VotingErrorOut, 404: VotingErrorOut, 409: VotingErrorOut},
)
def poll_manifest(request: HttpRequest, poll_id: int = api_params.object_id()) -> Any:
    """The manifest a phone encrypts under (§4.1), for a verifiable poll of the phone's congress."""
    from daihoi.voting.services import verifiable

    device = _phone(request)
    if isinstance(device, Denied):
        return device.answer()
    poll = Poll.objects.filter(pk=poll_id, round__election__congress_id=device.delegate.congress_id).first()
    if poll is None:
        return _not_found()
    try:
        manifest = verifiable.manifest_of(poll)
    except VotingError as exc:
        return _refused(exc)
    return Status(200, {"manifest": manifest, "uuid": str(poll.uuid)})


@router.post(
    "/open-votes/{vote_id}/choice", auth=phone_auth, response=CHOOSE, openapi_extra=_body_schema(ChoiceIn)
)
def open_vote_choice(request: HttpRequest, vote_id: int = api_params.object_id()) -> Any:
    """The phone's delegate's choice on an open vote (open votes are not secret)."""
    device = _phone(request)
    if isinstance(device, Denied):
        return device.answer()
    vote = OpenVote.objects.filter(pk=vote_id, congress_id=device.delegate.congress_id).first()
    if vote is None:
        return _not_found()
    try:
        body = _read_body(request, ChoiceIn, "bad_choice")
        assert isinstance(body, ChoiceIn)
        choose(vote, device, body.choice)
    except VotingError as exc:
        return _refused(exc)
    return Status(201, {"accepted": True, "title": vote.title})


# ---------------------------------------------------------------- staff


@router.get("/polls/{poll_id}/progress", response={200: PollProgressOut, 404: VotingErrorOut})
def poll_progress(request: HttpRequest, poll_id: int = api_params.object_id()) -> Any:
    """ "x of y have voted" for the presidium and the projector: counts only, never a result."""
    poll = Poll.objects.select_related("round__election__congress__organization").filter(pk=poll_id).first()
    if poll is None:
        return _not_found()
    authorize_api(request, poll.round.election.congress.organization.code, "election.view")
    p = polls.progress(poll)
    return Status(
        200,
        {
            "entitled": p.entitled,
            "electronic": p.electronic,
            "paper": p.paper,
            "voted": p.voted,
            "status": poll.status,
            "deadline": _iso(poll.deadline),
        },
    )


from daihoi.voting.api_trustee import router as trustee_router  # noqa: E402  (the trustees' devices)

router.add_router("/trustee/", trustee_router)
