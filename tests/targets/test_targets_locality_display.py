"""The dashboard, the yearly report (page, Word, PDF) and the data workbook show what a commune's real
resolution holds: locality indicators in đồng, ‰, %, ha and households, a range, a new-rural level, a
term target with its path to the term's end, beside the Party-building targets."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from daihoi.targets.models import Resolution, Target, TargetActual

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

INCOME = "Thu nhập bình quân đầu người đến năm 2025 đạt 86,4 triệu đồng/người/năm"
GROWTH = "Tốc độ tăng trưởng giá trị sản xuất bình quân hằng năm đạt 10-12%"
POPULATION = "Tỷ lệ tăng dân số tự nhiên hằng năm không quá 0,3‰"
RICE = "Giữ ổn định diện tích gieo trồng lúa hằng năm 1.200 ha"
FAMILIES = "Hằng năm có từ 2.150 hộ đạt danh hiệu gia đình văn hóa trở lên"
NEW_RURAL = "Xã đạt chuẩn nông thôn mới nâng cao"
GOOD = "Hằng năm có 90% đảng viên hoàn thành tốt nhiệm vụ trở lên"


def _target(res, position, indicator, scope, comparator, value, unit, period, quote, **kw):
    level = isinstance(value, str)
    return Target.objects.create(
        resolution=res,
        position=position,
        indicator=indicator,
        scope=scope,
        comparator=comparator,
        value_number=None if level else Decimal(str(value)),
        value_level=value if level else "",
        unit=unit,
        period=period,
        quote=quote,
        **kw,
    )


@pytest.fixture
def commune(organization):
    """A term 2020 - 2025 (every year closed) with Party and locality targets and two years of figures."""
    res = Resolution.objects.create(
        organization=organization, congress_number=15, term_start=2020, term_end=2025
    )
    good = _target(res, 1, "rated_good", "members", ">=", 90, "%", "annual", GOOD)
    income = _target(res, 2, "other", "locality", ">=", 86400000, "VND", "term", INCOME)
    low = _target(res, 3, "other", "locality", ">=", 10, "%", "annual", GROWTH)
    high = _target(res, 4, "other", "locality", "<=", 12, "%", "annual", GROWTH, range_lower=low)
    population = _target(res, 5, "other", "locality", "<=", Decimal("0.3"), "‰", "annual", POPULATION)
    rice = _target(res, 6, "other", "locality", ">=", 1200, "ha", "annual", RICE)
    families = _target(res, 7, "other", "locality", ">=", 2150, "households", "annual", FAMILIES)
    new_rural = _target(res, 8, "rating", "locality", ">=", "advanced_new_rural", "level", "term", NEW_RURAL)
    figures = {
        income: ("60000000", "66500000"),
        low: ("11.2", "9.5"),
        population: ("0.28", "0.31"),
        rice: ("1210", "1185.5"),
        families: ("2180", "2120"),
    }
    for target, (y2021, y2022) in figures.items():
        for year, value in ((2021, y2021), (2022, y2022)):
            TargetActual.objects.create(target=target, year=year, value_number=Decimal(value))
    TargetActual.objects.create(target=new_rural, year=2021, value_level="new_rural")
    TargetActual.objects.create(target=new_rural, year=2022, value_level="advanced_new_rural")
    return {"resolution": res, "good": good, "income": income, "low": low, "high": high}


def _text_of(html: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _card(html: str, target: Target) -> str:
    start = html.index(f'id="target-{target.pk}"')
    return html[start : html.index("</section>", start)]


def test_progress_carries_the_display_contract(commune):
    from daihoi.targets.tracking import progress_for

    items = {tp.target.pk: tp for tp in progress_for(commune["resolution"])}
    assert commune["high"].pk not in items  # the upper bound is shown with its lower bound
    growth = items[commune["low"].pk]
    assert growth.upper == commune["high"]
    assert growth.goal_text == "10–12%"
    assert (items[commune["good"].pk].kind, growth.kind) == ("party", "locality")
    income = items[commune["income"].pk]
    assert income.goal_text == "≥ 86,4 triệu đồng"
    # The straight path from the first figure (2021: 60 million) to 86,4 million at the term's end.
    assert income.trajectory[0] == (2021, Decimal("60000000.00"))
    assert dict(income.trajectory)[2022] == Decimal("66600000.00")
    assert income.trajectory[-1] == (2025, Decimal("86400000.00"))
    assert growth.trajectory == []  # a yearly target has no path


def test_dashboard_groups_and_shows_units_ranges_levels_and_the_path(
    client, organization, role_users, commune
):
    client.force_login(role_users["observer"])
    html = client.get(reverse("targets:dashboard", kwargs={"org_code": organization.code})).content.decode()
    text = _text_of(html)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "targets-dashboard-locality.html").write_text(html, encoding="utf-8")
    party, locality = text.index("Xây dựng Đảng"), text.index("Kinh tế - xã hội")
    assert party < text.index(GOOD) < locality < text.index(INCOME)
    # The locality's figures run to the term's last year: its yearly report is offered too.
    last = reverse("targets:report", kwargs={"org_code": organization.code, "year": 2025})
    assert f'href="{last}"' in html

    income = _text_of(_card(html, commune["income"]))
    assert "Chỉ tiêu: ≥ 86,4 triệu đồng (đến năm 2025)" in income
    assert "60 triệu đồng" in income
    assert "66,5 triệu đồng" in income
    assert "Theo lộ trình đến chỉ tiêu" in income
    assert "66,6 triệu đồng" in income
    assert "Đơn vị: triệu đồng" in income  # the chart's bars are written in millions
    assert "<polyline" in _card(html, commune["income"])  # the path drawn to the target

    growth_html = _card(html, commune["low"])
    growth = _text_of(growth_html)
    assert "Chỉ tiêu: 10–12% (hằng năm)" in growth
    assert "khoảng chỉ tiêu 10–12%" in growth  # the chart's band, in its legend
    assert "11,2%" in growth
    assert "9,5%" in growth
    assert "đạt 1/2 năm" in growth  # met in 1 of the 2 years with a figure
    assert f'id="target-{commune["high"].pk}"' not in html  # no card of its own for the upper bound

    assert "0,28‰" in text
    assert "0,31‰" in text
    assert "≤ 0,3‰" in text
    assert "1.185,5 ha" in text
    assert "≥ 1.200 ha" in text
    assert "2.120 hộ" in text
    assert "≥ 2.150 hộ" in text
    new_rural = _text_of(html[html.index(NEW_RURAL) :])
    assert "Chỉ tiêu: ≥ Nông thôn mới nâng cao" in new_rural
    strip = html[html.index(NEW_RURAL) :]
    assert ">NTM-NC</abbr>" in strip  # the level strip and table, as for the Party ratings
    assert ">NTM</abbr>" in strip  # 2021: the new-rural standard only

    for word in ("locality", "VND", "None", ">=", "<=", "households", "advanced_new_rural", "Other figure"):
        assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word


def _docx_text(data: bytes) -> str:
    from docx import Document as Docx

    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [" | ".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_yearly_report_has_the_locality_section(client, organization, role_users, commune):
    client.force_login(role_users["observer"])
    kw = {"org_code": organization.code, "year": 2022}
    page = _text_of(client.get(reverse("targets:report", kwargs=kw)).content.decode())
    docx = client.get(reverse("targets:report_download", kwargs={**kw, "fmt": "docx"})).content
    pdf = client.get(reverse("targets:report_download", kwargs={**kw, "fmt": "pdf"})).content
    docx_text = _docx_text(docx)
    pdf_text = " ".join(_pdf_text(pdf).split())
    for text in (page, docx_text, pdf_text):
        assert "xây dựng Đảng" in text
        assert "kinh tế - xã hội" in text
        assert "66,5 triệu đồng" in text
        assert "66,6 triệu đồng" in text  # the year's figure on the path to 86,4 million
        assert "9,5%" in text
        assert "10-12%" in text
        assert "0,31‰" in text
        assert "1.185,5 ha" in text
        assert "2.120 hộ" in text
        assert "Nông thôn mới nâng cao" in text
        for word in ("locality", "VND", "None", ">=", "households", "advanced_new_rural", "Other figure"):
            assert word not in text, word
    # The Party-building table comes before the locality one, each target once.
    assert docx_text.index(GOOD) < docx_text.index(INCOME)
    assert docx_text.count(GROWTH) == 1
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "targets-report-locality-2022.pdf").write_bytes(pdf)


def test_data_workbook_has_units_bounds_and_locality_figures(commune):
    from daihoi.documents.xlsx import read_xlsx, write_xlsx
    from daihoi.targets.exports import data_sheets

    sheets = read_xlsx(write_xlsx(data_sheets(commune["resolution"])))
    targets = sheets["Chỉ tiêu"]
    head = targets[0]
    growth = next(r for r in targets[1:] if r[head.index("Chỉ tiêu")] == GROWTH)
    assert growth[head.index("Mức")] == 10
    assert growth[head.index("Cận trên")] == 12
    assert growth[head.index("Đơn vị tính")] == "%"
    assert growth[head.index("Chỉ tiêu (số liệu)")] == "10–12%"
    assert growth[head.index("Nhóm")] == "Kinh tế - xã hội"
    assert len([r for r in targets[1:] if r[head.index("Chỉ tiêu")] == GROWTH]) == 1
    income = next(r for r in targets[1:] if r[head.index("Chỉ tiêu")] == INCOME)
    assert income[head.index("Đơn vị tính")] == "đồng"
    assert income[head.index("Mức")] == 86400000

    progress = sheets["Tiến độ"]
    head = progress[0]
    income = next(r for r in progress[1:] if r[1] == INCOME)
    assert income[head.index("Đơn vị tính")] == "đồng"
    assert income[head.index("Thực hiện 2022")] == 66500000
    assert income[head.index("Lộ trình 2022")] == 66600000
    population = next(r for r in progress[1:] if r[1] == POPULATION)
    assert population[head.index("Đơn vị tính")] == "‰"
    assert population[head.index("Thực hiện 2022")] == pytest.approx(0.31)
    level = next(r for r in progress[1:] if r[1] == NEW_RURAL)
    assert level[head.index("Thực hiện 2022")] == "Nông thôn mới nâng cao"
    every = " ".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)
    for code in ("locality", "VND", "households", "advanced_new_rural", "None"):
        assert code not in every, code
