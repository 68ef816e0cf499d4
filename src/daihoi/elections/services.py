"""The election workflow (spec §5-6): ballot list, rounds, clerk entries, reconciliation, results.

Every decision of the counting rules is the engine's (`daihoi.core.election`); this module stores the
steps, checks who may stand, and feeds the engine. Every state change is audited in its transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import log_action
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import (
    Congress,
    CongressKind,
    OpenVote,
    OpenVoteKind,
    OpenVoteStatus,
)
from daihoi.core.election import (
    PARTY,
    BallotCounter,
    CongressFigures,
    ElectionInput,
    ElectionInputError,
    RoundInfo,
    Ruling,
)
from daihoi.core.election import Candidate as EngineCandidate
from daihoi.core.election import CongressKind as EngineCongressKind
from daihoi.core.election import ElectionKind as EngineKind
from daihoi.core.election import (
    result as engine_result,
)
from daihoi.core.election.ballots import BallotForm, ballot_form
from daihoi.core.election.base import support_needed as nominee_support_needed
from daihoi.core.election.checks import max_surplus
from daihoi.core.election.validity import REASONS, VALID, reason_of
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import (
    BallotEntry,
    Candidate,
    CandidateSource,
    CandidateStatus,
    Election,
    ElectionKind,
    ElectionStatus,
    EntryLog,
    Resolution,
    Round,
    RoundCandidate,
    RoundStatus,
)
from daihoi.organizations.models import Member, MemberStatus

COMMITTEE_FLAGS = ("not_issued", "added_name", "identifying_mark")
PROPOSALS = ("allow", "refuse", "remove")
# One key marks a ballot invalid with its reason: p (phát — not issued by the committee),
# t (thêm tên — a name added), k (ký — signature or identifying mark).
FLAG_KEYS = {"p": "not_issued", "t": "added_name", "k": "identifying_mark"}


def _label(actor: Any) -> str:
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return str(actor or "system")


def _log(action: str, election: Election, actor: Any, obj: Any = None, **data: Any) -> None:
    log_action(
        f"election.{action}",
        actor=actor,
        obj=obj or election,
        organization=election.congress.organization,
        data={"election": election.pk, **data},
    )


def _locked(election: Election) -> Election:
    return Election.objects.select_for_update().select_related("congress__organization").get(pk=election.pk)


def _closed_vote(vote: OpenVote, kind: str) -> None:
    if vote.kind != kind:
        raise ElectionError("wrong_vote_kind", value=vote.title, expected=OpenVoteKind(kind).label)
    if vote.status != OpenVoteStatus.CLOSED:
        raise ElectionError("vote_not_closed", value=vote.title)


# ------------------------------------------------------------------------------------ ballot list


def create_election(
    congress: Congress,
    *,
    kind: str,
    title: str = "",
    seats: int | None = None,
    alternates: int = 0,
    seats_vote: OpenVote | None = None,
    clerks: int = 2,
    paper_size: str = "A5",
    actor: Any = None,
) -> Election:
    """Committees take their seats from a passed open vote; delegates' seats are allocated from above."""
    if kind not in ElectionKind.values:
        raise ElectionError("engine", message=f"kind {kind}")
    if seats_vote is not None:
        _closed_vote(seats_vote, OpenVoteKind.SEATS)
        if not seats_vote.passed:
            raise ElectionError("seats_vote_not_passed", value=seats_vote.title)
        seats = seats_vote.seats
    if not seats:
        raise ElectionError("seats_required")
    if kind != ElectionKind.DELEGATES:
        alternates = 0
    if clerks not in (1, 2, 3):
        raise ElectionError("bad_clerk", value=clerks, clerks="1-3")
    with transaction.atomic():
        election = Election.objects.create(
            congress=congress,
            kind=kind,
            title=title.strip() or default_title(congress, kind),
            seats=seats,
            alternates=alternates,
            seats_vote=seats_vote,
            clerks=clerks,
            paper_size=paper_size if paper_size in ("A4", "A5") else "A5",
        )
        _log("created", election, actor, kind=kind, seats=seats, alternates=alternates, clerks=clerks)
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


def _require_list_open(election: Election) -> None:
    if election.status != ElectionStatus.LIST:
        raise ElectionError("list_frozen", status=election.get_status_display())


def support_needed(congress: Congress) -> tuple[int, int]:
    """(attending voters, smallest support that is more than 30% of them). Probationary members and
    guests attend but may not nominate or vote (Charter 3), so their hands do not count as support."""
    attending = quorum(congress).voters_present
    return attending, nominee_support_needed(attending)


