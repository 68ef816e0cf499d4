"""JSON API of the roll: the members of an organization, in ballot order (same permission as the page)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from daihoi.accounts.permissions import has_permission
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.services import search_members

router = Router(tags=["organizations"])


class MemberOut(Schema):
    id: int
    member_code: str
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    birth_date: date
    gender: str
    ethnicity: str
    home_town: str
    branch: str | None
    status: str
    admitted_on: date | None
    official_on: date | None
    education: str
    political_theory: str
    attached_elsewhere: bool
    exempted: bool
    suspended: bool
    is_active: bool

    @staticmethod
    def resolve_branch(obj: Member) -> str | None:
        return obj.branch.code if obj.branch else None


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


@router.get("/{org_code}/members", response=MemberPage, summary="Members of an organization, in ballot order")
def list_members(
    request: HttpRequest,
    org_code: str,
    q: str = "",
    branch: str = "",
    status: str = "",
    include_inactive: bool = False,
    offset: int = 0,
    limit: int = 500,
) -> dict[str, object]:
    organization = get_object_or_404(Organization, code=org_code)
    if not has_permission(request.user, organization, "members.view"):
        raise HttpError(403, "forbidden")
    branch_obj = get_object_or_404(Organization, code=branch) if branch else None
    qs = search_members(
        organization, query=q, branch=branch_obj, status=status, include_inactive=include_inactive
    )
    limit = max(1, min(limit, 5000))
    return {"count": qs.count(), "items": list(qs[max(offset, 0) : max(offset, 0) + limit])}
