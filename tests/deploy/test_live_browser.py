"""In Debian's Chromium: the projector polls its state every second; while nothing changes the browser
revalidates with the ETag and gets 304 (the page keeps what it shows), and a check-in written by another
desk appears at the next poll."""

from __future__ import annotations

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def hall(transactional_db, django_user_model):
    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.congresses import services
    from daihoi.organizations.models import Member, MemberStatus, Organization, OrganizationKind

    org = Organization.objects.create(
        code="lb-org", name="Đảng bộ LB", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    branch = Organization.objects.create(
        code="lb-cb1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org
    )
    for i in range(6):
        Member.objects.create(
            organization=org,
            branch=branch,
            member_code=f"lb{i:03d}",
            full_name=f"Trần Văn {i}",
            family_name="Trần",
            middle_name="Văn",
            given_name=str(i),
            birth_date=datetime.date(1970, 1, 1 + i),
            status=MemberStatus.OFFICIAL,
        )
    congress = services.create_congress(
        org, number=1, term_start_year=2025, term_end_year=2030, starts_on=datetime.date(2025, 6, 1)
    )
    services.generate_convened_list(congress)
    services.convene_congress(congress)
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
