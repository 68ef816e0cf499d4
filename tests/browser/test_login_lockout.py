"""A delegate locked out after too many wrong passwords sees why, in Vietnamese; the organizer unlocks
them from the users page; they log in. Screenshots in test-artifacts/."""

from __future__ import annotations

from django.conf import settings
from django.test import Client


def test_lockout_page_and_the_organizers_unlock(live_server, page, login, shot, organization, chromium):
    # The guesses come from another device (address 10.9.9.9): the account is locked, not this browser.
    guesser = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        wrong = {"username": "delegate", "password": f"x{i}"}
        guesser.post("/accounts/login/", wrong, REMOTE_ADDR="10.9.9.9")

    delegate = chromium.new_context(locale="vi-VN", viewport={"width": 390, "height": 800}).new_page()
    delegate.goto(live_server.url + "/accounts/login/")
    delegate.fill("#id_username", "delegate")
    delegate.fill("#id_password", "pw-delegate")
    with delegate.expect_navigation():
        delegate.press("#id_password", "Enter")
    assert "Đăng nhập tạm thời bị khóa" in delegate.inner_text("#login-locked")
    shot(delegate, "1-locked-phone")

    login("organizer")
    page.goto(f"{live_server.url}/accounts/{organization.code}/users/")
    row = page.locator("tr", has_text="delegate")
    assert "Tạm khóa đăng nhập" in row.inner_text()
    shot(page, "2-users-page")
    with page.expect_navigation():
        row.get_by_role("button", name="Mở khóa đăng nhập").click()
    assert "Đã mở khóa đăng nhập của delegate" in page.inner_text(".messages")
    assert page.get_by_role("button", name="Mở khóa đăng nhập").count() == 0

    delegate.goto(live_server.url + "/accounts/login/")
    delegate.fill("#id_username", "delegate")
    delegate.fill("#id_password", "pw-delegate")
    with delegate.expect_navigation():
        delegate.press("#id_password", "Enter")
    assert "/accounts/login/" not in delegate.url
    delegate.context.close()
