"""Election workflow: ballot list rules, double entry and reconciliation, every engine status, publication."""

from __future__ import annotations

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.congresses import services as congress_services
from daihoi.congresses.errors import CongressError
from daihoi.elections import services
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import BallotEntry, CandidateStatus, EntryLog, Round
from daihoi.organizations.models import Member, MemberStatus


def _enter_all(rnd, texts, clerks=(1, 2)):
    for clerk in clerks:
        for position, text in enumerate(texts, start=1):
            out = services.enter_ballot(rnd, clerk=clerk, position=position, text=text, confirm=True)
            assert out.saved


def test_candidates_must_be_official_and_not_counting_committee(session, helpers):
    election = helpers.seated(session, "executive_committee", 8)
    probationary = Member.objects.filter(
        organization=session.organization, status=MemberStatus.PROBATIONARY
    ).first()
    with pytest.raises(ElectionError) as err:
        services.nominate(election, probationary)
    assert err.value.code == "not_official"
    counter = session.delegates.get(number=1).member
    with pytest.raises(ElectionError) as err:
        services.nominate(election, counter)
    assert err.value.code == "counting_committee_member"
    assert counter.full_name in err.value.message
    # The other way round: a candidate cannot then join the counting committee (hook).
    member = helpers.official_members(session)[0]
    services.nominate(election, member)
    delegate = session.delegates.get(member=member)
    with pytest.raises(CongressError) as cerr:
        congress_services.create_open_vote(session, kind="counting_committee", nominees=[delegate])
    assert cerr.value.code == "candidate_in_counting_committee"


def test_floor_support_withdrawal_surplus_and_opinion_ballot(session, helpers):
    election = helpers.seated(session, "executive_committee", 8)
    pool = helpers.official_members(session)
    for m in pool[:9]:
        services.nominate(election, m)
    attending, needed = services.support_needed(session)
    # Support counts the 48 voters present, not the 3 probationary members (who may not nominate):
    # more than 30% of 48 is 15.
    assert (attending, needed) == (48, 15)
    weak = services.nominate(election, pool[9], source="floor", support=14)
    assert weak.status == CandidateStatus.NOT_SUPPORTED
    strong = [services.nominate(election, m, source="self", support=15) for m in pool[10:13]]
    assert all(c.status == CandidateStatus.PROPOSED for c in strong)
    check = services.check_list(election)
    # 12 names for 8 places: surplus 4 > floor(30% of 8) = 2
    assert (check.names, check.surplus, check.limit, check.over_limit) == (12, 4, 2, True)
    with pytest.raises(ElectionError) as err:
        services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    assert err.value.code == "list_over_limit"
    # A withdrawal allowed by the congress removes one name.
    services.request_withdrawal(strong[0], reason="Sức khỏe", proposal="allow")
    services.decide_withdrawal(strong[0], helpers.closed_vote(session, "withdrawal", candidate=strong[0]))
    strong[0].refresh_from_db()
    assert strong[0].status == CandidateStatus.WITHDRAWN
    # Refused withdrawal: the vote on "allow" fails, so the candidate stays.
    services.request_withdrawal(strong[1], reason="Xin rút", proposal="allow")
    services.decide_withdrawal(
        strong[1], helpers.closed_vote(session, "withdrawal", candidate=strong[1], agree=5, disagree=35)
    )
    strong[1].refresh_from_db()
    assert strong[1].status == CandidateStatus.PROPOSED
    # 11 names, surplus 3 > 2: opinion ballot on the 2 floor/self nominees drops the lowest one;
    # a tie at the cut is left to the congress.
    with pytest.raises(ElectionError) as err:
        services.record_opinion_ballot(election, {strong[1].pk: 20, strong[2].pk: 20})
    assert err.value.code == "opinion_tie"
    dropped = services.record_opinion_ballot(election, {strong[1].pk: 30, strong[2].pk: 12})
    assert [c.pk for c in dropped] == [strong[2].pk]
    assert services.check_list(election).over_limit is False
    rnd = services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    assert rnd.entries.count() == 10
    assert AuditEntry.objects.filter(action="election.list.approved").count() == 1


