"""JSON API of the congress day: check-in (for scanners and kiosks), undo, live quorum, projector state.

Paths carry the organization code like the pages: /api/congresses/{org_code}/{congress_id}/...
Domain errors answer 409 with {"code", "message"} so a kiosk can switch on the code.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from daihoi import api_params
from daihoi.accounts.permissions import authorize_api
from daihoi.congresses import services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.live import answer_message
from daihoi.congresses.models import Congress, Delegate

router = Router(tags=["congresses"])


class CheckInIn(Schema):
    code: str = Field(max_length=64)  # a card's QR code or a delegate's number


class UndoIn(Schema):
    reason: str = Field(max_length=255)


class DelegateOut(Schema):
    id: int
    number: int
    full_name: str
    branch: str
    has_vote: bool
    present: bool


class AnswerOut(Schema):
    ok: bool
    code: str
    message: str
    delegate: DelegateOut | None = None


class ErrorOut(Schema):
    code: str
    message: str


def _congress(request: HttpRequest, org_code: str, congress_id: int, permission: str) -> Congress:
    org = authorize_api(request, org_code, permission)
    return get_object_or_404(
        Congress.objects.select_related("organization"), pk=congress_id, organization=org
    )


def _writable(congress: Congress) -> None:
    """An archived congress is read-only: the kiosk gets the coded refusal (409)."""
    if congress.archived_at is not None:
        raise CongressError(
            "congress_archived", date=timezone.localtime(congress.archived_at).strftime("%d/%m/%Y %H:%M")
        )


def _delegate_out(d: Delegate) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "full_name": d.full_name,
        "branch": d.branch.name if d.branch else "",
        "has_vote": d.has_vote,
        "present": d.present,
    }


@router.post("/{org_code}/{congress_id}/checkin", response={200: AnswerOut, 409: ErrorOut})
def check_in(
    request: HttpRequest, org_code: str, payload: CheckInIn, congress_id: int = api_params.object_id()
) -> Any:
    congress = _congress(request, org_code, congress_id, "congress.checkin")
    try:
        _writable(congress)
        result = services.check_in_delegate(congress, payload.code, actor=request.user)
    except CongressError as exc:
        return Status(409, {"code": exc.code, "message": exc.message})
    return Status(
        200,
        {
            "ok": True,
            "code": result.code,
            "message": answer_message(result.code),
            "delegate": _delegate_out(result.delegate),
        },
    )


@router.post(
    "/{org_code}/{congress_id}/delegates/{delegate_id}/undo", response={200: AnswerOut, 409: ErrorOut}
)
def undo(
    request: HttpRequest,
    org_code: str,
    payload: UndoIn,
    congress_id: int = api_params.object_id(),
    delegate_id: int = api_params.object_id(),
) -> Any:
    congress = _congress(request, org_code, congress_id, "congress.checkin")
    delegate = get_object_or_404(Delegate, pk=delegate_id, congress=congress)
    try:
        _writable(congress)
        delegate = services.undo_check_in(delegate, reason=payload.reason, actor=request.user)
    except CongressError as exc:
        return Status(409, {"code": exc.code, "message": exc.message})
    return Status(
        200,
        {
            "ok": True,
            "code": "undone",
            "message": answer_message("undone"),
            "delegate": _delegate_out(delegate),
        },
    )


@router.get("/{org_code}/{congress_id}/quorum")
def live_quorum(
    request: HttpRequest, org_code: str, congress_id: int = api_params.object_id()
) -> dict[str, Any]:
    congress = _congress(request, org_code, congress_id, "congress.view")
    return {"quorum": quorum(congress).as_dict(), "base": threshold_base(congress).as_dict()}
