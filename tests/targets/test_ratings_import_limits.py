"""Bounded ratings imports (issue 10): a million rows answered with a 213 MB error body before; now the
rows stop at the limit, the problems listed stop at 100 with how many more, and a zip bomb or an
oversized upload is refused before it is read."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from targets_helpers import xlsx

from daihoi.targets.errors import RatingsImportRefused
from daihoi.targets.models import MemberRating
from daihoi.targets.ratings_io import import_ratings
from hostile_files import rows_sheet, whitespace_sheet, workbook_with_sheet

pytestmark = pytest.mark.django_db
YEAR = 2023
HEADER = ["STT", "Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại"]


def _refused(organization, data: bytes) -> tuple[RatingsImportRefused, float]:
    start = time.process_time()
    with pytest.raises(RatingsImportRefused) as caught:
        import_ratings(organization, YEAR, data, actor="test")
    return caught.value, time.process_time() - start


def test_rows_past_the_limit_are_refused(organization):
    rows = ([i, f"{900000 + i}", "Không Có", "", 80, "Hoàn thành tốt nhiệm vụ"] for i in range(1, 30_001))
    error, seconds = _refused(organization, workbook_with_sheet(rows_sheet(HEADER, rows), "Đảng viên"))
    assert error.codes == ["too_many_rows"]
    assert seconds < 60
    assert not MemberRating.objects.exists()


def test_only_the_first_100_problems_are_listed_then_how_many_more(organization):
    rows = [[i, f"{900000 + i}", "Không Có", "", 80, "Hoàn thành tốt nhiệm vụ"] for i in range(1, 301)]
    error, _seconds = _refused(organization, xlsx({"Đảng viên": [HEADER, *rows]}))
    assert len(error.issues) == 101
    assert error.codes[:100] == ["unknown_member"] * 100
    assert error.issues[-1].code == "more_issues"
    assert error.issues[-1].message.startswith("… và 200 lỗi khác chưa liệt kê")


def test_zip_bomb_is_refused_before_it_is_unpacked(organization):
    error, seconds = _refused(organization, workbook_with_sheet(whitespace_sheet(HEADER, 110), "Đảng viên"))
    assert error.codes == ["unpacked_too_large"]
    assert seconds < 1


def test_the_page_refuses_an_upload_over_the_limit(client, organization, role_users, settings):
    settings.DAIHOI_IMPORT_MAX_BYTES = 1000
    client.force_login(role_users["organizer"])
    url = reverse("targets:ratings_import", kwargs={"org_code": organization.code, "year": YEAR})
    r = client.post(url, {"file": SimpleUploadedFile("r.xlsx", b"x" * 3000)})
    assert r.status_code == 422
    assert "Tệp nặng 3 KB; chỉ nhập được tệp tối đa 1 KB." in r.content.decode()
