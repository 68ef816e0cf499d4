"""The access attacks of issue 10, each tried as the attacker would (all failed on the code before).

- A role held in a branch reached the whole parent roll: list (?branch= empty or another branch), xlsx
  export, API, and edits of another branch's members.
- One organization's organizer linked another's login as a delegate without consent, then read that
  user's logins in their audit view and kept the other organizer from deactivating them; the link form
  told whether a username existed.
- Results counted but not announced were shown to every role with election.view (presidium, observer),
  the minutes PDF included.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from permission_fixtures import _congress, _delegate, _election

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind

pytestmark = pytest.mark.django_db


def _member(org: Organization, branch: Organization | None, code: str) -> Member:
    return Member.objects.create(
        organization=org,
        branch=branch,
        member_code=code,
        full_name=f"Phạm Văn {code}",
        family_name="Phạm",
        middle_name="Văn",
        given_name=code,
        birth_date=datetime.date(1975, 3, 4),
        gender=Gender.MALE,
        status=MemberStatus.OFFICIAL,
    )


@pytest.fixture
def roll(organization: Organization, django_user_model: Any) -> dict[str, Any]:
    cb1 = Organization.objects.get(code="vp-ubnd-cb1")
    cb2 = Organization.objects.get(code="vp-ubnd-cb2")
    members = {
        "cb1": [_member(organization, cb1, f"C1-{i}") for i in range(2)],
        "cb2": [_member(organization, cb2, f"C2-{i}") for i in range(3)],
        "none": [_member(organization, None, "C0-0")],
    }
    users = {}
    for role in ("organizer", "observer"):
        user = django_user_model.objects.create_user(username=f"cb1-{role}")
        RoleAssignment.objects.create(user=user, organization=cb1, role=role)
        users[role] = user
    return {"cb1": cb1, "cb2": cb2, "members": members, "users": users}


def _codes(members: list[Member]) -> set[str]:
    return {m.member_code for m in members}


# ------------------------------------------------------------------------------------ branch roles


@pytest.mark.parametrize("query", [{}, {"branch": ""}, {"branch": "vp-ubnd-cb2"}, {"branch": "vp-ubnd"}])
def test_a_branch_organizer_lists_their_branch_only(client, roll, query):
    client.force_login(roll["users"]["organizer"])
    response = client.get("/o/vp-ubnd-cb1/members/", query)
    assert response.status_code == 200
    listed = {m.member_code for m in response.context["page"].object_list}
    assert listed == _codes(roll["members"]["cb1"])
    assert [b.code for b in response.context["branches"]] == ["vp-ubnd-cb1"]


@pytest.mark.parametrize("role", ["organizer", "observer"])
def test_a_branch_role_exports_their_branch_only(client, roll, role):
    from openpyxl import load_workbook

    client.force_login(roll["users"][role])
    response = client.get("/o/vp-ubnd-cb1/members/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
    assert _codes(roll["members"]["cb1"]) <= cells
    assert not (_codes(roll["members"]["cb2"]) | _codes(roll["members"]["none"])) & cells


@pytest.mark.parametrize("role", ["organizer", "observer"])
def test_the_api_gives_a_branch_role_their_branch_only(client, roll, role):
    client.force_login(roll["users"][role])
    answer = client.get("/api/organizations/vp-ubnd-cb1/members")
    assert answer.status_code == 200
    assert {m["member_code"] for m in answer.json()["items"]} == _codes(roll["members"]["cb1"])
    assert client.get("/api/organizations/vp-ubnd-cb1/members", {"branch": "vp-ubnd-cb2"}).status_code == 404
    assert client.get("/api/organizations/vp-ubnd/members").status_code == 403
    assert client.get("/api/organizations/vp-ubnd-cb2/members").status_code == 403


@pytest.mark.parametrize("role", ["organizer", "observer"])
def test_the_parent_roll_is_closed_to_branch_roles(client, roll, role):
    client.force_login(roll["users"][role])
    for path in ("/o/vp-ubnd/members/", "/o/vp-ubnd/members/export.xlsx", "/o/vp-ubnd-cb2/members/"):
        assert client.get(path).status_code == 403, path


MEMBER_FORM = {
    "member_code": "C1-9",
    "full_name": "Lò Văn Mới",
    "birth_date": "05/06/1979",
    "gender": "male",
    "ethnicity": "Thái",
    "status": "official",
}


def test_a_branch_organizer_cannot_touch_another_branchs_member(client, roll):
    client.force_login(roll["users"]["organizer"])
    other = roll["members"]["cb2"][0]
    base = f"/o/vp-ubnd-cb1/members/{other.pk}/"
    assert client.get(base + "edit/").status_code == 404
    edit = {**MEMBER_FORM, "member_code": other.member_code, "branch": roll["cb2"].pk}
    assert client.post(base + "edit/", edit).status_code == 404
    assert client.post(base + "deactivate/", {"reason": "chuyển đi"}).status_code == 404
    assert client.post(base + "reactivate/").status_code == 404
    other.refresh_from_db()
    assert other.full_name == "Phạm Văn C2-0"
    assert other.is_active
    no_branch = roll["members"]["none"][0]
    assert client.get(f"/o/vp-ubnd-cb1/members/{no_branch.pk}/edit/").status_code == 404


def test_a_branch_organizer_edits_their_own_member_but_cannot_move_them_out(client, roll):
    client.force_login(roll["users"]["organizer"])
    own = roll["members"]["cb1"][0]
    url = f"/o/vp-ubnd-cb1/members/{own.pk}/edit/"
    data = {**MEMBER_FORM, "member_code": own.member_code}
    response = client.post(url, {**data, "branch": roll["cb2"].pk})
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    response = client.post(url, {**data, "branch": roll["cb1"].pk})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.full_name == "Lò Văn Mới"
    assert own.branch == roll["cb1"]


def test_a_branch_organizer_adds_members_to_their_branch_only(client, roll):
    client.force_login(roll["users"]["organizer"])
    response = client.post("/o/vp-ubnd-cb1/members/new/", {**MEMBER_FORM, "branch": roll["cb2"].pk})
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert not Member.objects.filter(member_code="C1-9").exists()
    assert (
        client.post("/o/vp-ubnd-cb1/members/new/", {**MEMBER_FORM, "branch": roll["cb1"].pk}).status_code
        == 302
    )
    assert Member.objects.get(member_code="C1-9").branch == roll["cb1"]


def test_a_branch_organizer_cannot_import_over_the_whole_roll(client, roll):
    client.force_login(roll["users"]["organizer"])
    assert client.get("/o/vp-ubnd-cb1/members/import/").status_code == 403
    assert client.post("/o/vp-ubnd-cb1/members/import/").status_code == 403


def test_a_branch_page_counts_its_own_members(client, roll):
    client.force_login(roll["users"]["observer"])
    response = client.get("/o/vp-ubnd-cb1/")
    assert response.status_code == 200
    assert response.context["total"].total == 2
    assert [r.branch.code for r in response.context["rows"]] == ["vp-ubnd-cb1"]


def test_the_parents_organizer_still_reaches_every_branch(client, roll, role_users):
    client.force_login(role_users["organizer"])
    response = client.get("/o/vp-ubnd-cb1/members/", {"branch": "vp-ubnd-cb2"})
    assert {m.member_code for m in response.context["page"].object_list} == _codes(roll["members"]["cb2"])
    other = roll["members"]["cb2"][0]
    assert client.get(f"/o/vp-ubnd-cb1/members/{other.pk}/edit/").status_code == 200
    answer = client.get("/api/organizations/vp-ubnd/members").json()
    assert answer["count"] == 6


# ------------------------------------------------------------------------------------ linking logins


@pytest.fixture
def other_org(django_user_model: Any) -> dict[str, Any]:
    org = Organization.objects.create(
        code="so-tc", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    organizer = django_user_model.objects.create_user(username="b-organizer")
    RoleAssignment.objects.create(user=organizer, organization=org, role=Role.ORGANIZER)
    user = django_user_model.objects.create_user(username="b-clerk", password="pw-b-clerk-123")
    RoleAssignment.objects.create(user=user, organization=org, role=Role.COUNTING_COMMITTEE)
    return {"org": org, "organizer": organizer, "user": user}


def _link(client: Any, organization: Organization, username: str) -> tuple[int, list[str]]:
    congress_id = _congress(organization)
    _delegate(organization)
    url = reverse("congresses:delegate_link", kwargs={"org_code": organization.code, "pk": congress_id})
    response = client.post(url, {"number": "1", "username": username})
    return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]


def test_linking_another_organizations_login_waits_for_consent(client, role_users, organization, other_org):
    from daihoi.congresses.models import Delegate, DelegateLinkRequest

    client.force_login(role_users["organizer"])
    status, _messages = _link(client, organization, "b-clerk")
    assert status == 302
    delegate = Delegate.objects.get(congress_id=_congress(organization), number=1)
    assert delegate.user is None
    assert not RoleAssignment.objects.filter(user=other_org["user"], organization=organization).exists()
    assert DelegateLinkRequest.objects.get().user == other_org["user"]


def test_the_link_form_answers_alike_whether_the_username_exists(client, role_users, organization, other_org):
    client.force_login(role_users["organizer"])
    existing = _link(client, organization, "b-clerk")
    missing = _link(client, organization, "b-nobody")
    assert existing[0] == missing[0] == 302
    assert existing[1][-1].replace("b-clerk", "X") == missing[1][-1].replace("b-nobody", "X")
    assert "b-nobody" in missing[1][-1]


def test_the_organizations_own_login_is_linked_at_once(client, role_users, organization):
    from daihoi.congresses.models import Delegate

    client.force_login(role_users["organizer"])
    _link(client, organization, "observer")
    assert Delegate.objects.get(congress_id=_congress(organization), number=1).user == role_users["observer"]


def test_the_user_accepts_the_link(client, role_users, organization, other_org):
    from daihoi.congresses.models import Delegate, DelegateLinkRequest

    client.force_login(role_users["organizer"])
    _link(client, organization, "b-clerk")
    request = DelegateLinkRequest.objects.get()
    client.force_login(other_org["user"])
    page = client.get("/accounts/links/")
    assert page.status_code == 200
    assert organization.name in page.content.decode()
    assert "/accounts/links/" in client.get("/").content.decode()
    assert client.post(f"/accounts/links/{request.pk}/accept/").status_code == 302
    assert Delegate.objects.get(congress_id=_congress(organization), number=1).user == other_org["user"]
    assert RoleAssignment.objects.filter(
        user=other_org["user"], organization=organization, role="delegate"
    ).exists()
    # Someone else cannot answer it for them.
    client.force_login(role_users["presidium"])
    assert client.post(f"/accounts/links/{request.pk}/decline/").status_code == 404


def test_their_organizer_may_accept_but_not_the_requesting_one(client, role_users, organization, other_org):
    from daihoi.congresses.models import DelegateLinkRequest, LinkRequestStatus

    client.force_login(role_users["organizer"])
    _link(client, organization, "b-clerk")
    request = DelegateLinkRequest.objects.get()
    user_id = other_org["user"].pk
    # The requesting organizer cannot answer through their own organization's pages.
    own = f"/accounts/{organization.code}/users/{user_id}/links/{request.pk}/accept/"
    assert client.post(own).status_code in (403, 404)
    client.force_login(other_org["organizer"])
    page = client.get(f"/accounts/so-tc/users/{user_id}/")
    assert f"/links/{request.pk}/accept/" in page.content.decode()
    assert client.post(f"/accounts/so-tc/users/{user_id}/links/{request.pk}/accept/").status_code == 302
    request.refresh_from_db()
    assert request.status == LinkRequestStatus.ACCEPTED
    assert request.decided_by == other_org["organizer"]


def _accepted_link(client: Any, role_users: Any, organization: Organization, other_org: Any) -> None:
    from daihoi.congresses.links import decide
    from daihoi.congresses.models import DelegateLinkRequest

    client.force_login(role_users["organizer"])
    _link(client, organization, "b-clerk")
    decide(DelegateLinkRequest.objects.get(), accept=True, actor=other_org["user"])


def test_a_guest_link_does_not_keep_the_own_organizer_from_deactivating(
    client, role_users, organization, other_org
):
    _accepted_link(client, role_users, organization, other_org)
    user = other_org["user"]
    # The linking organization cannot deactivate another organization's user...
    client.post(f"/accounts/{organization.code}/users/{user.pk}/deactivate/")
    user.refresh_from_db()
    assert user.is_active
    # ...and does not stop their own organizer.
    client.force_login(other_org["organizer"])
    client.post(f"/accounts/so-tc/users/{user.pk}/deactivate/")
    user.refresh_from_db()
    assert not user.is_active


def test_the_linking_organization_cannot_grant_the_guest_a_role(client, role_users, organization, other_org):
    """Else a role granted after the link would make the user the linking organization's."""
    _accepted_link(client, role_users, organization, other_org)
    user = other_org["user"]
    client.post(f"/accounts/{organization.code}/users/{user.pk}/grant/", {"role": "observer"})
    assert not RoleAssignment.objects.filter(user=user, organization=organization, role="observer").exists()
    client.force_login(other_org["organizer"])
    client.post(f"/accounts/so-tc/users/{user.pk}/deactivate/")
    user.refresh_from_db()
    assert not user.is_active


