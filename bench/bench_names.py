"""Benchmark of core.names (docs/benchmarks.md, "Names: keys and normalization").

    .venv/bin/python bench/bench_names.py

Keys for a 10,000-member roll are computed on import and on every name edit; the target is 100 ms
for 10,000 collation keys (first run in a fresh process, tables still empty, and warm), and 1 s for
10,000 normalize_name + split_name + ballot_sort_key (the import path per member).
Prints figures and the ratio to the target.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

from daihoi.core import _collation
from daihoi.core.names import ballot_sort_key, collation_key, normalize_name, split_name

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
]
MIDDLE = ["", "Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Thị Thu", "Văn Hữu", "Quốc"]
GIVEN = [
    "An",
    "Ân",
    "Anh",
    "Ánh",
    "Bình",
    "Chi",
    "Cúc",
    "Dũng",
    "Đạt",
    "Hà",
    "Hải",
    "Hằng",
    "Hòa",
    "Hoa",
    "Hùng",
    "Hương",
    "Huy",
    "Khoa",
    "Lan",
    "Linh",
    "Mai",
    "Minh",
]


def _names(count: int) -> list[str]:
    rnd = random.Random(1)
    return [
        " ".join(p for p in (rnd.choice(FAMILY), rnd.choice(MIDDLE), rnd.choice(GIVEN)) if p)
        for _ in range(count)
    ]


def _time(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    names = _names(10_000)
    start = time.perf_counter()
    for name in names:
        collation_key(name)
    cold = time.perf_counter() - start
    table_size = len(_collation._KNOWN)
    warm = _time(lambda: [collation_key(n) for n in names])

    def import_path() -> None:
        for i, name in enumerate(names):
            parts = split_name(normalize_name(name.lower()))
            ballot_sort_key(parts, date(1960 + i % 40, 1 + i % 12, 1 + i % 28))

    full = _time(import_path, repeat=3)
    rows = [
        ("10,000 collation_key, fresh process (cold tables)", cold, 0.1),
        ("10,000 collation_key, warm", warm, 0.1),
        ("10,000 normalize+split+ballot_sort_key", full, 1.0),
    ]
    print(f"{'case':52} {'median':>10} {'target':>8} {'ratio':>6}")
    for label, seconds, target in rows:
        print(f"{label:52} {seconds * 1000:8.1f}ms {target * 1000:6.0f}ms {seconds / target:6.2f}")
    print(f"(translate tables filled for {table_size} characters)")


if __name__ == "__main__":
    main()
