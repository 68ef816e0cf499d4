from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from daihoi.accounts.permissions import require_permission
from daihoi.audit.details import entry_details, resolve_names
from daihoi.audit.forms import AuditFilterForm
from daihoi.audit.labels import action_choices, action_label, object_label
from daihoi.audit.queries import actions_for, entries_for

PAGE_SIZE = 50


@require_permission("audit.view")
@require_GET
def audit_log(request: HttpRequest, org_code: str) -> HttpResponse:
    """The organization's audit log, newest first, filtered by action, user and date."""
    organization = request.organization  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = entries_for(organization, **{k: v for k, v in filters.items() if v})
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    names = resolve_names(page.object_list)
    rows = [
        (e, action_label(e.action), object_label(e.object_type), entry_details(e, names))
        for e in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "organization": organization,
            "form": form,
            "page": page,
            "rows": rows,
            "actions": action_choices(actions_for(organization)),
            "query": query.urlencode(),
        },
    )
