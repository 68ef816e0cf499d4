"""Reading the audit log of one organization (and its branches), with the page's and API's filters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet

from daihoi.accounts.models import RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.organizations.models import Organization


def _subtree(organization: Organization) -> tuple[list[int], list[str]]:
    """Ids and codes of the organization and every organization below it."""
    ids, codes, level = [organization.pk], [organization.code], [organization.pk]
    while level:
        rows = list(Organization.objects.filter(parent_id__in=level).values_list("pk", "code"))
        ids += [pk for pk, _ in rows]
        codes += [code for _, code in rows]
        level = [pk for pk, _ in rows]
    return ids, codes


def organization_codes(organization: Organization) -> list[str]:
    """The organization's code and those of every organization below it."""
    return _subtree(organization)[1]


def _own_users(ids: list[int]) -> set[int]:
    """Users who are the organization's own: a role here or below, and none elsewhere (the delegate role
    another organization's link gave them does not count; a guest delegate linked *here* is not ours)."""
    from daihoi.accounts.models import Role
    from daihoi.congresses.models import DelegateLinkRequest, LinkRequestStatus

    inside = RoleAssignment.objects.filter(organization_id__in=ids).values("user_id")
    guest = set(
        DelegateLinkRequest.objects.filter(user_id__in=inside, status=LinkRequestStatus.ACCEPTED).values_list(
            "user_id", "delegate__congress__organization_id"
        )
    )
    here: set[int] = set()
    elsewhere: set[int] = set()
    rows = RoleAssignment.objects.filter(user_id__in=inside).values_list("user_id", "organization_id", "role")
    for user_id, org_id, role in rows:
        if role == Role.DELEGATE and (user_id, org_id) in guest:
            continue
        (here if org_id in ids else elsewhere).add(user_id)
    return here - elsewhere


def _visible(organization: Organization) -> QuerySet[AuditEntry]:
    """Entries about the organization or below, and the organization-less ones (logins, logouts,
    password changes) of its own users only: never those of a user it links as a guest delegate, nor of
    one who also works for another organization (what they do elsewhere is not this organization's)."""
    ids, codes = _subtree(organization)
    return AuditEntry.objects.filter(
        Q(organization_code__in=codes) | Q(organization_code="", actor_id__in=_own_users(ids))
    )


def entries_for(
    organization: Organization,
    *,
    action: str = "",
    user: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Newest first. `action` matches a prefix ("accounts.role"); dates are local (Asia/Ho_Chi_Minh) days."""
    qs = _visible(organization)
    if action:
        qs = qs.filter(action__startswith=action.strip())
    if user:
        qs = qs.filter(actor_label__icontains=user.strip())
    zone = ZoneInfo(settings.TIME_ZONE)
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone))
    if date_to:
        qs = qs.filter(at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone))
    return qs.order_by("-id")  # appending order, across chains


def actions_for(organization: Organization) -> list[str]:
    """The distinct action names recorded for the organization, for the filter's choices."""
    qs = _visible(organization)
    return sorted(qs.order_by().values_list("action", flat=True).distinct())
