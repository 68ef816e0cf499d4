"""Binding a phone to its delegate: a one-time code from the desk, then a token the phone keeps.

The card's check-in code passes through the desk's hands, so it never binds a phone: binding takes a
separate code, made only for a delegate already checked in, shown once, usable once, for a few minutes
(DAIHOI_BINDING_CODE_MINUTES). The phone then holds a random token (a cookie); the server keeps only its
SHA-256. A lost phone is revoked at the desk and another bound.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from daihoi.audit.services import log_action
from daihoi.congresses.models import Congress, CongressStatus, Delegate
from daihoi.core.procedure.errors import Refusal
from daihoi.voting.errors import VotingError
from daihoi.voting.models import BindingCode, Device

# Unambiguous capitals and digits (no 0/O, 1/I/L): a code can be typed if the camera fails.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_LABEL = 128


def binding_minutes() -> int:
    return int(getattr(settings, "DAIHOI_BINDING_CODE_MINUTES", 10))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isascii() and ch.isalnum())


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once (QR code and text); only its hash is stored
    delegate: Delegate
    expires_at: Any


def active_device(delegate: Delegate) -> Device | None:
    return delegate.devices.filter(revoked_at__isnull=True).first()


def issue_binding_code(delegate: Delegate, *, actor: Any = None) -> IssuedCode:
    """A new one-time code for a delegate checked in as present (earlier unused codes stop working)."""
    with transaction.atomic():
        delegate = (
            Delegate.objects.select_for_update(of=("self",))
            .select_related("congress__organization")
            .get(pk=delegate.pk)
        )
        _require_voting_congress(delegate.congress)
        if not delegate.present:
            raise VotingError("voter_not_present")
        if not delegate.has_vote:
            raise VotingError("voter_without_vote")
        device = active_device(delegate)
        if device is not None:
            raise VotingError(
                "device_active",
                name=delegate.full_name,
                time=timezone.localtime(device.bound_at).strftime("%H:%M"),
            )
        now = timezone.now()
        delegate.binding_codes.filter(used_at__isnull=True).update(expires_at=now)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        expires = now + timedelta(minutes=binding_minutes())
        BindingCode.objects.create(
            delegate=delegate,
            code_hash=digest(code),
            expires_at=expires,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            "voting.binding_code.issued",
            actor=actor,
            obj=delegate,
            organization=delegate.congress.organization,
            data={"number": delegate.number},
        )
    return IssuedCode(code, delegate, expires)


def bind_device(code: str, *, label: str = "") -> tuple[str, Device]:
    """Use a binding code: returns the new device token (for the phone's cookie) and the device."""
    code = normalize_code(code)
    if not code or len(code) > 64:
        raise VotingError("code_unknown")
    with transaction.atomic():
        found = (
            BindingCode.objects.select_for_update(of=("self",))
            .select_related("delegate__congress__organization")
            .filter(code_hash=digest(code))
            .first()
        )
        now = timezone.now()
        if found is None or found.used_at is not None or found.expires_at <= now:
            raise VotingError("code_unknown")
        delegate = found.delegate
        _require_voting_congress(delegate.congress)
        if not delegate.present:
            raise VotingError("voter_not_present")
        found.used_at = now
        found.save(update_fields=["used_at"])
        token, device = _new_device(delegate, label, by="code")
    return token, device


def bind_own_device(delegate: Delegate, user: Any, *, label: str = "") -> tuple[str, Device]:
    """The delegate binds the phone they hold by signing in with their own login (linked to the delegate
    with their consent): a secret that never passes through the desk's hands, unlike the desk's code."""
    with transaction.atomic():
        delegate = (
            Delegate.objects.select_for_update(of=("self",))
            .select_related("congress__organization")
            .get(pk=delegate.pk)
        )
        if user is None or not getattr(user, "is_authenticated", False) or delegate.user_id != user.pk:
            raise VotingError("not_your_delegate")
        _require_voting_congress(delegate.congress)
        if not delegate.present:
            raise VotingError("voter_not_present")
        if not delegate.has_vote:
            raise VotingError("voter_without_vote")
        return _new_device(delegate, label, by="login", actor=user)


def own_delegates(user: Any) -> list[Delegate]:
    """The delegates linked to this login in congresses that may bind phones now (convened or in session,
    not archived), checked in as present."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        Delegate.objects.select_related("congress__organization")
        .filter(
            user=user,
            present=True,
            congress__status__in=[CongressStatus.CONVENED, CongressStatus.OPEN],
            congress__archived_at__isnull=True,
        )
        .order_by("congress__starts_on", "number")
    )


def _new_device(delegate: Delegate, label: str, *, by: str, actor: Any = None) -> tuple[str, Device]:
    """A device for `delegate` (the caller holds the delegate's or the code's lock): its token, once."""
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            device = Device.objects.create(
                delegate=delegate, token_hash=digest(token), label=(label or "")[:MAX_LABEL]
            )
    except IntegrityError as exc:  # a phone is bound already (the one-active constraint)
        held = active_device(delegate)
        when = timezone.localtime(held.bound_at if held else timezone.now()).strftime("%H:%M")
        raise VotingError("device_active", name=delegate.full_name, time=when) from exc
    log_action(
        "voting.device.bound",
        actor=actor,
        obj=delegate,
        organization=delegate.congress.organization,
        data={"number": delegate.number, "device": device.pk, "by": by},
    )
    return token, device


def revoke_device(device: Device, *, actor: Any = None) -> Device:
    with transaction.atomic():
        device = (
            Device.objects.select_for_update(of=("self",))
            .select_related("delegate__congress__organization")
            .get(pk=device.pk)
        )
        if device.revoked_at is None:
            device.revoked_at = timezone.now()
            device.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
            device.save(update_fields=["revoked_at", "revoked_by"])
            log_action(
                "voting.device.revoked",
                actor=actor,
                obj=device.delegate,
                organization=device.delegate.congress.organization,
                data={"number": device.delegate.number, "device": device.pk},
            )
    return device


def device_for_token(token: str | None) -> Device | None:
    """The active device holding `token`, or None (unknown or revoked)."""
    if not token or len(token) > 128:
        return None
    return (
        Device.objects.select_related("delegate__congress__organization")
        .filter(token_hash=digest(token), revoked_at__isnull=True)
        .first()
    )


def _require_voting_congress(congress: Congress) -> None:
    if congress.archived_at is not None or congress.status in (CongressStatus.DRAFT, CongressStatus.CLOSED):
        raise VotingError.refused(Refusal("congress_poll_stage", {"stage": str(congress.status)}))
