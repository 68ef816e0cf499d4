"""The plan page in Chromium: the table with its stages, inline edit, the tree (screenshots looked at)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_plan_page_table_edit_and_tree(chromium, transactional_db, live_server, bloc, season) -> None:
    from daihoi.congresses.models import Congress, CongressStatus

    Congress.objects.create(
        organization=bloc.orgs["vp"], number=4, term_start_year=2025, term_end_year=2030,
        starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 4, 2), status=CongressStatus.OPEN,
    )  # fmt: skip
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", "bloc_organizer")
        page.fill("#id_password", "pw-bloc_organizer")
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        page.goto(f"{live_server.url}/s/khoi/{season.pk}/")
        assert page.locator("#season-plan tbody tr").count() == 3
        assert page.locator("#season-plan .badge.stage-in_session").inner_text() == "Đang họp"
        entry = season.entries.get(organization=bloc.orgs["tc"])
        page.click(f"#entry-{entry.pk} a.btn")
        page.fill(f"#entry-{entry.pk} input[name=window_start]", "01/03/2025")
        page.fill(f"#entry-{entry.pk} input[name=window_end]", "30/04/2025")
        page.fill(f"#entry-{entry.pk} input[name=committee_seats]", "9")
        with page.expect_navigation():
            page.click(f"#entry-{entry.pk} button[type=submit]")
        assert "01/03/2025 – 30/04/2025" in page.locator(f"#entry-{entry.pk}").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "season-plan-table.png"), full_page=True)
        page.goto(f"{live_server.url}/s/khoi/{season.pk}/?view=tree")
        assert page.locator("#season-tree .tile").count() == 3
        page.screenshot(path=str(ARTIFACTS / "season-plan-tree.png"), full_page=True)
        page.goto(f"{live_server.url}/s/khoi/{season.pk}/allocation/?upper_seats=20&minimum_seats=1")
        assert page.locator("#allocation tbody tr").count() == 3
        page.screenshot(path=str(ARTIFACTS / "season-allocation.png"), full_page=True)
    finally:
        context.close()
