"""Counting a round: ballots issued and returned, each clerk's independent entry of each ballot, the
committee's resolutions, hand-count totals (Reg. 190 Art. 30-31; spec §6)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, OpenVote, OpenVoteKind, OpenVoteStatus
from daihoi.core.election.validity import REASONS
from daihoi.core.procedure import ElectionAction, ElectionStage, Refusal, figures
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import BallotEntry, Election, ElectionStatus, EntryLog, Resolution, Round
from daihoi.elections.services.common import label, locked_round, log_step, refuse, require, user_of
from daihoi.elections.services.engine import congress_figures, parse_entry, propose, round_candidates


def one_clerk_login_allowed() -> bool:
    """DAIHOI_ALLOW_ONE_CLERK_LOGIN: a one-person committee may enter every stack under one login (the
    minutes then say the entries were not independent). Off by default."""
    return bool(getattr(settings, "DAIHOI_ALLOW_ONE_CLERK_LOGIN", False))


def set_counts(rnd: Round, *, issued: int, returned: int, actor: Any = None) -> Round:
    """The committee's counts of ballots issued and returned; the congress figures are frozen here."""
    with transaction.atomic():
        election, rnd = locked_round(rnd)
        require(election, ElectionAction.SET_COUNTS, rnd)
        congress = election.congress
        frozen = congress_figures(congress)
        electronic = rnd.electronic or 0
        if rnd.electronic is not None:  # a hybrid poll: the counts entered are of the paper ballots
            paper_issued = paper_ballots_issued(rnd)
            if issued != paper_issued:
                raise ElectionError(
                    "paper_count_mismatch", expected=paper_issued, value=issued, number=rnd.number
                )
            issued, returned = issued + electronic, returned + electronic
        freeze_counts(election, rnd, issued=issued, returned=returned, frozen=frozen)
        EntryLog.objects.create(round=rnd, action="counts", content=f"{issued}/{returned}",
                                user_label=label(actor))  # fmt: skip
        log_step("round.counts_entered", election, actor, rnd, round=rnd.number, issued=issued,
            returned=returned)  # fmt: skip
    return rnd


def freeze_counts(election: Any, rnd: Round, *, issued: int, returned: int, frozen: dict[str, Any]) -> None:
    """Ballots issued and returned, checked against the voters present, saved with the congress figures
    and the counting committee frozen; the election goes to counting (the caller holds the locks). The
    committee's counts and an electronic poll's close both come through here."""
    refuse(figures.ballot_counts(issued, returned, frozen["present"]))
    rnd.issued, rnd.returned, rnd.figures = issued, returned, frozen
    rnd.counting_committee = committee_names(election.congress)
    rnd.save(update_fields=["issued", "returned", "figures", "counting_committee"])
    if election.status != ElectionStatus.COUNTING:
        election.status = ElectionStatus.COUNTING
        election.save(update_fields=["status"])


def paper_ballots_issued(rnd: Round) -> int:
    """The paper ballots the desk issued in the round's electronic poll (frozen when it closed)."""
    from daihoi.voting.models import Poll

    return int(Poll.objects.filter(round=rnd).values_list("paper_issued", flat=True).first() or 0)


def committee_names(congress: Congress) -> list[str]:
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


def shown(content: str, flag: str) -> str:
    """A ballot as the entry log stores it: "9, 10" or "9, 10 !identifying_mark"; "—" for nothing."""
    text = content.replace(",", ", ") or "—"
    return f"{text} !{flag}" if flag else text


