"""log_action: call it inside the transaction of every state change (pretix's log_action pattern).

Each entry is chained to the previous one by an HMAC-SHA256 over all its fields (daihoi.audit.chain) with
the key kept outside the database (daihoi.audit.keys). A chain is started once (migration audit.0003,
`daihoi flush`, a forced restore of an empty log) by `start_chain`; log_action refuses to append to a
log that was never started or was emptied, and refuses to sign with a key other than the chain's.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.chain import GENESIS_HASH, entry_hash
from daihoi.audit.keys import AuditKeyError, audit_key, current_key_id, key_path
from daihoi.audit.models import AuditEntry, AuditHead

__all__ = ["GENESIS_HASH", "AuditChainError", "audit_anchor", "log_action", "row_of", "start_chain"]

START_ACTION = "system.audit.chain_started"


class AuditChainError(RuntimeError):
    """The log cannot be appended to: it is empty (never started, or emptied) or signed with another key."""


def row_of(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "organization_code": entry.organization_code,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }


def _append(
    head: AuditHead,
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    organization: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user else (str(actor) if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        organization_code=getattr(organization, "code", "") or "",
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(audit_key(), row_of(entry))
    entry.save()
    head.last_seq, head.last_hash = entry.seq, entry.hash
    head.save(update_fields=["last_seq", "last_hash", "key_id"])
    return entry


def _locked_head() -> AuditHead:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must run inside the transaction of the change it records")
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    return head


def log_action(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    organization: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append `action` (a dotted name such as "organizations.member.created") to the chain."""
    head = _locked_head()
    if head.last_seq == 0:
        raise AuditChainError(
            _("The audit log is empty: it was never started or it was emptied. Run `daihoi audit verify`.")
        )
    try:
        kid = current_key_id()
    except AuditKeyError as exc:
        raise AuditChainError(str(exc)) from exc
    if head.key_id != kid:
        raise AuditChainError(
            _(
                "The audit key %(path)s is not the key that signs this audit log; every app server must "
                "use the same key (DAIHOI_AUDIT_KEY or a copy of the key file)."
            )
            % {"path": key_path()}
        )
    return _append(head, action, actor=actor, obj=obj, organization=organization, data=data)


def start_chain(reason: str, *, actor: Any = "system", data: dict[str, Any] | None = None) -> AuditEntry:
    """Begin the log of an empty database with a first entry signed by this installation's key.

    `reason`: "migrate", "flush" or "restore". Refused when the log already has entries.
    """
    head = _locked_head()
    if head.last_seq != 0 or AuditEntry.objects.exists():
        raise AuditChainError("the audit log already has entries")
    head.last_hash = GENESIS_HASH
    head.key_id = current_key_id()
    return _append(head, START_ACTION, actor=actor, data={"reason": reason, **(data or {})})


def audit_anchor(using: str = "default") -> tuple[str, int]:
    """(hash of the newest entry, number of entries) now: what a signed document prints to anchor the log."""
    head = AuditHead.objects.using(using).filter(pk=1).values_list("last_hash", "last_seq").first()
    if head is None:
        return GENESIS_HASH, 0
    return head[0], head[1]
