"""The organizer creates a user and grants a role in the browser; the audit log shows it; the new user
logs in and changes their password. Screenshots in test-artifacts/."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from daihoi.audit.models import AuditEntry
from daihoi.audit.verify import verify_chain


def test_organizer_creates_user_and_sees_it_in_the_audit_log(live_server, login, shot, organization):
    page = login("organizer")
    page.click(f"a[href='/accounts/{organization.code}/users/']")  # the home page's link
    page.click(f"a[href='/accounts/{organization.code}/users/new/']")
    page.fill("#id_username", "ttbinh")
    page.fill("#id_full_name", "Trần Thị Bình")
    page.fill("#id_password1", "Mat-khau-2025")
    page.fill("#id_password2", "Mat-khau-2025")
    page.check("input[name=roles][value=delegate]")
    shot(page, "create-form")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert page.locator("table.list").inner_text().count("Trần Thị Bình") == 1
    assert "Đại biểu" in page.locator("table.list").inner_text()
    shot(page, "users")

    with page.expect_navigation():
        page.click("table.list a:text-is('ttbinh')")
    page.select_option("#id_role", "observer")
    with page.expect_navigation():
        page.click("form.toolbar button[type=submit]")
    assert "Quan sát viên" in page.locator("table.list").inner_text()

    page.goto(f"{live_server.url}/audit/{organization.code}/?action=accounts.")
    body = page.locator("table.list").inner_text()
    assert "Tạo người dùng" in body  # actions read as Vietnamese phrases, not codes
    assert "accounts." not in body
    granted = page.locator("tr[data-action='accounts.role.granted'] td.action", has_text="Giao vai trò")
    assert granted.count() == 2
    # the details read as words: "Vai trò: Quan sát viên", no key=value, no Python value
    details = page.locator("tr[data-action='accounts.role.granted'] td.details").all_inner_texts()
    assert any("Vai trò: Quan sát viên" in text for text in details), details
    assert any("Tên đăng nhập: ttbinh" in text for text in details), details
    every = " ".join(page.locator("td.details").all_inner_texts())
    for raw in ("=", "None", "True", "False", "role", "username", "observer"):
        assert raw not in every, (raw, every)
    shot(page, "audit-log")
    assert verify_chain().ok


def test_new_user_changes_password(live_server, login, page, organization, role_users):
    from daihoi.accounts import services

    services.create_user(
        actor=role_users["organizer"],
        organization=organization,
        username="nvan",
        full_name="Nguyễn Văn An",
        password="Mat-khau-2025",
        roles=["delegate"],
    )
    login("nvan", "Mat-khau-2025")
    page.click("a.who")
    page.fill("#id_old_password", "Mat-khau-2025")
    page.fill("#id_new_password1", "Khac-hon-2026")
    page.fill("#id_new_password2", "Khac-hon-2026")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    assert "Mật khẩu của bạn đã được đổi." in page.content()
    assert get_user_model().objects.get(username="nvan").check_password("Khac-hon-2026")
    assert AuditEntry.objects.filter(action="accounts.user.password_changed").count() == 1
