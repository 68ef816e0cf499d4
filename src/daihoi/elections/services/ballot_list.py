"""Before the vote: the election, its number of seats, the ballot list, withdrawals, approval (spec §5).

Every decision here is the congress's, by an open vote held on exactly this subject.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, OpenVote, OpenVoteKind, OpenVoteStatus
from daihoi.core.election import PARTY
from daihoi.core.election import Candidate as EngineCandidate
from daihoi.core.election.base import support_needed as nominee_support_needed
from daihoi.core.election.checks import max_surplus
from daihoi.core.procedure import ElectionAction, Target, VoteKind, figures
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import (
    Candidate,
    CandidateSource,
    CandidateStatus,
    Election,
    ElectionKind,
    ElectionStatus,
    Round,
    RoundCandidate,
)
from daihoi.elections.services.common import PROPOSALS, locked, log_step, refuse, require, use_vote
from daihoi.organizations.models import Member, MemberStatus

# Bodies of one person: the number to elect is not the congress's to decide.
ONE_SEAT = (ElectionKind.SECRETARY, ElectionKind.DEPUTY_SECRETARY)


def _lock_congress(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)


def create_election(
    congress: Congress,
    *,
    kind: str,
    title: str = "",
    seats: int | None = None,
    alternates: int = 0,
    clerks: int = 2,
    paper_size: str = "A5",
    actor: Any = None,
) -> Election:
    """A committee's number of seats is the congress's decision (`decide_seats`, after an open vote on this
    election); delegates' seats are allocated from above and given here; a secretary is one person."""
    from daihoi.congresses.procedure import congress_facts
    from daihoi.core.procedure.congress import CongressAction
    from daihoi.core.procedure.congress import refusal as congress_refusal

    if kind not in ElectionKind.values:
        raise ElectionError("wrong_kind", value=kind)
    if kind in ONE_SEAT:
        seats = 1
    elif kind != ElectionKind.DELEGATES:
        seats = None  # decided by the congress's vote
    else:
        seats = allocated_delegates(congress, seats)
        if not seats or seats < 1:
            raise ElectionError("seats_required")
    if kind != ElectionKind.DELEGATES:
        alternates = 0
    if alternates < 0:
        raise ElectionError("bad_alternates", value=alternates)
    if clerks not in (1, 2, 3):
        raise ElectionError("bad_clerk", value=clerks, clerks="1-3")
    with transaction.atomic():
        congress = _lock_congress(congress)
        refuse(congress_refusal(CongressAction.PREPARE_ELECTION, congress_facts(congress)))
        election = Election.objects.create(
            congress=congress,
            kind=kind,
            title=title.strip() or default_title(congress, kind),
            seats=seats,
            alternates=alternates,
            clerks=clerks,
            paper_size=paper_size if paper_size in ("A4", "A5") else "A5",
            status=ElectionStatus.LIST if seats else ElectionStatus.SEATS,
        )
        log_step("created", election, actor, kind=kind, seats=seats, alternates=alternates, clerks=clerks)
    return election


def allocated_delegates(congress: Congress, seats: int | None) -> int | None:
    """The number of delegates a congress elects to the upper congress: the superior's allocation when
    the superior committee is in daihoi and has allocated its seats (the number given must then be that
    one, or none), else the number given (a superior that is only a line of text)."""
    from daihoi.seasons.services.plan import plan_entry_for

    entry = plan_entry_for(congress)
    if entry is None or entry.delegates is None:
        return seats
    if seats and seats != entry.delegates:
        raise ElectionError(
            "seats_not_allocated",
            seats=seats,
            allocated=entry.delegates,
            superior=entry.season.organization.name,
        )
    return entry.delegates


def delete_election(election: Election, *, actor: Any = None) -> None:
    """An election prepared by mistake, before any round: removed with its list and unheld votes."""
    with transaction.atomic():
        _lock_congress(election.congress)
        election = locked(election)
        require(election, ElectionAction.DELETE)
        held = (
            election.votes.exclude(status=OpenVoteStatus.DRAFT).first()
            or OpenVote.objects.filter(candidate__election=election)
            .exclude(status=OpenVoteStatus.DRAFT)
            .first()
        )
        if held is not None:
            raise ElectionError("election_has_votes", value=held.title)
        OpenVote.objects.filter(candidate__election=election).delete()
        election.votes.all().delete()
        log_step("deleted", election, actor, title=election.title, kind=election.kind)
        election.delete()


