"""A province on one machine: N gunicorn app servers (deploy/gunicorn.conf.py) behind Debian's HAProxy
(deploy/haproxy.cfg, from `defaults` on, with free ports), a fresh PostgreSQL database and a Redis db.
Used by tests/deploy/test_multi_server.py and bench/province_load.py."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DEPLOY = ROOT / "deploy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def missing_requirements(database_url: str) -> str:
    """Why the province cannot start here ("" when it can)."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        return "needs PostgreSQL (DATABASE_URL=postgres://...): a province's servers share one database"
    if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
        return "needs Debian's haproxy (apt-get install haproxy; `make test` installs it)"
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except Exception as exc:
        return f"needs Redis at 127.0.0.1:6379 ({exc})"
    return ""


def _admin_url(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/" + name))


@dataclass
class Province:
    database_url: str
    redis_url: str
    servers: int = 3
    workers: int = 1
    threads: int = 8
    var_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="daihoi-province-")))
    ports: list[int] = field(default_factory=list)
    lb_port: int = 0
    procs: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    haproxy: subprocess.Popen[bytes] | None = None
    db_name: str = ""

    # ---------------------------------------------------------------- database
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DAIHOI_", "PYTEST", "DJANGO_"))}
        env.update(
            DATABASE_URL=_admin_url(self.database_url, self.db_name),
            DAIHOI_REDIS_URL=self.redis_url,
            DAIHOI_SECRET_KEY=self._secret,
            DAIHOI_AUDIT_KEY=self._audit_key,
            DAIHOI_VAR_DIR=str(self.var_dir),
            DJANGO_SETTINGS_MODULE="daihoi.settings.base",
            PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            DAIHOI_ACCESS_LOG="",
            DAIHOI_WORKERS=str(self.workers),
            DAIHOI_THREADS=str(self.threads),
        )
        return env

    def create_database(self, name: str | None = None) -> None:
        import psycopg

        self.db_name = name or f"daihoi_province_{secrets.token_hex(4)}"
        self._secret = secrets.token_urlsafe(40)
        self._audit_key = secrets.token_hex(32)
        with psycopg.connect(_admin_url(self.database_url, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}"')
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()
        self.run("-m", "daihoi", "migrate", "--no-input", "-v", "0")

    def drop_database(self) -> None:
        import psycopg

        with psycopg.connect(_admin_url(self.database_url, "postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    def run(self, *args: str, timeout: float = 900) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=self.env(), cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def seed(self, **options: Any) -> dict[str, Any]:
        out = self.var_dir / f"seed-{secrets.token_hex(3)}.json"
        argv = [str(ROOT / "bench" / "province_seed.py"), "--out", str(out)]
        for key, value in options.items():
            if value is True:
                argv.append(f"--{key}")
            elif value is not False:
                argv += [f"--{key}", str(value)]
        self.run(*argv)
        return dict(json.loads(out.read_text()))

    def sql(self, query: str, params: Any = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(_admin_url(self.database_url, self.db_name)) as conn:
            return list(conn.execute(query, params).fetchall())

    # ---------------------------------------------------------------- processes
    def start_server(self, port: int) -> None:
        log = open(self.var_dir / f"gunicorn-{port}.log", "ab")  # noqa: SIM115 — lives with the process
        env = self.env() | {"DAIHOI_BIND": f"127.0.0.1:{port}"}
        self.procs[port] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(DEPLOY / "gunicorn.conf.py"),
                "daihoi.wsgi:application",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the master and its workers
        )

    def haproxy_config(self) -> str:
        text = (DEPLOY / "haproxy.cfg").read_text()
        text = text[text.index("\ndefaults") :]
        text = re.sub(r"\n\s*log global", "", text)
        text = re.sub(r"(?m)^\s*bind :80$", f"    bind 127.0.0.1:{self.lb_port}", text)
        text = re.sub(r"(?m)^\s*server app.*\n", "", text)
        servers = "".join(f"    server app{i + 1} 127.0.0.1:{p} check\n" for i, p in enumerate(self.ports))
        return "global\n    maxconn 4096\n" + text.rstrip("\n") + "\n" + servers

    def start(self) -> None:
        self.ports = [free_port() for _ in range(self.servers)]
        self.lb_port = free_port()
        for port in self.ports:
            self.start_server(port)
        for port in self.ports:
            self.wait_healthy(port)
        cfg = self.var_dir / "haproxy.cfg"
        cfg.write_text(self.haproxy_config())
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.haproxy = subprocess.Popen(
            [haproxy, "-db", "-f", str(cfg)],
            stdout=open(self.var_dir / "haproxy.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_healthy(self.lb_port)

    def wait_healthy(self, port: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"nothing healthy on port {port}: see {self.var_dir}")

    def kill(self, port: int) -> None:
        """SIGKILL an app server (master and workers): a machine that dies."""
        proc = self.procs[port]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def stop(self) -> None:
        for proc in [*self.procs.values(), *([self.haproxy] if self.haproxy else [])]:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(proc.pid, signal.SIGKILL)

    def url(self, port: int | None = None) -> str:
        return f"http://127.0.0.1:{port or self.lb_port}"


class Client(requests.Session):
    """A browser-like session on one base URL: CSRF token from the cookie, htmx header when asked."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def login(self, username: str, password: str) -> None:
        self.get(self.base + "/accounts/login/", timeout=10).raise_for_status()
        response = self.post(
            self.base + "/accounts/login/",
            data={"username": username, "password": password},
            headers={"X-CSRFToken": self.cookies.get("csrftoken", ""), "Referer": self.base + "/"},
            timeout=30,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login refused: {response.status_code}")

    def use_session(self, key: str) -> None:
        self.cookies.set("sessionid", key)
        self.get(self.base + "/", timeout=10)  # the CSRF cookie
        if "csrftoken" not in self.cookies:
            self.cookies.set("csrftoken", secrets.token_hex(16))

    def form(self, path: str, data: dict[str, Any], *, htmx: bool = False, base: str = "", **kw: Any) -> Any:
        base = base or self.base
        headers = {"X-CSRFToken": self.cookies.get("csrftoken", ""), "Referer": base + "/"}
        if htmx:
            headers["HX-Request"] = "true"
        return self.post(base + path, data=data, headers=headers, allow_redirects=False, **kw)
