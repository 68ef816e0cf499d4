"""The targets in a browser: paste the seed's text, confirm, import a year's ratings (a wrong file, then a
good one), then the dashboard and the yearly report. Screenshots in test-artifacts/."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "seed" / "resolution.txt"


def _seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


def _members(organization):
    from daihoi.organizations.models import Member

    branches = list(organization.children.order_by("code"))
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
        "Vũ Thị Hoa",
        "Đặng Văn Hùng",
        "Bùi Thị Lan",
        "Đỗ Văn Minh",
        "Ngô Thị Nga",
    ]
    return [
        Member.objects.create(
            organization=organization,
            branch=branches[i % 2],
            member_code=f"79.01.{1000 + i}",
            full_name=name,
            given_name=name.split()[-1],
            birth_date=date(1980, 1, 1),
            gender="male",
            status="official",
            admitted_on=date(2021 if i < 2 else 2005, 3, 1),
        )
        for i, name in enumerate(names)
    ]


def _workbook(members, organization, bad: bool) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    ws.append(["XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2023"])
    ws.append([])
    ws.append(["STT", "Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại"])
    for i, m in enumerate(members, start=1):
        level, score = ("Hoàn thành xuất sắc nhiệm vụ", 93) if i == 1 else ("Hoàn thành tốt nhiệm vụ", 80)
        if i == 10:
            level, score = "Hoàn thành nhiệm vụ", 60
        ws.append([i, m.member_code, m.full_name, m.branch.name, score, level])
    if bad:
        ws["F6"] = "Giỏi"  # not a level
        ws["E8"] = 120  # not a score
    branches = wb.create_sheet("Chi bộ")
    branches.append([])
    branches.append([])
    branches.append(["STT", "Chi bộ", "Điểm", "Xếp loại"])
    for i, b in enumerate(organization.children.order_by("code"), start=1):
        branches.append([i, b.name, 85, "Hoàn thành tốt nhiệm vụ"])
    branches.append([3, organization.name, 86, "Hoàn thành tốt nhiệm vụ"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_targets_paste_confirm_import_dashboard_report(live_server, login, shot, organization):
    text = _seed_text()
    members = _members(organization)
    page = login("organizer")
    base = f"{live_server.url}/t/{organization.code}"

    page.goto(base + "/extract/")
    page.fill("#source-text", text)
    page.click("#propose")
    page.wait_for_selector("#proposal-form")
    assert page.locator("fieldset.target-row").count() == 7
    assert page.input_value("input[name=f-term]") == "2020-2025"
    assert page.input_value("input[name=f-congress_number]") == "10"
    assert page.input_value("input[name=t-6-value]") == "5"
    shot(page, "1-proposal")
    for box in page.locator("input[name$='-ok']").all():  # each row checked against the text
        box.check()
    page.click("#confirm-targets")
    page.wait_for_url(base + "/")
    assert page.locator("section.target-card").count() == 8  # 7 targets + the ratings chart

    page.goto(base + "/ratings/2023/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "xep-loai-2023-sai.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _workbook(members, organization, bad=True),
            }
        ],
    )
    page.click("#import-button")
    page.wait_for_selector("#import-issues")
    issues = page.locator("#import-issues tbody tr")
    assert issues.count() == 2
    assert "Giỏi" in page.inner_text("#import-issues")
    assert "120" in page.inner_text("#import-issues")
    shot(page, "2-import-refused")

    page.goto(base + "/ratings/2023/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "xep-loai-2023.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _workbook(members, organization, bad=False),
            }
        ],
    )
    page.click("#import-button")
    page.wait_for_selector(".msg-success")
    assert page.locator("select[name^=m-] option[selected][value=good]").count() == 8
    shot(page, "3-ratings-imported")

    page.goto(base + "/")
    assert page.locator("svg.chart").count() == 8
    assert "90%" in page.inner_text("main")
    shot(page, "4-dashboard")

    page.goto(base + "/report/2023/")
    assert "Kết nạp từ 5 đảng viên mới trở lên" in page.inner_text("#report-targets")
    shot(page, "5-report")
    with page.expect_download() as download:
        page.click("#report-docx")
    assert download.value.suggested_filename.endswith(".docx")


def test_targets_demo_dashboard(live_server, login, shot):
    """The demo term: five years of ratings, some targets met and some missed, as the dashboard shows it."""
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.targets.demo import load as load_targets

    ctx = DemoContext()
    load_roll(ctx)
    load_targets(ctx)
    page = login("tochuc", "tochuc2020")
    page.goto(f"{live_server.url}/t/{ctx.objects['organization'].code}/")
    summary = page.inner_text(".status-summary")
    assert "đạt" in summary
    assert "không đạt" in summary
    assert page.locator("svg.chart").count() == 8
    shot(page, "demo-dashboard")
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()  # print: no navigation, no buttons
    shot(page, "demo-dashboard-print")
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/t/{ctx.objects['organization'].code}/ratings/2024/")
    assert page.locator("#member-ratings tbody tr").count() >= 45
    shot(page, "demo-ratings-2024")
