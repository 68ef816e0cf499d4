"""The trustees' devices' JSON API, /api/voting/trustee/... (docs/verifiable-voting.md §2 and §4.5).

Auth: the trustee's token (`trustee_auth`: the device cookie with CSRF on POSTs, or the header
X-Daihoi-Trustee for `daihoi trustee`), never a login. A request without a valid token gets 403
{"code", "message"}.

- GET  state                 what the device needs for the ceremony's current step
- POST comm-key | deal | confirmation   the step's public message (the body is the message, §2)
- POST complaint             {"dealer": j}: a share did not check; the ceremony is cancelled
- GET  polls                 closed verifiable polls awaiting this trustee's decryption share
- GET  polls/{uuid}          {"manifest", "tally", "ballots"} of one of them
- POST polls/{uuid}/share    the decryption share {"trustee", "D", "proofs"}

Answers: 200 (the new state, or the poll's), 400 {"code", "message"} for a message that does not
check out, 404 for a poll that is not awaiting this trustee, 409 for a step refused now.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.security import APIKeyHeader
from ninja.utils import check_csrf

from daihoi.voting.errors import VotingError
from daihoi.voting.models import Poll, Trustee
from daihoi.voting.services import ceremony as ceremonies
from daihoi.voting.services import verifiable
from daihoi.voting.trustee_auth import HEADER, token_of

router = Router(tags=["trustee"])

TRUSTEE_MESSAGES = {
    "trustee_unknown": _(
        "This key holder's link is not valid (wrong, or replaced by a new one). "
        "Ask the organizer for the link."
    ),
    "csrf_failed": _("This page is out of date. Reload it."),
    "body": _("The request is not a message of the key ceremony."),
    "not_found": _("This poll is not awaiting your decryption share."),
}
BAD_INPUT = {"ceremony_bad_message", "ceremony_trustee_unknown", "body", "decryption_share_rejected"}


class TrusteeDenied:
    def __init__(self, code: str) -> None:
        self.code = code


class TrusteeKey(APIKeyHeader):
    """The token from the header, else from the cookie (then CSRF-checked on POSTs)."""

    param_name = HEADER

    def __call__(self, request: HttpRequest) -> Trustee | TrusteeDenied:
        token, by_header = token_of(request)
        if not by_header and request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            return TrusteeDenied("csrf_failed")
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, key: str | None) -> Trustee | TrusteeDenied:
        found = ceremonies.trustee_for_token(key)
        return found if found is not None else TrusteeDenied("trustee_unknown")


trustee_key = TrusteeKey()


class TrusteeErrorOut(Schema):
    code: str
    message: str


class TrusteeDoneOut(Schema):
    joined: int
    dealt: int
    confirmed: int


class TrusteeStateOut(Schema):
    ceremony: str
    context: str
    congress: str
    index: int
    name: str
    trustees: int
    threshold: int
    stage: str
    stage_label: str
    joined: bool
    dealt: bool
    confirmed: bool
    done: TrusteeDoneOut
    comm_keys: dict[str, str] | None
    deals: dict[str, Any] | None
    public_key: str | None
    verification_key: str | None
    fingerprint: str | None
    cancel_reason: str | None


class TrusteePollOut(Schema):
    uuid: str
    title: str
    round: int


class TrusteeTallyOut(Schema):
    manifest: dict[str, Any]
    tally: list[Any]
    ballots: int


ERRORS = {400: TrusteeErrorOut, 403: TrusteeErrorOut, 404: TrusteeErrorOut, 409: TrusteeErrorOut}


def _error(status: int, code: str, message: str) -> Status:
    return Status(status, {"code": code, "message": message})


def _message(code: str) -> str:
    return str(TRUSTEE_MESSAGES[code]) if code in TRUSTEE_MESSAGES else VotingError(code).message


def _trustee(request: HttpRequest) -> Trustee | Status:
    found = getattr(request, "auth", None)
    if isinstance(found, Trustee):
        return found
    code = found.code if isinstance(found, TrusteeDenied) else "trustee_unknown"
    return _error(403, code, _message(code))


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise VotingError("body") from None


def _refused(exc: VotingError) -> Status:
    message = _message(exc.code) if exc.code in TRUSTEE_MESSAGES else exc.message
    return _error(400 if exc.code in BAD_INPUT else 409, exc.code, message)


def _state(trustee: Trustee) -> Status:
    return Status(200, ceremonies.device_state(trustee))


@router.get("/state", auth=trustee_key, response={200: TrusteeStateOut, **ERRORS})
def trustee_state(request: HttpRequest) -> Any:
    """The ceremony as this trustee's device needs it now."""
    trustee = _trustee(request)
    if isinstance(trustee, Status):
        return trustee
    return _state(trustee)


