"""In a browser: a score typed without its level is refused (nothing saved, the typed score kept), and a
term that has just begun shows every target as "chưa có số liệu". Screenshots in test-artifacts/."""

from __future__ import annotations

from datetime import date

import pytest


def _members(organization, n=6):
    from daihoi.organizations.models import Member

    branches = list(organization.children.order_by("code"))
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Hoa"]
    return [
        Member.objects.create(
            organization=organization,
            branch=branches[i % 2],
            member_code=f"79.02.{2000 + i}",
            full_name=name,
            given_name=name.split()[-1],
            birth_date=date(1982, 5, 1),
            gender="female" if "Thị" in name else "male",
            status="official",
            admitted_on=date(2006, 3, 1),
        )
        for i, name in enumerate(names[:n])
    ]


@pytest.mark.django_db(transaction=True)
def test_ratings_page_refuses_a_score_without_its_level(live_server, login, shot, organization):
    from daihoi.targets.models import MemberRating

    members = _members(organization)
    page = login("organizer")
    page.goto(f"{live_server.url}/t/{organization.code}/ratings/2024/")
    for m in members:
        page.select_option(f'select[name="m-{m.pk}-level"]', "good")
    cuong = members[2]
    page.select_option(f'select[name="m-{cuong.pk}-level"]', "")
    page.fill(f'input[name="m-{cuong.pk}-score"]', "85")
    page.click("text=Lưu kết quả xếp loại")
    errors = page.inner_text("#rating-errors")
    assert "Không lưu gì cả" in errors
    assert (
        f"Lê Văn Cường ({cuong.member_code}), cột «Xếp loại»: Đã nhập điểm 85 nhưng chưa chọn xếp loại"
        in errors
    )
    assert page.input_value(f'input[name="m-{cuong.pk}-score"]') == "85"
    assert page.input_value(f'select[name="m-{members[0].pk}-level"]') == "good"  # the other rows kept too
    assert not MemberRating.objects.exists()
    assert page.locator("tr.row-error").all_inner_texts()[0].startswith(cuong.member_code)
    assert page.locator("tr.row-error").count() == 1
    shot(page, "refused")
    page.select_option(f'select[name="m-{cuong.pk}-level"]', "good")
    page.click("text=Lưu kết quả xếp loại")
    assert "Đã lưu kết quả xếp loại năm 2024." in page.inner_text("main")
    assert page.url.endswith(f"/t/{organization.code}/ratings/2024/")  # saved at .../save/, back on the page
    assert MemberRating.objects.filter(year=2024).count() == len(members)
    assert str(MemberRating.objects.get(member=cuong).score) == "85.00"
    shot(page, "saved")


@pytest.mark.django_db(transaction=True)
def test_a_term_just_begun_has_no_data_yet(live_server, login, shot, organization, role_users):
    from daihoi.targets import services

    _members(organization)
    year = date.today().year  # the congress was this year: the term's first year is still running
    T = services.TargetInput
    services.confirm_targets(
        organization,
        term=f"{year}-{year + 5}",
        targets=[
            T("rated_good", "members", ">=", "90", "%", "annual", "90% đảng viên hoàn thành tốt nhiệm vụ"),
            T("admissions", "organization", ">=", "5", "count", "term", "kết nạp từ 5 đảng viên mới trở lên"),
            T("disciplined", "organization", "<=", "0", "count", "annual", "không có đảng viên bị kỷ luật"),
        ],
        actor=role_users["organizer"],
    )
    page = login("organizer")
    page.goto(f"{live_server.url}/t/{organization.code}/")
    assert page.inner_text(".status-summary").split() == ["3", "chưa", "có", "số", "liệu"]
    badges = page.locator(".status-badge").all_inner_texts()
    assert badges == ["chưa có số liệu"] * 3
    body = page.inner_text("main")
    assert "có nguy cơ" not in body
    assert "at risk" not in body
    shot(page, "dashboard")
