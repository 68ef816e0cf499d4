"""Issue 9, "What went wrong": each mistake a congress made with the first release is now refused.

The fixtures are the demo congress's figures (tests/elections/conftest.py): 48 voters present of the 50
official members convened, 3 probationary members present without a vote, D = 48.
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services as congress_services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import OpenVote
from daihoi.elections import services
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Candidate, ElectionStatus

# -------------------------------------------------------------- 1. a vote decides its own subject, once


def _with_list(helpers, session, kind="executive_committee", seats=3, names=4, skip=0):
    election = helpers.seated(session, kind, seats)
    for m in helpers.official_members(session)[skip : skip + names]:
        services.nominate(election, m)
    return election


def test_a_list_is_not_frozen_with_another_elections_vote(session, helpers):
    committee = _with_list(helpers, session, "executive_committee", 3, 4)
    inspection = _with_list(helpers, session, "inspection_committee", 3, 4, skip=4)
    committee_vote = helpers.closed_vote(session, "ballot_list", election=committee)
    with pytest.raises(ElectionError) as err:
        services.approve_list(inspection, committee_vote)
    assert err.value.code == "vote_wrong_subject"
    assert committee_vote.title in err.value.message
    inspection.refresh_from_db()
    assert inspection.status == ElectionStatus.LIST
    assert not inspection.rounds.exists()
    services.approve_list(committee, committee_vote)  # its own list: accepted


def test_a_vote_is_used_once(session, helpers):
    election = _with_list(helpers, session)
    vote = helpers.closed_vote(session, "ballot_list", election=election)
    services.approve_list(election, vote)
    vote.refresh_from_db()
    assert vote.used_at is not None
    assert vote.used_for == "list"
    other = _with_list(helpers, session, "inspection_committee", 3, 4, skip=4)
    with pytest.raises(ElectionError) as err:  # nor can it be re-pointed at another election
        services.approve_list(other, vote)
    assert err.value.code == "vote_wrong_subject"


def test_a_vote_that_did_not_pass_decides_nothing(session, helpers):
    election = _with_list(helpers, session)
    vote = helpers.closed_vote(session, "ballot_list", election=election, agree=24, disagree=20)  # 24 of 48
    assert vote.passed is False
    with pytest.raises(ElectionError) as err:
        services.approve_list(election, vote)
    assert err.value.code == "vote_not_passed"


def test_a_list_vote_needs_its_election_and_the_list_stage(session, helpers):
    with pytest.raises(CongressError) as err:
        congress_services.create_open_vote(session, kind="ballot_list")
    assert err.value.code == "vote_subject_required"
    election = helpers.seated(session, "executive_committee", 3)  # no list yet? the stage is LIST: fine
    election.status = ElectionStatus.SEATS
    election.save(update_fields=["status"])
    with pytest.raises(CongressError) as err:
        congress_services.create_open_vote(session, kind="ballot_list", election=election)
    assert err.value.code == "vote_subject_stage"


def test_a_further_round_needs_a_vote_on_that_round_not_on_the_working_rules(
    session, committee_election, helpers
):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    for clerk in (1, 2):
        for p, text in enumerate(["1 2"] * 24 + ["3 4"] * 24, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=text)
    services.close_round(rnd)
    committee_election.refresh_from_db()
    assert committee_election.status == ElectionStatus.PENDING
    rules = helpers.closed_vote(session, "resolution", title="Quy chế làm việc của Đại hội")
    with pytest.raises(ElectionError) as err:
        services.start_next_round(committee_election, vote=rules)
    assert err.value.code == "vote_wrong_kind"
    # Declining needs a passed vote on ending the election, not a failed vote on the next round.
    failed = helpers.closed_vote(session, "next_round", election=committee_election, agree=10, disagree=30)
    with pytest.raises(ElectionError) as err:
        services.decline_next_round(committee_election, vote=failed)
    assert err.value.code == "vote_wrong_kind"
    with pytest.raises(ElectionError) as err:
        services.start_next_round(committee_election, vote=failed)
    assert err.value.code == "vote_not_passed"
    yes = helpers.closed_vote(session, "next_round", election=committee_election)
    r2 = services.start_next_round(committee_election, vote=yes)
    assert r2.number == 2


def test_a_withdrawal_vote_belongs_to_its_candidate(session, helpers):
    election = _with_list(helpers, session, seats=4, names=5)
    first, second = list(election.candidates.order_by("id"))[:2]
    services.request_withdrawal(first, reason="Sức khỏe", proposal="allow")
    services.request_withdrawal(second, reason="Gia đình", proposal="allow")
    vote = helpers.closed_vote(session, "withdrawal", candidate=first)
    with pytest.raises(ElectionError) as err:
        services.decide_withdrawal(second, vote)
    assert err.value.code == "vote_wrong_subject"
    # An undecided request holds the list back from approval.
    list_vote = helpers.closed_vote(session, "ballot_list", election=election)
    with pytest.raises(ElectionError) as err:
        services.approve_list(election, list_vote)
    assert err.value.code == "withdrawals_undecided"
    services.decide_withdrawal(first, vote)
    services.decide_withdrawal(second, helpers.closed_vote(session, "withdrawal", candidate=second))
    services.approve_list(election, list_vote)


# -------------------------------------------------------------- 2. closing the congress


def test_the_congress_does_not_close_mid_election(session, committee_election, helpers):
    with pytest.raises(CongressError) as err:
        congress_services.close_congress(session)
    assert err.value.code == "congress_elections_unfinished"
    assert committee_election.title in err.value.message
    vote = congress_services.create_open_vote(session, kind="resolution", title="Nghị quyết Đại hội")
    congress_services.open_open_vote(vote)
    with pytest.raises(CongressError) as err:
        congress_services.close_congress(session)
    assert err.value.code == "congress_vote_in_progress"


def test_after_closing_nothing_can_start(session, helpers):
    voted = helpers.seated(session, "inspection_committee", 3)
    with pytest.raises(ElectionError) as err:  # the congress voted on it: it stays
        services.delete_election(voted)
    assert err.value.code == "election_has_votes"
    voted.votes.all().update(election=None)  # (only to let this test go on with a clean congress)
    voted.delete()
    election = services.create_election(session, kind="delegates", seats=3)
    services.delete_election(election)  # prepared by mistake: removed, so the congress can close
    congress_services.close_congress(session)
    with pytest.raises(ElectionError) as err:
        services.create_election(session, kind="delegates", seats=3)
    assert err.value.code == "congress_wrong_stage"
    with pytest.raises(CongressError) as err:
        congress_services.create_open_vote(session, kind="resolution")
    assert err.value.code == "congress_wrong_stage"


def test_no_round_starts_after_the_result_is_announced(session, committee_election, helpers):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    for clerk in (1, 2):
        for p, text in enumerate(["1 2"] * 24 + ["3 4"] * 24, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=text)
    services.close_round(rnd)
    services.decline_next_round(committee_election, vote=helpers.closed_vote(
        session, "end_election", election=committee_election))  # fmt: skip
    services.announce(committee_election)
    with pytest.raises(ElectionError) as err:
        services.start_next_round(committee_election)
    assert err.value.code == "election_wrong_stage"
    committee_election.refresh_from_db()
    assert committee_election.status == ElectionStatus.PUBLISHED


# -------------------------------------------------------------- 3. impossible figures, at their bounds


def test_ballots_issued_at_most_the_voters_present(session, committee_election):
    rnd = committee_election.rounds.get()
    with pytest.raises(ElectionError) as err:
        services.set_counts(rnd, issued=49, returned=48)
    assert err.value.code == "figure_over_bound"
    assert "49" in err.value.message
    assert "48" in err.value.message
    with pytest.raises(ElectionError) as err:
        services.set_counts(rnd, issued=48, returned=49)
    assert err.value.code == "figure_over_bound"
    services.set_counts(rnd, issued=48, returned=48)  # exactly the bounds


def test_supporters_at_most_the_voters_present(session, helpers):
    election = helpers.seated(session, "executive_committee", 3)
    a, b = helpers.official_members(session)[:2]
    with pytest.raises(ElectionError) as err:
        services.nominate(election, a, source="floor", support=49)
    assert err.value.code == "figure_over_bound"
    assert not election.candidates.exists()
    services.nominate(election, b, source="floor", support=48)


def test_hand_count_totals_within_the_valid_ballots_and_places(session, helpers):
    election = helpers.seated(session, "executive_committee", 4)
    for m in helpers.official_members(session)[:5]:
        services.nominate(election, m)
    rnd = services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    services.set_aggregate(rnd, True)
    rnd = services.set_counts(rnd, issued=48, returned=48)
    # 5 × 48 = 240 on 48 valid ballots of at most 4 names (192): refused, though each name ≤ 48.
    with pytest.raises(ElectionError) as err:
        services.enter_totals(rnd, votes=dict.fromkeys(range(1, 6), 48), valid=48, invalid={})
    assert err.value.code == "votes_over_places"
    assert "240" in err.value.message
    with pytest.raises(ElectionError) as err:  # one above the bound
        services.enter_totals(rnd, votes={1: 48, 2: 48, 3: 48, 4: 48, 5: 1}, valid=48, invalid={})
    assert err.value.code == "votes_over_places"
    services.enter_totals(rnd, votes={1: 48, 2: 48, 3: 48, 4: 48, 5: 0}, valid=48, invalid={})
    with pytest.raises(ElectionError) as err:
        services.enter_totals(rnd, votes={1: -3}, valid=48, invalid={})
    assert err.value.code == "figure_negative"


def test_open_vote_counts_at_most_the_voters_present(session):
    vote = congress_services.create_open_vote(session, kind="resolution")
    congress_services.open_open_vote(vote)
    with pytest.raises(CongressError) as err:
        congress_services.record_open_vote(vote, agree=40, disagree=8, abstain=1)
    assert err.value.code == "figure_over_bound"
    congress_services.record_open_vote(vote, agree=40, disagree=8, abstain=0)


# -------------------------------------------------------------- 4. independent entries


@pytest.fixture
def clerks(session, django_user_model):
    from daihoi.accounts.models import Role, RoleAssignment

    out = []
    for name in ("ban-kp-1", "ban-kp-2"):
        u = django_user_model.objects.create_user(username=name, password="x")
        RoleAssignment.objects.create(user=u, organization=session.organization, role=Role.COUNTING_COMMITTEE)
        out.append(u)
    return out


def test_one_login_cannot_be_both_clerks(committee_election, clerks):
    rnd = services.set_counts(committee_election.rounds.get(), issued=2, returned=2)
    services.enter_ballot(rnd, clerk=1, position=1, text="9 10", actor=clerks[0])
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=2, position=1, text="9 10", actor=clerks[0])
    assert err.value.code == "clerk_not_independent"
    assert "ban-kp-1" in err.value.message
    services.enter_ballot(rnd, clerk=2, position=1, text="9 10", actor=clerks[1])
    assert set(rnd.ballot_entries.values_list("clerk", "entered_by__username")) == {
        (1, "ban-kp-1"), (2, "ban-kp-2")}  # fmt: skip


@override_settings(DAIHOI_ALLOW_ONE_CLERK_LOGIN=True)
def test_a_one_person_committee_is_allowed_by_setting_and_recorded(committee_election, clerks):
    rnd = services.set_counts(committee_election.rounds.get(), issued=1, returned=1)
    services.enter_ballot(rnd, clerk=1, position=1, text="9 10", actor=clerks[0])
    services.enter_ballot(rnd, clerk=2, position=1, text="9 10", actor=clerks[0])
    committee_election.refresh_from_db()
    assert committee_election.entries_not_independent is True
    assert AuditEntry.objects.filter(action="election.entries.not_independent").count() == 1


# -------------------------------------------------------------- 7. a mistyped nominee


def test_a_mistyped_floor_nominee_is_corrected_before_the_list_vote(session, helpers):
    election = helpers.seated(session, "executive_committee", 3)
    wrong, right = helpers.official_members(session)[:2]
    typo = services.nominate(election, wrong, source="floor", support=20)
    with pytest.raises(ElectionError) as err:
        services.remove_nominee(typo, reason="")
    assert err.value.code == "reason_required"
    services.remove_nominee(typo, reason="Gõ nhầm số thẻ: người được giới thiệu là đồng chí khác")
    assert not Candidate.objects.filter(pk=typo.pk).exists()
    entry = AuditEntry.objects.get(action="election.candidate.removed_as_mistake")
    assert entry.data["name"] == wrong.full_name
    assert "Gõ nhầm" in entry.data["reason"]
    services.nominate(election, right, source="floor", support=20)
    for m in helpers.official_members(session)[2:5]:
        services.nominate(election, m)
    services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    frozen = election.candidates.first()
    with pytest.raises(ElectionError) as err:  # after the vote: only a withdrawal, never a correction
        services.remove_nominee(frozen, reason="muộn")
    assert err.value.code == "election_wrong_stage"


def test_a_name_voted_on_cannot_be_removed_as_a_typo(session, helpers):
    election = _with_list(helpers, session)
    candidate = election.candidates.first()
    services.request_withdrawal(candidate, reason="Sức khỏe", proposal="allow")
    helpers.closed_vote(session, "withdrawal", candidate=candidate)
    with pytest.raises(ElectionError) as err:
        services.remove_nominee(candidate, reason="nhầm")
    assert err.value.code == "nominee_has_votes"
    assert OpenVote.objects.filter(candidate=candidate).exists()


def test_an_archived_congress_takes_no_election_step(session, committee_election):
    from django.utils import timezone

    type(session).objects.filter(pk=session.pk).update(archived_at=timezone.now())
    committee_election.refresh_from_db()
    with pytest.raises(ElectionError) as err:
        services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    assert err.value.code == "congress_is_archived"
    assert committee_election.rounds.get().issued is None


@override_settings(DAIHOI_ALLOW_ONE_CLERK_LOGIN=True)
def test_the_minutes_say_when_one_login_entered_both_stacks(committee_election, clerks):
    import io

    from docx import Document as Docx

    from daihoi.documents.docx_renderer import render_docx
    from daihoi.elections import minutes

    rnd = services.set_counts(committee_election.rounds.get(), issued=1, returned=1)
    services.enter_ballot(rnd, clerk=1, position=1, text="9 10", actor=clerks[0])
    services.enter_ballot(rnd, clerk=2, position=1, text="9 10", actor=clerks[0])
    rnd = services.close_round(rnd)
    docx = Docx(io.BytesIO(render_docx(minutes.round_minutes(rnd))))
    text = " ".join(p.text for p in docx.paragraphs)
    assert "không độc lập" in text


def test_a_forged_form_naming_another_elections_vote_is_refused_on_the_page(
    client, session, helpers, django_user_model
):
    from django.urls import reverse

    from daihoi.accounts.models import Role, RoleAssignment

    committee = _with_list(helpers, session, "executive_committee", 3, 4)
    delegation = services.create_election(session, kind="delegates", seats=3)
    for m in helpers.official_members(session)[4:8]:
        services.nominate(delegation, m)
    committee_vote = helpers.closed_vote(session, "ballot_list", election=committee)
    user = django_user_model.objects.create_user(username="dct", password="x")
    RoleAssignment.objects.create(user=user, organization=session.organization, role=Role.PRESIDIUM)
    client.force_login(user)
    url = reverse(
        "elections:approve_list", kwargs={"org_code": session.organization.code, "pk": delegation.pk}
    )
    page = client.get(url).content.decode()
    assert f'value="{committee_vote.pk}"' not in page  # the page offers only the votes on this election
    response = client.post(url, {"vote": committee_vote.pk, "confirmed": "1"})
    assert response.status_code == 409
    assert "là về việc khác" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == ElectionStatus.LIST


def test_the_vote_page_names_the_election_it_decides(client, session, helpers, django_user_model):
    from django.urls import reverse

    from daihoi.accounts.models import Role, RoleAssignment

    election = _with_list(helpers, session, seats=4, names=5)
    candidate = election.candidates.first()
    services.request_withdrawal(candidate, reason="Sức khỏe", proposal="allow")
    vote = congress_services.create_open_vote(session, kind="withdrawal", candidate=candidate)
    user = django_user_model.objects.create_user(username="dct2", password="x")
    RoleAssignment.objects.create(user=user, organization=session.organization, role=Role.PRESIDIUM)
    client.force_login(user)
    url = reverse("congresses:vote", kwargs={"org_code": session.organization.code, "pk": session.pk,
                                             "vote_id": vote.pk})  # fmt: skip
    page = client.get(url).content.decode()
    assert 'id="vote-subject"' in page
    assert (
        reverse("elections:detail", kwargs={"org_code": session.organization.code, "pk": election.pk}) in page
    )
    assert candidate.full_name in page


def test_refused_hand_count_totals_stay_on_the_page(client, session, helpers, django_user_model):
    from django.urls import reverse

    from daihoi.accounts.models import Role, RoleAssignment

    election = _with_list(helpers, session, seats=4, names=5)
    rnd = services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    services.set_aggregate(rnd, True)
    services.set_counts(rnd, issued=48, returned=48)
    user = django_user_model.objects.create_user(username="kp-tong", password="x")
    RoleAssignment.objects.create(user=user, organization=session.organization, role=Role.COUNTING_COMMITTEE)
    client.force_login(user)
    url = reverse("elections:totals", kwargs={"org_code": session.organization.code, "pk": election.pk,
                                              "number": 1})  # fmt: skip
    typed = {f"votes-{p}": "48" for p in range(1, 6)} | {"valid": "48"}
    response = client.post(url, typed)
    assert response.status_code == 409
    page = response.content.decode()
    assert "240" in page  # the refusal names the sum and its bound
    assert page.count('value="48"') >= 6  # every figure typed is still there
    rnd.refresh_from_db()
    assert rnd.totals == {}


def test_a_refused_nomination_keeps_what_was_typed(client, session, helpers, django_user_model):
    from django.urls import reverse

    from daihoi.accounts.models import Role, RoleAssignment

    election = helpers.seated(session, "executive_committee", 3)
    member = helpers.official_members(session)[0]
    user = django_user_model.objects.create_user(username="dct3", password="x")
    RoleAssignment.objects.create(user=user, organization=session.organization, role=Role.PRESIDIUM)
    client.force_login(user)
    url = reverse("elections:nominate", kwargs={"org_code": session.organization.code, "pk": election.pk})
    r = client.post(url, {"member": member.member_code, "source": "floor", "support": "60"}, follow=True)
    page = r.content.decode()
    assert "60" in page
    assert "lớn hơn" in page  # 60 supporters of 48 voters present: refused, naming the bound
    assert f'value="{member.member_code}"' in page
    assert 'value="floor" selected' in page
    assert not election.candidates.exists()


def test_no_second_vote_on_a_decided_withdrawal(session, helpers):
    election = _with_list(helpers, session, seats=4, names=5)
    candidate = election.candidates.first()
    services.request_withdrawal(candidate, reason="Sức khỏe", proposal="allow")
    services.decide_withdrawal(candidate, helpers.closed_vote(session, "withdrawal", candidate=candidate))
    with pytest.raises(CongressError) as err:
        congress_services.create_open_vote(session, kind="withdrawal", candidate=candidate)
    assert err.value.code == "no_withdrawal_request"
    assert candidate.full_name in err.value.message
