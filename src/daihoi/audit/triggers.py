"""Database triggers that refuse UPDATE and DELETE on audit entries, on SQLite and PostgreSQL.

The model refuses edits too, but only triggers stop raw SQL, the admin shell and other programs.
Migration 0002 installs the same SQL (frozen there); `suspended()` exists for `flush`, which on
SQLite empties tables with DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "audit_auditentry"
MESSAGE = "audit entries are append-only"

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]

POSTGRES_INSTALL = [
    f"DROP TRIGGER IF EXISTS audit_entry_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_no_delete ON {TABLE}",
    "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
    f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
    f"CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS audit_entry_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_no_delete ON {TABLE}",
]


def _statements(vendor: str, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_DROP
    return []


def install(connection: Any) -> None:
    """Create both triggers (again): idempotent, also after a restore of a database that lacked them."""
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


def installed(connection: Any) -> set[str]:
    """Names of the append-only triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


NAMES = frozenset({"audit_entry_no_update", "audit_entry_no_delete"})


@contextmanager
def suspended(connection: Any) -> Iterator[None]:
    """Drop the triggers for the block and put them back, even when it fails."""
    present = bool(installed(connection))
    if present:
        drop(connection)
    try:
        yield
    finally:
        if present:
            install(connection)
