"""log_action: call it inside the transaction of every state change (pretix's log_action pattern).

Each entry is chained to the previous one of its chain by an HMAC-SHA256 over all its fields
(daihoi.audit.chain) with the key kept outside the database (daihoi.audit.keys). There is one chain per
roll owner (`chain_name`): a grassroots organization with its branches, a committee above the grassroots;
and the system chain "" for entries without an organization. Appending locks only its own chain's head
row, so one organization never waits for another.

The system chain is started once (migration audit.0003, `daihoi flush`, a forced restore of an empty log)
by `start_chain`. An organization's chain is opened by its first log_action: a first entry of its own
(`system.audit.chain_started`, reason "organization", with the chain's name), recorded in the system chain
(`system.audit.chain_opened` with the chain's name and first hash) — the only time an organization's
change touches the system head — so that a whole chain deleted shows. log_action refuses to append to a
log that was never started or was emptied, to reopen a chain the system chain records (it was deleted),
and to sign with a key other than the chain's.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.chain import GENESIS_HASH, SYSTEM_CHAIN, entry_hash
from daihoi.audit.keys import AuditKeyError, audit_key, current_key_id, key_path
from daihoi.audit.models import AuditEntry, AuditHead

__all__ = [
    "GENESIS_HASH",
    "AuditChainError",
    "audit_anchor",
    "chain_entries",
    "chain_name",
    "log_action",
    "row_of",
    "start_chain",
]

START_ACTION = "system.audit.chain_started"
OPENED_ACTION = "system.audit.chain_opened"


def chain_name(organization: Any) -> str:
    """The chain an organization's entries go to: its roll owner's code (a branch's entries go to its
    grassroots organization's chain); "" (the system chain) for entries without an organization."""
    if organization is None:
        return SYSTEM_CHAIN
    owner = getattr(organization, "roll_owner", organization)
    return getattr(owner, "code", "") or ""


def chain_entries(organization: Any, using: str = "default") -> QuerySet[AuditEntry]:
    """The entries of the organization's chain (its roll owner's), in chain order."""
    return AuditEntry.objects.using(using).filter(chain=chain_name(organization)).order_by("seq")


class AuditChainError(RuntimeError):
    """The log cannot be appended to: it is empty (never started, or emptied) or signed with another key."""


def row_of(entry: AuditEntry) -> dict[str, Any]:
    return {
        "chain": entry.chain,
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
        chain=head.chain,
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user else (str(actor) if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        organization_code=(getattr(organization, "code", "") or "") if organization is not None else "",
        data=json.loads(json.dumps(data or {}, default=str)),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(audit_key(), row_of(entry))
    entry.save()
    head.last_seq, head.last_hash = entry.seq, entry.hash
    head.save(update_fields=["last_seq", "last_hash", "key_id"])
    return entry


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("log_action must run inside the transaction of the change it records")


def _locked_head(chain: str = SYSTEM_CHAIN) -> AuditHead:
    """The system chain's head, locked (created when missing: start_chain starts an empty log)."""
    _in_transaction()
    head, _created = AuditHead.objects.select_for_update().get_or_create(chain=chain)
    return head


def _checked(head: AuditHead) -> AuditHead:
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
    return head


def _open_chain(chain: str) -> AuditHead:
    """The head of a chain that had none, locked: opened here with its first entry and its record in the
    system chain, or — when another transaction opened it at the same moment — theirs."""
    try:
        with transaction.atomic():  # a savepoint: a concurrent opening makes this insert fail alone
            head = AuditHead.objects.create(chain=chain, key_id=current_key_id())
    except IntegrityError:
        # Another transaction inserted the same chain first; PostgreSQL made this insert wait for its
        # commit, so the row is visible now: append after its first entry.
        theirs = AuditHead.objects.select_for_update().filter(chain=chain).first()
        if theirs is None:
            raise
        return _checked(theirs)
    system = _checked(_locked_head(SYSTEM_CHAIN))
    if AuditEntry.objects.filter(chain=SYSTEM_CHAIN, action=OPENED_ACTION, data__chain=chain).exists():
        raise AuditChainError(
            _(
                "The audit chain %(chain)s was deleted: the system chain records that it was opened. "
                "Run `daihoi audit verify`."
            )
            % {"chain": chain}
        )
    # No organization code: the entry belongs to the chain, not to the organization's own history (its
    # page and the tests that list an organization's actions show its changes only).
    first = _append(head, START_ACTION, data={"reason": "organization", "chain": chain})
    _append(system, OPENED_ACTION, data={"chain": chain, "first_hash": first.hash})
    return head


def log_action(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    organization: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append `action` (a dotted name such as "organizations.member.created") to the organization's chain
    (the system chain without an organization), locking that chain's head only."""
    _in_transaction()
    chain = chain_name(organization)
    head = AuditHead.objects.select_for_update().filter(chain=chain).first()
    if head is None and chain != SYSTEM_CHAIN:
        head = _open_chain(chain)
    elif head is None:
        head = _locked_head(SYSTEM_CHAIN)
    _checked(head)
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


def audit_anchor(organization: Any = None, *, using: str = "default") -> tuple[str, int]:
    """(hash of the newest entry, number of entries) of the organization's chain now (the system chain
    without one): what a signed document prints to anchor the log (`daihoi audit verify --org CODE
    --anchor HEAD:LENGTH`, CODE being `chain_name(organization)`)."""
    head = (
        AuditHead.objects.using(using)
        .filter(chain=chain_name(organization))
        .values_list("last_hash", "last_seq")
        .first()
    )
    if head is None:
        return GENESIS_HASH, 0
    return head[0], head[1]
