"""The audit chain's key, kept outside the database.

`DAIHOI_AUDIT_KEY` (setting AUDIT_KEY) when set — a province's app servers must all use the same key;
else the file AUDIT_KEY_FILE (default var/audit_key), made on first use with 32 random bytes (hex),
readable by its owner only. Someone who can only reach the database cannot compute a valid entry.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings

from daihoi.audit.chain import key_id


class AuditKeyError(Exception):
    """The key is missing, unreadable or not the one that signed the chain."""


def key_path() -> Path:
    return Path(getattr(settings, "AUDIT_KEY_FILE", Path(settings.VAR_DIR) / "audit_key"))


def _create(path: Path) -> None:
    """Write a new key file atomically: two processes starting at once end up with the same key."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit_key.")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (secrets.token_hex(32) + "\n").encode())
        os.fsync(fd)
        os.close(fd)
        with contextlib.suppress(FileExistsError):  # another process made the key first: theirs is used
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


@cache
def _load(value: str, path: str) -> bytes:
    if value:
        if len(value) < 32:
            raise AuditKeyError("DAIHOI_AUDIT_KEY is too short (at least 32 characters)")
        return value.encode()
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        _create(file)
    try:
        text = file.read_text().strip()
    except OSError as exc:
        raise AuditKeyError(f"cannot read the audit key {file}: {exc}") from exc
    if len(text) < 32:
        raise AuditKeyError(f"the audit key {file} is too short (at least 32 characters)")
    return text.encode()


def audit_key() -> bytes:
    return _load(getattr(settings, "AUDIT_KEY", "") or "", str(key_path()))


def current_key_id() -> str:
    return key_id(audit_key())
