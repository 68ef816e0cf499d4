"""The staff's voting pages in Chromium (Playwright, CSP on): the desk's binding code, the poll control
live, the paper-ballot desk, the projector during a poll (never a partial result) and an open vote on
phones. Screenshots in test-artifacts/voting/ (desktop 1366×768, projector 1920×1080)."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from daihoi.voting.services import open_votes, polls

pytestmark = pytest.mark.browser
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "voting"
DESKTOP = {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}


def _context(chromium: Any, live_server: Any, user: Any, viewport: dict[str, int]) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport)
    context.set_default_timeout(15_000)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )
    return context


def _shot(page: Any, name: str, full: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


@pytest.fixture
def organizer(transactional_db, electronic, django_user_model):
    from daihoi.accounts.models import RoleAssignment

    user = django_user_model.objects.create_user(username="vs-organizer", password="pw", first_name="Tổ chức")
    RoleAssignment.objects.create(user=user, organization=electronic.organization, role="organizer")
    return user


def test_staff_voting_pages(chromium, live_server, organizer, e_election, phones):
    from django.urls import reverse

    congress = e_election.congress
    org, pk = congress.organization.code, congress.pk
    base = live_server.url
    context = _context(chromium, live_server, organizer, DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # the check-in desk: a delegate checks in, the desk offers a binding code
    from daihoi.congresses.services import undo_check_in

    undo_check_in(congress.delegates.get(number=45), reason="nhầm")
    page.goto(f"{base}/c/{org}/{pk}/desk/")
    page.fill("#code", "45")
    page.press("#code", "Enter")
    page.wait_for_selector("#bind-phone")
    _shot(page, "desk-after-check-in")
    page.click("#bind-phone")
    page.wait_for_selector("#bind-qr svg")
    assert page.locator("#bind-text").inner_text().replace(" ", "").isalnum()
    _shot(page, "binding-code")
    # the phone's camera opens the QR's link: a phone (no login) binds itself to delegate 45
    link = page.inner_text(".bind-link").strip()
    phone_context = chromium.new_context(locale="vi-VN", viewport={"width": 360, "height": 640})
    phone = phone_context.new_page()
    phone.goto(link)
    phone.click("button[type=submit]")
    phone.wait_for_load_state()
    from daihoi.voting.services.devices import active_device

    assert active_device(congress.delegates.get(number=45)) is not None
    phone_context.close()
    page.goto(f"{base}/c/{org}/{pk}/phones/")
    _shot(page, "phones", full=False)
    page.goto(f"{base}/c/{org}/{pk}/phones/{congress.delegates.get(number=1).pk}/revoke/")
    _shot(page, "revoke-confirm")

    # the poll: open with a countdown
    rnd = e_election.rounds.get()
    kwargs = {"org_code": org, "pk": pk, "election_id": e_election.pk, "number": 1}
    poll_url = base + reverse("voting_staff:poll", kwargs=kwargs)
    page.goto(poll_url)
    _shot(page, "poll-before-open")
    page.fill("input[name=minutes]", "15")
    page.click("#poll-open")
    page.wait_for_selector("#poll-countdown")
    poll = polls.poll_of(rnd)
    assert poll is not None
    devices = list(phones.values())
    for device in devices[:12]:
        polls.cast_ballot(poll, device, polls.read_ballot(rnd, struck=[9, 10]))
    polls.issue_paper_ballot(poll, "40")
    page.wait_for_function("document.querySelector('#poll-progress').dataset.voted === '13'", timeout=8000)
    _shot(page, "poll-open-live")
    names = [rc.candidate.full_name for rc in rnd.entries.select_related("candidate")]
    body = page.inner_text("body")
    assert not [n for n in names if n in body], "a candidate's name (and so a partial result) is on the page"

    # the paper-ballot desk: one handed out, one refused (voted on a phone)
    page.goto(f"{base}/c/{org}/{pk}/polls/{poll.pk}/paper/")
    page.fill("#code", "41")
    page.press("#code", "Enter")
    page.wait_for_selector(".paper-answer.ok")
    page.wait_for_function("document.querySelector('#code').value === ''")
    page.fill("#code", str(next(iter(phones))))
    page.press("#code", "Enter")
    page.wait_for_selector(".paper-answer.err")
    page.wait_for_selector("li[data-number='41']")
    _shot(page, "paper-desk")

    # the projector during the poll: "x / y have voted", no names
    projector = context.new_page()
    projector.set_viewport_size(PROJECTOR)
    projector.goto(f"{base}/c/{org}/{pk}/projector/")
    projector.wait_for_selector("#p-poll")
    assert projector.inner_text("#p-voted") == "14"
    text = projector.inner_text("body")
    assert not [n for n in names if n in text]
    _shot(projector, "projector-poll", full=False)

    # close: the confirmation with the figures, then the next step
    page.goto(poll_url)
    page.click("#poll-close")
    page.wait_for_selector("#close-figures")
    assert "14" in page.inner_text("#close-figures")
    _shot(page, "poll-close-confirm")
    page.click("#confirm-button")
    page.wait_for_selector("#poll-next")
    _shot(page, "poll-closed")
    page.goto(f"{base}/e/{org}/{e_election.pk}/rounds/1/count/?clerk=1")
    page.wait_for_selector("#electronic-count")
    _shot(page, "counts-hybrid")

    # an open vote on phones: live counts on the vote's page and the projector
    from daihoi.congresses import services as congress_services

    vote = congress_services.create_open_vote(congress, kind="other", title="Thông qua Quy chế bầu cử")
    congress_services.open_open_vote(vote)
    page.goto(f"{base}/c/{org}/{pk}/votes/{vote.pk}/")
    for device in devices[:9]:
        open_votes.choose(vote, device, "agree")
    open_votes.choose(vote, devices[9], "disagree")
    open_votes.choose(vote, devices[10], "abstain")
    page.wait_for_function("document.querySelector('#vote-phones').dataset.agree === '9'", timeout=8000)
    _shot(page, "open-vote-phones")
    projector.wait_for_selector("#p-phones")
    _shot(projector, "projector-open-vote", full=False)
    errors = [e for e in errors if "favicon.ico" not in e]  # the site has no icon (not these pages')
    assert not errors, errors  # no CSP violation, no missing script or style
    context.close()
