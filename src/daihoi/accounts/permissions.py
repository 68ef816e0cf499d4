"""The one permission module: which role may do what, checked on every view and API call.

A role held in an organization also holds in its branches (children), and never above or beside: a role
held in a branch covers that branch (and anything below it), not its parent's roll nor the other branches.
A staff role held in a superior committee (a province's, district's or bloc's, above the grassroots
organization whose roll it is) reaches the organizations below it read-only, as an observer: it sees
their congresses and never changes them (issue 14); it never reaches its peers.
Superusers may do everything. Use `require_permission("members.manage")` on views whose URL carries
`org_code`, or `has_permission`; every query over a roll goes through `scope_for`, which says which part
of the roll (the whole of it, or some branches) a user reaches with a permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.organizations.models import Organization, OrganizationKind

ALL_ROLES = frozenset(Role)
SUPERIOR_KINDS = (OrganizationKind.PROVINCE_COMMITTEE, OrganizationKind.UPPER_COMMITTEE)
STAFF = frozenset({Role.ORGANIZER, Role.PRESIDIUM, Role.COUNTING_COMMITTEE, Role.OBSERVER})

# permission -> roles that have it. New capabilities add their permissions here, nowhere else.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "organization.view": ALL_ROLES,
    "organization.manage": frozenset({Role.ORGANIZER}),
    "members.view": STAFF,
    "members.manage": frozenset({Role.ORGANIZER}),
    "audit.view": frozenset({Role.ORGANIZER, Role.OBSERVER}),
    "users.manage": frozenset({Role.ORGANIZER}),
    "congress.view": STAFF,
    "congress.manage": frozenset({Role.ORGANIZER}),
    "congress.checkin": frozenset({Role.ORGANIZER, Role.PRESIDIUM}),
    "congress.preside": frozenset({Role.ORGANIZER, Role.PRESIDIUM}),
    "congress.documents": ALL_ROLES,  # delegates read after check-in (checked in the view)
    "congress.comment": ALL_ROLES,  # only the congress's own delegates, checked in (checked in the view)
    "projector.view": STAFF,
    "election.view": STAFF,
    "election.manage": frozenset({Role.ORGANIZER, Role.PRESIDIUM}),
    "election.count": frozenset({Role.ORGANIZER, Role.COUNTING_COMMITTEE}),
    "election.publish": frozenset({Role.ORGANIZER, Role.COUNTING_COMMITTEE}),
    "targets.view": STAFF,
    "targets.manage": frozenset({Role.ORGANIZER}),
    # The season of a superior committee: its plan, the allocation of its congress's seats, approvals.
    "season.view": STAFF,
    "season.manage": frozenset({Role.ORGANIZER}),
    "approval.view": STAFF,
    "approval.submit": frozenset({Role.ORGANIZER}),
    "approval.decide": frozenset({Role.ORGANIZER}),
}

# Permissions that only let one read: a view guarded by one of these answers GET (and HEAD) only, so a
# change always sits behind the permission of that change (tests/web/test_permissions_matrix.py checks it).
READ_PERMISSIONS = frozenset(
    {
        "organization.view",
        "members.view",
        "audit.view",
        "congress.view",
        "congress.documents",
        "projector.view",
        "election.view",
        "targets.view",
        "season.view",
        "approval.view",
    }
)


def _lineage(organization: Organization) -> list[int]:
    ids: list[int] = []
    node: Organization | None = organization
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


def _own_and_superior_lineage(organization: Organization) -> tuple[list[int], list[int]]:
    """The ids from `organization` up to the organization whose roll it is (inclusive), and above it."""
    lineage = _lineage(organization)
    owner = organization.roll_owner
    cut = lineage.index(owner.pk) + 1
    return lineage[:cut], lineage[cut:]


def roles_in(user: Any, organization: Organization) -> set[Role]:
    """The roles a user holds in `organization`: those held in it or in the organizations above it up to
    the roll's owner, plus OBSERVER when the user holds a staff role in a superior committee above."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(ALL_ROLES)
    own, above = _own_and_superior_lineage(organization)
    rows = RoleAssignment.objects.filter(user=user, organization_id__in=own + above)
    roles: set[Role] = set()
    for org_id, role in rows.values_list("organization_id", "role"):
        if org_id in own:
            roles.add(Role(role))
        elif Role(role) in STAFF:
            roles.add(Role.OBSERVER)
    return roles


