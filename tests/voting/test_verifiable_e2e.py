"""The issue's acceptance test, end to end in Chromium against the live server: the organizer makes the
congress's secret ballots verifiable and starts the key ceremony (5 key holders, 3 needed) on its page;
five trustee devices run the ceremony in their browsers from the links shown once; the presidium opens
the round's poll; 42 phones cast through the HTTP API (ballots encrypted by the Python core, the device
cookie and CSRF as a phone sends them) and two real phones in Chromium cast, one an invalid ballot (every
name struck: the phone warns, the voter casts anyway), one after a challenge checked ĐÚNG on another
device; the presidium closes the poll; three key holders decrypt on their pages and the poll page shows
the figures; the round's result equals the engine's count of the same plaintext ballots; `daihoi verify`
says ĐÚNG on the downloaded board and SAI on a tampered one. Tired-clerk mistakes on the way: double
clicks on start / close / decrypt, the back button on a trustee page, a wrong login on the organizer's
page. Screenshots: test-artifacts/voting/e2e-*.png."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.core import verifiable as core
from daihoi.core.election import BallotCounter
from daihoi.core.election import result as engine_result
from daihoi.elections import services as election_services
from daihoi.elections.services.engine import content_row, engine_input
from daihoi.voting.models import CeremonyStatus, EncryptedBallot, KeyCeremony, Poll
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.poll_views import poll_url
from daihoi.voting.services import ceremony as ceremonies
from daihoi.voting.services import devices

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "voting"
SRC = pathlib.Path(__file__).resolve().parents[2] / "src"
KEY_HOLDERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
ALL = ",".join(str(p) for p in range(1, 11))
# What the 42 API phones cast (struck positions of the 8-seat, 10-name list): valid ballots, ballots
# keeping too many names (one or none struck) and ballots striking every name.
API_CONTENTS = (
    ["9,10"] * 25
    + ["1,2"] * 6
    + ["1,2,3"] * 3
    + ["5,6,7,8,9,10"]
    + ["3,10", "4,9", "2"]
    + ["", ""]
    + [ALL] * 2
)
INVALID_PHONE, CHALLENGE_PHONE = 30, 31
# 11, 22, 33 are probationary members (no vote); 52 and 53 are absent.
API_VOTERS = [n for n in range(1, 52) if n not in (11, 22, 33, INVALID_PHONE, CHALLENGE_PHONE)][
    : len(API_CONTENTS)
]
EXPECTED_REASONS = {
    "too_many": 3,
    "all_struck": 3,
}  # 3 API ballots keep 9 or 10 names; 2 API + 1 phone strike all
WIDTH = 360


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"e2e-{name}.png"), full_page=True)


def fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"the page is {width} px wide"


@pytest.fixture
def desktop(chromium):
    """`desktop()` -> a page in a staff member's own desktop browser context, closed after the test."""
    opened = []

    def make():
        context = chromium.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(20_000)
        opened.append(context)
        return context.new_page()

    yield make
    for context in opened:
        context.close()


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert "/accounts/login/" not in page.url, username


def expected_result(rnd, contents: list[str]):
    """The engine's result on the same ballots as plaintext, counted directly."""
    e = engine_input(rnd)
    counter = BallotCounter(e)
    counter.add(np.stack([content_row(rnd, c) for c in contents]), 0, None)
    return engine_result(e, counter)


def verify(board: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "daihoi_verify", str(board), "--json", "--workers", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=120,
        check=False,
    )


