"""Precision and recall of the target extractor on the hand-annotated development set.

    .venv/bin/python bench/targets_quality.py                       # dev and held-out sets
    .venv/bin/python bench/targets_quality.py --details             # every miss and wrong proposal
    .venv/bin/python bench/targets_quality.py tests/data/targets_devset/dev

To measure an older extractor ("before"), run this file with that checkout's src first on the path:
    PYTHONPATH=/path/to/old/src .venv/bin/python bench/targets_quality.py --evaluator src
(the evaluator and the set are read from this checkout, the extractor from the path).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [ROOT / "tests/data/targets_devset/dev", ROOT / "tests/data/targets_devset/heldout"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--details", action="store_true", help="list every miss and wrong proposal")
    parser.add_argument(
        "--evaluator",
        type=Path,
        help="read the evaluator from this src directory (to score an old extractor)",
    )
    args = parser.parse_args()
    extract_module = importlib.import_module("daihoi.core.targets.extract")
    if args.evaluator:  # the old checkout has no evaluator: load this one's file by path
        spec = importlib.util.spec_from_file_location(
            "daihoi_targets_evaluate", (ROOT / "src/daihoi/core/targets/evaluate.py")
        )
        assert spec is not None
        assert spec.loader is not None
        evaluate = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = evaluate
        spec.loader.exec_module(evaluate)
    else:
        evaluate = importlib.import_module("daihoi.core.targets.evaluate")
    print(f"extractor: {extract_module.__file__}")

    def run(text: str) -> dict:
        return extract_module.extract(text, limit=None).as_dict()

    for directory in args.sets:
        cases = evaluate.load_cases(directory)
        report = evaluate.score(cases, run)
        print(evaluate.format_report(report, name=str(directory), details=args.details))
        print()


if __name__ == "__main__":
    if "--evaluator" not in sys.argv:
        sys.path.insert(0, str(ROOT / "src"))
    main()
