"""The approval services: submit, approve, return; each refusal; finality; audit on both sides."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.utils import timezone

from daihoi.audit.models import AuditEntry
from daihoi.congresses import dossier as congress_dossier
from daihoi.congresses.models import CongressStatus
from daihoi.core.procedure.approval import ApprovalStage
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import Election, ElectionKind, ElectionStatus
from daihoi.elections.services.outcome import approve as manual_approve
from daihoi.seasons.models import Submission, SubmissionStatus
from daihoi.seasons.services.approval import (
    ApprovalError,
    approval_reference,
    approval_stage,
    approve_submission,
    return_submission,
    submit_for_approval,
)


def _today() -> dt.date:
    return timezone.localdate()


def test_submit_builds_the_dossier_and_audits_both_sides(world):
    congress, lower, superior = world["congress"], world["lower"], world["superior"]
    user = world["users"]["lower-organizer"]
    assert approval_stage(congress) is ApprovalStage.NOT_SUBMITTED
    submission = submit_for_approval(congress, actor=user)
    assert submission.number == 1
    assert submission.superior == superior
    assert submission.status == SubmissionStatus.SUBMITTED
    data = bytes(submission.dossier)
    assert hashlib.sha256(data).hexdigest() == submission.dossier_sha256
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "01-to-trinh-de-nghi-chuan-y.pdf" in names
    assert "02-bien-ban-dai-hoi.docx" in names
    assert approval_stage(congress) is ApprovalStage.SUBMITTED
    entries = AuditEntry.objects.filter(action="approval.submitted")
    assert sorted(e.organization_code for e in entries) == sorted([lower.code, superior.code])


def test_approve_marks_the_elections_approved_with_the_decision(world):
    congress = world["congress"]
    submission = submit_for_approval(congress, actor=world["users"]["lower-organizer"])
    day = _today()
    approved = approve_submission(
        submission,
        decision_number=" 125-QĐ/ĐUK ",
        decision_date=day,
        actor=world["users"]["superior-organizer"],
    )
    assert approved.status == SubmissionStatus.APPROVED
    assert approved.decision_number == "125-QĐ/ĐUK"
    committee = Election.objects.get(congress=congress, kind=ElectionKind.EXECUTIVE_COMMITTEE)
    delegation = Election.objects.get(congress=congress, kind=ElectionKind.DELEGATES)
    assert committee.status == ElectionStatus.APPROVED
    assert committee.approval_reference == f"Quyết định số 125-QĐ/ĐUK ngày {day:%d/%m/%Y}"
    assert committee.approval_reference == approval_reference("125-QĐ/ĐUK", day)
    assert delegation.status == ElectionStatus.PUBLISHED  # reported, not approved
    assert approval_stage(congress) is ApprovalStage.APPROVED
    orgs = sorted(
        AuditEntry.objects.filter(action="approval.approved").values_list("organization_code", flat=True)
    )
    assert orgs == sorted([world["lower"].code, world["superior"].code])
    # Approved is final: no second decision, no new submission.
    with pytest.raises(ApprovalError) as err:
        approve_submission(
            approved,
            decision_number="126-QĐ/ĐUK",
            decision_date=day,
            actor=world["users"]["superior-organizer"],
        )
    assert err.value.code == "approval_wrong_stage"
    assert "Đã chuẩn y" in err.value.message
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=world["users"]["lower-organizer"])
    assert err.value.code == "approval_wrong_stage"


@pytest.mark.parametrize(
    ("number", "day", "code"),
    [
        ("  ", 0, "approval_decision_number_required"),
        ("125-QĐ/ĐUK", None, "approval_decision_date_required"),
        ("125-QĐ/ĐUK", -1, "approval_decision_before_submission"),
        ("125-QĐ/ĐUK", 1, "decision_in_future"),
        ("1" * 65, 0, "decision_number_too_long"),
    ],
)
def test_approve_refusals_change_nothing(world, number, day, code):
    congress = world["congress"]
    submission = submit_for_approval(congress, actor=world["users"]["lower-organizer"])
    when = None if day is None else _today() + dt.timedelta(days=day)
    with pytest.raises(ApprovalError) as err:
        approve_submission(
            submission, decision_number=number, decision_date=when, actor=world["users"]["superior-organizer"]
        )
    assert err.value.code == code
    assert err.value.message
    assert "%(" not in err.value.message
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not Election.objects.filter(congress=congress, status=ElectionStatus.APPROVED).exists()


def test_return_then_resubmit_needs_a_corrected_dossier(world):
    congress = world["congress"]
    lower_user, superior_user = world["users"]["lower-organizer"], world["users"]["superior-organizer"]
    submission = submit_for_approval(congress, actor=lower_user)
    with pytest.raises(ApprovalError) as err:
        return_submission(submission, reason="  ", actor=superior_user)
    assert err.value.code == "approval_reason_required"
    returned = return_submission(submission, reason="Tờ trình chưa ghi số, ngày.", actor=superior_user)
    assert returned.status == SubmissionStatus.RETURNED
    assert returned.return_reason == "Tờ trình chưa ghi số, ngày."
    assert approval_stage(congress) is ApprovalStage.RETURNED
    orgs = AuditEntry.objects.filter(action="approval.returned").values_list("organization_code", flat=True)
    assert sorted(orgs) == sorted([world["lower"].code, world["superior"].code])
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=lower_user)
    assert err.value.code == "approval_not_corrected"
    # The correction through the congress's dossier: the submission gets its number and date.
    congress_dossier.set_numbers(congress, {"approval_submission": (12, _today())}, actor=lower_user)
    again = submit_for_approval(congress, actor=lower_user)
    assert again.number == 2
    assert again.status == SubmissionStatus.SUBMITTED
    assert Submission.objects.filter(congress=congress).count() == 2


def test_submit_refusals(world):
    congress, user = world["congress"], world["users"]["lower-organizer"]
    Congress = type(congress)
    Congress.objects.filter(pk=congress.pk).update(status=CongressStatus.OPEN)
    congress.refresh_from_db()
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=user)
    assert err.value.code == "approval_congress_not_closed"
    Congress.objects.filter(pk=congress.pk).update(status=CongressStatus.CLOSED)
    congress.refresh_from_db()
    committee = Election.objects.get(congress=congress, kind=ElectionKind.EXECUTIVE_COMMITTEE)
    Election.objects.filter(pk=committee.pk).update(status=ElectionStatus.COUNTED)
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=user)
    assert err.value.code == "approval_elections_unpublished"
    assert committee.title in err.value.message
    Election.objects.filter(pk=committee.pk).update(status=ElectionStatus.APPROVED)
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=user)
    assert err.value.code == "approval_nothing_to_approve"
    Election.objects.filter(pk=committee.pk).update(status=ElectionStatus.PUBLISHED)
    lower = world["lower"]
    type(lower).objects.filter(pk=lower.pk).update(parent=None, superior_body="Đảng bộ Khối")
    congress.refresh_from_db()
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=user)
    assert err.value.code == "approval_no_superior"
    assert not Submission.objects.exists()


def test_double_submit_gives_one_submission(world):
    congress, user = world["congress"], world["users"]["lower-organizer"]
    submit_for_approval(congress, actor=user)
    with pytest.raises(ApprovalError) as err:
        submit_for_approval(congress, actor=user)
    assert err.value.code == "approval_wrong_stage"
    assert Submission.objects.filter(congress=congress).count() == 1


def test_manual_approval_refused_when_the_superior_is_in_daihoi(world):
    committee = Election.objects.get(congress=world["congress"], kind=ElectionKind.EXECUTIVE_COMMITTEE)
    with pytest.raises(ElectionError) as err:
        manual_approve(committee, reference="Quyết định số 1-QĐ/ĐUK", actor=world["users"]["lower-organizer"])
    assert err.value.code == "approval_superior_in_daihoi"
    assert world["superior"].name in err.value.message
    # ...and kept for an organization whose superior is a line of text.
    lower = world["lower"]
    type(lower).objects.filter(pk=lower.pk).update(parent=None, superior_body="Đảng bộ Khối")
    committee = Election.objects.select_related("congress__organization").get(pk=committee.pk)
    manual_approve(committee, reference="Quyết định số 1-QĐ/ĐUK", actor=world["users"]["lower-organizer"])
    committee.refresh_from_db()
    assert committee.status == ElectionStatus.APPROVED


def test_approved_documents_cannot_change(world):
    congress = world["congress"]
    lower_user = world["users"]["lower-organizer"]
    submission = submit_for_approval(congress, actor=lower_user)
    approve_submission(
        submission,
        decision_number="125-QĐ/ĐUK",
        decision_date=_today(),
        actor=world["users"]["superior-organizer"],
    )
    with pytest.raises(congress_dossier.DossierError) as err:
        congress_dossier.set_numbers(congress, {"approval_submission": (12, _today())}, actor=lower_user)
    assert err.value.code == "approval_final"
    assert "125-QĐ/ĐUK" in str(err.value)
    assert not congress.dossier_numbers.filter(key="approval_submission").exists()
    with pytest.raises(congress_dossier.DossierError):
        congress_dossier.set_citations(
            congress, election_regulation="190-QD/TW-2024", congress_directive="", actor=lower_user
        )


def test_documents_under_review_cannot_change(world):
    congress, lower_user = world["congress"], world["users"]["lower-organizer"]
    submit_for_approval(congress, actor=lower_user)
    with pytest.raises(congress_dossier.DossierError) as err:
        congress_dossier.set_numbers(congress, {"approval_submission": (12, _today())}, actor=lower_user)
    assert err.value.code == "approval_under_review"
    assert world["superior"].name in str(err.value)
    # A number of a document outside the dossier still can.
    congress_dossier.set_numbers(congress, {"programme": (3, None)}, actor=lower_user)
