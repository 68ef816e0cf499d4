"""Election pages: each role against each page; the list, entry (JSON and plain form), reconcile, result."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.elections import services
from daihoi.elections.models import BallotEntry


@pytest.fixture
def users(session, django_user_model):
    out = {}
    for role in Role:
        u = django_user_model.objects.create_user(username=f"el-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=session.organization, role=role)
        out[role.value] = u
    return out


def _url(election, name, **kw):
    return reverse(f"elections:{name}", kwargs={"org_code": election.congress.organization.code,
                                                "pk": election.pk, **kw})  # fmt: skip


def test_pages_by_role(client, users, committee_election):
    e = committee_election
    pages = {
        "detail": (_url(e, "detail"), "election.view"),
        "count": (_url(e, "count", number=1), "election.count"),
        "reconcile": (_url(e, "reconcile", number=1), "election.count"),
        "ballots": (_url(e, "ballots", number=1) + "?copies=1", "election.manage"),
        "news": (_url(e, "news"), "election.view"),
    }
    from daihoi.accounts.permissions import PERMISSIONS

    for role, user in users.items():
        client.force_login(user)
        for name, (url, perm) in pages.items():
            status = client.get(url).status_code
            allowed = Role(role) in PERMISSIONS[perm]
            assert status == (200 if allowed else 403), (role, name, status)
    client.logout()
    assert client.get(pages["detail"][0]).status_code == 302


def test_entry_json_flow_and_result(client, users, committee_election):
    e = committee_election
    client.force_login(users["counting_committee"])
    url = _url(e, "count", number=1)
    client.post(_url(e, "counts", number=1), {"issued": 3, "returned": 3})
    headers = {"Accept": "application/json"}
    for clerk, user in ((1, users["counting_committee"]), (2, users["organizer"])):
        client.force_login(user)  # the two entries of the stack come from two people
        r = client.post(url, {"clerk": clerk, "position": 1, "text": "9 10"}, headers=headers)
        assert r.json()["saved"] is True
        assert r.json()["next"] == 2
        r = client.post(url, {"clerk": clerk, "position": 2, "text": "10"}, headers=headers)
        assert r.json()["saved"] is False
        assert r.json()["proposed"] == "too_many"
        r = client.post(url, {"clerk": clerk, "position": 2, "text": "10", "confirm": "1"}, headers=headers)
        assert r.json()["saved"] is True
        r = client.post(url, {"clerk": clerk, "position": 3, "text": "t"}, headers=headers)
        assert r.json()["proposed"] == "added_name"
    client.force_login(users["counting_committee"])
    # The running count moves by deltas: a first entry adds, a correction moves votes between names.
    r = client.post(url, {"clerk": 1, "position": 1, "text": "8 10"}, headers=headers)
    assert r.json()["delta"] == {"entered": 0, "invalid": 0, "votes": {"8": -1, "9": 1}}
    r = client.post(url, {"clerk": 1, "position": 1, "text": "9 10"}, headers=headers)
    assert r.json()["delta"]["votes"] == {"8": 1, "9": -1}
    r = client.post(url, {"clerk": 1, "position": 3, "text": "99"}, headers=headers)
    assert r.status_code == 409
    assert r.json()["code"] == "bad_number"
    assert BallotEntry.objects.filter(round__election=e).count() == 6
    page = client.get(url + "?clerk=1").content.decode()
    assert 'id="running"' in page
    assert '<b id="run-entered">3</b>' in page  # 3 ballots entered, 2 of them invalid
    assert '<b id="run-invalid">2</b>' in page
    confirm = client.get(_url(e, "close_round", number=1))  # what closing freezes, before it is done
    assert confirm.status_code == 200
    assert 'id="confirm-form"' in confirm.content.decode()
    r = client.post(_url(e, "close_round", number=1), {"confirmed": "1"})
    assert r.status_code == 302
    assert r["Location"].endswith("/rounds/1/")
    result = client.get(r["Location"]).content.decode()
    # 1 valid ballot of 3 with D = 48: nobody reaches more than half.
    assert 'data-status="shortfall"' in result
    r = client.post(_url(e, "announce"), {"confirmed": "1"})
    e.refresh_from_db()
    assert e.status == "pending"  # nothing to announce: the congress must decide on a further round
    minutes = client.get(_url(e, "minutes", number=1, fmt="pdf"))
    assert minutes.status_code == 200
    assert minutes.content[:4] == b"%PDF"
    docx = client.get(_url(e, "minutes", number=1, fmt="docx"))
    assert docx.content[:2] == b"PK"
    detail = client.get(_url(e, "detail")).content.decode()
    assert 'id="next-round"' not in detail  # only the presidium/organizer prepares the next round
    client.force_login(users["organizer"])
    assert 'id="next-round"' in client.get(_url(e, "detail")).content.decode()


def test_nominate_and_approve_from_the_page(client, users, session, helpers):
    client.force_login(users["organizer"])
    r = client.post(reverse("elections:create", kwargs={"org_code": session.organization.code,
                                                        "congress_pk": session.pk}),
                    {"kind": "inspection_committee", "clerks": 2})  # fmt: skip
    election = session.elections.get()
    assert r.status_code == 302
    assert election.status == "seats"
    # The number is the congress's decision: a vote prepared on this election, held, then recorded.
    client.post(_url(election, "prepare_vote"), {"kind": "seats", "seats": 3})
    seats = election.votes.get(kind="seats")
    from daihoi.congresses import services as congress_services

    congress_services.open_open_vote(seats)
    congress_services.record_open_vote(seats, agree=40, disagree=0)
    congress_services.close_open_vote(seats)
    client.post(_url(election, "decide_seats"), {"vote": seats.pk})
    election.refresh_from_db()
    assert (election.status, election.seats) == ("list", 3)
    members = helpers.official_members(session)[:4]
    for m in members:
        client.post(_url(election, "nominate"), {"member": m.member_code})
    assert services.check_list(election).names == 4
    vote = helpers.closed_vote(session, "ballot_list", election=election)
    page = client.get(_url(election, "approve_list")).content.decode()
    assert vote.title in page
    assert 'id="confirm-form"' in page
    client.post(_url(election, "approve_list"), {"vote": vote.pk, "confirmed": "1"})
    election.refresh_from_db()
    assert election.status == "list_approved"
    r = client.post(_url(election, "nominate"), {"member": "nobody"}, follow=True)
    assert election.candidates.count() == 4


def test_a_forged_vote_id_is_refused_in_words(client, users, session, helpers):
    """A POST naming another election's vote, a vote of another kind or no vote at all: the page says
    why in Vietnamese (never an internal code) and nothing is decided."""
    committee = helpers.seated(session, "executive_committee", 3)
    delegation = services.create_election(session, kind="delegates", seats=3)
    for election, members in ((committee, slice(0, 4)), (delegation, slice(4, 8))):
        for m in helpers.official_members(session)[members]:
            services.nominate(election, m)
    committee_vote = helpers.closed_vote(session, "ballot_list", election=committee)
    rules = helpers.closed_vote(session, "resolution", title="Quy chế làm việc của Đại hội")
    client.force_login(users["presidium"])
    for vote, words in (
        (committee_vote.pk, f"Biểu quyết “{committee_vote.title}” là về việc khác"),
        (rules.pk, "Biểu quyết “Quy chế làm việc của Đại hội” không phải là biểu quyết về Danh sách bầu cử"),
        ("", "Hãy chọn biểu quyết của Đại hội về “Danh sách bầu cử”"),
    ):
        r = client.post(_url(delegation, "approve_list"), {"vote": vote, "confirmed": "1"})
        assert r.status_code == 409
        page = r.content.decode()
        assert words in page, words
        assert "vote_" not in page
    delegation.refresh_from_db()
    committee_vote.refresh_from_db()
    assert delegation.status == "list"
    assert not delegation.rounds.exists()
    assert committee_vote.used_at is None
