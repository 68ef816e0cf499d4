"""The phone's ballot page of a verifiable poll, without a browser: the page the module works on, the
plain form refused (a verifiable ballot is encrypted on the phone, so it needs JavaScript), the receipt."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from phone_verifiable_setup import open_verifiable
from verifiable_setup import encrypted

from daihoi.voting.models import Ballot, EncryptedBallot, Participation
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import devices, verifiable

pytestmark = pytest.mark.django_db

NEEDS_JS = "Phiếu của cuộc bỏ phiếu này được mã hoá ngay trên điện thoại trước khi gửi đi"


def phone(congress, number):
    delegate = congress.delegates.get(number=number)
    token, device = devices.bind_device(devices.issue_binding_code(delegate).code, label="test phone")
    client = Client()
    client.cookies[COOKIE_NAME] = token
    return client, device


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def v_poll(session, committee_election):
    return open_verifiable(session, committee_election)[0]


def test_the_ballot_page_of_a_verifiable_poll(v_poll, session):
    client, _device = phone(session, 5)
    page = client.get(f"/v/polls/{v_poll.pk}/")
    assert page.status_code == 200
    text = text_of(page)
    # The same ballot as a plain poll's (the names to strike, the counter) ...
    assert "PHIẾU BẦU CỬ" in text
    assert text.count('name="struck"') == 10
    assert "data-counter" in text
    # ... with the module that encrypts it, and where it posts.
    assert 'data-verifiable="1"' in text
    assert re.search(r'<script type="module" src="/static/voting/phone_verifiable\.js"', text)
    assert f'data-manifest-api="/api/voting/polls/{v_poll.pk}/manifest"' in text
    assert f'data-cast-api="/api/voting/polls/{v_poll.pk}/encrypted-ballot"' in text
    assert f'data-audit-api="/api/voting/polls/{v_poll.pk}/audited-ballot"' in text
    assert f'data-board="/board/{v_poll.uuid}/"' in text
    assert "Mã hoá phiếu" in text
    assert "Kiểm tra mã hoá" in text
    # Without JavaScript the page says it cannot be voted here, and where to go.
    noscript = re.search(r"<noscript>(.*?)</noscript>", text)
    assert noscript is not None
    assert NEEDS_JS in noscript.group(1)
    assert "bàn phát phiếu để nhận phiếu giấy" in noscript.group(1)


def test_the_plain_form_never_casts_into_a_verifiable_poll(v_poll, session):
    client, _device = phone(session, 5)
    for step in ("review", "cast"):
        refused = client.post(f"/v/polls/{v_poll.pk}/", {"struck": ["9", "10"], "step": step})
        assert refused.status_code == 400
        assert NEEDS_JS in text_of(refused)
    assert not Participation.objects.filter(poll=v_poll).exists()
    assert not Ballot.objects.filter(poll=v_poll).exists()
    assert not EncryptedBallot.objects.filter(poll=v_poll).exists()


def test_after_the_cast_the_page_is_the_receipt_with_the_boards_link(v_poll, session):
    client, device = phone(session, 5)
    tracker = verifiable.cast_encrypted(v_poll.pk, device, encrypted(v_poll.manifest, "9,10"))
    page = client.get(f"/v/polls/{v_poll.pk}/")
    assert page.status_code == 200
    text = text_of(page)
    assert "Phiếu đã mã hoá của đồng chí đã được bỏ vào hòm phiếu." in text
    assert f'href="/board/{v_poll.uuid}/" data-board-link>Tra cứu trên bảng phiếu công khai' in text
    # The server does not know which tracker is this delegate's: the phone shows the one it kept.
    assert tracker not in text
    assert f'data-receipt-tracker data-poll="{v_poll.uuid}" hidden' in text
    assert 'name="struck"' not in text
    # A second cast, by the form, is refused as any second ballot.
    again = client.post(f"/v/polls/{v_poll.pk}/", {"struck": ["1"], "step": "cast"})
    assert again.status_code == 409
    assert EncryptedBallot.objects.filter(poll=v_poll).count() == 1
