from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from targets_helpers import xlsx

from daihoi.audit.models import AuditEntry
from daihoi.core.targets import progress
from daihoi.targets import services
from daihoi.targets.errors import RatingsImportRefused, TargetsError
from daihoi.targets.models import MemberRating, OrganizationRating, Resolution, Target
from daihoi.targets.ratings_io import import_ratings, parse_level, ratings_template
from daihoi.targets.tracking import progress_for

pytestmark = pytest.mark.django_db


def _inputs(text: str) -> tuple[dict, list[services.TargetInput]]:
    ex = services.propose(text)
    inputs = [
        services.TargetInput(
            t.indicator, t.scope, t.comparator, str(t.value), t.unit, t.period or "", t.quote
        )
        for t in ex.targets
    ]
    return ex.as_dict()["facts"], inputs


def test_confirm_seed_targets_is_audited_and_replaces(organization, role_users, seed_text):
    facts, inputs = _inputs(seed_text)
    res = services.confirm_targets(
        organization,
        term=facts["term"],
        targets=inputs,
        facts=facts,
        source_text=seed_text,
        actor=role_users["organizer"],
    )
    assert (res.term_start, res.term_end, res.congress_number) == (2020, 2025, 10)
    assert res.targets.count() == 7
    assert res.targets.get(indicator="admissions").value == Decimal(5)
    assert res.targets.get(indicator="rating", scope="branches").value == "good"
    entry = AuditEntry.objects.get(action="targets.resolution.confirmed")
    assert entry.data["targets"] == 7
    services.confirm_targets(
        organization, term="2020-2025", targets=inputs[:2], actor=role_users["organizer"]
    )
    assert Resolution.objects.count() == 1
    assert Target.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"indicator": "nope"}, "bad_indicator"),
        ({"value": "abc"}, "bad_value"),
        ({"value": "120"}, "percent_over_100"),
        ({"unit": "level", "value": "best"}, "bad_level"),
        ({"comparator": "=>"}, "bad_comparator"),
    ],
)
def test_confirm_refuses_bad_targets_with_codes(organization, role_users, change, code):
    base = {"indicator": "rated_good", "scope": "members", "comparator": ">=", "value": "90", "unit": "%"}
    with pytest.raises(TargetsError) as err:
        services.confirm_targets(
            organization,
            term="2020-2025",
            targets=[services.TargetInput(**(base | change))],
            actor=role_users["organizer"],
        )
    assert err.value.code == code
    assert not Resolution.objects.exists()


def test_bad_term(organization, role_users):
    with pytest.raises(TargetsError) as err:
        services.confirm_targets(organization, term="2025", targets=[], actor=role_users["organizer"])
    assert err.value.code == "bad_term"


def test_rating_level_checked_against_score(members, role_users):
    with pytest.raises(TargetsError) as err:
        services.set_member_rating(members[0], 2022, "excellent", "85", actor=role_users["organizer"])
    assert err.value.code == "level_above_score"
    r = services.set_member_rating(members[0], 2022, "good", "85,5", actor=role_users["organizer"])
    assert (r.score, r.scheme_version, r.branch_id) == (Decimal("85.5"), "qd366", members[0].branch_id)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Hoàn thành tốt nhiệm vụ", "good"),
        ("HTXSNV", "excellent"),
        ("hoàn thành", "completed"),
        ("Không hoàn thành nhiệm vụ", "not_completed"),
        ("Vững mạnh", "strong"),
        ("khá giỏi", None),
    ],
)
def test_parse_level(raw, code):
    assert parse_level(raw) == code


def _member_rows(members, levels, scores=None):
    rows = [["XẾP LOẠI"], [], ["STT", "Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại"]]
    for i, (m, lv) in enumerate(zip(members, levels, strict=True)):
        rows.append([i + 1, m.member_code, m.full_name, "", scores[i] if scores else None, lv])
    return rows


def test_import_is_all_or_nothing_and_names_row_column_value(organization, members, role_users):
    levels = ["Hoàn thành tốt nhiệm vụ"] * 10
    levels[3] = "Rất tốt"
    rows = _member_rows(members, levels)
    rows[7][1] = "9999"
    data = xlsx({"Đảng viên": rows})
    with pytest.raises(RatingsImportRefused) as err:
        import_ratings(organization, 2023, data, actor=role_users["organizer"])
    assert err.value.codes == ["bad_level", "unknown_member"]
    bad_level = err.value.issues[0]
    assert (bad_level.row, bad_level.column, bad_level.value) == (7, "Xếp loại", "Rất tốt")
    assert "7" in bad_level.message
    assert "Rất tốt" in bad_level.message
    assert not MemberRating.objects.exists()
    assert not AuditEntry.objects.filter(action="targets.ratings.imported").exists()