def has_permission(user: Any, organization: Organization, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_in(user, organization) & PERMISSIONS[permission])


def subtree_ids(organization: Organization) -> set[int]:
    """The organization and every organization below it."""
    ids, level = {organization.pk}, [organization.pk]
    while level:
        level = list(Organization.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids.update(level)
    return ids


@dataclass(frozen=True)
class Scope:
    """The part of a roll a user reaches with one permission.

    `owner` is the organization whose roll it is (a branch's grassroots parent). `organization_ids` is
    None when the user holds the permission over the whole roll (a role in the owner or above it); else
    the ids of the branches (and partial committees) the user's roles cover: only members attending
    those branches are seen or touched, and nothing without a branch.
    """

    owner: Organization
    organization_ids: frozenset[int] | None

    @property
    def whole(self) -> bool:
        return self.organization_ids is None

    @property
    def empty(self) -> bool:
        return self.organization_ids is not None and not self.organization_ids

    def covers(self, branch_id: int | None) -> bool:
        """Whether a member attending `branch_id` (None: no branch) lies in the scope."""
        if self.organization_ids is None:
            return True
        return branch_id is not None and branch_id in self.organization_ids

    def members(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """Filter a queryset of members (of the owner's roll) to the scope."""
        if self.organization_ids is None:
            return qs
        return qs.filter(branch_id__in=self.organization_ids)

    def organizations(self, qs: QuerySet[Organization]) -> QuerySet[Organization]:
        """Filter a queryset of organizations (branches) to the scope."""
        if self.organization_ids is None:
            return qs
        return qs.filter(pk__in=self.organization_ids)


def scope_for(user: Any, organization: Organization, permission: str) -> Scope:
    """What of `organization`'s roll the user reaches with `permission` (see Scope).

    Reached through a branch's URL, the scope is at most that branch's subtree, unless the user holds
    the permission over the whole roll. A user without the permission anywhere there gets an empty scope.
    """
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    owner = organization.roll_owner
    if has_permission(user, owner, permission):
        return Scope(owner, None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(owner, frozenset())
    within = subtree_ids(organization)
    held = RoleAssignment.objects.filter(
        user=user, organization_id__in=within, role__in=[r.value for r in PERMISSIONS[permission]]
    ).values_list("organization_id", flat=True)
    ids: set[int] = set()
    for org in Organization.objects.filter(pk__in=set(held)):
        ids |= subtree_ids(org)
    # A role held above `organization` (between it and the owner) covers all of it.
    if has_permission(user, organization, permission):
        ids |= within
    return Scope(owner, frozenset(ids & within))


def organizations_for(user: Any) -> QuerySet[Organization]:
    """Organizations the user holds a role in (top-level ones first)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.filter(parent__isnull=True)
    return Organization.objects.filter(role_assignments__user=user).distinct()


def province_import_scope(user: Any) -> frozenset[int] | None:
    """Who may import a province's workbook (issue 14), and where: None for a superuser (anywhere);
    else the ids of the committees above the grassroots the user organizes (their trees below them);
    an empty set: nowhere."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    return frozenset(
        RoleAssignment.objects.filter(
            user=user, role=Role.ORGANIZER, organization__kind__in=SUPERIOR_KINDS
        ).values_list("organization_id", flat=True)
    )


def require_permission(
    permission: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: resolves `org_code` to request.organization, 404s unknown codes, 403s the rest."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, org_code: str, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organization = get_object_or_404(Organization, code=org_code)
            if not has_permission(request.user, organization, permission):
                raise PermissionDenied
            request.organization = organization  # type: ignore[attr-defined]
            return view(request, *args, org_code=org_code, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def authorize_api(request: HttpRequest, org_code: str, permission: str) -> Organization:
    """The API counterpart of require_permission: the organization, or a 404/403 HttpError."""
    from ninja.errors import HttpError

    organization = Organization.objects.filter(code=org_code).first()
    if organization is None:
        raise HttpError(404, "unknown organization")
    if not has_permission(request.user, organization, permission):
        raise HttpError(403, "permission denied")
    return organization
