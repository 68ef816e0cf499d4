"""Issue 2 "Done when": log in, import a roll with one bad row (error shown, nothing imported), import a
good one, and see the list in the Vietnamese ballot order — in Debian's Chromium, screenshots kept."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "organizations"))
from roll_files import good_rows, row, xlsx

from daihoi.organizations.models import Member

ROWS = [
    *good_rows(),
    row("01.000006", "Đỗ Văn Đức", born="11/11/1981", branch="Chi bộ 2"),
    row("01.000007", "Hoàng Thị Dung", born="12/12/1982", gender="Nữ", ethnicity="Tày"),
    row("01.000008", "Vũ Văn Út", born="05/05/1985", branch="Chi bộ 2"),
    row("01.000009", "Lê Văn Ưng", born="06/06/1986"),
    row("01.000010", "Bùi Văn Ơn", born="07/07/1987", branch="Chi bộ 2"),
]
# By hand, from the rule (spec §5): given name letter by letter in a ă â b c d đ ... o ô ơ ... u ư ...,
# then family, middle, older first.
EXPECTED = [
    ("Nguyễn Văn An", "20/10/1970"),
    ("Nguyễn Văn An", "15/08/1975"),
    ("Phạm Thị Ánh", "09/09/1995"),
    ("Lê Văn Ân", "01/01/1990"),
    ("Trần Thị Bình", "02/03/1980"),
    ("Hoàng Thị Dung", "12/12/1982"),
    ("Đỗ Văn Đức", "11/11/1981"),
    ("Bùi Văn Ơn", "07/07/1987"),
    ("Vũ Văn Út", "05/05/1985"),
    ("Lê Văn Ưng", "06/06/1986"),
]
NAME_CELLS = "#members tbody tr td.name"


def _names_and_dates(page):
    return page.eval_on_selector_all(
        "#members tbody tr",
        "rows => rows.map(r => [r.querySelector('td.name').firstChild.textContent.trim(),"
        " r.querySelectorAll('td')[2].textContent.trim()])",
    )


@pytest.mark.django_db(transaction=True)
def test_import_a_roll_with_a_bad_row_then_a_good_one(live_server, login, shot, organization, tmp_path):
    page = login("organizer")
    page.goto(f"{live_server.url}/o/{organization.code}/")
    assert page.locator("h1").inner_text().startswith("Đảng bộ Văn phòng UBND tỉnh")
    shot(page, "1-overview-empty")

    bad_rows = [dict(r) for r in ROWS]
    bad_rows[2]["Ngày sinh"] = "31/02/1980"  # the 3rd member is on sheet row 4
    bad = tmp_path / "danh-sach-loi.xlsx"
    bad.write_bytes(xlsx(bad_rows))
    page.click("text=Nhập danh sách")
    page.set_input_files("#id_file", str(bad))
    page.click("#import-form button[type=submit]")
    errors = page.locator("#import-errors")
    errors.wait_for()
    cells = errors.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells == ["4", "Ngày sinh", "31/02/1980", "«31/02/1980» không phải là ngày hợp lệ"]
    assert errors.locator("tbody tr").count() == 1
    title = errors.locator("tbody tr").first.get_attribute("title")
    assert title == "Dòng 4, cột «Ngày sinh»: «31/02/1980» không phải là ngày hợp lệ"
    assert "Chưa có gì được nhập." in errors.inner_text()
    shot(page, "2-import-refused")
    assert Member.objects.count() == 0
    page.goto(f"{live_server.url}/o/{organization.code}/members/")
    assert page.locator(NAME_CELLS).count() == 0

    good = tmp_path / "danh-sach.xlsx"
    good.write_bytes(xlsx(ROWS))
    page.goto(f"{live_server.url}/o/{organization.code}/members/import/")
    page.set_input_files("#id_file", str(good))
    page.click("#import-form button[type=submit]")
    result = page.locator("#import-result")
    result.wait_for()
    assert "Đã nhập danh sách." in result.inner_text()
    assert result.locator(".stat b").first.inner_text() == "10"
    shot(page, "3-import-done")

    page.click("text=Xem danh sách")
    page.locator(NAME_CELLS).first.wait_for()
    assert [tuple(x) for x in _names_and_dates(page)] == EXPECTED
    shot(page, "4-roll-in-ballot-order")

    page.click("#members tbody tr:nth-child(3) >> text=Sửa")
    page.locator("#id_full_name").wait_for()
    assert page.input_value("#id_full_name") == "Phạm Thị Ánh"
    shot(page, "4b-member-form")
    page.go_back()

    page.fill("input[name=q]", "nguyen van an")
    page.wait_for_function("document.querySelectorAll('#members tbody tr td.name').length === 2")
    assert [tuple(x) for x in _names_and_dates(page)] == EXPECTED[:2]
    shot(page, "5-search-without-accents")

    page.goto(f"{live_server.url}/o/{organization.code}/")
    overview = page.locator("#branch-overview tfoot").inner_text()
    assert "9" in overview
    assert "10" in overview
    shot(page, "6-overview")


@pytest.mark.django_db(transaction=True)
def test_demo_roll_as_the_organizer(live_server, page, shot):
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load

    ctx = DemoContext()
    load(ctx)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "tochuc")
    page.fill("#id_password", "tochuc2020")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    page.goto(f"{live_server.url}/o/vp-ubnd-tinh/")
    rows = page.locator("#branch-overview tbody tr")
    assert rows.count() == 5
    # 50 official members (the voters convened to the congress) and 3 probationary members
    totals = [th.inner_text() for th in page.locator("#branch-overview tfoot th").all()]
    assert (totals[1], totals[2], totals[-1]) == ("50", "3", "53")
    shot(page, "overview")
    page.goto(f"{live_server.url}/o/vp-ubnd-tinh/members/")
    assert page.locator("p.count").inner_text().startswith("53 ")
    shot(page, "members")
