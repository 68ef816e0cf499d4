"""Electronic voting in the hall, walked in Chromium as its users do (issue 12, "Done when").

The demo congress in session, its election rules saying secret ballots are cast electronically, the
executive committee's list of 10 approved. At the check-in desk the organizer issues binding codes to three
delegates; three phones (their own Playwright contexts, 360 x 640, touch) open the desk's link and bind.
The presidium opens the poll from the round's page with a countdown; the phones see the ballot on their
home page, strike names by tapping, confirm and get the receipt. A delegate without a phone takes a paper
ballot at the paper-ballot desk (counting committee). The rest of the hall votes on phones through the
service (the browser phones stand for them). While the poll is open the staff pages and the projector show
"x / y have voted" and never a candidate's count. The presidium closes; the two clerks enter the paper
figures and the one paper ballot in the browser, the committee closes the round and announces; the
projector shows the result; the minutes state how many ballots were cast on phones and on paper.
Screenshots: test-artifacts/voting/walk-*.png.
"""

from __future__ import annotations

import pathlib
import re
import unicodedata
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "voting"


OPEN: list[Any] = []  # the contexts a test opened, closed after it (no request left running at teardown)


@pytest.fixture(autouse=True)
def _close_contexts():
    yield
    while OPEN:
        OPEN.pop().close()


def _shot(page: Any, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"walk-{name}.png"), full_page=full)


def _staff(chromium: Any, live_server: Any, username: str, errors: list[str], **kw: Any) -> Any:
    """A logged-in desktop page of a demo user (force_login: the login form is tested elsewhere)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context = chromium.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=True,
        viewport=kw.pop("viewport", {"width": 1366, "height": 900}),
    )
    context.set_default_timeout(15_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    OPEN.append(context)
    page = context.new_page()
    _watch(page, username, errors)
    return page


def _phone(open_phone: Any, name: str, errors: list[str]) -> Any:
    page = open_phone()
    _watch(page, name, errors)
    return page


def _watch(page: Any, who: str, errors: list[str]) -> None:
    page.on(
        "console",
        lambda m: (
            errors.append(f"{who}: console {m.text} {m.location.get('url')}")
            if m.type == "error" and "favicon" not in str(m.location.get("url"))
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{who}: {r.status} {r.url}")
            if r.status >= 500 or (r.status >= 400 and "favicon" not in r.url and r.status != 409)
            else None
        ),
    )


def _pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return " ".join(unicodedata.normalize("NFC", text).split())


def _no_count_of_any_name(text: str, names: list[str]) -> None:
    """No candidate's name on the page (so no name's count either) while the poll is open."""
    shown = [n for n in names if n in text]
    assert not shown, f"candidate names (a partial result) shown while the poll is open: {shown}"


@pytest.fixture
def hall(transactional_db):
    """The demo congress in session (48 voters present), ballots cast electronically, the executive
    committee's list of 10 approved: (congress, election)."""
    from daihoi.congresses.demo import build_congress
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo

    ctx = DemoContext()
    load_roll(ctx)
    congress = demo.open_session(build_congress(ctx.objects["organization"]))
    congress.ballot_form = "electronic"
    congress.save(update_fields=["ballot_form"])
    election = demo.prepare_committee(congress)
    demo.approve(election)
    return congress, election


