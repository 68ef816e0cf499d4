"""Printouts and documents: delegate cards, the credentials report, congress documents and comments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses import services
from daihoi.congresses.cards import render_cards
from daihoi.congresses.errors import CongressError
from daihoi.congresses.exports import CommentsExport, CredentialsReport
from daihoi.congresses.models import Congress, CongressDocument, Delegate, DocumentKind
from daihoi.congresses.views import congress_url, get_congress
from daihoi.documents.exporters import file_response
from daihoi.upload_limits import size_text


@require_permission("congress.view")
@require_safe
def cards_pdf(request: HttpRequest, org_code: str, pk: int, delegate_id: int | None = None) -> HttpResponse:
    congress = get_congress(request, pk)
    delegates = congress.delegates.filter(convened=True).select_related("branch").order_by("number")
    if delegate_id is not None:
        delegates = delegates.filter(pk=delegate_id)
        if not delegates:
            raise Http404
    name = f"the-dai-bieu-{congress.number}" + (f"-{delegates[0].number}" if delegate_id else "")
    return file_response(
        f"{name}.pdf", "application/pdf", render_cards(congress, list(delegates)), inline=True
    )


@require_permission("congress.view")
@require_safe
def credentials_report(request: HttpRequest, org_code: str, pk: int, fmt: str) -> HttpResponse:
    congress = get_congress(request, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    return CredentialsReport(congress).response(fmt)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File (PDF or Word)"))
    sections = forms.CharField(
        label=_("Sections (one per line)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    accepts_comments = forms.BooleanField(label=_("Open for comments"), required=False)

    def clean_file(self) -> Any:
        """A document over settings.DAIHOI_DOCUMENT_MAX_BYTES is refused, naming its size and the limit."""
        upload = self.cleaned_data["file"]
        limit = int(settings.DAIHOI_DOCUMENT_MAX_BYTES)
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; a document may be at most %(limit)s.")
                % {"size": size_text(upload.size), "limit": size_text(limit)},
                code="file_too_large",
            )
        return upload


def _reader(request: HttpRequest, congress: Congress) -> tuple[bool, Delegate | None]:
    """(is_staff, the user's delegate in this congress). Delegates read only after checking in."""
    staff = has_permission(request.user, congress.organization, "congress.view")
    delegate = congress.delegates.filter(user=request.user).first() if request.user.is_authenticated else None
    if not staff and (delegate is None or not delegate.present):
        raise CongressError("not_checked_in")
    return staff, delegate


def _locked(request: HttpRequest, congress: Congress, exc: CongressError) -> HttpResponse:
    """A delegate who has not checked in sees why the documents are closed to them."""
    return render(
        request,
        "congresses/documents_locked.html",
        {"congress": congress, "message": exc.message},
        status=403,
    )


@require_permission("congress.documents")
@require_safe
def documents(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    return _documents_page(request, congress, UploadForm())


@require_permission("congress.manage")
@require_POST
def document_upload(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """The documents page's upload form: uploaded, or the page again with the form's errors."""
    congress = get_congress(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_document(congress, actor=request.user, **form.cleaned_data)
        except CongressError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect(congress_url(congress, "documents"))
    return _documents_page(request, congress, form)


def _documents_page(request: HttpRequest, congress: Congress, form: UploadForm) -> HttpResponse:
    try:
        staff, delegate = _reader(request, congress)
    except CongressError as exc:
        return _locked(request, congress, exc)
    return render(
        request,
        "congresses/documents.html",
        {
            "congress": congress,
            "documents": congress.documents.all(),
            "form": form,
            "can_manage": has_permission(request.user, congress.organization, "congress.manage"),
            "staff": staff,
            "delegate": delegate,
        },
    )


def _document(request: HttpRequest, congress: Congress, doc_id: int) -> CongressDocument:
    return get_object_or_404(CongressDocument, pk=doc_id, congress=congress)


@require_permission("congress.documents")
@require_safe
def document_detail(request: HttpRequest, org_code: str, pk: int, doc_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    try:
        staff, delegate = _reader(request, congress)
    except CongressError as exc:
        return _locked(request, congress, exc)
    document = _document(request, congress, doc_id)
    comments = document.comments.select_related("delegate")
    if not staff:
        comments = comments.filter(delegate=delegate)
    return render(
        request,
        "congresses/document.html",
        {
            "congress": congress,
            "document": document,
            "comments": comments,
            "delegate": delegate,
            "staff": staff,
        },
    )


@require_permission("congress.comment")
@require_POST
def document_comment(request: HttpRequest, org_code: str, pk: int, doc_id: int) -> HttpResponse:
    """A delegate's written comment on a draft: only the congress's own delegates, once checked in."""
    congress = get_congress(request, pk)
    try:
        _staff, delegate = _reader(request, congress)
    except CongressError as exc:
        return _locked(request, congress, exc)
    if delegate is None:
        raise PermissionDenied
    document = _document(request, congress, doc_id)
    try:
        services.add_comment(
            document,
            delegate=delegate,
            section=request.POST.get("section", ""),
            text=request.POST.get("text", ""),
            actor=request.user,
        )
        messages.success(request, _("Thank you: your comment is recorded."))
    except CongressError as exc:
        messages.error(request, exc.message)
    return redirect(congress_url(congress, "document", doc_id=document.pk))


@require_permission("congress.documents")
@require_safe
def document_file(request: HttpRequest, org_code: str, pk: int, doc_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    try:
        _reader(request, congress)
    except CongressError as exc:
        raise PermissionDenied(exc.message) from None
    document = _document(request, congress, doc_id)
    name = (document.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(  # type: ignore[return-value]  # a streaming response; the decorator passes it on
        document.file.open("rb"), filename=name, as_attachment=not name.lower().endswith(".pdf")
    )


@require_permission("congress.view")
@require_safe
def comments_export(request: HttpRequest, org_code: str, pk: int, doc_id: int, fmt: str) -> HttpResponse:
    congress = get_congress(request, pk)
    document = _document(request, congress, doc_id)
    if fmt not in CommentsExport.formats:
        raise Http404
    return CommentsExport(document).response(fmt)
