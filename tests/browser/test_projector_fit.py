"""The projector shows every election result whole, at a 4:3 projector's 1024×768 and a 16:9 1920×1080:
up to 15 names are scaled to the height left, more are shown a page at a time ("Trang 1/2", turning by
itself). Every candidate's row is inside the window and inside its panel on some page, rows never overlap,
names are never clipped and stay at least 14 px; an open vote in progress and the attendance strip fit too.

Screenshots: test-artifacts/test_*-<size>-...png.
"""

from __future__ import annotations

import datetime
import itertools
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from daihoi.congresses.figures import quorum

pytestmark = [pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"1024x768": {"width": 1024, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
MIN_FONT = {"1024x768": 14.0, "1920x1080": 24.0}  # px: 1.4% of the width, never under 14 px
PAGE_SECONDS = 8  # projector.js turns the page every 8 s
MAX_ROWS = 15  # beyond this a page would be too dense to read from the back of the hall

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thị Thanh", "Hữu", "Quốc", "Ngọc Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phượng", "Thảo"]
LONG_NAMES = ["Tôn Nữ Thị Hoàng Phương Thảo", "Nguyễn Huỳnh Thị Thanh Thủy"]  # real names run this long
# English words, status codes or Python values that must never reach the hall
ENGLISH = re.compile(
    r"\b(election|result|round|page|elected|alternate|complete|published|approved|base|votes?|quorum|"
    r"present|open|closed|in progress|agree|none|true|false)\b",
    re.IGNORECASE,
)


def _build_congress(organization: Any, members: int) -> Any:
    """A members' congress in session, every one of `members` official members present (D = members), and
    two probationary members (present, no vote: the strip says so)."""
    from daihoi.congresses import services as cs
    from daihoi.organizations.models import Gender, Member, MemberStatus, Organization

    branches = list(Organization.objects.filter(parent=organization).order_by("code"))
    for i in range(members):
        if i < len(LONG_NAMES):
            full = LONG_NAMES[i]
        else:
            full = f"{FAMILY[i % 12]} {MIDDLE[(i // 12) % 8]} {GIVEN[(i * 7 + i // 96) % 12]}"
        parts = full.split()
        Member.objects.create(
            organization=organization, branch=branches[i % len(branches)], member_code=f"pj{i:04d}",
            full_name=full, family_name=parts[0], middle_name=" ".join(parts[1:-1]), given_name=parts[-1],
            birth_date=datetime.date(1960 + i % 30, 1 + i % 12, 1 + i % 28),
            gender=Gender.FEMALE if "Thị" in parts else Gender.MALE, status=MemberStatus.OFFICIAL,
        )  # fmt: skip
    for i, (family, middle, given) in enumerate([("Lý", "Thị", "Yến"), ("Ngô", "Văn", "Tùng")]):
        Member.objects.create(
            organization=organization, branch=branches[0], member_code=f"pz{i:04d}",
            full_name=f"{family} {middle} {given}", family_name=family, middle_name=middle, given_name=given,
            birth_date=datetime.date(1995, 5, 5), gender=Gender.MALE, status=MemberStatus.PROBATIONARY,
        )  # fmt: skip
    congress = cs.create_congress(
        organization, number=10, term_start_year=2025, term_end_year=2030,
        starts_on=datetime.date(2025, 6, 16), place="Hội trường tỉnh",
    )  # fmt: skip
    cs.generate_convened_list(congress)
    congress = cs.convene_congress(congress)
    for n in range(1, members + 3):
        cs.check_in_delegate(congress, str(n))
    congress = cs.open_congress(congress)
    item = cs.add_agenda_item(
        congress,
        title="Bầu đoàn đại biểu đi dự Đại hội đại biểu Đảng bộ cấp trên nhiệm kỳ 2025–2030",
    )
    return cs.set_current_agenda_item(congress, item)


def _closed_vote(congress: Any, kind: str, **kwargs: Any) -> Any:
    from daihoi.congresses import services as cs

    vote = cs.create_open_vote(congress, kind=kind, **kwargs)
    cs.open_open_vote(vote)
    cs.record_open_vote(vote, agree=quorum(congress).voters_present, disagree=0)
    return cs.close_open_vote(vote)


def _counted_election(congress: Any, names: int) -> Any:
    """A delegation election with `names` candidates, counted by hand and announced: two thirds elected
    (votes from D down), one alternate from 11 names on, the rest under half of D."""
    from daihoi.elections import services
    from daihoi.organizations.models import Member

    voters = quorum(congress).voters_present
    seats, alternates = max(1, names * 2 // 3), (1 if names >= 11 else 0)
    election = services.create_election(congress, kind="delegates", seats=seats, alternates=alternates)
    for member in Member.objects.filter(organization=congress.organization).order_by("member_code")[:names]:
        services.nominate(election, member)
    rnd = services.approve_list(election, _closed_vote(congress, "ballot_list", election=election))
    rnd = services.set_aggregate(rnd, True)
    rnd = services.set_counts(rnd, issued=voters, returned=voters)
    votes = {}
    for rank, position in enumerate(range(1, names + 1)):
        if rank < seats:
            votes[position] = voters - rank // 2
        elif rank < seats + alternates:
            votes[position] = voters // 2 + 2
        else:
            votes[position] = (voters // 2 - 1) * (names - rank) // names  # under half of D, never < 0
    # A ballot keeps at most seats + alternates names: the losers share what the winners leave.
    budget = voters * (seats + alternates) - sum(votes[p] for p in range(1, seats + alternates + 1))
    for position in range(seats + alternates + 1, names + 1):
        votes[position] = min(votes[position], budget)
        budget -= votes[position]
    services.enter_totals(rnd, votes=votes, valid=voters, invalid={})
    rnd = services.close_round(rnd)
    assert rnd.result["status"] == "complete"
    assert len(rnd.result["elected"]) == seats
    assert len(rnd.result["alternates"]) == alternates
    return services.announce(election)


def _projector(chromium: Any, live_server: Any, size: str) -> Any:
    """A logged-in projector page (the observer's role) on Playwright's paused clock."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="observer"))
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=SIZES[size])
    context.set_default_timeout(15_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
                          "path": "/"}])  # fmt: skip
    page = context.new_page()
    # Time moves only when the test says so (the fragment's refresh, the pages turning every 8 s).
    page.clock.install()
    page.clock.pause_at(time.time() + 1)  # Python: seconds
    return page


BOXES = """() => {
  const box = el => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, right: r.right, bottom: r.bottom}; };
  const section = document.querySelector('.p-election');
  const rows = [...section.querySelectorAll('.p-bars li')].filter(li => li.offsetParent !== null);
  const pager = section.querySelector('.p-pager');
  return {
    section: box(section), stage: box(document.querySelector('.stage')),
    list: box(section.querySelector('.p-bars')),
    page: section.dataset.page, pages: section.dataset.pages,
    pager: pager && !pager.hidden ? {text: pager.textContent.trim(), box: box(pager)} : null,
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
    rows: rows.map(li => { const name = li.querySelector('.p-bar-name');
      return {id: li.dataset.candidate, box: box(li), name: box(name),
              text: name.textContent.trim(), font: parseFloat(getComputedStyle(name).fontSize),
              clipped: name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1,
              figure: box(li.querySelector('.p-bar-figure'))}; }),
  };
}"""


def _inside(inner: Mapping[str, float], outer: Mapping[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


def _check_page(state: dict[str, Any], size: str) -> None:
    window = {"x": 0, "y": 0, "right": SIZES[size]["width"], "bottom": SIZES[size]["height"]}
    assert state["scroll"] == [SIZES[size]["width"], SIZES[size]["height"]], "the page scrolls"
    assert _inside(state["stage"], window)
    assert _inside(state["section"], state["stage"])
    assert _inside(state["list"], state["section"])
    assert state["rows"], "an empty page"
    assert len(state["rows"]) <= MAX_ROWS
    for row in state["rows"]:
        for part in ("box", "name", "figure"):
            assert _inside(row[part], window), f"{row['text']}: {part} outside the window {row[part]}"
            assert _inside(row[part], state["list"]), f"{row['text']}: {part} cut by the list"
        assert not row["clipped"], f"{row['text']}: name clipped"
        assert row["font"] >= MIN_FONT[size], f"{row['text']}: {row['font']} px"
    boxes = sorted((r["box"] for r in state["rows"]), key=lambda b: b["y"])
    for upper, lower in itertools.pairwise(boxes):
        assert upper["bottom"] <= lower["y"] + 0.5, f"rows overlap: {upper} {lower}"
    if state["pager"]:
        assert _inside(state["pager"]["box"], state["section"])


@pytest.mark.parametrize("names", [3, 11, 25, 60, 200])
def test_every_result_fits(names, chromium, live_server, role_users, organization):
    from daihoi.elections.models import Election

    congress = _build_congress(organization, max(names, 12))
    election = _counted_election(congress, names)
    expected = {str(c["id"]) for c in election.rounds.get().result["candidates"]}
    url = f"{live_server.url}/c/{organization.code}/{congress.pk}/projector/"
    assert Election.objects.filter(congress=congress).count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    for size in SIZES:
        page = _projector(chromium, live_server, size)
        page.goto(url)
        page.wait_for_selector(".p-election[data-pages]")
        page.evaluate("window.swaps = 0; document.body.addEventListener('htmx:afterSwap', () => swaps++)")
        seen: list[str] = []
        lengths: list[int] = []
        first = page.evaluate(BOXES)
        pages = int(first["pages"])
        # ≤ 15 names: one page, scaled; more: the fewest pages of at most 15 names.
        assert pages == (1 if names <= MAX_ROWS else -(-names // MAX_ROWS)), (size, pages)
        for number in range(1, pages + 1):
            state = page.evaluate(BOXES)
            assert state["page"] == str(number)
            _check_page(state, size)
            if pages > 1:
                assert state["pager"]["text"] == f"Trang {number}/{pages}"
            else:
                assert state["pager"] is None
            seen += [r["id"] for r in state["rows"]]
            lengths.append(len(state["rows"]))
            text = page.locator("body").inner_text()
            assert "KẾT QUẢ BẦU CỬ" in text
            assert "Đủ điều kiện" in text
            assert not ENGLISH.findall(text), text
            if number in (1, 2, pages):
                page.screenshot(path=str(ARTIFACTS / f"projector-fit-{names}-{size}-p{number}.png"))
            # survives the refresh of the fragment (every second), then turns by itself
            swaps = page.evaluate("swaps")
            page.clock.run_for(2_000)
            page.wait_for_function("n => swaps > n", arg=swaps)
            assert page.evaluate(BOXES)["page"] == str(number)
            page.clock.run_for((PAGE_SECONDS - 2) * 1000)
        assert sorted(seen) == sorted(expected), "every candidate exactly once over the pages"
        assert max(lengths) - min(lengths) <= 1, f"uneven pages {lengths}"
        assert page.evaluate(BOXES)["page"] == "1", "after the last page, the first again"
        page.context.close()


def _box_inside(page: Any, selector: str, size: str) -> None:
    """The element is inside the window and shows all its text (one evaluation: the fragment is replaced
    every second)."""
    window = {"x": 0, "y": 0, "right": SIZES[size]["width"], "bottom": SIZES[size]["height"]}
    state = page.evaluate(
        """s => { const e = document.querySelector(s); if (!e) return null;
        const r = e.getBoundingClientRect();
        return {box: {x: r.left, y: r.top, right: r.right, bottom: r.bottom}, height: r.height,
                clipped: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1}; }""",
        selector,
    )
    assert state, (size, selector, "missing")
    assert state["height"] > 0, (size, selector, "not shown")
    assert _inside(state["box"], window), (size, selector, state)
    assert not state["clipped"], (size, selector, "clipped")


def test_attendance_and_vote_in_progress_fit(chromium, live_server, role_users, organization):
    """Attendance alone, then (without reloading) a long motion in progress under a long agenda item."""
    from daihoi.congresses import services as cs

    congress = _build_congress(organization, 12)
    url = f"{live_server.url}/c/{organization.code}/{congress.pk}/projector/"
    pages = {size: _projector(chromium, live_server, size) for size in SIZES}
    for size, page in pages.items():
        page.goto(url)
        for selector in (".p-title h1", ".p-attendance", ".p-agenda", ".p-item", "#p-nonvoters"):
            _box_inside(page, selector, size)
        assert page.locator("#p-present").inner_text() == "12"
        page.screenshot(path=str(ARTIFACTS / f"projector-fit-attendance-{size}.png"))
    title = (
        "Biểu quyết thông qua Nghị quyết Đại hội đại biểu Đảng bộ Văn phòng UBND tỉnh lần thứ X, "
        "nhiệm kỳ 2025–2030 và Chương trình hành động thực hiện Nghị quyết"
    )
    vote = cs.create_open_vote(congress, kind="other", title=title)
    cs.open_open_vote(vote)
    for size, page in pages.items():
        page.clock.run_for(1_500)
        page.wait_for_selector(".p-vote.p-focus")
        for selector in (".p-title h1", ".p-strip", "#p-nonvoters", ".p-strip-item", ".p-vote .p-label",
                         ".p-vote-title"):  # fmt: skip
            _box_inside(page, selector, size)
        assert page.locator(".p-vote-title").inner_text() == title
        text = page.locator("body").inner_text()
        assert "ĐANG BIỂU QUYẾT" in text.upper()
        assert "Bầu đoàn đại biểu" in text
        assert not ENGLISH.findall(text), text
        page.screenshot(path=str(ARTIFACTS / f"projector-fit-vote-{size}.png"))
        page.context.close()
