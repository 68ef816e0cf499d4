"""The delegates' congress pages by role: the superior's organizer creates the congress, edits the ex
officio list, builds the convened list and handles credentials; its observer reads; a grassroots
organizer below sees nothing of the superior's season (permission denied)."""

from __future__ import annotations

import datetime

import pytest
from upper_world import grassroots, lower_congress, season_with, superior

from daihoi.accounts.models import RoleAssignment
from daihoi.congresses.models import CredentialFlag, DelegateKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db, django_user_model):
    sup = superior()
    orgs = [grassroots(sup, 1, "Nguyễn"), grassroots(sup, 2, "Trần")]
    lowers = [lower_congress(org) for org in orgs]
    season = season_with(sup, orgs)
    users = {}
    for name, org, role in (
        ("org", sup, "organizer"),
        ("obs", sup, "observer"),
        ("low", orgs[0], "organizer"),
    ):
        users[name] = django_user_model.objects.create_user(username=name, password="x")
        RoleAssignment.objects.create(user=users[name], organization=org, role=role)
    return sup, orgs, lowers, season, users


def _client(client, user):
    client.force_login(user)
    return client


def test_organizer_builds_the_upper_congress_through_the_pages(client, setup):
    sup, _orgs, lowers, season, users = setup
    c = _client(client, users["org"])
    base = f"/s/{sup.code}/{season.pk}/upper/"
    assert c.get(base).status_code == 200
    r = c.post(base + "create/", {"number": "12", "starts_on": "20/09/2025", "ends_on": "21/09/2025"})
    assert r.status_code == 302
    season.refresh_from_db()
    congress = season.upper_congress
    assert congress.kind == "delegates"
    assert congress.starts_on == datetime.date(2025, 9, 20)
    c.post(base + "ex-officio/add/", {"full_name": "Phạm Văn Bí", "title": "Bí thư"})
    assert season.ex_officio.get().full_name == "Phạm Văn Bí"
    c.post(base + "build/")
    assert congress.delegates.count() == 1 + 2 * 4
    page = c.get(base).content.decode()
    assert "Chi bộ cơ sở 1" in page
    assert "Chi bộ cơ sở 2" in page
    assert "Phạm Văn Bí" in page
    # Credentials: flag, then replace the official by the first alternate of its congress.
    cred = f"/c/{sup.code}/{congress.pk}/credentials/"
    official = congress.delegates.filter(elected_in=lowers[0], kind=DelegateKind.ELECTED).order_by(
        "vote_rank"
    )[0]
    c.post(
        cred + "flag/",
        {"delegate": official.pk, "flag": CredentialFlag.TRANSFERRED, "note": "Chuyển công tác"},
    )
    official.refresh_from_db()
    assert official.credential_flag == CredentialFlag.TRANSFERRED
    c.post(cred + "replace/", {"delegate": official.pk, "decision": "20-QĐ/ĐUK ngày 15/9/2025"})
    official.refresh_from_db()
    assert not official.convened
    assert official.replaced_by.vote_rank == 3
    page = c.get(cred).content.decode()
    assert "20-QĐ/ĐUK ngày 15/9/2025" in page


def test_refusal_is_shown_in_vietnamese_naming_the_organization(client, setup):
    sup, _orgs, _lowers, season, users = setup
    third = grassroots(sup, 3, "Lê")
    season.entries.create(organization=third, delegates=2)
    c = _client(client, users["org"])
    base = f"/s/{sup.code}/{season.pk}/upper/"
    c.post(base + "create/", {"number": "12", "starts_on": "20/09/2025"})
    page = c.post(base + "build/", follow=True).content.decode()
    assert "Chi bộ cơ sở 3" in page
    assert "chưa công bố" in page
    season.refresh_from_db()
    assert season.upper_congress.delegates.count() == 0


def test_observer_reads_and_cannot_change(client, setup):
    sup, _orgs, _lowers, season, users = setup
    c = _client(client, users["obs"])
    base = f"/s/{sup.code}/{season.pk}/upper/"
    page = c.get(base)
    assert page.status_code == 200
    assert "/create/" not in page.content.decode()
    assert c.post(base + "create/", {"number": "12", "starts_on": "20/09/2025"}).status_code == 403
    season.refresh_from_db()
    assert season.upper_congress is None


def test_lower_organizer_has_no_access_to_the_superior_season(client, setup):
    sup, _orgs, _lowers, season, users = setup
    c = _client(client, users["low"])
    assert c.get(f"/s/{sup.code}/{season.pk}/upper/").status_code == 403
