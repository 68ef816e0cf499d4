"""Benchmark of `daihoi audit verify` on a long keyed chain (docs/benchmarks.md, "Audit log: verify").

    .venv/bin/python bench/bench_audit_verify.py [N]        # SQLite in a temporary folder, N = 100,000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench .venv/bin/python bench/bench_audit_verify.py

Writes N entries as log_action would (every field, HMAC-SHA256 with the installation's key, linked), in
bulk so that the writing does not dominate, then times: verify_chain (the whole log), verify_chain with an
anchor in the middle, the HMAC alone (no database), and — SQLite only — the check of a backup file
before a restore (daihoi.management.backup_audit). Target on the 2-core reference machine: 100,000
entries (a province's term) verified in under 10 s (10,000 entries/s). Run it on an empty database: it
flushes the one it is given.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from daihoi.audit.chain import entry_hash, legacy_hash  # noqa: E402
from daihoi.audit.keys import audit_key  # noqa: E402
from daihoi.audit.models import AuditEntry, AuditHead  # noqa: E402
from daihoi.audit.services import audit_anchor, row_of  # noqa: E402
from daihoi.audit.verify import verify_chain  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def fill(n: int) -> list[AuditEntry]:
    key = audit_key()
    head = AuditHead.objects.get(chain="")
    seq, prev = head.last_seq, head.last_hash
    start = dt.datetime.now(dt.UTC)
    entries = []
    for i in range(n):
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=start + dt.timedelta(milliseconds=i),
            actor_label="thuky-" + str(i % 7),
            action="congress.delegate.checked_in",
            object_type="congresses.delegate",
            object_id=str(i),
            organization_code="vp-ubnd-tinh",
            data={"number": i, "name": "Nguyễn Văn An", "by": "desk", "note": "Chi bộ số " + str(i % 37)},
            prev_hash=prev,
        )
        entry.hash = prev = entry_hash(key, row_of(entry))
        entries.append(entry)
    with transaction.atomic():
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        AuditHead.objects.filter(chain="").update(last_seq=seq, last_hash=prev)
    return entries


def timed(label: str, n: int, target_rate: float, func: Callable[[], Any]) -> Any:
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = n / seconds
    print(
        f"{label:<38} {seconds:6.2f} s (CPU {cpu:6.2f} s)  {rate:9,.0f} entries/s  "
        f"(target {target_rate:,.0f}/s: x{rate / target_rate:.1f})"
    )
    return result


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    start = time.perf_counter()
    entries = fill(N)
    print(
        f"database: {connection.vendor}, entries: {N + 1:,} (written in {time.perf_counter() - start:.1f} s)"
    )
    total = N + 1
    report = timed("verify_chain (whole log)", total, 10_000, verify_chain)
    if not report.ok or report.count != total:
        raise SystemExit(f"chain does not verify: {report}")
    middle = entries[N // 2]
    report = timed(
        "verify_chain --anchor (middle)",
        total,
        10_000,
        lambda: verify_chain(anchor=(middle.hash, middle.seq)),
    )
    assert report.ok, report
    assert audit_anchor() == (entries[-1].hash, total)
    rows = [row_of(e) for e in entries]
    key = audit_key()
    timed("HMAC of every entry (no database)", N, 10_000, lambda: [entry_hash(key, r) for r in rows])
    # The unkeyed SHA-256 of before (scheme 1) over the same rows, for the cost of the key and the fields.
    timed("scheme 1 hash, for comparison", N, 10_000, lambda: [legacy_hash(r) for r in rows])
    if connection.vendor == "sqlite":
        from daihoi.management.backup_audit import sqlite_backup_audit

        out = Path(tempfile.mkdtemp(prefix="daihoi-bench-out-")) / "backup.sqlite3"
        call_command("backup", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
        state = timed(
            "restore's check of the backup file", total + 1, 10_000, lambda: sqlite_backup_audit(out, key)
        )
        assert state.report.ok, state


if __name__ == "__main__":
    main()
