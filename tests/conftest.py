"""Fixtures shared by every test: an organization with branches and one user per role."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis runs derandomized, without an example database, unless asked otherwise: the same examples on
# every run and every machine, so a red run in CI is red again on a laptop (docs/architecture.md, Testing).
# `HYPOTHESIS_PROFILE=explore` draws fresh random examples (and keeps failures in .hypothesis/) to hunt.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,  # a loaded CI machine must not turn a slow example into a failure
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


# One Playwright and one Chromium for the whole session, whichever folder's tests use it (two sync
# Playwrights in one process fail: "Sync API inside the asyncio loop").
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


# A delegate's phone in the browser tests: a 5-inch screen, touch, a mobile Chrome's user agent.
PHONE_VIEWPORT = {"width": 360, "height": 640}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)


@pytest.fixture
def open_phone(chromium: Any) -> Iterator[Any]:
    """`open_phone()` -> a new page in a phone's own browser context (Vietnamese, Ho Chi Minh City time);
    every context it opened is closed after the test."""
    opened: list[Any] = []

    def make() -> Any:
        context = chromium.new_context(
            viewport=PHONE_VIEWPORT,
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
            user_agent=PHONE_USER_AGENT,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(15_000)
        opened.append(context)
        return context.new_page()

    yield make
    for context in opened:
        context.close()


# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would trip on it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def organization(db):
    from daihoi.organizations.models import Organization, OrganizationKind

    org = Organization.objects.create(
        code="vp-ubnd",
        name="Đảng bộ Văn phòng UBND tỉnh",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        superior_body="Đảng bộ Khối cơ quan và doanh nghiệp tỉnh",
    )
    for i in range(1, 3):
        Organization.objects.create(
            code=f"vp-ubnd-cb{i}", name=f"Chi bộ {i}", kind=OrganizationKind.BRANCH, parent=org
        )
    return org


@pytest.fixture
def role_users(organization, django_user_model):
    """username -> user, one per role, plus an outsider with no role."""
    from daihoi.accounts.models import Role, RoleAssignment

    users = {}
    for role in Role:
        user = django_user_model.objects.create_user(username=role.value, password="pw-" + role.value)
        RoleAssignment.objects.create(user=user, organization=organization, role=role)
        users[role.value] = user
    users["outsider"] = django_user_model.objects.create_user(username="outsider", password="pw-outsider")
    return users