def _check_independent(election: Election, rnd: Round, clerk: int, actor: Any) -> None:
    """The entries of one stack come from different people: a login that entered the round as one clerk
    may not enter it as another (unless a one-person committee is allowed, and then it is recorded)."""
    user = user_of(actor)
    if user is None:
        if actor is not None and not isinstance(actor, str):
            raise ElectionError.refused(Refusal("clerk_login_required"))
        return  # the demo or a command: no person to tell apart
    others = sorted(
        set(
            BallotEntry.objects.filter(round=rnd, entered_by=user)
            .exclude(clerk=clerk)
            .values_list("clerk", flat=True)
        )
    )
    if not others:
        return
    if not one_clerk_login_allowed():
        raise ElectionError.refused(
            Refusal("clerk_not_independent", {"user": user.get_username(), "other": others[0]})
        )
    if not election.entries_not_independent:
        election.entries_not_independent = True
        election.save(update_fields=["entries_not_independent"])
        log_step("entries.not_independent", election, actor, rnd, round=rnd.number, user=user.get_username())


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

    Locks the election and the round, then checks everything against them; one row per (round, clerk,
    position), the unique constraint catching any other path. A second entry at the same place replaces
    the first and both stay in the log.
    """
    with transaction.atomic():
        election, locked = locked_round(rnd)
        require(election, ElectionAction.ENTER_BALLOTS, locked)
        if locked.aggregate:
            raise ElectionError("aggregate_round")
        if not 1 <= clerk <= election.clerks:
            raise ElectionError("bad_clerk", value=clerk, clerks=election.clerks)
        if locked.returned is None:
            raise ElectionError("counts_required")
        if not 1 <= position <= locked.returned:
            raise ElectionError("bad_position", value=position, returned=locked.returned)
        content, flag = parse_entry(locked, text, position)
        proposed = propose(locked, content, flag)
        if proposed and not flag and not confirm:
            return EntryOutcome(False, position, content, flag, proposed)
        _check_independent(election, locked, clerk, actor)
        entry = (
            BallotEntry.objects.select_for_update()
            .filter(round=locked, clerk=clerk, position=position)
            .first()
        )
        action = "entered"
        previous = None if entry is None else (entry.content, entry.flag)
        if entry is None:
            try:
                with transaction.atomic():
                    entry = BallotEntry.objects.create(
                        round=locked, clerk=clerk, position=position, content=content, flag=flag,
                        entered_by=user_of(actor),
                    )  # fmt: skip
            except IntegrityError:
                entry = BallotEntry.objects.select_for_update().get(
                    round=locked, clerk=clerk, position=position
                )
        if entry.content != content or entry.flag != flag:
            action = "changed"
            entry.content, entry.flag = content, flag
            entry.entered_by = user_of(actor) or entry.entered_by
            entry.save(update_fields=["content", "flag", "entered_by", "updated_at"])
        EntryLog.objects.create(round=locked, clerk=clerk, position=position, action=action,
                                content=shown(content, flag), user_label=label(actor))  # fmt: skip
        log_step(f"ballot.{action}", election, actor, locked, round=locked.number, clerk=clerk,
            position=position, content=content, flag=flag, proposed=proposed)  # fmt: skip
    return EntryOutcome(True, position, content, flag, proposed, entry, previous)


def next_position(rnd: Round, clerk: int, after: int = 0) -> int:
    """The first ballot this clerk has not entered; after `after` when that one is free (one query)."""
    free = after and after < (rnd.returned or 0)
    if free and not rnd.ballot_entries.filter(clerk=clerk, position=after + 1).exists():
        return after + 1
    positions = set(rnd.ballot_entries.filter(clerk=clerk).values_list("position", flat=True))
    return next((p for p in range(1, (rnd.returned or 0) + 1) if p not in positions), (rnd.returned or 0) + 1)


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
    if valid and not reason.strip():
        raise ElectionError("override_reason", position=position)
    with transaction.atomic():
        election, locked = locked_round(rnd)
        require(election, ElectionAction.ENTER_BALLOTS, locked)
        if not 1 <= position <= (locked.returned or 0):
            raise ElectionError("bad_position", value=position, returned=locked.returned)
        content, flag = parse_entry(locked, text, position)
        resolution, _created = Resolution.objects.update_or_create(
            round=locked,
            position=position,
            defaults={"content": content, "flag": flag, "valid": valid, "reason": reason.strip(),
                      "decided_by": user_of(actor)},
        )  # fmt: skip
        text_shown = shown(content, flag)
        if valid:
            text_shown += " — " + _("ruled valid: %(reason)s") % {"reason": reason}
        EntryLog.objects.create(round=locked, position=position, action="resolved", content=text_shown,
                                user_label=label(actor))  # fmt: skip
        log_step("ballot.resolved", election, actor, locked, round=locked.number, position=position,
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
    """Hand count: per-candidate totals (by ballot position), valid and invalid ballots by reason.

    Checked against the round: valid + invalid = returned (in a round with a poll on phones, the paper
    ballots returned: its electronic ballots are added when counting, never typed in), each name's votes
    ≤ valid ballots, the sum of the votes ≤ valid ballots × the names a ballot may keep."""
    codes = [str(r) for r in REASONS]
    for code in invalid:
        if code not in codes:
            raise ElectionError("unknown_flag", value=code)
    with transaction.atomic():
        election, locked = locked_round(rnd)
        require(election, ElectionAction.ENTER_BALLOTS, locked)
        if not locked.aggregate:
            raise ElectionError("not_aggregate")
        if locked.returned is None:
            raise ElectionError("counts_required")
        names = {rc.position: f"{rc.position}. {rc.candidate.full_name}" for rc in round_candidates(locked)}
        for position in votes:
            if position not in names:
                raise ElectionError("bad_number", position="", value=position, count=len(names))
        refuse(
            figures.hand_totals(
                valid=valid,
                invalid={k: int(v) for k, v in invalid.items()},
                votes={names[p]: int(v) for p, v in votes.items()},
                # a hybrid poll: the clerks count the paper ballots; the ballots cast on phones are
                # added by the count (engine.add_electronic_ballots), never typed in
                returned=locked.returned - (locked.electronic or 0),
                places=locked.seats + locked.alternates,
            )
        )
        locked.totals = {
            "valid": valid,
            "invalid": {k: int(v) for k, v in invalid.items() if v},
            "votes": {str(k): int(v) for k, v in votes.items()},
        }
        locked.save(update_fields=["totals"])
        EntryLog.objects.create(round=locked, action="totals", content=json.dumps(locked.totals),
                                user_label=label(actor))  # fmt: skip
        log_step("round.totals_entered", election, actor, locked, totals=locked.totals)
    rnd.totals = locked.totals
    return rnd


def set_aggregate(rnd: Round, aggregate: bool, *, actor: Any = None) -> Round:
    """Count by hand (totals) or ballot by ballot; chosen before anything is entered."""
    with transaction.atomic():
        election, locked = locked_round(rnd)
        if ElectionStage(election.status) is ElectionStage.LIST_APPROVED:
            require(election, ElectionAction.SET_COUNTS, locked)
        else:
            require(election, ElectionAction.ENTER_BALLOTS, locked)
        if locked.ballot_entries.exists() or locked.totals:
            raise ElectionError.refused(Refusal("counts_locked", {"number": locked.number}))
        locked.aggregate = aggregate
        locked.save(update_fields=["aggregate"])
        log_step("round.mode_set", election, actor, locked, aggregate=aggregate)
    return locked
