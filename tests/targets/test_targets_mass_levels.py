"""The agency and mass organizations rated on either scale: "đoàn thể vững mạnh" (their own scale) or
"đoàn thể hoàn thành tốt nhiệm vụ" (the four levels), as real resolutions set both; a target is judged
on the ratings made on its own scale."""

from __future__ import annotations

from datetime import date

import pytest
from targets_helpers import xlsx

from daihoi.core.targets import progress
from daihoi.targets import services
from daihoi.targets.models import OrganizationRating
from daihoi.targets.ratings_io import import_ratings
from daihoi.targets.tracking import progress_for

pytestmark = pytest.mark.django_db
QUOTE = "Mặt trận Tổ quốc và các đoàn thể hằng năm đạt hoàn thành tốt nhiệm vụ trở lên"


@pytest.fixture
def resolution(organization, role_users):
    T = services.TargetInput
    return services.confirm_targets(
        organization,
        term="2025-2030",
        actor=role_users["organizer"],
        targets=[
            T("rating", "mass_organizations", ">=", "good", "level", "annual", QUOTE),
            T("rating", "mass_organizations", ">=", "strong", "level", "annual", "Các đoàn thể vững mạnh"),
        ],
    )


def _status(resolution, quote_start, year):
    tp = next(t for t in progress_for(resolution, date(2028, 1, 5)) if t.target.quote.startswith(quote_start))
    return next(c for c in tp.whole.cells if c.year == year)


def test_four_level_ratings_of_mass_organizations_judge_a_four_level_target(
    resolution, organization, role_users
):
    actor = role_users["organizer"]
    services.set_organization_rating(organization, 2025, "good", actor=actor, unit_name="Mặt trận Tổ quốc")
    services.set_organization_rating(organization, 2025, "excellent", actor=actor, unit_name="Hội Phụ nữ")
    services.set_organization_rating(organization, 2026, "good", actor=actor, unit_name="Mặt trận Tổ quốc")
    services.set_organization_rating(organization, 2026, "completed", actor=actor, unit_name="Hội Phụ nữ")
    assert {r.scheme_version for r in OrganizationRating.objects.exclude(unit_name="")} == {"qd366"}
    met, missed = _status(resolution, "Mặt trận", 2025), _status(resolution, "Mặt trận", 2026)
    assert (met.actual, met.status) == ("good", progress.MET)
    assert (missed.actual, missed.status) == ("completed", progress.MISSED)
    # The target on the other scale has no figure from these ratings (no verdict, not a wrong one).
    assert _status(resolution, "Các đoàn thể", 2025).status == progress.NO_DATA


def test_the_own_scale_still_judges_its_target(resolution, organization, role_users):
    actor = role_users["organizer"]
    services.set_organization_rating(organization, 2025, "strong", actor=actor, unit_name="Đoàn Thanh niên")
    assert OrganizationRating.objects.get(unit_name="Đoàn Thanh niên").scheme_version == "mass"
    assert _status(resolution, "Các đoàn thể", 2025).status == progress.MET


def test_the_import_takes_both_scales(organization, role_users):
    units = [
        ["Xếp loại"],
        [],
        ["STT", "Tên tổ chức", "Xếp loại"],
        [1, "Mặt trận Tổ quốc", "Hoàn thành tốt nhiệm vụ"],
        [2, "Đoàn Thanh niên", "Vững mạnh"],
    ]
    members = [["Xếp loại"], [], ["STT", "Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại"]]
    data = xlsx({"Đảng viên": members, "Đoàn thể": units})
    import_ratings(organization, 2025, data, actor=role_users["organizer"])
    saved = dict(OrganizationRating.objects.exclude(unit_name="").values_list("unit_name", "scheme_version"))
    assert saved == {"Mặt trận Tổ quốc": "qd366", "Đoàn Thanh niên": "mass"}
