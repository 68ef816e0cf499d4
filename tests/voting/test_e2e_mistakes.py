"""The staff's and the delegate's mistakes around a poll, through the pages (Django client): a delegate
logged in trying the staff's voting pages, the desk operator voting with the card's code, a paper ballot
for someone who voted on a phone, closing twice, opening a poll in a paper congress. Each refusal is said
in words and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.congresses import services as congress_services
from daihoi.elections.models import Round
from daihoi.voting.models import Ballot, Device, Participation, Poll
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import polls

pytestmark = pytest.mark.django_db


def _user(django_user_model, congress, username, role):
    user = django_user_model.objects.create_user(username=username, password="pw")
    RoleAssignment.objects.create(user=user, organization=congress.organization, role=role)
    return user


def _staff(congress, name, **kw):
    return reverse(
        f"voting_staff:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kw}
    )


def _cast(rnd, poll, devices_):
    for device in devices_:
        polls.cast_ballot(poll, device, polls.read_ballot(rnd, struck=[9, 10]))


def test_a_delegate_logged_in_gets_403_on_every_staff_voting_page(
    client, django_user_model, e_election, phones
):
    """`daibieu`, the congress's own delegate (checked in, phone bound), tries the staff's pages."""
    congress, rnd = e_election.congress, e_election.rounds.get()
    poll = polls.open_poll(rnd)
    daibieu = _user(django_user_model, congress, "daibieu", Role.DELEGATE)
    delegate = congress.delegates.get(number=1)
    delegate.user = daibieu
    delegate.save(update_fields=["user"])
    client.force_login(daibieu)
    round_kw = {"election_id": e_election.pk, "number": 1}
    gets = [
        _staff(congress, "phones"),
        _staff(congress, "phone_revoke", delegate_id=delegate.pk),
        _staff(congress, "paper_desk", poll_id=poll.pk),
        _staff(congress, "paper_list", poll_id=poll.pk),
        _staff(congress, "poll_close", poll_id=poll.pk),
    ]
    posts = [
        (_staff(congress, "phone_code", delegate_id=congress.delegates.get(number=40).pk), {}),
        (_staff(congress, "phone_revoke", delegate_id=delegate.pk), {"confirmed": "1"}),
        (_staff(congress, "paper_desk", poll_id=poll.pk), {"code": "2"}),
        (_staff(congress, "poll_extend", poll_id=poll.pk), {"minutes": "5"}),
        (_staff(congress, "poll_close", poll_id=poll.pk), {"confirmed": "1"}),
        (_staff(congress, "poll_open", **round_kw), {"minutes": "5"}),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url, body in posts:
        assert client.post(url, body).status_code == 403, url
    # the staff's progress as JSON: refused too
    assert client.get(f"/api/voting/polls/{poll.pk}/progress").status_code == 403
    poll.refresh_from_db()
    assert poll.status == "open"
    assert Device.objects.filter(delegate=delegate, revoked_at__isnull=True).exists()
    assert not Participation.objects.filter(poll=poll).exists()


def test_the_desk_operator_who_scanned_the_card_cannot_vote_with_its_code(
    client, django_user_model, e_election
):
    """The operator checks the delegate in by the card, then tries the card's code as a binding code, as
    the device cookie, and casts with the staff login: nothing binds, nothing is cast."""
    congress = e_election.congress
    poll = polls.open_poll(e_election.rounds.get())
    delegate = congress.delegates.get(number=12)
    congress_services.undo_check_in(delegate, reason="nhầm")
    operator = _user(django_user_model, congress, "desk-op", Role.ORGANIZER)
    client.force_login(operator)
    congress_services.check_in_delegate(congress, delegate.checkin_code, actor=operator)
    card = delegate.checkin_code
    for response in (
        client.get(f"/v/b/{card}/"),
        client.post(f"/v/b/{card}/"),
        client.post("/v/b/", {"code": card}),
    ):
        assert response.status_code == 404
        assert COOKIE_NAME not in response.cookies
        assert "Mã này không gắn được điện thoại" in response.content.decode()
    client.cookies[COOKIE_NAME] = card
    api = client.post(
        f"/api/voting/polls/{poll.pk}/ballot", {"struck": [9, 10]}, content_type="application/json"
    )
    assert api.status_code == 403
    assert client.post(f"/v/polls/{poll.pk}/", {"step": "cast", "struck": ["9"]}).status_code == 403
    assert not Device.objects.filter(delegate=delegate).exists()
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


def test_a_paper_ballot_for_who_voted_on_a_phone_is_refused_in_words(
    client, django_user_model, e_election, phones
):
    congress, rnd = e_election.congress, e_election.rounds.get()
    poll = polls.open_poll(rnd)
    _cast(rnd, poll, [phones[5]])
    client.force_login(_user(django_user_model, congress, "clerk", Role.COUNTING_COMMITTEE))
    url = _staff(congress, "paper_desk", poll_id=poll.pk)
    for value in ("5", congress.delegates.get(number=5).checkin_code):
        r = client.post(url, {"code": value})
        assert r.status_code == 409
        assert "Đại biểu này đã bỏ phiếu trên điện thoại ở vòng này." in r.content.decode()
    assert list(Participation.objects.filter(poll=poll).values_list("channel", flat=True)) == ["electronic"]
    assert polls.progress(poll).paper == 0


def test_closing_twice_is_refused_and_the_figures_stay(client, django_user_model, e_election, phones):
    congress, rnd = e_election.congress, e_election.rounds.get()
    poll = polls.open_poll(rnd)
    _cast(rnd, poll, list(phones.values())[:6])
    polls.issue_paper_ballot(poll, "40")
    client.force_login(_user(django_user_model, congress, "chair", Role.PRESIDIUM))
    url = _staff(congress, "poll_close", poll_id=poll.pk)
    first = client.post(url, {"confirmed": "1"})
    assert first.status_code == 302
    poll.refresh_from_db()
    frozen = (poll.status, poll.entitled, poll.electronic, poll.paper_issued, poll.closed_at)
    counts = Round.objects.filter(pk=rnd.pk).values("status", "issued", "returned", "electronic").get()
    ballots = sorted(str(pk) for pk in Ballot.objects.filter(poll=poll).values_list("pk", flat=True))

    second = client.post(url, {"confirmed": "1"})  # the tired chair presses again (or the back button)
    assert second.status_code == 409
    assert "Việc bỏ phiếu vòng này đã kết thúc." in second.content.decode()
    poll.refresh_from_db()
    assert (poll.status, poll.entitled, poll.electronic, poll.paper_issued, poll.closed_at) == frozen
    assert (
        Round.objects.filter(pk=rnd.pk).values("status", "issued", "returned", "electronic").get() == counts
    )
    assert sorted(str(pk) for pk in Ballot.objects.filter(poll=poll).values_list("pk", flat=True)) == ballots
    # and a closed poll never reopens
    reopen = client.post(
        _staff(congress, "poll_open", election_id=e_election.pk, number=1), {"minutes": "5"}, follow=True
    )
    assert "cuộc bỏ phiếu đã kết thúc không bao giờ mở lại" in " ".join(reopen.content.decode().split())
    assert Poll.objects.filter(round=rnd).count() == 1


def test_opening_a_poll_in_a_paper_congress_is_refused_in_words(client, django_user_model, e_election):
    congress = e_election.congress
    congress.ballot_form = "paper"
    congress.save(update_fields=["ballot_form"])
    client.force_login(_user(django_user_model, congress, "chair", Role.PRESIDIUM))
    r = client.post(
        _staff(congress, "poll_open", election_id=e_election.pk, number=1), {"minutes": "10"}, follow=True
    )
    html = r.content.decode()
    assert "Quy chế bầu cử của Đại hội quy định bỏ phiếu kín bằng phiếu giấy: không mở" in " ".join(
        html.split()
    )
    assert not Poll.objects.exists()


def test_a_hybrid_round_counted_by_hand_counts_the_phones_ballots_once(e_election, phones):
    """Found walking: the clerks switch a hybrid round to "hand count (totals only)". They count the
    paper ballots (they never see the phones'); the count adds the phones' ballots once. Before the fix
    the totals had to cover every ballot returned, phones' included, and the count then added the
    phones' ballots again (11 valid of 6 returned, a warning and a round closed anyway)."""
    from daihoi.elections import services as election_services
    from daihoi.elections.errors import ElectionError

    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    _cast(rnd, poll, list(phones.values())[:5])
    polls.issue_paper_ballot(poll, "40")
    polls.close_poll(poll)
    election_services.set_counts(rnd, issued=1, returned=1)
    election_services.set_aggregate(Round.objects.get(pk=rnd.pk), True)
    rnd = Round.objects.get(pk=rnd.pk)
    with pytest.raises(ElectionError):  # totals of all 6 ballots: the phones' are not typed in
        election_services.enter_totals(rnd, votes=dict.fromkeys(range(1, 9), 6), valid=6, invalid={})
    election_services.enter_totals(rnd, votes=dict.fromkeys(range(1, 9), 1), valid=1, invalid={})
    election_services.close_round(Round.objects.get(pk=rnd.pk))
    result = Round.objects.get(pk=rnd.pk).result
    assert result["ballots"]["valid"] == 6
    assert result["ballots"]["returned"] == 6
    assert not [w for w in result["warnings"] if w["code"] == "valid_plus_invalid_differs_from_returned"]
    assert {c["name"]: c["votes"] for c in result["candidates"]}[
        rnd.entries.get(position=1).candidate.full_name
    ] == 6


def test_the_totals_page_of_a_hybrid_round_asks_for_the_paper_ballots(e_election, phones, client):
    """The hand-count form says the totals are of the paper ballots and bounds them by their number."""
    from django.contrib.auth import get_user_model

    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.elections import services as election_services

    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    _cast(rnd, poll, list(phones.values())[:5])
    polls.issue_paper_ballot(poll, "40")
    polls.close_poll(poll)
    election_services.set_counts(rnd, issued=1, returned=1)
    election_services.set_aggregate(Round.objects.get(pk=rnd.pk), True)
    user = get_user_model().objects.create_user("kiem-totals", password="x" * 12)
    RoleAssignment.objects.create(
        user=user, organization=e_election.congress.organization, role=Role.COUNTING_COMMITTEE
    )
    client.force_login(user)
    org = e_election.congress.organization.code
    page = client.get(f"/e/{org}/{e_election.pk}/rounds/1/totals/").content.decode()
    assert "Nhập số tổng của 1 phiếu giấy thu về; 5 phiếu bỏ trên điện thoại" in page
    assert 'name="valid" value="" required' in page or 'max="1" name="valid"' in page
    assert 'max="6"' not in page
