"""Load benchmark of a province's congress day on three app servers (docs/benchmarks.md, "Province on
three app servers").

    .venv/bin/python bench/province_load.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Starts a fresh PostgreSQL database (dropped at the end), a Redis db, three gunicorn app servers
(deploy/gunicorn.conf.py) behind Debian's HAProxy (deploy/haproxy.cfg), as tests/deploy does.

A. The season's day: --congresses congresses (each with --delegates delegates, convened), and for each,
   through the balancer, for --duration seconds:
   - its check-in desk: checks in a delegate every --checkin-every seconds (POST desk, htmx) and
     refreshes its quorum box every 2 s (GET quorum, with the ETag it last saw);
   - its presidium / counting clerks' page: the quorum box every 2 s (GET quorum, ETag);
   - its projector: the hall's screen every second (GET projector/state, ETag).
   Each request is sent when due (a schedule, not back to back); its latency is from when it was sent.
B. An upper (delegates') congress of --upper-delegates delegates: all check in at --desks desks, the
   session opens, an open vote opens, every delegate's phone (bound through the services) chooses.

Prints per request kind and overall: count, 304 share, p50/p95/p99, errors, the ratio p95/200 ms; the
planned and achieved rate; the lateness of the schedule (the load generator runs on the same machine:
when it falls behind, the rate served is lower than planned); checks that every acknowledged check-in
and choice is in the database once.
"""

from __future__ import annotations

import argparse
import heapq
import http.client
import json
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from province_cluster import Province, missing_requirements

