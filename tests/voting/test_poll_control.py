"""The presidium's control of an electronic poll through the pages: open (countdown), the live figures
(never a partial result), extend, close (confirmation with the figures), the next step; refusals in words;
the projector; open votes' choices on phones."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.accounts.permissions import PERMISSIONS
from daihoi.voting.models import Poll
from daihoi.voting.services import open_votes, polls

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(electronic, django_user_model):
    out = {}
    for role in Role:
        u = django_user_model.objects.create_user(username=f"vp-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=electronic.organization, role=role)
        out[role.value] = u
    return out


def _c(congress):
    return {"org_code": congress.organization.code, "pk": congress.pk}


def poll_page(election, number=1):
    return reverse(
        "voting_staff:poll", kwargs={**_c(election.congress), "election_id": election.pk, "number": number}
    )


def _url(congress, name, **kw):
    return reverse(f"voting_staff:{name}", kwargs={**_c(congress), **kw})


def _cast(rnd, poll, devices_, struck=(9, 10)):
    for device in devices_:
        polls.cast_ballot(poll, device, polls.read_ballot(rnd, struck=list(struck)))


def _names(rnd):
    return [rc.candidate.full_name for rc in rnd.entries.select_related("candidate").order_by("position")]


def test_open_extend_close_through_the_pages(client, users, e_election, phones):
    congress, rnd = e_election.congress, e_election.rounds.get()
    client.force_login(users["presidium"])
    html = client.get(poll_page(e_election)).content.decode()
    assert 'id="poll-open"' in html
    assert "Mở bỏ phiếu điện tử" in html
    # a bad countdown is refused naming the field; nothing opens
    r = client.post(
        _url(congress, "poll_open", election_id=e_election.pk, number=1), {"minutes": "0"}, follow=True
    )
    assert "phút" in r.content.decode()
    assert not Poll.objects.exists()
    r = client.post(
        _url(congress, "poll_open", election_id=e_election.pk, number=1), {"minutes": "15"}, follow=True
    )
    poll = Poll.objects.get(round=rnd)
    assert poll.deadline is not None
    html = r.content.decode()
    assert 'id="poll-countdown"' in html
    assert re.search(r'id="poll-countdown">1[45]:\d\d<', html)
    # voting: 7 on phones, 1 paper ballot
    _cast(rnd, poll, list(phones.values())[:7])
    polls.issue_paper_ballot(poll, "40")
    html = client.get(poll_page(e_election)).content.decode()
    assert "8 / 48 đại biểu đã bỏ phiếu" in html
    assert "7 trên điện thoại, 1 phiếu giấy" in html
    fragment = client.get(_url(congress, "poll_progress", poll_id=poll.pk))
    assert fragment.status_code == 200
    assert "no-cache" in fragment["Cache-Control"]
    assert 'data-voted="8"' in fragment.content.decode()
    assert 'data-entitled="48"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    # never a partial result: no name's votes on the page, the fragment or the projector
    projector = client.get(reverse("congresses:projector_state", kwargs=_c(congress))).content.decode()
    for text in (html, fragment.content.decode(), projector):
        for name in _names(rnd):
            assert name not in text
        assert "kết quả" not in text.lower().replace("kết quả bầu cử", "")
    assert 'id="p-voted">8<' in projector
    assert "/48" in projector
    # extend: no time limit, then 30 minutes
    client.post(_url(congress, "poll_extend", poll_id=poll.pk), {"minutes": ""})
    poll.refresh_from_db()
    assert poll.deadline is None
    client.post(_url(congress, "poll_extend", poll_id=poll.pk), {"minutes": "30"})
    poll.refresh_from_db()
    assert poll.deadline is not None
    r = client.post(_url(congress, "poll_extend", poll_id=poll.pk), {"minutes": "999"}, follow=True)
    assert "phút" in r.content.decode()
    # close: a confirmation stating the figures; an unconfirmed POST closes nothing
    page = client.get(_url(congress, "poll_close", poll_id=poll.pk)).content.decode()
    assert "8 trên 48 đại biểu có quyền đã bỏ phiếu: 7 trên điện thoại, 1 phiếu giấy đã phát" in page
    client.post(_url(congress, "poll_close", poll_id=poll.pk))
    poll.refresh_from_db()
    assert poll.status == "open"
    r = client.post(_url(congress, "poll_close", poll_id=poll.pk), {"confirmed": "1"}, follow=True)
    poll.refresh_from_db()
    assert poll.status == "closed"
    assert poll.electronic == 7
    assert poll.paper_issued == 1
    assert len(poll.entitled) == 48
    html = r.content.decode()
    assert "8 / 48 đại biểu đã bỏ phiếu" in html
    assert "đã khóa" in html
    assert 'id="paper-counts-link"' not in html  # the presidium does not count
    client.force_login(users["counting_committee"])
    html = client.get(poll_page(e_election)).content.decode()
    assert 'id="paper-counts-link"' in html
    assert 'id="poll-extend"' not in html
    assert 'id="poll-close"' not in html
    # closing again: said in words
    client.force_login(users["presidium"])
    r = client.post(_url(congress, "poll_close", poll_id=poll.pk), {"confirmed": "1"})
    assert r.status_code == 409
    assert "đã kết thúc" in r.content.decode()


def test_a_pure_electronic_poll_goes_to_counting(client, users, e_election, phones):
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    _cast(rnd, poll, list(phones.values())[:5])
    client.force_login(users["presidium"])
    client.post(_url(e_election.congress, "poll_close", poll_id=poll.pk), {"confirmed": "1"})
    client.force_login(users["counting_committee"])
    html = client.get(poll_page(e_election)).content.decode()
    assert 'id="poll-next"' in html
    assert (
        reverse(
            "elections:reconcile",
            kwargs={"org_code": e_election.congress.organization.code, "pk": e_election.pk, "number": 1},
        )
        in html
    )


def test_refusals_are_said_in_words(client, users, e_election):
    """A paper congress: the page says why no poll opens; the open POST is refused in words."""
    congress = e_election.congress
    congress.ballot_form = "paper"
    congress.save(update_fields=["ballot_form"])
    client.force_login(users["presidium"])
    html = client.get(poll_page(e_election)).content.decode()
    assert 'id="poll-refusal"' in html
    assert 'id="poll-open"' not in html
    assert "phiếu giấy" in html.split('id="poll-refusal"')[1].split("</p>")[0]
    r = client.post(_url(congress, "poll_open", election_id=e_election.pk, number=1), follow=True)
    assert not Poll.objects.exists()
    assert "bằng phiếu giấy: không mở được bỏ phiếu điện tử" in r.content.decode()


def test_a_round_counted_on_paper_cannot_open_a_poll(client, users, e_election):
    from daihoi.elections import services as election_services

    election_services.set_counts(e_election.rounds.get(), issued=3, returned=3)
    client.force_login(users["presidium"])
    html = client.get(poll_page(e_election)).content.decode()
    assert 'id="poll-open"' not in html
    assert "danh sách bầu cử đã được Đại hội thông qua" in html.split('id="poll-refusal"')[1]


def test_who_may_control_a_poll(client, users, e_election):
    congress, rnd = e_election.congress, e_election.rounds.get()
    open_url = _url(congress, "poll_open", election_id=e_election.pk, number=1)
    for role, user in users.items():
        client.force_login(user)
        view_ok = Role(role) in PERMISSIONS["election.view"]
        assert client.get(poll_page(e_election)).status_code == (200 if view_ok else 403), role
        manage_ok = Role(role) in PERMISSIONS["election.manage"]
        if not manage_ok:
            assert client.post(open_url).status_code == 403, role
    assert not Poll.objects.exists()
    poll = polls.open_poll(rnd)
    for role, user in users.items():
        client.force_login(user)
        manage_ok = Role(role) in PERMISSIONS["election.manage"]
        for name in ("poll_extend", "poll_close"):
            r = client.post(
                _url(congress, name, poll_id=poll.pk), {"confirmed": "1"} if not manage_ok else {}
            )
            assert (r.status_code == 403) == (not manage_ok), (role, name, r.status_code)
        view_ok = Role(role) in PERMISSIONS["election.view"]
        r = client.get(_url(congress, "poll_progress", poll_id=poll.pk))
        assert r.status_code == (200 if view_ok else 403), role
    poll.refresh_from_db()
    assert poll.status == "open"
    client.logout()
    assert client.get(_url(congress, "poll_progress", poll_id=poll.pk)).status_code == 302


def test_the_election_page_links_to_the_poll_only_in_an_electronic_congress(client, users, e_election):
    client.force_login(users["presidium"])
    detail = reverse(
        "elections:detail", kwargs={"org_code": e_election.congress.organization.code, "pk": e_election.pk}
    )
    assert poll_page(e_election) in client.get(detail).content.decode()
    e_election.congress.ballot_form = "paper"
    e_election.congress.save(update_fields=["ballot_form"])
    assert poll_page(e_election) not in client.get(detail).content.decode()


def test_the_counts_form_of_a_hybrid_poll_takes_the_paper_ballots(client, users, e_election, phones):
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    _cast(rnd, poll, list(phones.values())[:5])
    polls.issue_paper_ballot(poll, "40")
    polls.issue_paper_ballot(poll, "41")
    polls.close_poll(poll)
    client.force_login(users["counting_committee"])
    url = reverse(
        "elections:count",
        kwargs={"org_code": e_election.congress.organization.code, "pk": e_election.pk, "number": 1},
    )
    html = client.get(url + "?clerk=1").content.decode()
    assert "Số phiếu giấy phát ra" in html
    assert "Số phiếu giấy thu về" in html
    assert re.search(r'name="issued" value="2"', html)
    assert "Phiếu bầu trên điện thoại: 5" in html
    counts = reverse(
        "elections:counts",
        kwargs={"org_code": e_election.congress.organization.code, "pk": e_election.pk, "number": 1},
    )
    client.post(counts, {"issued": 2, "returned": 2})
    rnd.refresh_from_db()
    assert (rnd.issued, rnd.returned) == (7, 7)
    html = client.get(url + "?clerk=1").content.decode()
    assert re.search(r'name="returned" value="2"', html)
    assert "/ 2</label>" in html  # the clerks enter the 2 paper ballots only


def test_open_votes_on_phones_show_live_counts_and_the_split(client, users, electronic, phones):
    from daihoi.congresses import services as congress_services

    vote = congress_services.create_open_vote(electronic, kind="other", title="Thông qua chương trình")
    congress_services.open_open_vote(vote)
    devs = list(phones.values())
    for d in devs[:4]:
        open_votes.choose(vote, d, "agree")
    open_votes.choose(vote, devs[4], "disagree")
    client.force_login(users["presidium"])
    page = reverse("congresses:vote", kwargs={**_c(electronic), "vote_id": vote.pk})
    html = client.get(page).content.decode()
    assert "Trên điện thoại: đồng ý <b>4</b>, không đồng ý <b>1</b>, không biểu quyết <b>0</b>" in html
    assert "5 / 48 đã biểu quyết trên điện thoại" in html
    assert "Thẻ giơ trong hội trường" in html
    frag = client.get(_url(electronic, "vote_phones", vote_id=vote.pk))
    assert frag.status_code == 200
    assert 'data-agree="4"' in frag.content.decode()
    projector = client.get(reverse("congresses:projector_state", kwargs=_c(electronic))).content.decode()
    assert 'id="p-phones"' in projector
    assert "<b>4</b>" in projector
    client.post(
        reverse("congresses:vote_record", kwargs={**_c(electronic), "vote_id": vote.pk}),
        {"agree": 30, "disagree": 2, "abstain": 0},
    )
    client.post(reverse("congresses:vote_close", kwargs={**_c(electronic), "vote_id": vote.pk}))
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree) == (34, 3)
    html = client.get(page).content.decode()
    assert "Thẻ giơ trong hội trường: 30 đồng ý" in html
    assert "trên điện thoại: 4 đồng ý" in html
    client.force_login(users["delegate"])
    assert client.get(_url(electronic, "vote_phones", vote_id=vote.pk)).status_code == 403


def test_an_open_vote_without_phones_looks_as_before(client, users, electronic):
    from daihoi.congresses import services as congress_services

    vote = congress_services.create_open_vote(electronic, kind="other", title="Thông qua chương trình")
    congress_services.open_open_vote(vote)
    client.force_login(users["presidium"])
    html = client.get(
        reverse("congresses:vote", kwargs={**_c(electronic), "vote_id": vote.pk})
    ).content.decode()
    assert 'id="vote-phones-live"' not in html
    assert "Thẻ giơ trong hội trường" not in html
    assert 'id="vote-record"' in html
