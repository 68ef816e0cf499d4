"""Benchmark of target extraction on hostile texts (docs/benchmarks.md, "Target extraction: linear time").

    .venv/bin/python bench/bench_extract.py            # the code of this checkout
    PYTHONPATH=/path/to/old/src python bench/bench_extract.py --give-up 30   # another version

For each text shape, the CPU seconds of `extract` at growing sizes (characters → seconds), and the
ratio of the 100,000-character time to the 1-second target. A shape stops growing once one size takes
longer than --give-up seconds (the code before issue 10 needed minutes for 80,000 digits).
"""

from __future__ import annotations

import argparse
import time

from daihoi.core.targets import extract as extract_module

SHAPES = {
    '"1" * N': "1",
    '"1," * N': "1,",
    "digits with spaces": "1 ",
    '" " * N': " ",
    '"%" * N': "%",
    "nested parentheses": "((",
    '"đại hội đảng bộ " * N': "đại hội đảng bộ ",
    "target sentences": "Chỉ tiêu: 95% đảng viên hoàn thành nhiệm vụ. ",
    "target clauses": "Phấn đấu hàng năm kết nạp 5 đảng viên; ",
    # issue 15: ranges, money, words, past and new sections
    "ranges": "phấn đấu tăng 10-12%, ",
    "money": "thu nhập đạt 86,4 triệu đồng/người/năm; ",
    "number words": "kết nạp năm năm ",
    "past then new": "Nhiệm kỳ qua đạt 8%. Nhiệm kỳ 2025-2030 phấn đấu 10%. ",
    "short lines": "a\n",  # the slowest found: every line is a sentence read for targets
    "labelled figures": "x: 1%\n",
}
SIZES = [2_500, 5_000, 10_000, 20_000, 40_000, 80_000, 100_000]
TARGET = 1.0  # seconds for 100,000 characters


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _cpu(text: str) -> float:
    start = time.process_time()
    extract_module.extract_targets(text)
    extract_module.extract_facts(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--give-up", type=float, default=30.0, help="stop a shape after a size this slow")
    args = parser.parse_args()
    print(f"{'shape':<28}" + "".join(f"{size:>10,}" for size in SIZES) + "   ratio")
    for name, unit in SHAPES.items():
        cells = []
        last = None
        for size in SIZES:
            if last is not None and last > args.give_up:
                cells.append(f"{'—':>10}")
                continue
            last = _cpu(_text(unit, size))
            cells.append(f"{last:>9.3f}s")
        ratio = (
            f"{last / TARGET:.2f}" if last is not None and len(cells) and cells[-1].strip() != "—" else "—"
        )
        print(f"{name:<28}" + "".join(cells) + f"   {ratio}", flush=True)


if __name__ == "__main__":
    main()
