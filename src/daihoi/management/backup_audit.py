"""The audit log inside a backup file, read before it is restored: are the append-only triggers there, is
the log non-empty, does its chain verify with this installation's key?

SQLite: the file is opened read-only with sqlite3. PostgreSQL: `pg_restore --list` names the triggers and
`pg_restore --data-only --table …` prints the two audit tables as COPY text, parsed here — nothing is
restored to look.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from daihoi.audit.chain import ROW_FIELDS, ROW_FIELDS_V2
from daihoi.audit.triggers import NAMES, TABLE
from daihoi.audit.verify import EMPTY, ChainReport, ForestReport, verify_forest, verify_rows

HEAD_TABLE = "audit_audithead"


@dataclass(frozen=True)
class BackupAudit:
    triggers: frozenset[str]
    report: ChainReport | ForestReport
    legacy: bool  # made before the keyed chain (no key_id in the head table): checked with scheme 1
    # 1 before the keyed chain, 2 the single keyed chain (no chain column), 3 a chain per organization;
    # a backup of scheme 1 or 2 is re-chained by `migrate` once restored (audit.0003, audit.0005).
    scheme: int = 3

    @property
    def missing_triggers(self) -> frozenset[str]:
        return NAMES - self.triggers

    @property
    def empty(self) -> bool:
        return self.report.problem == EMPTY


def sqlite_backup_audit(path: Path, key: bytes) -> BackupAudit:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [TABLE]
        ).fetchall()
        head_columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({HEAD_TABLE})")}
        scheme = 1 if "key_id" not in head_columns else 2 if "chain" not in head_columns else 3
        report: ChainReport | ForestReport
        if scheme == 3:
            heads = {
                r["chain"]: (r["last_seq"], r["last_hash"])
                for r in conn.execute(f"SELECT chain, last_seq, last_hash FROM {HEAD_TABLE}")  # noqa: S608
            }
            columns = ", ".join(ROW_FIELDS)
            query = f"SELECT {columns} FROM {TABLE} ORDER BY chain, seq"  # noqa: S608
            report = verify_forest((dict(r) for r in conn.execute(query)), heads, key)
        else:
            head = conn.execute(f"SELECT last_seq, last_hash FROM {HEAD_TABLE} WHERE id = 1").fetchone()  # noqa: S608
            columns = ", ".join(ROW_FIELDS_V2)
            rows = (dict(r) for r in conn.execute(f"SELECT {columns} FROM {TABLE} ORDER BY seq"))  # noqa: S608
            report = verify_rows(
                rows, tuple(head) if head else None, None if scheme == 1 else key, scheme=scheme
            )
    return BackupAudit(frozenset(r[0] for r in names), report, scheme == 1, scheme)


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")


def _copy_value(text: str) -> str | None:
    if text == r"\N":
        return None

    def one(m: re.Match[str]) -> str:
        s = m.group(1)
        if s[0] == "x":
            return chr(int(s[1:], 16))
        if s[0].isdigit():
            return chr(int(s, 8))
        return _ESCAPES.get(s, s)

    return _ESCAPE.sub(one, text)


def parse_copy(text: str) -> dict[str, list[dict[str, Any]]]:
    """The COPY … FROM stdin blocks of a plain-text dump: table name -> rows (column -> text or None)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    lines: Iterator[str] = iter(text.split("\n"))
    header = re.compile(r"^COPY (?:\w+\.)?\"?(\w+)\"? \(([^)]*)\) FROM stdin;$")
    for line in lines:
        m = header.match(line)
        if not m:
            continue
        columns = [c.strip().strip('"') for c in m.group(2).split(",")]
        rows = tables.setdefault(m.group(1), [])
        for data in lines:
            if data == "\\.":
                break
            values = [_copy_value(v) for v in data.split("\t")]
            rows.append(dict(zip(columns, values, strict=True)))
    return tables


def pg_backup_audit(path: Path, key: bytes) -> BackupAudit:
    from daihoi.management.dbcopy import _run

    env = dict(os.environ)
    listing = _run(["pg_restore", "--list", str(path)], env, "pg_restore --list").stdout
    found = frozenset(name for name in NAMES if f" TRIGGER public {TABLE} {name} " in listing)
    dump = _run(
        ["pg_restore", "--data-only", "--table", TABLE, "--table", HEAD_TABLE, "--file", "-", str(path)],
        env,
        "pg_restore",
    ).stdout
    tables = parse_copy(dump)
    all_heads = tables.get(HEAD_TABLE, [])
    rows = tables.get(TABLE, [])
    for row in rows:
        row["seq"] = int(row["seq"])
    if all_heads and "chain" in all_heads[0]:
        heads = {r["chain"]: (int(r["last_seq"]), r["last_hash"]) for r in all_heads}
        rows.sort(key=lambda r: (r["chain"], r["seq"]))
        return BackupAudit(found, verify_forest(rows, heads, key), False, 3)
    head_rows = [r for r in all_heads if r.get("id") == "1"]
    legacy = bool(head_rows) and "key_id" not in head_rows[0]
    head = (int(head_rows[0]["last_seq"]), head_rows[0]["last_hash"]) if head_rows else None
    rows.sort(key=lambda r: r["seq"])
    scheme = 1 if legacy else 2
    report = verify_rows(rows, head, None if legacy else key, scheme=scheme)
    return BackupAudit(found, report, legacy, scheme)
