"""The approval (chuẩn y) pages.

Lower side, on the congress: `/c/<org>/<pk>/approval/` (the state, the history of submissions, the
submit button and why it is refused) and the approval decision once approved. Superior side:
`/s/<org>/approvals/` (the inbox: awaiting first, then decided), the review of one submission (its
documents listed from the zip, the zip, the approve and return forms), the decision in Word and PDF.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.contrib import messages
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses.models import Congress
from daihoi.congresses.views import get_congress
from daihoi.core.procedure.approval import ApprovalAction, ApprovalStage, next_steps
from daihoi.dates import parse_date
from daihoi.documents.exporters import document_response, file_response
from daihoi.dossier_docs.approval_decision import approval_decision, decision_filename
from daihoi.dossier_docs.common import elected_rows
from daihoi.seasons.models import Submission, SubmissionStatus
from daihoi.seasons.services import approval as services

FORMATS = ("docx", "pdf")


def _step_rows(congress: Congress) -> list[tuple[Any, str]]:
    from daihoi.congresses.procedure import APPROVAL_ACTION_LABELS

    facts = services.approval_facts(congress)
    rows = []
    for action, refused in next_steps(facts):
        if action is not ApprovalAction.SUBMIT:
            continue  # approving and returning are the superior's, on its own pages
        why = services.ApprovalError.refused(refused).message if refused else ""
        rows.append((APPROVAL_ACTION_LABELS[action.value], why))
    return rows


# ------------------------------------------------------------------------------------------- lower


@require_permission("approval.view")
@require_safe
def congress_approval(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    submissions = list(congress.submissions.select_related("submitted_by", "decided_by", "superior"))
    stage = ApprovalStage(submissions[0].status) if submissions else ApprovalStage.NOT_SUBMITTED
    steps = _step_rows(congress)
    return render(
        request,
        "seasons/approval.html",
        {
            "congress": congress,
            "superior": congress.organization.superior,
            "stage": stage,
            "stage_label": _stage_label(stage),
            "submissions": submissions,
            "approved": next((s for s in submissions if s.status == SubmissionStatus.APPROVED), None),
            "steps": steps,
            "can_submit": has_permission(request.user, congress.organization, "approval.submit")
            and bool(steps)
            and not steps[0][1],
        },
    )


@require_permission("approval.submit")
@require_POST
def congress_submit(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that the dossier is complete before submitting."))
        return redirect("approval:congress", org_code, congress.pk)
    try:
        submission = services.submit_for_approval(congress, actor=request.user)
    except services.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Submission no. %(number)s of the result dossier is sent to %(superior)s.")
            % {"number": submission.number, "superior": submission.superior.name},
        )
    return redirect("approval:congress", org_code, congress.pk)


@require_permission("approval.view")
@require_safe
def congress_decision(request: HttpRequest, org_code: str, pk: int, fmt: str) -> HttpResponse:
    """The approval decision of the congress's approved submission, for the lower organization."""
    congress = get_congress(request, pk)
    submission = services.approved_submission(congress)
    if submission is None or fmt not in FORMATS:
        raise Http404
    return document_response(approval_decision(submission), fmt, decision_filename(submission))


# ------------------------------------------------------------------------------------------- superior


def _stage_label(stage: ApprovalStage) -> str:
    from daihoi.congresses.procedure import APPROVAL_STAGE_LABELS

    return str(APPROVAL_STAGE_LABELS[stage.value])


