"""Hardening of a deployment (docs/security.md): /api/docs for signed-in users with local assets, a
session as long as a congress day, DAIHOI_HTTPS behind a TLS proxy, files readable by their owner only."""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import override_settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- /api/docs -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_docs_and_schema_are_for_signed_in_users(client, role_users):
    for url in ("/api/docs", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=/api/")
    client.force_login(role_users["observer"])
    assert client.get("/api/openapi.json").status_code == 200
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    # Every asset from this server: no CDN (the hall may have no internet), nothing a CSP would block.
    assert not re.search(r"(src|href)=[\"'](https?:)?//", page), page
    for asset in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", page):
        assert (Path(settings.STATIC_ROOT) / asset.removeprefix("/static/")).exists() or _found(asset), asset


def _found(asset: str) -> bool:
    from django.contrib.staticfiles import finders

    return finders.find(asset.removeprefix("/static/")) is not None


# --- Sessions --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_login_lasts_one_congress_day_and_ends_with_the_browser(client, role_users):
    response = client.post("/accounts/login/", {"username": "delegate", "password": "pw-delegate"})
    assert response.status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""  # a browser-session cookie
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


# --- DAIHOI_HTTPS ----------------------------------------------------------------------------------

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, "
    "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_AGE]))"
)


def _settings_with(tmp_path: Path, **env: str) -> list:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DAIHOI_")}
    environ.update(DAIHOI_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="daihoi.settings.base", **env)
    code = "import django; django.setup(); " + SHOW
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_daihoi_https_turns_on_secure_cookies_and_the_proxy_header(tmp_path):
    assert _settings_with(tmp_path) == [False, False, None, False, 0, 12 * 3600]
    assert _settings_with(tmp_path, DAIHOI_HTTPS="1", DAIHOI_SESSION_HOURS="10") == [
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
        0,  # HSTS only on request: a self-signed certificate's warning must stay skippable
        10 * 3600,
    ]
    assert _settings_with(tmp_path, DAIHOI_HTTPS="1", DAIHOI_HSTS_SECONDS="86400")[4] == 86400


@pytest.mark.django_db
@override_settings(
    DAIHOI_HTTPS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_SSL_REDIRECT=True,
)
def test_behind_the_tls_proxy(client, role_users):
    from daihoi.audit.models import AuditEntry

    # Straight to the app over plain HTTP: sent to HTTPS.
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    # Through the proxy: a secure session cookie, and the client's address from X-Real-IP.
    proxied = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_REAL_IP": "192.0.2.7", "REMOTE_ADDR": "127.0.0.1"}
    response = client.post("/accounts/login/", {"username": "delegate", "password": "pw-delegate"}, **proxied)
    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert AuditEntry.objects.get(action="accounts.user.logged_in").data["ip"] == "192.0.2.7"


@pytest.mark.django_db
def test_without_the_proxy_a_forged_real_ip_header_is_ignored(client, role_users):
    """Without DAIHOI_HTTPS nothing sits in front to set X-Real-IP: a client's own header is not trusted
    (it would let a guesser pose as a new address after each lockout)."""
    from daihoi.audit.models import AuditEntry

    client.post(
        "/accounts/login/",
        {"username": "delegate", "password": "wrong"},
        HTTP_X_REAL_IP="192.0.2.99",
        REMOTE_ADDR="10.0.0.5",
    )
    assert AuditEntry.objects.get(action="accounts.user.login_failed").data["ip"] == "10.0.0.5"


# --- Files for their owner only --------------------------------------------------------------------


@pytest.fixture
def loose_umask():
    """The umask of a typical login shell (0022: new files readable by everyone)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.slow
def test_database_secret_key_and_backup_are_owner_only(tmp_path, loose_umask):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAIHOI_")}
    env.update(DAIHOI_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="daihoi.settings.base")
    env.pop("DATABASE_URL", None)
    daihoi = [sys.executable, "-m", "daihoi"]
    subprocess.run([*daihoi, "migrate", "--no-input", "-v0"], env=env, check=True)
    backups = tmp_path / "backups"
    backups.mkdir()
    subprocess.run(
        [*daihoi, "backup", str(backups / "copy.sqlite3")], env=env, check=True, capture_output=True
    )
    var = tmp_path / "var"
    assert _mode(var / "daihoi.sqlite3") == 0o600
    assert _mode(var / "secret_key") == 0o600
    assert _mode(backups / "copy.sqlite3") == 0o600
    for companion in var.glob("daihoi.sqlite3-*"):
        assert _mode(companion) == 0o600, companion


def test_sqlite_backup_is_owner_only_in_process(tmp_path, loose_umask):
    from daihoi.management.dbcopy import sqlite_backup

    source = sqlite3.connect(":memory:")
    source.execute("CREATE TABLE t (x)")
    sqlite_backup(source, tmp_path / "b.sqlite3")
    assert _mode(tmp_path / "b.sqlite3") == 0o600


def test_an_older_world_readable_database_is_narrowed(tmp_path, loose_umask):
    from daihoi.files import restrict_sqlite_file

    db = tmp_path / "old.sqlite3"
    sqlite3.connect(db).execute("PRAGMA journal_mode=WAL").fetchone()
    db.chmod(0o644)
    wal = tmp_path / "old.sqlite3-wal"
    wal.touch()
    wal.chmod(0o666)
    connection = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": str(db)})
    restrict_sqlite_file(sender=None, connection=connection)
    assert _mode(db) == 0o600
    assert _mode(wal) == 0o600


def test_log_file_is_owner_only(tmp_path, loose_umask):
    from daihoi.files import OwnerOnlyFileHandler

    path = tmp_path / "logs" / "daihoi.log"
    handler = OwnerOnlyFileHandler(str(path))
    logger = logging.getLogger("daihoi.test.logfile")
    logger.addHandler(handler)
    try:
        logger.warning("Đăng nhập sai")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert _mode(path) == 0o600
    assert "Đăng nhập sai" in path.read_text(encoding="utf-8")
    path.chmod(0o644)  # made wider by hand: narrowed again when reopened
    OwnerOnlyFileHandler(str(path)).close()
    assert _mode(path) == 0o600


def test_the_log_file_setting_uses_the_owner_only_handler(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DAIHOI_")}
    log = tmp_path / "daihoi.log"
    environ.update(
        DAIHOI_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="daihoi.settings.base", DAIHOI_LOG_FILE=str(log)
    )
    code = "import django, logging; django.setup(); logging.getLogger('daihoi').warning('ghi nhật ký')"
    subprocess.run([sys.executable, "-c", code], env=environ, check=True, capture_output=True)
    assert _mode(log) == 0o600
    assert "ghi nhật ký" in log.read_text(encoding="utf-8")
