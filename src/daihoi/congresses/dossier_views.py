"""The congress dossier page (hồ sơ đại hội): every document with its number, date and downloads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses import dossier, services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import BallotForm, CongressDirective, ElectionRegulation
from daihoi.congresses.views import ballot_form_help, get_congress
from daihoi.documents.exporters import CONTENT_TYPES, DOCUMENT_FORMATS, file_response, render_document
from daihoi.elections.disclosure import may_see_document
from daihoi.inputs import parse_int

MAX_DOCUMENT_NUMBER = 99_999  # a congress's series never reaches it; keeps the number in its column


@require_permission("congress.view")
@require_safe
def dossier_page(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    return _page(request, congress, {})


def _page(request: HttpRequest, congress: Any, errors: dict[str, str], status: int = 200) -> HttpResponse:
    # A document stating a count not yet announced is not listed to those who may not read it.
    rows = [
        row
        for row in dossier.dossier_rows(congress)
        if may_see_document(request.user, congress, row.entry.key, row.part.obj)
    ]
    return render(
        request,
        "congresses/dossier.html",
        {
            "congress": congress,
            "rows": rows,
            "errors": errors,
            "formats": DOCUMENT_FORMATS,
            "regulations": ElectionRegulation.choices,
            "directives": CongressDirective.choices,
            "ballot_forms": BallotForm.choices,
            "ballot_form_help": ballot_form_help(),
            "ballot_form_lock": services.ballot_form_lock(congress),
            "can_manage": has_permission(request.user, congress.organization, "congress.manage")
            and not congress.is_archived,
        },
        status=status,
    )


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(text)


@require_POST
@require_permission("congress.manage")
def dossier_numbers(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """One form for every number and date of the dossier; all or nothing."""
    congress = get_congress(request, pk)
    rows = {row.key: row for row in dossier.dossier_rows(congress)}
    values: dict[str, tuple[int | None, dt.date | None]] = {}
    errors: dict[str, str] = {}
    for key, row in rows.items():
        if not row.entry.type_code:
            continue
        raw_number = request.POST.get(f"number-{key}", "").strip()
        raw_date = request.POST.get(f"date-{key}", "")
        title = dossier._row_title(rows, key)
        number: int | None = None
        if raw_number:
            # ASCII digits only: "²" or "٣" pass str.isdigit() but are no number a clerk typed.
            parsed = parse_int(raw_number)
            if parsed is None or not 1 <= parsed <= MAX_DOCUMENT_NUMBER:
                errors[key] = _("“%(title)s”: the number “%(value)s” is not a whole number of 1 or more.") % {
                    "title": title,
                    "value": raw_number,
                }
                continue
            number = parsed
        try:
            date = _parse_date(raw_date)
        except ValueError:
            errors[key] = _("“%(title)s”: the date “%(value)s” is not a date (dd/mm/yyyy).") % {
                "title": title,
                "value": raw_date,
            }
            continue
        values[key] = (number, date)
    if not errors:
        try:
            with transaction.atomic():
                dossier.set_numbers(congress, values, actor=request.user)
                if "election_regulation" in request.POST or "congress_directive" in request.POST:
                    dossier.set_citations(
                        congress,
                        election_regulation=request.POST.get("election_regulation", ""),
                        congress_directive=request.POST.get("congress_directive", ""),
                        actor=request.user,
                    )
                if "ballot_form" in request.POST:
                    services.set_ballot_form(congress, request.POST["ballot_form"], actor=request.user)
        except dossier.DossierError as error:
            errors[error.params.get("key", "")] = str(error)
        except CongressError as error:
            errors["ballot_form"] = error.message
    if errors:
        for message in errors.values():
            messages.error(request, message)
        return _page(request, congress, errors, status=400)
    messages.success(request, _("The numbers and dates were saved."))
    return redirect("congresses:dossier", org_code=congress.organization.code, pk=congress.pk)


@require_permission("congress.view")
@require_safe
def dossier_file(request: HttpRequest, org_code: str, pk: int, key: str, fmt: str) -> HttpResponse:
    """One document of the dossier as Word or PDF; every download is audited."""
    congress = get_congress(request, pk)
    if fmt not in DOCUMENT_FORMATS:
        raise Http404(fmt)
    try:
        entry, part = dossier.find_part(congress, key)
    except (KeyError, LookupError):
        raise Http404(key) from None
    if not may_see_document(request.user, congress, entry.key, part.obj):
        raise PermissionDenied
    try:
        content = render_document(entry.build(congress, part), fmt)
    except LookupError:
        raise Http404(key) from None
    dossier.log_download(congress, key, fmt, actor=request.user)
    return file_response(f"{entry.file_stem(part)}.{fmt}", CONTENT_TYPES[fmt], content)
