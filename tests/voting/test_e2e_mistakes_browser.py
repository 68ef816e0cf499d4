"""The delegate's mistakes on a phone, in Chromium at a phone's size (360 x 640, touch, CSP on): a double
tap on "Bỏ phiếu", the back button after the receipt and casting again, reloading the receipt, the
desk's binding link opened twice and on a second phone, a countdown that ran out and was extended.
Screenshots: test-artifacts/voting/mistake-*.png."""

from __future__ import annotations

import datetime
import pathlib
import re
from typing import Any

import pytest
from django.utils import timezone

from daihoi.voting.models import Ballot, Device, Participation, Poll
from daihoi.voting.services import devices, polls

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "voting"


@pytest.fixture
def new_phone(open_phone, transactional_db):
    return open_phone


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"mistake-{name}.png"), full_page=True)


def _bind(page: Any, base: str, delegate: Any) -> None:
    code = devices.issue_binding_code(delegate).code
    page.goto(f"{base}/v/b/{code}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Đồng ý, gắn điện thoại này").tap()
    assert page.url == f"{base}/v/"


def _to_confirm(page: Any, base: str, poll: Poll, names: list[str]) -> None:
    page.goto(f"{base}/v/polls/{poll.pk}/")
    page.get_by_text(names[8], exact=True).tap()
    page.get_by_text(names[9], exact=True).tap()
    page.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    assert page.locator("#confirm").is_visible()


def _names(rnd: Any) -> list[str]:
    return [rc.candidate.full_name for rc in rnd.entries.select_related("candidate").order_by("position")]


RECEIPT = "Phiếu của đồng chí đã được bỏ vào hòm phiếu."


def test_double_tap_back_button_and_reload_leave_exactly_one_ballot(new_phone, live_server, e_election):
    base = live_server.url
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd, minutes=30)
    names = _names(rnd)
    phone = new_phone()
    _bind(phone, base, e_election.congress.delegates.get(number=5))
    answers: list[int] = []
    phone.on("response", lambda r: answers.append(r.status) if "/ballot" in r.url else None)

    # The tired thumb: a double tap (two quick clicks) on "Bỏ phiếu".
    _to_confirm(phone, base, poll, names)
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).dblclick()
    phone.get_by_text(RECEIPT).wait_for()
    phone.wait_for_timeout(500)  # a second request, if the page sent one, has had time to answer
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert answers.count(201) == 1, answers
    _shot(phone, "1-double-tap-receipt")

    # Reloading the receipt: still the receipt (no ballot form, no second ballot).
    phone.reload()
    assert phone.locator("input[name=struck]").count() == 0
    assert re.search(r"đã bỏ phiếu|hòm phiếu", phone.inner_text("main"), re.I)
    _shot(phone, "2-receipt-reloaded")

    # The back button, then casting again: refused in words, nothing stored.
    phone.go_back()
    phone.wait_for_load_state()
    _shot(phone, "3-after-back")
    cast_again = phone.get_by_role("button", name="Bỏ phiếu", exact=True)
    if cast_again.count() and cast_again.is_visible():
        cast_again.tap()
        phone.get_by_text("đã bỏ phiếu", exact=False).first.wait_for()
    else:  # the page came back from the server: the receipt, never the ballot again
        assert phone.locator("input[name=struck]:visible").count() == 0
    body = phone.inner_text("body")
    assert "đã bỏ phiếu" in body.lower(), body
    _shot(phone, "4-cast-again-refused")
    # Nor a forged second cast from the page (the JSON API with the page's own CSRF token).
    status = phone.evaluate(
        """async (url) => {
            const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken='));
            const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': token ? token.split('=')[1] : ''}, body: JSON.stringify({struck: [1, 2]})});
            return [r.status, await r.json()];
        }""",
        f"{base}/api/voting/polls/{poll.pk}/ballot",
    )
    assert status[0] == 409, status
    assert status[1]["message"] == "Đại biểu này đã bỏ phiếu trên điện thoại ở vòng này."
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_the_binding_link_opened_twice_and_on_a_second_phone(new_phone, live_server, electronic):
    base = live_server.url
    delegate = electronic.delegates.get(number=3)
    link = f"{base}/v/b/{devices.issue_binding_code(delegate).code}/"
    first = new_phone()
    first.goto(link)
    with first.expect_navigation():
        first.get_by_role("button", name="Đồng ý, gắn điện thoại này").tap()
    assert delegate.full_name in first.inner_text(".who")

    # The same phone opens the link again (the camera app's history): refused in words.
    response = first.goto(link)
    assert response is not None
    assert response.status == 409
    text = first.inner_text("main")
    assert f"Điện thoại này đã được gắn với đại biểu số 3, {delegate.full_name}" in text, text
    _shot(first, "5-link-twice")

    # A second phone opens the same link: the code is used, nothing binds.
    second = new_phone()
    response = second.goto(link)
    assert response is not None
    assert response.status in (404, 409)
    assert second.get_by_role("button", name="Đồng ý, gắn điện thoại này").count() == 0
    assert "đã dùng" in second.inner_text("main") or "đã được gắn" in second.inner_text("main")
    _shot(second, "6-link-on-second-phone")
    assert Device.objects.filter(delegate=delegate).count() == 1
    assert not [c for c in second.context.cookies() if c["name"] == "daihoi_device"]


