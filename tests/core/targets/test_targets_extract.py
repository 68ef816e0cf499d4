from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from targets_cases import FACT_CASES, GAPS_CASES, KNOWN_FAILURES, SELECT_CASES, TARGET_CASES

from daihoi.core.targets.extract import COMPARATORS, INDICATORS, SCOPES, UNITS, extract, extract_facts
from daihoi.core.targets.text import clean, fold, parse_number, parse_ordinal

# The seed text (a provincial office's congress report) is kept with the tests, so these never skip.
SEED_TEXT = Path(__file__).resolve().parents[2] / "data" / "seed" / "resolution.txt"


def _rows(text: str) -> list[tuple[object, ...]]:
    rows = []
    for t in extract(text).as_dict()["targets"]:
        rows.append((t["indicator"], t["scope"], t["comparator"], t["value"], t["unit"], t["period"]))
    return rows


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in TARGET_CASES], ids=[c[0] for c in TARGET_CASES]
)
def test_targets(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SELECT_CASES], ids=[c[0] for c in SELECT_CASES]
)
def test_selection(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in GAPS_CASES], ids=[c[0] for c in GAPS_CASES])
def test_gaps(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(c[1], c[2], id=c[0], marks=pytest.mark.xfail(strict=True, reason=c[3]))
        for c in KNOWN_FAILURES
    ],
)
def test_known_failures(text, expected):
    assert _rows(text) == expected


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FACT_CASES], ids=[c[0] for c in FACT_CASES])
def test_facts(text, expected):
    assert extract(text).as_dict()["facts"] == expected


@pytest.mark.parametrize("case", TARGET_CASES, ids=[c[0] for c in TARGET_CASES])
def test_every_quote_is_verbatim_and_fields_are_in_the_vocabulary(case):
    text = clean(case[1])
    for t in extract(text).targets:
        assert t.quote in text
        assert t.indicator in INDICATORS
        assert t.scope in SCOPES
        assert t.comparator in COMPARATORS
        assert t.unit in UNITS


def test_json_shape_is_stable():
    data = extract(TARGET_CASES[0][1]).as_dict()
    assert list(data) == ["facts", "targets"]
    assert list(data["facts"]) == [
        "organization",
        "congress_number",
        "term",
        "attending",
        "convened",
        "branches",
        "committee_size",
        "delegates",
    ]
    assert list(data["targets"][0]) == [
        "indicator",
        "scope",
        "comparator",
        "value",
        "unit",
        "period",
        "quote",
    ]
    json.dumps(data)


def test_declared_count_is_a_checksum():
    assert extract(TARGET_CASES[7][1]).declared_count == 4


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.008", Decimal(1008)), ("86,4", Decimal("86.4")), ("90", Decimal(90)), ("2.5", Decimal("2.5"))],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("X", 10), ("xiv", 14), ("IX", 9), ("10", 10), ("nhất", 1), ("q", None)]
)
def test_parse_ordinal(raw, expected):
    assert parse_ordinal(raw) == expected


def test_fold_keeps_offsets_and_unifies_tone_placement():
    assert fold("Khoá XI, Uỷ ban") == fold("Khóa XI, Ủy ban") == "khóa xi, ủy ban"
    assert len(fold("Hoàn thành")) == len("Hoàn thành")


def _seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


def test_seed_targets_exactly():
    assert _rows(_seed_text()) == [
        ("rated_completed", "members", ">=", 100, "%", "annual"),
        ("rated_good", "members", ">=", 90, "%", "annual"),
        ("rating", "branches", ">=", "good", "level", "annual"),
        ("charter_compliance", "members", ">=", 100, "%", "annual"),
        ("rating", "mass_organizations", ">=", "strong", "level", "annual"),
        ("rating", "organization", ">=", "good", "level", "annual"),
        ("admissions", "organization", ">=", 5, "count", "term"),
    ]


def test_seed_facts_exactly():
    assert extract_facts(_seed_text()).__dict__ == {
        "organization": "Đảng bộ Văn phòng UBND tỉnh",
        "congress_number": 10,
        "term": "2020-2025",
        "attending": 48,
        "convened": 50,
        "branches": 5,
        "committee_size": 8,
        "delegates": None,
    }
