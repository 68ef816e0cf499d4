"""A verifiable poll on the staff poll page (the key's fingerprint, the board, "awaiting decryption: a/k
key holders", then the decrypted figures, never while open) and in the documents (the election rules'
Articles 3 and 4, the counting minutes and the congress minutes: encrypted, who decrypted, the board's
fingerprint). The documents' pages are written as PNG to test-artifacts/voting-documents/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from test_voting_documents import in_both
from verifiable_setup import VOTERS_30, encrypted

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.core import verifiable as core
from daihoi.elections import minutes
from daihoi.elections import services as election_services
from daihoi.voting.board import board_fingerprint, fingerprint_shown
from daihoi.voting.models import Trustee
from daihoi.voting.services import polls, verifiable

pytestmark = pytest.mark.django_db

CONTENTS = ["9,10"] * 6 + ["1,2"] * 3 + [""]  # one invalid: ten names kept for eight places


@pytest.fixture
def presidium(v_election, django_user_model):
    user = django_user_model.objects.create_user(username="vv-presidium", password="pw")
    RoleAssignment.objects.create(
        user=user, organization=v_election.congress.organization, role=Role.PRESIDIUM
    )
    return user


def _page(client, election) -> str:
    url = reverse(
        "voting_staff:poll",
        kwargs={"org_code": election.congress.organization.code, "pk": election.congress.pk,
                "election_id": election.pk, "number": 1},
    )  # fmt: skip
    return client.get(url).content.decode()


def _decrypt(poll, shares, indices):
    tally = [(bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in poll.tally]
    for i in indices:
        trustee = Trustee.objects.get(ceremony=poll.ceremony, index=i)
        verifiable.submit_decryption_share(
            poll, trustee, core.decryption_share(poll.manifest, tally, shares[i])
        )


@pytest.fixture
def counted(v_election, ceremony, phones):
    """Round 1 cast on 10 phones, closed, decrypted by key holders 1, 3 and 4, counted."""
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    for n, content in zip(VOTERS_30, CONTENTS, strict=False):
        verifiable.cast_encrypted(poll.pk, phones[n], encrypted(poll.manifest, content))
    polls.close_poll(poll)
    poll.refresh_from_db()
    _decrypt(poll, ceremony[1], (1, 3, 4))
    poll.refresh_from_db()
    return election_services.close_round(rnd), poll


def test_the_poll_page_shows_the_key_the_board_and_the_decryption(
    client, presidium, v_election, ceremony, phones
):
    client.force_login(presidium)
    rnd = v_election.rounds.get()
    poll = polls.open_poll(rnd)
    for n, content in zip(VOTERS_30, CONTENTS, strict=False):
        verifiable.cast_encrypted(poll.pk, phones[n], encrypted(poll.manifest, content))
    html = _page(client, v_election)
    assert verifiable.key_fingerprint(ceremony[0].public_key) in html
    assert f"/board/{poll.uuid}.json" in html
    assert "Đang chờ giải mã" not in html
    assert 'id="poll-decrypted"' not in html  # never a result while open
    polls.close_poll(poll)
    poll.refresh_from_db()
    html = _page(client, v_election)
    assert "Đang chờ giải mã: 0/3 người giữ khoá" in html
    assert 'hx-select="#poll-after"' in html  # the page left open refreshes itself while awaiting
    assert "sẵn sàng" not in html  # not ready to count before the decryption
    _decrypt(poll, ceremony[1], (2, 5))
    html = _page(client, v_election)
    assert "Đang chờ giải mã: 2/3 người giữ khoá" in html
    assert 'id="poll-decrypted"' not in html
    _decrypt(poll, ceremony[1], (1,))
    html = _page(client, v_election)
    assert "Đang chờ giải mã" not in html
    assert 'id="poll-decrypted"' in html
    assert 'hx-select="#poll-after"' not in html  # decrypted: nothing more to wait for
    names = [c["name"] for c in poll.manifest["candidates"]]
    assert f"<tr><td>{names[0]}</td><td>6</td></tr>" in html  # the invalid ballot keeps no vote
    assert f"<tr><td>{names[9]}</td><td>3</td></tr>" in html
    assert "Nguyễn Văn An, Trần Thị Bình, Hoàng Văn Em" in html


def test_counting_minutes_say_who_decrypted_and_the_board(counted):
    rnd, poll = counted
    fingerprint = fingerprint_shown(board_fingerprint(poll))
    in_both(
        minutes.round_minutes(rnd),
        "BIÊN BẢN KIỂM PHIẾU",
        "được mã hoá ngay trên từng điện thoại",
        "Nguyễn Văn An, Lê Văn Cường, Phạm Thị Dung (cần 3 trong 5 người giữ khoá)",
        fingerprint.split()[0],
        "Số phiếu hợp lệ: 9; số phiếu không hợp lệ: 1",
        stem="counting-minutes-verifiable",
    )


def test_congress_minutes_say_who_decrypted_and_the_board(counted):
    from daihoi.dossier_docs import minutes as congress_minutes

    _rnd, poll = counted
    in_both(
        congress_minutes.general_minutes(poll.round.election.congress),
        "BIÊN BẢN ĐẠI HỘI",
        "Nguyễn Văn An, Lê Văn Cường, Phạm Thị Dung",
        fingerprint_shown(board_fingerprint(poll)).split()[0],
        stem="congress-minutes-verifiable",
    )


def test_election_rules_of_a_verifiable_congress(v_election, ceremony):
    from daihoi.dossier_docs import rules

    in_both(
        rules.election_rules(v_election.congress),
        "Điều 3.",
        "do 5 thành viên Ban Kiểm phiếu cùng tạo ra",
        "Phải có đủ 3 người",
        "mã phiếu",
        "yêu cầu điện thoại chứng minh việc mã hoá",
        "bằng một chương trình độc lập với máy chủ",
        "tổng của chúng được giải mã ngay tại hội trường",
        stem="election-rules-verifiable",
    )
