"""DAIHOI_REDIS_URL switches the cache, the sessions and the live versions to Redis; without it the
laptop keeps its defaults (process memory cache, database sessions, live versions in files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'caches': {k: v['BACKEND'] for k, v in s.CACHES.items()}, "
    "'location': s.CACHES['default'].get('LOCATION'), 'session': s.SESSION_ENGINE}))"
)


def _settings(tmp_path: Path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DAIHOI_") and k != "DATABASE_URL"}
    clean |= {"DJANGO_SETTINGS_MODULE": "daihoi.settings.base", "DAIHOI_VAR_DIR": str(tmp_path), **env}
    clean["PYTHONPATH"] = str(SRC)
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + SHOW],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_laptop_defaults(tmp_path):
    found = _settings(tmp_path)
    assert found["caches"]["default"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["caches"]["live"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert found["session"] == "django.contrib.sessions.backends.db"


def test_postgresql_without_redis_keeps_the_versions_in_the_database(tmp_path):
    """Several machines sharing only PostgreSQL must still see each other's changes: never files."""
    found = _settings(tmp_path, DATABASE_URL="postgres://u@10.0.0.10:5432/daihoi")
    assert found["caches"]["live"] == "django.core.cache.backends.db.DatabaseCache"
    assert found["session"] == "django.contrib.sessions.backends.db"


def test_redis_for_a_province(tmp_path):
    found = _settings(tmp_path, DAIHOI_REDIS_URL="redis://10.0.0.10:6379/4")
    assert found["caches"] == {
        "default": "django.core.cache.backends.redis.RedisCache",
        "live": "django.core.cache.backends.redis.RedisCache",
    }
    assert found["location"] == "redis://10.0.0.10:6379/4"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"


def test_sessions_survive_a_redis_flush(db, client, django_user_model, settings):
    """cached_db on a real Redis (db 5): the session is in the database too, so emptying Redis (a
    restart without persistence) keeps the user logged in."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/5", socket_connect_timeout=1).ping()
    except Exception as exc:
        pytest.skip(f"needs Redis at 127.0.0.1:6379 ({exc})")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
        },
        "live": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = django_user_model.objects.create_user(username="flush-me", password="pw-flush-me")
    client.force_login(user)
    assert client.get("/accounts/password/").status_code == 200
    redis.Redis.from_url("redis://127.0.0.1:6379/5").flushdb()
    assert client.get("/accounts/password/").status_code == 200
