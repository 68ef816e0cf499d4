"""Benchmark of the roll import (docs/benchmarks.md, "Roll import").

    .venv/bin/python bench/bench_import.py                 # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench .venv/bin/python bench/bench_import.py

Generates a 10,000-member .xlsx roll (5 branches, realistic names, dates as Excel date cells), then times
import_roll: the first import (10,000 created), the same file again (all unchanged) and a file with 100
changed rows. Target on the 2-core reference machine: 10 s for the first import (issue 2). Prints each
figure and its ratio to the target. On PostgreSQL it replaces the members of its own organization
"bench-roll" (create the database once: createdb daihoi_bench).
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta

os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from daihoi.organizations.models import Member, Organization, OrganizationKind  # noqa: E402
from daihoi.organizations.roll_format import COLUMNS  # noqa: E402
from daihoi.organizations.roll_import import import_roll  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
TARGET_S = 10.0
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Đinh",
    "Trịnh",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân", "Kim", "Hồng"]
GIVEN = [
    "An",
    "Ánh",
    "Ân",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hà",
    "Hạnh",
    "Hưởng",
    "Khánh",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Ngân",
    "Oanh",
    "Phương",
    "Quý",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Ước",
    "Yến",
]
BRANCHES = [f"Chi bộ {i}" for i in range(1, 6)]


def roll_file(n: int, changed: int = 0) -> bytes:
    rng = random.Random(10_000)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([c.header for c in COLUMNS])
    for i in range(n):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
        admitted = born + timedelta(days=365 * 23 + rng.randrange(365 * 10))
        probationary = rng.random() < 0.05
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if i < changed:
            name += " Mới"
        values = {
            "row_number": i + 1,
            "member_code": f"{i // 1000 + 10}.{i:06d}",
            "full_name": name,
            "birth_date": born,
            "gender": rng.choice(["Nam", "Nữ"]),
            "ethnicity": "Kinh",
            "branch": BRANCHES[i % 5],
            "status": "Dự bị" if probationary else "Chính thức",
            "admitted_on": min(admitted, date(2025, 1, 1)),
            "official_on": None if probationary else min(admitted, date(2025, 1, 1)) + timedelta(days=365),
            "attached_elsewhere": "x" if i % 500 == 0 else None,
        }
        sheet.append([values.get(c.key) for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def organization() -> Organization:
    org, _ = Organization.objects.get_or_create(
        code="bench-roll",
        defaults={"name": "Đảng bộ đo tốc độ", "kind": OrganizationKind.GRASSROOTS_COMMITTEE},
    )
    for i, name in enumerate(BRANCHES, start=1):
        Organization.objects.get_or_create(
            code=f"bench-roll-{i}", defaults={"name": name, "kind": OrganizationKind.BRANCH, "parent": org}
        )
    Member.objects.filter(organization=org).delete()
    return org


def timed(label: str, org: Organization, data: bytes, target: float | None = None) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    result = import_roll(org, data, "bench.xlsx", actor="bench")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    ratio = f"  ratio {seconds / target:.2f} of the {target:.0f} s target" if target else ""
    # CPU time of this process too: on a shared machine the wall time includes waiting for a core.
    print(
        f"{label:<30} {seconds:6.2f} s wall, {cpu:5.2f} s CPU  (created {result.created}, "
        f"updated {result.updated}, unchanged {result.unchanged}){ratio}"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; {N} members")
    org = organization()
    start = time.perf_counter()
    first, changed = roll_file(N), roll_file(N, changed=100)
    print(
        f"{'generate the .xlsx files':<30} {time.perf_counter() - start:6.2f} s  ({len(first) // 1024} KiB)"
    )
    timed("first import (all new)", org, first, TARGET_S)
    timed("same file again (idempotent)", org, first, TARGET_S)
    timed("100 rows changed", org, changed, TARGET_S)
    assert Member.objects.filter(organization=org).count() == N


if __name__ == "__main__":
    main()
