"""Settings for every deployment: one laptop on SQLite by default, PostgreSQL through DATABASE_URL."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from daihoi.i18n_build import ensure_compiled

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("DAIHOI_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("DAIHOI_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key comes from the environment or from a file made once per installation."""
    if key := os.environ.get("DAIHOI_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# The audit chain's HMAC key, never stored in the database (daihoi.audit.keys): DAIHOI_AUDIT_KEY for a
# province's several app servers (they must share it), else a file made on first use (mode 0600).
AUDIT_KEY = os.environ.get("DAIHOI_AUDIT_KEY", "")
AUDIT_KEY_FILE = Path(os.environ.get("DAIHOI_AUDIT_KEY_FILE", VAR_DIR / "audit_key"))
DEBUG = os.environ.get("DAIHOI_DEBUG", "") == "1"
# A hall's LAN reaches the laptop by whatever address it got; restrict with DAIHOI_ALLOWED_HOSTS.
ALLOWED_HOSTS = os.environ.get("DAIHOI_ALLOWED_HOSTS", "*").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DAIHOI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "daihoi.apps.DaihoiConfig",
    "daihoi.accounts",
    "daihoi.audit",
    "daihoi.organizations",
    "daihoi.congresses",
    "daihoi.elections",
    "daihoi.targets",
    "daihoi.documents",
    "daihoi.dossier_docs",
    "daihoi.voting",
    "daihoi.seasons",
    "daihoi.transfer",
    "daihoi.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves /api/docs' Swagger UI from its bundled static files (no CDN; works offline)
    "axes",  # login throttling (see "Login throttling" below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "daihoi.middleware.MethodNotAllowedPageMiddleware",
    "daihoi.middleware.ContentSecurityPolicyMiddleware",
    "daihoi.middleware.NulCharacterMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "daihoi.urls"
WSGI_APPLICATION = "daihoi.wsgi.application"
ASGI_APPLICATION = "daihoi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "daihoi.context_processors.navigation",
            ],
        },
    },
]

