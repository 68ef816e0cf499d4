"""`python -m daihoi_verify BOARD` and `daihoi verify BOARD` as a user runs them: exit codes and text."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from verifier_boards import Built, build_board

from daihoi.core.verifiable.group import L, scalar_hex

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "daihoi.settings.test"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def built() -> Built:
    return build_board(["2,5", "1,2", "", "1,2,3,4,5"], audited=["3"])


def write(tmp_path: Path, board: dict[str, Any], name: str = "board.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(board, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_right_board_prints_the_result_in_vietnamese(built: Built, tmp_path: Path) -> None:
    done = run("-m", "daihoi_verify", write(tmp_path, built.board), "--workers", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "Kết luận: ĐÚNG"
    assert "Số phiếu: 4 (hợp lệ 2, không hợp lệ 2); phiếu kiểm tra mã hoá: 1" in lines
    assert "  1. Nguyễn Văn An: 1" in lines
    assert "  3. Lê Văn Cường: 2" in lines
    assert "  - bầu nhiều hơn số lượng cần bầu: 1" in lines
    assert "  - gạch hết tên trong danh sách: 1" in lines
    assert "Giải mã bởi thành viên ban kiểm phiếu số 1, 3, 5 (cần 3 trong 5 người)" in lines
    assert any(line.startswith("Thời gian kiểm tra: ") and "phiếu/giây" in line for line in lines)


def test_wrong_board_prints_the_first_failure(built: Built, tmp_path: Path) -> None:
    board = copy.deepcopy(built.board)
    proof = board["ballots"][2]["answers"][2]["proof"]
    proof["c"][0] = scalar_hex((int.from_bytes(bytes.fromhex(proof["c"][0]), "little") + 1) % L)
    path = write(tmp_path, board)
    done = run("-m", "daihoi_verify", path)
    assert done.returncode == 1
    assert done.stdout.startswith("Kết luận: SAI: phiếu ")
    assert done.stdout.rstrip().endswith("…, tên thứ 3: chứng minh 0/1 sai")

    english = run("-m", "daihoi_verify", path, "--lang", "en", "--workers", "1")
    assert english.returncode == 1
    assert english.stdout.rstrip().endswith(", name 3: the 0/1 proof fails")
    assert english.stdout.startswith("Verdict: WRONG: ballot ")


def test_json_report(built: Built, tmp_path: Path) -> None:
    right = run("-m", "daihoi_verify", write(tmp_path, built.board), "--json", "--workers", "1")
    report = json.loads(right.stdout)
    assert right.returncode == 0
    assert report["ok"] is True
    assert report["result"]["votes"][0] == {"position": 1, "name": "Nguyễn Văn An", "votes": 1}
    assert report["result"]["invalid"] == {"too_many": 1, "all_struck": 1}
    assert report["timing"]["ballots_per_second"] > 0

    board = copy.deepcopy(built.board)
    board["result"]["valid"] += 1
    wrong = run("-m", "daihoi_verify", write(tmp_path, board), "--json", "--workers", "1")
    report = json.loads(wrong.stdout)
    assert wrong.returncode == 1
    assert report["ok"] is False
    assert report["failure"]["code"] == "result_valid"
    assert report["failure"]["message"] == "số phiếu hợp lệ 3 không bằng số phiếu trừ số phiếu không hợp lệ"


def test_daihoi_verify_command(built: Built, tmp_path: Path) -> None:
    path = write(tmp_path, built.board)
    done = run("-m", "daihoi", "verify", path, "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Kết luận: ĐÚNG"
    board = copy.deepcopy(built.board)
    del board["ballots"][0]
    done = run("-m", "daihoi", "verify", write(tmp_path, board), "--workers", "1")
    assert done.returncode == 1
    assert done.stdout.strip() == "Kết luận: SAI: tên thứ 1: tổng mã hoá không bằng tổng các phiếu"


def test_unreadable_and_not_json(tmp_path: Path) -> None:
    missing = run("-m", "daihoi_verify", str(tmp_path / "none.json"))
    assert missing.returncode == 2
    assert "Không đọc được tệp" in missing.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    done = run("-m", "daihoi_verify", str(garbage))
    assert done.returncode == 1
    assert "SAI: tệp không phải là bảng công bố" in done.stdout
    wrong_arguments = run("-m", "daihoi_verify", "--workers", "many")
    assert wrong_arguments.returncode == 2
    assert wrong_arguments.stderr.startswith("cách dùng: daihoi verify ")
    assert "Đối số không đúng (xem --help)." in wrong_arguments.stderr


def test_open_poll_exits_3(built: Built, tmp_path: Path) -> None:
    from daihoi.core import verifiable as vv

    open_board = vv.board(built.manifest, built.ballots, [], None, [], None)
    done = run("-m", "daihoi_verify", write(tmp_path, open_board), "--workers", "1")
    assert done.returncode == 3
    assert "Cuộc bỏ phiếu chưa kết thúc: 4 phiếu và 0 phiếu kiểm tra mã hoá đều đúng" in done.stdout
    assert done.stdout.splitlines()[-1] == "Kết luận: CHƯA KẾT THÚC"
