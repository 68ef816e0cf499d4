"""The development-set evaluator scores what it claims: one-to-one matches, anchors, categories, facts."""

from __future__ import annotations

import json

import pytest

from daihoi.core.targets.evaluate import AnnotationError, Case, check_case, load_cases, score

TEXT = "Phấn đấu hàng năm kết nạp từ 5 đảng viên trở lên; thu nhập bình quân đạt 60 triệu đồng."


def _target(**kw):
    base = {
        "indicator": "admissions",
        "scope": "organization",
        "comparator": ">=",
        "value": 5,
        "unit": "count",
        "period": "annual",
    }
    return {**base, **kw}


def _case(targets, facts=None):
    return Case("c", TEXT, {"source": "https://example.vn/a", "facts": facts or {}, "targets": targets})


def _extractor(targets, facts=None):
    return lambda text: {"facts": facts or {}, "targets": targets}


def test_a_match_needs_the_fields_and_the_anchor_inside_the_quote():
    expected = [_target(anchor="từ 5 đảng viên")]
    good = _target(quote="kết nạp từ 5 đảng viên trở lên")
    report = score([_case(expected)], _extractor([good]))
    assert (report.all_targets.precision, report.all_targets.recall) == (1.0, 1.0)
    wrong_quote = _target(quote="thu nhập bình quân đạt 60 triệu đồng")
    report = score([_case(expected)], _extractor([wrong_quote]))
    assert (report.all_targets.precision, report.all_targets.recall) == (0.0, 0.0)
    wrong_value = _target(value=6, quote="kết nạp từ 5 đảng viên trở lên")
    assert score([_case(expected)], _extractor([wrong_value])).all_targets.recall == 0.0


def test_each_annotated_target_is_matched_once_and_the_period_is_scored_apart():
    expected = [_target(anchor="từ 5 đảng viên")]
    twice = [_target(quote="kết nạp từ 5 đảng viên"), _target(quote="kết nạp từ 5 đảng viên", period="term")]
    report = score([_case(expected)], _extractor(twice))
    assert report.all_targets.matched_expected == 1
    assert report.all_targets.precision == 0.5
    assert (report.period_agree, report.period_matched) == (1, 1)
    assert [m.kind for m in report.misses] == ["wrong"]


def test_categories_follow_scope_and_unit():
    money = _target(
        indicator="other", scope="locality", value=60000000, unit="VND", period="term", anchor="60 triệu đồng"
    )
    level = _target(indicator="rating", value="good", unit="level", anchor="kết nạp")
    report = score([_case([money, level])], _extractor([]))
    assert report.targets["locality"].expected == 1
    assert report.targets["level"].expected == 1
    assert report.targets["party"].expected == 0
    assert report.targets["locality"].recall == 0.0


def test_facts_are_scored_per_key_and_names_compare_folded():
    facts = {"organization": "Đảng bộ xã Vĩnh Lộc", "term": "2025-2030", "attending": None}
    got = {"organization": "ĐẢNG BỘ XÃ  VĨNH LỘC", "term": "2020-2025", "attending": 12}
    report = score([_case([], facts)], _extractor([], got))
    assert report.facts["organization"].recall == 1.0
    assert report.facts["term"].recall == 0.0
    assert report.facts["attending"].precision == 0.0  # stated nothing, proposed a figure
    assert report.facts["attending"].recall is None


def test_annotation_errors_name_the_file_and_target(tmp_path):
    with pytest.raises(AnnotationError, match="anchor"):
        check_case(_case([_target(anchor="không có trong văn bản")]))
    with pytest.raises(AnnotationError, match="source"):
        check_case(Case("c", TEXT, {"source": "", "targets": []}))
    (tmp_path / "a.json").write_text(json.dumps({"source": "https://x.vn", "targets": []}), encoding="utf-8")
    with pytest.raises(AnnotationError, match="no text file"):
        load_cases(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert [c.id for c in load_cases(tmp_path)] == ["a"]
