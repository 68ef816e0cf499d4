"""The audit chain's hash: HMAC-SHA256 with a key kept outside the database, over every field of an entry.

Pure Python (no Django import), so that a backup file can be checked with plain sqlite3 or from
pg_restore's output. The canonical form of an entry (scheme 2, documented in docs/security.md,
"The audit trail"):

    JSON of {"v": 2, "seq", "at", "actor_id", "actor", "action", "object_type", "object_id",
             "organization", "data", "prev"}
    keys sorted, separators "," and ":", non-ASCII kept as is (ensure_ascii=False), UTF-8;
    "at" in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ (always six digits); "actor_id" the user's id or null;
    "data" the entry's JSON data; "prev" the previous entry's hash (64 zeros before the first).
    hash = hex(HMAC-SHA256(key, b"daihoi-audit-v2\\n" + canonical))

Scheme 1 (before the key; SHA-256 of prev + JSON without the actor's id) is kept as `legacy_hash`, only to
check a chain once before it is re-chained (migration audit.0003) or a backup made before that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

GENESIS_HASH = "0" * 64
DOMAIN = b"daihoi-audit-v2\n"
# The fields of an entry row (as in the table) that the hash covers, and the hash itself.
ROW_FIELDS = (
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


def canonical(row: Mapping[str, Any]) -> bytes:
    actor_id = row.get("actor_id")
    payload = {
        "v": 2,
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
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(key: bytes, row: Mapping[str, Any]) -> str:
    """The keyed hash of an entry row (its `prev_hash` included)."""
    return hmac.digest(key, DOMAIN + canonical(row), "sha256").hex()


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
