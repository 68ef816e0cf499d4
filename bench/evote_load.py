"""Load benchmark of electronic voting (docs/benchmarks.md, "Electronic voting load").

    .venv/bin/python bench/evote_load.py                                   # SQLite in a temporary folder
    .venv/bin/python bench/evote_load.py --database-url postgres://postgres@127.0.0.1:5432/bench_evote

A congress of 2,000 delegates, all checked in, whose election rules say secret ballots are cast
electronically; an executive committee election of 25 seats with a list of 30 names, approved; 2,000
phones bound through the services (a binding code each, then its token: the phone's cookie); the poll
opened. The real server (`daihoi serve`: gunicorn gthread, --workers × --threads) listens on 127.0.0.1.

1. The trivial endpoint: GET /api/voting/phone without a device cookie (403 `device_unknown`, the whole
   middleware stack, no query) at the same concurrency: its rate in requests/s.
2. The casts: each of the 2,000 delegates POSTs one ballot (its cookie, a CSRF cookie and the
   X-CSRFToken header) to /api/voting/polls/<id>/ballot, --concurrency requests in flight (one keep-alive
   connection per client thread). Each latency and status is kept.
3. Close to published: close_poll, close_round (the engine's count), announce, through the services.

Criteria (issue 12): zero errors; zero lost or duplicated votes (201 answers = ballots = participations =
the engine's valid + invalid ballots, and the delegates answered 201 are exactly those recorded); all in
60 s; p95 < 300 ms and p99 < 1 s; accepted votes/s at least 0.5 × the trivial endpoint's rate; the result
published under 2 s after the close. Prints the figures and the ratios; exits 1 if a criterion fails.
It flushes the database it is given.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

DELEGATES, SEATS, NAMES, BRANCHES = 2000, 25, 30, 20
HOST = "127.0.0.1"
CSRF = "b" * 32  # the phones' CSRF secret: cookie csrftoken and header X-CSRFToken
COOKIE = "daihoi_device"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite in a temp dir)")
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight (default 50)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2: 2 cores)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (default 8)")
    parser.add_argument("--trivial", type=int, default=4000, help="requests to the trivial endpoint")
    parser.add_argument(
        "--pace",
        type=float,
        default=0.0,
        help="spread the casts evenly over this many seconds (e.g. 55: delegates voting over a minute) "
        "instead of sending them back to back; the rate ratio is then not a criterion",
    )
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument(
        "--verifiable",
        action="store_true",
        help="a verifiable poll (docs/verifiable-voting.md): a 3-of-5 key ceremony made with the core, "
        "encrypted ballots prepared beforehand with the core (2 processes), cast to "
        "/api/voting/polls/<id>/encrypted-ballot (verified on arrival); after the close, the tally "
        "decrypted by 3 key holders before the count",
    )
    parser.add_argument("--delegates", type=int, default=DELEGATES, help=f"delegates (default {DELEGATES:,})")
    return parser.parse_args()


ARGS = parse_args()
DELEGATES = ARGS.delegates
os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-evote-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")
if ARGS.database_url:
    os.environ["DATABASE_URL"] = ARGS.database_url
else:
    os.environ.pop("DATABASE_URL", None)


def ensure_postgres_database(url: str) -> None:
    """CREATE DATABASE when it does not exist (the server's `postgres` database is the way in)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if ARGS.database_url:
    ensure_postgres_database(ARGS.database_url)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def step(label: str, started: float) -> None:
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


def setup() -> tuple[int, int, dict[int, str], list[int]]:
    """The congress, the election, the phones, the open poll: (poll id, round id, {number: token}, the
    numbers of the delegates with a phone)."""
    import datetime as dt

    from daihoi.congresses import services as congress_services
    from daihoi.elections import demo as election_demo
    from daihoi.organizations.models import Member, Organization
    from daihoi.voting.services import devices, polls

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    org = Organization.objects.create(code="bench-evote", name="Đảng bộ Bench", kind="grassroots_committee")
    branches = [
        Organization.objects.create(code=f"bench-ev{i:02d}", name=f"Chi bộ {i}", kind="branch", parent=org)
        for i in range(BRANCHES)
    ]
    Member.objects.bulk_create(
        Member(
            organization=org,
            branch=branches[i % BRANCHES],
            member_code=f"E{i:05d}",
            full_name=f"Nguyễn Văn {i}",
            given_name=str(i),
            birth_date=dt.date(1960 + i % 30, 1, 1),
            gender="male",
            status="official",
        )
        for i in range(DELEGATES)
    )
    congress = congress_services.create_congress(
        org, number=1, term_start_year=2025, term_end_year=2030, starts_on=dt.date(2025, 6, 1)
    )
    congress_services.generate_convened_list(congress)
    congress = congress_services.convene_congress(congress)
    step("roll and congress", t)
    t = time.perf_counter()
    for code in congress.delegates.values_list("checkin_code", flat=True):
        congress_services.check_in_delegate(congress, code)
    step(f"{DELEGATES:,} check-ins (services)", t)
    t = time.perf_counter()
    congress.ballot_form = "verifiable" if ARGS.verifiable else "electronic"
    congress.save(update_fields=["ballot_form"])
    if ARGS.verifiable:
        make_ceremony(congress)
    congress = congress_services.open_congress(congress)
    election_demo._vote(
        congress, "counting_committee", nominees=list(congress.delegates.filter(number__in=[1, 2, 3]))
    )
    election = election_demo.prepare_committee(congress, seats=SEATS, names=NAMES)
    rnd = election_demo.approve(election)
    step(f"election: {SEATS} seats, {NAMES} names, list approved", t)
    t = time.perf_counter()
    tokens: dict[int, str] = {}
    for delegate in congress.delegates.order_by("number"):
        if not delegate.has_vote:
            continue
        token, _device = devices.bind_device(devices.issue_binding_code(delegate).code, label="bench")
        tokens[delegate.number] = token
    step(f"{len(tokens):,} phones bound (services)", t)
    poll = polls.open_poll(rnd)
    return poll.pk, rnd.pk, tokens, sorted(tokens)


KEY_SHARES: dict[int, object] = {}  # the trustees' key shares (their devices', simulated here)


def make_ceremony(congress: object, n: int = 5, k: int = 3) -> None:
    """A complete key ceremony made with the core's math (each trustee's steps run here)."""
    from django.utils import timezone

    from daihoi.core import verifiable as core
    from daihoi.voting.models import KeyCeremony, Trustee

    ceremony = KeyCeremony.objects.create(congress=congress, trustees=n, threshold=k)
    ctx = ceremony.context
    comm = {i: core.comm_key(ctx, i) for i in range(1, n + 1)}
    points = {i: core.check_comm_key(ctx, i, msg) for i, (_e, msg) in comm.items()}
    deals = {j: core.deal(ctx, j, k, points)[1] for j in range(1, n + 1)}
    commitments = {j: core.check_deal(ctx, j, k, n, deals[j]) for j in deals}
    h = core.public_key(commitments)
    for i in range(1, n + 1):
        x, _complaints = core.receive(ctx, i, comm[i][0], deals)
        confirmation = core.confirm(ctx, i, x)
        xi = core.check_confirm(ctx, i, confirmation, commitments)
        Trustee.objects.create(
            ceremony=ceremony,
            index=i,
            name=f"Người giữ khoá {i}",
            token_hash=os.urandom(32).hex(),
            comm_key=comm[i][1],
            deal=deals[i],
            confirmation=confirmation,
            verification_key=xi.hex(),
        )
        KEY_SHARES[i] = core.KeyShare(str(ceremony.uuid), str(congress), i, k, n, h, xi, x)
    ceremony.status, ceremony.public_key, ceremony.completed_at = "complete", h.hex(), timezone.now()
    ceremony.save(update_fields=["status", "public_key", "completed_at"])


def _encrypt_chunk(args: tuple[dict, list[str]]) -> list[dict]:
    from daihoi.core import verifiable as core

    manifest, contents = args
    return [core.encrypt_ballot(manifest, core.choice_from_content(manifest, c))[0] for c in contents]


def encrypt_all(manifest: dict, contents: list[str]) -> list[dict]:
    """The phones' encrypted ballots, made beforehand with the core on 2 processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [contents[i : i + 50] for i in range(0, len(contents), 50)]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        return [b for part in pool.map(_encrypt_chunk, [(manifest, c) for c in chunks]) for b in part]


def ballots(count: int, seed: int) -> list[list[int]]:
    """The struck names: most ballots strike 26-30 (so 1-25 are elected), one in five strikes five names
    at random, one in a hundred strikes none (invalid: 30 kept for 25 seats, cast anyway)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        if i % 100 == 99:
            out.append([])
        elif rng.random() < 0.2:
            out.append(sorted(rng.sample(range(1, NAMES + 1), NAMES - SEATS)))
        else:
            out.append(list(range(SEATS + 1, NAMES + 1)))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Phone:
    """One client thread's keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # an idle keep-alive connection closed by gunicorn: reconnect once, as a browser does.
                # Safe for a POST too: the request was not received (the server had closed it).
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def run_load(
    port: int, jobs: list, concurrency: int, pace: float = 0.0
) -> tuple[list[tuple[int, float, int, bytes]], float]:
    """jobs: (key, method, path, body, headers), sent back to back by `concurrency` threads, or job i at
    i × pace / len(jobs) s (a thread waits for its job's time). Returns [(key, latency ms, status,
    body)] and the seconds from the first send to the last answer."""
    local = threading.local()
    results: list[tuple[int, float, int, bytes]] = []
    lock = threading.Lock()

    def one(indexed) -> None:
        index, (key, method, path, body, headers) = indexed
        if pace:
            wait = started + index * pace / len(jobs) - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        phone = getattr(local, "phone", None)
        if phone is None:
            phone = local.phone = Phone(port)
        start = time.perf_counter()
        try:
            status, text = phone.request(method, path, body, headers)
        except OSError as exc:
            status, text = 0, repr(exc).encode()
        took = (time.perf_counter() - start) * 1000
        with lock:
            results.append((key, took, status, text))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, enumerate(jobs)))
    return results, time.perf_counter() - started


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: exit {server.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> int:
    from daihoi.elections.models import Round
    from daihoi.elections.services import announce, close_round
    from daihoi.voting.models import Ballot, EncryptedBallot, Participation, Poll
    from daihoi.voting.services import polls, verifiable

    print(f"database: {connection.vendor}; preparing {DELEGATES:,} delegates", flush=True)
    poll_id, round_id, tokens, numbers = setup()
    content = ballots(len(numbers), ARGS.seed)
    bodies = [json.dumps({"struck": c}).encode() for c in content]
    path = f"/api/voting/polls/{poll_id}/ballot"
    if ARGS.verifiable:
        t = time.perf_counter()
        manifest = Poll.objects.get(pk=poll_id).manifest
        encrypted = encrypt_all(manifest, [",".join(str(x) for x in c) for c in content])
        bodies = [json.dumps({"ballot": b}).encode() for b in encrypted]
        step(f"{len(bodies):,} ballots encrypted beforehand (core, 2 processes)", t)
        path = f"/api/voting/polls/{poll_id}/encrypted-ballot"
    connection.close()
    port = free_port()
    env = {**os.environ, "DAIHOI_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [sys.executable, "-m", "daihoi", "serve", "--host", HOST, "--port", str(port),
         "--workers", str(ARGS.workers), "--threads", str(ARGS.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    failed: list[str] = []
    try:
        wait_for(port, server)
        # warm every worker up (imports, first connection) before measuring
        run_load(port, [(i, "GET", "/api/voting/phone", None, {}) for i in range(200)], ARGS.concurrency)

        trivial_jobs = [(i, "GET", "/api/voting/phone", None, {}) for i in range(ARGS.trivial)]
        trivial, trivial_s = run_load(port, trivial_jobs, ARGS.concurrency)
        trivial_rate = len(trivial) / trivial_s
        trivial_bad = sum(1 for r in trivial if r[2] != 403)

        rng = random.Random(ARGS.seed + 1)
        order = list(range(len(numbers)))
        rng.shuffle(order)  # delegates vote in no particular order
        cast_jobs = []
        for i in order:
            number = numbers[i]
            headers = {
                "Cookie": f"{COOKIE}={tokens[number]}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/json",
            }
            cast_jobs.append((number, "POST", path, bodies[i], headers))
        casts, cast_s = run_load(port, cast_jobs, ARGS.concurrency, ARGS.pace)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    accepted = [r for r in casts if r[2] == 201]
    errors = [r for r in casts if r[2] != 201]
    latencies = sorted(r[1] for r in casts)
    p50, p95, p99 = statistics.median(latencies), percentile(latencies, 0.95), percentile(latencies, 0.99)
    vote_rate = len(accepted) / cast_s
    ratio = vote_rate / trivial_rate
    answer_keys = {"tracker"} if ARGS.verifiable else {"accepted", "title", "round"}
    leaked = [r for r in accepted if set(json.loads(r[3])) != answer_keys]

    poll = Poll.objects.get(pk=poll_id)
    ballots_db = (EncryptedBallot if ARGS.verifiable else Ballot).objects.filter(poll=poll).count()
    participations = set(
        Participation.objects.filter(poll=poll, channel="electronic").values_list(
            "delegate__number", flat=True
        )
    )
    answered = {r[0] for r in accepted}

    t = time.perf_counter()
    polls.close_poll(poll)
    decrypt_note = ""
    if ARGS.verifiable:
        from daihoi.core import verifiable as core
        from daihoi.voting.models import Trustee

        closed_s = time.perf_counter() - t
        t2 = time.perf_counter()
        poll.refresh_from_db()
        task = verifiable.tally_for_decryption(poll)
        tally = [(bytes.fromhex(x["A"]), bytes.fromhex(x["B"])) for x in task["tally"]]
        for i in (1, 2, 3):
            share = core.decryption_share(task["manifest"], tally, KEY_SHARES[i])  # type: ignore[arg-type]
            verifiable.submit_decryption_share(
                poll, Trustee.objects.get(ceremony=poll.ceremony, index=i), share
            )
        decrypt_s = time.perf_counter() - t2
        decrypt_note = (
            f" (close with the encrypted tally {closed_s * 1000:.0f} ms; 3 decryption shares made, "
            f"verified and combined {decrypt_s * 1000:.0f} ms: the key holders' part)"
        )
        t += decrypt_s  # the key holders' time in the hall is not the server's publishing time
    rnd = close_round(Round.objects.get(pk=round_id))
    election = announce(rnd.election)
    publish_s = time.perf_counter() - t
    rnd.refresh_from_db()
    counts = rnd.result.get("ballots", {})
    counted = int(counts.get("valid", -1)) + int(counts.get("invalid", 0))
    elected = len(rnd.result.get("elected", []))

    print(f"server: daihoi serve, gunicorn {ARGS.workers} gthread workers × {ARGS.threads} threads; "
          f"client: {ARGS.concurrency} threads (keep-alive), "
          + (f"casts spread over {ARGS.pace:.0f} s" if ARGS.pace else "casts back to back"))  # fmt: skip
    print(
        f"trivial endpoint (GET /api/voting/phone, no phone -> 403): {len(trivial):,} requests in "
        f"{trivial_s:.1f} s = {trivial_rate:.0f} req/s (unexpected answers: {trivial_bad})"
    )
    print(
        f"casts: {len(casts):,} in {cast_s:.1f} s = {vote_rate:.0f} accepted votes/s; "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms"
    )
    statuses: dict[int, int] = {}
    for r in casts:
        statuses[r[2]] = statuses.get(r[2], 0) + 1
    print(f"  statuses: {dict(sorted(statuses.items()))}")
    for r in errors[:5]:
        print(f"  error: delegate {r[0]}: {r[2]} {r[3][:200]!r}")
    print(
        f"database: {ballots_db:,} ballots, {len(participations):,} participations; engine counted "
        f"{counted:,} ballots ({counts.get('valid')} valid, {counts.get('invalid')} invalid), "
        f"{elected} elected; election {election.status}"
    )
    print(
        f"close -> published (close_poll + close_round + announce): {publish_s * 1000:.0f} ms{decrypt_note}"
    )

    def check(ok: bool, label: str) -> None:
        print(f"  [{'ok' if ok else 'FAILED'}] {label}")
        if not ok:
            failed.append(label)

    print("criteria:")
    check(not errors, f"zero errors ({len(errors)})")
    check(
        len(accepted) == ballots_db == len(participations) == counted == rnd.electronic
        and answered == participations,
        f"no lost or duplicated vote (201: {len(accepted)}, ballots {ballots_db}, participations "
        f"{len(participations)}, counted {counted}, round.electronic {rnd.electronic})",
    )
    check(not leaked, f"the 201 answers carry nothing but {'/'.join(sorted(answer_keys))}")
    check(cast_s < 60, f"{len(casts):,} casts within 60 s ({cast_s:.1f} s)")
    check(p95 < 300, f"p95 < 300 ms ({p95:.0f} ms: ratio to goal {p95 / 300:.2f})")
    check(p99 < 1000, f"p99 < 1 s ({p99:.0f} ms: ratio to goal {p99 / 1000:.2f})")
    rates = f"accepted votes/s ÷ trivial req/s ≥ 0.5 ({vote_rate:.0f} / {trivial_rate:.0f} = {ratio:.2f})"
    if ARGS.pace:
        print(f"  [--] {rates}: not a criterion when the casts are paced")
    else:
        check(ratio >= 0.5, rates)
    check(
        publish_s < 2, f"published < 2 s after close ({publish_s:.2f} s: ratio to goal {publish_s / 2:.2f})"
    )
    check(
        election.status == "published" and elected == SEATS, f"result published, {elected} of {SEATS} elected"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