# SQLite in ./var by default (WAL, immediate transactions so writers queue instead of failing);
# DATABASE_URL=postgres://... for a province-wide deployment.
SQLITE_PATH = VAR_DIR / "daihoi.sqlite3"
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000; PRAGMA secure_delete=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The throttle comes first: a locked-out account or address is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "daihoi.accounts.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Per-app catalogs live in each app's locale/; this one holds the project-wide strings. Whatever
# installed the package (a wheel, `pip install -e .` with no make), a missing compiled catalog is
# compiled here at start-up — in the package, or under VAR_DIR/locale when the package is read-only.
LOCALE_PATHS = [*ensure_compiled(VAR_DIR / "locale"), PACKAGE_DIR / "locale"]
# Django's vi format module has no thousands grouping: ours adds "." thousands and "," decimals.
FORMAT_MODULE_PATH = ["daihoi.formats"]
USE_THOUSAND_SEPARATOR = False  # numbers are grouped explicitly with the |vn_number filter

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
# Bounded inputs (docs/security.md). An uploaded file above 2.5 MB is spooled to a temporary file, not
# held in memory; a request body that is not a file (a pasted text, a form) may be at most 5 MB: the
# longest text the extractor reads (DAIHOI_EXTRACT_MAX_CHARS) is under 2 MB even form-encoded.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Target extraction: the longest text read at once (characters), on the page, the API and the command.
DAIHOI_EXTRACT_MAX_CHARS = int(os.environ.get("DAIHOI_EXTRACT_MAX_CHARS", 200_000))
# Imports (the roll, the ratings): the largest file accepted, the largest size its workbook may unpack
# to, and the most rows read; defaults fit a province's roll. A file over a limit is refused before it
# is parsed, with a message naming its size and the limit; at most DAIHOI_IMPORT_MAX_ISSUES problems
# are listed, then how many more there are.
DAIHOI_IMPORT_MAX_BYTES = int(os.environ.get("DAIHOI_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
DAIHOI_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("DAIHOI_IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024))
DAIHOI_IMPORT_MAX_ROWS = int(os.environ.get("DAIHOI_IMPORT_MAX_ROWS", 20_000))
DAIHOI_IMPORT_MAX_ISSUES = int(os.environ.get("DAIHOI_IMPORT_MAX_ISSUES", 100))
# Congress documents (PDF, Word) attached to a congress.
DAIHOI_DOCUMENT_MAX_BYTES = int(os.environ.get("DAIHOI_DOCUMENT_MAX_BYTES", 50 * 1024 * 1024))


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# --- Login throttling (django-axes; docs/security.md) --------------------------------------------
# Failures are counted per username and per client address, in the database (one laptop on SQLite or
# several app servers on PostgreSQL share the same counts). LIMIT failures within the cool-off lock
# that username, or that address, for COOLOFF minutes; every further failure restarts the cool-off.
# The organizer unlocks users of their organization on the users page; `daihoi unlock` unlocks anyone.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _env_int("DAIHOI_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("DAIHOI_LOGIN_COOLOFF_MINUTES", 15))
# DAIHOI_LOGIN_LOCKOUT_BY=username when every phone reaches the server through one NAT address.
AXES_LOCKOUT_PARAMETERS = [
    {"username": "username", "address": "ip_address", "ip_address": "ip_address"}[p.strip()]
    for p in os.environ.get("DAIHOI_LOGIN_LOCKOUT_BY", "username,address").split(",")
    if p.strip()
]
AXES_CLIENT_IP_CALLABLE = "daihoi.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "daihoi.accounts.throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_VERBOSE = False

# --- Cache, sessions and live updates across app servers (docs/deployment.md) -------------------
# DAIHOI_REDIS_URL=redis://host:6379/0 for a province's several app servers: the cache is Redis (shared
# by every process), sessions are written to the database and cached in Redis (a session survives a
# Redis restart), and the live pages' change versions (daihoi.live_signals) are in Redis. Without it
# (the hall laptop) the cache stays each process's memory, sessions stay in the database, and the
# change versions are small files under VAR_DIR/live, which every worker process of the laptop shares
# (on PostgreSQL without Redis: a table of the database).
DAIHOI_REDIS_URL = os.environ.get("DAIHOI_REDIS_URL", "").strip()
if DAIHOI_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DAIHOI_REDIS_URL,
            "KEY_PREFIX": os.environ.get("DAIHOI_CACHE_PREFIX", "daihoi"),
            "TIMEOUT": 3600,
            # A slow or dead Redis costs at most a second, never a hung request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CACHES["live"] = CACHES["default"]
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif _database_url:
    # PostgreSQL without Redis: the versions in a table of the shared database (made by `migrate`), so
    # app servers on several machines still see each other's changes.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "live": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "daihoi_live_versions",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "live": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "live"),
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

# --- Sessions -----------------------------------------------------------------------------------
# One congress day: a login lasts 12 hours at most (DAIHOI_SESSION_HOURS), and its cookie dies with the
# browser, so closing the browser of a shared laptop ends the session even before that.
SESSION_COOKIE_AGE = _env_int("DAIHOI_SESSION_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (daihoi.middleware.ContentSecurityPolicyMiddleware): scripts only from our
# own static files, never inline; styles inline too (templates size bars with style="width: …%").
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# --- Behind TLS (docs/security.md, "Serving over HTTPS") ------------------------------------------
# DAIHOI_HTTPS=1 when a reverse proxy (nginx, caddy) terminates TLS in front of `daihoi serve`: cookies
# travel over HTTPS only, the proxy's X-Forwarded-Proto tells Django the request was secure, and the
# client's address comes from the proxy's X-Real-IP (for the login throttle and the audit log).
DAIHOI_HTTPS = os.environ.get("DAIHOI_HTTPS", "") == "1"
if DAIHOI_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the balancer checks each app server over plain HTTP
    # HSTS is opt-in: with a self-signed certificate it would make a certificate error unskippable.
    SECURE_HSTS_SECONDS = _env_int("DAIHOI_HSTS_SECONDS", 0)

# Files the application creates (database, backups, logs, the secret key) are for its owner only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# DAIHOI_LOG_FILE: also write the log to this file (created 0600).
DAIHOI_LOG_FILE = os.environ.get("DAIHOI_LOG_FILE", "").strip()

LOGGING: dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DAIHOI_LOG_LEVEL", "WARNING")},
    # Never the SQL statements with their parameters, whatever the level or DAIHOI_DEBUG: the statement
    # inserting a delegate's participation beside the one inserting a secret ballot would tie them
    # (docs/security.md, "Electronic voting").
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
if DAIHOI_LOG_FILE:
    LOGGING["handlers"]["file"] = {"class": "daihoi.files.OwnerOnlyFileHandler", "filename": DAIHOI_LOG_FILE}
    LOGGING["root"]["handlers"].append("file")
