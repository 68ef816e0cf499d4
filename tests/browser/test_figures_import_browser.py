"""The statistics workbook in Chromium, as a tired clerk uses it: the template downloaded, a wrong file
refused with the reason in Vietnamese, the filled workbook previewed, the import confirmed with a double
click (saved and logged once), the back button and a second confirmation saving nothing; the observer
reads the figures but has no form. Screenshots in test-artifacts/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

INCOME = "Thu nhập bình quân đầu người đến năm 2030 đạt 86,4 triệu đồng"
POVERTY = "Tỷ lệ hộ nghèo giảm còn 0,23%"


@pytest.mark.django_db(transaction=True)
def test_import_the_statistics_workbook(live_server, login, shot, organization, role_users, tmp_path):
    from openpyxl import load_workbook

    from daihoi.audit.models import AuditEntry
    from daihoi.targets import services
    from daihoi.targets.models import TargetActual

    T = services.TargetInput
    services.confirm_targets(
        organization,
        term="2025-2030",
        actor=role_users["organizer"],
        targets=[
            T("other", "locality", ">=", "86400000", "VND", "term", INCOME),
            T("other", "locality", "<=", "0,23", "%", "term", POVERTY),
        ],
    )
    page = login("organizer")
    base = f"{live_server.url}/t/{organization.code}/figures/"
    page.goto(base)
    with page.expect_download() as download:
        page.click("a[href$='/figures/template.xlsx']")
    wb = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    ws = wb["Số liệu"]
    header = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        if row[2].value == INCOME:
            row[header.index(2025)].value = 61.2
            row[header.index(2026)].value = "66,8 triệu"
        if row[2].value == POVERTY:
            row[header.index(2025)].value = "1,9"
    filled = tmp_path / "so-lieu-xa.xlsx"
    wb.save(filled)

    # The wrong file first (a Word file renamed .xlsx): refused, nothing saved.
    wrong = tmp_path / "bao-cao.xlsx"
    wrong.write_bytes(b"PK\x03\x04 not really a workbook")
    page.set_input_files("input[type=file][name=file]", str(wrong))
    page.click("form[action$='/figures/import/'] button[type=submit]")
    refused = page.inner_text("main")
    assert "bao-cao.xlsx" in refused
    assert "Excel" in refused or "đọc" in refused, refused
    assert TargetActual.objects.count() == 0
    shot(page, "1-wrong-file")

    page.goto(base)
    page.set_input_files("input[type=file][name=file]", str(filled))
    page.click("form[action$='/figures/import/'] button[type=submit]")
    preview = page.inner_text("#import-preview")
    assert "61,2 triệu đồng" in preview
    assert "66,8 triệu đồng" in preview
    assert "1,9%" in preview
    assert TargetActual.objects.count() == 0  # nothing before the confirmation
    shot(page, "2-preview")
    page.dblclick("form[action$='/figures/import/confirm/'] button[type=submit]")
    page.wait_for_url(base)
    assert TargetActual.objects.count() == 3
    assert AuditEntry.objects.filter(action="targets.actuals.imported").count() == 1
    shot(page, "3-imported")
    page.go_back()
    page.click("form[action$='/figures/import/confirm/'] button[type=submit]")
    page.wait_for_url(base)
    assert AuditEntry.objects.filter(action="targets.actuals.imported").count() == 1
    assert "đọc lại" in page.inner_text("main") or "chọn lại" in page.inner_text("main")

    observer = page.context.browser.new_context(locale="vi-VN").new_page()
    observer.goto(f"{live_server.url}/accounts/login/")
    observer.fill("#id_username", "observer")
    observer.fill("#id_password", "pw-observer")
    with observer.expect_navigation():
        observer.press("#id_password", "Enter")
    observer.goto(base)
    text = observer.inner_text("main")
    assert "61,2 triệu đồng" in text
    assert observer.locator("input[type=file]").count() == 0
    assert observer.locator("form[action$='/figures/save/'] button[type=submit]").count() == 0
    observer.context.close()
