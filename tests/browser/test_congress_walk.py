"""The demo roll's congress walked through the pages by each of its users, with the mistakes the first
congresses made (issue 9), each refused on the page in Vietnamese with nothing stored:

1. the delegation's list frozen with the executive committee's list vote; a further round prepared with
   the vote on the working rules;
2. "Bế mạc Đại hội" while an election is unfinished; nothing starts after a proper close;
3. impossible figures: 60 ballots issued for 48 voters present, a floor nominee with 60 supporters,
   hand-count totals of 5 × 48 on 48 valid ballots of at most 4 names;
4. one login entering a stack as clerk 1 and clerk 2;
5. a congress created with an existing number, a reversed term, reversed dates;
7. a mistyped floor nominee removed before the list vote, the removal in the audit log.

Also a double click on an irreversible button, the back button after approving the list, and an
observer posting an action. The users: organizer "tochuc", presidium "chutich", counting committee
"kiemphieu" and "kiemphieu2", observer "quansat" (logged in by session cookie). What is not the point
of a step (the roll, the check-in of 48, the working bodies' votes, most ballots) is built with the
services. Screenshots: test-artifacts/walk-*.png.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
RULES = "Quy chế làm việc của Đại hội"


@pytest.fixture
def congress(transactional_db):
    """The demo congress in session: 48 of the 50 voters checked in, the working bodies elected, the
    working rules adopted; the executive committee's 8 seats voted and its list of 10 nominated; the
    delegation (3 + 1 alternate) with its 5 names."""
    from daihoi.congresses.demo import build_congress
    from daihoi.congresses.models import OpenVoteKind
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo, services

    ctx = DemoContext()
    load_roll(ctx)
    congress = demo.open_session(build_congress(ctx.objects["organization"]))
    demo._vote(congress, OpenVoteKind.RESOLUTION, title=RULES)
    demo.prepare_committee(congress)
    delegation = services.create_election(congress, kind="delegates", seats=3, alternates=1)
    for member in demo._nominees(congress, 5):
        services.nominate(delegation, member)
    return congress


def _page(chromium: Any, live_server: Any, username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
                          "path": "/"}])  # fmt: skip
    return context.new_page()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"walk-{name}.png"), full_page=True)


def _text(page: Any, selector: str) -> str:
    return " ".join(page.locator(selector).inner_text().split())


def _error(page: Any) -> str:
    """The page's error message(s), as the clerk reads them."""
    return _text(page, ".messages .msg-error")


def _no_server_error(page: Any) -> None:
    body = page.content()
    assert "Server Error" not in body
    assert "Traceback" not in body
    for code in ("vote_missing", "vote_wrong", "figure_over", "clerk_not", "congress_", "None"):
        assert code not in page.locator("main").inner_text(), code


