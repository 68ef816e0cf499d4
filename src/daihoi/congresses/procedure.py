"""The Django side of daihoi.core.procedure: reads a congress's facts and words the refusals.

`congress_facts(congress)` describes a congress for the core's state machine (call it under the lock of
the congress row); `MESSAGES` words every refusal code of the core, in both CongressError and
ElectionError; `words(params)` turns the codes inside a refusal's parameters into labels.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressStatus, OpenVoteKind, OpenVoteStatus
from daihoi.core.procedure import CongressFacts, CongressStage, ElectionStage
from daihoi.core.procedure.congress import CongressAction
from daihoi.core.procedure.election import FINISHED, ElectionAction

ACTION_LABELS: dict[str, Any] = {
    CongressAction.BUILD_LIST: _("build the convened list"),
    CongressAction.EDIT_LIST: _("edit the convened list"),
    CongressAction.CONVENE: _("convene the congress"),
    CongressAction.CHECK_IN: _("check delegates in"),
    CongressAction.OPEN_SESSION: _("open the session"),
    CongressAction.PREPARE_VOTE: _("prepare an open vote"),
    CongressAction.HOLD_VOTE: _("hold an open vote"),
    CongressAction.PREPARE_ELECTION: _("prepare an election"),
    CongressAction.RUN_ELECTION: _("run an election"),
    CongressAction.CLOSE: _("close the congress"),
    CongressAction.DELETE: _("delete the congress"),
    CongressAction.ARCHIVE: _("archive the congress"),
    ElectionAction.DECIDE_SEATS: _("record the number to elect"),
    ElectionAction.NOMINATE: _("add a name to the list"),
    ElectionAction.CORRECT_NOMINEE: _("correct a name typed by mistake"),
    ElectionAction.REQUEST_WITHDRAWAL: _("record a withdrawal request"),
    ElectionAction.DECIDE_WITHDRAWAL: _("apply the congress's decision on a withdrawal"),
    ElectionAction.OPINION_BALLOT: _("record the opinion ballot"),
    ElectionAction.APPROVE_LIST: _("approve the ballot list"),
    ElectionAction.ADD_TO_ROUND: _("add a name to the further round"),
    ElectionAction.SET_COUNTS: _("record ballots issued and returned"),
    ElectionAction.ENTER_BALLOTS: _("enter ballots"),
    ElectionAction.CLOSE_ROUND: _("close the count of the round"),
    ElectionAction.START_REVOTE: _("start the revote among the tied"),
    ElectionAction.START_NEXT_ROUND: _("start a further round"),
    ElectionAction.DECLINE_NEXT_ROUND: _("end the election without a further round"),
    ElectionAction.ANNOUNCE: _("announce the result"),
    ElectionAction.SUPERIOR_APPROVE: _("record the superior's approval"),
    ElectionAction.DELETE: _("delete the election"),
}

FIELD_LABELS: dict[str, Any] = {
    "issued": _("ballots issued"),
    "returned": _("ballots returned"),
    "support": _("supporters"),
    "opinion_votes": _("opinion ballot votes"),
    "agree": _("agree"),
    "disagree": _("disagree"),
    "abstain": _("abstain"),
    "total": _("agree + disagree + abstain"),
    "valid": _("valid ballots"),
}
BOUND_LABELS: dict[str, Any] = {
    "voters_present": _("voters present"),
    "issued": _("ballots issued"),
    "valid": _("valid ballots"),
}

MESSAGES: dict[str, Any] = {
    "congress_is_archived": _("The congress is archived: nothing can change."),
    "congress_wrong_stage": _("Cannot %(action)s now: the congress is “%(stage)s”."),
    "congress_list_empty": _("The convened list is empty."),
    "congress_no_quorum": _(
        "No quorum: %(present)s of %(convened)s convened are present; at least %(needed)s are needed."
    ),
    "congress_vote_in_progress": _("An open vote is still in progress: %(titles)s. Close it first."),
    "congress_elections_unfinished": _(
        "These elections are not finished (their result is not announced): %(titles)s. "
        "Finish or delete them first."
    ),
    "congress_votes_not_held": _(
        "These open votes were prepared but never held: %(titles)s. Hold or delete them first."
    ),
    "congress_has_records": _(
        "The congress already has check-ins, votes or elections: it cannot be deleted, only archived."
    ),
    "election_wrong_stage": _("Cannot %(action)s now: the election is at the stage “%(stage)s”."),
    "election_congress_stage": _("Cannot %(action)s now: the congress is “%(stage)s”."),
    "list_empty": _("The ballot list is empty."),
    "list_over_limit": _("The list has more names than the limit allows: hold the opinion ballot first."),
    "withdrawals_undecided": _(
        "The congress has not yet decided the withdrawal request of: %(names)s. Put it to the vote first."
    ),
    "round_frozen": _("Round %(number)s takes no new names (first round, revote, or voting has begun)."),
    "counts_locked": _(
        "Ballots are already entered for round %(number)s: the counts of ballots issued and returned "
        "can no longer change."
    ),
    "counts_required": _("Enter the ballots issued and returned first."),
    "count_incomplete": _("The count is not complete."),
    "totals_missing": _("The hand-count totals are not entered yet."),
    "not_a_revote": _("The last round does not call for a revote among the tied."),
    "not_a_further_round": _("The last round does not call for a further round."),
    "election_has_rounds": _("The election has rounds: it cannot be deleted."),
    "vote_subject_required": _(
        "An open vote on “%(kind)s” must name what it decides (the election or the name)."
    ),
    "vote_subject_stage": _(
        "An open vote on “%(kind)s” does not fit this election at the stage “%(stage)s”."
    ),
    "no_withdrawal_request": _("%(name)s has no withdrawal request awaiting the congress's decision."),
    "no_further_round": _("The election “%(value)s” does not await a decision on a further round."),
    "vote_wrong_kind": _("The open vote “%(title)s” is not a vote on %(expected)s."),
    "vote_wrong_subject": _("The open vote “%(title)s” was held on another subject: it cannot decide this."),
    "vote_not_closed": _("The open vote “%(title)s” is not closed yet."),
    "vote_used": _("The open vote “%(title)s” has already been used for a decision."),
    "vote_not_passed": _("The open vote “%(title)s” did not pass."),
    "figure_negative": _("The figure “%(field)s” cannot be negative (%(value)s)."),
    "figure_over_bound": _("The figure “%(field)s” is %(value)s, more than the %(bound_name)s (%(bound)s)."),
    "totals_mismatch": _(
        "Valid (%(valid)s) + invalid (%(invalid)s) ballots differ from ballots returned (%(returned)s)."
    ),
    "votes_over_places": _(
        "The votes add up to %(total)s, more than %(valid)s valid ballots × %(places)s names each "
        "(%(bound)s)."
    ),
    "clerk_not_independent": _(
        "You (%(user)s) have already entered this round as clerk %(other)s: the entries of one stack must "
        "come from different people. Log in as another member of the counting committee."
    ),
    "poll_still_open": _(
        "Round %(number)s is being voted on phones: nothing is counted until the presidium closes the poll."
    ),
    "poll_paper_congress": _(
        "The congress's election rules say secret ballots are cast on paper: an electronic poll cannot open."
    ),
    "congress_poll_stage": _("Voting on phones needs the congress in session (it is %(stage)s)."),
    "poll_exists": _("This round already has its electronic poll; a closed poll never reopens."),
    "poll_list_not_approved": _(
        "A poll opens only for a ballot list the congress has approved, before any ballot is counted."
    ),
    "poll_not_opened": _("Voting on this round has not opened."),
    "poll_closed": _("Voting on this round is closed."),
    "poll_time_up": _("The time for voting is up; the presidium will close the poll."),
    "voter_not_present": _("Only a delegate checked in as present can vote. Go to the check-in desk."),
    "voter_without_vote": _("This delegate attends without a vote."),
    "voted_electronically": _("This delegate has already voted on a phone in this round."),
    "voted_on_paper": _("This delegate has already taken a paper ballot in this round."),
    "device_not_bound": _("This phone is not bound to a delegate. Ask the check-in desk for a code."),
    "clerk_login_required": _(
        "Ballots are entered by a counting-committee member logged in under their own name."
    ),
    # The verifiable ballot (docs/verifiable-voting.md): the key ceremony and the tally's decryption.
    "poll_no_election_key": _(
        "The counting committee's key ceremony is not complete: encrypted ballots need the election key."
    ),
    "poll_not_verifiable": _("This poll's ballots are not encrypted: there is nothing to decrypt."),
    "poll_still_open_to_decrypt": _("The tally is decrypted only after the presidium closes the poll."),
    "poll_decrypted": _("This poll's tally is already decrypted."),
    "poll_awaiting_decryption": _(
        "The ballots cast on phones in round %(number)s are still encrypted: enough members of the "
        "counting committee must decrypt the tally first."
    ),
    "ceremony_trustees": _("The key holders must number between 1 and %(maximum)s (got %(value)s)."),
    "ceremony_threshold": _(
        "The number of key holders needed to decrypt must be between %(minimum)s and the number of key "
        "holders, %(trustees)s (got %(value)s)."
    ),
    "ceremony_not_verifiable": _(
        "The congress's election rules do not say ballots are encrypted and verifiable: no key ceremony."
    ),
    "ceremony_congress_closed": _("The congress is closed: no key ceremony."),
    "ceremony_exists": _("The congress already has a key ceremony; cancel it before starting another."),
    "ceremony_none": _("The congress has no key ceremony in progress."),
    "ceremony_key_in_use": _(
        "A poll has already been opened with this election key: the ceremony can no longer be cancelled."
    ),
    "ceremony_complete": _("The key ceremony is complete."),
    "ceremony_wrong_stage": _("This step does not belong to the ceremony's current stage (%(stage)s)."),
    "ceremony_step_done": _("This key holder has already taken this step."),
    # The superior committee's approval (chuẩn y): daihoi.core.procedure.approval.
    "approval_wrong_stage": _("Cannot %(action)s now: the approval is at the stage “%(stage)s”."),
    "approval_no_superior": _(
        "The superior committee of this organization is not an organization in daihoi: its approval is "
        "recorded on each election's page with the reference of its decision."
    ),
    "approval_congress_not_closed": _(
        "Close the congress first: only a closed congress's results are submitted."
    ),
    "approval_elections_unpublished": _(
        "These elections' results are not announced yet: %(titles)s. Announce them first."
    ),
    "approval_nothing_to_approve": _(
        "No announced election of this congress awaits the superior's approval (the delegation to the "
        "upper congress is reported, not approved)."
    ),
    "approval_not_corrected": _(
        "The dossier is the same as the one returned: correct what the superior asked (through the "
        "congress's dossier: numbers, dates, citations) before submitting it again."
    ),
    "approval_decision_number_required": _(
        "Type the number of the approval decision (field “decision number”, e.g. 125-QĐ/ĐUK)."
    ),
    "approval_decision_date_required": _("Type the date of the approval decision (field “decision date”)."),
    "approval_decision_before_submission": _(
        "The decision cannot be dated before the dossier was submitted (field “decision date”)."
    ),
    "approval_reason_required": _(
        "Say why the dossier is returned (field “reason”): the lower organization corrects it from that."
    ),
    "approval_superior_in_daihoi": _(
        "The superior committee, %(superior)s, is in daihoi: submit the result dossier to it from the "
        "congress's approval page; its decision is recorded there."
    ),
    "approval_under_review": _(
        "The result dossier awaits the approval of %(superior)s: its documents cannot change while it is "
        "reviewed (the superior returns it if it needs a correction)."
    ),
    "approval_final": _(
        "The results were approved by decision no. %(number)s of %(date)s: the documents of the "
        "approved dossier can no longer change."
    ),
}

APPROVAL_ACTION_LABELS: dict[str, Any] = {
    "submit": _("submit the dossier for approval"),
    "approve": _("approve the results"),
    "return": _("return the dossier"),
}
APPROVAL_STAGE_LABELS: dict[str, Any] = {
    "not_submitted": _("Not submitted"),
    "submitted": _("Awaiting approval"),
    "approved": pgettext_lazy("approval", "Approved"),
    "returned": _("Returned"),
}

# The subjects' kinds as the messages name them.
VOTE_KIND_LABELS: dict[str, Any] = {k.value: k.label for k in OpenVoteKind}


def words(code: str, params: dict[str, Any]) -> dict[str, Any]:
    """A refusal's parameters with its codes (action, stage, kind, field, bound) put into words."""
    from daihoi.elections.models import ElectionStatus

    out = dict(params)
    if code.startswith("approval_"):
        if "action" in out:
            out["action"] = APPROVAL_ACTION_LABELS.get(out["action"], out["action"])
        if "stage" in out:
            out["stage"] = APPROVAL_STAGE_LABELS.get(out["stage"], out["stage"])
        return out
    if "action" in out:
        out["action"] = ACTION_LABELS.get(out["action"], out["action"])
    if "stage" in out:
        congress_stage = code.startswith("congress_") or code == "election_congress_stage"
        labels: Any = CongressStatus if congress_stage else ElectionStatus
        if code.startswith("ceremony_"):
            from daihoi.voting.models import CeremonyStatus

            labels = CeremonyStatus
        stage = out["stage"]
        out["stage"] = labels(stage).label if stage in labels.values else pgettext_lazy("stage", "none")
    for key in ("kind", "expected"):
        if key in out:
            out[key] = VOTE_KIND_LABELS.get(out[key], out[key])
    if "field" in out:
        out["field"] = field_label(str(out["field"]))
    if "bound_name" in out:
        out["bound_name"] = BOUND_LABELS.get(out["bound_name"], out["bound_name"])
    return out