def test_small_body_allows_one_extra(session, helpers):
    election = helpers.seated(session, "inspection_committee", 5)
    for m in helpers.official_members(session)[:7]:
        services.nominate(election, m)
    check = services.check_list(election)
    assert (check.limit, check.over_limit) == (1, True)


def test_ballot_order_and_identical_names(session, committee_election):
    rnd = committee_election.rounds.get()
    names = [rc.candidate.full_name for rc in services.round_candidates(rnd)]
    given = [n.split()[-1] for n in names]
    assert given == sorted(
        given,
        key=lambda g: ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga"].index(g),
    )


def test_double_entry_discrepancy_resolution_and_complete_result(session, committee_election):
    rnd = committee_election.rounds.get()
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=1, position=1, text="1 2")
    assert err.value.code == "counts_required"
    rnd = services.set_counts(rnd, issued=48, returned=48)
    # Ballots: strike 2 names (valid), except no. 5 which strikes only one (too many kept: invalid).
    texts = ["9 10"] * 48
    texts[4] = "10"
    out = services.enter_ballot(rnd, clerk=1, position=5, text="10")
    assert out.saved is False
    assert out.proposed == "too_many"
    _enter_all(rnd, texts)
    # A deliberate discrepancy: clerk 2 read ballot 7 differently.
    services.enter_ballot(rnd, clerk=2, position=7, text="8 10")
    rec = services.reconcile(rnd)
    assert [d["position"] for d in rec.discrepancies] == [7]
    with pytest.raises(ElectionError) as err:
        services.close_round(rnd)
    assert err.value.code == "entries_disagree"
    services.resolve_ballot(rnd, position=7, text="9 10")
    assert services.reconcile(rnd).complete
    rnd = services.close_round(rnd)
    r = rnd.result
    assert r["status"] == "complete"
    assert (r["ballots"]["valid"], r["ballots"]["invalid"]) == (47, 1)
    assert r["ballots"]["invalid_reasons"] == {"too_many": 1}
    assert r["congress"] == {"kind": "members", "convened": 50, "present": 48}
    assert r["base"] == 48  # 50 official members convened − 2 absent with an accepted reason
    top8 = [rc.candidate_id for rc in services.round_candidates(rnd)[:8]]
    assert sorted(int(i) for i in r["elected"]) == sorted(top8)
    assert EntryLog.objects.filter(round=rnd, action="changed").count() == 1
    assert EntryLog.objects.filter(round=rnd, action="resolved").count() == 1
    committee_election.refresh_from_db()
    assert committee_election.status == "counted"
    services.announce(committee_election)
    with pytest.raises(ElectionError) as err:
        services.approve(committee_election, reference="")
    assert err.value.code == "reference_required"
    services.approve(committee_election, reference="QĐ số 123-QĐ/ĐUK ngày 20/6/2020")
    committee_election.refresh_from_db()
    assert committee_election.status == "approved"
    assert len(services.outcome(committee_election).elected) == 8


def test_committee_flag_and_missing_entries(session, committee_election):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=3)
    out = services.enter_ballot(rnd, clerk=1, position=1, text="9 10 !identifying_mark")
    assert out.saved
    assert out.proposed == "identifying_mark"
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=1, position=4, text="1")
    assert err.value.code == "bad_position"
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=3, position=1, text="1")
    assert err.value.code == "bad_clerk"
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=1, position=2, text="11")
    assert err.value.code == "bad_number"
    with pytest.raises(ElectionError) as err:
        services.close_round(rnd)
    assert err.value.code == "entries_incomplete"
    assert services.next_position(rnd, 1) == 2


def test_secrecy_no_voter_reference():
    fields = {f.name for f in BallotEntry._meta.get_fields()}
    assert not fields & {"delegate", "voter", "member"}
    round_fields = {f.name for f in Round._meta.get_fields()}
    assert "issued" in round_fields
    assert not round_fields & {"delegates", "voters"}


