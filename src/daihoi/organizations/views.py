from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.accounts.permissions import require_permission


@require_permission("organization.view")
def organization_detail(request: HttpRequest, org_code: str) -> HttpResponse:
    return render(request, "organizations/detail.html", {"organization": request.organization})  # type: ignore[attr-defined]
