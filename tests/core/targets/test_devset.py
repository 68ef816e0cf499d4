"""The extractor on real texts: the hand-annotated development set (tests/data/targets_devset/dev, every
text with its page's address; docs/targets.md "The development set"). A held-out set, when there is one
(tests/data/targets_devset/heldout), is measured with `bench/targets_quality.py`, not held to the goal
here: it is for texts the rules were never tuned on. `--details` prints every miss.

A miss a user finds goes into dev/ as a new text with its annotation; this test then holds the rules to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from daihoi.core.targets.evaluate import CATEGORIES, format_report, load_cases, score
from daihoi.core.targets.extract import extract

SETS = Path(__file__).resolve().parents[2] / "data" / "targets_devset"
GOAL = 0.90


def _run(text: str) -> dict:
    return extract(text, limit=None).as_dict()


@pytest.fixture(scope="module")
def dev_report():
    cases = load_cases(SETS / "dev")
    assert len(cases) >= 40
    return score(cases, _run)


@pytest.mark.parametrize("category", CATEGORIES)
def test_dev_set_precision_and_recall_per_category(dev_report, category):
    tally = dev_report.targets[category]
    assert tally.expected > 0
    assert tally.precision is not None
    assert tally.recall is not None
    assert tally.precision >= GOAL, format_report(dev_report, details=True)
    assert tally.recall >= GOAL, format_report(dev_report, details=True)


def test_dev_set_facts(dev_report):
    facts = dev_report.all_facts
    assert facts.precision is not None
    assert facts.recall is not None
    assert facts.precision >= GOAL, format_report(dev_report, details=True)
    assert facts.recall >= GOAL, format_report(dev_report, details=True)


def test_every_text_names_its_source_once():
    cases = [case for directory in sorted(SETS.iterdir()) for case in load_cases(directory)]
    sources = [c.annotation["source"] for c in cases]
    assert len(sources) == len(set(sources))
    assert all(s.startswith(("http://", "https://")) for s in sources)
