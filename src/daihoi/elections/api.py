"""JSON API of the count: a clerk's device posts ballots; anyone allowed reads the reconciliation and result.

Paths: /api/elections/{org_code}/{election_id}/rounds/{number}/... Domain errors answer 409 with
{"code", "message"}. The same service functions as the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from daihoi import api_params
from daihoi.accounts.permissions import authorize_api
from daihoi.congresses.api import ErrorOut  # one schema of {code, message} for the whole API
from daihoi.elections import services
from daihoi.elections.disclosure import may_see_figures
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Round
from daihoi.inputs import INT_MAX

router = Router(tags=["elections"])


# A ballot as typed: the struck numbers or one digit per name, and a flag; far below this on any list.
BALLOT_TEXT_MAX = 2000


class BallotIn(Schema):
    clerk: int = Field(ge=1, le=32767)  # the entry's clerk column is a small integer
    position: int = Field(ge=1, le=INT_MAX)
    text: str = Field(max_length=BALLOT_TEXT_MAX)
    confirm: bool = False


class BallotOut(Schema):
    saved: bool
    position: int
    content: str
    flag: str
    proposed: str | None
    next: int


def _round(request: HttpRequest, org_code: str, election_id: int, number: int, permission: str) -> Round:
    org = authorize_api(request, org_code, permission)
    return get_object_or_404(
        Round.objects.select_related("election__congress__organization"),
        election_id=election_id,
        election__congress__organization=org,
        number=number,
    )


@router.post("/{org_code}/{election_id}/rounds/{number}/ballots", response={200: BallotOut, 409: ErrorOut})
def enter_ballot(
    request: HttpRequest,
    org_code: str,
    payload: BallotIn,
    election_id: int = api_params.object_id(),
    number: int = api_params.number(),
) -> Any:
    rnd = _round(request, org_code, election_id, number, "election.count")
    try:
        out = services.enter_ballot(
            rnd,
            clerk=payload.clerk,
            position=payload.position,
            text=payload.text,
            confirm=payload.confirm,
            actor=request.user,
        )
    except ElectionError as exc:
        return Status(409, {"code": exc.code, "message": exc.message})
    return Status(
        200,
        {
            "saved": out.saved,
            "position": out.position,
            "content": out.content,
            "flag": out.flag,
            "proposed": out.proposed,
            "next": services.next_position(rnd, payload.clerk, after=out.position),
        },
    )


@router.get("/{org_code}/{election_id}/rounds/{number}/reconciliation")
def reconciliation(
    request: HttpRequest,
    org_code: str,
    election_id: int = api_params.object_id(),
    number: int = api_params.number(),
) -> dict[str, Any]:
    rnd = _round(request, org_code, election_id, number, "election.count")
    rec = services.reconcile(rnd)
    return {
        "returned": rec.returned,
        "clerks": rec.clerks,
        "agreed": rec.agreed,
        "complete": rec.complete,
        "missing": rec.missing,
        "discrepancies": [
            {"position": d["position"], "entries": {str(k): list(v) for k, v in d["entries"].items()}}
            for d in rec.discrepancies
        ],
        "resolved": rec.resolved,
    }


@router.get("/{org_code}/{election_id}/rounds/{number}/result")
def result(
    request: HttpRequest,
    org_code: str,
    election_id: int = api_params.object_id(),
    number: int = api_params.number(),
) -> dict[str, Any]:
    rnd = _round(request, org_code, election_id, number, "election.view")
    if not may_see_figures(request.user, rnd.election, rnd):
        raise HttpError(403, "the result has not been announced yet")
    return {"status": rnd.status, "result": rnd.result or None}
