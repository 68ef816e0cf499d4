"""The organizer creates a congress in the browser: a duplicate number is refused on the form (no server
error), the corrected one is created, then deleted after the confirmation page. Screenshots in
test-artifacts/."""

from __future__ import annotations

import datetime

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services
from daihoi.congresses.models import Congress


def _fill(page, number):
    page.fill("#id_number", str(number))
    page.select_option("#id_kind", "members")
    page.fill("#id_term_start_year", "2025")
    page.fill("#id_term_end_year", "2030")
    page.fill("#id_starts_on", "2025-06-10")
    page.fill("#id_ends_on", "2025-06-11")
    page.fill("#id_place", "Hội trường Văn phòng UBND tỉnh")


def test_create_duplicate_then_create_and_delete(live_server, login, shot, organization):
    existing = services.create_congress(
        organization,
        number=10,
        term_start_year=2020,
        term_end_year=2025,
        starts_on=datetime.date(2020, 6, 16),
    )
    page = login("organizer")
    page.goto(f"{live_server.url}/c/{organization.code}/")

    _fill(page, 10)
    with page.expect_navigation():
        page.click("#congress-form button[type=submit]")
    form = page.locator("#congress-form")
    assert "Đại hội lần thứ 10 đã có trong Đảng bộ Văn phòng UBND tỉnh" in form.inner_text()
    assert "Server Error" not in page.content()
    assert page.input_value("#id_place") == "Hội trường Văn phòng UBND tỉnh"  # what was typed is kept
    assert Congress.objects.count() == 1
    shot(page, "duplicate-number")

    page.fill("#id_number", "11")
    with page.expect_navigation():
        page.click("#congress-form button[type=submit]")
    assert "lần thứ XI, nhiệm kỳ 2025 - 2030" in page.locator("h1").inner_text()
    created = Congress.objects.get(number=11)
    shot(page, "created")

    with page.expect_navigation():
        page.click("#delete-congress")
    box = page.locator("#what-goes").inner_text()
    assert "Chưa có biểu quyết, bầu cử hay điểm danh nào" in box
    assert Congress.objects.filter(pk=created.pk).exists()  # nothing happens before the confirmation
    shot(page, "confirm-delete")

    with page.expect_navigation():
        page.click("#confirm-delete")
    assert "Đã xóa: Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ XI" in page.locator(".messages").inner_text()
    assert "lần thứ XI" not in page.locator("#congress-list").inner_text()
    assert list(Congress.objects.values_list("pk", flat=True)) == [existing.pk]
    assert AuditEntry.objects.filter(action="congress.deleted", object_id=str(created.pk)).exists()
    shot(page, "deleted")


def test_archive_a_congress_with_a_check_in(live_server, login, shot, organization):
    congress = services.create_congress(
        organization, number=9, term_start_year=2015, term_end_year=2020, starts_on=datetime.date(2015, 6, 1)
    )
    services.add_delegate(congress, kind="guest", full_name="Nguyễn Văn Khách")
    services.add_delegate(congress, kind="guest", full_name="Trần Thị Mời")
    congress.delegates.filter(number=1).update(present=True)  # checked in: no deletion any more
    page = login("organizer")
    page.goto(f"{live_server.url}/c/{organization.code}/{congress.pk}/")
    assert page.locator("#delete-congress").count() == 0
    with page.expect_navigation():
        page.click("#archive-congress")
    assert "đại biểu đã điểm danh: 1" in page.locator("#what-goes").inner_text()
    shot(page, "confirm-archive")
    with page.expect_navigation():
        page.click("#confirm-archive")
    assert "Đại hội đã được lưu trữ lúc" in page.locator("#archived-banner").inner_text()
    shot(page, "archived")
    page.goto(f"{live_server.url}/c/{organization.code}/")
    assert page.locator("#congress-list").count() == 0
    with page.expect_navigation():
        page.click("#show-archived")
    assert "lần thứ IX" in page.locator("#congress-list").inner_text()
    shot(page, "archived-list")
