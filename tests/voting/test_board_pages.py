"""The public board's pages of a verifiable poll (/board/<uuid>/, its check page and QR code), without a
login: the status, the trackers and their search (server-side, no JavaScript), the audited ballots, the
result once decrypted with the key holders whose shares were used, and the board's fingerprint."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.test import Client
from phone_verifiable_setup import decrypt, open_verifiable
from verifiable_setup import challenged, encrypted

from daihoi.core import verifiable as core
from daihoi.voting.services import polls, verifiable

pytestmark = pytest.mark.django_db


def bind(congress, number):
    from daihoi.voting.services import devices

    delegate = congress.delegates.get(number=number)
    return devices.bind_device(devices.issue_binding_code(delegate).code, label="test phone")[1]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def board(session, committee_election):
    """An open verifiable poll with three ballots cast (one invalid: all 10 names kept for 8 places) and
    one audited ballot: (poll, key shares, trackers cast, audited tracker)."""
    poll, shares = open_verifiable(session, committee_election)
    manifest = poll.manifest
    cast = [
        verifiable.cast_encrypted(poll.pk, bind(session, n), encrypted(manifest, content))
        for n, content in ((1, "9,10"), (2, "1,2"), (3, ""))
    ]
    ballot, reveal = challenged(manifest, "1,5")
    audited, kept = verifiable.post_audited(poll.pk, bind(session, 4), ballot, reveal)
    assert kept == [2, 3, 4, 6, 7, 8, 9, 10]
    return poll, shares, cast, audited


def test_the_open_board_lists_the_trackers_without_a_login(board):
    poll, _shares, cast, audited = board
    page = Client().get(f"/board/{poll.uuid}/")
    assert page.status_code == 200
    text = text_of(page)
    assert poll.round.election.title in text
    assert "Đang bỏ phiếu" in text
    assert re.search(r"<b data-total>3</b> phiếu mã hoá trên điện thoại đã ở trong hòm phiếu", text)
    listed = re.findall(r"<li><code>([A-Z2-7 ]+)</code></li>", text)
    assert listed == sorted(cast)  # every cast tracker, grouped by four as on the phone, in order
    assert audited not in listed  # a challenged ballot is never in the ballot box
    assert f'<code>{audited}</code> <a href="/board/{poll.uuid}/check/{core.tracker_key(audited)}/">' in text
    # While voting goes on the JSON file (every ballot) is not offered, nor a fingerprint.
    assert f"/board/{poll.uuid}.json" not in text
    assert "data-fingerprint" not in text
    assert "được công bố khi kết thúc bỏ phiếu" in text
    # Nothing names a voter.
    for n in (1, 2, 3, 4):
        assert poll.round.election.congress.delegates.get(number=n).full_name not in text


def test_the_search_finds_a_tracker_by_its_first_characters(board):
    poll, _shares, cast, _audited = board
    wanted = cast[1]
    typed = wanted.replace(" ", "")[:8].lower()  # typed in lower case, without the spaces
    page = Client().get(f"/board/{poll.uuid}/", {"q": typed[:4] + " " + typed[4:]})
    text = text_of(page)
    assert re.findall(r"<li><code>([A-Z2-7 ]+)</code></li>", text) == [wanted]
    assert "1 mã phiếu bắt đầu bằng " + typed.upper() in text
    assert f'value="{typed.upper()}"' in text  # the box keeps what was looked for

    missing = Client().get(f"/board/{poll.uuid}/", {"q": "0000"})  # 0 is not a base32 digit
    assert re.findall(r"<li><code>([A-Z2-7 ]+)</code></li>", text_of(missing)) == []
    assert "Không có mã phiếu nào bắt đầu bằng 0000." in text_of(missing)
    long = Client().get(f"/board/{poll.uuid}/", {"q": "A" * 5000})
    assert long.status_code == 200


def test_the_decrypted_board_shows_the_result_the_key_holders_and_the_fingerprint(board, session):
    poll, shares, _cast, _audited = board
    polls.close_poll(poll)
    poll.refresh_from_db()
    page = text_of(Client().get(f"/board/{poll.uuid}/"))
    assert "Đã kết thúc bỏ phiếu, chờ giải mã" in page
    assert "Kết quả giải mã" not in page

    decrypt(poll, shares, (1, 3))
    page_response = Client().get(f"/board/{poll.uuid}/")
    page = text_of(page_response)
    assert "Đã giải mã" in page
    names = [c["name"] for c in poll.manifest["candidates"]]
    # Ballot 1 keeps names 1-8, ballot 2 names 3-10; ballot 3 keeps all 10 (too many): invalid.
    expected = [1, 1, 2, 2, 2, 2, 2, 2, 1, 1]
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>([^<]+)</td><td class="num">(\d+)</td></tr>', page)
    assert rows == [
        (str(p), name, str(v)) for p, (name, v) in enumerate(zip(names, expected, strict=True), start=1)
    ]
    assert "Phiếu hợp lệ: <b>2</b>" in page
    assert "Phiếu không hợp lệ: <b>1</b> (giữ lại nhiều tên hơn số cần bầu: 1" in page
    assert "Người giữ khoá số 1: Nguyễn Văn An" in page
    assert "Người giữ khoá số 3: Lê Văn Cường" in page
    assert "Người giữ khoá số 2" not in page
    # The fingerprint shown is the SHA-256 of the file the download link serves.
    served = Client().get(f"/board/{poll.uuid}.json")
    assert served.status_code == 200
    assert f'href="/board/{poll.uuid}.json"' in page
    digest = hashlib.sha256(served.content).hexdigest()
    assert f'<code class="fingerprint" data-fingerprint>{digest}</code>' in page
    assert "daihoi verify" in page
    assert json.loads(served.content)["result"]["votes"] == expected


def test_the_check_page_carries_the_audited_ballot_for_the_browser(board):
    poll, _shares, cast, audited = board
    key = core.tracker_key(audited)
    page = Client().get(f"/board/{poll.uuid}/check/{key}/")
    assert page.status_code == 200
    text = text_of(page)
    assert audited in text
    assert "board_check.js" in text
    found = re.search(
        r'<script id="audited-data" type="application/json">(.*?)</script>', page.content.decode(), re.S
    )
    assert found is not None
    data = json.loads(found.group(1))
    assert data["manifest"] == poll.manifest
    assert core.tracker(data["ballot"]) == audited
    assert core.check_audited(poll.manifest, data["ballot"], data["reveal"]).xs == [
        0,
        1,
        1,
        1,
        0,
        1,
        1,
        1,
        1,
        1,
    ]
    # The grouped form (spaces as %20) finds it too; the QR code is of the check page.
    assert Client().get(f"/board/{poll.uuid}/check/{audited}/").status_code == 200
    qr = Client().get(f"/board/{poll.uuid}/check/{key}/qr.svg")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")

    # A cast ballot is never opened; an unknown tracker is not found.
    as_cast = Client().get(f"/board/{poll.uuid}/check/{core.tracker_key(cast[0])}/")
    assert as_cast.status_code == 404
    assert "đã được bỏ vào hòm, không phải phiếu mở để kiểm tra" in text_of(as_cast)
    assert Client().get(f"/board/{poll.uuid}/check/{core.tracker_key(cast[0])}/qr.svg").status_code == 404
    unknown = Client().get(f"/board/{poll.uuid}/check/AAAA/")
    assert unknown.status_code == 404
    assert "Không có phiếu mở để kiểm tra nào có mã AAAA." in text_of(unknown)


def test_a_plain_poll_or_an_unknown_uuid_has_no_board(e_election):
    plain = polls.open_poll(e_election.rounds.get())
    assert Client().get(f"/board/{plain.uuid}/").status_code == 404
    assert Client().get("/board/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert Client().get("/board/not-a-uuid/").status_code == 404
