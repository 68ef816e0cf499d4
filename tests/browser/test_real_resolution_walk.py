"""The issue's acceptance walk in Chromium with a real congress report that is not the seed: the news of
the 1st congress of Đảng bộ xã Ia Lâu (Gia Lai, 15/8/2025; tests/data/targets_devset/dev/xa-ia-lau-gl-2025,
source https://baogialai.com.vn, kept with its address). The organizer pastes it, reviews the proposal
(the past term's figures are not proposed), corrects one row and confirms every row by keyboard, saves,
types two years of the locality's figures, and reads the dashboard and the yearly report (page and PDF).
Screenshots in test-artifacts/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from test_targets_review_browser import _row_with  # the review page's row lookup, one copy

TEXT_FILE = Path(__file__).resolve().parents[1] / "data/targets_devset/dev/xa-ia-lau-gl-2025.txt"
GROWTH = "tốc độ tăng giá trị sản phẩm hằng năm đạt 7,3%"
POVERTY = "tỷ lệ hộ nghèo đa chiều giảm còn 1,34%"
BRANCHES = "90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên"


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_paste_a_real_report_review_confirm_type_two_years_and_read_the_results(
    live_server, login, shot, organization
):
    from daihoi.targets.models import Resolution, TargetActual

    text = TEXT_FILE.read_text(encoding="utf-8")
    page = login("organizer")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    base = f"{live_server.url}/t/{organization.code}"
    page.goto(base + "/extract/")
    page.fill("#source-text", text)
    page.click("#propose")
    page.wait_for_selector("#proposal-form.js")

    # The facts of this congress, and the new term's targets only: the past term's figures ("thu ngân
    # sách hằng năm tăng 8%", "giảm còn 5,84%") are in the text but proposed as nothing.
    assert page.input_value("input[name=f-organization]") == "Đảng bộ xã Ia Lâu"
    assert page.input_value("input[name=f-term]") == "2025-2030"
    quotes = page.eval_on_selector_all("textarea[name$='-quote']", "els => els.map(e => e.value)")
    assert not any("5,84" in q or "tăng 8%" in q for q in quotes), quotes
    for words in (GROWTH, POVERTY, BRANCHES, "3.900 tỷ đồng", "kết nạp đảng viên mới"):
        assert _row_with(page, words) >= 0, words
    poverty = _row_with(page, POVERTY)
    assert page.input_value(f"select[name=t-{poverty}-scope]") == "locality"
    assert page.input_value(f"select[name=t-{poverty}-comparator]") == "<="
    shot(page, "1-proposal")

    # The clerk's correction: the poverty rate is to be reached by the end of the term, not each year.
    page.select_option(f"select[name=t-{poverty}-period]", "term")
    count = page.locator("fieldset.target-row").count()
    for index in range(count):
        page.locator(f"fieldset.target-row[data-row='{index}']").focus()
        page.keyboard.press("Enter")
    assert page.locator("fieldset.target-row.confirmed").count() == count
    page.click("#confirm-targets")
    page.wait_for_load_state()
    assert page.locator(".error-box").count() == 0, page.inner_text(".error-box")
    page.wait_for_url(base + "/")
    resolution = Resolution.objects.get()
    assert (resolution.term_start, resolution.term_end) == (2025, 2030)
    assert resolution.targets.count() == count
    saved_poverty = resolution.targets.get(quote__contains="giảm còn 1,34%")
    assert (saved_poverty.comparator, saved_poverty.value_number, saved_poverty.period) == (
        "<=",
        Decimal("1.34"),
        "term",
    )

    # Two years of figures on the figures page.
    growth = resolution.targets.get(quote__contains="7,3%")
    page.goto(base + "/figures/")
    page.fill(f'input[name="a-{growth.pk}-2025"]', "7,6")
    page.fill(f'input[name="a-{growth.pk}-2026"]', "6,9")
    page.fill(f'input[name="a-{saved_poverty.pk}-2025"]', "4,2")
    page.fill(f'input[name="a-{saved_poverty.pk}-2026"]', "3,1")
    shot(page, "2-figures")
    page.click("form[action$='/figures/save/'] button[type=submit]")
    page.wait_for_url(base + "/figures/")
    assert TargetActual.objects.filter(target__resolution=resolution).count() == 4

    # The dashboard: the locality's indicators beside the Party-building targets, with units and verdicts.
    page.goto(base + "/")
    body = page.inner_text("main")
    assert body.index("Xây dựng Đảng") < body.index(BRANCHES[1:]) < body.index("Kinh tế - xã hội")
    assert "1. Tốc độ tăng giá trị sản phẩm" in body  # a quote opens its card with a capital
    growth_card = page.locator(".target-card", has_text=GROWTH[1:]).inner_text()
    assert "7,6%" in growth_card
    assert "6,9%" in growth_card
    assert "đạt" in growth_card
    poverty_card = page.locator(".target-card", has_text=POVERTY[1:]).inner_text()
    assert "≤ 1,34%" in poverty_card
    assert "Theo lộ trình" in poverty_card
    shot(page, "3-dashboard")

    # The yearly report of 2025: its page and its PDF carry the locality's figures and verdicts.
    page.goto(base + "/report/2025/")
    report = page.inner_text("main")
    assert "III. Các chỉ tiêu phát triển kinh tế - xã hội" in report
    assert GROWTH[1:] in report  # the report writes each target with a capital
    assert "7,6%" in report
    assert "4,2%" in report
    shot(page, "4-report-2025")
    with page.expect_download() as download:
        page.click("a[href$='/report/2025.pdf']")
    pdf = _pdf_text(Path(download.value.path()).read_bytes())
    assert "Kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội" in pdf
    assert "7,6%" in pdf
    assert "4,2%" in pdf
    assert not errors, errors