def decide_seats(election: Election, vote: OpenVote, *, actor: Any = None) -> Election:
    """The congress voted the number of members of this body (an open vote on this election)."""
    with transaction.atomic():
        election = locked(election)
        require(election, ElectionAction.DECIDE_SEATS)
        vote = use_vote(vote, Target(VoteKind.SEATS, election.congress_id, election=election.pk), "seats")
        if not vote.seats:
            raise ElectionError("seats_required")
        election.seats, election.seats_vote = vote.seats, vote
        election.status = ElectionStatus.LIST
        election.save(update_fields=["seats", "seats_vote", "status"])
        log_step("seats.decided", election, actor, vote=vote.pk, seats=vote.seats)
    return election


def default_title(congress: Congress, kind: str) -> str:
    """ "Ban Chấp hành Đảng bộ … khóa X, nhiệm kỳ 2020 - 2025" — the body as the ballot names it."""
    org = congress.organization.name
    if kind == ElectionKind.DELEGATES:
        return _("Delegates of %(org)s to the upper congress, term %(term)s") % {
            "org": org,
            "term": congress.term,
        }
    return _("%(body)s of %(org)s, no. %(number)s, term %(term)s") % {
        "body": ElectionKind(kind).label,
        "org": org,
        "number": congress.roman_number,
        "term": congress.term,
    }


def counting_committee_members(congress: Congress) -> set[int]:
    """Roll member ids on the counting committee the congress approved (the latest passed vote)."""
    vote = (
        OpenVote.objects.filter(
            congress=congress, kind=OpenVoteKind.COUNTING_COMMITTEE, status=OpenVoteStatus.CLOSED, passed=True
        )
        .order_by("-closed_at", "-id")
        .first()
    )
    if vote is None:
        return set()
    return {d.member_id for d in vote.nominees.all() if d.member_id is not None}


def candidate_member_ids(congress: Congress) -> set[int]:
    """The candidate provider for the congress hook: members standing in any election of it."""
    return set(
        Candidate.objects.filter(election__congress=congress, status=CandidateStatus.PROPOSED).values_list(
            "member_id", flat=True
        )
    )


def support_needed(congress: Congress) -> tuple[int, int]:
    """(voters present, smallest support that is more than 30% of them). Probationary members and
    guests attend but may not nominate or vote (Charter 3), so their hands do not count as support."""
    attending = quorum(congress).voters_present
    return attending, nominee_support_needed(attending)


def check_nominee(congress: Congress, member: Member) -> None:
    if member.organization_id != congress.organization_id or not member.is_active:
        raise ElectionError("not_in_organization", name=member.full_name, org=congress.organization.name)
    if member.status != MemberStatus.OFFICIAL:
        raise ElectionError("not_official", name=member.full_name)
    if member.pk in counting_committee_members(congress):
        raise ElectionError("counting_committee_member", name=member.full_name)


def check_support(congress: Congress, name: str, support: int | None) -> int:
    """The supporters of a floor or self nomination: given, and at most the voters present."""
    if support is None:
        raise ElectionError("support_required", name=name)
    present, _needed = support_needed(congress)
    refuse(figures.support(support, present))
    return support


def nominate(
    election: Election,
    member: Member,
    *,
    source: str = CandidateSource.COMMITTEE,
    support: int | None = None,
    actor: Any = None,
) -> Candidate:
    """Put a member on the list. Floor and self nominees need > 30% of the voters present's support."""
    if source not in CandidateSource.values:
        raise ElectionError("wrong_source", value=source)
    with transaction.atomic():
        election = locked(election)
        require(election, ElectionAction.NOMINATE)
        congress = election.congress
        check_nominee(congress, member)
        if election.candidates.filter(member=member).exists():
            raise ElectionError("duplicate_candidate", name=member.full_name)
        status = CandidateStatus.PROPOSED
        if source != CandidateSource.COMMITTEE:
            check_support(congress, member.full_name, support)
            if (support or 0) < support_needed(congress)[1]:
                status = CandidateStatus.NOT_SUPPORTED
        candidate = Candidate.objects.create(
            election=election,
            member=member,
            full_name=member.full_name,
            birth_date=member.birth_date,
            source=source,
            support=support if source != CandidateSource.COMMITTEE else None,
            status=status,
        )
        log_step("candidate.nominated", election, actor, candidate, member=member.pk, source=source,
            support=support, status=status)  # fmt: skip
    return candidate


