"""JSON API for the audit log: GET /api/audit/{org_code}/entries (same filters as the page)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from daihoi import api_params
from daihoi.accounts.permissions import authorize_api
from daihoi.audit.queries import entries_for

router = Router(tags=["audit"])
MAX_LIMIT = 500


class EntryOut(Schema):
    chain: str  # the audit chain (its organization's roll owner's code; "" the system chain)
    seq: int  # the number in its chain
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    organization: str
    data: dict
    hash: str


class EntriesOut(Schema):
    count: int
    offset: int
    limit: int
    entries: list[EntryOut]


@router.get("/{org_code}/entries", response=EntriesOut)
def list_entries(
    request: HttpRequest,
    org_code: str,
    action: str = api_params.text(),
    user: str = api_params.text(),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    offset: int = api_params.count(0),
    limit: int = api_params.count(100),
) -> dict:
    organization = authorize_api(request, org_code, "audit.view")
    qs = entries_for(organization, action=action, user=user, date_from=date_from, date_to=date_to)
    offset, limit = max(offset, 0), min(max(limit, 1), MAX_LIMIT)
    rows = qs[offset : offset + limit]
    return {
        "count": qs.count(),
        "offset": offset,
        "limit": limit,
        "entries": [
            {
                "chain": e.chain,
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor_label,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "organization": e.organization_code,
                "data": e.data,
                "hash": e.hash,
            }
            for e in rows
        ],
    }
