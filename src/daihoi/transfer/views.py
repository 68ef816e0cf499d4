"""The export page of a closed congress and the organization's package page (import, trusted keys)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission, subtree_ids
from daihoi.congresses.models import CongressStatus
from daihoi.congresses.views import get_congress
from daihoi.documents.exporters import file_response
from daihoi.organizations.models import Organization
from daihoi.transfer import keys
from daihoi.transfer.errors import PackageError
from daihoi.transfer.importer import import_package, max_bytes, trust_key
from daihoi.transfer.models import ImportedPackage, TrustedKey
from daihoi.transfer.package import NotClosed, export_package
from daihoi.upload_limits import size_text


class UploadForm(forms.Form):
    package = forms.FileField(label=gettext_lazy("Package file (.zip)"))


class TrustForm(forms.Form):
    organization = forms.ChoiceField(label=gettext_lazy("Organization"))
    key = forms.CharField(
        label=gettext_lazy("The laptop's public key or key fingerprint"),
        max_length=200,
        help_text=gettext_lazy("As the laptop's export page or `daihoi package key` shows it."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = choices  # type: ignore[attr-defined]


def _this_key() -> dict[str, str]:
    public = keys.public_key_hex()
    return {"public_key": public, "fingerprint": keys.fingerprint(public)}


@require_permission("congress.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def export_view(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """GET: this installation's key and the button; POST: the signed package of the closed congress."""
    congress = get_congress(request, pk)
    error = ""
    if request.method == "POST":
        try:
            exported = export_package(congress, actor=request.user)
        except NotClosed:
            error = _("Only a closed congress can be exported: close the congress first.")
        else:
            return file_response(exported.filename, "application/zip", exported.data)
    return render(
        request,
        "transfer/export.html",
        {
            "congress": congress,
            "key": _this_key(),
            "closed": congress.status == CongressStatus.CLOSED,
            "error": error,
        },
        status=409 if error else 200,
    )


def _trust_choices(request: HttpRequest, organization: Organization) -> list[tuple[str, str]]:
    """Organizations whose laptop keys this user may trust here: those below (the superior's organizer),
    the organization itself too for a superuser."""
    ids = subtree_ids(organization)
    if not request.user.is_superuser:
        ids.discard(organization.pk)
    return [
        (o.code, f"{o.name} ({o.code})") for o in Organization.objects.filter(pk__in=ids).order_by("code")
    ]


def _packages_page(
    request: HttpRequest,
    *,
    upload: UploadForm | None = None,
    trust: TrustForm | None = None,
    result: Any = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    organization: Organization = request.organization  # type: ignore[attr-defined]
    ids = subtree_ids(organization)
    choices = _trust_choices(request, organization)
    return render(
        request,
        "transfer/packages.html",
        {
            "organization": organization,
            "can_import": has_permission(request.user, organization, "congress.manage"),
            "packages": ImportedPackage.objects.filter(organization_id__in=ids).select_related(
                "congress", "organization", "imported_by"
            ),
            "trusted": TrustedKey.objects.filter(organization_id__in=ids).select_related(
                "organization", "added_by"
            ),
            "upload": upload or UploadForm(),
            "trust": trust or TrustForm(choices=choices),
            "can_trust": bool(choices),
            "key": _this_key(),
            "max_size": size_text(max_bytes()),
            "result": result,
            "refusal": refusal,
        },
        status=status,
    )


@require_permission("congress.view")
@require_safe
def packages_view(request: HttpRequest, org_code: str) -> HttpResponse:
    return _packages_page(request)


@require_permission("congress.manage")
@require_POST
def import_view(request: HttpRequest, org_code: str) -> HttpResponse:
    """Import a package for this organization or one below it."""
    organization: Organization = request.organization  # type: ignore[attr-defined]
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _packages_page(request, upload=form, status=400)
    upload = form.cleaned_data["package"]
    if upload.size > max_bytes():
        refusal = _("The package is %(size)s; at most %(limit)s can be imported.") % {
            "size": size_text(upload.size),
            "limit": size_text(max_bytes()),
        }
        return _packages_page(request, refusal=refusal, status=422)
    try:
        result = import_package(upload.read(), actor=request.user, within=organization)
    except PackageError as exc:
        return _packages_page(request, refusal=exc.message, status=422)
    return _packages_page(request, result=result)


@require_permission("congress.manage")
@require_POST
def trust_view(request: HttpRequest, org_code: str) -> HttpResponse:
    """Trust a laptop's key for an organization below (a superuser: this one too)."""
    organization: Organization = request.organization  # type: ignore[attr-defined]
    form = TrustForm(request.POST, choices=_trust_choices(request, organization))
    if not form.is_valid():
        return _packages_page(request, trust=form, status=400)
    target = Organization.objects.get(code=form.cleaned_data["organization"])
    try:
        trust_key(target, form.cleaned_data["key"], actor=request.user, note=form.cleaned_data["note"])
    except PackageError as exc:
        form.add_error("key", exc.message)
        return _packages_page(request, trust=form, status=400)
    return redirect("transfer:packages", org_code=organization.code)
