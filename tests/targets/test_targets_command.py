from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command


def test_extract_command_prints_the_stable_json(tmp_path, capsys, seed_text):
    path = tmp_path / "nq.txt"
    path.write_text(seed_text, encoding="utf-8")
    call_command("targets", "extract", str(path))
    data = json.loads(capsys.readouterr().out)
    assert data["facts"] == {
        "organization": "Đảng bộ Văn phòng UBND tỉnh",
        "congress_number": 10,
        "term": "2020-2025",
        "attending": 48,
        "convened": 50,
        "branches": 5,
        "committee_size": 8,
        "delegates": None,
    }
    assert data["targets"][-1] == {
        "indicator": "admissions",
        "scope": "organization",
        "comparator": ">=",
        "value": 5,
        "unit": "count",
        "period": "term",
        "quote": "kết nạp từ 5 đảng viên mới trở lên",
    }


def test_extract_command_refuses_missing_and_non_utf8(tmp_path):
    with pytest.raises(CommandError):
        call_command("targets", "extract", str(tmp_path / "none.txt"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xd0\xe1i h\xf4i")  # a legacy 8-bit encoding, not UTF-8
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("targets", "extract", str(bad))
