"""The check-in desk's phones: a binding code shown once (never cached, no GET URL), revoking a lost
phone, the link from the desk's answer, and who may do it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.accounts.permissions import PERMISSIONS
from daihoi.voting.errors import VotingError
from daihoi.voting.models import BindingCode, Device
from daihoi.voting.services import devices

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(electronic, django_user_model):
    out = {}
    for role in Role:
        u = django_user_model.objects.create_user(username=f"vd-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=electronic.organization, role=role)
        out[role.value] = u
    return out


def _url(congress, name, **kw):
    return reverse(
        f"voting_staff:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kw}
    )


def _code_in(html: str) -> str:
    match = re.search(r'id="bind-text">([A-Z0-9 ]+)<', html)
    assert match, "the code is not on the page"
    return match.group(1).replace(" ", "")


def test_the_phones_page_lists_each_delegates_phone_state(client, users, electronic):
    d1 = electronic.delegates.get(number=1)
    d2 = electronic.delegates.get(number=2)
    devices.bind_device(devices.issue_binding_code(d1).code)
    _token, dev2 = devices.bind_device(devices.issue_binding_code(d2).code)
    devices.revoke_device(dev2)
    client.force_login(users["presidium"])
    html = client.get(_url(electronic, "phones")).content.decode()
    row = lambda n: html.split(f'id="d{n}"')[1].split("</tr>")[0]  # noqa: E731
    assert "gắn lúc" in row(1)
    assert "Thu hồi" in row(1)
    assert "đã thu hồi lúc" in row(2)
    assert "Cấp mã gắn điện thoại" in row(2)
    assert "chưa có điện thoại" in row(3)
    # delegate 52 is absent: no code is offered; 11 is probationary (no vote): none either
    assert "Cấp mã" not in row(52)
    assert "Cấp mã" not in row(11)


def test_the_binding_code_is_shown_once_not_cached_and_binds_a_phone(client, users, electronic):
    delegate = electronic.delegates.get(number=7)
    client.force_login(users["presidium"])
    url = _url(electronic, "phone_code", delegate_id=delegate.pk)
    assert client.get(url).status_code == 405  # no GET URL of a code
    r = client.post(url)
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]
    html = r.content.decode()
    code = _code_in(html)
    assert len(code) == devices.CODE_LENGTH
    assert f"http://testserver/v/b/{code}/" in html
    assert "<svg" in html
    assert "<script" not in html.split('id="bind-qr"')[1].split("</div>")[0]
    assert delegate.full_name in html
    # only the hash is stored
    stored = BindingCode.objects.get(delegate=delegate)
    assert stored.code_hash == devices.digest(code)
    assert code not in stored.code_hash
    # the page listing phones never shows it again
    assert code not in client.get(_url(electronic, "phones")).content.decode()
    # a second code replaces the first (one code works at a time)
    code2 = _code_in(client.post(url).content.decode())
    assert code2 != code
    with pytest.raises(VotingError) as err:
        devices.bind_device(code)
    assert err.value.code == "code_unknown"
    devices.bind_device(code2)
    # now bound: a new code is refused, in Vietnamese, back on the list
    r = client.post(url, follow=True)
    text = r.content.decode()
    assert "đã có điện thoại" in text.lower() or "đã gắn" in text.lower()
    assert r.redirect_chain[-1][0].endswith(_url(electronic, "phones"))


def test_a_code_is_refused_to_a_delegate_not_checked_in(client, users, electronic):
    absent = electronic.delegates.get(number=52)
    client.force_login(users["organizer"])
    r = client.post(_url(electronic, "phone_code", delegate_id=absent.pk), follow=True)
    assert "điểm danh" in r.content.decode()
    assert not BindingCode.objects.filter(delegate=absent).exists()


def test_revoke_asks_first_then_the_phone_no_longer_votes(client, users, electronic):
    delegate = electronic.delegates.get(number=9)
    token, device = devices.bind_device(devices.issue_binding_code(delegate).code)
    client.force_login(users["presidium"])
    url = _url(electronic, "phone_revoke", delegate_id=delegate.pk)
    r = client.get(url)
    assert r.status_code == 200
    assert 'id="revoke-confirm"' in r.content.decode()
    client.post(url)  # not confirmed: nothing happens
    assert devices.device_for_token(token) is not None
    r = client.post(url, {"confirmed": "1"}, follow=True)
    assert "thu hồi" in r.content.decode()
    assert devices.device_for_token(token) is None
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert device.revoked_by == users["presidium"]
    # another phone can now be bound
    r = client.post(_url(electronic, "phone_code", delegate_id=delegate.pk))
    devices.bind_device(_code_in(r.content.decode()))
    assert Device.objects.filter(delegate=delegate, revoked_at__isnull=True).count() == 1
    # revoking again with no phone: said in words
    devices.revoke_device(devices.active_device(delegate))
    r = client.get(url)
    assert "chưa có điện thoại" in r.content.decode() or 'id="blocker"' in r.content.decode()


def test_the_desk_offers_a_code_after_check_in(client, users, electronic):
    from daihoi.congresses.services import undo_check_in

    delegate = electronic.delegates.get(number=12)
    undo_check_in(delegate, reason="nhầm")
    client.force_login(users["presidium"])
    desk = reverse("congresses:desk", kwargs={"org_code": electronic.organization.code, "pk": electronic.pk})
    html = client.post(desk, {"code": "12"}).content.decode()
    assert _url(electronic, "phone_code", delegate_id=delegate.pk) in html
    assert "Cấp mã gắn điện thoại" in html
    # from the desk, a refusal comes back to the desk
    devices.bind_device(devices.issue_binding_code(delegate).code)
    r = client.post(_url(electronic, "phone_code", delegate_id=delegate.pk), {"back": "desk"})
    assert r.status_code == 302
    assert r["Location"] == desk


def test_who_may_use_the_phones_desk(client, users, electronic):
    delegate = electronic.delegates.get(number=3)
    for role, user in users.items():
        client.force_login(user)
        allowed = Role(role) in PERMISSIONS["congress.checkin"]
        assert client.get(_url(electronic, "phones")).status_code == (200 if allowed else 403), role
        r = client.post(_url(electronic, "phone_code", delegate_id=delegate.pk))
        assert r.status_code == (200 if allowed else 403), role
        r = client.get(_url(electronic, "phone_revoke", delegate_id=delegate.pk))
        assert r.status_code == (200 if allowed else 403), role
    BindingCode.objects.all().delete()
    client.logout()
    r = client.post(_url(electronic, "phone_code", delegate_id=delegate.pk))
    assert r.status_code == 302
    assert "/accounts/login/" in r["Location"]
    assert not BindingCode.objects.exists()


def test_a_delegate_of_another_congress_is_not_found(client, users, electronic):
    from daihoi.congresses.models import Delegate

    other = Delegate.objects.exclude(congress=electronic).first()
    client.force_login(users["organizer"])
    if other is not None:
        assert client.post(_url(electronic, "phone_code", delegate_id=other.pk)).status_code == 404
    assert client.post(_url(electronic, "phone_code", delegate_id=999999)).status_code == 404
