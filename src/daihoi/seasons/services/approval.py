"""The superior committee's approval (chuẩn y) of a congress's results, inside daihoi.

The lower organization submits its result dossier (`submit_for_approval`); the superior's users approve
it with the number and date of their decision (`approve_submission`: every announced election that needs
approval becomes APPROVED through the election machine) or return it with a reason
(`return_submission`). The rules are daihoi.core.procedure.approval's; this module reads the facts under
the congress's lock and records each step in the audit of both organizations. An approved result is final:
`refuse_change_to_approved` keeps a closed congress's documents as they were approved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from daihoi.audit.services import log_action
from daihoi.congresses.models import Congress, CongressStatus
from daihoi.congresses.procedure import MESSAGES as PROCEDURE_MESSAGES
from daihoi.core.procedure.approval import (
    ApprovalAction,
    ApprovalFacts,
    ApprovalStage,
    after,
    refusal,
)
from daihoi.errors import CodedError
from daihoi.organizations.models import Organization
from daihoi.seasons.models import Submission, SubmissionStatus


class ApprovalError(CodedError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {
        **PROCEDURE_MESSAGES,
        "decision_in_future": _(
            "The date of the decision (field “%(field)s”: %(value)s) is after today (%(today)s)."
        ),
        "decision_number_too_long": _(
            "The number of the decision (field “%(field)s”) has %(length)s characters; at most %(max)s."
        ),
    }


DECISION_NUMBER_MAX = 64


# ------------------------------------------------------------------------------------------- reading


def latest_submission(congress: Congress) -> Submission | None:
    return Submission.objects.filter(congress=congress).order_by("-number").first()


def approval_stage(congress: Congress) -> ApprovalStage:
    """The congress's approval stage: its newest submission's status, or not submitted."""
    latest = latest_submission(congress)
    return ApprovalStage(latest.status) if latest is not None else ApprovalStage.NOT_SUBMITTED


def elections_needing_approval(congress: Congress) -> list[Any]:
    """The congress's elections the superior approves: every body but the delegation, announced."""
    from daihoi.elections.models import Election, ElectionKind, ElectionStatus

    return list(
        Election.objects.filter(congress=congress, status=ElectionStatus.PUBLISHED)
        .exclude(kind=ElectionKind.DELEGATES)
        .order_by("pk")
    )


