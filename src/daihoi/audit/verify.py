"""Check the audit chain: every entry's keyed hash, its link to the previous entry, the head row, and
optionally an anchor printed on a signed document (`--anchor HEAD:LENGTH`).

`verify_rows` is pure (rows as mappings) so that a backup file can be checked with plain sqlite3 or from
pg_restore's output before it is restored.

What each check catches (docs/security.md, "The audit trail"): a changed field, a deleted or inserted
entry, a forged entry (no key), an emptied log (a started log always has its first entry) — all
without an anchor. Deleting the newest entries and moving the head back to what remains, or
replacing the whole database with an older copy, leaves a valid shorter chain: only an anchor (the head
and length printed on the minutes) or another record kept outside the database shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from daihoi.audit.chain import GENESIS_HASH, ROW_FIELDS, entry_hash, legacy_hash

# What went wrong, as a machine code.
EDITED = "edited"  # an entry's content or hash changed (or it was forged without the key)
DELETED = "deleted"  # an entry is missing (a gap, or the head knows of newer entries)
INSERTED = "inserted"  # an entry that log_action never appended
EMPTY = "empty"  # no entry at all: a started log always keeps its first entry
KEY = "key"  # the chain does not verify with this installation's key (another key signed it)
ANCHOR = "anchor"  # the entry at the anchor's length has another hash than the one printed
TRUNCATED = "truncated"  # the log ends before the anchor's length: newer entries were removed

FIELDS = ROW_FIELDS
MIN_ANCHOR_HEX = 32


@dataclass(frozen=True)
class ChainReport:
    count: int
    last_seq: int
    last_hash: str
    problem: str = ""  # "" or one of the codes above
    seq: int | None = None  # the first sequence number where the chain breaks

    @property
    def ok(self) -> bool:
        return not self.problem


class AnchorError(ValueError):
    pass


def parse_anchor(text: str) -> tuple[str, int]:
    """`HEAD:LENGTH` as printed on a document: the head's hash (at least 32 hex digits, a prefix is
    enough), then the number of entries (dots or commas as thousands separators allowed)."""
    head, sep, length = text.strip().replace("…", "").rpartition(":")
    head = head.strip().lower()
    digits = length.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not sep or not digits.isdigit() or int(digits) < 1:
        raise AnchorError("expected HEAD:LENGTH, e.g. 3f9a…:1234")
    if len(head) < MIN_ANCHOR_HEX or len(head) > 64 or any(c not in "0123456789abcdef" for c in head):
        raise AnchorError(f"the head must be {MIN_ANCHOR_HEX} to 64 hexadecimal digits")
    return head, int(digits)


def verify_rows(
    rows: Iterable[Mapping[str, Any]],
    head: tuple[int, str] | None,
    key: bytes | None,
    anchor: tuple[str, int] | None = None,
) -> ChainReport:
    """Walk rows in seq order; `head` is (last_seq, last_hash) from AuditHead, None if it is missing.

    `key` None checks a chain of scheme 1 (unkeyed, before migration audit.0003).
    """
    expected, prev, count = 1, GENESIS_HASH, 0
    hash_of: Callable[[Mapping[str, Any]], str] = (
        legacy_hash if key is None else (lambda row: entry_hash(key, row))
    )
    anchor_hash, anchor_len = anchor if anchor else ("", 0)

    def broken(problem: str, seq: int) -> ChainReport:
        return ChainReport(count, expected - 1, prev, problem, seq)

    for row in rows:
        seq = row["seq"]
        if seq < expected:  # a number below the chain's start, or out of order
            return broken(INSERTED, seq)
        if seq > expected:  # a gap in the numbers: entry `expected` (and maybe more) was removed
            return broken(DELETED, expected)
        if hash_of(row) != row["hash"]:
            return broken(EDITED, seq)
        if row["prev_hash"] != prev:
            # Consistent in itself but not linked to its predecessor: the predecessor was rewritten
            # with a recomputed hash (or, for the first entry, this one was).
            return broken(EDITED, seq - 1 if seq > 1 else seq)
        prev, expected, count = row["hash"], seq + 1, count + 1
        if seq == anchor_len and not prev.startswith(anchor_hash):
            return broken(ANCHOR, seq)
    last_seq = expected - 1
    if count == 0:
        return ChainReport(0, 0, GENESIS_HASH, EMPTY, 1)
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
    if head_seq > last_seq:  # the newest entries are gone
        return ChainReport(count, last_seq, prev, DELETED, last_seq + 1)
    if head_seq < last_seq:  # entries appended behind log_action's back
        return ChainReport(count, last_seq, prev, INSERTED, head_seq + 1)
    if head_hash != prev:  # same length, different newest entry: it was replaced
        return ChainReport(count, last_seq, prev, EDITED, last_seq)
    if last_seq < anchor_len:  # the anchored entry and what followed it are gone
        return ChainReport(count, last_seq, prev, TRUNCATED, last_seq + 1)
    return ChainReport(count, last_seq, prev)


def verify_chain(using: str = "default", anchor: tuple[str, int] | None = None) -> ChainReport:
    """Verify the audit log in the database `using` with this installation's key, streaming entries."""
    from daihoi.audit.keys import audit_key, current_key_id
    from daihoi.audit.models import AuditEntry, AuditHead

    head_row = (
        AuditHead.objects.using(using).filter(pk=1).values_list("last_seq", "last_hash", "key_id").first()
    )
    rows = AuditEntry.objects.using(using).order_by("seq").values(*FIELDS).iterator(chunk_size=2000)
    report = verify_rows(rows, head_row[:2] if head_row else None, audit_key(), anchor)
    if report.problem == EDITED and report.seq == 1 and head_row and head_row[2] != current_key_id():
        return ChainReport(report.count, report.last_seq, report.last_hash, KEY, 1)
    return report