def _inbox(organization: Any, status: str, query: str) -> QuerySet[Submission]:
    rows = Submission.objects.filter(superior=organization).select_related(
        "congress__organization", "submitted_by", "decided_by"
    )
    if status in SubmissionStatus.values:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(
            Q(congress__organization__name__icontains=query)
            | Q(congress__organization__code__icontains=query)
        )
    awaiting_first = Case(
        When(status=SubmissionStatus.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.order_by(awaiting_first, "-submitted_at", "-pk")


@require_permission("approval.view")
@require_safe
def inbox(request: HttpRequest, org_code: str) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    rows = list(_inbox(organization, status, query)[:500])
    counts = {
        s: Submission.objects.filter(superior=organization, status=s).count() for s in SubmissionStatus.values
    }
    return render(
        request,
        "seasons/approval_inbox.html",
        {
            "organization": organization,
            "rows": rows,
            "status": status,
            "query": query,
            "statuses": [(value, label, counts[value]) for value, label in SubmissionStatus.choices],
        },
    )


def _submission(request: HttpRequest, submission_pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("congress__organization", "superior", "submitted_by", "decided_by"),
        pk=submission_pk,
        superior=request.organization,  # type: ignore[attr-defined]
    )


def _dossier_files(submission: Submission) -> list[tuple[str, int]]:
    with zipfile.ZipFile(io.BytesIO(bytes(submission.dossier))) as archive:
        return [(info.filename, info.file_size) for info in archive.infolist()]


@require_permission("approval.view")
@require_safe
def review(request: HttpRequest, org_code: str, submission_pk: int) -> HttpResponse:
    submission = _submission(request, submission_pk)
    congress = submission.congress
    bodies = []
    for election in services.elections_needing_approval(congress) or congress.elections.exclude(
        kind="delegates"
    ).order_by("pk"):
        elected, _alternates = elected_rows(election)
        bodies.append((election.title, [r["name"] for r in elected]))
    return render(
        request,
        "seasons/approval_review.html",
        {
            "organization": request.organization,  # type: ignore[attr-defined]
            "submission": submission,
            "congress": congress,
            "files": _dossier_files(submission),
            "bodies": bodies,
            "history": congress.submissions.exclude(pk=submission.pk).select_related("decided_by"),
            "can_decide": has_permission(request.user, request.organization, "approval.decide")  # type: ignore[attr-defined]
            and submission.status == SubmissionStatus.SUBMITTED,
            "today": timezone.localdate(),
        },
    )


@require_permission("approval.decide")
@require_POST
def approve(request: HttpRequest, org_code: str, submission_pk: int) -> HttpResponse:
    submission = _submission(request, submission_pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm the decision before saving it."))
        return redirect("approval:review", org_code, submission.pk)
    raw_date = request.POST.get("decision_date", "")
    decision_date = parse_date(raw_date)
    if raw_date.strip() and decision_date is None:
        messages.error(
            request,
            _("“%(value)s” is not a date (field “%(field)s”); write it as dd/mm/yyyy.")
            % {"value": raw_date, "field": _("decision date")},
        )
        return redirect("approval:review", org_code, submission.pk)
    try:
        services.approve_submission(
            submission,
            decision_number=request.POST.get("decision_number", ""),
            decision_date=decision_date,
            actor=request.user,
        )
    except services.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The results are approved; the decision is ready to print."))
    return redirect("approval:review", org_code, submission.pk)


@require_permission("approval.decide")
@require_POST
def return_(request: HttpRequest, org_code: str, submission_pk: int) -> HttpResponse:
    submission = _submission(request, submission_pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm the decision before saving it."))
        return redirect("approval:review", org_code, submission.pk)
    try:
        services.return_submission(submission, reason=request.POST.get("reason", ""), actor=request.user)
    except services.ApprovalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The dossier is returned to %(lower)s.") % {"lower": submission.congress.organization.name},
        )
    return redirect("approval:review", org_code, submission.pk)


@require_permission("approval.view")
@require_safe
def dossier(request: HttpRequest, org_code: str, submission_pk: int) -> HttpResponse:
    submission = _submission(request, submission_pk)
    name = f"ho-so-de-nghi-chuan-y-{submission.congress.organization.code}-lan-{submission.number}.zip"
    return file_response(name, "application/zip", bytes(submission.dossier))


@require_permission("approval.view")
@require_safe
def decision(request: HttpRequest, org_code: str, submission_pk: int, fmt: str) -> HttpResponse:
    submission = _submission(request, submission_pk)
    if submission.status != SubmissionStatus.APPROVED or fmt not in FORMATS:
        raise Http404
    return document_response(approval_decision(submission), fmt, decision_filename(submission))
