"""The congress's ballot form in Debian's Chromium: on the list page's "new congress" form, and on the
dossier page where the demo congress (its ballots counted) shows it fixed, with the reason.
Screenshots: test-artifacts/*ballot-form*.png."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse


def test_organizer_sees_the_ballot_form_on_the_create_form_and_the_dossier(page, live_server, shot):
    from daihoi.congresses.models import Congress

    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    congress = Congress.objects.get(number=10)
    org = congress.organization.code
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "tochuc")
    page.fill("#id_password", "tochuc2020")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    page.goto(live_server.url + reverse("congresses:list", kwargs={"org_code": org}))
    select = page.locator("#id_ballot_form")
    assert select.input_value() == "paper"
    assert "Do Đại hội quyết định trong Quy chế bầu cử" in page.locator("#congress-form").inner_text()
    select.scroll_into_view_if_needed()
    shot(page, "ballot-form-create")
    page.goto(live_server.url + reverse("congresses:dossier", kwargs={"org_code": org, "pk": congress.pk}))
    assert page.locator("#ballot-form").is_disabled()
    assert "Không thể thay đổi “hình thức bỏ phiếu kín”" in page.locator("#ballot-form-lock").inner_text()
    assert page.locator("#ballot-form-shown").inner_text() == "Bằng phiếu giấy"
    page.locator("#ballot-form").scroll_into_view_if_needed()
    shot(page, "ballot-form-dossier")