def _unpublished_titles(congress: Congress) -> tuple[str, ...]:
    from daihoi.elections.models import Election, ElectionStatus

    done = (ElectionStatus.PUBLISHED, ElectionStatus.APPROVED)
    return tuple(
        Election.objects.filter(congress=congress)
        .exclude(status__in=done)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def content_fingerprint(congress: Congress) -> str:
    """The fingerprint of what the approval dossier says now (not of its rendered files)."""
    from daihoi.dossier_docs.results import approval_dossier_parts, dossier_fingerprint

    return dossier_fingerprint(approval_dossier_parts(congress))


def approval_facts(congress: Congress, *, fingerprint: str | None = None) -> ApprovalFacts:
    """The congress as the approval machine sees it for a submission. `fingerprint`: the content of the
    dossier that would be submitted (computed when the stage is returned and it is not given)."""
    from daihoi.dossier_docs.results import fingerprint_of_zip

    latest = latest_submission(congress)
    stage = ApprovalStage(latest.status) if latest is not None else ApprovalStage.NOT_SUBMITTED
    unchanged = False
    if latest is not None and stage is ApprovalStage.RETURNED:
        current = fingerprint if fingerprint is not None else content_fingerprint(congress)
        unchanged = fingerprint_of_zip(bytes(latest.dossier)) == current
    return ApprovalFacts(
        stage=stage,
        congress_closed=congress.status == CongressStatus.CLOSED,
        has_superior=congress.organization.superior is not None,
        elections_unpublished=_unpublished_titles(congress),
        elections_to_approve=len(elections_needing_approval(congress)),
        dossier_unchanged=unchanged,
    )


def submit_refusal(congress: Congress) -> str:
    """Why the congress's dossier cannot be submitted now, in words ("" when it can)."""
    found = refusal(ApprovalAction.SUBMIT, approval_facts(congress))
    return ApprovalError.refused(found).message if found is not None else ""


def approval_reference(decision_number: str, decision_date: dt.date) -> str:
    """The approval as the elections record it: "Quyết định số 125-QĐ/ĐUK ngày 20/7/2020"."""
    return gettext("Decision no. %(number)s of %(date)s") % {
        "number": decision_number.strip(),
        "date": decision_date.strftime("%d/%m/%Y"),
    }


# ------------------------------------------------------------------------------------------- steps


def _locked_congress(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)


def _locked_submission(submission: Submission) -> tuple[Congress, Submission]:
    """The submission's congress, then the submission, locked in that order (as submitting locks)."""
    congress = _locked_congress(submission.congress)
    return congress, Submission.objects.select_for_update().select_related("superior").get(pk=submission.pk)


def _raise(found: Any) -> None:
    if found is not None:
        raise ApprovalError.refused(found)


def _both_sides(submission: Submission) -> tuple[Organization, Organization]:
    """The organizations whose audit records each step: the lower one's and the superior's."""
    return submission.congress.organization, submission.superior


def _actor_user(actor: Any) -> Any:
    if actor is None or not getattr(actor, "pk", None):
        raise ValueError("an approval step needs the user who takes it")
    return actor


def submit_for_approval(congress: Congress, *, actor: Any) -> Submission:
    """Submit the congress's result dossier to its superior committee (a double click gives one)."""
    from daihoi.dossier_docs.results import approval_dossier, fingerprint_of_zip

    user = _actor_user(actor)
    # Refuse early what needs no dossier; the dossier (some seconds of rendering) is built outside the
    # lock, then checked under it against what the dossier says now.
    early = approval_facts(congress, fingerprint="")
    found = refusal(ApprovalAction.SUBMIT, early)
    if found is not None and found.code != "approval_not_corrected":
        _raise(found)
    dossier = approval_dossier(congress)
    with transaction.atomic():
        congress = _locked_congress(congress)
        fingerprint = content_fingerprint(congress)
        if fingerprint_of_zip(dossier) != fingerprint:  # changed while it was being built
            dossier = approval_dossier(congress)
        _raise(refusal(ApprovalAction.SUBMIT, approval_facts(congress, fingerprint=fingerprint)))
        superior = congress.organization.superior
        assert superior is not None  # approval_no_superior otherwise
        last = Submission.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0
        submission = Submission.objects.create(
            congress=congress,
            superior=superior,
            number=last + 1,
            status=after(ApprovalAction.SUBMIT).value,
            dossier=dossier,
            dossier_sha256=hashlib.sha256(dossier).hexdigest(),
            submitted_at=timezone.now(),
            submitted_by=user,
        )
        data = {
            "congress": congress.pk,
            "submission": submission.number,
            "sha256": submission.dossier_sha256,
            "elections": [e.pk for e in elections_needing_approval(congress)],
        }
        for organization in _both_sides(submission):
            log_action("approval.submitted", actor=user, obj=submission, organization=organization, data=data)
    return submission


def _decision_facts(
    submission: Submission, decision_number: str, decision_date: dt.date | None
) -> ApprovalFacts:
    submitted_on = timezone.localdate(submission.submitted_at)
    return ApprovalFacts(
        stage=ApprovalStage(submission.status),
        decision_number=decision_number,
        decision_dated=decision_date is not None,
        decision_before_submission=decision_date is not None and decision_date < submitted_on,
    )


def approve_submission(
    submission: Submission, *, decision_number: str, decision_date: dt.date | None, actor: Any
) -> Submission:
    """Approve the submitted results with the superior's decision: every announced election that needs
    approval becomes APPROVED, all or nothing; two clerks deciding at once give one decision."""
    from daihoi.elections.services.outcome import record_superior_approval

    user = _actor_user(actor)
    decision_number = (decision_number or "").strip()
    with transaction.atomic():
        congress, submission = _locked_submission(submission)
        _raise(refusal(ApprovalAction.APPROVE, _decision_facts(submission, decision_number, decision_date)))
        assert decision_date is not None
        today = timezone.localdate()
        if decision_date > today:
            raise ApprovalError(
                "decision_in_future",
                field=gettext("decision date"),
                value=decision_date.strftime("%d/%m/%Y"),
                today=today.strftime("%d/%m/%Y"),
            )
        if len(decision_number) > DECISION_NUMBER_MAX:
            raise ApprovalError(
                "decision_number_too_long",
                field=gettext("decision number"),
                length=len(decision_number),
                max=DECISION_NUMBER_MAX,
            )
        reference = approval_reference(decision_number, decision_date)
        approved = []
        for election in elections_needing_approval(congress):
            record_superior_approval(election, reference=reference, actor=user)
            approved.append(election.pk)
        submission.status = after(ApprovalAction.APPROVE).value
        submission.decided_at = timezone.now()
        submission.decided_by = user
        submission.decision_number = decision_number
        submission.decision_date = decision_date
        submission.save(
            update_fields=["status", "decided_at", "decided_by", "decision_number", "decision_date"]
        )
        data = {
            "congress": congress.pk,
            "submission": submission.number,
            "decision_number": decision_number,
            "decision_date": decision_date.isoformat(),
            "elections": approved,
        }
        for organization in _both_sides(submission):
            log_action("approval.approved", actor=user, obj=submission, organization=organization, data=data)
    return submission


def return_submission(submission: Submission, *, reason: str, actor: Any) -> Submission:
    """Return the dossier to the lower organization with the reason (it resubmits once corrected)."""
    user = _actor_user(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        _congress, submission = _locked_submission(submission)
        facts = ApprovalFacts(stage=ApprovalStage(submission.status), reason=reason)
        _raise(refusal(ApprovalAction.RETURN, facts))
        submission.status = after(ApprovalAction.RETURN).value
        submission.decided_at = timezone.now()
        submission.decided_by = user
        submission.return_reason = reason
        submission.save(update_fields=["status", "decided_at", "decided_by", "return_reason"])
        data = {"congress": submission.congress_id, "submission": submission.number, "reason": reason}
        for organization in _both_sides(submission):
            log_action("approval.returned", actor=user, obj=submission, organization=organization, data=data)
    return submission


# ------------------------------------------------------------------------------------------- finality


def approved_submission(congress: Congress) -> Submission | None:
    return Submission.objects.filter(congress=congress, status=SubmissionStatus.APPROVED).first()


def refuse_change_to_approved(congress: Congress) -> None:
    """Call inside the transaction of a change to a closed congress's documents (numbers, citations),
    after the change: raises ApprovalError when the approval dossier would no longer say what the
    superior approved ("approval_final") or is reviewing ("approval_under_review"), so the change is
    rolled back. A returned dossier is corrected this way, then submitted again."""
    from daihoi.dossier_docs.results import fingerprint_of_zip

    live = (
        Submission.objects.filter(
            congress=congress, status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED]
        )
        .order_by("-number")
        .first()
    )
    if live is None or content_fingerprint(congress) == fingerprint_of_zip(bytes(live.dossier)):
        return
    if live.status == SubmissionStatus.SUBMITTED:
        raise ApprovalError("approval_under_review", superior=live.superior.name)
    raise ApprovalError(
        "approval_final",
        number=live.decision_number,
        date=live.decision_date.strftime("%d/%m/%Y") if live.decision_date else "",
    )