def test_the_audit_view_shows_what_happened_in_the_organization_only(
    client, role_users, organization, other_org
):
    from daihoi.audit.services import log_action

    _accepted_link(client, role_users, organization, other_org)
    user = other_org["user"]
    client.logout()
    assert client.login(username="b-clerk", password="pw-b-clerk-123")  # a login: no organization
    client.post("/accounts/logout/")
    log_action("organizations.member.created", actor=user, obj=user, organization=other_org["org"])
    for role in ("organizer", "observer"):
        client.force_login(role_users[role])
        entries = client.get(f"/api/audit/{organization.code}/entries", {"limit": 500}).json()["entries"]
        theirs = [e for e in entries if e["actor"] == "b-clerk"]
        assert theirs, "what the guest did here (accepting the link) is shown"
        assert all(e["organization"] == organization.code for e in theirs), theirs
        page = client.get(f"/audit/{organization.code}/", {"user": "b-clerk"})
        assert page.status_code == 200
        assert not [e for e, *_rest in page.context["rows"] if e.action.startswith("accounts.user.logged")]
    # Their own organization still sees their logins.
    client.force_login(other_org["organizer"])
    entries = client.get("/api/audit/so-tc/entries", {"limit": 500}).json()["entries"]
    assert any(e["action"] == "accounts.user.logged_in" and e["actor"] == "b-clerk" for e in entries)


