"""The approval dossier in one download (the other documents are on the congress's dossier page)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from daihoi.accounts.permissions import require_permission
from daihoi.congresses.views import get_congress
from daihoi.documents.exporters import file_response
from daihoi.dossier_docs.results import approval_dossier
from daihoi.elections.disclosure import may_see_document


@require_permission("congress.view")
@require_safe
def approval_dossier_zip(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """Hồ sơ đề nghị chuẩn y: the submission, the minutes of the congress and of each count, the summary
    profiles and the announcement, each as Word and PDF, in one zip."""
    congress = get_congress(request, pk)
    if not may_see_document(request.user, congress, "approval_submission"):
        raise PermissionDenied  # it holds the counts: not before they are announced (docs/security.md)
    return file_response(
        f"ho-so-de-nghi-chuan-y-dh-{congress.number}.zip", "application/zip", approval_dossier(congress)
    )