def field_label(code: str) -> str:
    head, _sep, rest = code.partition(":")
    if head == "votes" and rest:
        return str(_("votes of %(name)s") % {"name": rest})
    if head == "invalid" and rest:
        from daihoi.elections.tally_io import REASON_LABELS

        return str(_("invalid ballots: %(reason)s") % {"reason": REASON_LABELS.get(rest, rest)})
    return str(FIELD_LABELS.get(code, code))


def congress_facts(congress: Congress) -> CongressFacts:
    """The congress as the state machine sees it (read inside the caller's transaction)."""
    from daihoi.congresses.services import congress_usage
    from daihoi.elections.models import Election

    votes = list(congress.open_votes.values_list("title", "status"))
    elections = list(Election.objects.filter(congress=congress).values_list("title", "status"))
    started = congress_usage(congress).in_use
    stage = CongressStage(congress.status)
    q = quorum(congress) if stage is CongressStage.CONVENED else None
    return CongressFacts(
        stage=stage,
        archived=getattr(congress, "archived_at", None) is not None,
        listed=congress.delegates.filter(convened=True).count(),
        quorum_met=bool(q and q.valid),
        present=q.present if q else 0,
        convened=q.convened if q else 0,
        needed=q.needed if q else 0,
        votes_open=tuple(t for t, s in votes if s == OpenVoteStatus.OPEN),
        votes_not_held=tuple(t for t, s in votes if s == OpenVoteStatus.DRAFT),
        elections_unfinished=tuple(t for t, s in elections if ElectionStage(s) not in FINISHED),
        has_records=started,
    )


def congress_steps(congress: Congress) -> list[tuple[Any, str]]:
    """The steps of this stage in words, each with why it is refused now ("" when allowed)."""
    from daihoi.congresses.errors import CongressError
    from daihoi.core.procedure.congress import next_steps

    return [
        (ACTION_LABELS[action], CongressError.refused(refusal).message if refusal else "")
        for action, refusal in next_steps(congress_facts(congress))
    ]
