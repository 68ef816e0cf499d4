"""JSON API of the roll: the members of an organization, in ballot order (same permission as the page)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from daihoi import api_params
from daihoi.accounts.permissions import has_permission, scope_for
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
    q: str = api_params.text(),
    branch: str = api_params.text(),
    status: str = api_params.text(),
    include_inactive: bool = False,
    offset: int = api_params.count(0),
    limit: int = api_params.count(500),
) -> dict[str, object]:
    organization = get_object_or_404(Organization, code=org_code)
    if not has_permission(request.user, organization, "members.view"):
        raise HttpError(403, "forbidden")
    # A branch role reaches its branch's members only; another branch answers 404 like an unknown one.
    scope = scope_for(request.user, organization, "members.view")
    branch_obj = (
        get_object_or_404(scope.organizations(Organization.objects.all()), code=branch) if branch else None
    )
    qs = scope.members(
        search_members(
            organization, query=q, branch=branch_obj, status=status, include_inactive=include_inactive
        )
    )
    limit = max(1, min(limit, 5000))
    return {"count": qs.count(), "items": list(qs[max(offset, 0) : max(offset, 0) + limit])}
