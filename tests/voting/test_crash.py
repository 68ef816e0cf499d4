"""Every acknowledged vote survives a crash (issue 12, "Secrecy and integrity").

The real server (`daihoi serve`: gunicorn, 2 workers × 8 threads) on its own database (a SQLite file in
a temporary folder; PostgreSQL too when DATABASE_URL names it), with a congress in session, a phone bound
to each voter and a poll open. Client threads cast ballots through the JSON API (each voter a different
ballot); once a third of them have been acknowledged the whole server process group is killed with
SIGKILL, mid-load. The server is started again, and:

- every cast that got a 201 has its Participation and its Ballot (the ballot it sent);
- nothing else: no participation of a delegate whose phone sent nothing, as many ballots as
  participations, and each ballot is one that a stored delegate sent (a cast that got no answer is
  stored whole or not at all);
- the restarted server takes the casts that were lost, and refuses a second ballot of those stored;
- the server's log (gunicorn's access log, errors) names no ballot.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from secrecy_setup import distinct_struck

pytestmark = pytest.mark.slow

VOTERS = 150
CSRF = "c" * 32
SETUP_SCRIPT = Path(__file__).with_name("secrecy_setup.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        headers = {"Cookie": f"daihoi_device={token}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


class Server:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, _free_port()
        self.process: subprocess.Popen | None = None

    def start(self, token: str) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daihoi", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the kill takes gunicorn and its workers
            )
        for _ in range(300):
            try:
                if _request(self.port, "GET", "/api/voting/phone", token)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        pytest.fail("the server did not answer: " + self.log.read_text(errors="replace")[-2000:])

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def _pg_database(url: str, name: str) -> str:
    """A fresh PostgreSQL database `name` beside the one of `url`; returns its URL."""
    import dj_database_url
    import psycopg

    params = dj_database_url.parse(url)
    admin = f"{url.rsplit('/', 1)[0]}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    assert params["NAME"]
    return f"{url.rsplit('/', 1)[0]}/{name}"


def _stored(env: dict[str, str], poll: int) -> tuple[set[int], list[str], list[str]]:
    """(numbers of the delegates with an electronic participation, the poll's ballots' contents, their
    ids), read from the server's database directly."""
    sql_who = (
        "SELECT d.number FROM voting_participation p JOIN congresses_delegate d ON d.id = p.delegate_id "
        "WHERE p.poll_id = %s AND p.channel = 'electronic'"
    )
    sql_what = "SELECT content, id FROM voting_ballot WHERE poll_id = %s"
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            who = {row[0] for row in conn.execute(sql_who, [poll])}
            what = list(conn.execute(sql_what, [poll]))
    else:
        conn = sqlite3.connect(Path(env["DAIHOI_VAR_DIR"]) / "daihoi.sqlite3")
        try:
            who = {row[0] for row in conn.execute(sql_who.replace("%s", "?"), [poll])}
            what = list(conn.execute(sql_what.replace("%s", "?"), [poll]))
        finally:
            conn.close()
    ids = [str(r[1]) for r in what]
    return who, [str(r[0]) for r in what], ids + [i.replace("-", "") for i in ids]


@pytest.fixture(params=["sqlite", "postgresql"])
def server_env(request, tmp_path):
    env = {
        **os.environ,
        "DAIHOI_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "daihoi.settings.base",
        "DAIHOI_LOG_LEVEL": "INFO",
    }
    url = os.environ.get("DATABASE_URL", "")
    if request.param == "sqlite":
        env.pop("DATABASE_URL", None)
    elif not url.startswith("postgres"):
        pytest.skip("PostgreSQL: run with DATABASE_URL=postgres://...")
    else:
        env["DATABASE_URL"] = _pg_database(url, "daihoi_crash_test")
    return env


def test_every_acknowledged_vote_survives_kill_9(server_env, tmp_path):
    env = server_env
    prepared = tmp_path / "prepared.json"
    subprocess.run([sys.executable, str(SETUP_SCRIPT), str(VOTERS), str(prepared)], env=env, check=True)
    data = json.loads(prepared.read_text())
    poll, tokens = data["poll"], {int(n): t for n, t in data["tokens"].items()}
    struck = dict(zip(sorted(tokens), distinct_struck(len(tokens)), strict=True))
    content = {n: ",".join(str(x) for x in s) for n, s in struck.items()}  # the canonical content
    url = f"/api/voting/polls/{poll}/ballot"

    server = Server(env, tmp_path / "server.log")
    server.start(tokens[1])
    acked: set[int] = set()
    refused: dict[int, object] = {}
    unanswered: set[int] = set()
    lock = threading.Lock()
    todo: queue.Queue[int] = queue.Queue()
    for n in sorted(tokens):
        todo.put(n)
    killed = threading.Event()

    def client() -> None:
        while True:
            try:
                n = todo.get_nowait()
            except queue.Empty:
                return
            try:
                status, body = _request(server.port, "POST", url, tokens[n], {"struck": struck[n]})
            except (OSError, http.client.HTTPException, ValueError):
                # refused or reset connection, a status line or body cut by the kill: no answer
                with lock:
                    unanswered.add(n)
                continue
            with lock:
                if status == 201:
                    acked.add(n)
                else:
                    refused[n] = (status, body)
                if len(acked) == VOTERS // 3 and not killed.is_set():
                    # The client that got the 50th answer kills the server group at once, while the
                    # other clients' casts are in flight.
                    server.kill()
                    killed.set()

    try:
        threads = [threading.Thread(target=client) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert killed.is_set(), "the casts ended before the kill"
        assert refused == {}  # before the kill: 201; after it: no answer at all
        assert len(acked) >= VOTERS // 3  # (and a few answers already read when the kill came)
        assert acked | unanswered == set(tokens)

        server.start(tokens[1])  # after the crash: the same database, recovered
        who, contents, _ids = _stored(env, poll)
        assert acked <= who, "an acknowledged vote was lost"
        assert who <= acked | unanswered, "a participation no phone sent"
        assert len(contents) == len(who), "a ballot without its participation or the reverse"
        assert sorted(contents) == sorted(content[n] for n in who)

        # The restarted server takes the lost casts and refuses a second ballot of the stored ones.
        for n in sorted(unanswered):
            status, body = _request(server.port, "POST", url, tokens[n], {"struck": struck[n]})
            if n in who:
                assert (status, body.get("code")) == (409, "voted_electronically")
            else:
                assert status == 201, body
        who, contents, ids = _stored(env, poll)
        assert who == set(tokens)
        assert sorted(contents) == sorted(content.values())
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert "/ballot" in log  # the access log was written...
    assert not [i for i in ids if i in log], "...and names no ballot"
    assert "voting_ballot" not in log