def test_revote_among_tied(session, committee_election):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    # Every ballot strikes no. 10; 8 and 9 are each struck 10 times (38 votes each, above 24),
    # names 1-7 4 times each (44 votes): 7 sure, 8 and 9 tied for the last seat.
    texts = ["8 10"] * 10 + ["9 10"] * 10 + [f"{1 + i % 7} 10" for i in range(28)]
    _enter_all(rnd, texts)
    rnd = services.close_round(rnd)
    assert rnd.result["status"] == "revote"
    nxt = rnd.result["next_rounds"][0]
    positions = {rc.candidate_id: rc.position for rc in services.round_candidates(rnd)}
    assert sorted(positions[int(i)] for i in nxt["candidates"]) == [8, 9]
    r2 = services.start_next_round(committee_election)
    assert (r2.number, r2.revote, r2.seats) == (2, True, 1)
    assert r2.entries.count() == 2
    r2 = services.set_counts(r2, issued=48, returned=48)
    _enter_all(r2, ["1"] * 25 + ["2"] * 23)  # list with surplus of 2 for 1 seat: strike one
    r2 = services.close_round(r2)
    assert r2.result["status"] == "complete"
    assert len(services.outcome(committee_election).elected) == 8


def test_shortfall_needs_open_vote_for_next_round(session, committee_election, helpers):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    # Half strike 1 2, half strike 3 4: names 1-4 get 24 votes (< 25 needed), 5-8 pass, 9-10 pass too.
    _enter_all(rnd, ["1 2"] * 24 + ["3 4"] * 24)
    rnd = services.close_round(rnd)
    assert rnd.result["status"] == "shortfall"
    assert rnd.result["next_rounds"][0]["seats"] == 2
    with pytest.raises(ElectionError) as err:
        services.start_next_round(committee_election)
    assert err.value.code == "next_round_vote"
    vote = helpers.closed_vote(session, "next_round", election=committee_election)
    r2 = services.start_next_round(committee_election, vote=vote)
    assert (r2.number, r2.revote, r2.seats, r2.entries.count()) == (2, False, 2, 4)
    # A new name may join the further round with more than 30% support, in ballot order.
    newcomer = helpers.official_members(session)[12]
    with pytest.raises(ElectionError) as err:
        services.add_to_round(r2, newcomer, support=10)
    assert err.value.code == "support_too_low"
    services.add_to_round(r2, newcomer, support=20)
    names = [rc.candidate.full_name for rc in services.round_candidates(Round.objects.get(pk=r2.pk))]
    assert len(names) == 5
    assert newcomer.full_name in names
    with pytest.raises(ElectionError) as err:
        services.add_to_round(rnd, newcomer, support=20)
    assert err.value.code == "round_frozen"


def test_aggregate_entry(session, committee_election):
    rnd = committee_election.rounds.get()
    rnd = services.set_aggregate(rnd, True)
    rnd = services.set_counts(rnd, issued=48, returned=48)
    with pytest.raises(ElectionError) as err:
        services.enter_totals(rnd, votes={1: 50}, valid=47, invalid={"too_many": 1})
    assert err.value.code == "figure_over_bound"
    assert "50" in err.value.message
    assert "47" in err.value.message
    # 5 × 48 = 240-style totals: each name within the valid ballots, the sum beyond 8 names a ballot.
    with pytest.raises(ElectionError) as err:
        services.enter_totals(rnd, votes=dict.fromkeys(range(1, 11), 47), valid=47, invalid={"too_many": 1})
    assert err.value.code == "votes_over_places"
    with pytest.raises(ElectionError) as err:
        services.enter_totals(rnd, votes={}, valid=40, invalid={"too_many": 1})
    assert err.value.code == "totals_mismatch"
    votes = {p: 40 - p for p in range(1, 11)}
    services.enter_totals(rnd, votes=votes, valid=47, invalid={"too_many": 1})
    rnd = services.close_round(rnd)
    r = rnd.result
    assert r["status"] == "complete"
    assert r["ballots"]["invalid_reasons"] == {"too_many": 1}
    by_votes = sorted(r["candidates"], key=lambda c: -c["votes"])
    assert [c["id"] for c in by_votes[:8]] == r["elected"]


