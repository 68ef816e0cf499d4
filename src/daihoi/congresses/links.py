"""Linking a login to a delegate, with the consent of the other organization when the login is theirs.

An organizer links a login of their own organization at once. A login of another organization (or one
holding no role anywhere) is linked only when that user, or an organizer of an organization where they
hold a role, accepts the request: otherwise one organization could attach another's user, read their
activity and keep their own organizer from deactivating them. The requesting side gets the same answer
whether the username exists or not (a request is recorded either way), so the form tells nothing about
which usernames exist. The delegate role a link gives in another organization is a *guest* role: it does
not make the user that organization's (accounts.services, audit.queries).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.accounts.permissions import subtree_ids
from daihoi.audit.services import log_action
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import Delegate, DelegateLinkRequest, LinkRequestStatus
from daihoi.organizations.models import Organization


def guest_organization_ids(user: Any) -> set[int]:
    """Organizations where the user's delegate role came from another organization's accepted request."""
    return set(
        DelegateLinkRequest.objects.filter(user=user, status=LinkRequestStatus.ACCEPTED).values_list(
            "delegate__congress__organization_id", flat=True
        )
    )


def home_roles(user: Any) -> Any:
    """The user's role assignments, without the guest delegate roles other organizations' links gave."""
    return RoleAssignment.objects.filter(user=user).exclude(
        role=Role.DELEGATE, organization_id__in=guest_organization_ids(user)
    )


def belongs_to(user: Any, organization: Organization) -> bool:
    """Whether the login is the organization's own: a role (not a guest one) in its roll's tree or above."""
    if user.is_superuser:
        return False
    tree = subtree_ids(organization.roll_owner)
    node: Organization | None = organization
    while node is not None:
        tree.add(node.pk)
        node = node.parent
    return home_roles(user).filter(organization_id__in=tree).exists()


def link_or_request(delegate: Delegate, username: str, *, actor: Any) -> DelegateLinkRequest | None:
    """Link the organization's own login at once (None); for any other username, record a request."""
    from daihoi.congresses.services import link_delegate_user

    username = username.strip()
    if not username:
        raise CongressError("username_required")
    organization = delegate.congress.organization
    user = get_user_model().objects.filter(username=username).first()
    if user is not None and belongs_to(user, organization):
        link_delegate_user(delegate, user, actor=actor)
        return None
    with transaction.atomic():
        request = DelegateLinkRequest.objects.create(
            delegate=delegate, username=username, user=user, requested_by=actor
        )
        log_action(
            "congress.delegate.link_requested",
            actor=actor,
            obj=delegate,
            organization=organization,
            data={"number": delegate.number, "user": username},
        )
    return request


def pending_for(user: Any) -> Any:
    return (
        DelegateLinkRequest.objects.filter(user=user, status=LinkRequestStatus.PENDING)
        .select_related("delegate__congress__organization", "requested_by")
        .order_by("created_at", "id")
    )


def decide(request: DelegateLinkRequest, *, accept: bool, actor: Any) -> DelegateLinkRequest:
    """Accept (the link is made) or decline a pending request; the caller checked who may."""
    from daihoi.congresses.services import link_delegate_user

    with transaction.atomic():
        request = DelegateLinkRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != LinkRequestStatus.PENDING or request.user is None:
            raise CongressError("link_request_decided")
        request.status = LinkRequestStatus.ACCEPTED if accept else LinkRequestStatus.DECLINED
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.save(update_fields=["status", "decided_at", "decided_by"])
        delegate = request.delegate
        log_action(
            "congress.delegate.link_accepted" if accept else "congress.delegate.link_declined",
            actor=actor,
            obj=delegate,
            organization=delegate.congress.organization,
            data={"number": delegate.number, "user": request.username},
        )
        if accept:
            link_delegate_user(delegate, request.user, actor=actor)
    return request
