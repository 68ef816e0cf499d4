"""Benchmark of the check-in desk under load (docs/benchmarks.md, "Check-in desk").

    .venv/bin/python bench/bench_checkin.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench .venv/bin/python bench/bench_checkin.py

A congress of 2,000 convened members. The real server (`daihoi serve`: gunicorn, 2 gthread workers × 8
threads) listens on 127.0.0.1 only. Five desks scan cards back to back through the desk page's htmx
endpoint (the request a USB scanner makes), while the projector polls its state every second and five
desk quorum boxes poll every 2 s. Every delegate is scanned once (2,000 scans, bounded), in phases:
100 scans at one desk alone (baseline); 500 scans with five desks at a brisk pace (each desk 2 scans/s,
about five times a real queue) while the projector and desks poll: the target scenario; the remaining
1,400 back to back (stress); then 200 re-scans. Target: p95 of a scan under 100 ms in the target
scenario. Prints p50/p95/max and the target ratio for each phase.
Run it on an empty database: it flushes the one it is given.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

DELEGATES, BRANCHES, DESKS, RESCANS = 2000, 20, 5, 200
TARGET_MS = 100.0
HOST = "127.0.0.1"
DESK_USER, DESK_PASSWORD = "bench-desk", "bench-desk-pw"


def setup() -> tuple[str, int, list[str]]:
    """Organization, roll of 2,000, convened congress, a presidium user. Returns (org, congress, codes)."""
    import datetime as dt

    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.congresses import services
    from daihoi.organizations.models import Member, Organization

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    org = Organization.objects.create(code="bench-org", name="Đảng bộ Bench", kind="grassroots_committee")
    branches = [
        Organization.objects.create(code=f"bench-cb{i:02d}", name=f"Chi bộ {i}", kind="branch", parent=org)
        for i in range(BRANCHES)
    ]
    Member.objects.bulk_create(
        Member(
            organization=org,
            branch=branches[i % BRANCHES],
            member_code=f"B{i:05d}",
            full_name=f"Nguyễn Văn {i}",
            given_name=str(i),
            birth_date=dt.date(1970, 1, 1),
            gender="male",
            status="official",
        )
        for i in range(DELEGATES)
    )
    congress = services.create_congress(
        org, number=1, term_start_year=2025, term_end_year=2030, starts_on=dt.date(2025, 6, 1)
    )
    services.generate_convened_list(congress)
    services.convene_congress(congress)
    user = get_user_model().objects.create_user(DESK_USER, password=DESK_PASSWORD)
    RoleAssignment.objects.create(user=user, organization=org, role=Role.PRESIDIUM)
    codes = list(congress.delegates.order_by("?").values_list("checkin_code", flat=True))
    return org.code, congress.pk, codes


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Session:
    """One logged-in browser: a keep-alive connection with the session and CSRF cookies."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        hdrs = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if method == "POST":
            hdrs.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "X-CSRFToken": self.csrf,
                    "Referer": f"http://{HOST}/",
                }
            )
        try:
            self.conn.request(method, path, body=body, headers=hdrs)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # gunicorn closes idle keep-alive connections after 2 s: reconnect, as a browser does
            self.conn.close()
            self.conn.connect()
            self.conn.request(method, path, body=body, headers=hdrs)
            response = self.conn.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        self.csrf = self.cookies.get("csrftoken", self.csrf)
        return response.status, text

    def login(self) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        csrf = token.group(1) if token else ""
        body = f"username={DESK_USER}&password={DESK_PASSWORD}&csrfmiddlewaretoken={csrf}"
        status, _ = self.request("POST", "/accounts/login/", body)
        if status not in (200, 302) or "sessionid" not in self.cookies:
            raise SystemExit(f"login failed: {status}")


def poller(port: int, path: str, every: float, stop: threading.Event, counts: list[int]) -> None:
    session = Session(port)
    session.login()
    while not stop.is_set():
        status, _ = session.request("GET", path)
        counts.append(status)
        stop.wait(every)


def desk(
    port: int, base: str, codes: list[str], latencies: list[float], answers: list[str], interval: float
) -> None:
    session = Session(port)
    session.login()
    session.request("GET", f"{base}/desk/")
    for code in codes:
        start = time.perf_counter()
        status, text = session.request("POST", f"{base}/desk/", f"code={code}", {"HX-Request": "true"})
        took = time.perf_counter() - start
        latencies.append(took * 1000)
        found = re.search(r'data-code="([a-z_]+)"', text)
        answers.append(found.group(1) if found and status == 200 else f"http-{status}")
        if interval > took:
            time.sleep(interval - took)


def run_desks(
    port: int, base: str, codes: list[str], desks: int = DESKS, interval: float = 0.0
) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    answers: list[str] = []
    threads = [
        threading.Thread(target=desk, args=(port, base, codes[i::desks], latencies, answers, interval))
        for i in range(desks)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, answers


def report(label: str, latencies: list[float], answers: list[str], expected: str) -> float:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    wrong = sum(1 for a in answers if a != expected)
    print(
        f"{label:<24} n={len(ordered):5}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {ordered[-1]:7.1f} ms  "
        f"(target p95 < {TARGET_MS:.0f} ms: ratio {p95 / TARGET_MS:.2f})  unexpected answers: {wrong}"
    )
    return p95


def main() -> None:
    org_code, congress_id, codes = setup()
    port = free_port()
    env = {**os.environ, "DAIHOI_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [sys.executable, "-m", "daihoi", "serve", "--host", HOST, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection((HOST, port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        base = f"/c/{org_code}/{congress_id}"
        alone, alone_answers = run_desks(port, base, codes[:100], desks=1)
        stop = threading.Event()
        polls: list[int] = []
        pollers = [threading.Thread(target=poller, args=(port, f"{base}/projector/state/", 1.0, stop, polls))]
        pollers += [
            threading.Thread(target=poller, args=(port, f"{base}/quorum/", 2.0, stop, polls))
            for _ in range(DESKS)
        ]
        for t in pollers:
            t.start()
        time.sleep(1)
        paced, paced_answers = run_desks(port, base, codes[100:600], interval=0.5)
        start = time.perf_counter()
        stress, stress_answers = run_desks(port, base, codes[600:])
        elapsed = time.perf_counter() - start
        rescans, reanswers = run_desks(port, base, codes[:RESCANS], interval=0.5)
        stop.set()
        for t in pollers:
            t.join()
        print(
            f"database: {connection.vendor}; {DELEGATES:,} delegates; "
            "server: daihoi serve (gunicorn 2x8 gthread)"
        )
        print(
            f"pollers: projector every 1 s + {DESKS} quorum boxes every 2 s ({len(polls)} polls, "
            f"{sum(1 for s in polls if s != 200)} failed)"
        )
        report("one desk alone", alone, alone_answers, "checked_in")
        report("5 desks, 2 scans/s each", paced, paced_answers, "checked_in")
        report("5 desks back to back", stress, stress_answers, "checked_in")
        print(
            f"  (back to back: {len(stress)} scans in {elapsed:.1f} s = {len(stress) / elapsed:.0f} scans/s)"
        )
        report("re-scan, 2/s per desk", rescans, reanswers, "already_present")
        from daihoi.congresses.models import Delegate

        present = Delegate.objects.filter(congress_id=congress_id, present=True).count()
        print(f"present after the run: {present:,} of {DELEGATES:,}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