def remove_nominee(candidate: Candidate, *, reason: str, actor: Any = None) -> None:
    """A name entered by mistake (a clerk's typing error) leaves the list before it is put to the vote.

    Not a withdrawal: the person never stood. The removal and its reason stay in the audit log.
    """
    reason = reason.strip()
    if not reason:
        raise ElectionError("reason_required")
    with transaction.atomic():
        election = locked(candidate.election)
        require(election, ElectionAction.CORRECT_NOMINEE)
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        held = candidate.votes.exclude(status=OpenVoteStatus.DRAFT).first()
        if held is not None:
            raise ElectionError("nominee_has_votes", name=candidate.full_name, value=held.title)
        candidate.votes.all().delete()
        log_step("candidate.removed_as_mistake", election, actor, candidate, member=candidate.member_id,
            name=candidate.full_name, source=candidate.source, support=candidate.support,
            reason=reason)  # fmt: skip
        candidate.delete()


def request_withdrawal(candidate: Candidate, *, reason: str, proposal: str, actor: Any = None) -> Candidate:
    """Record a withdrawal request and the presidium's proposal (allow / refuse / remove)."""
    if proposal not in PROPOSALS:
        raise ElectionError("wrong_proposal", value=proposal)
    with transaction.atomic():
        election = locked(candidate.election)
        require(election, ElectionAction.REQUEST_WITHDRAWAL)
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if candidate.status != CandidateStatus.PROPOSED:
            raise ElectionError("not_on_list", name=candidate.full_name)
        candidate.withdrawal_reason = reason.strip()
        candidate.withdrawal_proposal = proposal
        candidate.withdrawal_vote = None
        candidate.save(update_fields=["withdrawal_reason", "withdrawal_proposal", "withdrawal_vote"])
        log_step(
            "candidate.withdrawal_requested", election, actor, candidate, reason=reason, proposal=proposal
        )
    return candidate


def decide_withdrawal(candidate: Candidate, vote: OpenVote, *, actor: Any = None) -> Candidate:
    """The congress voted on the presidium's proposal about this name: passed, it applies; else its
    opposite."""
    with transaction.atomic():
        election = locked(candidate.election)
        require(election, ElectionAction.DECIDE_WITHDRAWAL)
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if not candidate.withdrawal_proposal or candidate.withdrawal_vote_id is not None:
            raise ElectionError("no_withdrawal", name=candidate.full_name)
        vote = use_vote(
            vote, Target(VoteKind.WITHDRAWAL, election.congress_id, candidate=candidate.pk), "withdrawal"
        )
        proposal = candidate.withdrawal_proposal
        leaves = (proposal in ("allow", "remove")) == bool(vote.passed)
        if leaves:
            candidate.status = CandidateStatus.REMOVED if proposal == "remove" else CandidateStatus.WITHDRAWN
        else:
            candidate.status = CandidateStatus.PROPOSED
        candidate.withdrawal_vote = vote
        candidate.save(update_fields=["status", "withdrawal_vote"])
        log_step("candidate.withdrawal_decided", election, actor, candidate, vote=vote.pk, passed=vote.passed,
            status=candidate.status)  # fmt: skip
    return candidate


@dataclass(frozen=True)
class ListCheck:
    places: int
    names: int
    surplus: int
    limit: int
    percent: str | None
    committee_names: int
    committee_percent: str | None
    notices: tuple[str, ...]  # over_limit, no_surplus, committee_surplus_advisory

    @property
    def over_limit(self) -> bool:
        return "over_limit" in self.notices

    @property
    def shortfall(self) -> int:
        return max(-self.surplus, 0)


def _pct(part: int, whole: int) -> str | None:
    from daihoi.core.numbers import percent

    value = percent(part, whole)
    return None if value is None else str(value)


def on_list(election: Election) -> list[Candidate]:
    return list(election.candidates.filter(status=CandidateStatus.PROPOSED))


def check_list(election: Election) -> ListCheck:
    """Surplus checks (Reg. 190 Art. 14): ≤ 30% (3-5 seats: 1 extra); 10-15% advisory for the committee."""
    names = on_list(election)
    places = (election.seats or 0) + election.alternates
    surplus = len(names) - places
    notices: list[str] = []
    committee = sum(1 for c in names if c.source == CandidateSource.COMMITTEE)
    limit = max_surplus(places, PARTY)
    if election.kind != ElectionKind.DELEGATES:
        if surplus > limit:
            notices.append("over_limit")
        if surplus <= 0:
            notices.append("no_surplus")
        extra = committee - places
        # The convening committee's own list carries 10-15% more names than places (advisory).
        if places and not (10 * places <= 100 * extra <= 15 * places) and places > 5:
            notices.append("committee_surplus_advisory")
    return ListCheck(
        places=places,
        names=len(names),
        surplus=surplus,
        limit=limit,
        percent=_pct(max(surplus, 0), places),
        committee_names=committee,
        committee_percent=_pct(max(committee - places, 0), places),
        notices=tuple(notices),
    )