def nominate(
    election: Election,
    member: Member,
    *,
    source: str = CandidateSource.COMMITTEE,
    support: int | None = None,
    actor: Any = None,
) -> Candidate:
    """Put a member on the list. Floor and self nominees need > 30% of the attendees' support."""
    with transaction.atomic():
        election = _locked(election)
        _require_list_open(election)
        congress = election.congress
        if member.organization_id != congress.organization_id or not member.is_active:
            raise ElectionError("not_in_organization", name=member.full_name, org=congress.organization.name)
        if member.status != MemberStatus.OFFICIAL:
            raise ElectionError("not_official", name=member.full_name)
        if member.pk in counting_committee_members(congress):
            raise ElectionError("counting_committee_member", name=member.full_name)
        if election.candidates.filter(member=member).exists():
            raise ElectionError("duplicate_candidate", name=member.full_name)
        status = CandidateStatus.PROPOSED
        if source != CandidateSource.COMMITTEE:
            if support is None:
                raise ElectionError("support_required", name=member.full_name)
            _attending, needed = support_needed(congress)
            if support < needed:
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
        _log("candidate.nominated", election, actor, candidate, member=member.pk, source=source,
             support=support, status=status)  # fmt: skip
    return candidate


def request_withdrawal(candidate: Candidate, *, reason: str, proposal: str, actor: Any = None) -> Candidate:
    """Record a withdrawal request and the presidium's proposal (allow / refuse / remove)."""
    if proposal not in PROPOSALS:
        raise ElectionError("wrong_proposal", value=proposal)
    with transaction.atomic():
        election = _locked(candidate.election)
        _require_list_open(election)
        candidate.withdrawal_reason = reason.strip()
        candidate.withdrawal_proposal = proposal
        candidate.save(update_fields=["withdrawal_reason", "withdrawal_proposal"])
        _log("candidate.withdrawal_requested", election, actor, candidate, reason=reason, proposal=proposal)
    return candidate