def _post(request: HttpRequest, step: Any) -> Any:
    trustee = _trustee(request)
    if isinstance(trustee, Status):
        return trustee
    try:
        step(trustee, _body(request))
    except VotingError as exc:
        return _refused(exc)
    return _state(trustee)


@router.post("/comm-key", auth=trustee_key, response={200: TrusteeStateOut, **ERRORS})
def trustee_comm_key(request: HttpRequest) -> Any:
    """Step 1: {"E", "pok"}."""
    return _post(request, ceremonies.post_comm_key)


@router.post("/deal", auth=trustee_key, response={200: TrusteeStateOut, **ERRORS})
def trustee_deal(request: HttpRequest) -> Any:
    """Step 2: {"commitments", "pok", "shares"}."""
    return _post(request, ceremonies.post_deal)


@router.post("/confirmation", auth=trustee_key, response={200: TrusteeStateOut, **ERRORS})
def trustee_confirmation(request: HttpRequest) -> Any:
    """Step 3: {"X", "pok"}."""
    return _post(request, ceremonies.post_confirmation)


def _complain(trustee: Trustee, body: Any) -> None:
    dealer = body.get("dealer") if isinstance(body, dict) else None
    if not isinstance(dealer, int) or isinstance(dealer, bool):
        raise VotingError("body")
    ceremonies.post_complaint(trustee, dealer)


@router.post("/complaint", auth=trustee_key, response={200: TrusteeStateOut, **ERRORS})
def trustee_complaint(request: HttpRequest) -> Any:
    """A share that did not check: {"dealer": j}. The ceremony is cancelled."""
    return _post(request, _complain)


# ------------------------------------------------------------------------------------ decryption


def _task(trustee: Trustee, poll_uuid: str) -> Poll | None:
    return next((p for p in verifiable.decryption_tasks(trustee) if str(p.uuid) == poll_uuid), None)


@router.get("/polls", auth=trustee_key, response={200: list[TrusteePollOut], **ERRORS})
def trustee_polls(request: HttpRequest) -> Any:
    """The closed polls whose tally awaits this trustee's decryption share."""
    trustee = _trustee(request)
    if isinstance(trustee, Status):
        return trustee
    tasks = verifiable.decryption_tasks(trustee)
    return Status(
        200,
        [{"uuid": str(p.uuid), "title": p.round.election.title, "round": p.round.number} for p in tasks],
    )


@router.get("/polls/{poll_uuid}", auth=trustee_key, response={200: TrusteeTallyOut, **ERRORS})
def trustee_tally(request: HttpRequest, poll_uuid: str) -> Any:
    """The manifest and the encrypted tally the share is computed on."""
    trustee = _trustee(request)
    if isinstance(trustee, Status):
        return trustee
    poll = _task(trustee, poll_uuid)
    if poll is None:
        return _error(404, "not_found", _message("not_found"))
    return Status(200, verifiable.tally_for_decryption(poll))


@router.post("/polls/{poll_uuid}/share", auth=trustee_key, response={200: TrusteePollOut, **ERRORS})
def trustee_share(request: HttpRequest, poll_uuid: str) -> Any:
    """The trustee's decryption share of the poll's tally, with its proofs (checked on arrival)."""
    trustee = _trustee(request)
    if isinstance(trustee, Status):
        return trustee
    poll = _task(trustee, poll_uuid)
    if poll is None:
        return _error(404, "not_found", _message("not_found"))
    try:
        verifiable.submit_decryption_share(poll, trustee, _body(request))
    except VotingError as exc:
        return _refused(exc)
    return Status(
        200, {"uuid": str(poll.uuid), "title": poll.round.election.title, "round": poll.round.number}
    )
