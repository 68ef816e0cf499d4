"""A newcomer follows what `daihoi demo` prints, in Debian's Chromium: the 11th congress is ready to run;
logged in with the printed logins and passwords, the counting committee records the ballots issued and
returned, two clerks (two logins) enter the 49 ballots, the round is closed and the result announced
(both confirmed), the projector shows it on a 4:3 projector, and the presidium closes the congress.
Screenshots in test-artifacts/demo-ready-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def ready(transactional_db):
    """The demo's ready congress only (the roll, the 11th congress and its election): what `daihoi demo`
    loads for a newcomer, without the finished 10th congress and the targets."""
    from daihoi.congresses import demo as congress_demo
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo as election_demo

    ctx = DemoContext()
    load_roll(ctx)
    congress_demo.load_next(ctx)
    election_demo.load_next(ctx)
    return ctx


def ballots(count: int) -> list[str]:
    """11 names for 9 seats: every ballot strikes two; names 1-7 are never struck, 8 and 9 seldom."""
    texts = ["10 11"] * 30 + ["9 11"] * 10 + ["8 10"] * 9
    return texts[:count]


def _login(chromium, live_server, username, password, viewport=None):
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True,
                                   viewport=viewport or {"width": 1280, "height": 900})  # fmt: skip
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/accounts/login/" not in page.url, f"login as {username} failed"
    return page


def _enter_all(page, texts):
    for position, text in enumerate(texts, start=1):
        assert page.locator("#entry-position").input_value() == str(position)
        page.fill("#entry-text", text)
        page.press("#entry-text", "Enter")
        page.wait_for_function(
            "n => document.querySelector('#entry-answer').textContent.includes('Đã lưu phiếu số ' + n)",
            arg=str(position),
        )


def test_a_newcomer_runs_the_ready_congress_from_the_printed_start(chromium, live_server, ready):
    ARTIFACTS.mkdir(exist_ok=True)
    lines = ready.start
    # The printed start: the election's page with the first login and its password, then the second.
    first = next(line for line in lines if line.startswith("1. "))
    login, password, path = re.search(r"tài khoản (\S+) \(mật khẩu (\S+)\), mở (\S+):", first).groups()
    second = next(line for line in lines if line.startswith("2. "))
    login2, password2 = re.search(r"tài khoản (\S+) \(mật khẩu (\S+)\)", second).groups()
    assert (login, login2) == ("kiemphieu", "kiemphieu2")
    election = ready.objects["next_election"]
    congress = election.congress
    assert path == f"/e/{congress.organization.code}/{election.pk}/"

    clerk1 = _login(chromium, live_server, login, password)
    clerk1.goto(live_server.url + path)
    assert clerk1.locator("#election-status").inner_text() == "Đã thông qua danh sách, đang bầu cử"
    assert clerk1.locator("#candidates tbody tr").count() == 11
    clerk1.screenshot(path=str(ARTIFACTS / "demo-ready-election.png"), full_page=True)

    # Clerk 1: the ballots issued and returned (one per voter present), then the 49 ballots.
    clerk1.click("text=Nhập phiếu, người nhập 1")
    clerk1.fill("input[name=issued]", "49")
    clerk1.fill("input[name=returned]", "49")
    clerk1.click("#counts-form button")
    clerk1.wait_for_selector("#entry-text")
    texts = ballots(49)
    _enter_all(clerk1, texts)
    assert clerk1.locator("#run-entered").inner_text() == "49"
    clerk1.screenshot(path=str(ARTIFACTS / "demo-ready-clerk1.png"), full_page=True)

    # Clerk 2 is another login, in another browser.
    clerk2 = _login(chromium, live_server, login2, password2)
    clerk2.goto(live_server.url + path + "rounds/1/count/?clerk=2")
    _enter_all(clerk2, texts)

    # Back as clerk 1: the entries agree; closing the round and announcing are each confirmed.
    clerk1.goto(live_server.url + path + "rounds/1/reconcile/")
    clerk1.wait_for_selector("#rec-summary.ok-box")
    clerk1.click("#close-round")
    clerk1.wait_for_selector("#confirm-button")
    clerk1.screenshot(path=str(ARTIFACTS / "demo-ready-confirm-close-round.png"), full_page=True)
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#result-status")
    assert clerk1.locator("#result-status").get_attribute("data-status") == "complete"
    assert clerk1.locator("#bars li.is-elected").count() == 9
    clerk1.click("#announce")
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#election-status")
    assert clerk1.locator("#election-status").inner_text() == "Đã công bố"
    clerk1.screenshot(path=str(ARTIFACTS / "demo-ready-announced.png"), full_page=True)

    # The projector of a 4:3 hall: the 11 names, the 9 elected marked.
    projector = _login(
        chromium, live_server, "quansat", "quansat2020", viewport={"width": 1024, "height": 768}
    )
    projector.goto(f"{live_server.url}/c/{congress.organization.code}/{congress.pk}/projector/")
    projector.wait_for_selector(".p-election")
    assert projector.locator(".p-election .is-elected").count() == 9
    projector.screenshot(path=str(ARTIFACTS / "demo-ready-projector-4x3.png"))

    # Nothing is left unfinished: the presidium closes the congress on the confirmation page.
    presidium = _login(chromium, live_server, "chutich", "chutich2020")
    presidium.goto(f"{live_server.url}/c/{congress.organization.code}/{congress.pk}/close/")
    assert presidium.locator("#blocker").count() == 0
    presidium.screenshot(path=str(ARTIFACTS / "demo-ready-confirm-close-congress.png"), full_page=True)
    presidium.click("#confirm-button")
    presidium.wait_for_load_state()
    congress.refresh_from_db()
    assert congress.status == "closed"