def decide_withdrawal(candidate: Candidate, vote: OpenVote, *, actor: Any = None) -> Candidate:
    """The congress voted on the presidium's proposal: a passed proposal applies, else its opposite."""
    _closed_vote(vote, OpenVoteKind.WITHDRAWAL)
    if not candidate.withdrawal_proposal:
        raise ElectionError("no_withdrawal", name=candidate.full_name)
    with transaction.atomic():
        election = _locked(candidate.election)
        _require_list_open(election)
        proposal = candidate.withdrawal_proposal
        leaves = (proposal in ("allow", "remove")) == bool(vote.passed)
        if leaves:
            candidate.status = CandidateStatus.REMOVED if proposal == "remove" else CandidateStatus.WITHDRAWN
        else:
            candidate.status = CandidateStatus.PROPOSED
        candidate.withdrawal_vote = vote
        candidate.save(update_fields=["status", "withdrawal_vote"])
        _log("candidate.withdrawal_decided", election, actor, candidate, vote=vote.pk, passed=vote.passed,
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
        election = _locked(election)
        _require_list_open(election)
        check = check_list(election)
        if not check.over_limit:
            raise ElectionError("opinion_not_needed")
        extra = [c for c in on_list(election) if c.source != CandidateSource.COMMITTEE]
        for c in extra:
            if c.pk not in votes:
                raise ElectionError("opinion_votes_missing", name=c.full_name)
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
        _log("opinion_ballot.recorded", election, actor, votes={str(k): v for k, v in votes.items()},
             dropped=[c.pk for c in dropped])  # fmt: skip
    return dropped


def _engine_candidates(candidates: Iterable[Candidate]) -> list[EngineCandidate]:
    return [EngineCandidate(id=str(c.pk), name=c.full_name, birth_date=c.birth_date) for c in candidates]


def _create_round(
    election: Election, number: int, candidates: list[Candidate], seats: int, alternates: int, revote: bool
) -> Round:
    engine = _engine_candidates(candidates)
    order = sorted(range(len(engine)), key=lambda i: engine[i].sort_key)
    fulls = Counter(c.name_parts.full for c in engine)
    rnd = Round.objects.create(
        election=election, number=number, revote=revote, seats=seats, alternates=alternates
    )
    RoundCandidate.objects.bulk_create(
        RoundCandidate(
            round=rnd,
            candidate=candidates[i],
            position=p,
            show_birth_date=fulls[engine[i].name_parts.full] > 1,
        )
        for p, i in enumerate(order, start=1)
    )
    return rnd


def approve_list(election: Election, vote: OpenVote, *, actor: Any = None) -> Round:
    """The congress approved the list by open vote: freeze it in ballot order as round 1."""
    _closed_vote(vote, OpenVoteKind.BALLOT_LIST)
    with transaction.atomic():
        election = _locked(election)
        _require_list_open(election)
        if not vote.passed:
            raise ElectionError("list_not_approved")
        check = check_list(election)
        if check.names == 0:
            raise ElectionError("list_empty")
        if check.over_limit:
            raise ElectionError("surplus_over_limit", surplus=check.surplus, seats=check.places,
                                limit=check.limit)  # fmt: skip
        rnd = _create_round(election, 1, on_list(election), election.seats or 0, election.alternates, False)
        election.list_vote = vote
        election.status = ElectionStatus.VOTING
        election.save(update_fields=["list_vote", "status"])
        _log("list.approved", election, actor, vote=vote.pk, names=check.names, round=rnd.number)
    return rnd


# ------------------------------------------------------------------------------------ the engine


def round_candidates(rnd: Round) -> list[RoundCandidate]:
    cached = getattr(rnd, "_candidates_cache", None)
    if cached is None:
        cached = list(rnd.entries.select_related("candidate").order_by("position"))
        rnd._candidates_cache = cached  # type: ignore[attr-defined]
    return cached


def congress_figures(congress: Congress) -> dict[str, Any]:
    """The figures the engine and the minutes need, frozen on the round when the counts are entered."""
    base, q = threshold_base(congress), quorum(congress)
    if congress.kind == CongressKind.DELEGATES:
        exclusions = {
            "committee_absent": base.ex_officio_absent,
            "delegates_absent_unreplaced": base.absent_not_replaced,
        }
    else:
        exclusions = {
            "attached_elsewhere": base.attached_elsewhere,
            "exempted_absent": base.exempted_absent,
            "suspended": base.suspended,
            "absent_with_reason": base.absent_with_reason,
        }
    return {
        "kind": str(congress.kind),
        "convened": base.official_convened,
        "present": q.voters_present,
        "attending": q.attending,
        "absent": base.official_convened - q.voters_present,
        "exclusions": {k: v for k, v in exclusions.items() if v},
    }


def engine_input(rnd: Round) -> ElectionInput:
    key = (rnd.issued, rnd.returned, rnd.seats, rnd.alternates)
    cached = getattr(rnd, "_engine_cache", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    e = _engine_input(rnd)
    rnd._engine_cache = (key, e)  # type: ignore[attr-defined]
    return e


def _engine_input(rnd: Round) -> ElectionInput:
    figures = rnd.figures or congress_figures(rnd.election.congress)
    cands = round_candidates(rnd)
    return ElectionInput(
        kind=EngineKind(rnd.election.kind),
        congress=CongressFigures(
            kind=EngineCongressKind(figures["kind"]),
            convened=figures["convened"],
            present=figures["present"],
            exclusions=dict(figures.get("exclusions", {})),
        ),
        seats=rnd.seats,
        alternates=rnd.alternates,
        candidates=_engine_candidates(rc.candidate for rc in cands),
        ballots_issued=rnd.issued or 0,
        ballots_returned=rnd.returned,
        round=RoundInfo(rnd.number, revote=rnd.revote),
        title=rnd.election.title,
    )


def round_form(rnd: Round) -> BallotForm:
    return ballot_form(len(round_candidates(rnd)), rnd.seats + rnd.alternates)


def parse_entry(rnd: Round, text: str, position: int = 0) -> tuple[str, str]:
    """Typed text -> (canonical content, flag).

    List with surplus: the numbers of the struck names, separated by spaces, commas or dots ("2 5").
    Otherwise: one digit per name (1 agree, 2 disagree, 3 both, 0 none); blank means every name agreed.
    A committee flag is written as its code or key after "!" ("9 10 !k"), or alone as one key ("t").
    """
    text = text.strip()
    if text.lower() in FLAG_KEYS:  # one key: the whole ballot is invalid for this reason
        return ("" if round_form(rnd) is BallotForm.SURPLUS else "1" * len(round_candidates(rnd))), FLAG_KEYS[
            text.lower()
        ]
    raw, _sep, flag = text.partition("!")
    flag = FLAG_KEYS.get(flag.strip().lower(), flag.strip())
    if flag and flag not in COMMITTEE_FLAGS:
        raise ElectionError("unknown_flag", value=flag)
    n = len(round_candidates(rnd))
    raw = raw.strip()
    if round_form(rnd) is BallotForm.SURPLUS:
        numbers: list[int] = []
        for token in raw.replace(",", " ").replace(".", " ").replace("+", " ").split():
            if not token.isdigit() or not 1 <= int(token) <= n:
                raise ElectionError("bad_number", position=position, value=token, count=n)
            if int(token) in numbers:
                raise ElectionError("repeated_number", position=position, value=token)
            numbers.append(int(token))
        return ",".join(str(x) for x in sorted(numbers)), flag
    pattern = raw.replace(" ", "") or "1" * n
    if len(pattern) != n or any(ch not in "0123" for ch in pattern):
        raise ElectionError("bad_pattern", position=position, value=raw, count=n)
    return pattern, flag


def content_row(rnd: Round, content: str) -> np.ndarray:
    """Canonical content -> one uint8 row in ballot order (the engine's cell codes)."""
    n = len(round_candidates(rnd))
    if round_form(rnd) is BallotForm.SURPLUS:
        row = np.ones(n, dtype=np.uint8)
        if content:
            row[np.array([int(x) - 1 for x in content.split(",")], dtype=np.intp)] = 0
        return row
    return np.frombuffer(content.encode(), dtype=np.uint8) - ord("0")


def _shown(content: str, flag: str) -> str:
    """A ballot as the entry log prints it: "9, 10" or "9, 10 !identifying_mark"; "—" for nothing."""
    text = content.replace(",", ", ") or "—"
    return f"{text} !{flag}" if flag else text


def _ruling(flag: str, valid: bool = False, reason: str = "") -> Ruling | None:
    if not flag and not valid:
        return None
    return Ruling(flags=frozenset({flag}) if flag else frozenset(), valid=valid, reason=reason)


def propose(rnd: Round, content: str, flag: str) -> str | None:
    """The engine's verdict on one ballot before it is saved: None (valid) or the reason code."""
    counter = BallotCounter(engine_input(rnd))
    ruling = _ruling(flag)
    counter.add(content_row(rnd, content)[None, :], 0, {0: ruling} if ruling else None)
    code = int(np.argmax(counter.codes))
    reason = reason_of(code) if counter.codes[VALID] == 0 else None
    return None if reason is None else str(reason)


def running_count(rnd: Round, clerk: int) -> tuple[int, int, list[int]]:
    """One clerk's entries counted by the engine: (entered, invalid, votes per name in ballot order)."""
    entries = list(rnd.ballot_entries.filter(clerk=clerk).values_list("content", "flag"))
    counter = BallotCounter(engine_input(rnd))
    if entries:
        cells = np.stack([content_row(rnd, content) for content, _flag in entries])
        rulings = {i: r for i, (_c, flag) in enumerate(entries) if (r := _ruling(flag)) is not None}
        counter.add(cells, 0, rulings)
    return len(entries), counter.invalid, [int(v) for v in counter.votes]


# ------------------------------------------------------------------------------------ counting


def _locked_round(rnd: Round) -> Round:
    return Round.objects.select_for_update().select_related("election__congress__organization").get(pk=rnd.pk)


def _require_counting(rnd: Round) -> None:
    if rnd.status != RoundStatus.COUNTING:
        raise ElectionError("round_closed", number=rnd.number)


def set_counts(rnd: Round, *, issued: int, returned: int, actor: Any = None) -> Round:
    """The committee's counts of ballots issued and returned; the congress figures are frozen here."""
    if returned > issued:
        raise ElectionError("returned_exceeds_issued", returned=returned, issued=issued)
    with transaction.atomic():
        rnd = _locked_round(rnd)
        _require_counting(rnd)
        figures = congress_figures(rnd.election.congress)
        # issued > present is the engine's consistency warning (checks.py), shown with the result.
        committee = counting_committee_members(rnd.election.congress)
        rnd.issued, rnd.returned, rnd.figures = issued, returned, figures
        rnd.counting_committee = _committee_names(rnd.election.congress) if committee else []
        rnd.save(update_fields=["issued", "returned", "figures", "counting_committee"])
        EntryLog.objects.create(round=rnd, action="counts", content=f"{issued}/{returned}",
                                user_label=_label(actor))  # fmt: skip
        _log("round.counts_entered", rnd.election, actor, rnd, round=rnd.number, issued=issued,
             returned=returned)  # fmt: skip
    return rnd


def _committee_names(congress: Congress) -> list[str]:
    vote = (
        OpenVote.objects.filter(
            congress=congress, kind=OpenVoteKind.COUNTING_COMMITTEE, status=OpenVoteStatus.CLOSED, passed=True
        )
        .order_by("-closed_at", "-id")
        .first()
    )
    return [d.full_name for d in vote.nominees.order_by("number")] if vote else []


@dataclass(frozen=True)
class EntryOutcome:
    saved: bool
    position: int
    content: str
    flag: str
    proposed: str | None  # the engine's reason when it finds the ballot invalid
    entry: BallotEntry | None = None
    previous: tuple[str, str] | None = None  # what this clerk had entered here before (content, flag)


def enter_ballot(
    rnd: Round,
    *,
    clerk: int,
    position: int,
    text: str,
    confirm: bool = False,
    actor: Any = None,
) -> EntryOutcome:
    """One clerk's entry of the ballot at `position`. An invalid proposal needs `confirm` to be saved.

    One row per (round, clerk, position): the round row is locked, and the unique constraint catches
    any other path; a second entry at the same place replaces the first and both stay in the log.
    """
    if rnd.aggregate:
        raise ElectionError("aggregate_round")
    if not 1 <= clerk <= rnd.election.clerks:
        raise ElectionError("bad_clerk", value=clerk, clerks=rnd.election.clerks)
    if rnd.returned is None:
        raise ElectionError("counts_required")
    if not 1 <= position <= rnd.returned:
        raise ElectionError("bad_position", value=position, returned=rnd.returned)
    content, flag = parse_entry(rnd, text, position)
    proposed = propose(rnd, content, flag)
    if proposed and not flag and not confirm:
        return EntryOutcome(False, position, content, flag, proposed)
    with transaction.atomic():
        locked = _locked_round(rnd)
        _require_counting(locked)
        entry = (
            BallotEntry.objects.select_for_update().filter(round=rnd, clerk=clerk, position=position).first()
        )
        action = "entered"
        previous = None if entry is None else (entry.content, entry.flag)
        if entry is None:
            try:
                with transaction.atomic():
                    entry = BallotEntry.objects.create(
                        round=rnd, clerk=clerk, position=position, content=content, flag=flag,
                        entered_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )  # fmt: skip
            except IntegrityError:
                entry = BallotEntry.objects.select_for_update().get(round=rnd, clerk=clerk, position=position)
        if entry.content != content or entry.flag != flag:
            action = "changed"
            entry.content, entry.flag = content, flag
            entry.save(update_fields=["content", "flag", "updated_at"])
        EntryLog.objects.create(round=rnd, clerk=clerk, position=position, action=action,
                                content=_shown(content, flag), user_label=_label(actor))  # fmt: skip
        _log(f"ballot.{action}", locked.election, actor, locked, round=rnd.number, clerk=clerk,
             position=position, content=content, flag=flag, proposed=proposed)  # fmt: skip
    return EntryOutcome(True, position, content, flag, proposed, entry, previous)


def next_position(rnd: Round, clerk: int, after: int = 0) -> int:
    """The first ballot this clerk has not entered; after `after` when that one is free (one query)."""
    free = after and after < (rnd.returned or 0)
    if free and not rnd.ballot_entries.filter(clerk=clerk, position=after + 1).exists():
        return after + 1
    positions = set(rnd.ballot_entries.filter(clerk=clerk).values_list("position", flat=True))
    return next((p for p in range(1, (rnd.returned or 0) + 1) if p not in positions), (rnd.returned or 0) + 1)


@dataclass
class Reconciliation:
    """Ballot-by-ballot comparison of the clerks' entries."""

    returned: int
    clerks: int
    agreed: int = 0
    missing: list[int] = field(default_factory=list)  # positions some clerk has not entered
    discrepancies: list[dict[str, Any]] = field(default_factory=list)  # unresolved
    resolved: list[int] = field(default_factory=list)
    final: dict[int, tuple[str, str, bool, str]] = field(default_factory=dict)  # content, flag, valid, why
    per_clerk: dict[int, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.discrepancies and len(self.final) == self.returned


def reconcile(rnd: Round) -> Reconciliation:
    rec = Reconciliation(returned=rnd.returned or 0, clerks=rnd.election.clerks)
    by_position: dict[int, dict[int, tuple[str, str]]] = {}
    for clerk, position, content, flag in rnd.ballot_entries.values_list(
        "clerk", "position", "content", "flag"
    ):
        by_position.setdefault(position, {})[clerk] = (content, flag)
        rec.per_clerk[clerk] = rec.per_clerk.get(clerk, 0) + 1
    resolutions = {
        r.position: r
        for r in Resolution.objects.filter(round=rnd).only("position", "content", "flag", "valid", "reason")
    }
    for position in range(1, rec.returned + 1):
        entries = by_position.get(position, {})
        resolution = resolutions.get(position)
        if resolution is not None:
            rec.final[position] = (resolution.content, resolution.flag, resolution.valid, resolution.reason)
            rec.resolved.append(position)
            continue
        if len(entries) < rec.clerks:
            rec.missing.append(position)
            continue
        values = set(entries.values())
        if len(values) == 1:
            content, flag = values.pop()
            rec.final[position] = (content, flag, False, "")
            rec.agreed += 1
        else:
            rec.discrepancies.append({"position": position, "entries": dict(sorted(entries.items()))})
    return rec


def resolve_ballot(
    rnd: Round,
    *,
    position: int,
    text: str,
    valid: bool = False,
    reason: str = "",
    actor: Any = None,
) -> Resolution:
    """The committee decides what ballot `position` says (and may rule an invalid-looking ballot valid)."""
    content, flag = parse_entry(rnd, text, position)
    if valid and not reason.strip():
        raise ElectionError("override_reason", position=position)
    with transaction.atomic():
        locked = _locked_round(rnd)
        _require_counting(locked)
        if not 1 <= position <= (locked.returned or 0):
            raise ElectionError("bad_position", value=position, returned=locked.returned)
        resolution, _created = Resolution.objects.update_or_create(
            round=locked,
            position=position,
            defaults={"content": content, "flag": flag, "valid": valid, "reason": reason.strip(),
                      "decided_by": actor if getattr(actor, "is_authenticated", False) else None},
        )  # fmt: skip
        shown = _shown(content, flag)
        if valid:
            shown += " — " + _("ruled valid: %(reason)s") % {"reason": reason}
        EntryLog.objects.create(round=locked, position=position, action="resolved", content=shown,
                                user_label=_label(actor))  # fmt: skip
        _log("ballot.resolved", locked.election, actor, locked, round=locked.number, position=position,
             content=content, flag=flag, valid=valid, reason=reason)  # fmt: skip
    return resolution


def enter_totals(
    rnd: Round,
    *,
    votes: Mapping[int, int],
    valid: int,
    invalid: Mapping[str, int],
    actor: Any = None,
) -> Round:
    """Hand count: per-candidate totals (by ballot position), valid and invalid ballots by reason."""
    if not rnd.aggregate:
        raise ElectionError("not_aggregate")
    if rnd.returned is None:
        raise ElectionError("counts_required")
    for code in invalid:
        if code not in [str(r) for r in REASONS]:
            raise ElectionError("unknown_flag", value=code)
    n_invalid = sum(invalid.values())
    if valid + n_invalid != rnd.returned:
        raise ElectionError("totals_mismatch", valid=valid, invalid=n_invalid, returned=rnd.returned)
    for rc in round_candidates(rnd):
        v = int(votes.get(rc.position, 0))
        if v > valid:
            raise ElectionError("totals_exceed", name=rc.candidate.full_name, value=v, valid=valid)
    with transaction.atomic():
        locked = _locked_round(rnd)
        _require_counting(locked)
        locked.totals = {
            "valid": valid,
            "invalid": {k: int(v) for k, v in invalid.items() if v},
            "votes": {str(k): int(v) for k, v in votes.items()},
        }
        locked.save(update_fields=["totals"])
        EntryLog.objects.create(
            round=locked, action="totals", content=str(locked.totals), user_label=_label(actor)
        )
        _log("round.totals_entered", locked.election, actor, locked, totals=locked.totals)
    rnd.totals = locked.totals
    return rnd


def count_round(rnd: Round) -> Any:
    """The engine's RoundResult from the reconciled ballots (or the hand-count totals)."""
    e = engine_input(rnd)
    counter = BallotCounter(e)
    if rnd.aggregate:
        totals = rnd.totals
        if not totals:
            raise ElectionError("counts_required")
        for rc_index, rc in enumerate(round_candidates(rnd)):
            counter.votes[rc_index] = int(totals["votes"].get(str(rc.position), 0))
        counter.codes[VALID] = totals["valid"]
        for reason, n in totals["invalid"].items():
            counter.codes[1 + [str(r) for r in REASONS].index(reason)] = n
        counter.counted = totals["valid"] + sum(totals["invalid"].values())
        return engine_result(e, counter)
    rec = reconcile(rnd)
    if rec.missing:
        first = rec.missing[0]
        have = rnd.ballot_entries.filter(position=first).count()
        raise ElectionError("entries_incomplete", position=first, count=have, clerks=rec.clerks)
    if rec.discrepancies:
        raise ElectionError("entries_disagree", position=rec.discrepancies[0]["position"])
    n = len(round_candidates(rnd))
    cells = np.zeros((rec.returned, n), dtype=np.uint8)
    rulings: dict[int, Ruling] = {}
    for position, (content, flag, valid, why) in rec.final.items():
        cells[position - 1] = content_row(rnd, content)
        ruling = _ruling(flag, valid, why)
        if ruling is not None:
            rulings[position - 1] = ruling
    counter.add(cells, 0, rulings)
    try:
        return engine_result(e, counter)
    except ElectionInputError as exc:  # pragma: no cover - the inputs were checked on entry
        raise ElectionError("engine", message=exc.code) from exc


def close_round(rnd: Round, *, actor: Any = None) -> Round:
    """All entries agree (or are resolved): count with the engine and keep the result on the round."""
    with transaction.atomic():
        locked = _locked_round(rnd)
        _require_counting(locked)
        if locked.returned is None:
            raise ElectionError("counts_required")
        result = count_round(locked)
        locked.result = result.to_dict()
        locked.status = RoundStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["result", "status", "closed_at"])
        election = _locked(locked.election)
        if result.status == "complete" or not result.next_rounds:
            election.status = ElectionStatus.COUNTED
            election.save(update_fields=["status"])
        EntryLog.objects.create(
            round=locked, action="closed", content=result.status, user_label=_label(actor)
        )
        _log("round.counted", election, actor, locked, round=locked.number, status=result.status,
             elected=list(result.elected), alternates=list(result.alternates))  # fmt: skip
    return locked


def start_next_round(
    election: Election, *, vote: OpenVote | None = None, aggregate: bool = False, actor: Any = None
) -> Round:
    """Revote among the tied (no vote needed), or after a shortfall the round the congress voted for."""
    with transaction.atomic():
        election = _locked(election)
        last = election.rounds.order_by("-number").first()
        if last is None or last.status != RoundStatus.CLOSED:
            raise ElectionError("round_open", number=last.number if last else 0)
        nexts = last.result.get("next_rounds") or []
        if not nexts:
            raise ElectionError("no_next_round")
        nxt = nexts[0]
        if nxt["kind"] == "next_round":
            if vote is None:
                raise ElectionError("next_round_vote")
            _closed_vote(vote, OpenVoteKind.OTHER)
            if not vote.passed:
                raise ElectionError("next_round_vote")
        ids = [int(i) for i in nxt["candidates"]]
        candidates = sorted(Candidate.objects.filter(pk__in=ids), key=lambda c: ids.index(c.pk))
        rnd = _create_round(election, last.number + 1, candidates, nxt["seats"], nxt["alternates"],
                            nxt["kind"] == "revote")  # fmt: skip
        if aggregate:
            rnd.aggregate = True
            rnd.save(update_fields=["aggregate"])
        election.status = ElectionStatus.VOTING
        election.save(update_fields=["status"])
        _log("round.started", election, actor, rnd, round=rnd.number, kind=nxt["kind"], candidates=ids)
    return rnd


def add_to_round(rnd: Round, member: Member, *, support: int | None = None, actor: Any = None) -> Round:
    """A further round after a shortfall may take new names (spec §6.4): nominated from the floor with
    the >30% support, before any ballot is counted; the round's ballot order is rebuilt."""
    with transaction.atomic():
        locked = _locked_round(rnd)
        _require_counting(locked)
        election = locked.election
        if locked.number == 1 or locked.revote or locked.issued is not None:
            raise ElectionError("round_frozen", number=locked.number)
        congress = election.congress
        if member.organization_id != congress.organization_id or not member.is_active:
            raise ElectionError("not_in_organization", name=member.full_name, org=congress.organization.name)
        if member.status != MemberStatus.OFFICIAL:
            raise ElectionError("not_official", name=member.full_name)
        if member.pk in counting_committee_members(congress):
            raise ElectionError("counting_committee_member", name=member.full_name)
        if support is None:
            raise ElectionError("support_required", name=member.full_name)
        if support < support_needed(congress)[1]:
            raise ElectionError("support_too_low", name=member.full_name, support=support,
                                needed=support_needed(congress)[1])  # fmt: skip
        candidate, _created = Candidate.objects.get_or_create(
            election=election, member=member,
            defaults={"full_name": member.full_name, "birth_date": member.birth_date,
                      "source": CandidateSource.FLOOR, "support": support},
        )  # fmt: skip
        current = [rc.candidate for rc in locked.entries.select_related("candidate")]
        if candidate in current:
            raise ElectionError("duplicate_candidate", name=member.full_name)
        locked.entries.all().delete()
        engine = _engine_candidates([*current, candidate])
        everyone = [*current, candidate]
        fulls = Counter(c.name_parts.full for c in engine)
        order = sorted(range(len(engine)), key=lambda i: engine[i].sort_key)
        RoundCandidate.objects.bulk_create(
            RoundCandidate(round=locked, candidate=everyone[i], position=p,
                           show_birth_date=fulls[engine[i].name_parts.full] > 1)
            for p, i in enumerate(order, start=1)
        )  # fmt: skip
        _log("round.candidate_added", election, actor, locked, round=locked.number, member=member.pk,
             support=support)  # fmt: skip
    return locked


def decline_next_round(election: Election, *, vote: OpenVote, actor: Any = None) -> Election:
    """After a shortfall the congress decided not to elect more: the election is counted as it stands."""
    _closed_vote(vote, OpenVoteKind.OTHER)
    with transaction.atomic():
        election = _locked(election)
        election.status = ElectionStatus.COUNTED
        election.save(update_fields=["status"])
        _log("round.declined", election, actor, vote=vote.pk)
    return election


def set_aggregate(rnd: Round, aggregate: bool, *, actor: Any = None) -> Round:
    with transaction.atomic():
        locked = _locked_round(rnd)
        _require_counting(locked)
        locked.aggregate = aggregate
        locked.save(update_fields=["aggregate"])
        _log("round.mode_set", locked.election, actor, locked, aggregate=aggregate)
    return locked


# ------------------------------------------------------------------------------------ outcome


@dataclass(frozen=True)
class Outcome:
    elected: list[dict[str, Any]]  # {candidate, name, votes, percent_of_base, round}, votes descending
    alternates: list[dict[str, Any]]


def outcome(election: Election) -> Outcome:
    """Everyone elected over the rounds, each with the votes of the round that elected them."""
    elected: list[dict[str, Any]] = []
    alternates: list[dict[str, Any]] = []
    for rnd in election.rounds.filter(status=RoundStatus.CLOSED).order_by("number"):
        by_id = {c["id"]: c for c in rnd.result["candidates"]}
        for group, ids in ((elected, rnd.result["elected"]), (alternates, rnd.result["alternates"])):
            for cid in ids:
                c = by_id[cid]
                group.append({"id": cid, "name": c["name"], "votes": c["votes"],
                              "percent_of_base": c["percent_of_base"], "round": rnd.number})  # fmt: skip
    return Outcome(elected, alternates)


def announce(election: Election, *, actor: Any = None) -> Election:
    with transaction.atomic():
        election = _locked(election)
        if election.status != ElectionStatus.COUNTED:
            raise ElectionError("not_counted", status=election.get_status_display())
        election.status = ElectionStatus.PUBLISHED
        election.save(update_fields=["status"])
        result = outcome(election)
        _log("result.published", election, actor, elected=[e["id"] for e in result.elected],
             alternates=[a["id"] for a in result.alternates])  # fmt: skip
    return election


def approve(election: Election, *, reference: str, actor: Any = None) -> Election:
    """The superior committee's approval (chuẩn y, Reg. 190 Art. 2)."""
    if not reference.strip():
        raise ElectionError("reference_required")
    with transaction.atomic():
        election = _locked(election)
        if election.status != ElectionStatus.PUBLISHED:
            raise ElectionError("not_published", status=election.get_status_display())
        election.status = ElectionStatus.APPROVED
        election.approval_reference = reference.strip()
        election.save(update_fields=["status", "approval_reference"])
        _log("result.approved", election, actor, reference=reference)
    return election


def save_news(election: Election, text: str, *, actor: Any = None) -> Election:
    with transaction.atomic():
        election = _locked(election)
        election.news_text = text
        election.save(update_fields=["news_text"])
        _log("news.saved", election, actor, length=len(text))
    return election
