"""Domain errors of the election workflow: a machine code (tests and pages switch on it) and a message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from daihoi.congresses.procedure import MESSAGES as PROCEDURE_MESSAGES
from daihoi.errors import CodedError

MESSAGES = {
    "seats_required": _("Enter the number to elect (allocated from above for delegates)."),
    "seats_not_allocated": _(
        "%(superior)s allocated %(allocated)s delegates to this organization: the congress elects "
        "%(allocated)s, not %(seats)s."
    ),
    "seats_vote_not_passed": _("The open vote on the number of seats “%(value)s” has not passed."),
    "wrong_vote_kind": _("The open vote “%(value)s” is not a vote on %(expected)s."),
    "vote_not_closed": _("The open vote “%(value)s” is not closed yet."),
    "vote_missing": _("Choose the congress's open vote on “%(kind)s” that decides this."),
    "not_in_organization": _("%(name)s is not on the roll of %(org)s."),
    "not_official": _("%(name)s is not an official member and cannot be a candidate."),
    "counting_committee_member": _(
        "%(name)s sits on the counting committee and cannot be a candidate (Reg. 190 Art. 8)."
    ),
    "duplicate_candidate": _("%(name)s is already nominated in this election."),
    "support_required": _("Enter how many attendees support the nomination of %(name)s."),
    "list_frozen": _("The ballot list is approved and can no longer change (status: %(status)s)."),
    "wrong_proposal": _("“%(value)s” is not a proposal (allow, refuse or remove)."),
    "no_withdrawal": _("%(name)s has not asked to withdraw."),
    "surplus_over_limit": _(
        "The list has %(surplus)s names more than the %(seats)s places; at most %(limit)s are allowed. "
        "Hold the opinion ballot first."
    ),
    "list_empty": _("The ballot list is empty."),
    "list_not_approved": _("The open vote approving the ballot list did not pass."),
    "opinion_not_needed": _("The list is within the limit; no opinion ballot is needed."),
    "round_frozen": _("Round %(number)s takes no new names (first round, revote, or voting has begun)."),
    "support_too_low": _(
        "%(name)s has the support of %(support)s attendees; more than 30%% is needed (at least %(needed)s)."
    ),
    "opinion_tie": _(
        "The opinion ballot ties at the cut (%(votes)s votes: %(names)s); the congress must decide who stays."
    ),
    "opinion_votes_missing": _("Enter the opinion ballot votes of %(name)s."),
    "round_closed": _("Round %(number)s is already counted."),
    "counts_required": _("Enter the ballots issued and returned first."),
    "returned_exceeds_issued": _("Ballots returned (%(returned)s) exceed ballots issued (%(issued)s)."),
    "issued_exceeds_present": _("Ballots issued (%(issued)s) exceed the voters present (%(present)s)."),
    "bad_position": _("Ballot no. %(value)s is outside 1…%(returned)s (the ballots returned)."),
    "bad_clerk": _("Clerk %(value)s: this election uses %(clerks)s independent entries."),
    "bad_number": _("Ballot no. %(position)s: “%(value)s” is not a number on the list (1…%(count)s)."),
    "repeated_number": _("Ballot no. %(position)s: number %(value)s is typed twice."),
    "bad_pattern": _(
        "Ballot no. %(position)s: “%(value)s” must give one mark per name (%(count)s): "
        "1 agree, 2 disagree, 3 both, 0 none."
    ),
    "unknown_flag": _("“%(value)s” is not a reason for an invalid ballot."),
    "aggregate_round": _("This round is counted by hand: enter the totals."),
    "not_aggregate": _("This round is counted ballot by ballot."),
    "entries_incomplete": _("Ballot no. %(position)s has %(count)s of %(clerks)s entries."),
    "entries_disagree": _("Ballot no. %(position)s: the entries disagree; the committee must resolve it."),
    "override_reason": _("Give the reason for ruling ballot no. %(position)s valid."),
    "totals_exceed": _("%(name)s has %(value)s votes, more than the %(valid)s valid ballots."),
    "totals_mismatch": _(
        "Valid (%(valid)s) + invalid (%(invalid)s) ballots differ from ballots returned (%(returned)s)."
    ),
    "no_next_round": _("The last round needs no further round."),
    "next_round_vote": _("The congress must decide by open vote to hold another round."),
    "round_open": _("Round %(number)s is still being counted."),
    "not_counted": _("The election is not counted yet (status: %(status)s)."),
    "not_published": _("The result has not been announced yet (status: %(status)s)."),
    "reference_required": _("Enter the superior's approval decision (number and date)."),
    "engine": _("%(message)s"),
    "decrypted_figures_bad": _(
        "The figures decrypted from the ballots cast on phones cannot be those of real ballots: %(detail)s"
    ),
    "wrong_kind": _("“%(value)s” is not a kind of election."),
    "wrong_source": _("“%(value)s” is not a way of nominating (convening committee, floor, self)."),
    "bad_alternates": _("The number of alternates cannot be negative (%(value)s)."),
    "election_has_votes": _("The open vote “%(value)s” was held on this election: it cannot be deleted."),
    "reason_required": _("Say why the name is removed (for the log)."),
    "nominee_has_votes": _(
        "An open vote (“%(value)s”) was held about %(name)s: the name cannot be removed as a typing mistake."
    ),
    "not_on_list": _("%(name)s is not on the list."),
    "paper_count_mismatch": _(
        "The desk issued %(expected)s paper ballots in the poll of round %(number)s; the count entered says "
        "%(value)s."
    ),
}


class ElectionError(CodedError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {**PROCEDURE_MESSAGES, **MESSAGES}
