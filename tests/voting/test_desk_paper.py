"""The paper-ballot desk of a hybrid poll: the counting committee hands out paper ballots by card code or
number; refused to who voted on a phone, took one already, or is not checked in; who may use it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.accounts.permissions import PERMISSIONS
from daihoi.voting.models import Participation
from daihoi.voting.services import polls

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(electronic, django_user_model):
    out = {}
    for role in Role:
        u = django_user_model.objects.create_user(username=f"vpp-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=electronic.organization, role=role)
        out[role.value] = u
    return out


@pytest.fixture
def poll(e_election):
    return polls.open_poll(e_election.rounds.get())


def _desk(poll, name="paper_desk"):
    congress = poll.round.election.congress
    return reverse(
        f"voting_staff:{name}",
        kwargs={"org_code": congress.organization.code, "pk": congress.pk, "poll_id": poll.pk},
    )


def test_the_desk_hands_out_and_refuses(client, users, poll, phones):
    congress = poll.round.election.congress
    rnd = poll.round
    first = next(iter(phones))
    polls.cast_ballot(poll, phones[first], polls.read_ballot(rnd, struck=[9, 10]))
    client.force_login(users["counting_committee"])
    d40 = congress.delegates.get(number=40)
    r = client.post(_desk(poll), {"code": "40"})
    assert r.status_code == 200
    assert f"Phát phiếu giấy cho đại biểu số 40 – {d40.full_name}" in r.content.decode()
    # by the card's check-in code too
    d41 = congress.delegates.get(number=41)
    r = client.post(_desk(poll), {"code": d41.checkin_code}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "đại biểu số 41" in r.content.decode()
    assert r["HX-Trigger"] == "paper-issued"
    assert "<html" not in r.content.decode()
    refusals = {
        "40": "đã nhận phiếu giấy",
        str(first): "đã bỏ phiếu trên điện thoại",
        "52": "điểm danh",
        "9999": "9999",
    }
    for value, words in refusals.items():
        r = client.post(_desk(poll), {"code": value})
        assert r.status_code == 409, value
        assert words in r.content.decode(), (value, words)
    assert set(
        Participation.objects.filter(poll=poll, channel="paper").values_list("delegate__number", flat=True)
    ) == {40, 41}
    html = client.get(_desk(poll)).content.decode()
    listed = html.split('id="paper-list"')[1]
    assert f"40 – {d40.full_name}" in listed
    assert f"41 – {d41.full_name}" in listed
    assert "3<small> / 48</small>" in listed
    frag = client.get(_desk(poll, "paper_list")).content.decode()
    assert "41 –" in frag
    assert "<html" not in frag
    # closed: the desk says so and hands out nothing
    polls.close_poll(poll)
    html = client.get(_desk(poll)).content.decode()
    assert 'id="paper-closed"' in html
    assert 'id="paper-form"' not in html
    r = client.post(_desk(poll), {"code": "42"})
    assert r.status_code == 409
    assert Participation.objects.filter(poll=poll, channel="paper").count() == 2


def test_who_may_hand_out_paper_ballots(client, users, poll):
    for role, user in users.items():
        client.force_login(user)
        allowed = Role(role) in PERMISSIONS["election.count"]
        assert client.get(_desk(poll)).status_code == (200 if allowed else 403), role
        if not allowed:
            assert client.post(_desk(poll), {"code": "40"}).status_code == 403, role
            assert client.get(_desk(poll, "paper_list")).status_code == 403, role
    assert not Participation.objects.exists()
    client.logout()
    assert client.post(_desk(poll), {"code": "40"}).status_code == 302
    assert not Participation.objects.exists()
