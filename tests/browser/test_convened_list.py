"""The convened list's forms, each posting to its own URL: a guest added, then a row's two buttons (the
form's own action and the second button's formaction). Screenshots in test-artifacts/."""

from __future__ import annotations

import datetime

from daihoi.congresses import services


def test_convened_list_forms_post_to_their_own_urls(live_server, login, shot, organization):
    congress = services.create_congress(
        organization,
        number=10,
        term_start_year=2020,
        term_end_year=2025,
        starts_on=datetime.date(2020, 6, 16),
    )
    page = login("organizer")
    page.goto(f"{live_server.url}/c/{organization.code}/{congress.pk}/delegates/")
    page.click("details.list-tools summary")
    guest_form = page.locator("form", has=page.locator("input[name=full_name]"))
    guest_form.locator("input[name=full_name]").fill("Trần Văn Khách")
    guest_form.locator("input[name=title]").fill("Đảng ủy Khối")
    with page.expect_navigation():
        guest_form.locator("button").click()
    assert "Đã lưu." in page.inner_text(".messages")
    guest = congress.delegates.get()
    assert guest.full_name == "Trần Văn Khách"

    row = page.locator("table.list tbody tr").first
    row.locator("details summary").click()
    row.locator("input[name=reason]").fill("Vắng vì công tác")
    with page.expect_navigation():
        row.locator("button", has_text="Ghi lý do vắng mặt").click()  # the second button: its own formaction
    guest.refresh_from_db()
    assert (guest.absence_reason, guest.absence_accepted, guest.convened) == ("Vắng vì công tác", True, True)

    row = page.locator("table.list tbody tr").first
    row.locator("details summary").click()
    row.locator("input[name=reason]").fill("Không mời nữa")
    with page.expect_navigation():
        row.locator("button", has_text="Rút khỏi danh sách triệu tập").click()  # the form's own action
    guest.refresh_from_db()
    assert (guest.convened, guest.not_convened_reason) == (False, "Không mời nữa")
    assert page.url.endswith(f"/c/{organization.code}/{congress.pk}/delegates/")
    assert "Không mời nữa" in page.locator("table.list tbody tr").first.inner_text()
    shot(page, "unconvened")
