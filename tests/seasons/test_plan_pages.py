"""The season's pages: who may open and change them, the plan's stages and figures, inline edit, the
allocation page, the Excel plan read back, and season_rows in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from daihoi.congresses.models import Congress, CongressStatus, Delegate, DelegateKind
from daihoi.seasons.models import PlanEntry, Season
from daihoi.seasons.status import Stage, season_rows


def _login(client, bloc, name):
    client.force_login(bloc.users[name])
    return client


def _url(season, tail=""):
    return f"/s/{season.organization.code}/{season.pk}/{tail}"


@pytest.mark.parametrize(
    ("user", "view", "manage"),
    [
        ("bloc_organizer", 200, True),
        ("bloc_observer", 200, False),
        ("province_observer", 200, False),  # a staff role in the province: read-only in the bloc
        ("lower_organizer", 403, False),  # a lower organization's user reaches nothing of the bloc's
    ],
)
def test_access(client, bloc, season, user, view, manage) -> None:
    _login(client, bloc, user)
    assert client.get("/s/khoi/").status_code == view
    assert client.get(_url(season)).status_code == view
    assert client.get(_url(season, "plan.xlsx")).status_code == view
    assert client.get(_url(season, "allocation/")).status_code == view
    entry = season.entries.get(organization=bloc.orgs["tc"])
    response = client.post(_url(season, f"entries/{entry.pk}/"), {"committee_seats": "7"})
    assert (response.status_code == 302) is manage
    assert (PlanEntry.objects.get(pk=entry.pk).committee_seats == 7) is manage
    response = client.post(_url(season, "allocation/confirm/"), {"upper_seats": "20", "minimum_seats": "1"})
    assert (response.status_code == 302) is manage
    response = client.post("/s/khoi/new/", {"term_start_year": "2030", "term_end_year": "2035"})
    assert Season.objects.filter(term_start_year=2030).exists() is manage


def test_create_season_from_the_list_page(client, bloc) -> None:
    _login(client, bloc, "bloc_organizer")
    page = client.get("/s/khoi/").content.decode()
    assert "Mở mùa đại hội" in page or 'name="term_start_year"' in page
    response = client.post(
        "/s/khoi/new/", {"term_start_year": "2025", "term_end_year": "2030", "title": "Mùa 2025"}
    )
    season = Season.objects.get(organization=bloc.bloc)
    assert response.url == _url(season)
    response = client.post("/s/khoi/new/", {"term_start_year": "2025", "term_end_year": "2030"}, follow=True)
    assert "đã có" in response.content.decode() or "already" in response.content.decode()
    # the organization bar of the superior links to its seasons; not that of a grassroots organization
    assert 'href="/s/khoi/"' in client.get("/o/khoi/").content.decode()


def test_inline_edit_and_its_refusal(client, bloc, season) -> None:
    _login(client, bloc, "bloc_organizer")
    entry = season.entries.get(organization=bloc.orgs["vp"])
    page = client.get(_url(season) + f"?edit={entry.pk}").content.decode()
    assert 'name="window_start"' in page
    response = client.post(
        _url(season, f"entries/{entry.pk}/"),
        {"window_start": "01/03/2025", "window_end": "15/04/2025", "committee_seats": "9"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.window_start == dt.date(2025, 3, 1)
    assert entry.committee_seats == 9
    response = client.post(
        _url(season, f"entries/{entry.pk}/"),
        {"window_start": "30/04/2025", "window_end": "01/04/2025", "committee_seats": "9"},
        follow=True,
    )
    assert "30/04/2025" in response.content.decode()
    entry.refresh_from_db()
    assert entry.window_start == dt.date(2025, 3, 1)
    response = client.post(_url(season, f"entries/{entry.pk}/"), {"window_start": "31/02/2025"}, follow=True)
    assert "31/02/2025" in response.content.decode()


def _held(org, status, present, absent):
    congress = Congress.objects.create(
        organization=org, number=4, term_start_year=2025, term_end_year=2030,
        starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 4, 2), status=status,
    )  # fmt: skip
    for i in range(present + absent):
        Delegate.objects.create(
            congress=congress, number=i + 1, full_name=f"Đại biểu {i}", kind=DelegateKind.MEMBER,
            present=i < present,
        )  # fmt: skip
    return congress


def test_plan_shows_stages_figures_filters_and_tree(client, bloc, season) -> None:
    _held(bloc.orgs["vp"], CongressStatus.OPEN, present=38, absent=2)
    _held(bloc.orgs["tc"], CongressStatus.CONVENED, present=0, absent=25)
    rows = {r.code: r for r in season_rows(season)}
    assert rows["vp-ubnd"].stage == Stage.IN_SESSION
    assert str(rows["vp-ubnd"].attendance) == "95.0"
    assert rows["so-tc"].stage == Stage.CONVENED
    assert rows["so-kh"].stage == Stage.PLANNED
    assert rows["so-kh"].group == bloc.district
    assert rows["vp-ubnd"].members == 42
    assert rows["vp-ubnd"].official_members == 40
    _login(client, bloc, "bloc_organizer")
    page = client.get(_url(season)).content.decode()
    assert "95,0%" in page
    filtered = client.get(_url(season) + "?stage=convened").content.decode()
    assert "Đảng bộ Sở Tài chính" in filtered
    assert "Đảng bộ Văn phòng UBND tỉnh" not in filtered
    tree = client.get(_url(season) + "?view=tree").content.decode()
    assert 'id="season-tree"' in tree
    assert "Cụm cơ quan kinh tế" in tree  # the intermediate committee groups its organizations
    assert "stage-in_session" in tree


def test_allocation_page_previews_then_confirms(client, bloc, season) -> None:
    _login(client, bloc, "bloc_organizer")
    page = client.get(_url(season, "allocation/") + "?upper_seats=20&minimum_seats=1").content.decode()
    assert 'id="allocation"' in page
    assert "11,43" in page  # vp's quota 20·40/70
    assert "Đảng bộ Văn phòng UBND tỉnh" in page
    season.refresh_from_db()
    assert season.allocation == {}  # a preview stores nothing
    client.post(_url(season, "allocation/confirm/"), {"upper_seats": "20", "minimum_seats": "1"})
    season.refresh_from_db()
    assert season.allocation["seats"] == {"so-kh": 1, "so-tc": 7, "vp-ubnd": 12}
    refused = client.get(_url(season, "allocation/") + "?upper_seats=2&minimum_seats=1").content.decode()
    assert "error-box" in refused


def test_excel_plan_read_back(client, bloc, season) -> None:
    _held(bloc.orgs["vp"], CongressStatus.OPEN, present=3, absent=1)
    _login(client, bloc, "bloc_observer")
    response = client.get(_url(season, "plan.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Mã"
    assert values[0][1] == "Tổ chức đảng"
    assert "Đại biểu được phân bổ" in values[0]
    by_code = {row[0]: row for row in values[1:]}
    assert set(by_code) == {"so-kh", "so-tc", "vp-ubnd"}
    assert by_code["vp-ubnd"][3] == 42
    assert by_code["vp-ubnd"][10] == 75.0
    assert by_code["so-kh"][2] == "Cụm cơ quan kinh tế"


def test_season_rows_in_a_fixed_number_of_queries(bloc, season) -> None:
    from daihoi.organizations.models import Organization, OrganizationKind

    _held(bloc.orgs["vp"], CongressStatus.CLOSED, present=2, absent=0)
    with CaptureQueriesContext(connection) as few:
        season_rows(season)
    extra = [
        Organization(
            code=f"cs-{i}", name=f"Chi bộ {i}", kind=OrganizationKind.GRASSROOTS_BRANCH, parent=bloc.bloc
        )
        for i in range(60)
    ]
    Organization.objects.bulk_create(extra)
    created = Organization.objects.filter(code__startswith="cs-")
    PlanEntry.objects.bulk_create(PlanEntry(season=season, organization=o) for o in created)
    for org in list(created)[:20]:
        _held(org, CongressStatus.CLOSED, present=2, absent=0)
    with CaptureQueriesContext(connection) as many:
        rows = season_rows(season)
    assert len(rows) == 63
    assert len(many) == len(few) <= 7
