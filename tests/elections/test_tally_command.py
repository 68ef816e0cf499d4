"""`daihoi tally`: JSON and .xlsx in, JSON and Vietnamese text out; exit 2 with a message on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "docs" / "examples" / "seed-executive-committee.json"
SMALL = {
    "election": "executive_committee",
    "congress": {"kind": "members", "convened": 11, "present": 10, "exclusions": {"absent_with_reason": 1}},
    "seats": 2,
    "candidates": [
        {"id": "a", "name": "Nguyễn Văn An", "birth_date": "1975-03-02"},
        {"id": "b", "name": "Trần Thị Bình"},
        {"id": "c", "name": "Lê Văn Cường"},
    ],
    "ballots_issued": 10,
    "ballots": [{"kept": ["a", "b"]}] * 5 + [{"kept": ["a", "c"]}] + [{"kept": ["c"]}] * 3 + [{"kept": []}],
}


def run(*args: str) -> str:
    out = StringIO()
    call_command("tally", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, data, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def bad(*args: str) -> str:
    with pytest.raises(CommandError) as err:
        run(*args)
    assert err.value.returncode == 2
    return str(err.value)


def test_seed_congress_file_prints_the_result_in_vietnamese():
    text = run(str(SEED))
    assert "KẾT QUẢ KIỂM PHIẾU — bầu Ban Chấp hành, lần 1" in text
    assert "(D)" not in text
    assert "còn 48" in text  # the base in words, as the regulation words it
    assert "Số phiếu cần để trúng cử: 25 (quá một nửa của 48)" in text
    assert "Số phiếu phát ra: 48; thu về: 48; hợp lệ: 47; không hợp lệ: 1" in text
    assert "95,83%" in text  # 46 of 48, decimal comma
    assert "Kết quả: đã bầu đủ" in text


def test_seed_congress_json_output_to_a_file(tmp_path):
    out = tmp_path / "result.json"
    assert run(str(SEED), "--format", "json", "-o", str(out)) == ""
    result = json.loads(out.read_text(encoding="utf-8"))
    assert (result["status"], result["base"], result["threshold"]) == ("complete", 48, 25)
    assert result["ballots"] == {
        "issued": 48, "returned": 48, "valid": 47, "invalid": 1, "invalid_reasons": {"too_many": 1},
    }  # fmt: skip
    assert len(result["elected"]) == 8
    votes = {c["id"]: c["votes"] for c in result["candidates"]}
    assert [votes[c] for c in result["elected"]] == sorted(
        (votes[c] for c in result["elected"]), reverse=True
    )
    assert {c["id"] for c in result["candidates"] if not c["elected"]} == {"c09", "c10"}
    first = result["candidates"][0]
    assert first["name"] == "Đặng Quốc Bảo"  # ballot order: given name first
    assert first["percent_of_base"] == "83.33"
    assert result["revote"] is None
    assert result["shortfall"] is None


def test_small_example_shortfall_and_invalid_reasons(tmp_path):
    result = json.loads(run(str(write(tmp_path, SMALL)), "--format", "json"))
    assert result["status"] == "shortfall"
    assert result["elected"] == ["a"]
    assert result["shortfall"]["seats"] == 1
    assert result["ballots"]["invalid_reasons"] == {"all_struck": 1}
    text = run(str(write(tmp_path, SMALL)))
    assert "gạch hết tên trong danh sách: 1" in text
    assert "Bầu chưa đủ: còn thiếu 1 người" in text


def test_english_text_output(tmp_path):
    text = run(str(write(tmp_path, SMALL)), "--language", "en")
    assert "TALLY RESULT — election of the executive committee, round 1" in text
    assert "Status: shortfall" in text


def test_revote_result_exits_zero_and_names_the_tied(tmp_path):
    pairs = [["a", "b"]] * 3 + [["a", "c"]] * 3 + [["b", "c"]] * 3 + [["a"]]  # a 7, b 6, c 6 of D = 10
    data = {**SMALL, "ballots": [{"kept": k} for k in pairs]}
    result = json.loads(run(str(write(tmp_path, data)), "--format", "json"))
    assert result["status"] == "revote"
    assert result["revote"]["candidates"] == ["b", "c"]
    assert result["revote"]["seats"] == 1
    assert result["elected"] == ["a"]


def _workbook(tmp_path: Path, ballots_header, ballots_rows, seats=2, candidates=None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "election"
    for row in [
        ("key", "value"), ("election", "executive_committee"), ("congress.kind", "members"),
        ("congress.convened", 11), ("congress.present", 10), ("exclusions.absent_with_reason", 1),
        ("seats", seats), ("ballots_issued", 10),
    ]:  # fmt: skip
        sheet.append(row)
    cands = book.create_sheet("candidates")
    cands.append(("id", "name", "birth_date"))
    import datetime as dt

    for row in candidates or [("a", "Nguyễn Văn An", dt.date(1975, 3, 2)), ("b", "Trần Thị Bình", None),
                              ("c", "Lê Văn Cường", None)]:  # fmt: skip
        cands.append(row)
    sheet = book.create_sheet("ballots")
    sheet.append(ballots_header)
    for row in ballots_rows:
        sheet.append(row)
    path = tmp_path / "tally.xlsx"
    book.save(path)
    return path


def test_xlsx_input_counts_like_the_json(tmp_path):
    rows = [(1, 1, 1, None)] * 5 + [(2, "x", None, "x")] + [(3, None, None, 1)] * 3 + [(4, 0, 0, 0)]
    path = _workbook(tmp_path, ("ballot", "a", "b", "c"), rows)
    from_xlsx = json.loads(run(str(path), "--format", "json"))
    from_json = json.loads(run(str(write(tmp_path, SMALL)), "--format", "json"))
    assert from_xlsx == from_json


def test_xlsx_rulings_and_marks(tmp_path):
    header = ("a", "b", "c", "invalid", "reason")
    rows = [("agree", "agree", "both", None, None), ("agree", "disagree", None, "not_issued", None)]
    path = _workbook(tmp_path, header, rows, seats=3)
    result = json.loads(run(str(path), "--format", "json"))
    assert result["form"] == "no_surplus"
    assert result["ballots"]["invalid_reasons"] == {"not_issued": 1}
    assert [c["votes"] for c in result["candidates"]] == [1, 1, 0]


def test_xlsx_unknown_candidate_column_names_the_ballot(tmp_path):
    path = _workbook(tmp_path, ("a", "b", "zz"), [(1, None, None), (1, None, 1)])
    message = bad(str(path))
    assert "“ballots[1].kept[1]”" in message
    assert "zz" in message


def test_xlsx_missing_sheet_and_broken_file(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "candidates"
    path = tmp_path / "partial.xlsx"
    book.save(path)
    assert "election" in bad(str(path))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert "broken.xlsx" in bad(str(broken))


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d.pop("seats"), "Thiếu trường “seats”"),
        (lambda d: d.update(seats="hai"), "“seats”"),
        (lambda d: d["congress"].update(present=-1), "“congress.present” không được âm"),
        (lambda d: d.update(ballots=[{"kept": ["a"]}, {"kept": ["a", "x9"]}]), "“ballots[1].kept[1]”"),
        (lambda d: d.update(ballots=[{"kept": ["a"]}, {"kept": ["a", "a"]}]), "Phiếu số 2"),
        (lambda d: d.update(election="mayor"), "“election”"),
        (lambda d: d["candidates"][1].update(birth_date="3/2/1975"), "“candidates[1].birth_date”"),
        (lambda d: d.update(ballots=[{"kept": ["a", "b", "c"], "valid": True}]), "“ballots[0].reason”"),
        (lambda d: d.update(ballots=[{"marks": {"a": "agree"}}]), "danh sách có số dư"),
        (lambda d: d.update(candidates=[]), "danh sách bầu cử trống"),
    ],
)
def test_malformed_inputs_exit_2_naming_the_field(tmp_path, mutate, needle):
    data = json.loads(json.dumps(SMALL))
    mutate(data)
    assert needle in bad(str(write(tmp_path, data)))


def test_not_json_not_an_object_unknown_extension_missing_file(tmp_path):
    assert "dòng 1" in bad(str(write(tmp_path, '{"seats": 2,,}')))
    assert "cần: object" in bad(str(write(tmp_path, "[1, 2]")))
    assert ".json hoặc .xlsx" in bad(str(write(tmp_path, "{}", "in.csv")))
    assert "không có tệp" in bad(str(tmp_path / "nowhere.json"))
    latin1 = tmp_path / "latin.json"
    latin1.write_bytes('{"title": "Đại hội"}'.encode("utf-16"))
    assert "UTF-8" in bad(str(latin1))


def test_ballots_file_reference_is_resolved_next_to_the_json(tmp_path):
    import numpy as np

    cells = np.array([[1, 1, 0]] * 6 + [[0, 1, 1]] * 4, dtype=np.uint8)
    cells.tofile(tmp_path / "ballots.u8")
    data = {k: v for k, v in SMALL.items() if k != "ballots"}
    data["ballots_file"] = {"path": "ballots.u8", "encoding": "u8", "count": 10}
    result = json.loads(run(str(write(tmp_path, data)), "--format", "json"))
    assert [c["votes"] for c in result["candidates"]] == [6, 10, 4]
    assert result["elected"] == ["b", "a"]


def test_the_console_command_exits_2_without_traceback(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "daihoi.settings.test"}
    cli = [sys.executable, "-m", "daihoi", "tally"]
    bad_run = subprocess.run([*cli, str(write(tmp_path, "{oops"))], capture_output=True, text=True, env=env)
    assert bad_run.returncode == 2
    assert "Traceback" not in bad_run.stderr
    assert "JSON" in bad_run.stderr
    good = subprocess.run([*cli, str(SEED), "--format", "json"], capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["status"] == "complete"


def test_xlsx_numeric_candidate_ids_are_read_as_text(tmp_path):
    cands = [(1, "Nguyễn Văn An", None), (2, "Trần Thị Bình", None), (3, "Lê Văn Cường", None)]
    path = _workbook(tmp_path, ("ballot", 1, 2, 3), [(1, 1, 1, None), (2, None, 1, 1)], candidates=cands)
    result = json.loads(run(str(path), "--format", "json"))
    assert {c["id"]: c["votes"] for c in result["candidates"]} == {"1": 1, "2": 2, "3": 1}
