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
