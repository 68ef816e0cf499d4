"""Benchmark of the audit chain and backups (docs/benchmarks.md, "Audit log and backup").

    .venv/bin/python bench/bench_audit.py                  # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench .venv/bin/python bench/bench_audit.py

Appends N entries one transaction each (as the app does: lock the head, hash, insert), then verifies the
whole chain and takes a backup. Targets on the 2-core reference machine: 100 appends/s (peak check-in
is a few per second across all desks), verify 10,000 entries/s (a term's log of 100,000 entries in 10 s),
backup of the resulting database in 2 s. Prints figures and target ratios.
Run it on an empty database: it flushes the one it is given.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from daihoi.audit.services import log_action  # noqa: E402
from daihoi.audit.verify import verify_chain  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    start = time.perf_counter()
    for i in range(N):
        with transaction.atomic():
            log_action("bench.thing.done", actor="bench", data={"i": i, "note": "Chi bộ số " + str(i % 37)})
    append_s = time.perf_counter() - start
    start = time.perf_counter()
    report = verify_chain()
    verify_s = time.perf_counter() - start
    if not report.ok or report.count != N:
        raise SystemExit(f"chain does not verify: {report}")
    out = Path(tempfile.mkdtemp(prefix="daihoi-bench-out-")) / "backup.bin"
    start = time.perf_counter()
    call_command("backup", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
    backup_s = time.perf_counter() - start
    rate, vrate = N / append_s, N / verify_s
    print(f"database: {connection.vendor}, entries: {N:,}")
    print(f"append:  {append_s:6.2f} s  {rate:8,.0f} entries/s  (target 100/s: x{rate / 100:.1f})")
    print(f"verify:  {verify_s:6.2f} s  {vrate:8,.0f} entries/s  (target 10,000/s: x{vrate / 10_000:.1f})")
    size = out.stat().st_size / 1e6
    print(f"backup:  {backup_s:6.2f} s  {size:6.1f} MB  (target 2 s: x{2 / backup_s:.1f})")


if __name__ == "__main__":
    main()
