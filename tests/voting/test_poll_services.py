"""The poll's services end to end on the engine: open, cast, paper at the desk, close, count."""

from __future__ import annotations

import pytest

from daihoi.elections import services as election_services
from daihoi.elections.errors import ElectionError
from daihoi.voting.errors import VotingError
from daihoi.voting.models import Ballot, Participation
from daihoi.voting.services import polls

pytestmark = pytest.mark.django_db


def test_an_electronic_poll_counts_through_the_engine(e_election, phones):
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd, minutes=15)
    # delegates 1..20 strike names 9 and 10; 21..29 strike 1 and 2; 30 keeps all ten (invalid: 10 > 8)
    for i, n in enumerate(sorted(phones)):
        struck = [9, 10] if i < 20 else ([1, 2] if i < 29 else [])
        polls.cast_ballot(poll, phones[n], polls.read_ballot(rnd, struck=struck))
    with pytest.raises(VotingError) as err:
        polls.cast_ballot(poll, phones[5], polls.read_ballot(rnd, struck=[1, 2]))
    assert err.value.code == "voted_electronically"
    polls.close_poll(poll)
    rnd.refresh_from_db()
    assert (rnd.issued, rnd.returned, rnd.electronic) == (30, 30, 30)
    assert Ballot.objects.filter(poll=poll).count() == 30
    result = election_services.count_round(rnd)
    assert (result.invalid, result.valid) == (1, 29)
    votes = {c.name: c.votes for c in result.candidates}
    names = [rc.candidate.full_name for rc in rnd.entries.select_related("candidate").order_by("position")]
    assert [votes[n] for n in names] == [20] * 2 + [29] * 6 + [9] * 2


def test_a_hybrid_poll_is_one_tally(e_election, phones):
    """Delegate 40 has no phone: the desk issues a paper ballot; the tally joins both."""
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    for n in list(phones)[:5]:
        polls.cast_ballot(poll, phones[n], polls.read_ballot(rnd, struck=[9, 10]))
    polls.issue_paper_ballot(poll, "40")
    with pytest.raises(VotingError) as err:
        polls.issue_paper_ballot(poll, "40")
    assert err.value.code == "voted_on_paper"
    with pytest.raises(VotingError) as err:
        polls.issue_paper_ballot(poll, str(next(iter(phones))))
    assert err.value.code == "voted_electronically"
    assert Participation.objects.filter(poll=poll).count() == 6
    polls.close_poll(poll)
    rnd.refresh_from_db()
    e_election.refresh_from_db()
    assert e_election.status == "list_approved"
    assert (rnd.electronic, rnd.issued) == (5, None)
    with pytest.raises(ElectionError) as err:
        election_services.set_counts(rnd, issued=2, returned=1)
    assert err.value.code == "paper_count_mismatch"
    election_services.set_counts(rnd, issued=1, returned=1)
    rnd.refresh_from_db()
    assert (rnd.issued, rnd.returned) == (6, 6)


def test_a_check_in_is_not_undone_while_its_ballot_is_in_an_open_poll(e_election, phones):
    """A delegate who voted (on a phone or on paper) stays present until the poll closes: otherwise the
    poll would close with more ballots than voters present, a figure that cannot be true."""
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.errors import CongressError

    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    first = next(iter(phones))
    polls.cast_ballot(poll, phones[first], polls.read_ballot(rnd, struck=[9, 10]))
    polls.issue_paper_ballot(poll, "40")
    congress = e_election.congress
    for number in (first, 40):
        with pytest.raises(CongressError) as err:
            congress_services.undo_check_in(congress.delegates.get(number=number), reason="nhầm")
        assert err.value.code == "ballot_taken"
        assert congress.delegates.get(number=number).present
    congress_services.undo_check_in(congress.delegates.get(number=41), reason="nhầm")  # took no ballot
    polls.close_poll(poll)
    congress_services.undo_check_in(congress.delegates.get(number=first), reason="về sớm")
    assert not congress.delegates.get(number=first).present
