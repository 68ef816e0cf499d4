"""Files daihoi writes — the database, its backups, logs, the secret key, uploads — are readable by the
user running it and nobody else (mode 0600, folders 0700): on a shared laptop or server, another local
account must not copy the roll or the ballots.

- `owner_only_umask()` (called by the `daihoi` command, wsgi.py and asgi.py) makes every file the
  process creates 0600 from the start, gunicorn's included;
- `restrict_sqlite_file` narrows a database file made earlier or by another tool (each new connection);
- backups are created 0600 before a byte is written (management/dbcopy.py);
- `OwnerOnlyFileHandler` is the log file's handler (DAIHOI_LOG_FILE).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

OWNER_ONLY = 0o600
UMASK = 0o077


def owner_only_umask() -> None:
    os.umask(UMASK)


def restrict(path: str | os.PathLike[str]) -> None:
    """chmod 0600 if the file exists and others (or its group) may read or write it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_IMODE(mode) & 0o077:
        os.chmod(path, stat.S_IMODE(mode) & 0o700 or OWNER_ONLY)


def create_owner_only(path: str | os.PathLike[str]) -> None:
    """Create (or truncate) `path` as an empty file only its owner may read, before anything is written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    try:
        os.fchmod(fd, OWNER_ONLY)
    finally:
        os.close(fd)


_restricted: set[str] = set()


def restrict_sqlite_file(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: the SQLite database file and its -wal/-shm companions, once per
    process and file (SQLite gives its companions the database file's mode)."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or name in _restricted:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        restrict(name + suffix)
    _restricted.add(name)


class OwnerOnlyFileHandler(logging.FileHandler):
    """A log file created 0600 (and narrowed to 0600 if it existed with wider rights)."""

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_ONLY)
        os.fchmod(fd, OWNER_ONLY)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)
