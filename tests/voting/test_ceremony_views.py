"""The key ceremony's pages and the key holders' API: the organizer starts it (names prefilled from the
counting committee) and gets each one-time link as a QR code once; everyone with election.view follows
it; the link asks on GET and keeps the token in an HttpOnly cookie on POST; the API answers the token
(cookie with CSRF, or header), in Vietnamese when it refuses."""

from __future__ import annotations

import json
import re

import pytest
from ceremony_trustees import run_ceremony
from django.test import Client
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.core.verifiable import ceremony as vc
from daihoi.voting.models import CeremonyStatus, KeyCeremony, Trustee
from daihoi.voting.services import ceremony as ceremonies
from daihoi.voting.trustee_auth import COOKIE_NAME, HEADER

pytestmark = pytest.mark.django_db
API = "/api/voting/trustee"


@pytest.fixture
def verifiable(session):
    session.ballot_form = "verifiable"
    session.save(update_fields=["ballot_form"])
    return session


@pytest.fixture
def users(verifiable, django_user_model):
    out = {}
    for role in Role:
        u = django_user_model.objects.create_user(username=f"kc-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=verifiable.organization, role=role)
        out[role.value] = u
    return out


def url(congress, name):
    return reverse(f"voting_staff:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk})


def tokens_in(html: str) -> list[str]:
    return re.findall(r'class="bind-link muted trustee-url">http://testserver/k/([^/<]+)/<', html)


def test_the_organizer_starts_the_ceremony_and_sees_each_link_once(client, users, verifiable):
    client.force_login(users["presidium"])
    page = client.get(url(verifiable, "ceremony")).content.decode()
    committee = [d.full_name for d in verifiable.delegates.filter(number__in=[1, 2, 4]).order_by("number")]
    assert "\n".join(committee) in page  # prefilled from the counting committee the congress approved
    assert 'id="ceremony-threshold"' in page
    assert 'value="2"' in page  # a majority of 3
    assert "Bắt đầu phiên tạo khoá" in page
    # A threshold that is not a number, and one below the minimum: refused in words, nothing started.
    r = client.post(url(verifiable, "ceremony_start"), {"names": "\n".join(committee), "threshold": "hai"})
    assert r.status_code == 302
    r = client.post(
        url(verifiable, "ceremony_start"), {"names": "\n".join(committee), "threshold": "1"}, follow=True
    )
    assert "từ 2" in r.content.decode()
    assert not KeyCeremony.objects.exists()

    r = client.post(
        url(verifiable, "ceremony_start"), {"names": "\n".join(committee) + "\n", "threshold": "2"}
    )
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    html = r.content.decode()
    tokens = tokens_in(html)
    assert len(tokens) == 3
    assert html.count("<svg") == 3
    assert [ceremonies.trustee_for_token(t).name for t in tokens] == committee
    for name in committee:
        assert name in html
    # The page afterwards: live progress, no token anywhere.
    page = client.get(url(verifiable, "ceremony")).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Người giữ khoá đang tham gia" in page
    assert not any(t in page for t in tokens)
    polled = client.get(url(verifiable, "ceremony_progress"), HTTP_HX_REQUEST="true")
    assert polled.status_code == 200  # live: the page goes on polling
    fragment = polled.content.decode()
    assert fragment.count('data-joined="0"') == 3

    # A lost link: a new one for key holder 2, shown once; the old one stops working.
    r = client.post(url(verifiable, "ceremony_reissue"), {"index": "2"})
    (new,) = tokens_in(r.content.decode())
    assert ceremonies.trustee_for_token(tokens[1]) is None
    assert ceremonies.trustee_for_token(new).index == 2
    r = client.post(url(verifiable, "ceremony_reissue"), {"index": "9"}, follow=True)
    assert "không có người giữ khoá số 9" in r.content.decode()

    # Cancel: a reason is required; then a new ceremony may start.
    r = client.post(url(verifiable, "ceremony_cancel"), {"reason": " "}, follow=True)
    assert "Ghi rõ lý do" in r.content.decode()
    r = client.post(url(verifiable, "ceremony_cancel"), {"reason": "Đổi thành viên"}, follow=True)
    html = r.content.decode()
    assert "Đã huỷ phiên tạo khoá" in html
    assert "Đổi thành viên" in html
    assert "Bắt đầu phiên tạo khoá" in html


def test_observers_follow_the_ceremony_and_see_the_fingerprint(client, users, verifiable):
    ceremony, _tokens = ceremonies.start_ceremony(verifiable, names=["An", "Bình", "Cường"], threshold=2)
    client.force_login(users["observer"])
    page = client.get(url(verifiable, "ceremony")).content.decode()
    assert 'id="ceremony-start-form"' not in page
    assert 'id="ceremony-cancel-form"' not in page
    assert 'id="ceremony-reissue-form"' not in page
    assert client.post(url(verifiable, "ceremony_cancel"), {"reason": "x"}).status_code == 403
    run_ceremony(ceremony)
    ceremony.refresh_from_db()
    page = client.get(url(verifiable, "ceremony")).content.decode()
    assert ceremonies.fingerprint(ceremony.public_key) in page
    assert 'hx-trigger="none"' in page
    assert "Khoá bầu cử đã được tạo" in page
    # The page left open before completion gets the complete fragment with htmx's "stop polling" (286).
    polled = client.get(url(verifiable, "ceremony_progress"), HTTP_HX_REQUEST="true")
    assert polled.status_code == 286
    assert "Khoá bầu cử đã được tạo" in polled.content.decode()
    assert client.get(url(verifiable, "ceremony_progress")).status_code == 200
    # The dossier links to the ceremony where it says how ballots are cast.
    client.force_login(users["organizer"])
    dossier = client.get(
        reverse("congresses:dossier", kwargs={"org_code": verifiable.organization.code, "pk": verifiable.pk})
    ).content.decode()
    assert 'id="ceremony-link"' in dossier
    assert url(verifiable, "ceremony") in dossier


def test_the_link_asks_first_then_keeps_the_token_in_an_httponly_cookie(verifiable):
    _ceremony, tokens = ceremonies.start_ceremony(verifiable, names=["An", "Bình", "Cường"], threshold=2)
    device = Client()
    r = device.get(f"/k/{tokens[2]}/")  # a link previewer's GET binds nothing
    assert r.status_code == 200
    assert COOKIE_NAME not in r.cookies
    assert "Tham gia phiên tạo khoá với tư cách người giữ khoá số 2" in r.content.decode()
    assert device.get("/k/").status_code == 403
    r = device.post(f"/k/{tokens[2]}/")
    assert r.status_code == 302
    assert r["Location"] == "/k/"
    cookie = r.cookies[COOKIE_NAME]
    assert cookie.value == tokens[2]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    page = device.get("/k/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="module"' in html
    assert "voting/trustee.js" in html
    texts = json.loads(
        re.search(r'<script id="trustee-texts" type="application/json">(.*?)</script>', html).group(1)
    )
    assert texts["decrypt"] == "Giải mã phần của tôi"
    assert 'data-api="/api/voting/trustee"' in html
    assert "Giữ tệp khoá như giữ chìa khoá hòm phiếu" in html
    assert Client().get("/k/not-a-token/").status_code == 404


def test_the_api_answers_the_token_by_cookie_with_csrf_or_by_header(verifiable):
    ceremony, tokens = ceremonies.start_ceremony(verifiable, names=["An", "Bình", "Cường"], threshold=2)
    anonymous = Client()
    r = anonymous.get(f"{API}/state")
    assert r.status_code == 403
    assert r.json()["code"] == "trustee_unknown"
    assert "ban tổ chức" in r.json()["message"]
    assert anonymous.get(f"{API}/state", headers={HEADER: "wrong"}).status_code == 403

    # Cookie: GET fine; a POST without the CSRF token refused before anything is read.
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[COOKIE_NAME] = tokens[1]
    state = browser.get(f"{API}/state").json()
    assert (state["index"], state["name"], state["stage"]) == (1, "An", "keys")
    _secret, message = vc.comm_key(ceremony.context, 1)
    r = browser.post(f"{API}/comm-key", message, content_type="application/json")
    assert r.status_code == 403
    assert r.json()["code"] == "csrf_failed"
    assert Trustee.objects.get(ceremony=ceremony, index=1).comm_key is None

    # Header (the CLI): no CSRF needed; a bad message 400 in words, a step out of turn 409.
    laptop = Client(enforce_csrf_checks=True, headers={HEADER: tokens[1]})
    r = laptop.post(f"{API}/comm-key", {**message, "E": "00" * 32}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "ceremony_bad_message"
    assert "không phải là một điểm hợp lệ" in r.json()["message"]
    r = laptop.post(f"{API}/comm-key", "{not json", content_type="application/json")
    assert r.status_code == 400
    r = laptop.post(f"{API}/comm-key", message, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["joined"] is True
    assert r.json()["done"]["joined"] == 1
    r = laptop.post(f"{API}/comm-key", message, content_type="application/json")
    assert r.status_code == 409
    assert r.json()["code"] == "ceremony_step_done"
    r = laptop.post(
        f"{API}/deal", {"commitments": [], "pok": {}, "shares": []}, content_type="application/json"
    )
    assert r.status_code == 409
    assert r.json()["code"] == "ceremony_wrong_stage"
    r = laptop.post(f"{API}/complaint", {"dealer": "2"}, content_type="application/json")
    assert r.status_code == 400


def test_three_key_holders_run_the_ceremony_through_the_api(verifiable):
    ceremony, tokens = ceremonies.start_ceremony(verifiable, names=["An", "Bình", "Cường"], threshold=2)
    devices = {i: Client(headers={HEADER: t}) for i, t in tokens.items()}
    secrets, shares = {}, {}

    def post(i, path, body):
        r = devices[i].post(f"{API}/{path}", body, content_type="application/json")
        assert r.status_code == 200, r.content
        return r.json()

    for i in devices:
        secrets[i], message = vc.comm_key(ceremony.context, i)
        state = post(i, "comm-key", message)
    assert state["stage"] == "dealing"
    for i in devices:
        s = devices[i].get(f"{API}/state").json()
        keys = {int(j): bytes.fromhex(e) for j, e in s["comm_keys"].items()}
        state = post(i, "deal", vc.deal(ceremony.context, i, 2, keys)[1])
    assert state["stage"] == "confirming"
    for i in devices:
        s = devices[i].get(f"{API}/state").json()
        shares[i], complaints = vc.receive(
            ceremony.context, i, secrets[i], {int(j): d for j, d in s["deals"].items()}
        )
        assert complaints == []
        state = post(i, "confirmation", vc.confirm(ceremony.context, i, shares[i]))
    assert state["stage"] == "complete"
    ceremony.refresh_from_db()
    assert ceremony.status == CeremonyStatus.COMPLETE
    assert state["public_key"] == ceremony.public_key
    assert state["fingerprint"] == ceremonies.fingerprint(ceremony.public_key)