def test_delegates_with_alternates(session, helpers):
    election = services.create_election(session, kind="delegates", seats=3, alternates=1)
    for m in helpers.official_members(session)[:6]:
        services.nominate(election, m)
    rnd = services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    rnd = services.set_counts(rnd, issued=48, returned=48)
    # 4 places, 6 names: strike 5 and 6 (44 ballots) or 4 and 6 (4 ballots)
    _enter_all(rnd, ["5 6"] * 44 + ["4 6"] * 4)
    rnd = services.close_round(rnd)
    r = rnd.result
    assert r["status"] == "complete"
    assert len(r["elected"]) == 3
    assert len(r["alternates"]) == 1


def test_three_clerks_and_agree_disagree_ballots(session, helpers):
    """A list without surplus (4 columns): digit patterns; three independent entries must all agree."""
    election = services.create_election(session, kind="delegates", seats=4, clerks=3)
    for m in helpers.official_members(session)[:4]:
        services.nominate(election, m)
    rnd = services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    rnd = services.set_counts(rnd, issued=30, returned=30)
    texts = ["1111"] * 20 + ["1121"] * 5 + ["1131"] * 4 + [""]  # "" = all agree; 3 = both boxes: no vote
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=1, position=1, text="111")
    assert err.value.code == "bad_pattern"
    for clerk in (1, 2):
        for p, t in enumerate(texts, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t)
    with pytest.raises(ElectionError) as err:
        services.close_round(rnd)
    assert err.value.code == "entries_incomplete"  # the third clerk has not entered yet
    for p, t in enumerate(texts, start=1):
        services.enter_ballot(rnd, clerk=3, position=p, text=t)
    r = services.close_round(rnd).result
    assert r["form"] == "no_surplus"
    assert (r["ballots"]["valid"], r["ballots"]["invalid"]) == (30, 0)
    votes = [c["votes"] for c in r["candidates"]]
    assert votes == [30, 30, 21, 30]


def test_committee_rules_a_ballot_valid_with_a_reason(session, committee_election):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=2)
    _enter_all(rnd, ["9 10", "9 10 !k"])
    with pytest.raises(ElectionError) as err:
        services.resolve_ballot(rnd, position=2, text="9 10", valid=True)
    assert err.value.code == "override_reason"
    # The committee finds the "mark" is a fold of the paper: it rules the ballot valid, with its reason.
    services.resolve_ballot(rnd, position=2, text="9 10 !k", valid=True, reason="Vết gấp, không phải ký hiệu")
    r = services.close_round(rnd).result
    assert (r["ballots"]["valid"], r["ballots"]["invalid"]) == (2, 0)
    assert r["overrides"] == [
        {"ballot": 1, "proposed": "identifying_mark", "ruled": None, "reason": "Vết gấp, không phải ký hiệu"}
    ]
    assert EntryLog.objects.filter(round=rnd, action="resolved", content__contains="Vết gấp").exists()


@pytest.mark.parametrize("text", ["1" * 5000, "²", "99999999999999999999", "１"])
def test_a_struck_number_beyond_the_list_is_refused_not_a_server_error(committee_election, text):
    """Issue 10: 5,000 digits did not convert to an int (a 500); "²" is a digit to str.isdigit only."""
    rnd = committee_election.rounds.get(number=1)
    services.set_counts(rnd, issued=48, returned=48)
    with pytest.raises(ElectionError) as err:
        services.enter_ballot(rnd, clerk=1, position=1, text=text)
    assert err.value.code == "bad_number"
    assert len(err.value.message) < 200  # the value is quoted shortened
    assert not BallotEntry.objects.filter(round=rnd).exists()
