"""Open votes: guarded transitions, counting-committee refusal, more than half of D, frozen snapshot."""

from __future__ import annotations

import pytest

from daihoi.congresses import hooks, services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import Delegate
from daihoi.organizations.models import Member


@pytest.fixture
def declared_candidates():
    """Stands in for the elections app: declares candidates through the hook, removed afterwards."""
    declared: set[int] = set()

    def provider(congress):
        return set(declared)

    hooks.register_candidate_provider(provider)
    yield declared
    hooks.unregister_candidate_provider(provider)


def _nominees(congress, numbers):
    return list(congress.delegates.filter(number__in=numbers))


def test_vote_lifecycle_and_result(in_session):
    vote = services.create_open_vote(
        in_session, kind="presidium", nominees=_nominees(in_session, [1, 11, 21])
    )
    with pytest.raises(CongressError) as err:
        services.record_open_vote(vote, agree=40, disagree=0)
    assert err.value.code == "wrong_status"
    services.open_open_vote(vote)
    with pytest.raises(CongressError) as err:
        services.close_open_vote(vote)
    assert err.value.code == "counts_missing"
    services.record_open_vote(vote, agree=40, disagree=1, abstain=2)
    vote = services.close_open_vote(vote)
    assert vote.passed is True
    assert vote.status == "closed"
    # 48 present of 50; 45 official, 2 absent (numbers 49, 50) without accepted reasons: D = 45
    assert vote.snapshot["base"]["base"] == 45
    assert (vote.snapshot["quorum"]["present"], vote.snapshot["quorum"]["convened"]) == (43, 45)
    assert vote.snapshot["quorum"]["attending"] == 48  # the 5 probationary members attend, no vote
    with pytest.raises(CongressError) as err:
        services.open_open_vote(vote)
    assert err.value.code == "wrong_status"


def test_more_than_half_is_strict(in_session):
    # D = 45 -> 22 agree fails (44 > 45 is false), 23 passes
    results = []
    for agree in (22, 23):
        vote = services.create_open_vote(in_session, kind="resolution", title="Nghị quyết")
        services.open_open_vote(vote)
        services.record_open_vote(vote, agree=agree, disagree=0)
        results.append(services.close_open_vote(vote).passed)
    assert results == [False, True]


def test_counts_cannot_exceed_voters_present(in_session):
    vote = services.create_open_vote(in_session, kind="resolution")
    services.open_open_vote(vote)
    with pytest.raises(CongressError) as err:
        services.record_open_vote(vote, agree=38, disagree=5, abstain=1)  # 44 > 43 voters present
    assert err.value.code == "figure_over_bound"
    assert "44" in err.value.message
    assert "43" in err.value.message
    services.record_open_vote(vote, agree=37, disagree=5, abstain=1)  # exactly the 43 present
    with pytest.raises(CongressError) as err:
        services.record_open_vote(vote, agree=-1, disagree=0)
    assert err.value.code == "figure_negative"


def test_counting_committee_refuses_declared_candidate(in_session, declared_candidates):
    candidate = in_session.delegates.get(number=12)
    declared_candidates.add(candidate.member_id)
    with pytest.raises(CongressError) as err:
        services.create_open_vote(
            in_session, kind="counting_committee", nominees=_nominees(in_session, [12, 13])
        )
    assert err.value.code == "candidate_in_counting_committee"
    assert candidate.full_name in err.value.message
    # A candidate declared after the committee was proposed is caught when the vote closes.
    vote = services.create_open_vote(
        in_session, kind="counting_committee", nominees=_nominees(in_session, [14, 15])
    )
    services.open_open_vote(vote)
    services.record_open_vote(vote, agree=43, disagree=0)
    declared_candidates.add(in_session.delegates.get(number=15).member_id)
    with pytest.raises(CongressError) as err:
        services.close_open_vote(vote)
    assert err.value.code == "candidate_in_counting_committee"
    # Candidates may sit on the presidium.
    services.create_open_vote(in_session, kind="presidium", nominees=_nominees(in_session, [12]))


def test_counting_committee_refuses_non_voter(in_session):
    probationary = in_session.delegates.filter(is_official=False).first()
    with pytest.raises(CongressError) as err:
        services.create_open_vote(in_session, kind="counting_committee", nominees=[probationary])
    assert err.value.code == "not_a_voter"


def test_result_is_frozen_against_later_roll_edits(in_session):
    vote = services.create_open_vote(in_session, kind="secretariat", nominees=_nominees(in_session, [2, 3]))
    services.open_open_vote(vote)
    services.record_open_vote(vote, agree=23, disagree=20)
    vote = services.close_open_vote(vote)
    before = dict(vote.snapshot)
    # Later: roll edits and attendance changes (absences accepted, members flagged)
    Member.objects.filter(organization=in_session.organization).update(attached_elsewhere=True)
    Delegate.objects.filter(congress=in_session).update(attached_elsewhere=True, present=False)
    vote.refresh_from_db()
    assert vote.passed is True
    assert vote.snapshot == before
    assert vote.snapshot["base"]["base"] == 45


def test_vote_needs_congress_in_session(convened):
    vote = services.create_open_vote(convened, kind="presidium", nominees=_nominees(convened, [1]))
    with pytest.raises(CongressError) as err:
        services.open_open_vote(vote)
    assert err.value.code == "congress_wrong_stage"


def test_working_body_needs_nominees(in_session):
    with pytest.raises(CongressError) as err:
        services.create_open_vote(in_session, kind="credentials_committee")
    assert err.value.code == "nominees_required"


def test_current_agenda_item(in_session):
    items = list(in_session.agenda_items.all())
    assert [i.kind for i in items][:2] == ["opening", "working_bodies"]
    services.set_current_agenda_item(in_session, items[1])
    in_session.refresh_from_db()
    assert in_session.current_item == items[1]
