"""The page "Hồ sơ đại hội": the dossier's documents with their number, date and downloads; the organizer
(congress.manage) types the numbers in one form, a number is unique in its series, downloads are
audited; the party_header prints what was typed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.congresses import dossier
from daihoi.congresses.models import DossierNumber
from daihoi.elections import services


@pytest.fixture
def users(session, django_user_model):
    out = {}
    for role in Role:
        u = django_user_model.objects.create_user(username=f"ds-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=session.organization, role=role)
        out[role.value] = u
    return out


@pytest.fixture
def counted(committee_election):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    texts = ["9 10"] * 45 + ["10", "8 10", "7 10 !identifying_mark"]
    for clerk in (1, 2):
        for p, t in enumerate(texts, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t, confirm=True)
    return services.close_round(rnd)


def url(congress, name, **kw):
    return reverse(
        f"congresses:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kw}
    )


def docx_text(data: bytes) -> str:
    import docx

    word = docx.Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(dict.fromkeys(c.text for c in row.cells))
    return " ".join(" ".join(parts).split())


def test_page_lists_the_documents_and_only_the_organizer_edits(client, users, session, counted):
    client.force_login(users["organizer"])
    page = client.get(url(session, "dossier")).content.decode()
    key = f"counting_minutes:{counted.pk}"
    assert "Hồ sơ đại hội" in page
    assert f'name="number-{key}"' in page
    assert url(session, "dossier_file", key=key, fmt="docx") in page
    assert url(session, "dossier_file", key="credentials_report", fmt="pdf") in page
    client.force_login(users["observer"])
    page = client.get(url(session, "dossier")).content.decode()
    assert "Hồ sơ đại hội" in page
    assert 'name="number-' not in page  # read only
    assert client.post(url(session, "dossier_numbers"), {f"number-{key}": "3"}).status_code == 403
    assert not DossierNumber.objects.exists()


def test_typed_number_and_date_print_in_the_header_and_are_audited(client, users, session, counted):
    key = f"counting_minutes:{counted.pk}"
    client.force_login(users["organizer"])
    response = client.post(
        url(session, "dossier_numbers"), {f"number-{key}": "3", f"date-{key}": "17/06/2020"}
    )
    assert response.status_code == 302
    record = DossierNumber.objects.get(key=key)
    assert (record.number, record.date, record.series) == (3, dt.date(2020, 6, 17), "ĐH")
    entry = AuditEntry.objects.filter(action="congress.dossier.numbered").get()
    assert entry.data["changes"]["number"] == [None, 3]
    download = client.get(url(session, "dossier_file", key=key, fmt="docx"))
    assert download.status_code == 200
    text = docx_text(download.content)
    assert "Số 03-BB/ĐH" in text
    assert "Tuyên Quang, ngày 17 tháng 6 năm 2020" in text  # the locality, the typed date
    assert AuditEntry.objects.filter(action="congress.dossier.downloaded", data__key=key).count() == 1
    # The header of any document of the congress series comes from the same record.
    header = dossier.party_header(session, dossier.Issuer.COUNTING, key, dt.date(2020, 6, 16))
    assert header.number_symbol == "Số 03-BB/ĐH"
    assert header.date == dt.date(2020, 6, 17)


def test_a_number_is_unique_in_the_congress_series_nothing_half_saved(client, users, session, counted):
    first, second = f"counting_minutes:{counted.pk}", "credentials_report"
    client.force_login(users["organizer"])
    response = client.post(url(session, "dossier_numbers"), {f"number-{first}": "3", f"number-{second}": "3"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Số 3 đã được cấp cho cả" in page
    assert not DossierNumber.objects.exists()
    for typed in ("abc", "²", "٣", "99999999999999999999", "0"):  # the fuzzer's "²" was a server error
        response = client.post(url(session, "dossier_numbers"), {f"number-{first}": typed})
        assert response.status_code == 400, typed
        assert "không phải là số nguyên" in response.content.decode()
    assert not DossierNumber.objects.exists()
    # swapping two numbers in one save is fine
    dossier.set_numbers(session, {first: (1, None), second: (2, None)}, actor="t")
    dossier.set_numbers(session, {first: (2, None), second: (1, None)}, actor="t")
    assert DossierNumber.objects.get(key=first).number == 2


def test_committee_documents_are_numbered_per_type(session):
    org = session.organization
    assert dossier.series_for(dossier.Issuer.COMMITTEE, "BC", org) == "BC/ĐU"
    assert dossier.series_for(dossier.Issuer.COUNTING, "BB", org) == "ĐH"
    header = dossier.party_header(
        org, dossier.Issuer.COMMITTEE, type_code="BC", act_date=dt.date(2021, 12, 20)
    )
    assert header.issuer_lines == ["Đảng ủy Văn phòng UBND tỉnh"]
    assert header.superior_lines == ["Đảng bộ Khối cơ quan và doanh nghiệp tỉnh"]
    assert header.number_symbol == "Số ……-BC/ĐU"
    assert (header.place, header.date) == ("Tuyên Quang", dt.date(2021, 12, 20))
    block = dossier.signature_for(org, dossier.Issuer.COMMITTEE, "Nguyễn Văn A")
    assert (block.signatures[0].authority, block.signatures[0].title) == ("T/M Đảng ủy", "Bí thư")


def test_regulation_and_directive_follow_the_congress_date(session):
    assert session.regulation.number == "244-QĐ/TW"  # 16/06/2020
    assert session.directive.number == "45-CT/TW"
    session.starts_on = dt.date(2025, 6, 17)
    session.term_start_year, session.term_end_year = 2025, 2030
    assert session.regulation.number == "190-QĐ/TW"
    assert session.directive.number == "35-CT/TW"
    session.election_regulation = "244-QD/TW-2014"  # the setting wins
    assert session.regulation.number == "244-QĐ/TW"


def test_the_old_download_links_keep_working(client, users, session, counted):
    client.force_login(users["organizer"])
    assert client.get(url(session, "credentials", fmt="pdf")).status_code == 200
    minutes_url = reverse(
        "elections:minutes",
        kwargs={"org_code": session.organization.code, "pk": counted.election.pk, "number": 1, "fmt": "docx"},
    )
    assert client.get(minutes_url).status_code == 200
    assert client.get(url(session, "dossier_file", key="nothing", fmt="pdf")).status_code == 404


def test_the_organizer_sets_the_regulation_the_minutes_cite(client, users, session, counted):
    client.force_login(users["organizer"])
    response = client.post(url(session, "dossier_numbers"), {"election_regulation": "190-QD/TW-2024"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.regulation.number == "190-QĐ/TW"
    assert AuditEntry.objects.filter(action="congress.dossier.citations").count() == 1
    key = f"counting_minutes:{counted.pk}"
    text = docx_text(client.get(url(session, "dossier_file", key=key, fmt="docx")).content)
    assert "Quyết định số 190-QĐ/TW ngày 10/10/2024" in text
    bad = client.post(url(session, "dossier_numbers"), {"election_regulation": "nonsense"})
    assert bad.status_code == 400