def test_an_electronic_secret_ballot_from_the_desk_to_the_projector(chromium, open_phone, live_server, hall):
    from daihoi.elections.models import Round
    from daihoi.voting.models import Ballot, Participation
    from daihoi.voting.services import devices, polls

    congress, election = hall
    org, pk = congress.organization.code, congress.pk
    base = live_server.url
    rnd = election.rounds.get()
    names = [rc.candidate.full_name for rc in rnd.entries.select_related("candidate").order_by("position")]
    voters = [d for d in congress.delegates.filter(present=True).order_by("number") if d.has_vote]
    assert len(voters) == 48
    on_phones, on_paper, rest = voters[:3], voters[3], voters[4:]
    errors: list[str] = []

    # --- The check-in desk (organizer): a binding code for each of three delegates, read off the screen.
    desk = _staff(chromium, live_server, "tochuc", errors)
    links = []
    for delegate in on_phones:
        desk.goto(f"{base}/c/{org}/{pk}/phones/")
        row = desk.locator(f"#d{delegate.number}")
        assert "không có điện thoại" in row.inner_text().lower() or "chưa" in row.inner_text().lower()
        row.get_by_role("button").click()
        desk.wait_for_selector("#bind-qr svg")
        assert delegate.full_name in desk.inner_text("#bind-code")
        link = desk.locator(".bind-link").inner_text().strip()
        assert re.fullmatch(re.escape(base) + r"/v/b/[^/]+/", link), link
        links.append(link)
        if len(links) == 1:
            _shot(desk, "01-desk-binding-code")
    desk.goto(f"{base}/c/{org}/{pk}/phones/")
    assert "Điện thoại đã gắn: 0" in desk.inner_text("#phones-summary")

    # --- Three phones open the link (their camera app would) and bind.
    phones = []
    for i, (delegate, link) in enumerate(zip(on_phones, links, strict=True)):
        phone = _phone(open_phone, f"phone{i + 1}", errors)
        phone.goto(link)
        assert f"đại biểu số {delegate.number}, {delegate.full_name}" in phone.inner_text("main")
        if i == 0:
            _shot(phone, "02-phone-bind-question")
        with phone.expect_navigation():
            phone.get_by_role("button", name="Đồng ý, gắn điện thoại này").tap()
        assert phone.url == f"{base}/v/"
        assert delegate.full_name in phone.inner_text(".who")
        phones.append(phone)
    _shot(phones[0], "03-phone-home-before-poll")
    desk.reload()
    assert "Điện thoại đã gắn: 3" in desk.inner_text("#phones-summary")
    _shot(desk, "04-desk-phones-bound", full=False)
    # the rest of the hall binds through the service (the three browser phones stand for them)
    hall_devices = [
        devices.bind_device(devices.issue_binding_code(d).code, label="hội trường")[1] for d in rest
    ]

    # --- The presidium opens the poll from the round's page, with a countdown of 15 minutes.
    presidium = _staff(chromium, live_server, "chutich", errors)
    poll_url = f"{base}/c/{org}/{pk}/elections/{election.pk}/rounds/1/poll/"
    presidium.goto(poll_url)
    _shot(presidium, "05-poll-before-open")
    presidium.fill("#poll-open-form input[name=minutes]", "15")
    presidium.click("#poll-open")
    presidium.wait_for_selector("#poll-countdown")
    poll = polls.poll_of(rnd)
    assert poll is not None
    assert re.fullmatch(r"1[45]:\d\d", presidium.inner_text("#poll-countdown"))
    assert "0 / 48" in presidium.inner_text("#poll-progress")
    _shot(presidium, "06-poll-open")

    # --- The projector (observer) during the poll: "x / y have voted".
    projector = _staff(chromium, live_server, "quansat", errors, viewport={"width": 1600, "height": 900})
    projector.goto(f"{base}/c/{org}/{pk}/projector/")
    projector.wait_for_selector("#p-poll")
    assert projector.inner_text("#p-voted") == "0"

    # --- Each phone: the ballot appears on the home page by itself; strike by tapping; confirm; receipt.
    strikes = [(9, 10), (8, 10), (9, 10)]
    for i, (phone, struck) in enumerate(zip(phones, strikes, strict=True)):
        link = phone.get_by_role("link", name=re.compile(re.escape(election.title)))
        link.wait_for(timeout=10_000)  # the home page refreshes itself
        if i == 0:
            _shot(phone, "07-phone-home-poll-open")
        link.tap()
        phone.wait_for_url(f"**/v/polls/{poll.pk}/")
        counter = phone.locator("[data-counter]")
        assert counter.inner_text() == "Giữ lại 10 / bầu 8 người"
        for position in struck:
            phone.get_by_text(names[position - 1], exact=True).tap()
        assert counter.inner_text() == "Giữ lại 8 / bầu 8 người"
        if i == 0:
            _shot(phone, "08-phone-ballot-struck")
        phone.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
        confirm = phone.locator("#confirm")
        assert confirm.is_visible()
        assert confirm.locator(".summary.struck li").all_inner_texts() == [
            f"{p}. {names[p - 1]}" for p in struck
        ]
        if i == 0:
            _shot(phone, "09-phone-confirm")
        phone.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
        phone.get_by_text("Phiếu của đồng chí đã được bỏ vào hòm phiếu.").wait_for()
        body = phone.inner_text("body")
        assert not [n for n in names if n in body], "the receipt shows the ballot's content"
        if i == 0:
            _shot(phone, "10-phone-receipt")
    assert Participation.objects.filter(poll=poll, channel="electronic").count() == 3

    # --- The paper-ballot desk (counting committee): a delegate without a phone takes a paper ballot.
    clerk1 = _staff(chromium, live_server, "kiemphieu", errors)
    clerk1.goto(f"{base}/c/{org}/{pk}/polls/{poll.pk}/paper/")
    clerk1.fill("#code", str(on_paper.number))
    clerk1.press("#code", "Enter")
    clerk1.wait_for_selector(".paper-answer.ok")
    assert on_paper.full_name in clerk1.inner_text(".paper-answer.ok")
    clerk1.wait_for_selector(f"li[data-number='{on_paper.number}']")
    # a delegate who voted on a phone is refused a paper ballot, in words
    clerk1.fill("#code", str(on_phones[0].number))
    clerk1.press("#code", "Enter")
    clerk1.wait_for_selector(".paper-answer.err")
    assert "điện thoại" in clerk1.inner_text(".paper-answer.err")
    _shot(clerk1, "11-paper-desk")

    # --- Live figures: 4 / 48 on the presidium's page and the projector, never a name's count.
    presidium.wait_for_function(
        "document.querySelector('#poll-progress').dataset.voted === '4'", timeout=10_000
    )
    assert "4 / 48" in presidium.inner_text("#poll-progress")
    assert "3 trên điện thoại, 1 phiếu giấy" in presidium.inner_text("#poll-progress")
    projector.wait_for_function("document.querySelector('#p-voted').textContent === '4'", timeout=15_000)
    _shot(presidium, "12-poll-live")
    _shot(projector, "13-projector-poll", full=False)
    for page in (presidium, projector, clerk1):
        _no_count_of_any_name(page.inner_text("body"), names)
    for url in (
        f"{base}/c/{org}/{pk}/polls/{poll.pk}/progress/",
        f"{base}/api/voting/polls/{poll.pk}/progress",
        f"{base}/c/{org}/{pk}/",
    ):
        presidium.goto(url)
        _no_count_of_any_name(presidium.inner_text("body"), names)
    # the election's page lists the ballot's names (public since the list was approved), with no count
    presidium.goto(f"{base}/e/{org}/{election.pk}/")
    _shot(presidium, "12b-election-page-during-poll")
    assert presidium.locator("#bars, #result-status, #ballot-figures").count() == 0
    for row in presidium.locator("#candidates tbody tr").all_inner_texts():
        assert not re.search(r"\d+\s*phiếu|\d+([.,]\d+)?\s*%", row), row
    presidium.goto(poll_url)

    # the rest of the hall votes (through the service): 48 / 48
    for device in hall_devices:
        polls.cast_ballot(poll, device, polls.read_ballot(rnd, struck=[9, 10]))
    presidium.wait_for_function(
        "document.querySelector('#poll-progress').dataset.voted === '48'", timeout=10_000
    )
    projector.wait_for_function("document.querySelector('#p-voted').textContent === '48'", timeout=15_000)
    _no_count_of_any_name(projector.inner_text("body"), names)
    _no_count_of_any_name(presidium.inner_text("body"), names)

    # --- The presidium closes: a confirmation with the figures, then the round waits for the paper.
    presidium.click("#poll-close")
    presidium.wait_for_selector("#close-figures")
    assert "48" in presidium.inner_text("#close-figures")
    _shot(presidium, "14-poll-close-confirm")
    presidium.click("#confirm-button")
    presidium.wait_for_selector("#poll-next")
    assert presidium.locator("#poll-progress").get_attribute("data-status") == "closed"
    _shot(presidium, "15-poll-closed")
    assert Ballot.objects.filter(poll=poll).count() == 47

    # --- Two clerks enter the paper figures and the one paper ballot; reconcile, close, announce.
    ebase = f"{base}/e/{org}/{election.pk}"
    clerk1.goto(ebase + "/rounds/1/count/?clerk=1")
    clerk1.wait_for_selector("#electronic-count")
    assert "47" in clerk1.inner_text("#electronic-count")
    clerk1.fill("input[name=issued]", "1")
    clerk1.fill("input[name=returned]", "1")
    _shot(clerk1, "16-paper-counts")
    clerk1.click("#counts-form button")
    clerk1.wait_for_selector("#entry-text")
    for clerk, number in ((clerk1, 1), (_staff(chromium, live_server, "kiemphieu2", errors), 2)):
        if number == 2:
            clerk.goto(ebase + f"/rounds/1/count/?clerk={number}")
        assert clerk.locator("#entry-position").input_value() == "1"
        clerk.fill("#entry-text", "9 10")
        clerk.press("#entry-text", "Enter")
        clerk.wait_for_function(
            "document.querySelector('#entry-answer').textContent.includes('Đã lưu phiếu số 1')"
        )
    _shot(clerk1, "17-paper-ballot-entered")
    clerk1.goto(ebase + "/rounds/1/reconcile/")
    clerk1.wait_for_selector("#rec-summary.ok-box")
    _shot(clerk1, "18-reconcile")
    clerk1.click("#close-round")
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#result-status")
    assert clerk1.locator("#result-status").get_attribute("data-status") == "complete"
    assert clerk1.locator("#bars li.is-elected").count() == 8
    rnd = Round.objects.get(pk=rnd.pk)
    assert (rnd.issued, rnd.returned, rnd.electronic) == (48, 48, 47)
    clerk1.click("#announce")
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#election-status")
    assert clerk1.locator("#election-status").inner_text() == "Đã công bố"
    _shot(clerk1, "19-result-announced")

    # --- The projector shows the result after the announcement.
    projector.goto(f"{base}/c/{org}/{pk}/projector/")
    projector.wait_for_selector(".p-election")
    assert projector.locator(".p-election .is-elected").count() == 8
    _shot(projector, "20-projector-result", full=False)

    # --- The minutes state the split: 47 on phones, 1 on paper.
    from daihoi.documents.preview import pdf_to_png

    with clerk1.expect_download() as info:
        clerk1.click("#minutes-pdf")
    text = _pdf_text(pathlib.Path(info.value.path()).read_bytes())
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    data = pathlib.Path(info.value.path()).read_bytes()
    (ARTIFACTS / "walk-21-minutes-p1.png").write_bytes(pdf_to_png(data, 0, dpi=70))
    assert (
        "Số phiếu phát ra: 48 (trong đó 47 phiếu điện tử, 1 phiếu giấy); "
        "số phiếu thu về: 48 (trong đó 47 phiếu điện tử, 1 phiếu giấy)."
    ) in text

    assert not errors, errors