def test_a_countdown_that_ran_out_refuses_until_the_presidium_extends(new_phone, live_server, e_election):
    base = live_server.url
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd, minutes=5)
    names = _names(rnd)
    phone = new_phone()
    _bind(phone, base, e_election.congress.delegates.get(number=8))
    _to_confirm(phone, base, poll, names)
    # The clock ran out while the delegate was reading the confirmation.
    Poll.objects.filter(pk=poll.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    phone.get_by_text("hết thời gian", exact=False).first.wait_for()
    _shot(phone, "7-time-up")
    assert not Participation.objects.filter(poll=poll).exists()
    assert not Ballot.objects.filter(poll=poll).exists()

    polls.extend_poll(Poll.objects.get(pk=poll.pk), minutes=5)  # the presidium extends
    _to_confirm(phone, base, poll, names)
    phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    phone.get_by_text(RECEIPT).wait_for()
    _shot(phone, "8-after-extension")
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.get(poll=poll).content == "9,10"


def test_a_delegate_signs_in_on_the_phone_and_binds_it_with_their_own_login(
    new_phone, live_server, electronic
):
    """No desk code: the delegate opens /v/, follows the sign-in link, mistypes the password once, signs
    in, comes back to /v/, taps "Gắn điện thoại này cho đại biểu số 7" and lands on the phone's home."""
    from django.contrib.auth import get_user_model

    base = live_server.url
    delegate = electronic.delegates.get(number=7)
    delegate.user = get_user_model().objects.create_user("daibieu7", password="matkhau-dung-7")
    delegate.save(update_fields=["user"])
    phone = new_phone()
    phone.goto(f"{base}/v/")
    phone.get_by_text("Đăng nhập trên điện thoại này").click()
    phone.fill("#id_username", "daibieu7")
    phone.fill("#id_password", "sai-mat-khau")
    with phone.expect_navigation():
        phone.press("#id_password", "Enter")
    assert "/accounts/login/" in phone.url  # refused, still on the sign-in page
    phone.fill("#id_username", "daibieu7")
    phone.fill("#id_password", "matkhau-dung-7")
    with phone.expect_navigation():
        phone.press("#id_password", "Enter")
    assert phone.url == f"{base}/v/"
    button = phone.get_by_role("button", name="Gắn điện thoại này cho đại biểu số 7")
    _shot(phone, "login-bind")
    with phone.expect_navigation():
        button.click()
    assert phone.url == f"{base}/v/"
    assert delegate.full_name in phone.content()
    assert Device.objects.filter(delegate=delegate, revoked_at__isnull=True).count() == 1
    phone.go_back()  # the back button, then a reload: the phone is bound, nothing offers binding again
    phone.reload()
    assert phone.get_by_role("button", name="Gắn điện thoại này cho đại biểu số 7").count() == 0
    again = phone.request.post(f"{base}/v/login-bind/", form={"delegate": str(delegate.pk)})
    assert again.status in (403, 409)  # a replayed tap (no fresh CSRF token, or the phone already bound)
    assert Device.objects.filter(delegate=delegate).count() == 1