# ------------------------------------------------------------------------------------ figures


def _round_urls(organization: Organization, election_id: int) -> list[str]:
    base = f"/e/{organization.code}/{election_id}/rounds/1/"
    return [
        base,
        base + "minutes.pdf",
        base + "elected.pdf",
        f"/api/elections/{organization.code}/{election_id}/rounds/1/result",
    ]


@pytest.mark.parametrize("role", ["presidium", "observer"])
def test_figures_not_yet_announced_are_hidden_from_the_presidium_and_observers(
    client, role_users, organization, role
):
    election_id = _election(organization)  # counted, not announced
    client.force_login(role_users[role])
    for url in _round_urls(organization, election_id):
        assert client.get(url).status_code == 403, url
    detail = client.get(f"/e/{organization.code}/{election_id}/")
    assert detail.status_code == 200
    assert detail.context["outcome"] is None
    assert '/rounds/1/"' not in detail.content.decode()


@pytest.mark.parametrize("role", ["organizer", "counting_committee"])
def test_the_counting_committee_and_the_organizer_see_the_figures_before(
    client, role_users, organization, role
):
    election_id = _election(organization)
    client.force_login(role_users[role])
    for url in _round_urls(organization, election_id):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("status", ["published", "approved", "pending"])
def test_once_announced_the_presidium_sees_them(client, role_users, organization, status):
    from daihoi.elections.models import Election

    election_id = _election(organization)
    Election.objects.filter(pk=election_id).update(status=status)
    client.force_login(role_users["presidium"])
    for url in _round_urls(organization, election_id):
        assert client.get(url).status_code == 200, url


