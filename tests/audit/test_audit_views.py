"""The audit log page and API, and the login/logout/failed-login entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import log_action
from daihoi.organizations.models import Organization, OrganizationKind


@pytest.fixture
def entries(organization):
    branch = organization.children.first()
    other = Organization.objects.create(
        code="khac", name="Đảng bộ khác", kind=OrganizationKind.GRASSROOTS_BRANCH
    )
    with transaction.atomic():
        for i in range(60):
            log_action(
                "organizations.member.created", actor="nhanvien", organization=organization, data={"i": i}
            )
        log_action("organizations.member.updated", actor="thuky", organization=branch, data={"branch": True})
        log_action("organizations.member.created", actor="nguoingoai", organization=other, data={"secret": 1})
    return organization


def _log_url(org) -> str:
    return reverse("audit:log", kwargs={"org_code": org.code})


@pytest.mark.django_db
def test_page_lists_own_and_branch_entries_newest_first_paginated(client, role_users, entries):
    client.force_login(role_users["observer"])
    response = client.get(_log_url(entries), {"action": "organizations."})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 61  # 60 + the branch entry; the other organization's is not shown
    assert len(page.object_list) == 50
    assert page.object_list[0].action == "organizations.member.updated"
    assert "nguoingoai" not in response.content.decode()
    second = client.get(_log_url(entries), {"action": "organizations.", "page": 2})
    assert len(second.context["page"].object_list) == 11
    assert "action=organizations." in second.content.decode()  # the pager keeps the filter


@pytest.mark.django_db
def test_page_shows_logins_of_the_organizations_users_only(client, role_users, organization):
    client.force_login(role_users["delegate"])
    client.force_login(role_users["outsider"])
    client.force_login(role_users["organizer"])
    response = client.get(_log_url(organization), {"action": "accounts.user.logged_in"})
    actors = {e.actor_label for e in response.context["page"].object_list}
    assert actors == {"delegate", "organizer"}


@pytest.mark.django_db
def test_page_filters_by_action_user_and_date(client, role_users, entries):
    client.force_login(role_users["organizer"])
    by_action = client.get(_log_url(entries), {"action": "organizations.member.updated"})
    assert [e.actor_label for e in by_action.context["page"].object_list] == ["thuky"]
    by_user = client.get(_log_url(entries), {"user": "NHANVIEN"})  # case-insensitive
    assert by_user.context["page"].paginator.count == 60
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    by_date = client.get(_log_url(entries), {"date_from": tomorrow})
    assert by_date.context["page"].paginator.count == 0
    today = client.get(
        _log_url(entries), {"action": "organizations.", "date_from": "2000-01-01", "date_to": tomorrow}
    )
    assert today.context["page"].paginator.count == 61


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("organizer", 200), ("observer", 200), ("delegate", 403), ("presidium", 403), ("outsider", 403)],
)
def test_page_permissions(client, role_users, organization, role, status):
    client.force_login(role_users[role])
    assert client.get(_log_url(organization)).status_code == status


@pytest.mark.django_db
def test_api_lists_entries_with_filters(client, role_users, entries):
    client.force_login(role_users["organizer"])
    url = f"/api/audit/{entries.code}/entries"
    body = client.get(url, {"limit": 10, "action": "organizations."}).json()
    assert body["count"] == 61
    assert len(body["entries"]) == 10
    assert body["entries"][0]["actor"] == "thuky"
    assert len(body["entries"][0]["hash"]) == 64
    filtered = client.get(url, {"action": "organizations.member.updated"}).json()
    assert [e["data"] for e in filtered["entries"]] == [{"branch": True}]


@pytest.mark.django_db
def test_api_permissions(client, role_users, organization):
    url = f"/api/audit/{organization.code}/entries"
    assert client.get(url).status_code == 401
    client.force_login(role_users["delegate"])
    assert client.get(url).status_code == 403
    assert client.get("/api/audit/khong-co/entries").status_code == 404
    client.force_login(role_users["observer"])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_login_logout_and_failed_login_are_audited(client, role_users):
    login = reverse("accounts:login")
    client.post(login, {"username": "delegate", "password": "wrong-password"})
    failed = AuditEntry.objects.get(action="accounts.user.login_failed")
    assert failed.data["username"] == "delegate"
    assert "wrong-password" not in str(failed.data)
    assert failed.actor is None

    response = client.post(login, {"username": "delegate", "password": "pw-delegate"})
    assert response.status_code == 302
    logged_in = AuditEntry.objects.get(action="accounts.user.logged_in")
    assert logged_in.actor == role_users["delegate"]

    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.get(action="accounts.user.logged_out").actor == role_users["delegate"]
