"""The roll's pages and API through the test client, as each role."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from roll_files import good_rows, xlsx

from daihoi.organizations.models import Member, Organization
from daihoi.organizations.roll_import import import_roll

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, org, **kw):
    return reverse(f"organizations:{name}", kwargs={"org_code": org.code, **kw})


def upload(data: bytes, name="roll.xlsx"):
    return {"file": SimpleUploadedFile(name, data, content_type=XLSX)}


def test_import_page_shows_errors_and_imports_nothing(client, role_users, organization):
    client.force_login(role_users["organizer"])
    rows = good_rows()
    rows[2]["Ngày sinh"] = "31/02/1980"
    response = client.post(url("roll_import", organization), upload(xlsx(rows)), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Dòng 4" in html or "Row 4" in html
    assert "31/02/1980" in html
    assert not Member.objects.exists()


def test_import_page_success_summary_then_list_in_ballot_order(client, role_users, organization):
    client.force_login(role_users["organizer"])
    response = client.post(url("roll_import", organization), upload(xlsx(good_rows())))
    assert response.status_code == 200
    assert response.context["result"].created == 5
    page = client.get(url("member_list", organization))
    names = [m.full_name for m in page.context["page"].object_list]
    assert names == [m.full_name for m in Member.objects.order_by("sort_key")]
    assert names.index("Phạm Thị Ánh") < names.index("Lê Văn Ân")


def test_member_search_is_accent_insensitive_and_htmx_gets_the_table_only(client, role_users, organization):
    import_roll(organization, xlsx(good_rows()), "r.xlsx", actor="t")
    client.force_login(role_users["observer"])
    response = client.get(url("member_list", organization), {"q": "nguyen van an"}, HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "organizations/_member_table.html"
    assert sorted(m.member_code for m in response.context["page"].object_list) == ["01.000001", "01.000005"]
    response = client.get(url("member_list", organization), {"status": "probationary"})
    assert [m.member_code for m in response.context["page"].object_list] == ["01.000004"]
    response = client.get(url("member_list", organization), {"branch": "vp-ubnd-cb2"})
    assert sorted(m.member_code for m in response.context["page"].object_list) == ["01.000002", "01.000003"]


def test_create_edit_and_deactivate_a_member_through_the_pages(client, role_users, organization):
    client.force_login(role_users["organizer"])
    branch = organization.children.first()
    data = {
        "member_code": "77.1",
        "full_name": "hoàng  văn  thái",
        "birth_date": "05/06/1979",
        "gender": "male",
        "ethnicity": "Kinh",
        "branch": branch.pk,
        "status": "official",
        "admitted_on": "01/01/2005",
        "official_on": "01/01/2006",
    }
    response = client.post(url("member_create", organization), data)
    assert response.status_code == 302
    member = Member.objects.get(member_code="77.1")
    assert member.full_name == "Hoàng Văn Thái"
    response = client.post(
        url("member_edit", organization, member_id=member.pk), {**data, "official_on": "01/01/2004"}
    )
    assert response.status_code == 200
    assert "official_on" in response.context["form"].errors
    client.post(url("member_deactivate", organization, member_id=member.pk), {"reason": "chuyển công tác"})
    member.refresh_from_db()
    assert not member.is_active


def test_duplicate_card_number_is_shown_on_the_field(client, role_users, organization):
    import_roll(organization, xlsx(good_rows()), "r.xlsx", actor="t")
    client.force_login(role_users["organizer"])
    data = {
        "member_code": "01.000001",
        "full_name": "Lê Văn Mới",
        "birth_date": "05/06/1979",
        "gender": "male",
        "branch": organization.children.first().pk,
        "status": "official",
    }
    response = client.post(url("member_create", organization), data)
    assert "member_code" in response.context["form"].errors


def test_overview_shows_branch_counts(client, role_users, organization):
    import_roll(organization, xlsx(good_rows()), "r.xlsx", actor="t")
    client.force_login(role_users["delegate"])
    response = client.get(url("detail", organization))
    assert response.status_code == 200
    assert response.context["total"].total == 5
    assert response.context["total"].female == 2


def test_downloads(client, role_users, organization):
    import_roll(organization, xlsx(good_rows()), "r.xlsx", actor="t")
    client.force_login(role_users["presidium"])
    for name in ("roll_template", "roll_export"):
        response = client.get(url(name, organization))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert response.content[:2] == b"PK"


def test_only_a_superuser_creates_an_organization(client, role_users, django_user_model):
    client.force_login(role_users["organizer"])
    assert client.get(reverse("organizations:create")).status_code == 403
    admin = django_user_model.objects.create_superuser("root", password="pw-root-123")
    client.force_login(admin)
    assert client.get(reverse("organizations:create")).status_code == 200
    response = client.post(
        reverse("organizations:create"),
        {
            "code": "db-moi",
            "name": "Đảng bộ Mới",
            "kind": "grassroots_committee",
            "term_start_year": 2025,
            "term_end_year": 2030,
        },
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="db-moi").term_label == "2025–2030"


def test_organizer_adds_a_branch(client, role_users, organization):
    client.force_login(role_users["organizer"])
    response = client.post(
        url("branch_create", organization), {"code": "vp-ubnd-cb3", "name": "Chi bộ 3", "kind": "branch"}
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="vp-ubnd-cb3").parent == organization


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("organizer", 200),
        ("observer", 200),
        ("counting_committee", 200),
        ("delegate", 403),
        ("outsider", 403),
    ],
)
def test_api_lists_members_in_ballot_order_with_the_page_permission(
    client, role_users, organization, role, status
):
    import_roll(organization, xlsx(good_rows()), "r.xlsx", actor="t")
    client.force_login(role_users[role])
    response = client.get(f"/api/organizations/{organization.code}/members", {"q": "an"})
    assert response.status_code == status
    if status == 200:
        body = response.json()
        expected = [
            m.member_code for m in Member.objects.filter(search_text__contains="an").order_by("sort_key")
        ]
        assert [m["member_code"] for m in body["items"]] == expected
        assert body["count"] == len(expected)


def test_api_requires_login(client, organization):
    assert client.get(f"/api/organizations/{organization.code}/members").status_code == 401


def test_a_branch_page_lists_its_own_members_and_can_be_edited(client, role_users, organization):
    import_roll(organization, xlsx(good_rows()), "r.xlsx", actor="t")
    branch = Organization.objects.get(code="vp-ubnd-cb2")
    client.force_login(role_users["organizer"])
    detail = client.get(url("detail", branch))
    assert detail.status_code == 200
    assert [r.total for r in detail.context["rows"]] == [2]
    listing = client.get(url("member_list", branch))
    assert sorted(m.member_code for m in listing.context["page"].object_list) == ["01.000002", "01.000003"]
    response = client.post(url("edit", branch), {"name": "Chi bộ Phòng Kinh tế", "kind": "branch"})
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.name == "Chi bộ Phòng Kinh tế"
    assert client.get(url("edit", branch)).status_code == 200
    response = client.post(url("deactivate", branch))
    branch.refresh_from_db()
    assert branch.is_active  # refused: it still has members
