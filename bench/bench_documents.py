"""Benchmark of the documents layer (docs/benchmarks.md, "Documents rendering").

    .venv/bin/python bench/bench_documents.py

An entry log of 1,000 delegates (A4 landscape, Party header, one 5-column table) rendered to PDF and to
Word, and a 10,000-row delegate list written to Excel. Targets on the 2-core reference machine:
PDF 3 s, Word 5 s, Excel 3 s. Prints each figure, the page count or size, and the ratio to the target.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")
django.setup()

from daihoi.documents.docx_renderer import render_docx  # noqa: E402
from daihoi.documents.model import Column, Document, PartyHeader, Table, Title  # noqa: E402
from daihoi.documents.pdf_renderer import render_pdf  # noqa: E402
from daihoi.documents.xlsx import Sheet, write_xlsx  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hằng", "Hưởng", "Lan", "Ước", "Yến", "Đức"]


def entry_log(rows: int) -> Document:
    data: list[list[str | int | float]] = [
        [
            str(i),
            f"{FAMILY[i % 10]} Thị {GIVEN[(i // 10) % 10]}",
            f"Chi bộ {i % 37 + 1}",
            f"07:{i % 60:02d}",
            "",
        ]
        for i in range(1, rows + 1)
    ]
    return Document(orientation="landscape").add(
        PartyHeader(
            superior="Đảng bộ xã Tiên Phong",
            issuer="Ban tổ chức Đại hội",
            place="Tiên Phong",
            date=dt.date(2025, 8, 15),
        ),
        Title("Sổ đăng ký đại biểu"),
        Table(
            [
                Column("TT", 15, "center"),
                Column("Họ và tên"),
                Column("Đơn vị"),
                Column("Giờ đến", 30, "center"),
                Column("Ký tên", 40),
            ],
            data,
        ),
    )


def timed(label: str, target: float, work: Callable[[], bytes], repeat: int = 3) -> None:
    times = []
    size = 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(work())
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"{label:44s} best {best:6.2f} s  median {median:6.2f} s  {size / 1024:8.0f} KiB  "
          f"target {target:.0f} s  ratio {median / target:.2f}")  # fmt: skip


def main() -> None:
    document = entry_log(1000)
    timed("entry log, 1,000 rows -> PDF", 3, lambda: render_pdf(document))
    timed("entry log, 1,000 rows -> Word", 5, lambda: render_docx(document))
    rows = [[i, f"{FAMILY[i % 10]} Văn {GIVEN[i % 10]}", dt.date(1960 + i % 40, i % 12 + 1, i % 28 + 1),
             f"Chi bộ {i % 37 + 1}"] for i in range(10_000)]  # fmt: skip
    sheet = Sheet("Đại biểu", ["TT", "Họ và tên", "Ngày sinh", "Đơn vị"], rows)
    timed("delegate list, 10,000 rows -> Excel", 3, lambda: write_xlsx([sheet]))


if __name__ == "__main__":
    main()
