"""Date fields show and accept dd/mm/yyyy as text, never the browser's own (mm/dd/yyyy in English) picker."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from daihoi.dates import parse_date


def _date_inputs(html: str) -> list[str]:
    return re.findall(r"<input[^>]*>", html)


def test_parse_date_reads_vietnamese_and_iso():
    assert parse_date("03/05/2022") == datetime.date(2022, 5, 3)
    assert parse_date("3/5/2022") == datetime.date(2022, 5, 3)
    assert parse_date("03.05.2022") == datetime.date(2022, 5, 3)
    assert parse_date("2022-05-03") == datetime.date(2022, 5, 3)
    assert parse_date("05/13/2022") is None  # month 13: the English order is not guessed
    assert parse_date("03/05") is None


@pytest.mark.django_db
def test_no_page_uses_the_browsers_date_picker(client, role_users, organization):
    client.force_login(role_users["organizer"])
    pages = [
        reverse("congresses:list", args=[organization.code]),
        reverse("audit:log", args=[organization.code]),
        reverse("targets:discipline", args=[organization.code]),
        reverse("organizations:member_create", args=[organization.code]),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert 'type="date"' not in html, page
        assert 'placeholder="dd/mm/yyyy"' in html, page


@pytest.mark.django_db
def test_congress_form_takes_dd_mm_yyyy(client, role_users, organization):
    client.force_login(role_users["organizer"])
    page = reverse("congresses:create", args=[organization.code])
    data = {
        "number": "11",
        "kind": "members",
        "term_start_year": "2025",
        "term_end_year": "2030",
        "starts_on": "20/06/2025",
        "ends_on": "21/06/2025",
    }
    assert client.post(page, data).status_code == 302
    congress = organization.congresses.get(number=11)
    assert (congress.starts_on, congress.ends_on) == (datetime.date(2025, 6, 20), datetime.date(2025, 6, 21))
    # a refused form shows the dates back as typed, dd/mm/yyyy
    html = client.post(page, {**data, "number": ""}).content.decode()
    assert 'value="20/06/2025"' in html


@pytest.mark.django_db
def test_audit_filter_shows_and_reads_dd_mm_yyyy(client, role_users, organization):
    client.force_login(role_users["organizer"])
    page = reverse("audit:log", args=[organization.code])
    response = client.get(page, {"date_from": "01/06/2025", "date_to": "2025-06-30"})
    assert response.context["form"].cleaned_data["date_from"] == datetime.date(2025, 6, 1)
    html = response.content.decode()
    assert 'value="01/06/2025"' in html
    assert 'value="30/06/2025"' in html


@pytest.mark.django_db
def test_discipline_takes_dd_mm_yyyy(client, role_users, organization):
    from daihoi.organizations.models import Gender, Member, MemberStatus

    member = Member.objects.create(
        organization=organization,
        member_code="01.000.001",
        full_name="Nguyễn Văn An",
        birth_date=datetime.date(1980, 1, 1),
        gender=Gender.MALE,
        status=MemberStatus.OFFICIAL,
    )
    client.force_login(role_users["organizer"])
    page = reverse("targets:discipline_record", args=[organization.code])
    client.post(page, {"member": member.pk, "decided_on": "03/05/2022", "form": "warning", "reason": "x"})
    assert member.discipline.get().decided_on == datetime.date(2022, 5, 3)
