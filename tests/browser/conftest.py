"""Browser fixtures for every engineer: Playwright for Python driving Debian's Chromium (never a download).

    def test_something(live_server, login, shot):
        page = login("organizer")            # a logged-in page (Vietnamese locale), see `role_users`
        page.goto(live_server.url + "/o/vp-ubnd/")
        shot(page, "something")              # test-artifacts/<test name>-something.png

Every test in tests/browser/ gets the `browser` marker. Chromium comes from `apt-get install chromium`
(scripts/system-deps.sh); a missing binary fails the test with that instruction.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _wait_for_function_without_eval(
    self: Any, expression: str, *, arg: Any = None, timeout: float | None = None, polling: Any = None
) -> Any:
    """Page.wait_for_function by polling page.evaluate: Playwright's own evaluates its predicate with
    eval() inside the page, which our Content-Security-Policy forbids (script-src 'self', no
    'unsafe-eval'); page.evaluate goes through the DevTools protocol, outside the page's policy. So the
    browser tests run with the policy on, as people's browsers do."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    deadline = time.monotonic() + (30_000 if timeout is None else timeout) / 1000
    while True:
        value = self.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise PlaywrightTimeoutError(f"wait_for_function timed out: {expression}")
        self.wait_for_timeout(polling if isinstance(polling, int | float) else 50)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One Chromium for the session (Debian's binary)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install -y chromium` (scripts/system-deps.sh)")
    from playwright.sync_api import Page, sync_playwright

    Page.wait_for_function = _wait_for_function_without_eval  # type: ignore[method-assign]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, transactional_db: None) -> Iterator[Any]:
    """A fresh page in its own context: Vietnamese, Ho Chi Minh City time, desktop size."""
    context = chromium.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=VIEWPORT, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page: Any, live_server: Any, role_users: dict[str, Any]) -> Callable[..., Any]:
    """login(username, password=None) fills the login form; role users' password is "pw-<role>"."""

    def do_login(username: str, password: str | None = None) -> Any:
        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password or f"pw-{username}")
        with page.expect_navigation():
            page.press("#id_password", "Enter")  # the header has other forms (language, log out)
        if "/accounts/login/" in page.url:
            raise AssertionError(f"login as {username} failed")
        return page

    return do_login


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """shot(page, name) saves a full-page screenshot to test-artifacts/<test>-<name>.png and returns it."""

    def save(page: Any, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "-", f"{request.node.name}-{name}")
        path = ARTIFACTS / f"{stem}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
