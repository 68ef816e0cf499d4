"""Check the audit chain: every entry's hash, its link to the previous entry, and the head row.

`verify_rows` is pure (rows as mappings) so that a backup file can be checked with plain sqlite3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from daihoi.audit.services import GENESIS_HASH, entry_hash

# What went wrong, as a machine code: an entry's content changed, an entry is missing, or an entry
# that was never appended by log_action is present.
EDITED, DELETED, INSERTED = "edited", "deleted", "inserted"

FIELDS = (
    "seq",
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "organization_code",
    "data",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class ChainReport:
    count: int
    last_seq: int
    last_hash: str
    problem: str = ""  # "", EDITED, DELETED or INSERTED
    seq: int | None = None  # the first sequence number where the chain breaks

    @property
    def ok(self) -> bool:
        return not self.problem


def _payload(row: Mapping[str, Any]) -> dict[str, Any]:
    at = row["at"]
    return {
        "seq": row["seq"],
        "at": at.isoformat() if isinstance(at, datetime) else at,
        "actor": row["actor_label"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "organization": row["organization_code"],
        "data": row["data"],
    }


def verify_rows(rows: Iterable[Mapping[str, Any]], head: tuple[int, str] | None) -> ChainReport:
    """Walk rows in seq order; `head` is (last_seq, last_hash) from AuditHead, None if it is missing."""
    expected, prev, count = 1, GENESIS_HASH, 0

    def broken(problem: str, seq: int) -> ChainReport:
        return ChainReport(count, expected - 1, prev, problem, seq)

    for row in rows:
        seq = row["seq"]
        if seq < expected:  # a number below the chain's start, or out of order
            return broken(INSERTED, seq)
        if seq > expected:  # a gap in the numbers: entry `expected` (and maybe more) was removed
            return broken(DELETED, expected)
        if entry_hash(row["prev_hash"], _payload(row)) != row["hash"]:
            return broken(EDITED, seq)
        if row["prev_hash"] != prev:
            # Consistent in itself but not linked to its predecessor: the predecessor was rewritten
            # with a recomputed hash (or, for the first entry, this one was).
            return broken(EDITED, seq - 1 if seq > 1 else seq)
        prev, expected, count = row["hash"], seq + 1, count + 1
    last_seq = expected - 1
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
    if head_seq > last_seq:  # the newest entries are gone
        return ChainReport(count, last_seq, prev, DELETED, last_seq + 1)
    if head_seq < last_seq:  # entries appended behind log_action's back
        return ChainReport(count, last_seq, prev, INSERTED, head_seq + 1)
    if head_hash != prev:  # same length, different newest entry: it was replaced
        return ChainReport(count, last_seq, prev, EDITED, last_seq)
    return ChainReport(count, last_seq, prev)


def verify_chain(using: str = "default") -> ChainReport:
    """Verify the audit log in the database `using`, streaming entries in seq order."""
    from daihoi.audit.models import AuditEntry, AuditHead

    head_row = AuditHead.objects.using(using).filter(pk=1).values_list("last_seq", "last_hash").first()
    rows = AuditEntry.objects.using(using).order_by("seq").values(*FIELDS).iterator(chunk_size=2000)
    return verify_rows(rows, head_row)
