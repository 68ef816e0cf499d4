"""Builders of province workbooks for the tests: sheets of rows (header -> value)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

ORG_HEADERS = ["Mã", "Tên", "Loại", "Mã cấp trên", "Địa danh", "Nhiệm kỳ"]
MEMBER_HEADERS = [
    "Mã tổ chức",
    "Số thẻ đảng viên",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Chi bộ",
    "Trạng thái",
    "Ngày vào Đảng",
    "Ngày chính thức",
]
USER_HEADERS = ["Tên đăng nhập", "Họ tên", "Mã tổ chức", "Vai trò"]


def tree_rows() -> list[list[Any]]:
    """A province, two bloc committees, grassroots organizations (one with branches), a branch."""
    return [
        ["tinh", "Đảng bộ tỉnh Quảng Ngãi", "Đảng bộ tỉnh", "", "Quảng Ngãi", "2025–2030"],
        ["khoi-cq", "Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ khối", "tinh", "Quảng Ngãi", ""],
        ["khoi-dn", "Đảng bộ Khối doanh nghiệp tỉnh", "Đảng bộ cấp trên cơ sở", "tinh", "Quảng Ngãi", ""],
        # children before their parent: allowed
        ["so-tc-cb1", "Chi bộ Phòng Ngân sách", "Chi bộ", "so-tc", "", ""],
        ["so-tc-cb2", "Chi bộ Văn phòng", "Chi bộ", "so-tc", "", ""],
        ["so-tc", "Đảng bộ Sở Tài chính", "Đảng bộ cơ sở", "khoi-cq", "Quảng Ngãi", ""],
        ["so-tp", "Chi bộ Sở Tư pháp", "Chi bộ cơ sở", "khoi-cq", "Quảng Ngãi", ""],
        ["cty-dien", "Chi bộ Công ty Điện lực", "grassroots_branch", "khoi-dn", "Quảng Ngãi", ""],
    ]


def member_rows() -> list[list[Any]]:
    return [
        [
            "so-tc-cb1",
            "10.000001",
            "Nguyễn Văn An",
            "15/08/1975",
            "Nam",
            "",
            "Chính thức",
            "03/02/2000",
            "03/02/2001",
        ],
        ["so-tc", "10.000002", "Trần Thị Bình", "01/01/1980", "Nữ", "Chi bộ Văn phòng", "Chính thức", "", ""],
        ["so-tc-cb2", "10.000003", "Lê Văn Cường", "02/02/1982", "Nam", "", "Dự bị", "01/01/2025", ""],
        ["so-tp", "20.000001", "Phạm Thị Dung", "03/03/1985", "Nữ", "", "Chính thức", "", ""],
        ["so-tp", "20.000002", "Hoàng Văn Em", "04/04/1986", "Nam", "", "Chính thức", "", ""],
        ["cty-dien", "10.000001", "Võ Văn Phong", "05/05/1970", "Nam", "", "Chính thức", "", ""],
    ]


def user_rows() -> list[list[Any]]:
    return [
        ["khoi.tochuc", "Đinh Văn Giang", "khoi-cq", "Cán bộ tổ chức"],
        ["sotc.tochuc", "Bùi Thị Hạnh", "so-tc", "Cán bộ tổ chức, Quan sát viên"],
    ]


def workbook(
    orgs: list[list[Any]] | None = None,
    members: list[list[Any]] | None = None,
    users: list[list[Any]] | None = None,
) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in (
        ("Tổ chức", ORG_HEADERS, orgs),
        ("Đảng viên", MEMBER_HEADERS, members),
        ("Người dùng", USER_HEADERS, users),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
