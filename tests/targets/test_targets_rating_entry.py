"""A typed score is never dropped: without its level the page and the import refuse, naming row and field."""

from __future__ import annotations

import io
from html import unescape

import pytest
from django.urls import reverse
from targets_helpers import xlsx

from daihoi.audit.models import AuditEntry
from daihoi.targets import services
from daihoi.targets.errors import RatingsImportRefused, TargetsError
from daihoi.targets.models import MemberRating, OrganizationRating
from daihoi.targets.ratings_io import import_ratings

pytestmark = pytest.mark.django_db
YEAR = 2022


def ratings_url(org):
    """Where the ratings page's form posts (the page itself, targets:ratings, only shows)."""
    return reverse("targets:ratings_save", kwargs={"org_code": org.code, "year": YEAR})


def page_data(members, **overrides):
    """The page as posted: every member's select and score field, all rated `good` unless overridden."""
    data = {}
    for m in members:
        data[f"m-{m.pk}-level"] = "good"
        data[f"m-{m.pk}-score"] = ""
    data.update(overrides)
    return data


def test_page_refuses_a_score_without_level_naming_row_and_field(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    target = members[3]
    data = page_data(members, **{f"m-{target.pk}-level": "", f"m-{target.pk}-score": "85,5"})
    response = client.post(ratings_url(organization), data)
    assert response.status_code == 422
    html = unescape(response.content.decode())
    errors = html[html.index('id="rating-errors"') :].split("</div>")[0]
    assert f"{target.full_name} ({target.member_code}), cột «Xếp loại»" in errors
    assert "điểm 85,5" in errors
    assert "chưa chọn xếp loại" in errors
    assert "Không lưu gì" in errors
    # Nothing half-saved: the nine correct rows were not written either, and no "saved" message.
    assert not MemberRating.objects.exists()
    assert not AuditEntry.objects.filter(action="targets.member_rating.set").exists()
    assert "Đã lưu kết quả xếp loại" not in html
    # What the clerk typed is on the page again, to choose the level and save.
    assert f'name="m-{target.pk}-score" value="85,5"' in html
    # The wrong row, and only it, is marked in the table.
    assert html.count('class="row-error"') == 1
    marked = html[html.index('class="row-error"') :].split("</tr>")[0]
    assert target.member_code in marked


def test_page_saves_once_the_level_is_chosen(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    target = members[3]
    data = page_data(members, **{f"m-{target.pk}-level": "good", f"m-{target.pk}-score": "85,5"})
    response = client.post(ratings_url(organization), data)
    assert response.status_code == 302
    saved = MemberRating.objects.get(member=target, year=YEAR)
    assert (saved.level, str(saved.score)) == ("good", "85.50")
    assert MemberRating.objects.filter(year=YEAR).count() == len(members)


def test_page_refuses_a_branch_score_without_level(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    branch = organization.children.order_by("code").first()
    data = page_data(members, **{f"o-{branch.pk}-level": "", f"o-{branch.pk}-score": "72"})
    response = client.post(ratings_url(organization), data)
    assert response.status_code == 422
    assert f"{branch.name}, cột «Xếp loại»: Đã nhập điểm 72" in unescape(response.content.decode())
    assert not OrganizationRating.objects.exists()
    assert not MemberRating.objects.exists()


def test_page_refuses_a_new_unit_level_without_its_name(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    response = client.post(ratings_url(organization), page_data(members, **{"u-new-level": "strong"}))
    assert response.status_code == 422
    html = unescape(response.content.decode())
    assert "Dòng mới, cột «Đơn vị»" in html
    assert not MemberRating.objects.exists()


def test_page_emptying_level_and_score_removes_the_rating(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    target = members[0]
    services.set_member_rating(target, YEAR, "good", "80", actor="test")
    data = page_data(members, **{f"m-{target.pk}-level": "", f"m-{target.pk}-score": ""})
    assert client.post(ratings_url(organization), data).status_code == 302
    assert not MemberRating.objects.filter(member=target, year=YEAR).exists()
    entry = AuditEntry.objects.get(action="targets.member_rating.cleared")
    assert entry.data["member"] == target.member_code
    assert MemberRating.objects.filter(year=YEAR).count() == len(members) - 1


def test_service_refuses_a_score_without_level(members):
    with pytest.raises(TargetsError) as caught:
        services.set_member_rating(members[0], YEAR, "", "85", actor="test")
    assert (caught.value.code, caught.value.field) == ("level_required", "level")
    assert not MemberRating.objects.exists()


HEADER = [["Xếp loại"], [], ["STT", "Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại"]]


def _member_rows(members):
    return [
        [i, m.member_code, m.full_name, "", 80, "Hoàn thành tốt nhiệm vụ"] for i, m in enumerate(members, 1)
    ]


def test_import_refuses_a_score_without_level(organization, members):
    rows = _member_rows(members)
    rows[4][4], rows[4][5] = 87.5, None  # sheet row 8: a score, no level
    with pytest.raises(RatingsImportRefused) as caught:
        import_ratings(organization, YEAR, xlsx({"Đảng viên": HEADER + rows}), actor="test")
    (issue,) = caught.value.issues
    assert (issue.code, issue.row, issue.column) == ("level_required", 8, "Xếp loại")
    assert "87,5" in issue.message
    assert not MemberRating.objects.exists()


def test_import_page_shows_the_score_without_level(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    rows = _member_rows(members)
    rows[0][5] = ""
    upload = io.BytesIO(xlsx({"Đảng viên": HEADER + rows}))
    upload.name = "thieu-xep-loai.xlsx"
    url = reverse("targets:ratings_import", kwargs={"org_code": organization.code, "year": YEAR})
    response = client.post(url, {"file": upload})
    assert response.status_code == 422
    html = unescape(response.content.decode())
    assert 'data-code="level_required"' in html
    assert "Dòng 4, cột «Xếp loại»: đã có điểm 80 nhưng chưa ghi xếp loại" in html
    assert not MemberRating.objects.exists()


def test_import_refuses_a_unit_level_without_its_name(organization, members):
    units = [["Xếp loại"], [], ["STT", "Tên tổ chức", "Xếp loại"], [1, "", "Vững mạnh"]]
    data = xlsx({"Đảng viên": HEADER + _member_rows(members), "Đoàn thể": units})
    with pytest.raises(RatingsImportRefused) as caught:
        import_ratings(organization, YEAR, data, actor="test")
    assert caught.value.codes == ["unit_required"]
    assert caught.value.issues[0].row == 4
    assert not MemberRating.objects.exists()
