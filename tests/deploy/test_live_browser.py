"""In Debian's Chromium: the projector polls its state every second; while nothing changes the browser
revalidates with the ETag and gets 304 (the page keeps what it shows), and a check-in written by another
desk appears at the next poll."""

from __future__ import annotations

import pytest
from live_hall import convened_hall

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def hall(transactional_db, django_user_model):
    from daihoi.accounts.models import Role, RoleAssignment

    congress = convened_hall("lb-org", "Trần")
    org = congress.organization
    user = django_user_model.objects.create_user(username="lb-screen", password="pw-lb-screen")
    RoleAssignment.objects.create(user=user, organization=org, role=Role.OBSERVER)
    return congress, user


def test_projector_revalidates_and_shows_a_new_check_in(chromium, live_server, hall, monkeypatch):
    from django.http import HttpResponseNotModified
    from django.test import Client

    from daihoi import live_signals

    not_modified: list[int] = []

    class Counted(HttpResponseNotModified):  # the live server runs in this process: count its 304s
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            not_modified.append(1)

    monkeypatch.setattr(live_signals, "HttpResponseNotModified", Counted)
    # Held still: a REFRESH boundary (every 30 s) crossed during the 3.5 s below would turn the version once.
    monkeypatch.setattr(live_signals, "_clock", lambda: 1_000_000.0)

    from daihoi.congresses import services

    congress, user = hall
    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    sent: list[str] = []
    page.on(
        "request",
        lambda r: (
            sent.append(r.all_headers().get("if-none-match", "")) if "/projector/state/" in r.url else None
        ),
    )
    try:
        page.goto(f"{live_server.url}/c/{congress.organization.code}/{congress.pk}/projector/")
        assert page.text_content("#p-present").strip() == "0"
        page.wait_for_timeout(3500)
        # Nothing changed: the browser revalidates with the ETag and the server answers 304 (Chromium
        # hands htmx the kept copy as a 200).
        assert len(sent) >= 3
        assert sent[0] == ""
        assert all(tag.startswith('"') for tag in sent[1:]), sent
        assert len(not_modified) >= 2
        assert page.text_content("#p-present").strip() == "0"  # the 304 kept what the screen shows

        services.check_in_delegate(congress, congress.delegates.get(number=1).checkin_code)
        page.wait_for_function(
            "() => document.querySelector('#p-present').textContent.trim() === '1'", timeout=3000
        )
    finally:
        context.close()
