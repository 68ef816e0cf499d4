"""Benchmark of concurrent audit appends (docs/benchmarks.md, "Audit log: concurrent appends").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench_audit \\
        PYTHONPATH=src .venv/bin/python bench/audit_append.py [--threads 1,4,8] [--entries 150]

N threads (each with its own database connection, as N app-server workers) append entries at once, one
transaction each (as the app does: lock the head, hash, insert, commit):
- "own organization": thread t logs for organization t (a province's congresses on one day);
- "one organization": every thread logs for the same organization (the single-organization rate: one
  congress's check-in desks and counting clerks);
- "no audit": thread t updates its organization's row and commits, without an entry: the ceiling that
  the database's commits (one fsync each) set on this machine.
Prints entries/s for each case and checks the whole log with verify_chain afterwards.

The script only uses `log_action` and `verify_chain().ok`, so it runs unchanged on the code before the
per-organization chains (one head row for the whole database): run it with PYTHONPATH pointing at either
checkout, on a database of its own (it flushes the one it is given).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time

os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from daihoi.audit.services import log_action  # noqa: E402
from daihoi.audit.verify import verify_chain  # noqa: E402
from daihoi.organizations.models import Organization, OrganizationKind  # noqa: E402


def run(orgs: list[Organization], threads_n: int, per_thread: int, shared: bool, audit: bool = True) -> float:
    """Entries per second with `threads_n` threads appending `per_thread` entries each."""
    barrier = threading.Barrier(threads_n + 1)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        org = orgs[0] if shared else orgs[t]
        try:
            with transaction.atomic():  # warm: connection open, the chain opened
                log_action("bench.warm", actor=f"bench-{t}", organization=org)
            barrier.wait()
            for i in range(per_thread):
                if not audit:  # the ceiling: a one-row change and its commit, no audit entry
                    with transaction.atomic():
                        Organization.objects.filter(pk=org.pk).update(locality=str(i))
                    continue
                with transaction.atomic():
                    log_action(
                        "bench.thing.done",
                        actor=f"bench-{t}",
                        organization=org,
                        data={"i": i, "note": "Chi bộ số " + str(i % 37)},
                    )
        except BaseException as exc:
            errors.append(exc)
            raise
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for th in pool:
        th.start()
    barrier.wait()
    start = time.perf_counter()
    for th in pool:
        th.join()
    seconds = time.perf_counter() - start
    if errors:
        raise SystemExit(f"errors: {errors[:3]}")
    return threads_n * per_thread / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,4,8")
    parser.add_argument("--entries", type=int, default=150, help="entries per thread")
    args = parser.parse_args()
    counts = [int(n) for n in args.threads.split(",")]
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; SQLite serializes every writer whatever the chains")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    orgs = [
        Organization.objects.create(
            code=f"bench-{t}", name=f"Đảng bộ {t}", kind=OrganizationKind.GRASSROOTS_COMMITTEE
        )
        for t in range(max(counts))
    ]
    print(f"{connection.vendor}, {args.entries} entries per thread, one transaction each")
    print("| threads | own organization (entries/s) | one organization (entries/s) | no audit (commits/s) |")
    print("|---|---|---|---|")
    for n in counts:
        own = run(orgs, n, args.entries, shared=False)
        one = run(orgs, n, args.entries, shared=True)
        bare = run(orgs, n, args.entries, shared=False, audit=False)
        print(f"| {n} | {own:,.0f} | {one:,.0f} | {bare:,.0f} |", flush=True)
    start = time.perf_counter()
    report = verify_chain()
    print(f"verify_chain: ok={report.ok}, {report.count} entries, {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