def _dossier_urls(organization: Organization, election_id: int) -> tuple[str, list[str]]:
    from daihoi.elections.models import Election

    election = Election.objects.get(pk=election_id)
    rnd = election.rounds.get(number=1)
    base = f"/c/{organization.code}/{election.congress_id}/"
    files = [f"{base}dossier/counting_minutes:{rnd.pk}.pdf", f"{base}dossier/elected_list:{rnd.pk}.docx"]
    return base + "dossier/", [*files, base + "approval-dossier.zip"]


@pytest.mark.parametrize("role", ["presidium", "observer"])
def test_the_dossier_does_not_show_a_count_before_it_is_announced(client, role_users, organization, role):
    election_id = _election(organization)  # counted, not announced
    page, files = _dossier_urls(organization, election_id)
    client.force_login(role_users[role])
    listing = client.get(page)
    assert listing.status_code == 200
    assert "counting_minutes:" not in listing.content.decode()
    for url in files:
        assert client.get(url).status_code == 403, url
    client.force_login(role_users["counting_committee"])
    assert "counting_minutes:" in client.get(page).content.decode()
    for url in files:
        assert client.get(url).status_code == 200, url


def test_the_dossier_shows_the_count_once_announced(client, role_users, organization):
    from daihoi.elections.models import Election

    election_id = _election(organization)
    Election.objects.filter(pk=election_id).update(status="published")
    page, files = _dossier_urls(organization, election_id)
    client.force_login(role_users["presidium"])
    assert "counting_minutes:" in client.get(page).content.decode()
    for url in files[:2]:
        assert client.get(url).status_code == 200, url
