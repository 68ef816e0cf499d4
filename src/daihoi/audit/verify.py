"""Check the audit log, a forest of chains (daihoi.audit.chain): in every chain each entry's keyed hash,
its link to the previous entry and the chain's head row; across chains, that every chain is recorded in
the system chain (`system.audit.chain_opened`, with its first entry's hash) and every recorded chain is
present; optionally an anchor printed on a signed document (`--org CODE --anchor HEAD:LENGTH`).

`verify_rows` is pure (rows as mappings) so that a backup file can be checked with plain sqlite3 or from
pg_restore's output before it is restored.

What each check catches (docs/security.md, "The audit trail"): a changed field, a deleted or inserted
entry, a forged entry (no key), an emptied log (a started log always has its first entry) — all
without an anchor. Deleting the newest entries and moving the head back to what remains, or
replacing the whole database with an older copy, leaves a valid shorter chain: only an anchor (the head
and length printed on the minutes) or another record kept outside the database shows it. Across chains:
a whole chain deleted (MISSING), a chain created behind log_action's back (UNRECORDED), a chain replaced
by another one (its first entry is not the recorded one: EDITED at #1), an entry moved to another chain
(its hash covers the chain's name: EDITED there, DELETED or EDITED in the chain it left).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from daihoi.audit.chain import (
    GENESIS_HASH,
    ROW_FIELDS,
    SYSTEM_CHAIN,
    entry_hash,
    entry_hash_v2,
    forest_digest,
    legacy_hash,
)

# What went wrong, as a machine code.
EDITED = "edited"  # an entry's content or hash changed (or it was forged without the key)
DELETED = "deleted"  # an entry is missing (a gap, or the head knows of newer entries)
INSERTED = "inserted"  # an entry that log_action never appended
EMPTY = "empty"  # no entry at all: a started log always keeps its first entry
KEY = "key"  # the chain does not verify with this installation's key (another key signed it)
ANCHOR = "anchor"  # the entry at the anchor's length has another hash than the one printed
TRUNCATED = "truncated"  # the log ends before the anchor's length: newer entries were removed
MISSING = "missing"  # a whole chain that the system chain records is gone
UNRECORDED = "unrecorded"  # a chain the system chain does not record: made behind log_action's back

OPENED_ACTION = "system.audit.chain_opened"

FIELDS = ROW_FIELDS
MIN_ANCHOR_HEX = 32


@dataclass(frozen=True)
class ChainReport:
    count: int
    last_seq: int
    last_hash: str
    problem: str = ""  # "" or one of the codes above
    seq: int | None = None  # the first sequence number where the chain breaks
    chain: str = ""  # the chain's name ("" the system chain)

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class ForestReport:
    """Every chain's report (sorted by name) and the whole log's digest (daihoi.audit.chain.forest_digest).

    `problem`, `seq`, `chain`, `last_seq`, `last_hash` are the first broken chain's (the system chain's
    when all verify); `count` is the number of entries of all chains."""

    chains: tuple[ChainReport, ...]
    digest: str
    # An anchor given without its chain, whose entry no chain holds (seq printed): ANCHOR.
    unlocated_anchor: int | None = None

    @property
    def problems(self) -> list[ChainReport]:
        return [c for c in self.chains if not c.ok]

    @property
    def ok(self) -> bool:
        return not self.problems and self.unlocated_anchor is None

    @property
    def _first(self) -> ChainReport:
        for report in self.chains:
            if not report.ok:
                return report
        if self.unlocated_anchor is not None:
            return ChainReport(self.count, 0, GENESIS_HASH, ANCHOR, self.unlocated_anchor, "")
        system = [c for c in self.chains if c.chain == SYSTEM_CHAIN]
        return system[0] if system else ChainReport(0, 0, GENESIS_HASH)

    @property
    def problem(self) -> str:
        return self._first.problem

    @property
    def seq(self) -> int | None:
        return self._first.seq

    @property
    def chain(self) -> str:
        return self._first.chain

    @property
    def last_seq(self) -> int:
        return self._first.last_seq

    @property
    def last_hash(self) -> str:
        return self._first.last_hash

    @property
    def count(self) -> int:
        return sum(c.count for c in self.chains)

    def of(self, chain: str) -> ChainReport | None:
        return next((c for c in self.chains if c.chain == chain), None)


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
    *,
    scheme: int = 3,
    chain: str = "",
) -> ChainReport:
    """Walk one chain's rows in seq order; `head` is (last_seq, last_hash) from its AuditHead, None if it
    is missing.

    `key` None checks a chain of scheme 1 (unkeyed, before migration audit.0003); `scheme` 2 the single
    keyed chain before migration audit.0004.
    """
    report = _walk(rows, head, key, anchor, scheme)
    return ChainReport(report.count, report.last_seq, report.last_hash, report.problem, report.seq, chain)


def _walk(
    rows: Iterable[Mapping[str, Any]],
    head: tuple[int, str] | None,
    key: bytes | None,
    anchor: tuple[str, int] | None,
    scheme: int,
) -> ChainReport:
    expected, prev, count = 1, GENESIS_HASH, 0
    hash_of: Callable[[Mapping[str, Any]], str]
    if key is None:
        hash_of = legacy_hash
    elif scheme == 2:
        hash_of = lambda row: entry_hash_v2(key, row)  # noqa: E731
    else:
        hash_of = lambda row: entry_hash(key, row)  # noqa: E731
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


def _data(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def verify_forest(
    rows: Iterable[Mapping[str, Any]],
    heads: Mapping[str, tuple[int, str]],
    key: bytes,
    anchors: Mapping[str, tuple[str, int]] | None = None,
    only: str | None = None,
    records: Mapping[str, str] | None = None,
) -> ForestReport:
    """Verify every chain of `rows` (sorted by chain, then seq) against `heads` (chain -> (last_seq,
    last_hash)), then the chains against the system chain's record of them (chain -> first hash, read
    from the system chain's rows, or given as `records` when `rows` hold only the chain `only`).
    `only`: report that chain alone, its record still checked."""
    recorded: dict[str, str] = dict(records or {})
    first_hash: dict[str, str] = {}
    reports: dict[str, ChainReport] = {}

    def watched(chain: str, group: Iterator[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        for row in group:
            if row["seq"] == 1:
                first_hash[chain] = row["hash"]
            if chain == SYSTEM_CHAIN and row["action"] == OPENED_ACTION:
                data = _data(row["data"])
                if isinstance(data, dict) and isinstance(data.get("chain"), str):
                    recorded[data["chain"]] = str(data.get("first_hash", ""))
            yield row

    for chain, group in itertools.groupby(rows, key=lambda row: row["chain"]):
        chain = chain or ""
        if only is not None and chain not in (only, SYSTEM_CHAIN):
            continue
        anchor = (anchors or {}).get(chain)
        report = verify_rows(watched(chain, group), heads.get(chain), key, anchor, chain=chain)
        reports[chain] = report
    for chain, head in heads.items():  # a head without entries: the chain was emptied
        if chain not in reports and (only is None or chain in (only, SYSTEM_CHAIN)):
            reports[chain] = verify_rows([], head, key, chain=chain)
    if SYSTEM_CHAIN not in reports:
        reports[SYSTEM_CHAIN] = verify_rows([], None, key, chain=SYSTEM_CHAIN)
    for chain, report in list(reports.items()):
        if chain == SYSTEM_CHAIN or not report.ok:
            continue
        if chain not in recorded:
            reports[chain] = ChainReport(
                report.count, report.last_seq, report.last_hash, UNRECORDED, 1, chain
            )
        elif first_hash.get(chain) != recorded[chain]:  # the chain was replaced by another one
            reports[chain] = ChainReport(report.count, report.last_seq, report.last_hash, EDITED, 1, chain)
    for chain in recorded:
        if chain not in reports and (only is None or chain == only):
            reports[chain] = ChainReport(0, 0, GENESIS_HASH, MISSING, 1, chain)
    if only is not None and only != SYSTEM_CHAIN:
        reports = {c: r for c, r in reports.items() if c == only}
        if only not in reports:  # never opened: nothing to check
            reports[only] = ChainReport(0, 0, GENESIS_HASH, "", None, only)
    chains = tuple(reports[c] for c in sorted(reports))
    return ForestReport(chains, forest_digest((c.chain, c.last_seq, c.last_hash) for c in chains))


def verify_chain(
    using: str = "default", anchor: tuple[str, int] | None = None, chain: str | None = None
) -> ForestReport:
    """Verify the audit log in the database `using` with this installation's key, streaming entries:
    every chain and the whole, or the chain `chain` alone. An `anchor` applies to `chain`; without it, to
    the chain that holds the anchored entry (none: ANCHOR)."""
    from daihoi.audit.keys import audit_key, current_key_id
    from daihoi.audit.models import AuditEntry, AuditHead

    unlocated = None
    if anchor is not None and chain is None:
        found = (
            AuditEntry.objects.using(using)
            .filter(seq=anchor[1], hash__startswith=anchor[0])
            .values_list("chain", flat=True)
            .first()
        )
        if found is None:
            unlocated = anchor[1]
        else:
            chain = found
            unlocated = None
    head_rows = {
        c: (seq, last, kid)
        for c, seq, last, kid in AuditHead.objects.using(using).values_list(
            "chain", "last_seq", "last_hash", "key_id"
        )
    }
    entries = AuditEntry.objects.using(using)
    records = None
    if chain is not None:
        entries = entries.filter(chain=chain)
    if chain is not None and chain != SYSTEM_CHAIN:  # its record only, not the whole system chain
        opened = AuditEntry.objects.using(using).filter(
            chain=SYSTEM_CHAIN, action=OPENED_ACTION, data__chain=chain
        )
        first = opened.values_list("data", flat=True).first()
        records = {chain: str(first.get("first_hash", ""))} if isinstance(first, dict) else {}
    rows = entries.order_by("chain", "seq").values(*FIELDS).iterator(chunk_size=2000)
    heads = {c: (h[0], h[1]) for c, h in head_rows.items()}
    anchors = {chain: anchor} if anchor is not None and chain is not None else None
    report = verify_forest(rows, heads, audit_key(), anchors, only=chain, records=records)
    kid = current_key_id()
    chains = tuple(
        ChainReport(r.count, r.last_seq, r.last_hash, KEY, 1, r.chain)
        if r.problem == EDITED and r.seq == 1 and r.chain in head_rows and head_rows[r.chain][2] != kid
        else r
        for r in report.chains
    )
    return ForestReport(chains, report.digest, unlocated)
