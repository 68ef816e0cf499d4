"""The morning of the demo congress in Debian's Chromium: check in by code at the desk, watch the quorum
reach two thirds on the projector, approve the working bodies by open vote, print the cards.

Screenshots go to test-artifacts/ (desk, projector, cards PDF rendered to PNG).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from daihoi.congresses.demo import ABSENT

pytestmark = [pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo_congress(transactional_db):
    from daihoi.congresses.demo import build_congress
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll

    ctx = DemoContext()
    load_roll(ctx)
    return build_congress(ctx.objects["organization"], check_in=False)


def _page_for(chromium, live_server, username, **kw):
    """A page logged in as a demo user (session made by Django's test client), in Vietnamese.

    Uses the shared `chromium` fixture of tests/browser/conftest.py; the demo users are not the
    conftest's role users, so the session cookie is set directly instead of filling the login form."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **kw)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context.new_page()


def _other_desk(congress, number):
    """Another desk's check-in, written from the test thread while the live server also writes."""
    from daihoi.congresses import services

    return services.check_in_delegate(congress, str(number))


def test_morning_of_the_congress(chromium, live_server, demo_congress):

    congress = demo_congress
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"{live_server.url}/c/{congress.organization.code}/{congress.pk}"
    delegates = {d.number: d for d in congress.delegates.all()}
    # The quorum counts the 50 official members (voters); the 3 probationary members attend without a
    # vote. The two members with accepted reasons (demo.ABSENT) will not come.
    voters = [n for n, d in sorted(delegates.items()) if d.has_vote and n not in ABSENT]
    nonvoters = [n for n, d in sorted(delegates.items()) if not d.has_vote]
    assert (len(voters), len(nonvoters), len(delegates)) == (48, 3, 53)
    early, scanned, rest = voters[:31], voters[31:34], voters[34:]

    # Other desks have already checked in 31 voters and the 3 probationary members: not yet two thirds
    # of the 50 voters convened (34 needed), whatever the number of non-voters in the hall.
    for n in early + nonvoters:
        _other_desk(congress, n)

    projector = _page_for(chromium, live_server, "quansat", viewport={"width": 1600, "height": 900})
    projector.goto(f"{base}/projector/")
    assert projector.locator("#p-present").inner_text() == "31"
    assert projector.locator(".p-big small").inner_text() == "/50"
    assert "Cần ít nhất 34" in projector.locator(".p-verdict").inner_text()
    assert "không có quyền biểu quyết: 3" in projector.locator("#p-nonvoters").inner_text()
    projector.screenshot(path=str(ARTIFACTS / "congress-projector-before-quorum.png"))

    # The desk: scan three cards (a USB scanner types the code and presses Enter).
    desk = _page_for(chromium, live_server, "chutich", viewport={"width": 1280, "height": 800})
    desk.goto(f"{base}/desk/")
    field = desk.locator("#code")
    for n in scanned:
        assert desk.evaluate("document.activeElement.id") == "code"  # the focus stays in the field
        field.fill(delegates[n].checkin_code)
        field.press("Enter")
        answer = desk.locator("#answer .answer")
        answer.wait_for()
        desk.wait_for_function(
            "name => document.querySelector('#answer .a-name')?.textContent.includes(name)",
            arg=delegates[n].full_name,
        )
        assert answer.get_attribute("data-code") == "checked_in"
    assert delegates[scanned[-1]].branch.name in desk.locator("#answer").inner_text()
    desk.wait_for_function("document.activeElement.id === 'code'")
    # the desk's own quorum box follows at once (the answer triggers its refresh)
    desk.wait_for_function("document.querySelector('#quorum-box').dataset.present === '34'", timeout=1500)
    desk.screenshot(path=str(ARTIFACTS / "congress-desk-checked-in.png"))

    # Re-scanning is harmless; a wrong code gets a red, translated answer.
    field.fill(delegates[scanned[-1]].checkin_code)
    field.press("Enter")
    desk.wait_for_selector("#answer .answer[data-code='already_present']")
    field.fill("XXXXXXXXXX")
    field.press("Enter")
    desk.wait_for_selector("#answer .answer[data-code='unknown_code']")
    assert "Không có đại biểu nào" in desk.locator("#answer").inner_text()
    desk.screenshot(path=str(ARTIFACTS / "congress-desk-unknown-code.png"))

    # The desk loses the server: a red answer says nothing was recorded, the field is ready again.
    desk.route(
        "**/desk/", lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )
    field.fill(delegates[rest[0]].checkin_code)
    field.press("Enter")
    desk.wait_for_selector("#answer .answer[data-code='offline']")
    assert "chưa ghi nhận" in desk.locator("#answer").inner_text()
    assert desk.evaluate("document.activeElement.id") == "code"
    desk.unroute("**/desk/")

    # The projector reaches two thirds within 2 s, without reloading.
    projector.wait_for_function("document.querySelector('#p-present').textContent === '34'", timeout=2500)
    assert "Đủ điều kiện" in projector.locator(".p-verdict").inner_text()
    projector.screenshot(path=str(ARTIFACTS / "congress-projector-quorum.png"))

    # The rest arrive (48 of the 50 voters; the two absentees have reasons). The presidium opens.
    for n in rest:
        _other_desk(congress, n)
    presidium = _page_for(chromium, live_server, "chutich", viewport={"width": 1280, "height": 900})
    presidium.goto(f"{base}/")
    presidium.click("#open-session")
    presidium.wait_for_selector(".badge.status-open")
    presidium.locator("form.inline button").nth(1).click()  # show "working bodies" (2nd item) as current
    presidium.wait_for_load_state()

    # A vote prepared by mistake and never held is deleted from its page (confirmation first).
    from daihoi.congresses import services as congress_services

    spare = congress_services.create_open_vote(congress, kind="other", title="Biểu quyết chuẩn bị nhầm")
    presidium.goto(f"{base}/votes/{spare.pk}/")
    presidium.screenshot(path=str(ARTIFACTS / "congress-vote-draft.png"), full_page=True)
    presidium.click("#vote-delete")
    presidium.wait_for_selector("#confirm-form")
    assert "Biểu quyết chuẩn bị nhầm" in presidium.locator("#confirm").inner_text()
    presidium.screenshot(path=str(ARTIFACTS / "congress-vote-delete-confirm.png"), full_page=True)
    presidium.click("#confirm-button")
    presidium.wait_for_selector(".msg-success")
    assert (
        "Đã xóa biểu quyết đã chuẩn bị mà chưa tiến hành." in presidium.locator(".msg-success").inner_text()
    )
    assert not congress.open_votes.filter(pk=spare.pk).exists()

    # Approve the four working bodies by open vote, each button posting to its own URL.
    for vote in congress.open_votes.order_by("id"):
        presidium.goto(f"{base}/votes/{vote.pk}/")
        presidium.click("#vote-open")
        presidium.fill("input[name=agree]", "48")
        presidium.fill("input[name=disagree]", "0")
        presidium.fill("input[name=abstain]", "0")
        presidium.click("#vote-record")
        assert presidium.url.endswith(f"/votes/{vote.pk}/")  # back on the vote's page after each step
        presidium.click("#vote-close")
        result = presidium.locator("#vote-result")
        assert "Thông qua" in result.inner_text()
        vote.refresh_from_db()
        assert vote.passed is True
    presidium.screenshot(path=str(ARTIFACTS / "congress-vote-closed.png"), full_page=True)
    presidium.goto(f"{base}/")
    presidium.screenshot(path=str(ARTIFACTS / "congress-presidium.png"), full_page=True)

    projector.wait_for_function("document.querySelector('.p-outcome.pass') !== null", timeout=2500)
    # With a vote in focus, attendance and the current item shrink to one strip above the result.
    assert "Bầu Đoàn Chủ tịch" in projector.locator(".p-strip-item").inner_text()
    assert projector.locator(".p-vote.p-focus .p-vote-title").is_visible()
    projector.screenshot(path=str(ARTIFACTS / "congress-projector-vote.png"))

    # The network drops: the last state stays, a discreet marker appears; it clears when back.
    projector.route("**/projector/state/", lambda route: route.abort())
    projector.wait_for_selector("#offline", state="visible", timeout=5000)
    assert projector.locator("#p-present").inner_text() == "48"
    assert projector.locator(".p-strip-count small").inner_text() == "/50"
    projector.screenshot(path=str(ARTIFACTS / "congress-projector-offline.png"))
    projector.unroute("**/projector/state/")
    projector.wait_for_selector("#offline", state="hidden", timeout=5000)

    # A delegate reads the draft resolution on a phone (after checking in) and writes a comment.
    from django.contrib.auth import get_user_model

    from daihoi.congresses import services

    phone_user = get_user_model().objects.create_user(username="dv01", password="dv01-pw-2020")
    services.link_delegate_user(delegates[1], phone_user)
    phone = _page_for(chromium, live_server, "dv01", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(f"{base}/documents/")
    phone.click(".doclist a")
    phone.select_option("#c-section", label="II. Chỉ tiêu")
    phone.fill("#c-text", "Đề nghị bổ sung chỉ tiêu chuyển đổi số.")
    phone.click("form.stacked button")
    phone.wait_for_selector(".msg-success")
    assert "chuyển đổi số" in phone.locator(".comments").inner_text()
    phone.screenshot(path=str(ARTIFACTS / "congress-phone-document.png"), full_page=True)

    # Print the cards: the PDF's first page rendered to PNG, its QR codes decoded.
    import cv2
    import numpy as np
    import pypdfium2

    from daihoi.congresses.cards import slot_rect

    response = presidium.request.get(f"{base}/cards.pdf")
    assert response.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.body())
    pdf[0].render(scale=2).to_pil().convert("RGB").save(ARTIFACTS / "congress-cards.png")
    image = cv2.cvtColor(np.array(pdf[0].render(scale=4).to_pil().convert("RGB")), cv2.COLOR_RGB2BGR)
    detector = cv2.QRCodeDetectorAruco()
    found = []
    for slot in range(8):  # each card's QR decoded on its own crop
        left, top, width, height = (int(v * 4) for v in slot_rect(slot))
        found.append(detector.detectAndDecode(image[top : top + height, left : left + width])[0])
    assert found == [delegates[n].checkin_code for n in range(1, 9)]
