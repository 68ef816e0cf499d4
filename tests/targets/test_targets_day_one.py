"""Day one of a term: nothing recorded yet, so every target is "chưa có số liệu" — not met, not at risk."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from daihoi.core.targets import progress
from daihoi.targets import services
from daihoi.targets.tracking import progress_for

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_ONE = datetime(2025, 7, 1, 9, 0, tzinfo=HANOI)  # the congress has just adopted the 2025-2030 targets
NEXT_SPRING = datetime(2026, 3, 2, 9, 0, tzinfo=HANOI)  # 2025 is over; its yearly review not entered yet
T = services.TargetInput
TARGETS = [
    T("rated_good", "members", ">=", "90", "%", "annual", "90% đảng viên hoàn thành tốt nhiệm vụ"),
    T("rating", "organization", ">=", "good", "level", "annual", "Đảng bộ hoàn thành tốt nhiệm vụ"),
    T("admissions", "organization", ">=", "5", "count", "term", "kết nạp từ 5 đảng viên mới trở lên"),
    T("disciplined", "organization", "<=", "0", "count", "annual", "không có đảng viên bị kỷ luật"),
    T("charter_compliance", "members", ">=", "100", "%", "annual", "100% đảng viên chấp hành Điều lệ"),
    T("other", "organization", ">=", "80", "%", "annual", "80% đảng viên học tập nghị quyết"),
]
ENGLISH_STATUSES = ("at risk", "on track", "no data", "missed", "met ")


@pytest.fixture
def resolution(organization, members, role_users):
    return services.confirm_targets(
        organization, term="2025-2030", targets=TARGETS, actor=role_users["organizer"]
    )


def _dashboard(client, organization, role_users) -> str:
    client.force_login(role_users["organizer"])
    response = client.get(reverse("targets:dashboard", kwargs={"org_code": organization.code}))
    assert response.status_code == 200
    return unescape(response.content.decode())


def _summary(html: str) -> dict[str, int]:
    block = html[html.index('class="stats status-summary"') :].split("</ul>")[0]
    return {code: int(n) for code, n in re.findall(r'class="stat status-([a-z_]+)"><b>(\d+)</b>', block)}


def _badges(html: str) -> Counter[str]:
    return Counter(re.findall(r'<span class="status-badge status-([a-z_]+)">', html))


def _visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_day_one_every_target_has_no_data(resolution):
    items = progress_for(resolution, today=DAY_ONE.date())
    assert {tp.target.indicator: tp.status for tp in items} == {
        t.indicator: progress.NO_DATA for t in TARGETS
    }
    admissions = next(tp for tp in items if tp.target.indicator == "admissions")
    assert admissions.term is not None
    assert admissions.term.cumulative is None
    disciplined = next(tp for tp in items if tp.target.indicator == "disciplined")
    assert [c.actual for c in disciplined.whole.cells] == [None] * 5  # not five zeros


def test_day_one_dashboard_says_no_data_yet_and_counts_agree(client, organization, resolution, role_users):
    with time_machine.travel(DAY_ONE, tick=False):
        html = _dashboard(client, organization, role_users)
    assert _summary(html) == {"no_data": len(TARGETS)}
    assert _badges(html) == Counter({"no_data": len(TARGETS)})
    summary = _visible_text(html[html.index("status-summary") :].split("</ul>")[0])
    assert f"{len(TARGETS)} chưa có số liệu" in summary
    text = _visible_text(html)
    assert text.count("chưa có số liệu") >= len(TARGETS)
    assert "có nguy cơ" not in text
    badge_texts = re.findall(r'<span class="status-badge status-[a-z_]+">([^<]*)</span>', html)
    assert badge_texts == ["chưa có số liệu"] * len(TARGETS)
    assert 'class="cell-status"' not in html  # no year of any table says đạt / không đạt
    assert "không đạt" not in text


def test_a_closed_year_brings_real_verdicts_and_the_page_stays_vietnamese(
    client, organization, members, resolution, role_users
):
    """2025 is over: no admission that year puts the term total at risk; the discipline count of 2025 is a
    figure only once the year's review (the ratings) is entered."""
    with time_machine.travel(NEXT_SPRING, tick=False):
        statuses = {tp.target.indicator: tp.status for tp in progress_for(resolution)}
        assert statuses["admissions"] == progress.AT_RISK
        assert statuses["disciplined"] == progress.NO_DATA
        for m in members:
            services.set_member_rating(m, 2025, "good", actor="test")
        statuses = {tp.target.indicator: tp.status for tp in progress_for(resolution)}
        assert statuses["disciplined"] == progress.MET
        assert statuses["rated_good"] == progress.MET
        assert statuses["other"] == progress.NO_DATA
        html = _dashboard(client, organization, role_users)
    summary, badges = _summary(html), _badges(html)
    assert summary == dict(badges)  # the summary counts are the cards' badges
    assert summary == {"met": 3, "at_risk": 1, "no_data": 2}
    text = _visible_text(html)
    assert "1 có nguy cơ không đạt" in text
    for word in ENGLISH_STATUSES:
        assert word not in text, f"English status «{word}» on the Vietnamese page"


def test_a_count_chart_with_nothing_yet_has_no_repeated_axis_label(resolution):
    from daihoi.targets.charts import target_chart

    items = progress_for(resolution, today=DAY_ONE.date())
    chart = str(target_chart(next(tp for tp in items if tp.target.indicator == "disciplined")))
    ticks = re.findall(r'text-anchor="end" font-size="10"[^>]*>([^<]*)<', chart)
    assert ticks == ["0", "1"]
