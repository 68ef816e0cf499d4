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
        # the form again (the list page's form, answered at /new/), no new congress
        assert office.url.rstrip("/").endswith((f"/c/{org}", f"/c/{org}/new"))
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

    # ------------------------------------------------------------ 3. 60 ballots issued for 48 voters present
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    rnd = committee.rounds.get()
    clerk = _page(chromium, live_server, "kiemphieu")
    clerk.goto(cbase + "/rounds/1/count/?clerk=1")
    clerk.fill("input[name=issued]", "60")
    clerk.fill("input[name=returned]", "60")
    assert clerk.locator("input[name=issued]").evaluate("e => !e.checkValidity()")  # the field stops at 48
    clerk.locator("input[name=issued]").evaluate("e => e.removeAttribute('max')")  # a page opened earlier
    with clerk.expect_navigation():
        clerk.click("#counts-form button")
    message = _error(clerk)
    assert (
        "Số liệu “số phiếu phát ra” là 60, lớn hơn số đảng viên (đại biểu) có quyền biểu quyết có mặt (48)"
        in (message)
    ), message
    _no_server_error(clerk)
    _shot(clerk, "3-issued-60")
    rnd.refresh_from_db()
    assert rnd.issued is None
    assert rnd.returned is None
    clerk.fill("input[name=issued]", "48")
    clerk.fill("input[name=returned]", "48")
    with clerk.expect_navigation():
        clerk.click("#counts-form button")
    clerk.wait_for_selector("#entry-text")

    # ------------------------------------------------------------ 4. one login as clerk 1 and clerk 2
    ballots = ["1 2"] * 24 + ["3 4"] * 24  # names 1-4 get 24 votes of D = 48: not more than half
    clerk.fill("#entry-text", ballots[0])
    clerk.press("#entry-text", "Enter")
    clerk.wait_for_function(
        "document.querySelector('#entry-answer').textContent.includes('Đã lưu phiếu số 1')"
    )
    clerk.goto(cbase + "/rounds/1/count/?clerk=2")
    clerk.fill("#entry-text", ballots[0])
    with clerk.expect_response(lambda r: r.request.method == "POST") as answer:
        clerk.press("#entry-text", "Enter")
    assert answer.value.status == 409
    data = answer.value.json()
    assert data["ok"] is False
    assert data["code"] == "clerk_not_independent"
    assert "Đồng chí (kiemphieu) đã nhập vòng này với tư cách người nhập 1" in data["message"]
    clerk.wait_for_function("document.querySelector('#entry-answer').textContent.includes('kiemphieu')")
    shown = _text(clerk, "#entry-answer")
    assert "Hãy đăng nhập bằng tài khoản của thành viên Ban Kiểm phiếu khác" in shown, shown
    _shot(clerk, "4-same-login-clerk-2")
    assert not rnd.ballot_entries.filter(clerk=2).exists()
    # the rest of the stack, by the two clerks (not the point here)
    for position, text in enumerate(ballots, start=1):
        if position > 1:
            services.enter_ballot(rnd, clerk=1, position=position, text=text, actor=users["kiemphieu"])
        services.enter_ballot(rnd, clerk=2, position=position, text=text, actor=users["kiemphieu2"])
    clerk.goto(cbase + "/rounds/1/reconcile/")
    with clerk.expect_navigation():
        clerk.click("#close-round")
    with clerk.expect_navigation():
        clerk.click("#confirm-button")
    committee.refresh_from_db()
    assert committee.status == ElectionStatus.PENDING  # 6 elected, 2 places unfilled

    # ------------------------------------------------------- 1. a further round on the working rules' vote
    rules = OpenVote.objects.get(title=RULES)
    presidium.goto(cbase + "/")
    assert presidium.locator("#next-round").count() == 1
    _forge(presidium, f"/e/{org}/{committee.pk}/next-round/", {"vote": rules.pk})
    message = _error(presidium)
    assert f"Biểu quyết “{RULES}” không phải là biểu quyết về Bầu tiếp" in message, message
    _no_server_error(presidium)
    _shot(presidium, "1-further-round-rules-vote")
    assert committee.rounds.count() == 1
    rules.refresh_from_db()
    assert rules.used_at is None

    # ------------------------------------------------------- the observer posts an action: 403 in Vietnamese
    observer = _page(chromium, live_server, "quansat")
    observer.goto(cbase + "/")
    for action, fields in (
        (f"/e/{org}/{committee.pk}/prepare-vote/", {"kind": "next_round"}),
        (f"/c/{org}/{congress.pk}/votes/{rules.pk}/close/", {}),
        (f"/c/{org}/{congress.pk}/close/", {"confirmed": 1}),
    ):
        observer.goto(cbase + "/")
        _forge(observer, action, fields)
        assert observer.locator(".error-page[data-status='403']").count() == 1, action
        assert "Bạn không có quyền mở trang này" in _text(observer, "main")
    _shot(observer, "403-observer")
    assert not committee.votes.filter(kind=OpenVoteKind.NEXT_ROUND).exists()

    # ------------------------------------------------------------ 2. "Bế mạc" while elections are unfinished
    presidium.goto(f"{url}/c/{org}/{congress.pk}/")
    with presidium.expect_navigation():
        presidium.click("#close-congress")
    blocker = _text(presidium, "#blocker")
    assert "Các cuộc bầu cử sau chưa xong (chưa công bố kết quả)" in blocker, blocker
    assert committee.title in blocker
    assert delegation.title in blocker
    assert presidium.locator("#confirm-button").count() == 0
    _shot(presidium, "2-close-blocked")
    _forge(presidium, f"/c/{org}/{congress.pk}/close/", {"confirmed": 1})
    message = _error(presidium)
    assert "Các cuộc bầu cử sau chưa xong" in message, message
    _no_server_error(presidium)
    _shot(presidium, "2-close-forged")
    congress.refresh_from_db()
    assert congress.status == CongressStatus.OPEN

    # ------------------------------------------------------------ the committee elects no more, announced
    presidium.goto(cbase + "/")
    with presidium.expect_navigation():
        presidium.click("#next-round button[value=end_election]")
    _hold_vote(presidium)
    presidium.goto(cbase + "/")
    with presidium.expect_navigation():
        presidium.click("#next-round form[method=get] button")
    _click_twice(presidium, "#confirm-button")
    assert presidium.locator(".messages .msg-error").count() == 0, _error(presidium)
    assert _audit_count("election.round.declined") == 1
    clerk.goto(cbase + "/rounds/1/")
    with clerk.expect_navigation():
        clerk.click("#announce")
    _click_twice(clerk, "#confirm-button")
    assert _text(clerk, "#election-status") == "Đã công bố"
    assert _audit_count("election.result.published") == 1

    # ------------------------------------------------------------ the delegation: list vote, hand count
    presidium.goto(dbase + "/")
    with presidium.expect_navigation():
        presidium.click("#prepare-list-vote button")
    _hold_vote(presidium)
    presidium.goto(dbase + "/")
    with presidium.expect_navigation():
        presidium.click("#approve-list button")
    _click_twice(presidium, "#confirm-button")
    assert _text(presidium, "#election-status") == "Đã thông qua danh sách, đang bầu cử"
    clerk.goto(dbase + "/rounds/1/count/?clerk=1")
    with clerk.expect_navigation():
        clerk.click("text=Kiểm phiếu thủ công: chỉ nhập số tổng")
    clerk.fill("input[name=issued]", "48")
    clerk.fill("input[name=returned]", "48")
    with clerk.expect_navigation():
        clerk.click("#counts-form button")
    clerk.goto(dbase + "/rounds/1/totals/")

    def totals(votes: tuple[int, ...]) -> None:
        for position, n in enumerate(votes, start=1):
            clerk.fill(f"input[name=votes-{position}]", str(n))
        clerk.fill("input[name=valid]", "48")
        with clerk.expect_navigation():
            clerk.click("#totals-form button")

    # 3. 5 × 48 = 240 votes on 48 valid ballots of at most 4 names (192), though each name is ≤ 48
    totals((48, 48, 48, 48, 48))
    message = _error(clerk)
    assert "Tổng số phiếu bầu là 240, lớn hơn 48 phiếu hợp lệ × 4 người mỗi phiếu (192)" in message, message
    _no_server_error(clerk)
    _shot(clerk, "3-totals-240")
    assert _audit_count("election.round.totals_entered") == 0
    totals((48, 48, 35, 33, 18))
    with clerk.expect_navigation():
        clerk.click("#close-round")
    _click_twice(clerk, "#confirm-button")
    with clerk.expect_navigation():
        clerk.click("#announce")
    _click_twice(clerk, "#confirm-button")
    assert _text(clerk, "#election-status") == "Đã công bố"

    # ------------------------------------------------------------ 2. a proper close; then nothing starts
    presidium.goto(f"{url}/c/{org}/{congress.pk}/close/")
    assert presidium.locator("#blocker").count() == 0
    _click_twice(presidium, "#confirm-button")
    congress.refresh_from_db()
    assert congress.status == CongressStatus.CLOSED
    assert _audit_count("congress.closed") == 1
    _shot(presidium, "2-closed")
    elections, votes, rounds = Election.objects.count(), OpenVote.objects.count(), Round.objects.count()
    presidium.goto(f"{url}/e/{org}/congress/{congress.pk}/")
    presidium.select_option("#election-create select[name=kind]", "inspection_committee")
    with presidium.expect_navigation():
        presidium.click("#election-create button")
    message = _error(presidium)
    assert "Chưa thể chuẩn bị bầu cử: Đại hội đang ở trạng thái “Đã bế mạc”" in message, message
    _shot(presidium, "2-after-close-election")
    presidium.goto(f"{url}/c/{org}/{congress.pk}/")
    _forge(presidium, f"/c/{org}/{congress.pk}/votes/", {"kind": "resolution", "title": "Nghị quyết bổ sung"})
    message = _error(presidium)
    assert "Chưa thể chuẩn bị biểu quyết: Đại hội đang ở trạng thái “Đã bế mạc”" in message, message
    _shot(presidium, "2-after-close-vote")
    presidium.goto(cbase + "/")
    _forge(presidium, f"/e/{org}/{committee.pk}/next-round/", {})
    message = _error(presidium)
    assert "Chưa thể bầu tiếp" in message, message
    _no_server_error(presidium)
    _shot(presidium, "2-after-close-round")
    assert (Election.objects.count(), OpenVote.objects.count(), Round.objects.count()) == (
        elections,
        votes,
        rounds,
    )

    # ------------------------------------------------------------ 7. the audit log shows the removal
    office.goto(f"{url}/audit/{org}/?action=election.candidate.")
    row = office.locator("tr[data-action='election.candidate.removed_as_mistake']")
    assert row.count() == 1
    assert _text(row, "td.action") == "Xóa tên nhập nhầm khỏi danh sách"
    assert reason in row.inner_text()
    assert typo.full_name in row.inner_text()
    _shot(office, "7-audit-removal")