CSRF = "c" * 32
HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgres://... (a fresh database is made)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--congresses", type=int, default=300)
    parser.add_argument("--delegates", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--clients", type=int, default=64, help="load generator threads")
    parser.add_argument("--projector-every", type=float, default=1.0)
    parser.add_argument("--quorum-every", type=float, default=2.0)
    parser.add_argument("--checkin-every", type=float, default=4.0, help="seconds between a desk's scans")
    parser.add_argument("--upper-delegates", type=int, default=1500)
    parser.add_argument("--desks", type=int, default=10, help="check-in desks of the upper congress")
    parser.add_argument("--concurrency", type=int, default=50, help="phones in flight (upper congress)")
    parser.add_argument("--skip-day", action="store_true")
    parser.add_argument("--skip-upper", action="store_true")
    parser.add_argument("--seed", type=int, default=20261203)
    return parser.parse_args()


# ---------------------------------------------------------------- HTTP


class Connection:
    """One keep-alive connection to the balancer, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Stats:
    rows: list[tuple[str, float, int]] = field(default_factory=list)  # kind, seconds, status
    late: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.rows.append((kind, seconds, status))

    def report(self, title: str, ok: set[int], elapsed: float) -> dict[str, Any]:
        print(
            f"\n{title}: {len(self.rows):,} requests in {elapsed:.1f} s ({len(self.rows) / elapsed:,.0f}/s)"
        )
        kinds: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for kind, seconds, status in self.rows:
            kinds[kind].append((seconds, status))
            kinds["all"].append((seconds, status))
        summary = {}
        print(f"  {'kind':<12}{'count':>8}{'304':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for kind, rows in sorted(kinds.items(), key=lambda kv: kv[0] == "all"):
            lat = [s * 1000 for s, _ in rows]
            errors = sum(1 for _, st in rows if st not in ok)
            share = sum(1 for _, st in rows if st == 304) / len(rows)
            p50, p95, p99 = percentile(lat, 0.5), percentile(lat, 0.95), percentile(lat, 0.99)
            print(f"  {kind:<12}{len(rows):>8,}{share:>7.0%}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{errors:>8}")
            summary[kind] = {"count": len(rows), "p50": p50, "p95": p95, "p99": p99, "errors": errors}
        statuses: dict[int, int] = defaultdict(int)
        for _, _, status in self.rows:
            if status not in ok:
                statuses[status] += 1
        if statuses:
            print("  errors by status: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(statuses.items())))
        p95 = summary.get("all", {}).get("p95", 0.0)
        print(f"  p95 / 200 ms = {p95 / 200:.2f}")
        if self.late:
            print(
                f"  schedule lateness: median {statistics.median(self.late) * 1000:.0f} ms, "
                f"p95 {percentile(self.late, 0.95) * 1000:.0f} ms"
            )
        return summary


# ---------------------------------------------------------------- A. the season's day


@dataclass
class Actor:
    kind: str  # desk, checkin, clerk, projector
    path: str
    every: float
    cookie: str
    codes: list[str] = field(default_factory=list)
    etag: str = ""


def season_day(p: Province, args: argparse.Namespace) -> int:
    t = time.perf_counter()
    seed = p.seed(
        congresses=args.congresses, delegates=args.delegates, stage="convened", sessions=1, prefix="pv"
    )
    print(
        f"seeded {args.congresses} congresses x {args.delegates} delegates in {time.perf_counter() - t:.0f} s"
    )
    rng = random.Random(args.seed)
    actors: list[Actor] = []
    for c in seed["congresses"]:
        base = f"/c/{c['org']}/{c['pk']}/"
        cookie = f"sessionid={c['sessions'][0]}; csrftoken={CSRF}"
        actors.append(Actor("checkin", base + "desk/", args.checkin_every, cookie, codes=list(c["codes"])))
        actors.append(Actor("quorum-desk", base + "quorum/", args.quorum_every, cookie))
        actors.append(Actor("quorum-clerk", base + "quorum/", args.quorum_every, cookie))
        actors.append(Actor("projector", base + "projector/state/", args.projector_every, cookie))
    start = time.monotonic() + 1.0
    heap = [(start + rng.random() * a.every, i) for i, a in enumerate(actors)]
    heapq.heapify(heap)
    planned = sum(1 / a.every for a in actors)
    print(f"{len(actors):,} clients, planned {planned:,.0f} requests/s for {args.duration:.0f} s")
    end = start + args.duration
    cv = threading.Condition()
    stats = Stats()
    acknowledged: list[str] = []

    def work() -> None:
        conn = Connection(p.lb_port)
        while True:
            with cv:
                if not heap:
                    return
                due, i = heapq.heappop(heap)
            if due >= end or time.monotonic() >= end:  # what is still due after the end is not sent
                return
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            else:
                stats.late.append(-wait)
            a = actors[i]
            headers = {"Cookie": a.cookie, "HX-Request": "true"}
            kind = a.kind
            sent = time.perf_counter()
            try:
                if kind == "checkin":
                    code = a.codes.pop()
                    headers |= {"X-CSRFToken": CSRF, "Content-Type": "application/x-www-form-urlencoded"}
                    status, _, body = conn.request("POST", a.path, headers, f"code={code}".encode())
                    if status == 200 and b'data-code="checked_in"' in body:
                        acknowledged.append(code)
                    elif status == 200:
                        status = 409
                else:
                    if a.etag:
                        headers["If-None-Match"] = a.etag
                    status, got, _ = conn.request("GET", a.path, headers)
                    a.etag = got.get("etag", a.etag)
            except OSError:
                status = 599
            stats.add(kind, time.perf_counter() - sent, status)
            with cv:
                if kind != "checkin" or a.codes:
                    heapq.heappush(heap, (due + a.every, i))

    threads = [threading.Thread(target=work, daemon=True) for _ in range(args.clients)]
    began = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - max(began, start)
    print(f"  planned {planned * args.duration:,.0f} requests; sent {len(stats.rows):,}")
    summary = stats.report("A. season's day through the balancer", {200, 304}, elapsed)
    present = p.sql("SELECT count(*) FROM congresses_delegate WHERE present")[0][0]
    logged = p.sql(
        "SELECT count(*), count(DISTINCT object_id) FROM audit_auditentry "
        "WHERE action = 'congress.delegate.checked_in'"
    )[0]
    print(
        f"  check-ins acknowledged {len(acknowledged):,}; present in the database {present:,}; "
        f"audited {logged[0]:,} ({logged[1]:,} distinct)"
    )
    failures = int(len(acknowledged) != present or logged[0] != logged[1] or summary["all"]["errors"])
    return failures


# ---------------------------------------------------------------- B. the upper congress


def upper_congress(p: Province, args: argparse.Namespace) -> int:
    t = time.perf_counter()
    seed = p.seed(
        congresses=1, delegates=args.upper_delegates, stage="convened", sessions=args.desks, prefix="up"
    )
    c = seed["congresses"][0]
    base = f"/c/{c['org']}/{c['pk']}/"
    print(f"\nB. upper congress: {len(c['codes']):,} delegates seeded in {time.perf_counter() - t:.0f} s")
    stats = Stats()
    local = threading.local()

    def conn() -> Connection:
        if not hasattr(local, "conn"):
            local.conn = Connection(p.lb_port)
        return local.conn

    def form(cookie: str, path: str, body: str) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "Cookie": cookie,
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return conn().request("POST", path, headers, body.encode())

    def checkin(job: tuple[int, str]) -> bool:
        desk, code = job
        cookie = f"sessionid={c['sessions'][desk]}; csrftoken={CSRF}"
        sent = time.perf_counter()
        status, _, body = conn().request(
            "POST",
            base + "desk/",
            {
                "Cookie": cookie,
                "X-CSRFToken": CSRF,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            f"code={code}".encode(),
        )
        ok = status == 200 and b'data-code="checked_in"' in body
        stats.add("checkin", time.perf_counter() - sent, status if ok else 409)
        return ok

    jobs = [(i % args.desks, code) for i, code in enumerate(c["codes"])]
    t = time.monotonic()
    with ThreadPoolExecutor(args.desks) as pool:
        checked = sum(pool.map(checkin, jobs))
    checkin_s = time.monotonic() - t
    print(f"  {checked:,} check-ins at {args.desks} desks in {checkin_s:.1f} s ({checked / checkin_s:.0f}/s)")

    cookie = f"sessionid={c['sessions'][0]}; csrftoken={CSRF}"
    assert form(cookie, base + "open/", "")[0] == 302
    status, headers, _ = form(cookie, base + "votes/", "kind=presidium&title=B%E1%BA%A7u&nominees=1%2C2%2C3")
    assert status == 302, status
    vote_id = int(headers["location"].rstrip("/").rsplit("/", 1)[-1])
    assert form(cookie, base + f"votes/{vote_id}/open/", "")[0] == 302

    t = time.perf_counter()
    out = Path(p.var_dir) / "phones.json"
    p.run(
        str(Path(__file__).resolve().parent / "province_seed.py"),
        "--bind-congress",
        str(c["pk"]),
        "--out",
        str(out),
    )
    phones = json.loads(out.read_text())["phones"]
    print(f"  {len(phones):,} phones bound (services) in {time.perf_counter() - t:.0f} s")

    rng = random.Random(args.seed)
    choices = ["agree"] * 9 + ["disagree", "abstain"]

    def choose(token: str) -> bool:
        sent = time.perf_counter()
        status, _, _ = conn().request(
            "POST",
            f"/api/voting/open-votes/{vote_id}/choice",
            {
                "Cookie": f"daihoi_device={token}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/json",
            },
            json.dumps({"choice": rng.choice(choices)}).encode(),
        )
        stats.add("choice", time.perf_counter() - sent, status)
        return status == 201

    tokens = list(phones.values())
    rng.shuffle(tokens)
    t = time.monotonic()
    with ThreadPoolExecutor(args.concurrency) as pool:
        chosen = sum(pool.map(choose, tokens))
    choose_s = time.monotonic() - t
    print(
        f"  {chosen:,} choices at concurrency {args.concurrency} in {choose_s:.1f} s "
        f"({chosen / choose_s:.0f}/s)"
    )
    stats.report("B. upper congress through the balancer", {200, 201, 302}, checkin_s + choose_s)
    stored = p.sql(
        "SELECT count(*), count(DISTINCT delegate_id) FROM voting_openvotechoice WHERE vote_id = %s",
        [vote_id],
    )[0]
    present = p.sql("SELECT count(*) FROM congresses_delegate WHERE present AND congress_id = %s", [c["pk"]])[
        0
    ][0]
    print(f"  present {present:,}; choices stored {stored[0]:,} ({stored[1]:,} distinct delegates)")
    return int(present != checked or stored[0] != chosen or stored[0] != stored[1] or chosen != len(tokens))


def main() -> None:
    args = parse_args()
    why = missing_requirements(args.database_url)
    if why:
        sys.exit(why)
    p = Province(
        args.database_url, args.redis_url, servers=args.servers, workers=args.workers, threads=args.threads
    )
    p.create_database()
    failures = 0
    try:
        p.start()
        print(
            f"{args.servers} app servers ({args.workers} worker x {args.threads} threads each) behind "
            f"HAProxy on :{p.lb_port}; database {p.db_name}"
        )
        if not args.skip_day:
            failures += season_day(p, args)
        if not args.skip_upper:
            failures += upper_congress(p, args)
    finally:
        p.stop()
        p.drop_database()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