def record_opinion_ballot(
    election: Election, votes: Mapping[int, int], *, actor: Any = None
) -> list[Candidate]:
    """Opinion ballot on the floor and self nominees: keep the highest until the list is within 30%.

    `votes`: candidate id -> opinion votes. Returns the nominees dropped.
    """
    with transaction.atomic():
        election = locked(election)
        require(election, ElectionAction.OPINION_BALLOT)
        check = check_list(election)
        if not check.over_limit:
            raise ElectionError("opinion_not_needed")
        present, _needed = support_needed(election.congress)
        extra = [c for c in on_list(election) if c.source != CandidateSource.COMMITTEE]
        for c in extra:
            if c.pk not in votes:
                raise ElectionError("opinion_votes_missing", name=c.full_name)
            refuse(figures.opinion_votes(int(votes[c.pk]), present))
            c.opinion_votes = int(votes[c.pk])
            c.save(update_fields=["opinion_votes"])
        too_many = max(check.surplus - check.limit, 0)
        ranked = sorted(extra, key=lambda c: c.opinion_votes or 0)
        dropped = ranked[:too_many]
        kept = ranked[too_many:]
        if dropped and kept and dropped[-1].opinion_votes == kept[0].opinion_votes:
            # A tie at the cut: the procedure is UNCONFIRMED, so the congress decides, not the software.
            tied = [c.full_name for c in extra if c.opinion_votes == kept[0].opinion_votes]
            raise ElectionError("opinion_tie", names=", ".join(tied), votes=kept[0].opinion_votes)
        for c in dropped:
            c.status = CandidateStatus.DROPPED
            c.save(update_fields=["status"])
        log_step("opinion_ballot.recorded", election, actor, votes={str(k): v for k, v in votes.items()},
            dropped=[c.pk for c in dropped])  # fmt: skip
    return dropped


def engine_candidates(candidates: Iterable[Candidate]) -> list[EngineCandidate]:
    return [EngineCandidate(id=str(c.pk), name=c.full_name, birth_date=c.birth_date) for c in candidates]


def place_on_ballot(rnd: Round, candidates: list[Candidate]) -> None:
    """The names in ballot order (alphabetical, Vietnamese collation); a birth date tells twins apart."""
    engine = engine_candidates(candidates)
    order = sorted(range(len(engine)), key=lambda i: engine[i].sort_key)
    fulls = Counter(c.name_parts.full for c in engine)
    RoundCandidate.objects.bulk_create(
        RoundCandidate(
            round=rnd,
            candidate=candidates[i],
            position=p,
            show_birth_date=fulls[engine[i].name_parts.full] > 1,
        )
        for p, i in enumerate(order, start=1)
    )


def create_round(
    election: Election, number: int, candidates: list[Candidate], seats: int, alternates: int, revote: bool
) -> Round:
    rnd = Round.objects.create(
        election=election, number=number, revote=revote, seats=seats, alternates=alternates
    )
    place_on_ballot(rnd, candidates)
    record_paper(rnd)
    return rnd


def record_paper(rnd: Round) -> str:
    """The paper the round's ballots are printed on, recorded on the election: a list too long for A5 at
    11 pt goes to A4 by itself (ballots.paper_for), and the election then says A4, as printed."""
    from daihoi.elections.ballots import ballot_spec, paper_for

    election = rnd.election
    paper = paper_for(ballot_spec(rnd))
    if paper != election.paper_size:
        election.paper_size = paper
        election.save(update_fields=["paper_size"])
    return paper


def approve_list(election: Election, vote: OpenVote, *, actor: Any = None) -> Round:
    """The congress approved this election's list by an open vote on it: frozen in ballot order as round 1."""
    with transaction.atomic():
        election = locked(election)
        require(election, ElectionAction.APPROVE_LIST)
        vote = use_vote(
            vote, Target(VoteKind.BALLOT_LIST, election.congress_id, election=election.pk), "list"
        )
        check = check_list(election)
        rnd = create_round(election, 1, on_list(election), election.seats or 0, election.alternates, False)
        election.list_vote = vote
        election.status = ElectionStatus.LIST_APPROVED
        election.save(update_fields=["list_vote", "status"])
        log_step(
            "list.approved",
            election,
            actor,
            vote=vote.pk,
            names=check.names,
            round=rnd.number,
            paper=election.paper_size,
        )
    return rnd
