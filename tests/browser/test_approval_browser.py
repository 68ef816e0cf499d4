"""Chuẩn y in the browser: the lower organizer submits the dossier, the superior approves it with its
decision, the lower organization sees "Đã chuẩn y" with the decision's number."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "seasons"))
from approval_world import build_approval_world


def _login(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/accounts/login/" not in page.url


def test_submit_approve_and_see_the_decision(page, live_server, shot):
    world = build_approval_world()
    lower, superior, congress = world["lower"], world["superior"], world["congress"]

    _login(page, live_server, "lower-organizer")
    page.goto(f"{live_server.url}/c/{lower.code}/{congress.pk}/")
    assert "Chưa trình" in page.inner_text("#approval-box")
    page.click("#approval-box a")
    page.check("#submit-confirm")
    page.click("#submit-button")
    page.wait_for_selector(".approval-submitted")
    assert "Chờ chuẩn y" in page.inner_text("#approval-stage")
    shot(page, "lower-submitted")

    _login(page, live_server, "superior-organizer")
    page.goto(f"{live_server.url}/s/{superior.code}/approvals/")
    page.click(f"#inbox a:has-text('{congress.title}')")
    assert "01-to-trinh-de-nghi-chuan-y.pdf" in page.inner_text("#dossier-files")
    page.fill("#decision-number", "125-QĐ/ĐUK")
    page.fill("#decision-date", timezone.localdate().strftime("%d/%m/%Y"))
    page.check("#approve-confirm")
    shot(page, "superior-review")
    page.click("#approve-button")
    page.wait_for_selector("#approval-stage .approval-approved")
    with page.expect_download() as download:
        page.click("text=Quyết định chuẩn y (PDF)")
    assert download.value.suggested_filename.endswith(".pdf")
    shot(page, "superior-approved")

    _login(page, live_server, "lower-observer")
    page.goto(f"{live_server.url}/c/{lower.code}/{congress.pk}/approval/")
    text = page.inner_text("#approved-box")
    assert "Đã chuẩn y" in text
    assert "125-QĐ/ĐUK" in text
    shot(page, "lower-approved")