def _forge(page: Any, action: str, fields: dict[str, Any]) -> None:
    """Submit a POST the page does not offer (an old tab, a hand-edited form), with the page's CSRF token,
    and wait for the answer page."""
    with page.expect_navigation():
        page.evaluate(
            """([action, fields]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = action;
                const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
                for (const [name, value] of Object.entries({...fields, csrfmiddlewaretoken: token})) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = String(value);
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [action, fields],
        )


def _hold_vote(page: Any) -> None:
    """On an open vote's page, as the presidium: open, everyone present (48) agrees, close."""
    page.click("#vote-open")
    page.wait_for_selector("#vote-record")
    page.fill("input[name=agree]", "48")
    page.fill("input[name=disagree]", "0")
    page.click("#vote-record")
    page.wait_for_selector("#vote-close")
    page.click("#vote-close")
    page.wait_for_selector("#vote-result")
    assert "Thông qua" in _text(page, "#vote-result")


def _click_twice(page: Any, selector: str) -> None:
    """Click, and click again while the first click's POST is still on its way (held back here, as on a
    slow network): the browser must send one POST only."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/*", hold)
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    page.click(selector, no_wait_after=True)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(20)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the mouse, as is
    page.wait_for_timeout(300)
    sent = len(held)

    for route in held:
        with contextlib.suppress(PlaywrightError):  # a request the browser itself abandoned
            route.continue_()
    page.unroute("**/*", hold)
    page.wait_for_load_state("networkidle")
    assert sent == 1, f"{sent} POSTs sent by a double click"


def _audit_count(action: str) -> int:
    from daihoi.audit.models import AuditEntry

    return AuditEntry.objects.filter(action=action).count()


def test_walk_the_congress_with_its_mistakes(chromium, live_server, congress):
    from daihoi.congresses.models import Congress, CongressStatus, OpenVote, OpenVoteKind
    from daihoi.elections import demo, services
    from daihoi.elections.models import Candidate, Election, ElectionStatus, Round

    org = congress.organization.code
    url = live_server.url
    committee = Election.objects.get(congress=congress, kind="executive_committee")
    delegation = Election.objects.get(congress=congress, kind="delegates")
    cbase, dbase = f"{url}/e/{org}/{committee.pk}", f"{url}/e/{org}/{delegation.pk}"
    assert demo.voters_present(congress) == 48

    # ------------------------------------------------------------ 5. a congress with impossible dates
    office = _page(chromium, live_server, "tochuc")
    office.goto(f"{url}/c/{org}/")

    def create(number: int, term: tuple[int, int], dates: tuple[str, str]) -> str:
        office.fill("#id_number", str(number))
        office.fill("#id_term_start_year", str(term[0]))
        office.fill("#id_term_end_year", str(term[1]))
        office.fill("#id_starts_on", dates[0])
        office.fill("#id_ends_on", dates[1])
        office.fill("#id_place", "Hội trường Văn phòng UBND tỉnh")
        with office.expect_navigation():
            office.click("#congress-form button[type=submit]")
        assert office.url.rstrip("/").endswith(f"/c/{org}")  # the form again, not the new congress
        _no_server_error(office)
        return _text(office, "#congress-form")

    form = create(10, (2025, 2030), ("10/06/2025", "11/06/2025"))
    assert "Đại hội lần thứ 10 đã có trong Đảng bộ Văn phòng UBND tỉnh" in form
    _shot(office, "create-existing-number")
    form = create(11, (2030, 2025), ("10/06/2025", "11/06/2025"))
    assert "Nhiệm kỳ phải kết thúc sau năm bắt đầu" in form
    assert ": 2025, nhiệm kỳ bắt đầu năm 2030" in form
    _shot(office, "create-reversed-term")
    form = create(11, (2025, 2030), ("11/06/2025", "10/06/2025"))
    assert "Ngày kết thúc" in form
    assert ": 10/06/2025) trước ngày bắt đầu (11/06/2025)" in form
    _shot(office, "create-reversed-dates")
    assert list(Congress.objects.values_list("number", flat=True)) == [10]

    # ------------------------------------------------------------ the executive committee's list
    presidium = _page(chromium, live_server, "chutich")
    presidium.goto(cbase + "/")
    assert presidium.locator("#candidates tbody tr").count() == 10
    with presidium.expect_navigation():
        presidium.click("#prepare-list-vote button")
    _hold_vote(presidium)
    committee_vote = OpenVote.objects.get(kind=OpenVoteKind.BALLOT_LIST, election=committee)

    # ------------------------------------------------------------ 7. a mistyped floor nominee
    presidium.goto(dbase + "/")
    typo = demo._nominees(congress, 1, skip=5)[0]
    typo_delegate = congress.delegates.get(member=typo)
    presidium.fill("#nominate input[name=member]", str(typo_delegate.number))
    presidium.select_option("#nominate select[name=source]", "floor")
    # 3. a floor nominee with 60 supporters: the field stops at 48, and the server refuses it too
    presidium.fill("#nominate input[name=support]", "60")
    assert presidium.locator("#nominate input[name=support]").evaluate("e => !e.checkValidity()")
    presidium.locator("#nominate input[name=support]").evaluate("e => e.removeAttribute('max')")
    with presidium.expect_navigation():
        presidium.click("#nominate button")
    message = _error(presidium)
    assert (
        "Số liệu “số người tán thành” là 60, lớn hơn số đảng viên (đại biểu) có quyền biểu quyết có mặt (48)"
        in (message)
    ), message
    _no_server_error(presidium)
    _shot(presidium, "3-supporters-60")
    assert not Candidate.objects.filter(election=delegation, member=typo).exists()
    # typed again with 20 supporters: saved, but it was the wrong card
    presidium.fill("#nominate input[name=member]", str(typo_delegate.number))
    presidium.select_option("#nominate select[name=source]", "floor")
    presidium.fill("#nominate input[name=support]", "20")
    with presidium.expect_navigation():
        presidium.click("#nominate button")
    row = presidium.locator(f"#candidates tr:has-text('{typo.full_name}')")
    assert row.count() == 1
    row.locator("summary", has_text="Nhập nhầm?").click()
    reason = "Gõ nhầm số đại biểu: người được giới thiệu là đồng chí khác"
    row.locator(".remove-nominee input[name=reason]").fill(reason)
    _shot(presidium, "7-typo-reason")
    with presidium.expect_navigation():
        row.locator(".remove-nominee button").click()
    assert "Đã xóa tên nhập nhầm" in _text(presidium, ".messages")
    assert presidium.locator(f"#candidates tr:has-text('{typo.full_name}')").count() == 0
    assert not Candidate.objects.filter(election=delegation, member=typo).exists()
    _shot(presidium, "7-typo-removed")

    # ------------------------------------------------------------ 1. the committee's vote on the delegation
    presidium.goto(dbase + "/approve-list/")
    assert presidium.locator(f"option[value='{committee_vote.pk}']").count() == 0  # not even offered
    assert presidium.locator("#confirm-button").count() == 0
    assert "Chưa có biểu quyết" in _text(presidium, "#blocker")
    _shot(presidium, "1-delegation-confirm-no-vote")
    _forge(presidium, f"/e/{org}/{delegation.pk}/approve-list/", {"confirmed": 1, "vote": committee_vote.pk})
    message = _error(presidium)
    assert f"Biểu quyết “{committee_vote.title}” là về việc khác" in message, message
    _no_server_error(presidium)
    _shot(presidium, "1-delegation-forged-vote")
    delegation.refresh_from_db()
    committee_vote.refresh_from_db()
    assert delegation.status == ElectionStatus.LIST
    assert not delegation.rounds.exists()
    assert committee_vote.used_at is None

    # ------------------------------------------------------------ the committee's list: a double click, back
    presidium.goto(cbase + "/")
    with presidium.expect_navigation():
        presidium.click("#approve-list button")
    assert presidium.locator(f"#confirm-form option[value='{committee_vote.pk}']").count() == 1
    presidium.select_option("#confirm-form select", str(committee_vote.pk))
    _click_twice(presidium, "#confirm-button")  # an impatient double click on an irreversible step
    presidium.wait_for_selector("#election-status")
    presidium.wait_for_load_state("networkidle")
    _shot(presidium, "double-click-approve")
    assert _text(presidium, "#election-status") == "Đã thông qua danh sách, đang bầu cử"
    assert presidium.locator(".messages .msg-error").count() == 0, _error(presidium)
    assert committee.rounds.count() == 1
    assert _audit_count("election.list.approved") == 1
    presidium.go_back()  # the confirmation page again: it now says the step is past
    presidium.wait_for_selector("#blocker")
    assert "không thuộc giai đoạn hiện tại" in _text(presidium, "#blocker")
    assert presidium.locator("#confirm-button").count() == 0
    _shot(presidium, "back-after-approve")
    # the same form sent again (a tab kept from before, or the browser's "resend"): refused cleanly
    _forge(presidium, f"/e/{org}/{committee.pk}/approve-list/", {"confirmed": 1, "vote": committee_vote.pk})
    message = _error(presidium)
    assert "Chưa thể thông qua danh sách bầu cử" in message, message
    assert "Đã thông qua danh sách, đang bầu cử" in message
    _no_server_error(presidium)
    _shot(presidium, "back-resubmit")
    assert committee.rounds.count() == 1
    assert _audit_count("election.list.approved") == 1