def test_verifiable_congress_end_to_end(
    desktop, open_phone, live_server, session, committee_election, tmp_path
):
    congress, election = session, committee_election
    org = congress.organization
    users = {}
    for role in (Role.ORGANIZER, Role.PRESIDIUM, Role.DELEGATE):
        users[role] = get_user_model().objects.create_user(username=role.value, password=f"pw-{role.value}")
        RoleAssignment.objects.create(user=users[role], organization=org, role=role)
    keys_path = reverse("voting_staff:ceremony", kwargs={"org_code": org.code, "pk": congress.pk})

    # A wrong login trying the organizer's page: refused.
    wrong = desktop()
    log_in(wrong, live_server, "delegate")
    assert wrong.goto(live_server.url + keys_path).status == 403
    shot(wrong, "0-wrong-login")

    # 1. The organizer: the ballot form on the dossier page, then the key ceremony's page.
    organizer = desktop()
    log_in(organizer, live_server, "organizer")
    organizer.goto(
        live_server.url + reverse("congresses:dossier", kwargs={"org_code": org.code, "pk": congress.pk})
    )
    organizer.select_option("#ballot-form", "verifiable")
    with organizer.expect_navigation():
        organizer.get_by_role("button", name="Lưu số và ngày").click()
    congress.refresh_from_db()
    assert congress.ballot_form == "verifiable"
    with organizer.expect_navigation():
        organizer.click("#ceremony-link")
    assert organizer.url == live_server.url + keys_path
    organizer.fill("#ceremony-names", "\n".join(KEY_HOLDERS))
    organizer.fill("#ceremony-threshold", "3")
    with organizer.expect_navigation():
        organizer.dblclick("#ceremony-start")  # a tired clerk's double click: one ceremony, links shown
    links = organizer.locator(".trustee-url").all_inner_texts()
    assert len(links) == 5, organizer.inner_text("main")
    assert KeyCeremony.objects.filter(congress=congress).count() == 1
    shot(organizer, "1-organizer-links")

    # 2. Five key holders' devices open their links and run the ceremony in the browser.
    trustees = {}
    for index, link in enumerate(links, start=1):
        device = open_phone()
        device.goto(link.strip())
        assert f"người giữ khoá số {index}" in device.inner_text("#trustee-join-who")
        with device.expect_navigation():
            device.click("#trustee-join")
        assert device.url == f"{live_server.url}/k/"
        trustees[index] = device
    # Key holder 2 presses the back button on the device's page: the link's question again; confirming
    # again comes back to the same device's page, the ceremony goes on.
    trustees[2].go_back()
    assert "người giữ khoá số 2" in trustees[2].inner_text("#trustee-join-who")
    with trustees[2].expect_navigation():
        trustees[2].click("#trustee-join")
    assert trustees[2].url == f"{live_server.url}/k/"
    with organizer.expect_navigation():
        organizer.click("#links-done")
    progress_asked = []  # the organizer's page polls the ceremony's progress until it is complete
    organizer.on("request", lambda r: progress_asked.append(r.url) if "/keys/progress/" in r.url else None)
    for device in trustees.values():
        device.locator("#trustee-complete").wait_for(state="visible", timeout=90_000)
    ceremony = KeyCeremony.objects.get(congress=congress)
    assert ceremony.status == CeremonyStatus.COMPLETE
    fingerprint = ceremonies.fingerprint(ceremony.public_key)
    for device in trustees.values():
        assert device.inner_text("#trustee-fingerprint") == fingerprint
    organizer.locator("#ceremony-fingerprint").wait_for(timeout=20_000)
    assert organizer.inner_text("#ceremony-fingerprint") == fingerprint
    shot(organizer, "2-organizer-ceremony")
    asked_when_complete = len(progress_asked)
    assert asked_when_complete >= 1  # it did follow the ceremony live
    fits_the_screen(trustees[1])
    shot(trustees[1], "3-trustee-complete")

    # 3. Phones bound at the desk (services), the poll opened by the presidium on its page.
    tokens = {}
    for n in [*API_VOTERS, INVALID_PHONE, CHALLENGE_PHONE]:
        delegate = congress.delegates.get(number=n)
        tokens[n], _device = devices.bind_device(devices.issue_binding_code(delegate).code, label="e2e")
    presidium = desktop()
    log_in(presidium, live_server, "presidium")
    rnd = election.rounds.get()
    presidium.goto(live_server.url + poll_url(rnd))
    with presidium.expect_navigation():
        presidium.dblclick("#poll-open")
    assert presidium.locator("#poll-key-fingerprint").inner_text() == fingerprint
    poll = Poll.objects.get(round=rnd)
    names = [c["name"] for c in poll.manifest["candidates"]]

    # The API phones: each fetches the manifest with its cookie, checks it, encrypts and casts.
    trackers = []
    for n, content in zip(API_VOTERS, API_CONTENTS, strict=True):
        http = requests.Session()
        http.cookies.set(COOKIE_NAME, tokens[n])
        page = http.get(f"{live_server.url}/v/polls/{poll.pk}/", timeout=30)
        assert page.status_code == 200
        got = http.get(f"{live_server.url}/api/voting/polls/{poll.pk}/manifest", timeout=30).json()
        manifest = got["manifest"]
        assert got["uuid"] == str(poll.uuid)
        core.check_manifest_keys(manifest)
        ballot, _secrets = core.encrypt_ballot(manifest, core.choice_from_content(manifest, content))
        answer = http.post(
            f"{live_server.url}/api/voting/polls/{poll.pk}/encrypted-ballot",
            json={"ballot": ballot},
            headers={"X-CSRFToken": http.cookies["csrftoken"]},
            timeout=30,
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["tracker"] == core.tracker(ballot)
        trackers.append(answer.json()["tracker"])

    def phone(n):
        device = open_phone()
        device.context.add_cookies([{"name": COOKIE_NAME, "value": tokens[n], "url": live_server.url}])
        device.goto(f"{live_server.url}/v/polls/{poll.pk}/")
        return device

    def strike(device, positions):
        for p in positions:
            device.get_by_text(names[p - 1], exact=True).tap()

    def encrypt(device):
        device.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
        device.get_by_role("button", name="Mã hoá phiếu").tap()
        sealed = device.locator("#sealed")
        sealed.wait_for(state="visible")
        return sealed.locator("[data-tracker]").inner_text().strip()

    # A real phone: every name struck. The phone warns; the voter casts anyway.
    invalid = phone(INVALID_PHONE)
    strike(invalid, range(1, 11))
    assert "0 / bầu 8" in invalid.inner_text("[data-counter]")
    assert invalid.locator("[data-warnings] .notice.bad").count() == 1
    invalid.get_by_role("button", name="Tiếp theo: kiểm tra lại phiếu").tap()
    assert invalid.locator("#confirm [data-confirm-warnings] .notice.bad").count() == 1
    fits_the_screen(invalid)
    shot(invalid, "4-phone-invalid-warned")
    invalid.get_by_role("button", name="Mã hoá phiếu").tap()
    invalid.locator("#sealed").wait_for(state="visible")
    invalid.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    invalid.locator("#receipt").wait_for(state="visible")
    fits_the_screen(invalid)
    shot(invalid, "4-phone-receipt")

    # A real phone challenges a ballot (names 1 and 5 struck), another device checks it, then it casts
    # another choice (9 and 10 struck).
    challenger = phone(CHALLENGE_PHONE)
    strike(challenger, [1, 5])
    challenged = encrypt(challenger)
    challenger.get_by_role("button", name="Kiểm tra mã hoá").tap()
    challenger.locator("#audited").wait_for(state="visible")
    check_link = challenger.locator("#audited [data-check-link]").get_attribute("href")
    checker = open_phone()
    checker.goto(live_server.url + check_link)
    checker.locator("[data-verdict]").wait_for(state="visible")
    assert checker.locator("[data-word]").inner_text() == "ĐÚNG"
    assert checker.locator("[data-other] li").all_inner_texts() == [f"1. {names[0]}", f"5. {names[4]}"]
    challenger.get_by_role("button", name="Quay lại lá phiếu").tap()
    strike(challenger, [1, 5, 9, 10])
    recast = encrypt(challenger)
    assert recast != challenged
    challenger.get_by_role("button", name="Bỏ phiếu", exact=True).tap()
    challenger.locator("#receipt").wait_for(state="visible")
    contents = [*API_CONTENTS, ALL, "9,10"]
    assert EncryptedBallot.objects.filter(poll=poll).count() == len(contents)

    # 4. The presidium closes the poll (the confirmation, double clicked).
    presidium.goto(live_server.url + poll_url(rnd))
    with presidium.expect_navigation():
        presidium.click("#poll-close")
    with presidium.expect_navigation():
        presidium.dblclick("#confirm-button")
    assert presidium.url == live_server.url + poll_url(rnd)
    assert "0/3" in presidium.inner_text("#poll-decryption")

    # Three of the five key holders decrypt on their pages (key holder 4 double clicks).
    for index in (4, 1, 3):
        item = trustees[index].locator(f'li[data-poll="{poll.uuid}"]')
        button = item.locator(".trustee-decrypt")
        if index == 4:
            button.dblclick(timeout=30_000)
        else:
            button.click(timeout=30_000)
        item.get_by_text("đã được gửi và kiểm tra").wait_for(timeout=30_000)
    # The confirmation stays through the page's next refreshes of the list (two /polls answers: the
    # first one is drawn before the second is asked), while the other key holders' pages drop the poll.
    for _ in range(2):
        with trustees[4].expect_response(lambda r: r.url.endswith("/polls"), timeout=20_000):
            pass
    assert "đã được gửi và kiểm tra" in trustees[4].inner_text(f'li[data-poll="{poll.uuid}"]')
    trustees[2].locator(f'li[data-poll="{poll.uuid}"]').wait_for(state="detached", timeout=20_000)
    fits_the_screen(trustees[4])
    shot(trustees[4], "3-trustee-decrypted")
    # The poll page, left open, shows the decrypted figures.
    table = presidium.locator("#poll-decrypted")
    table.wait_for(timeout=20_000)
    poll.refresh_from_db()
    assert poll.result["trustees"] == [1, 3, 4]
    rows = table.locator("tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == names
    shot(presidium, "5-poll-decrypted")

    # 5. The round's result through the elections' services equals the engine's count of the plaintexts.
    rnd.refresh_from_db()
    expected = expected_result(rnd, contents)
    assert election_services.count_round(rnd) == expected
    rnd = election_services.close_round(rnd)
    assert rnd.result == expected.to_dict()
    votes = poll.result["votes"]
    assert poll.result["invalid"] == {"too_many": 3, "all_struck": 3}
    assert poll.result["valid"] == len(contents) - 6
    figures = rnd.result
    assert {c["name"]: c["votes"] for c in figures["candidates"]} == dict(zip(names, votes, strict=True))
    assert (figures["ballots"]["valid"], figures["ballots"]["invalid"]) == (len(contents) - 6, 6)
    assert figures["ballots"]["invalid_reasons"] == EXPECTED_REASONS
    elected = [c["name"] for c in figures["candidates"] if c["elected"]]
    assert len(elected) == 8
    # The result page shows the same figures and the same elected names.
    result_page = reverse(
        "elections:result", kwargs={"org_code": org.code, "pk": election.pk, "number": rnd.number}
    )
    assert len(progress_asked) == asked_when_complete  # complete: the page stopped polling
    organizer.goto(live_server.url + result_page)
    rows = [r.split("\t") for r in organizer.locator("#result-table tbody tr").all_inner_texts()]
    assert {r[1].strip(): int(r[2]) for r in rows} == dict(zip(names, votes, strict=True))
    assert sorted(organizer.locator("#bars li.is-elected > span:first-child").all_inner_texts()) == sorted(
        elected
    )
    assert f"hợp lệ: {len(contents) - 6}" in organizer.inner_text("#ballot-figures")
    shot(organizer, "7-result")

    # The public board: downloaded over HTTP, checked by the independent verifier.
    board_file = tmp_path / "board.json"
    raw = requests.get(f"{live_server.url}/board/{poll.uuid}.json", timeout=30)
    assert raw.status_code == 200
    board_file.write_bytes(raw.content)
    done = verify(board_file)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert [v["votes"] for v in report["result"]["votes"]] == votes
    assert [v["name"] for v in report["result"]["votes"]] == names
    assert (report["result"]["ballots"], report["result"]["valid"]) == (len(contents), len(contents) - 6)
    assert report["result"]["invalid"] == {"too_many": 3, "all_struck": 3}
    assert report["result"]["audited"] == 1
    data = json.loads(raw.content)
    data["result"]["votes"][0] += 1
    board_file.write_text(json.dumps(data), encoding="utf-8")
    tampered = verify(board_file)
    assert tampered.returncode == 1, tampered.stdout + tampered.stderr
    assert json.loads(tampered.stdout)["failure"]["code"] == "result_votes"
    board = open_phone()
    board.goto(f"{live_server.url}/board/{poll.uuid}/")
    assert "Đã giải mã" in board.inner_text(".board-status")
    fits_the_screen(board)
    shot(board, "6-board")
