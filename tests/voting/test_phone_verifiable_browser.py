"""A verifiable poll on the delegate's phone in Chromium (360 x 640, touch): the phone encrypts the ballot
(protocol.js), shows its tracker, casts it or opens it for checking (Benaloh); the board's page finds the
tracker; the check page, on another device, recomputes the opened ballot and says ĐÚNG (or SAI when the
opening was tampered with). Python checks what the server stored with the core. Screenshots go to
test-artifacts/voting/."""

from __future__ import annotations

import json
import pathlib
import re

import pytest
from phone_verifiable_setup import decrypt, open_verifiable

from daihoi.core import verifiable as core
from daihoi.voting.models import AuditedBallot, EncryptedBallot, Participation
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import devices, polls

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "voting"
WIDTH = 360
TRACKER = re.compile(r"^([A-Z2-7]{4} ){12}[A-Z2-7]{4}$")  # 52 base32 characters in groups of four


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-verifiable-{name}.png"), full_page=True)


def fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"the page is {width} px wide"


def smallest_target(page, selector: str) -> float:
    heights = page.evaluate(
        "(sel) => Array.from(document.querySelectorAll(sel)).filter(e => e.offsetParent)"
        ".map(e => e.getBoundingClientRect().height)",
        selector,
    )
    assert heights, selector
    return min(heights)


@pytest.fixture
def v_poll(transactional_db, session, committee_election):
    return open_verifiable(session, committee_election)


def bound_phone(open_phone, live_server, congress, number):
    """A phone bound to delegate `number` (its device cookie set as the desk's binding sets it)."""
    delegate = congress.delegates.get(number=number)
    token, _device = devices.bind_device(devices.issue_binding_code(delegate).code, label="test phone")
    page = open_phone()
    page.context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": live_server.url}])
    return page


def names_of(poll) -> list[str]:
    return [c["name"] for c in poll.manifest["candidates"]]


def strike(page, names: list[str], positions: list[int]) -> None:
    for p in positions:
        page.get_by_text(names[p - 1], exact=True).tap()


def encrypt(page) -> str:
    page.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    page.get_by_role("button", name="Mã hoá phiếu").tap()
    sealed = page.locator("#sealed")
    sealed.wait_for(state="visible")
    tracker = sealed.locator("[data-tracker]").inner_text().strip()
    assert TRACKER.match(tracker), tracker
    return tracker


def test_a_delegate_encrypts_and_casts_and_finds_the_tracker_on_the_board(
    open_phone, live_server, v_poll, session
):
    poll, _shares = v_poll
    names = names_of(poll)
    phone = bound_phone(open_phone, live_server, session, 5)

    phone.goto(f"{live_server.url}/v/")
    phone.get_by_role("link", name=re.compile(re.escape(poll.round.election.title))).tap()
    phone.wait_for_url(f"**/v/polls/{poll.pk}/")
    assert "PHIẾU BẦU CỬ" in phone.inner_text(".sheet-head")
    counter = phone.locator("[data-counter]")
    assert counter.inner_text() == "Giữ lại 10 / bầu 8 người"
    strike(phone, names, [9, 10])
    assert counter.inner_text() == "Giữ lại 8 / bầu 8 người"
    fits_the_screen(phone)
    shot(phone, "1-ballot")

    phone.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    confirm = phone.locator("#confirm")
    assert confirm.locator(".summary.struck li").all_inner_texts() == [f"9. {names[8]}", f"10. {names[9]}"]
    assert "máy chủ không bao giờ thấy lựa chọn" in confirm.inner_text()
    fits_the_screen(phone)
    shot(phone, "2-confirm")
    phone.get_by_role("button", name="Mã hoá phiếu").tap()
    sealed = phone.locator("#sealed")
    sealed.wait_for(state="visible")
    tracker = sealed.locator("[data-tracker]").inner_text().strip()
    assert TRACKER.match(tracker), tracker
    assert smallest_target(phone, "#sealed button") >= 48
    fits_the_screen(phone)
    shot(phone, "3-sealed")
    assert not EncryptedBallot.objects.exists()  # encrypted, not sent: nothing on the server yet

    # A double tap on "Bỏ phiếu": one ballot.
    phone.evaluate("() => { const b = document.querySelector('#sealed [data-send]'); b.click(); b.click(); }")
    receipt = phone.locator("#receipt")
    receipt.wait_for(state="visible")
    assert receipt.locator("h1").inner_text() == "Phiếu đã mã hoá của đồng chí đã được bỏ vào hòm phiếu."
    assert receipt.locator("[data-tracker]").inner_text().strip() == tracker
    for name in names:
        assert name not in receipt.inner_text()  # the receipt shows no content
    fits_the_screen(phone)
    shot(phone, "4-receipt")

    # What the server stored is the phone's ballot: it verifies with the core, and its tracker is the
    # receipt's.
    stored = EncryptedBallot.objects.get(poll=poll)
    ballot = json.loads(stored.body)
    core.verify_ballot(poll.manifest, ballot)
    assert core.tracker(ballot) == tracker
    assert stored.tracker == core.tracker_key(tracker)
    assert Participation.objects.get(poll=poll).delegate.number == 5

    # Back to the home page and forward again: the ballot page is now the receipt, with the tracker the
    # phone kept; a reload too. Never the ballot again.
    phone.go_back()
    phone.wait_for_url(f"{live_server.url}/v/")
    assert "Đã bỏ phiếu" in phone.inner_text("#live")
    phone.go_forward()
    phone.wait_for_url(f"**/v/polls/{poll.pk}/")
    phone.reload()
    assert phone.locator("input[name=struck]").count() == 0
    kept = phone.locator("[data-receipt-tracker] [data-tracker]")
    kept.wait_for(state="visible")
    assert kept.inner_text().strip() == tracker
    fits_the_screen(phone)
    shot(phone, "5-receipt-reloaded")
    assert EncryptedBallot.objects.filter(poll=poll).count() == 1

    # The receipt's link opens the board, searching the tracker's first 8 characters: found.
    with phone.expect_navigation():
        phone.get_by_role("link", name="Tra cứu trên bảng phiếu công khai").tap()
    assert f"/board/{poll.uuid}/?q={core.tracker_key(tracker)[:8]}" in phone.url
    assert phone.locator("ol.trackers li").all_inner_texts() == [tracker]
    assert "Đang bỏ phiếu" in phone.inner_text(".board-status")
    fits_the_screen(phone)
    shot(phone, "6-board-search")
    # The search box, typed by hand (lower case, a few characters): the server's search, no script.
    phone.goto(f"{live_server.url}/board/{poll.uuid}/")
    phone.fill("#q", core.tracker_key(tracker)[:5].lower())
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tìm").tap()
    assert phone.locator("ol.trackers li").all_inner_texts() == [tracker]


