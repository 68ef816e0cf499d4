"""A real resolution's targets tracked: ranges, the locality's figures (typed or imported from the
statistics workbook) against the trajectory, level targets in their own scheme."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from targets_helpers import xlsx

from daihoi.audit.models import AuditEntry
from daihoi.core.targets import progress
from daihoi.targets import figures_io, services
from daihoi.targets.errors import RatingsImportRefused
from daihoi.targets.models import Target, TargetActual
from daihoi.targets.tracking import progress_for

pytestmark = pytest.mark.django_db
D = Decimal
T = services.TargetInput
GROWTH = "Tốc độ tăng trưởng kinh tế bình quân hằng năm 10-12%"
INCOME = "thu nhập bình quân đầu người đến năm 2030 đạt 86,4 triệu đồng"
POVERTY = "tỷ lệ hộ nghèo giảm còn 0,23%"
RURAL = "xã đạt chuẩn nông thôn mới nâng cao"


def url(org, name, **kw):
    return reverse("targets:" + name, kwargs={"org_code": org.code, **kw})


@pytest.fixture
def resolution(organization, role_users):
    return services.confirm_targets(
        organization,
        term="2025-2030",
        actor=role_users["organizer"],
        targets=[
            T("rated_good", "members", ">=", "90", "%", "annual", "90% đảng viên hoàn thành tốt nhiệm vụ"),
            T("other", "locality", ">=", "10", "%", "annual", GROWTH),
            T("other", "locality", "<=", "12", "%", "annual", GROWTH),
            T("other", "locality", ">=", "86400000", "VND", "term", INCOME),
            T("other", "locality", "<=", "0,23", "%", "term", POVERTY),
            T("rating", "locality", ">=", "advanced_new_rural", "level", "term", RURAL),
            T(
                "rating",
                "mass_organizations",
                ">=",
                "strong",
                "level",
                "annual",
                "MTTQ và các đoàn thể vững mạnh",
            ),
        ],
    )


def by_quote(resolution, quote, comparator=None):
    qs = resolution.targets.filter(quote=quote)
    return qs.get(comparator=comparator) if comparator else qs.get()


# ------------------------------------------------------------------------------------------ ranges
def test_confirm_pairs_a_range_once_audited(resolution):
    lower, upper = by_quote(resolution, GROWTH, ">="), by_quote(resolution, GROWTH, "<=")
    assert upper.range_lower == lower
    assert lower.range_lower is None
    assert Target.objects.filter(range_lower__isnull=False).count() == 1
    entries = AuditEntry.objects.filter(action="targets.resolution.confirmed")
    assert entries.count() == 1
    assert entries.get().data["ranges"] == 1


def test_a_range_is_one_card_met_inside_both_bounds(resolution, role_users):
    lower = by_quote(resolution, GROWTH, ">=")
    services.save_figures(
        resolution,
        {(lower.pk, 2025): "11,2", (lower.pk, 2026): "12,5", (lower.pk, 2027): "9"},
        actor=role_users["organizer"],
    )
    items = progress_for(resolution, today=date(2028, 6, 1))
    growth = [tp for tp in items if tp.target.quote == GROWTH]
    assert len(growth) == 1
    (tp,) = growth
    assert tp.upper == by_quote(resolution, GROWTH, "<=")
    assert (tp.goal_text, tp.kind) == ("10–12%", "locality")
    statuses = {c.year: c.status for c in tp.whole.cells}
    assert statuses[2025] == progress.MET
    assert statuses[2026] == progress.MISSED  # above the range
    assert statuses[2027] == progress.MISSED
    assert statuses[2028] == progress.NO_DATA
    assert tp.status == progress.MISSED


# ------------------------------------------------------------------------------------- trajectory
def test_income_follows_the_line_to_the_term_end(resolution, role_users):
    income = by_quote(resolution, INCOME)
    services.save_figures(
        resolution,
        {(income.pk, 2025): "60", (income.pk, 2026): "70.000.000", (income.pk, 2027): "70,5 triệu"},
        actor=role_users["organizer"],
    )
    stored = dict(TargetActual.objects.filter(target=income).values_list("year", "value_number"))
    assert stored == {2025: D(60_000_000), 2026: D(70_000_000), 2027: D(70_500_000)}
    tp = next(tp for tp in progress_for(resolution, today=date(2028, 3, 1)) if tp.target == income)
    assert tp.goal_text == "≥ 86,4 triệu đồng"
    assert tp.kind == "locality"
    line = dict(tp.trajectory)  # to the target in 2030, the year the resolution names
    assert sorted(line) == [2025, 2026, 2027, 2028, 2029, 2030]
    assert (line[2025], line[2027], line[2030]) == (D(60_000_000), D(70_560_000), D(86_400_000))
    statuses = {c.year: c.status for c in tp.whole.cells}
    assert statuses[2026] == progress.ON_TRACK  # 70 ≥ 65,28
    assert statuses[2027] == progress.AT_RISK  # 70,5 < 70,56
    assert statuses[2028] == progress.NO_DATA
    assert tp.status == progress.AT_RISK
    over = next(tp for tp in progress_for(resolution, today=date(2031, 1, 1)) if tp.target == income)
    assert over.status == progress.MISSED  # the term is over short of the target


def test_poverty_goes_down_to_its_target(resolution, role_users):
    poverty = by_quote(resolution, POVERTY)
    services.save_figures(
        resolution, {(poverty.pk, 2025): "2,23", (poverty.pk, 2027): "1,1"}, actor=role_users["organizer"]
    )
    tp = next(tp for tp in progress_for(resolution, today=date(2028, 1, 1)) if tp.target == poverty)
    assert tp.goal_text == "≤ 0,23%"
    assert dict(tp.trajectory)[2027] == D("1.43")
    assert {c.year: c.status for c in tp.whole.cells}[2027] == progress.ON_TRACK
    services.save_figures(resolution, {(poverty.pk, 2029): "0,2"}, actor=role_users["organizer"])
    tp = next(tp for tp in progress_for(resolution, today=date(2030, 1, 1)) if tp.target == poverty)
    assert tp.status == progress.MET


def test_a_base_figure_starts_the_line(organization, role_users):
    res = services.confirm_targets(
        organization,
        term="2025-2030",
        actor=role_users["organizer"],
        targets=[T("other", "locality", ">=", "80", "%", "term", "tỷ lệ hộ dùng nước sạch đạt 80%", "60")],
    )
    target = res.targets.get()
    tp = progress_for(res, today=date(2025, 6, 1))[0]
    assert tp.trajectory[0] == (2025, D(60))
    assert tp.status == progress.NO_DATA
    services.save_figures(res, {(target.pk, 2026): "63"}, actor=role_users["organizer"])
    tp = progress_for(res, today=date(2027, 1, 1))[0]
    assert tp.status == progress.AT_RISK  # the line is at 64 in 2026
    assert tp.goal_text == "≥ 80%"  # not "80% of 60": a locality's base is where it starts


# ------------------------------------------------------------------------------------------ levels
def test_new_rural_standing_by_the_typed_level(resolution, role_users):
    rural = by_quote(resolution, RURAL)
    with pytest.raises(services.FiguresRefused):
        services.save_figures(resolution, {(rural.pk, 2026): "good"}, actor=role_users["organizer"])
    services.save_figures(resolution, {(rural.pk, 2026): "new_rural"}, actor=role_users["organizer"])
    tp = next(tp for tp in progress_for(resolution, today=date(2027, 1, 1)) if tp.target == rural)
    assert (tp.kind, tp.goal_text, tp.status) == ("locality", "≥ Nông thôn mới nâng cao", progress.AT_RISK)
    services.save_figures(
        resolution, {(rural.pk, 2027): "Nông thôn mới kiểu mẫu"}, actor=role_users["organizer"]
    )
    tp = next(tp for tp in progress_for(resolution, today=date(2028, 1, 1)) if tp.target == rural)
    assert tp.status == progress.MET
    assert {c.year: c.status for c in tp.whole.cells}[2027] == progress.MET


def test_mass_organizations_level_is_a_level_card(resolution, role_users):
    mass = by_quote(resolution, "MTTQ và các đoàn thể vững mạnh")
    services.save_figures(
        resolution, {(mass.pk, 2025): "strong", (mass.pk, 2026): "fair"}, actor=role_users["organizer"]
    )
    tp = next(tp for tp in progress_for(resolution, today=date(2027, 1, 1)) if tp.target == mass)
    assert tp.kind == "level"
    assert [c.status for c in tp.whole.cells][:2] == [progress.MET, progress.MISSED]


def test_party_targets_are_party_cards(resolution):
    kinds = {tp.target.indicator: tp.kind for tp in progress_for(resolution, today=date(2026, 1, 1))}
    assert kinds["rated_good"] == "party"


# ------------------------------------------------------------------------------------------ figures
def test_figure_targets_skip_the_range_upper_bound(resolution):
    quotes = [t.quote for t in services.figure_targets(resolution)]
    assert quotes.count(GROWTH) == 1
    assert "90% đảng viên hoàn thành tốt nhiệm vụ" not in quotes  # computed from the ratings
    assert len(quotes) == 5


def test_one_wrong_figure_saves_nothing_and_names_it(resolution, role_users):
    income, poverty = by_quote(resolution, INCOME), by_quote(resolution, POVERTY)
    with pytest.raises(services.FiguresRefused) as refused:
        services.save_figures(
            resolution,
            {(poverty.pk, 2025): "2,1", (income.pk, 2026): "nhiều", (income.pk, 2027): "1,5 tỷ tỷ"},
            actor=role_users["organizer"],
        )
    assert TargetActual.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="targets.actual").exists()
    texts = [i.text for i in refused.value.issues]
    assert len(texts) == 2
    assert "2026" in texts[0]
    assert "nhiều" in texts[0]
    assert "thu nhập bình quân" in texts[0]
    assert [(i.year, i.value) for i in refused.value.issues] == [(2026, "nhiều"), (2027, "1,5 tỷ tỷ")]


@pytest.mark.parametrize("raw", ["1e30", "99999999999999999999", "0,305", "NaN", "12%"])
def test_figures_that_do_not_fit_are_refused(resolution, role_users, raw):
    poverty = by_quote(resolution, POVERTY)
    with pytest.raises(services.FiguresRefused):
        services.save_figures(resolution, {(poverty.pk, 2025): raw}, actor=role_users["organizer"])
    assert TargetActual.objects.count() == 0


def test_each_changed_figure_is_audited_and_an_emptied_one_removed(resolution, role_users):
    poverty = by_quote(resolution, POVERTY)
    actor = role_users["organizer"]
    assert (
        services.save_figures(resolution, {(poverty.pk, 2025): "2,1", (poverty.pk, 2026): "1,9"}, actor=actor)
        == 2
    )
    assert (
        services.save_figures(resolution, {(poverty.pk, 2025): "2,1", (poverty.pk, 2026): ""}, actor=actor)
        == 1
    )
    assert list(TargetActual.objects.values_list("year", flat=True)) == [2025]
    actions = list(
        AuditEntry.objects.filter(action__startswith="targets.actual").values_list("action", flat=True)
    )
    assert sorted(actions) == ["targets.actual.cleared", "targets.actual.set", "targets.actual.set"]


# ------------------------------------------------------------------------------------------ import
def _filled_template(resolution, values: dict[tuple[str, int], object]) -> bytes:
    """The downloaded template with cells filled: (quote, year) -> value."""
    wb = load_workbook(io.BytesIO(figures_io.figures_template(resolution)))
    ws = wb[figures_io.SHEET]
    header = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        for (quote, year), value in values.items():
            if row[2].value == quote:
                row[header.index(year)].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_lists_the_typed_targets_with_their_units(resolution):
    ws = load_workbook(io.BytesIO(figures_io.figures_template(resolution)))[figures_io.SHEET]
    assert [c.value for c in ws[3]] == ["STT", "Mã", "Chỉ tiêu", "Đơn vị", 2025, 2026, 2027, 2028, 2029, 2030]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    units = {r[2]: r[3] for r in rows}
    assert units[INCOME] == "triệu đồng"
    assert units[POVERTY] == "%"
    assert [r[2] for r in rows].count(GROWTH) == 1
    assert ws.column_dimensions["B"].hidden


def test_import_writes_every_figure_with_one_audit_entry(resolution, role_users):
    data = _filled_template(
        resolution,
        {
            (INCOME, 2025): 60.5,  # in the row's unit: triệu đồng
            (INCOME, 2026): "70,2 triệu",
            (INCOME, 2027): 71000000,
            (POVERTY, 2025): "2,23",
            (RURAL, 2026): "Nông thôn mới nâng cao",
            (GROWTH, 2025): 11.5,
        },
    )
    count = figures_io.import_figures(
        resolution, data, actor=role_users["organizer"], filename="so-lieu.xlsx"
    )
    assert count == 6
    income = by_quote(resolution, INCOME)
    assert dict(TargetActual.objects.filter(target=income).values_list("year", "value_number")) == {
        2025: D(60_500_000),
        2026: D(70_200_000),
        2027: D(71_000_000),
    }
    assert set(TargetActual.objects.values_list("source", flat=True)) == {"imported"}
    assert TargetActual.objects.get(target=by_quote(resolution, RURAL)).value_level == "advanced_new_rural"
    entry = AuditEntry.objects.get(action="targets.actuals.imported")
    assert entry.data == {"term": "2025 - 2030", "figures": 6, "targets": 4, "file": "so-lieu.xlsx"}
    # the template made afterwards carries the figures, in the row's unit
    ws = load_workbook(io.BytesIO(figures_io.figures_template(resolution)))[figures_io.SHEET]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[2] == INCOME)
    assert row[4:7] == (60.5, 70.2, 71)
    # The same workbook confirmed again (a double click, a second tab): nothing written, nothing logged.
    again = figures_io.import_figures(
        resolution, data, actor=role_users["organizer"], filename="so-lieu.xlsx"
    )
    assert again == 0
    assert AuditEntry.objects.filter(action="targets.actuals.imported").count() == 1


def test_rows_without_a_key_are_matched_by_their_number(resolution, role_users):
    targets = services.figure_targets(resolution)
    number = next(i for i, t in enumerate(targets, 1) if t.quote == POVERTY)
    data = xlsx(
        {"Số liệu": [["STT", "Mã", "Chỉ tiêu", "Đơn vị", 2025], [number, None, "hộ nghèo", "%", "1,5"]]}
    )
    assert figures_io.import_figures(resolution, data, actor=role_users["organizer"]) == 1
    assert TargetActual.objects.get().value_number == D("1.5")


def _refusal(resolution, data):
    with pytest.raises(RatingsImportRefused) as refused:
        figures_io.import_figures(resolution, data, actor=None)
    assert TargetActual.objects.count() == 0
    assert not AuditEntry.objects.filter(action="targets.actuals.imported").exists()
    return refused.value.issues


def test_every_wrong_cell_is_listed_and_nothing_written(resolution):
    data = _filled_template(
        resolution,
        {
            (INCOME, 2025): 60,
            (INCOME, 2026): "sáu mươi",
            (POVERTY, 2027): "0,305",
            (RURAL, 2026): "Hoàn thành tốt nhiệm vụ",
        },
    )
    issues = _refusal(resolution, data)
    assert [(i.code, i.sheet, i.column, i.value) for i in issues] == [
        ("bad_value", "Số liệu", "2026", "sáu mươi"),
        ("bad_value", "Số liệu", "2027", "0,305"),
        ("bad_level", "Số liệu", "2026", "Hoàn thành tốt nhiệm vụ"),
    ]
    assert all(i.row and i.row >= 4 for i in issues)
    assert "Dòng" in issues[0].message
    assert "sáu mươi" in issues[0].message


def test_unknown_keys_numbers_duplicates_and_years_are_refused(resolution):
    key = figures_io.target_key(services.figure_targets(resolution)[0])
    data = xlsx(
        {
            "Số liệu": [
                ["STT", "Mã", "Chỉ tiêu", "Đơn vị", 2025, 2031],
                [1, "9-deadbeef00", "x", "%", 1, None],
                [99, None, "y", "%", 1, None],
                [1, key, "z", "%", 1, None],
                [1, key, "z", "%", 2, None],
            ]
        }
    )
    codes = [i.code for i in _refusal(resolution, data)]
    assert codes == ["bad_year", "unknown_target", "unknown_target", "duplicate_target"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not a workbook", "bad_file"),
        (xlsx({"Số liệu": [["STT", "Mã", "Chỉ tiêu", "Đơn vị", 2025]]}), "empty_file"),
        (xlsx({"Số liệu": [["a", "b"], [1, 2]]}), "no_header"),
    ],
)
def test_files_that_cannot_be_read(resolution, data, code):
    assert [i.code for i in _refusal(resolution, data)] == [code]


@override_settings(DAIHOI_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(resolution):
    assert [i.code for i in _refusal(resolution, _filled_template(resolution, {}))] == ["file_too_large"]


@override_settings(DAIHOI_IMPORT_MAX_ROWS=3)
def test_a_sheet_over_the_row_limit_is_refused(resolution):
    rows = [["STT", "Mã", "Chỉ tiêu", "Đơn vị", 2025]] + [[i, None, "x", "%", 1] for i in range(1, 30)]
    assert [i.code for i in _refusal(resolution, xlsx({"Số liệu": rows}))] == ["too_many_rows"]


# ------------------------------------------------------------------------------------------ pages
def test_figures_page_units_levels_and_one_range_row(client, resolution, role_users):
    client.force_login(role_users["organizer"])
    html = client.get(url(resolution.organization, "actuals")).content.decode()
    assert html.count(GROWTH) == 1
    assert "triệu đồng" in html
    assert "10–12%" in html
    assert "≥\xa086,4\xa0triệu\xa0đồng" in html  # the goal on one line
    rural = by_quote(resolution, RURAL)
    select = html.split(f'name="a-{rural.pk}-2025"')[1].split("</select>")[0]
    assert "Nông thôn mới nâng cao" in select
    assert "Hoàn thành tốt nhiệm vụ" not in select
    for word in ("locality", "VND", "None", "&gt;="):
        assert word not in html


def test_a_refused_submit_keeps_what_was_typed(client, resolution, role_users):
    client.force_login(role_users["organizer"])
    income, poverty = by_quote(resolution, INCOME), by_quote(resolution, POVERTY)
    response = client.post(
        url(resolution.organization, "actuals_save"),
        {f"a-{income.pk}-2025": "60", f"a-{poverty.pk}-2026": "hai phẩy"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="60"' in html
    assert 'value="hai phẩy"' in html
    assert "2026" in html
    assert "tỷ lệ hộ nghèo" in html
    assert TargetActual.objects.count() == 0
    ok = client.post(url(resolution.organization, "actuals_save"), {f"a-{income.pk}-2025": "60"})
    assert ok.status_code == 302
    html = client.get(url(resolution.organization, "actuals")).content.decode()
    assert f'name="a-{income.pk}-2025" aria-label="2025" value="60"' in html  # shown in triệu đồng


def test_import_preview_then_confirm(client, resolution, role_users):
    org = resolution.organization
    client.force_login(role_users["organizer"])
    template = client.get(url(org, "actuals_template"))
    assert template["Content-Disposition"] == f'attachment; filename="so-lieu-{org.code}-2025-2030.xlsx"'
    data = _filled_template(resolution, {(INCOME, 2025): 60, (POVERTY, 2025): 2.23})
    upload = io.BytesIO(data)
    upload.name = "so-lieu.xlsx"
    preview = client.post(url(org, "actuals_import"), {"file": upload})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "60 triệu đồng" in html
    assert "2,23%" in html
    assert TargetActual.objects.count() == 0  # nothing before the confirmation
    assert client.post(url(org, "actuals_import_confirm")).status_code == 302
    assert TargetActual.objects.count() == 2
    assert AuditEntry.objects.filter(action="targets.actuals.imported").count() == 1
    # the pending import is used once
    client.post(url(org, "actuals_import_confirm"))
    assert AuditEntry.objects.filter(action="targets.actuals.imported").count() == 1


def test_import_refusal_page_lists_the_cells(client, resolution, role_users):
    client.force_login(role_users["organizer"])
    upload = io.BytesIO(_filled_template(resolution, {(INCOME, 2026): "abc"}))
    upload.name = "x.xlsx"
    response = client.post(url(resolution.organization, "actuals_import"), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-code="bad_value"' in html
    assert "abc" in html
    assert client.post(url(resolution.organization, "actuals_import_confirm")).status_code == 302
    assert TargetActual.objects.count() == 0


def test_dashboard_report_and_workbook_render_the_new_targets(client, resolution, role_users):
    """Not the display's work (charts, report): only that the new fields and units break nothing."""
    lower, income = by_quote(resolution, GROWTH, ">="), by_quote(resolution, INCOME)
    rural = by_quote(resolution, RURAL)
    services.save_figures(
        resolution,
        {(lower.pk, 2025): "11", (income.pk, 2025): "60", (rural.pk, 2025): "new_rural"},
        actor=role_users["organizer"],
    )
    client.force_login(role_users["observer"])
    org = resolution.organization
    dashboard = client.get(url(org, "dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.content.decode().count(f'id="target-{lower.pk}"') == 1
    assert f'id="target-{by_quote(resolution, GROWTH, "<=").pk}"' not in dashboard.content.decode()
    assert client.get(url(org, "report", year=2025)).status_code == 200
    assert client.get(url(org, "data_download")).status_code == 200
    assert client.get(url(org, "report_download", year=2025, fmt="docx")).status_code == 200


def test_a_locality_figure_of_the_terms_last_year_is_kept_and_judged(resolution, role_users):
    """ "đến năm 2030": the 2030 figure is typed and it decides the target, though 2030 is no rating year."""
    income = next(t for t in resolution.targets.all() if t.unit == "VND")
    assert 2030 not in resolution.years
    assert 2030 in resolution.figure_years
    services.save_figures(resolution, {(income.pk, 2030): "200 triệu"}, actor=role_users["organizer"])
    tp = next(t for t in progress_for(resolution, date(2031, 1, 10)) if t.target.pk == income.pk)
    assert [c.year for c in tp.whole.cells][-1] == 2030
    assert tp.whole.cells[-1].actual == Decimal(200_000_000)
    assert tp.status == progress.MET