def test_import_good_file_with_branches_units_and_quota(organization, members, role_users):
    levels = ["Hoàn thành xuất sắc nhiệm vụ"] * 3 + ["Hoàn thành tốt nhiệm vụ"] * 6 + ["HTNV"]
    scores = [95, 92, 91, 80, 80, 80, 75, 75, 71, 60]
    branches = list(organization.children.order_by("code"))
    data = xlsx(
        {
            "Đảng viên": _member_rows(members, levels, scores),
            "Chi bộ": [
                [],
                [],
                ["STT", "Chi bộ", "Điểm", "Xếp loại"],
                [1, branches[0].name, 88, "HTTNV"],
                [2, branches[1].code, None, "Hoàn thành xuất sắc nhiệm vụ"],
                [3, organization.name, None, "HTTNV"],
            ],
            "Đoàn thể": [[], [], ["STT", "Tên tổ chức", "Xếp loại"], [1, "Công đoàn cơ quan", "Vững mạnh"]],
        }
    )
    result = import_ratings(organization, 2023, data, actor=role_users["organizer"])
    assert (result.members, result.branches, result.units) == (10, 3, 1)
    member_quota = next(q for q in result.quota if q.group == "members")
    assert (member_quota.result.excellent, member_quota.result.limit, member_quota.result.ok) == (3, 1, False)
    assert MemberRating.objects.filter(year=2023, level="excellent").count() == 3
    assert OrganizationRating.objects.get(organization=organization, unit_name="").level == "good"
    assert AuditEntry.objects.filter(action="targets.ratings.imported").count() == 1
    # Importing again updates in place.
    import_ratings(organization, 2023, data, actor=role_users["organizer"])
    assert MemberRating.objects.count() == 10


def test_template_round_trips(organization, members, role_users):
    services.set_member_rating(members[0], 2022, "good", 80, actor=role_users["organizer"])
    data = ratings_template(organization, 2022)
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Đảng viên", "Chi bộ", "Đoàn thể"]
    ws = wb["Đảng viên"]
    assert ws.cell(3, 2).value == "Số thẻ đảng viên"
    assert ws.cell(4, 2).value == members[0].member_code
    assert ws.cell(4, 6).value == "Hoàn thành tốt nhiệm vụ"
    with pytest.raises(RatingsImportRefused) as err:  # the other members have no level yet
        import_ratings(organization, 2022, data, actor=role_users["organizer"])
    assert set(err.value.codes) == {"level_required"}


def test_progress_admissions_and_ratings(organization, members, role_users, seed_text):
    _facts, inputs = _inputs(seed_text)
    res = services.confirm_targets(
        organization, term="2020-2025", targets=inputs, actor=role_users["organizer"]
    )
    for m in members[:9]:
        services.set_member_rating(m, 2021, "good", actor=role_users["organizer"])
    services.set_member_rating(members[9], 2021, "completed", actor=role_users["organizer"])
    services.record_discipline(
        members[9], decided_on=date(2021, 5, 1), form="reprimand", actor=role_users["organizer"]
    )
    rows = {t.target.indicator + ":" + t.target.scope: t for t in progress_for(res, today=date(2022, 6, 1))}
    good = rows["rated_good:members"]
    cell_2021 = good.whole.cells[1]
    assert (cell_2021.year, cell_2021.actual, cell_2021.status) == (2021, Decimal("90.00"), progress.MET)
    assert good.whole.cells[0].status == progress.NO_DATA
    assert len(good.rows) == 3  # whole + two branches
    branch_cells = {r.label: r.cells[1].actual for r in good.rows[1:]}
    assert sorted(branch_cells.values()) == [Decimal("80.00"), Decimal("100.00")]
    charter = rows["charter_compliance:members"].whole.cells[1]
    assert (charter.actual, charter.status) == (Decimal("90.00"), progress.MISSED)
    adm = rows["admissions:organization"]
    assert adm.term.cumulative == Decimal(2)
    # 2 admissions in 2 closed years (2020, 2021) -> 1/year × 5 = 5: on track
    assert (adm.term.forecast, adm.status) == (Decimal(5), progress.ON_TRACK)
