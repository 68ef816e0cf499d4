"""The page "Hồ sơ đại hội" in Debian's Chromium, on the demo congress: the organizer types a number,
it is saved, and the document downloads with it. Screenshot: test-artifacts/*dossier*.png."""

from __future__ import annotations

import io

from django.core.management import call_command


def test_organizer_numbers_the_minutes_on_the_dossier_page(page, live_server, transactional_db, shot):
    from daihoi.congresses.models import Congress, DossierNumber
    from daihoi.elections.models import Round

    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    congress = Congress.objects.get(number=10)
    rnd = Round.objects.filter(election__congress=congress, election__kind="executive_committee").get()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "tochuc")
    page.fill("#id_password", "tochuc2020")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    from django.urls import reverse

    path = reverse("congresses:dossier", kwargs={"org_code": congress.organization.code, "pk": congress.pk})
    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text() == "Hồ sơ đại hội"
    key = f"counting_minutes:{rnd.pk}"
    page.fill(f'input[name="number-{key}"]', "3")
    with page.expect_navigation():
        page.click("#dossier-form button")
    assert DossierNumber.objects.get(key=key).number == 3
    assert "Đã lưu số và ngày" in page.content()
    shot(page, "dossier")
    with page.expect_download() as info:
        page.click(f'a[href$="/dossier/{key}.pdf"]')
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(info.value.path())
    assert "Số 03-BB/ĐH" in pdf[0].get_textpage().get_text_range()
