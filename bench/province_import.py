"""Benchmark of the province import (docs/benchmarks.md, "Province import"; issue 14).

    .venv/bin/python bench/province_import.py                 # a fresh SQLite database in a temporary folder
    DAIHOI_VAR_DIR=var/bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench \
        .venv/bin/python bench/province_import.py

(On PostgreSQL the database outlives the run: keep DAIHOI_VAR_DIR, whose audit key signed its chain.)

Generates one workbook of a province: 600 organizations (the province committee, 14 bloc and district
committees, 100 grassroots committees with 3 branches each, 185 grassroots branches), 60,000 members
with realistic Vietnamese names (the demo's name lists) spread over the 285 rolls, and 15 users. Then
times `import_province` (read, check every row, write everything in one transaction, one audit entry):
the first import, then the same file again (everything unchanged). Target: 60 s (issue 14). Prints each
figure and its ratio to the target. On PostgreSQL the bench's organizations ("bq-*") are removed first.
Optional arguments: the number of members, then the number of users.
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from daihoi.accounts.models import RoleAssignment  # noqa: E402
from daihoi.organizations.demo import FAMILIES, GIVEN, MIDDLE  # noqa: E402
from daihoi.organizations.models import Member, Organization  # noqa: E402
from daihoi.organizations.province_import import apply_province, check_province  # noqa: E402

MEMBERS = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
USERS = int(sys.argv[2]) if len(sys.argv) > 2 else 15
TARGET_S = 60.0
UPPER = 14
COMMITTEES = 100  # grassroots committees, 3 branches each
GRASSROOTS_BRANCHES = 185
PLACES = ["Quảng Ngãi", "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Nghĩa Hành", "Mộ Đức", "Đức Phổ", "Ba Tơ"]


def organizations() -> tuple[list[list[object]], list[str], dict[str, list[str]]]:
    """The organizations sheet's rows, the roll owners' codes, and each committee's branch codes."""
    rows: list[list[object]] = [
        ["bq-tinh", "Đảng bộ tỉnh Quảng Ngãi", "Đảng bộ tỉnh", "", "Quảng Ngãi", "2025–2030"]
    ]
    uppers = [f"bq-k{i:02d}" for i in range(1, UPPER + 1)]
    for i, code in enumerate(uppers):
        kind, name = (
            ("Đảng bộ khối", f"Đảng bộ Khối {i + 1}")
            if i < 2
            else ("Đảng bộ huyện", f"Đảng bộ huyện {PLACES[i % 8]} {i}")
        )
        rows.append([code, name, kind, "bq-tinh", PLACES[i % 8], ""])
    owners: list[str] = []
    branches: dict[str, list[str]] = {}
    # branches first, their committees after: the sheet's order does not matter
    for i in range(COMMITTEES):
        code = f"bq-d{i:03d}"
        branches[code] = [f"{code}-cb{j}" for j in range(1, 4)]
        for j, branch in enumerate(branches[code], start=1):
            rows.append([branch, f"Chi bộ {j} Đảng bộ cơ sở {i}", "Chi bộ", code, "", ""])
    for i in range(COMMITTEES):
        code = f"bq-d{i:03d}"
        rows.append([code, f"Đảng bộ cơ sở số {i}", "Đảng bộ cơ sở", uppers[i % UPPER], PLACES[i % 8], ""])
        owners.append(code)
    for i in range(GRASSROOTS_BRANCHES):
        code = f"bq-c{i:03d}"
        rows.append([code, f"Chi bộ cơ sở số {i}", "Chi bộ cơ sở", uppers[i % UPPER], PLACES[i % 8], ""])
        owners.append(code)
    return rows, owners, branches


def workbook() -> tuple[bytes, int]:
    rng = random.Random(14)
    org_rows, owners, branches = organizations()
    book = Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("Tổ chức")
    sheet.append(["Mã", "Tên", "Loại", "Mã cấp trên", "Địa danh", "Nhiệm kỳ"])
    for row in org_rows:
        sheet.append(row)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(
        ["Mã tổ chức", "Số thẻ đảng viên", "Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ", "Trạng thái",
         "Ngày vào Đảng", "Ngày chính thức"]
    )  # fmt: skip
    for i in range(MEMBERS):
        owner = owners[i % len(owners)]
        gender = rng.choice(["male", "female"])
        name = f"{rng.choice(FAMILIES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(365 * 45))
        admitted = min(born + timedelta(days=365 * 22 + rng.randrange(365 * 12)), date(2025, 1, 1))
        probationary = rng.random() < 0.05
        org_code, branch = owner, ""
        if owner in branches:  # a committee's member: by the branch's code, or the Chi bộ column
            chosen = branches[owner][i % 3]
            org_code, branch = (chosen, "") if i % 2 else (owner, chosen)
        sheet.append(
            [
                org_code,
                f"{i // 10_000 + 10}.{i:06d}",
                name,
                born,
                "Nam" if gender == "male" else "Nữ",
                branch,
                "Dự bị" if probationary else "Chính thức",
                admitted,
                None if probationary else admitted + timedelta(days=365),
            ]
        )
    sheet = book.create_sheet("Người dùng")
    sheet.append(["Tên đăng nhập", "Họ tên", "Mã tổ chức", "Vai trò"])
    committees = ["bq-tinh", *(f"bq-k{i:02d}" for i in range(1, UPPER + 1))]
    for i in range(USERS):
        sheet.append([f"bq.user{i}", f"Người dùng {i}", committees[i % len(committees)], "Cán bộ tổ chức"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), len(org_rows)


def clean() -> None:
    Member.objects.filter(organization__code__startswith="bq-").delete()
    RoleAssignment.objects.filter(organization__code__startswith="bq-").delete()
    get_user_model().objects.filter(username__startswith="bq.").delete()
    orgs = list(Organization.objects.filter(code__startswith="bq-"))
    while orgs:  # leaves first (parents are protected)
        parents = {o.parent_id for o in orgs}
        leaves = [o.pk for o in orgs if o.pk not in parents]
        Organization.objects.filter(pk__in=leaves).delete()
        orgs = [o for o in orgs if o.pk not in leaves]


def timed(label: str, data: bytes) -> None:
    """import_province in its two steps: read and check (check_province), then write (apply_province)."""
    start, cpu = time.perf_counter(), time.process_time()
    plan = check_province(data, "tinh.xlsx")
    checked, checked_cpu = time.perf_counter() - start, time.process_time() - cpu
    result = apply_province(plan, actor="bench")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<30} {seconds:6.2f} s wall, {cpu:5.2f} s CPU (read and check {checked:.2f} s wall, "
        f"{checked_cpu:.2f} s CPU)  organizations {plan.organizations_created} new, "
        f"{plan.organizations_unchanged} unchanged; members {result.members_created} new, "
        f"{result.members_unchanged} unchanged; users {plan.users_created} new  "
        f"ratio {seconds / TARGET_S:.2f} of the {TARGET_S:.0f} s target"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    clean()
    start = time.perf_counter()
    data, orgs = workbook()
    print(
        f"database: {connection.vendor}; {orgs} organizations, {MEMBERS} members, {USERS} users; "
        f"workbook generated in {time.perf_counter() - start:.1f} s ({len(data) // 1024} KiB)"
    )
    timed("first import (all new)", data)
    timed("same file again (unchanged)", data)
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")
    assert Organization.objects.filter(code__startswith="bq-").count() == orgs
    assert Member.objects.filter(organization__code__startswith="bq-").count() == MEMBERS


if __name__ == "__main__":
    main()
