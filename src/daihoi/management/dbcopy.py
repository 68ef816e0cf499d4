"""Consistent copies of the live database and putting one back (`daihoi backup` / `daihoi restore`).

SQLite: the online backup API copies a snapshot page by page while the server keeps serving (in WAL
mode readers never block writers). PostgreSQL: pg_dump's custom format, a snapshot of one transaction;
pg_restore --clean --if-exists puts it back in a single transaction.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils.translation import gettext as _

from daihoi.files import create_owner_only

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# Tables every daihoi database has; a file without them is not one of our backups.
REQUIRED_TABLES = ("django_migrations", "audit_auditentry")


class CopyError(Exception):
    """A refused backup or restore; `code` is for tests and scripts, the message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _check_writable(path: Path) -> None:
    parent = path.parent
    if not parent.is_dir():
        raise CopyError(
            "not_writable",
            _("Cannot write %(path)s: folder %(dir)s does not exist.") % {"path": path, "dir": parent},
        )
    if path.is_dir():
        raise CopyError("not_writable", _("Cannot write %(path)s: it is a folder.") % {"path": path})
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CopyError("not_writable", _("Cannot write %(path)s: permission denied.") % {"path": path})


def _check_readable(path: Path) -> bytes:
    if not path.is_file():
        raise CopyError("not_found", _("No backup file at %(path)s.") % {"path": path})
    try:
        with path.open("rb") as fh:
            return fh.read(16)
    except OSError as exc:
        raise CopyError(
            "not_readable", _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc


def _not_a_backup(path: Path) -> CopyError:
    return CopyError(
        "not_a_backup", _("%(path)s is not a daihoi backup of this kind of database.") % {"path": path}
    )


# --- SQLite -------------------------------------------------------------------------------------


def check_not_live(path: Path, live: object) -> None:
    """Refuse to write a backup over the live database file (or restore it onto itself)."""
    live_path = Path(str(live))
    if live_path.is_absolute() and path.resolve() == live_path.resolve():
        raise CopyError(
            "same_file", _("%(path)s is the live database itself; choose another file.") % {"path": path}
        )


def sqlite_backup(source: sqlite3.Connection, path: Path) -> None:
    """Copy `source` into a new file at `path` (written aside, then renamed, so never half a file)."""
    _check_writable(path)
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    try:
        create_owner_only(part)  # a copy of the roll and the ballots: its owner only (0600)
        target = sqlite3.connect(part)
        try:
            source.backup(target)  # all pages in one step: one consistent snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise CopyError(
                    "corrupt", _("The copy failed its integrity check: %(result)s") % {"result": result}
                )
        finally:
            target.close()
        os.replace(part, path)
    except sqlite3.Error as exc:
        raise CopyError("failed", _("Backup failed: %(error)s") % {"error": exc}) from exc
    finally:
        part.unlink(missing_ok=True)


def sqlite_check_backup(path: Path) -> None:
    """Refuse anything but an intact SQLite file holding a daihoi database."""
    if not _check_readable(path).startswith(SQLITE_MAGIC):
        raise _not_a_backup(path)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CopyError(
                    "corrupt", _("%(path)s is damaged (integrity check failed).") % {"path": path}
                )
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise _not_a_backup(path) from exc
    if not set(REQUIRED_TABLES) <= names:
        raise _not_a_backup(path)


def sqlite_restore(path: Path, target: sqlite3.Connection) -> None:
    """Overwrite the live database behind `target` with the backup at `path`."""
    sqlite_check_backup(path)
    journal = target.execute("PRAGMA journal_mode").fetchone()[0]
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
            source.backup(target)
    except sqlite3.Error as exc:
        raise CopyError("failed", _("Restore failed: %(error)s") % {"error": exc}) from exc
    if journal.lower() == "wal":  # the copy was stored in rollback-journal mode
        target.execute("PRAGMA journal_mode=WAL")


# --- PostgreSQL ---------------------------------------------------------------------------------


def pg_connection_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for pg_dump/pg_restore from a Django database setting."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", str(settings_dict["NAME"]), "--no-password"]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return args, env


def _run(cmd: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise CopyError(
            "tool_missing",
            _("%(tool)s is not installed (Debian package postgresql-client).") % {"tool": cmd[0]},
        ) from exc
    if done.returncode != 0:
        raise CopyError(
            "failed", _("%(what)s failed: %(error)s") % {"what": what, "error": done.stderr.strip()}
        )
    return done


def pg_backup(settings_dict: dict[str, Any], path: Path) -> None:
    _check_writable(path)
    part = path.with_name(path.name + ".part")
    args, env = pg_connection_args(settings_dict)
    try:
        create_owner_only(part)  # pg_dump writes into it, keeping its mode: 0600
        _run(["pg_dump", "--format=custom", "--file", str(part), *args], env, "pg_dump")
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def pg_check_backup(path: Path) -> None:
    if not _check_readable(path).startswith(PG_MAGIC):
        raise _not_a_backup(path)
    listing = _run(["pg_restore", "--list", str(path)], dict(os.environ), "pg_restore --list").stdout
    if not all(f" TABLE public {table} " in listing for table in REQUIRED_TABLES):
        raise _not_a_backup(path)


def pg_restore(settings_dict: dict[str, Any], path: Path) -> None:
    """Drop and recreate every object of the dump in one transaction (nothing half-restored)."""
    pg_check_backup(path)
    args, env = pg_connection_args(settings_dict)
    connections.close_all()  # our own sessions must not hold locks on the tables being dropped
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)],
        env,
        "pg_restore",
    )
