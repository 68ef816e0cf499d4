"""In a browser: a commune's figures typed for two years on the figures page (money in triệu đồng, a
per-mille rate, the new-rural standing), a wrong one refused with everything typed kept, then the
dashboard. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest

INCOME = "Thu nhập bình quân đầu người đến năm 2030 đạt 86,4 triệu đồng"
BIRTH = "Tỷ lệ tăng dân số tự nhiên dưới 0,30‰"
RURAL = "Xã đạt chuẩn nông thôn mới nâng cao"


@pytest.mark.django_db(transaction=True)
def test_two_years_of_a_commune_s_figures(live_server, login, shot, organization, role_users):
    from daihoi.targets import services
    from daihoi.targets.models import TargetActual

    T = services.TargetInput
    resolution = services.confirm_targets(
        organization,
        term="2025-2030",
        actor=role_users["organizer"],
        targets=[
            T("other", "locality", ">=", "10", "%", "annual", "Tăng trưởng kinh tế hằng năm 10-12%"),
            T("other", "locality", "<=", "12", "%", "annual", "Tăng trưởng kinh tế hằng năm 10-12%"),
            T("other", "locality", ">=", "86400000", "VND", "term", INCOME),
            T("other", "locality", "<", "0,30", "‰", "annual", BIRTH),
            T("rating", "locality", ">=", "advanced_new_rural", "level", "term", RURAL),
        ],
    )
    growth, income, birth, rural = services.figure_targets(resolution)
    page = login("organizer")
    page.goto(f"{live_server.url}/t/{organization.code}/figures/")
    page.fill(f'input[name="a-{growth.pk}-2025"]', "10,8")
    page.fill(f'input[name="a-{growth.pk}-2026"]', "11,2")
    page.fill(f'input[name="a-{income.pk}-2025"]', "62,5")
    page.fill(f'input[name="a-{income.pk}-2026"]', "bảy mươi")  # wrong: words
    page.fill(f'input[name="a-{birth.pk}-2025"]', "0,28")
    page.select_option(f'select[name="a-{rural.pk}-2026"]', "new_rural")
    page.click("form[action$='/figures/save/'] button[type=submit]")
    errors = page.inner_text("#figure-errors")
    assert "bảy mươi" in errors
    assert "2026" in errors
    assert "Thu nhập bình quân" in errors
    assert page.input_value(f'input[name="a-{growth.pk}-2026"]') == "11,2"  # everything typed is kept
    assert page.input_value(f'select[name="a-{rural.pk}-2026"]') == "new_rural"
    assert TargetActual.objects.count() == 0
    shot(page, "refused")
    page.fill(f'input[name="a-{income.pk}-2026"]', "70")
    page.click("form[action$='/figures/save/'] button[type=submit]")
    page.wait_for_url(f"**/t/{organization.code}/figures/")
    assert TargetActual.objects.count() == 6
    row = page.inner_text(f"#figures-{income.pk}")
    assert "triệu đồng" in row
    assert page.input_value(f'input[name="a-{income.pk}-2026"]') == "70"
    shot(page, "saved")
    page.goto(f"{live_server.url}/t/{organization.code}/")
    body = page.inner_text("main")
    assert INCOME in body
    assert body.count("Tăng trưởng kinh tế hằng năm 10-12%") == 1  # one card for the range
    shot(page, "dashboard")
