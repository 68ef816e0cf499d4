"""The audit chain's hash: HMAC-SHA256 with a key kept outside the database, over every field of an entry.

Pure Python (no Django import), so that a backup file can be checked with plain sqlite3 or from
pg_restore's output. The log is a forest of chains (migration audit.0004): one per grassroots
organization (its roll owner: a branch's entries go to its grassroots organization's chain), one per
committee above the grassroots, and the system chain "" for entries without an organization. Each chain
numbers its entries from 1 (`seq`) and links them by `prev`. The canonical form of an entry (scheme 3,
documented in docs/security.md, "The audit trail"):

    JSON of {"v": 3, "chain", "seq", "at", "actor_id", "actor", "action", "object_type", "object_id",
             "organization", "data", "prev"}
    keys sorted, separators "," and ":", non-ASCII kept as is (ensure_ascii=False), UTF-8;
    "chain" the chain's name (the roll owner's code, "" for the system chain);
    "at" in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ (always six digits); "actor_id" the user's id or null;
    "data" the entry's JSON data; "prev" the previous entry's hash in the same chain (64 zeros before
    its first).
    hash = hex(HMAC-SHA256(key, b"daihoi-audit-v3\\n" + canonical))

The chain name is hashed, so an entry moved from one chain to another no longer verifies in either.

Scheme 2 (the same without "chain", "v": 2 and the domain b"daihoi-audit-v2\\n", one chain for the whole
database) is kept as `entry_hash_v2`, only to check a chain once before it is split (migration
audit.0004) or a backup made before that.

Scheme 1 (before the key; SHA-256 of prev + JSON without the actor's id) is kept as `legacy_hash`, only to
check a chain once before it is re-chained (migration audit.0003) or a backup made before that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS_HASH = "0" * 64
DOMAIN = b"daihoi-audit-v3\n"
DOMAIN_V2 = b"daihoi-audit-v2\n"
SYSTEM_CHAIN = ""
# The fields of an entry row (as in the table) that the hash covers, and the hash itself.
ROW_FIELDS_V2 = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "organization_code",
    "data",
    "prev_hash",
    "hash",
)
ROW_FIELDS = ("chain", *ROW_FIELDS_V2)


def utc(value: Any) -> dt.datetime:
    """An entry's time as an aware UTC datetime, from a datetime or the text a database stores."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.strip())
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not a time: {value!r}")
    if value.tzinfo is None:  # SQLite stores UTC without an offset
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def time_text(value: Any) -> str:
    """YYYY-MM-DDTHH:MM:SS.ffffffZ in UTC (always six digits of microseconds)."""
    return utc(value).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _data(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def canonical(row: Mapping[str, Any], version: int = 3) -> bytes:
    actor_id = row.get("actor_id")
    payload: dict[str, Any] = {
        "v": version,
        "seq": int(row["seq"]),
        "at": time_text(row["at"]),
        "actor_id": None if actor_id is None else int(actor_id),
        "actor": row["actor_label"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "organization": row["organization_code"],
        "data": _data(row["data"]),
        "prev": row["prev_hash"],
    }
    if version >= 3:
        payload["chain"] = row["chain"]
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(key: bytes, row: Mapping[str, Any]) -> str:
    """The keyed hash (scheme 3) of an entry row (its `chain` and `prev_hash` included)."""
    return hmac.digest(key, DOMAIN + canonical(row, 3), "sha256").hex()


def entry_hash_v2(key: bytes, row: Mapping[str, Any]) -> str:
    """Scheme 2: one chain for the whole database, the chain's name not covered."""
    return hmac.digest(key, DOMAIN_V2 + canonical(row, 2), "sha256").hex()


def forest_digest(heads: Iterable[tuple[str, int, str]]) -> str:
    """SHA-256 over the sorted (chain, last seq, last hash) of every chain: one line
    "chain<TAB>seq<TAB>hash<LF>" each, UTF-8. Two copies of a log hold the same entries iff equal."""
    text = "".join(f"{chain}\t{seq}\t{last}\n" for chain, seq, last in sorted(heads))
    return hashlib.sha256(text.encode()).hexdigest()


def key_id(key: bytes) -> str:
    """A short name of the key (not the key): the head row records which key signs the chain."""
    return hmac.digest(key, b"daihoi-audit-key-id", "sha256").hex()[:16]


def legacy_hash(row: Mapping[str, Any]) -> str:
    """Scheme 1: unkeyed SHA-256, the actor's id not covered."""
    payload = {
        "seq": int(row["seq"]),
        "at": utc(row["at"]).isoformat(),
        "actor": row["actor_label"],
        "action": row["action"],
        "object_type": row["object_type"],
        "object_id": row["object_id"],
        "organization": row["organization_code"],
        "data": _data(row["data"]),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((row["prev_hash"] + text).encode()).hexdigest()
