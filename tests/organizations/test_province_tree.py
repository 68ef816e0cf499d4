"""A province's tree (issue 14): the tree page, the import page, the organization forms, and what a
superior committee's users reach below them (read only) and never beside them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from province_files import member_rows, tree_rows, user_rows, workbook

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.accounts.permissions import has_permission, organizations_for, roles_in, scope_for
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.province_import import import_province
from daihoi.organizations.tree import build_tree

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def province(db):
    """The tree of province_files with its rolls, plus a second grassroots org under the other bloc."""
    import_province(workbook(tree_rows(), member_rows()), "tinh.xlsx", actor="t")
    return {o.code: o for o in Organization.objects.all()}


@pytest.fixture
def users(province, django_user_model):
    """One user per (organization, role) the tests need."""
    made = {}
    for name, code, role in (
        ("tinh_org", "tinh", Role.ORGANIZER),
        ("khoi_org", "khoi-cq", Role.ORGANIZER),
        ("khoi_obs", "khoi-cq", Role.OBSERVER),
        ("khoi_del", "khoi-cq", Role.DELEGATE),
        ("peer_org", "khoi-dn", Role.ORGANIZER),
        ("sotc_org", "so-tc", Role.ORGANIZER),
    ):
        user = django_user_model.objects.create_user(username=name, password="pw-" + name)
        RoleAssignment.objects.create(user=user, organization=province[code], role=role)
        made[name] = user
    return made


def _congress(org: Organization) -> Congress:
    return Congress.objects.create(
        organization=org,
        number=1,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=date(2025, 5, 10),
        ends_on=date(2025, 5, 10),
    )


# ------------------------------------------------------------------------------ the tree


def test_tree_counts_members_at_every_node(province):
    root = build_tree(province["tinh"])
    assert [c.organization.code for c in root.children] == ["khoi-cq", "khoi-dn"]  # by name
    khoi = root.children[0]
    assert [c.organization.code for c in khoi.children] == ["so-tp", "so-tc"]
    so_tc = khoi.children[1]
    assert (so_tc.members, so_tc.official) == (3, 2)
    assert {c.organization.code: c.members for c in so_tc.children} == {"so-tc-cb1": 1, "so-tc-cb2": 2}
    assert khoi.members == 5
    assert root.members == 6
    assert root.descendants == 7


def test_tree_page_nested_and_linked(client, users, province):
    _congress(province["so-tp"])
    client.force_login(users["khoi_obs"])
    response = client.get(reverse("organizations:tree", kwargs={"org_code": "khoi-cq"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<details") == 5  # the bloc, two grassroots organizations, two branches
    assert 'data-code="so-tc-cb2"' in html
    assert 'data-members="2"' in html
    assert reverse("congresses:list", kwargs={"org_code": "so-tp"}) in html
    assert reverse("organizations:detail", kwargs={"org_code": "so-tc"}) in html
    assert "khoi-dn" not in html  # a peer is not in the subtree
    assert not re.search(r"<script(?![^>]*src=)", html)  # CSP: no inline script


def test_detail_page_shows_the_superior_and_the_tree_link(client, users, province):
    client.force_login(users["tinh_org"])
    html = client.get(reverse("organizations:detail", kwargs={"org_code": "so-tc"})).content.decode()
    assert 'id="superior-link"' in html
    assert reverse("organizations:detail", kwargs={"org_code": "khoi-cq"}) in html
    html = client.get(reverse("organizations:detail", kwargs={"org_code": "khoi-cq"})).content.decode()
    assert 'id="tree-link"' in html
    assert 'id="subordinates"' in html
    assert 'data-members="3"' in html  # so-tc's roll, its branches' members included
    html = client.get(reverse("organizations:detail", kwargs={"org_code": "so-tp"})).content.decode()
    assert 'id="tree-link"' not in html  # nothing below a grassroots branch


# ------------------------------------------------------------------------------ reaching below


def test_a_superior_committees_staff_read_below_and_change_nothing(client, users, province):
    so_tc = province["so-tc"]
    congress = _congress(so_tc)
    client.force_login(users["khoi_obs"])
    reads = [
        reverse("organizations:detail", kwargs={"org_code": "so-tc"}),
        reverse("organizations:member_list", kwargs={"org_code": "so-tc"}),
        reverse("organizations:roll_export", kwargs={"org_code": "so-tc"}),
        reverse("congresses:list", kwargs={"org_code": "so-tc"}),
        reverse("congresses:detail", kwargs={"org_code": "so-tc", "pk": congress.pk}),
        reverse("congresses:documents", kwargs={"org_code": "so-tc", "pk": congress.pk}),
        reverse("organizations:tree", kwargs={"org_code": "so-tc"}),
    ]
    for url in reads:
        assert client.get(url).status_code == 200, url
    member = Member.objects.filter(organization=so_tc).first()
    writes = [
        reverse("organizations:edit", kwargs={"org_code": "so-tc"}),
        reverse("organizations:member_create", kwargs={"org_code": "so-tc"}),
        reverse("organizations:member_edit", kwargs={"org_code": "so-tc", "member_id": member.pk}),
        reverse("organizations:roll_import", kwargs={"org_code": "so-tc"}),
        reverse("organizations:branch_create", kwargs={"org_code": "so-tc"}),
        reverse("congresses:create", kwargs={"org_code": "so-tc"}),
        reverse("congresses:convene", kwargs={"org_code": "so-tc", "pk": congress.pk}),
        reverse("accounts:users", kwargs={"org_code": "so-tc"}),
    ]
    for user in ("khoi_obs", "khoi_org", "tinh_org"):  # the organizer above is an observer below
        client.force_login(users[user])
        for url in writes:
            assert client.post(url, {}).status_code == 403, (user, url)
    assert roles_in(users["khoi_org"], so_tc) == {Role.OBSERVER}
    assert scope_for(users["khoi_org"], so_tc, "members.view").whole
    assert scope_for(users["khoi_org"], so_tc, "members.manage").empty


def test_a_peer_committee_and_a_delegate_above_reach_nothing(client, users, province):
    congress = _congress(province["so-tc"])
    urls = [
        reverse("organizations:member_list", kwargs={"org_code": "so-tc"}),
        reverse("congresses:detail", kwargs={"org_code": "so-tc", "pk": congress.pk}),
        reverse("organizations:tree", kwargs={"org_code": "so-tc"}),
    ]
    for user in ("peer_org", "khoi_del"):
        client.force_login(users[user])
        for url in urls:
            assert client.get(url).status_code in (403, 404), (user, url)
    assert roles_in(users["peer_org"], province["so-tc"]) == set()
    assert roles_in(users["khoi_del"], province["so-tc"]) == set()
    assert scope_for(users["peer_org"], province["so-tc"], "members.view").empty


def test_a_province_role_reaches_two_levels_down_to_a_branch(users, province):
    tinh = users["tinh_org"]
    for code in ("khoi-cq", "so-tc", "so-tc-cb1", "cty-dien"):
        assert has_permission(tinh, province[code], "congress.view"), code
        assert not has_permission(tinh, province[code], "congress.manage"), code
    assert has_permission(tinh, province["tinh"], "season.manage")
    assert not has_permission(users["khoi_org"], province["tinh"], "congress.view")  # never above


def test_home_lists_the_committee_and_its_tree_leads_below(client, users, province):
    assert list(organizations_for(users["khoi_org"])) == [province["khoi-cq"]]
    client.force_login(users["khoi_org"])
    html = client.get("/").content.decode()
    assert reverse("organizations:detail", kwargs={"org_code": "khoi-cq"}) in html


# ------------------------------------------------------------------------------ the import page


def test_import_page_preview_then_confirm_then_passwords_once(client, users, province):
    client.force_login(users["khoi_org"])
    rows = [["so-xd", "Chi bộ Sở Xây dựng", "Chi bộ cơ sở", "khoi-cq", "Quảng Ngãi", ""]]
    users_sheet = [["soxd.tochuc", "Lê Văn Hải", "so-xd", "Cán bộ tổ chức"]]
    upload = SimpleUploadedFile("xd.xlsx", workbook(rows, None, users_sheet), content_type=XLSX)
    url = reverse("organizations:province_import")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    assert not Organization.objects.filter(code="so-xd").exists()  # nothing until confirmed
    token = response.context["token"]
    assert response.context["plan"].organizations_created == 1
    response = client.post(reverse("organizations:province_import_confirm"), {"token": token})
    assert response.status_code == 200
    assert Organization.objects.get(code="so-xd").parent == province["khoi-cq"]
    again = client.post(reverse("organizations:province_import_confirm"), {"token": token})
    assert again.status_code == 409  # a confirmed import is not waiting any more
    download = client.post(reverse("organizations:province_passwords"))
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX
    sheet = load_workbook(__import__("io").BytesIO(download.content)).active
    username, _name, _code, password = list(sheet.iter_rows(values_only=True))[1]
    assert username == "soxd.tochuc"
    assert client.login(username="soxd.tochuc", password=password)
    client.force_login(users["khoi_org"])
    assert client.post(reverse("organizations:province_passwords")).status_code == 302  # only once


def test_import_page_refuses_outside_the_organizers_tree_and_strangers(client, users, province):
    client.force_login(users["khoi_org"])
    rows = [["dn-x", "Chi bộ DN X", "Chi bộ cơ sở", "khoi-dn", "", ""]]
    upload = SimpleUploadedFile("x.xlsx", workbook(rows), content_type=XLSX)
    response = client.post(reverse("organizations:province_import"), {"file": upload})
    assert response.status_code == 422
    assert "outside_your_tree" in response.content.decode()
    assert not Organization.objects.filter(code="dn-x").exists()
    for user in ("sotc_org", "khoi_obs", "khoi_del"):
        client.force_login(users[user])
        assert client.get(reverse("organizations:province_import")).status_code == 403
        assert client.get(reverse("organizations:province_template")).status_code == 403


def test_user_sheet_import_gives_each_its_own_users(users, province):
    result = import_province(workbook(tree_rows(), None, user_rows()), "u.xlsx", actor="t")
    assert {p[0] for p in result.passwords} == {"khoi.tochuc", "sotc.tochuc"}


# ------------------------------------------------------------------------------ forms


def test_create_form_new_kinds_and_a_parent_the_user_organizes(client, users, province):
    client.force_login(users["khoi_org"])
    url = reverse("organizations:create")
    assert client.get(url).status_code == 200
    data = {"code": "so-yt", "name": "Đảng bộ Sở Y tế", "kind": "grassroots_committee"}
    response = client.post(url, {**data, "parent": province["khoi-dn"].pk})  # a peer committee: refused
    assert response.status_code == 200
    assert not Organization.objects.filter(code="so-yt").exists()
    response = client.post(url, data)  # no parent: required for a committee's organizer
    assert not Organization.objects.filter(code="so-yt").exists()
    response = client.post(url, {**data, "parent": province["khoi-cq"].pk})
    assert response.status_code == 302
    assert Organization.objects.get(code="so-yt").parent == province["khoi-cq"]
    client.force_login(users["sotc_org"])
    assert client.get(url).status_code == 403  # a grassroots organizer creates no organization


def test_superuser_creates_an_upper_committee_and_moves_it(client, province, django_user_model):
    admin = django_user_model.objects.create_superuser(username="admin", password="pw")
    client.force_login(admin)
    data = {
        "code": "huyen-a",
        "name": "Đảng bộ huyện A",
        "kind": "upper_committee",
        "parent": province["tinh"].pk,
    }
    assert client.post(reverse("organizations:create"), data).status_code == 302
    huyen = Organization.objects.get(code="huyen-a")
    assert huyen.parent == province["tinh"]
    edit = reverse("organizations:edit", kwargs={"org_code": "so-tp"})
    response = client.post(
        edit, {"name": "Chi bộ Sở Tư pháp", "kind": "grassroots_branch", "parent": huyen.pk}
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="so-tp").parent == huyen
    # a committee cannot go under its own subtree
    edit = reverse("organizations:edit", kwargs={"org_code": "khoi-cq"})
    response = client.post(edit, {"name": "Đảng bộ Khối", "kind": "upper_committee", "parent": huyen.pk})
    assert response.status_code == 302
    edit = reverse("organizations:edit", kwargs={"org_code": "tinh"})
    response = client.post(edit, {"name": "Đảng bộ tỉnh", "kind": "province_committee", "parent": huyen.pk})
    assert response.status_code == 200  # refused: huyen-a lies below tinh
    assert Organization.objects.get(code="tinh").parent is None


def test_the_tree_is_built_in_a_fixed_number_of_queries(province, django_assert_max_num_queries):
    # one query per level (province, blocs, grassroots, branches, the empty level below) and three counts
    with django_assert_max_num_queries(8):
        root = build_tree(province["tinh"])
    extra = [["tinh-x", "Đảng bộ Khối X", "Đảng bộ khối", "tinh", "", ""]] + [
        [f"x-{i}", f"Chi bộ cơ sở X{i}", "Chi bộ cơ sở", "tinh-x", "", ""] for i in range(30)
    ]
    import_province(workbook(extra), "x.xlsx", actor="t")
    with django_assert_max_num_queries(8):
        bigger = build_tree(province["tinh"])
    assert bigger.descendants == root.descendants + 31


def test_a_new_upload_drops_the_previous_one_and_stale_ones(client, users):
    import os
    import time

    from daihoi.organizations.province_views import _pending_dir

    client.force_login(users["khoi_org"])
    rows = [["so-xd", "Chi bộ Sở Xây dựng", "Chi bộ cơ sở", "khoi-cq", "", ""]]
    stale = _pending_dir() / "0123abcd.upload"
    stale.write_bytes(b"old")
    os.utime(stale, (time.time() - 2 * 86400,) * 2)
    first = client.post(
        reverse("organizations:province_import"),
        {"file": SimpleUploadedFile("a.xlsx", workbook(rows), content_type=XLSX)},
    ).context["token"]
    second = client.post(
        reverse("organizations:province_import"),
        {"file": SimpleUploadedFile("b.xlsx", workbook(rows), content_type=XLSX)},
    ).context["token"]
    names = {p.name for p in _pending_dir().glob("*.upload")}
    assert f"{second}.upload" in names
    assert f"{first}.upload" not in names
    assert stale.name not in names
    assert client.post(reverse("organizations:province_import_confirm"), {"token": first}).status_code == 409
