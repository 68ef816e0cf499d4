"""This installation's Ed25519 signing key for export packages, kept outside the database.

`DAIHOI_PACKAGE_KEY` (setting PACKAGE_KEY: the 32-byte seed in hex) when set; else the file
PACKAGE_KEY_FILE (default var/package_key, beside the audit key), made on first use, readable by its
owner only. The public key's fingerprint (SHA-256 of the public key, base32, in groups of four) is what a
person reads aloud or pastes on the server to trust the laptop.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from nacl.signing import SigningKey


class PackageKeyError(Exception):
    """The signing key is missing, unreadable or malformed."""


def key_path() -> Path:
    return Path(getattr(settings, "PACKAGE_KEY_FILE", Path(settings.VAR_DIR) / "package_key"))


def _create(path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".package_key.")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (secrets.token_hex(32) + "\n").encode())
        os.fsync(fd)
        os.close(fd)
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs is used
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _seed(text: str, where: str) -> bytes:
    try:
        seed = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise PackageKeyError(f"{where}: not hexadecimal") from exc
    if len(seed) != 32:
        raise PackageKeyError(f"{where}: 64 hexadecimal digits expected")
    return seed


def signing_key() -> SigningKey:
    value = os.environ.get("DAIHOI_PACKAGE_KEY") or getattr(settings, "PACKAGE_KEY", "")
    if value:
        return SigningKey(_seed(value, "DAIHOI_PACKAGE_KEY"))
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise PackageKeyError(f"cannot read the package key {path}: {exc}") from exc
    return SigningKey(_seed(text, str(path)))


def public_key_hex(key: SigningKey | None = None) -> str:
    return bytes((key or signing_key()).verify_key).hex()


def fingerprint(public_key: bytes | str) -> str:
    """SHA-256 of the public key, first 20 bytes in base32, groups of four: ABCD-EFGH-…"""
    raw = bytes.fromhex(public_key) if isinstance(public_key, str) else public_key
    text = base64.b32encode(hashlib.sha256(raw).digest()[:20]).decode()
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize_fingerprint(text: str) -> str:
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))