def test_a_challenge_then_a_cast_with_another_choice(open_phone, live_server, v_poll, session):
    poll, shares = v_poll
    names = names_of(poll)
    phone = bound_phone(open_phone, live_server, session, 6)
    phone.goto(f"{live_server.url}/v/polls/{poll.pk}/")

    # First the voter strikes names 1 and 5, encrypts, and has the encryption checked.
    strike(phone, names, [1, 5])
    challenged = encrypt(phone)
    phone.get_by_role("button", name="Kiểm tra mã hoá").tap()
    audited = phone.locator("#audited")
    audited.wait_for(state="visible")
    assert audited.locator("[data-tracker]").inner_text().strip() == challenged
    check_url = f"/board/{poll.uuid}/check/{core.tracker_key(challenged)}/"
    assert audited.locator("[data-check-link]").get_attribute("href") == check_url
    phone.wait_for_function(  # the QR code of the check page, served as an image, has loaded
        "() => { const i = document.querySelector('#audited img[data-qr]');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    fits_the_screen(phone)
    shot(phone, "7-audited")
    opened = AuditedBallot.objects.get(poll=poll)
    assert opened.tracker == core.tracker_key(challenged)
    assert not Participation.objects.filter(poll=poll).exists()  # a challenge is not a vote

    # Back to the ballot (the choice as left), another choice, a fresh encryption, cast.
    phone.get_by_role("button", name="Quay lại lá phiếu").tap()
    assert phone.locator("[data-counter]").inner_text() == "Giữ lại 8 / bầu 8 người"
    strike(phone, names, [1, 5, 9, 10])  # restore 1 and 5, strike 9 and 10
    recast = encrypt(phone)
    assert recast != challenged
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    phone.locator("#receipt").wait_for(state="visible")
    assert EncryptedBallot.objects.get(poll=poll).tracker == core.tracker_key(recast)

    # Another device opens the check page: ĐÚNG, and the challenged choice (1 and 5 struck).
    checker = open_phone()
    checker.goto(live_server.url + check_url)
    verdict = checker.locator("[data-verdict]")
    verdict.wait_for(state="visible")
    assert checker.locator("[data-word]").inner_text() == "ĐÚNG"
    assert checker.locator("[data-kept-title]").inner_text() == "Các tên được giữ lại"
    kept = [f"{p}. {names[p - 1]}" for p in (2, 3, 4, 6, 7, 8, 9, 10)]
    assert checker.locator("[data-kept] li").all_inner_texts() == kept
    assert checker.locator("[data-other] li").all_inner_texts() == [f"1. {names[0]}", f"5. {names[4]}"]
    fits_the_screen(checker)
    shot(checker, "8-check-right")

    # The board: the cast ballot among the trackers, the challenged one among the audited ballots.
    checker.goto(f"{live_server.url}/board/{poll.uuid}/")
    assert checker.locator("ol.trackers li").all_inner_texts() == [recast]
    assert checker.locator("ul.audited code").all_inner_texts() == [challenged]

    # The count, once decrypted, is the cast choice's (names 1-8), not the challenged one's.
    polls.close_poll(poll)
    poll = decrypt(poll, shares)
    assert poll.result["votes"] == [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    checker.goto(f"{live_server.url}/board/{poll.uuid}/")
    assert "Đã giải mã" in checker.inner_text(".board-status")
    fits_the_screen(checker)
    shot(checker, "9-board-decrypted")


def test_the_check_page_says_sai_when_the_opening_was_tampered_with(open_phone, live_server, v_poll, session):
    poll, _shares = v_poll
    phone = bound_phone(open_phone, live_server, session, 7)
    phone.goto(f"{live_server.url}/v/polls/{poll.pk}/")
    strike(phone, names_of(poll), [2, 3])
    challenged = encrypt(phone)
    phone.get_by_role("button", name="Kiểm tra mã hoá").tap()
    phone.locator("#audited").wait_for(state="visible")

    # The server (or anyone between) changes the revealed plaintext of name 2: the browser's check fails.
    opened = AuditedBallot.objects.get(poll=poll)
    reveal = opened.reveal
    reveal["answers"][1][0] = 1 - reveal["answers"][1][0]
    opened.reveal = reveal
    opened.save(update_fields=["reveal"])
    checker = open_phone()
    checker.goto(f"{live_server.url}/board/{poll.uuid}/check/{core.tracker_key(challenged)}/")
    checker.locator("[data-verdict]").wait_for(state="visible")
    assert checker.locator("[data-word]").inner_text() == "SAI"
    why = checker.locator("[data-why]").inner_text()
    assert "không khớp với lựa chọn đã công bố" in why
    assert "ở tên số 2" in why
    assert checker.locator("[data-choice]").is_hidden()
    shot(checker, "10-check-wrong")


def test_a_list_without_surplus_agree_or_disagree_per_name(
    open_phone, live_server, transactional_db, session, election_helpers
):
    """3 names for 3 places: the marks are encrypted as agree (1) or not (0) per name; the check page
    shows the names agreed."""
    from daihoi.elections import services as election_services

    election = election_helpers.seated(session, "executive_committee", 3)
    for m in election_helpers.official_members(session)[:3]:
        election_services.nominate(election, m)
    election_services.approve_list(
        election, election_helpers.closed_vote(session, "ballot_list", election=election)
    )
    poll, _shares = open_verifiable(session, election)
    assert poll.manifest["form"] == "no_surplus"
    names = names_of(poll)
    phone = bound_phone(open_phone, live_server, session, 8)
    phone.goto(f"{live_server.url}/v/polls/{poll.pk}/")
    rows = phone.locator(".mark-row")
    rows.nth(0).get_by_text("Đồng ý", exact=True).tap()
    rows.nth(1).get_by_text("Không đồng ý", exact=True).tap()
    assert "Có 1 tên chưa đánh dấu ô nào" in phone.inner_text("[data-warnings]")
    assert smallest_target(phone, ".mark span") >= 48
    challenged = encrypt(phone)
    phone.get_by_role("button", name="Kiểm tra mã hoá").tap()
    phone.locator("#audited").wait_for(state="visible")

    checker = open_phone()
    checker.goto(f"{live_server.url}/board/{poll.uuid}/check/{core.tracker_key(challenged)}/")
    checker.locator("[data-verdict]").wait_for(state="visible")
    assert checker.locator("[data-word]").inner_text() == "ĐÚNG"
    assert checker.locator("[data-kept-title]").inner_text() == "Đồng ý"
    assert checker.locator("[data-kept] li").all_inner_texts() == [f"1. {names[0]}"]
    assert checker.locator("[data-other-title]").inner_text() == "Không đồng ý hoặc không đánh dấu"
    assert checker.locator("[data-other] li").all_inner_texts() == [f"2. {names[1]}", f"3. {names[2]}"]
    shot(checker, "11-check-marks")

    phone.get_by_role("button", name="Quay lại lá phiếu").tap()
    phone.locator(".mark-row").nth(2).get_by_text("Đồng ý", exact=True).tap()
    recast = encrypt(phone)
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    phone.locator("#receipt").wait_for(state="visible")
    ballot = json.loads(EncryptedBallot.objects.get(poll=poll).body)
    core.verify_ballot(poll.manifest, ballot)
    assert core.tracker(ballot) == recast
