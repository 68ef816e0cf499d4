"""Managing an organization's users and their roles. Every change is audited in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.accounts.permissions import subtree_ids
from daihoi.audit.services import log_action
from daihoi.organizations.models import Organization

User = get_user_model()


class AccountError(Exception):
    """A refused account change: `code` for programs and tests, the message (translated) for people."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def users_of(organization: Organization) -> list[tuple[Any, list[Role]]]:
    """Users holding a role in the organization, with their roles there, by username."""
    rows = (
        RoleAssignment.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__username", "role")
    )
    result: dict[int, tuple[Any, list[Role]]] = {}
    for row in rows:
        result.setdefault(row.user_id, (row.user, []))[1].append(Role(row.role))
    return list(result.values())


def managed_user(organization: Organization, user_id: int) -> Any:
    """The user if they hold a role in the organization (the only users its organizer manages)."""
    return User.objects.filter(pk=user_id, roles__organization=organization).distinct().first()


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise AccountError(
            "invalid_role", _("Unknown role “%(role)s”.") % {"role": value}, role=value
        ) from None


def _full_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def create_user(
    *,
    actor: Any,
    organization: Organization,
    username: str,
    full_name: str,
    password: str,
    roles: Iterable[str],
) -> Any:
    """A new login for the organization with at least one role in it."""
    role_list = [_role(r) for r in roles]
    if not role_list:
        raise AccountError(
            "no_role", _("Choose at least one role for %(username)s.") % {"username": username}
        )
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(
                "username_taken",
                _("The username “%(username)s” is already taken.") % {"username": username},
                username=username,
            )
        # Vietnamese full names are kept whole (family name first) in first_name; last_name stays empty
        # so that get_full_name() returns the name as written.
        user = User.objects.create_user(username=username, password=password, first_name=full_name.strip())
        log_action(
            "accounts.user.created",
            actor=actor,
            obj=user,
            organization=organization,
            data={"username": username, "full_name": user.first_name},
        )
        for role in role_list:
            _grant(actor, organization, user, role)
    return user


def _grant(actor: Any, organization: Organization, user: Any, role: Role) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if not created:
        raise AccountError(
            "role_exists",
            _("%(user)s already holds the role %(role)s.") % {"user": _full_name(user), "role": role.label},
            role=role.value,
        )
    log_action(
        "accounts.role.granted",
        actor=actor,
        obj=assignment,
        organization=organization,
        data={"username": user.get_username(), "role": role.value},
    )
    return assignment


def grant_role(*, actor: Any, organization: Organization, user: Any, role: str) -> RoleAssignment:
    """Grant a role to one of the organization's own users: not to another organization's user it only
    links as a guest delegate (a role here would make them this organization's, and keep their own
    organizer from deactivating them)."""
    from daihoi.congresses.links import belongs_to

    if not belongs_to(user, organization) and not getattr(actor, "is_superuser", False):
        raise AccountError(
            "outside_organization",
            _("%(user)s works for another organization: only a system administrator grants them a role here.")
            % {"user": _full_name(user)},
        )
    with transaction.atomic():
        return _grant(actor, organization, user, _role(role))


def revoke_role(*, actor: Any, organization: Organization, user: Any, role: str) -> None:
    value = _role(role)
    with transaction.atomic():
        assignment = (
            RoleAssignment.objects.select_for_update()
            .filter(user=user, organization=organization, role=value)
            .first()
        )
        if assignment is None:
            raise AccountError(
                "role_missing",
                _("%(user)s does not hold the role %(role)s.")
                % {"user": _full_name(user), "role": value.label},
                role=value.value,
            )
        if value == Role.ORGANIZER:
            organizers = RoleAssignment.objects.select_for_update().filter(
                organization=organization, role=Role.ORGANIZER, user__is_active=True
            )
            if [a.pk for a in organizers] == [assignment.pk]:
                raise AccountError(
                    "last_organizer",
                    _("%(user)s is the last organizer of %(org)s; grant the role to someone else first.")
                    % {"user": _full_name(user), "org": organization.name},
                )
        log_action(
            "accounts.role.revoked",
            actor=actor,
            obj=assignment,
            organization=organization,
            data={"username": user.get_username(), "role": value.value},
        )
        assignment.delete()


def _check_may_switch(actor: Any, organization: Organization, user: Any) -> None:
    """Only users whose every role lies in this organization (or below it) may be (de)activated here."""
    if user.pk == getattr(actor, "pk", None):
        raise AccountError("self", _("You cannot deactivate or reactivate your own account."))
    from daihoi.congresses.links import home_roles

    # A delegate role another organization gave through an accepted link is a guest's: it does not stop
    # the user's own organizer (it would let any organization keep another's user from being deactivated).
    outside = home_roles(user).exclude(organization_id__in=subtree_ids(organization))
    if user.is_superuser or outside.exists():
        raise AccountError(
            "outside_organization",
            _("%(user)s also works for other organizations; ask an administrator.")
            % {"user": _full_name(user)},
        )


def set_active(*, actor: Any, organization: Organization, user: Any, active: bool) -> None:
    """Deactivate (the user can no longer log in; their history stays) or reactivate a user."""
    with transaction.atomic():
        _check_may_switch(actor, organization, user)
        if user.is_active == active:
            return
        if not active:
            others = RoleAssignment.objects.filter(
                organization=organization, role=Role.ORGANIZER, user__is_active=True
            ).exclude(user=user)
            if (
                RoleAssignment.objects.filter(
                    organization=organization, role=Role.ORGANIZER, user=user
                ).exists()
                and not others.exists()
            ):
                raise AccountError(
                    "last_organizer",
                    _("%(user)s is the last organizer of %(org)s; grant the role to someone else first.")
                    % {"user": _full_name(user), "org": organization.name},
                )
        user.is_active = active
        user.save(update_fields=["is_active"])
        log_action(
            "accounts.user.deactivated" if not active else "accounts.user.reactivated",
            actor=actor,
            obj=user,
            organization=organization,
            data={"username": user.get_username()},
        )


def change_password(*, user: Any, new_password: str) -> None:
    """The user's own password change (validated by the form); the password never enters the log."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        log_action("accounts.user.password_changed", actor=user, obj=user)
