"""The delegate's phone in a real browser at a phone's size (360 x 640, touch): bind by the desk's link,
strike names by tapping, the counter and the warning, the confirmation, the receipt. Screenshots go to
test-artifacts/voting/."""

from __future__ import annotations

import pathlib
import re

import pytest

from daihoi.congresses import services as congress_services
from daihoi.voting.models import Ballot, OpenVoteChoice, Participation
from daihoi.voting.services import devices, polls

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "voting"
PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone(open_phone, transactional_db):
    return open_phone()


def shot(page, name: str) -> pathlib.Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"phone-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits_the_screen(page) -> None:
    """Nothing wider than the phone's screen (no sideways scrolling, nothing cut off)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def smallest_target(page, selector: str) -> float:
    heights = page.evaluate(
        "(sel) => Array.from(document.querySelectorAll(sel)).map(e => e.getBoundingClientRect().height)",
        selector,
    )
    assert heights, selector
    return min(heights)


def test_a_delegate_binds_a_phone_and_casts_a_ballot_by_tapping(phone, live_server, e_election):
    congress = e_election.congress
    poll = polls.open_poll(e_election.rounds.get(), minutes=30)
    rnd = poll.round
    names = [rc.candidate.full_name for rc in rnd.entries.select_related("candidate").order_by("position")]
    delegate = congress.delegates.get(number=5)
    code = devices.issue_binding_code(delegate).code

    phone.goto(f"{live_server.url}/v/")
    assert "Đến bàn đón tiếp để nhận mã gắn điện thoại" in phone.inner_text("main")
    fits_the_screen(phone)
    shot(phone, "0-unbound")

    # The QR code's link, opened by the phone's camera app: a question first.
    phone.goto(f"{live_server.url}/v/b/{code}/")
    assert f"Gắn điện thoại này với đại biểu số 5, {delegate.full_name}?" in phone.inner_text("main")
    fits_the_screen(phone)
    assert smallest_target(phone, "button.big") >= 48
    shot(phone, "1-bind")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Đồng ý, gắn điện thoại này").tap()
    assert phone.url == f"{live_server.url}/v/"
    assert delegate.full_name in phone.inner_text(".who")
    assert "Bỏ phiếu ngay" in phone.inner_text("#live")
    fits_the_screen(phone)
    shot(phone, "2-home")

    phone.get_by_role("link", name=re.compile(re.escape(e_election.title))).tap()
    phone.wait_for_url(f"**/v/polls/{poll.pk}/")
    assert "PHIẾU BẦU CỬ" in phone.inner_text(".sheet-head")
    assert "Bỏ phiếu kết thúc lúc" in phone.inner_text(".sheet-head")
    counter = phone.locator("[data-counter]")
    assert counter.inner_text() == "Giữ lại 10 / bầu 8 người"
    warning = phone.locator("[data-warnings]")
    assert "giữ lại 10 người, nhiều hơn số được bầu là 8" in warning.inner_text()
    assert smallest_target(phone, "label.name") >= 48
    fits_the_screen(phone)

    # Tap a name: a pen line through it; tap again: restored.
    phone.get_by_text(names[8], exact=True).tap()
    assert counter.inner_text() == "Giữ lại 9 / bầu 8 người"
    assert "nhiều hơn số được bầu" in warning.inner_text()
    shot(phone, "3-ballot-warning")
    phone.get_by_text(names[9], exact=True).tap()
    assert counter.inner_text() == "Giữ lại 8 / bầu 8 người"
    assert warning.inner_text().strip() == ""
    struck = phone.locator(".names li", has=phone.locator("input:checked")).locator(".full")
    assert struck.all_inner_texts() == [names[8], names[9]]
    line = struck.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in line
    phone.get_by_text(names[0], exact=True).tap()
    phone.get_by_text(names[0], exact=True).tap()  # changed their mind
    assert counter.inner_text() == "Giữ lại 8 / bầu 8 người"
    shot(phone, "4-ballot")

    # The confirmation screen: the names kept and struck, "Bỏ phiếu" / "Sửa lại".
    phone.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    confirm = phone.locator("#confirm")
    assert confirm.is_visible()
    assert "Giữ lại (8)" in confirm.inner_text()
    assert confirm.locator(".summary.struck li").all_inner_texts() == [f"9. {names[8]}", f"10. {names[9]}"]
    assert not Participation.objects.exists()
    fits_the_screen(phone)
    shot(phone, "5-confirm")
    phone.get_by_role("button", name="Sửa lại").tap()
    assert phone.locator("#ballot").is_visible()
    phone.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()

    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    receipt = phone.get_by_text("Phiếu của đồng chí đã được bỏ vào hòm phiếu.")
    receipt.wait_for()
    clock = phone.locator("[data-phone-clock]:visible [data-time]")
    assert re.match(r"\d{2}:\d{2}:\d{2}", clock.inner_text())
    assert phone.url.endswith(f"/v/polls/{poll.pk}/")  # cast through the JSON API, not the plain form
    body = phone.inner_text("body")
    assert names[8] not in body  # the receipt shows no content
    fits_the_screen(phone)
    shot(phone, "6-receipt")

    assert Participation.objects.get(poll=poll).delegate == delegate
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.content == "9,10"
    assert str(ballot.pk) not in phone.content()

    # Back home: "Đã bỏ phiếu"; the ballot page now is the receipt, never the ballot again.
    phone.goto(f"{live_server.url}/v/")
    assert "Đã bỏ phiếu" in phone.inner_text("#live")
    phone.goto(f"{live_server.url}/v/polls/{poll.pk}/")
    assert phone.locator("input[name=struck]").count() == 0

    # An open vote opened by the presidium appears on the phone's home page by itself.
    phone.goto(f"{live_server.url}/v/")
    vote = congress_services.create_open_vote(
        congress, kind="resolution", title="Thông qua Nghị quyết Đại hội"
    )
    congress_services.open_open_vote(vote)
    phone.get_by_role("link", name=re.compile("Thông qua Nghị quyết")).wait_for(timeout=10_000)
    phone.get_by_role("link", name=re.compile("Thông qua Nghị quyết")).tap()
    phone.wait_for_url(f"**/v/votes/{vote.pk}/")
    assert smallest_target(phone, "button.huge") >= 48
    fits_the_screen(phone)
    shot(phone, "7-vote")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tán thành", exact=True).tap()
    assert "Lựa chọn của đồng chí: Tán thành" in phone.inner_text("main")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Xác nhận").tap()
    assert "Biểu quyết của đồng chí đã được ghi nhận: Tán thành" in phone.inner_text("main")
    shot(phone, "8-vote-recorded")
    assert OpenVoteChoice.objects.get(vote=vote).choice == "agree"


def test_the_agree_disagree_ballot_speaks_the_api_contract(phone, live_server, electronic, election_helpers):
    """A list without surplus: Đồng ý / Không đồng ý per name. The cast goes to the JSON API as the
    contract says (body, X-CSRFToken); a refusal (409) is shown in words; 201 shows the receipt."""
    import json

    from daihoi.elections import services as election_services

    helpers = election_helpers
    election = helpers.seated(electronic, "executive_committee", 3)
    for m in helpers.official_members(electronic)[:3]:
        election_services.nominate(election, m)
    election_services.approve_list(
        election, helpers.closed_vote(electronic, "ballot_list", election=election)
    )
    poll = polls.open_poll(election.rounds.get())
    token, _device = devices.bind_device(
        devices.issue_binding_code(electronic.delegates.get(number=6)).code, label="test"
    )
    phone.context.add_cookies([{"name": "daihoi_device", "value": token, "url": live_server.url}])

    sent: list[dict] = []
    answers = [
        (409, {"code": "poll_closed", "message": "Vòng bầu này đã kết thúc bỏ phiếu."}),
        (201, {"accepted": True, "title": election.title, "round": 1}),
    ]

    def api(route):
        request = route.request
        sent.append({"body": json.loads(request.post_data), "csrf": request.headers.get("x-csrftoken")})
        status, answer = answers[len(sent) - 1]
        route.fulfill(status=status, content_type="application/json", body=json.dumps(answer))

    phone.route(f"**/api/voting/polls/{poll.pk}/ballot", api)
    phone.goto(f"{live_server.url}/v/polls/{poll.pk}/")
    assert phone.locator(".mark-row").count() == 3
    assert smallest_target(phone, ".mark span") >= 48
    fits_the_screen(phone)
    rows = phone.locator(".mark-row")
    rows.nth(0).get_by_text("Đồng ý", exact=True).tap()
    rows.nth(1).get_by_text("Không đồng ý", exact=True).tap()
    assert "Có 1 tên chưa đánh dấu" in phone.inner_text("[data-warnings]")
    shot(phone, "9-agree-disagree")
    phone.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    summary = phone.locator("#confirm .summary li").all_inner_texts()
    assert [line.rsplit(": ", 1)[1] for line in summary] == ["Đồng ý", "Không đồng ý", "Chưa đánh dấu"]
    shot(phone, "10-agree-disagree-confirm")

    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    error = phone.locator("#confirm [data-error]")
    error.wait_for()
    assert error.inner_text() == "Vòng bầu này đã kết thúc bỏ phiếu."
    assert phone.get_by_role("button", name="Bỏ phiếu", exact=True).is_hidden()
    assert phone.get_by_role("link", name="Về trang bỏ phiếu").is_visible()
    shot(phone, "11-refused")

    phone.reload()
    rows = phone.locator(".mark-row")
    rows.nth(0).get_by_text("Đồng ý", exact=True).tap()
    rows.nth(1).get_by_text("Không đồng ý", exact=True).tap()
    phone.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    phone.locator("#receipt").wait_for()
    assert "Phiếu của đồng chí đã được bỏ vào hòm phiếu." in phone.inner_text("#receipt")
    assert re.match(r"\d{2}:\d{2}:\d{2}", phone.inner_text("#receipt [data-time]"))
    assert [s["body"] for s in sent] == [{"marks": "120"}, {"marks": "120"}]
    assert all(s["csrf"] for s in sent)
    shot(phone, "12-receipt-api")
