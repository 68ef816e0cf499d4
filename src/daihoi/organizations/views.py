"""Pages of the roll: thin views over services.py; every view whose URL has org_code checks a permission."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.organizations import services
from daihoi.organizations.errors import RollError, RollImportRefused, RollWarning
from daihoi.organizations.forms import DeactivateForm, ImportForm, MemberForm, OrganizationForm
from daihoi.organizations.models import Member, MemberStatus, Organization
from daihoi.organizations.roll_export import export_filename, export_roll, roll_template
from daihoi.organizations.roll_import import import_roll_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100


def _org(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    org = _org(request)
    owner = org.roll_owner
    user = request.user
    return {
        "organization": org,
        "owner": owner,
        "can_manage_members": has_permission(user, owner, "members.manage"),
        "can_view_members": has_permission(user, owner, "members.view"),
        "can_manage_org": has_permission(user, org, "organization.manage"),
        **extra,
    }


def _flash_warnings(request: HttpRequest, warnings: list[RollWarning]) -> None:
    for warning in warnings:
        messages.warning(request, warning.message)


def _member(request: HttpRequest, member_id: int) -> Member:
    return get_object_or_404(Member, pk=member_id, organization=_org(request).roll_owner)


# ----------------------------------------------------------------------------------------------------
# Organizations


@require_permission("organization.view")
@require_safe
def organization_detail(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    rows, total = services.branch_overview(org)
    if org.is_branch:
        rows = [r for r in rows if r.branch == org]
    warnings = services.organization_warnings(org.roll_owner)
    children = Organization.objects.filter(parent=org).order_by("name")
    return render(
        request,
        "organizations/detail.html",
        _context(
            request,
            nav="overview",
            rows=rows,
            total=total,
            warnings=warnings,
            children=children,
        ),
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    """A new grassroots organization: only a system administrator sets up organizations."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org, warnings = services.create_organization(actor=request.user, **form.cleaned_data)
        except RollError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The organization «%(name)s» was created.") % {"name": org.name})
            _flash_warnings(request, warnings)
            return redirect("organizations:detail", org_code=org.code)
    return render(request, "organizations/organization_form.html", {"form": form, "creating": True})


@require_permission("organization.manage")
def branch_create(request: HttpRequest, org_code: str) -> HttpResponse:
    parent = _org(request)
    form = OrganizationForm(request.POST or None, parent=parent, initial={"code": f"{parent.code}-"})
    if request.method == "POST" and form.is_valid():
        try:
            branch, warnings = services.create_organization(
                actor=request.user, parent=parent, **form.cleaned_data
            )
        except RollError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("«%(name)s» was created.") % {"name": branch.name})
            _flash_warnings(request, warnings)
            return redirect("organizations:detail", org_code=parent.code)
    return render(
        request, "organizations/organization_form.html", _context(request, form=form, parent=parent)
    )


@require_permission("organization.manage")
def organization_edit(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    fields = ("name", "kind", "superior_body", "locality", "term_start_year", "term_end_year")
    form = OrganizationForm(request.POST or None, editing=org, initial={f: getattr(org, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.update_organization(org, actor=request.user, **form.cleaned_data)
        except RollError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The changes were saved."))
            _flash_warnings(request, warnings)
            return redirect("organizations:detail", org_code=org.code)
    return render(request, "organizations/organization_form.html", _context(request, form=form, editing=True))


@require_POST
@require_permission("organization.manage")
def organization_deactivate(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    try:
        if org.is_active:
            services.deactivate_organization(org, actor=request.user)
            messages.success(request, _("«%(name)s» was deactivated.") % {"name": org.name})
        else:
            services.reactivate_organization(org, actor=request.user)
            messages.success(request, _("«%(name)s» is active again.") % {"name": org.name})
    except RollError as error:
        messages.error(request, error.message)
    target = org.parent if org.parent is not None else org
    return redirect("organizations:detail", org_code=target.code)


# ----------------------------------------------------------------------------------------------------
# Members


@require_permission("members.view")
@require_safe
def member_list(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    owner = org.roll_owner
    branches = list(services.branches_of(owner))
    branch = next((b for b in branches if b.code == request.GET.get("branch")), None)
    if org.is_branch and "branch" not in request.GET:
        branch = org
    status = request.GET.get("status", "")
    status = status if status in MemberStatus.values else ""
    query = request.GET.get("q", "").strip()
    include_inactive = request.GET.get("inactive") == "1"
    members = services.search_members(
        owner, query=query, branch=branch, status=status, include_inactive=include_inactive
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _context(
        request,
        nav="members",
        page=page,
        branches=branches,
        branch=branch,
        status=status,
        query=query,
        include_inactive=include_inactive,
        statuses=MemberStatus.choices,
    )
    template = "organizations/_member_table.html" if request.htmx else "organizations/member_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _member_form_page(request: HttpRequest, form: MemberForm, member: Member | None) -> HttpResponse:
    return render(
        request, "organizations/member_form.html", _context(request, nav="members", form=form, member=member)
    )


@require_permission("members.manage")
def member_create(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    initial = {"branch": org} if org.is_branch else {}
    form = MemberForm(request.POST or None, organization=org.roll_owner, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member, warnings = services.create_member(org.roll_owner, form.to_input(), actor=request.user)
        except RollError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(name)s was added to the roll.") % {"name": member.full_name})
            _flash_warnings(request, warnings)
            if "another" in request.POST:
                return redirect("organizations:member_create", org_code=org.code)
            return redirect("organizations:member_list", org_code=org.roll_owner.code)
    return _member_form_page(request, form, None)


@require_permission("members.manage")
def member_edit(request: HttpRequest, org_code: str, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    initial = MemberForm.initial_from(services.member_input_from(member))
    form = MemberForm(request.POST or None, organization=member.organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member, warnings = services.update_member(member, form.to_input(), actor=request.user)
        except RollError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The changes to %(name)s were saved.") % {"name": member.full_name})
            _flash_warnings(request, warnings)
            return redirect("organizations:member_list", org_code=member.organization.code)
    return _member_form_page(request, form, member)


@require_permission("members.manage")
def member_deactivate(request: HttpRequest, org_code: str, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deactivate_member(member, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s was taken off the active roll.") % {"name": member.full_name})
        return redirect("organizations:member_list", org_code=member.organization.code)
    return render(
        request,
        "organizations/member_deactivate.html",
        _context(request, nav="members", form=form, member=member),
    )


@require_POST
@require_permission("members.manage")
def member_reactivate(request: HttpRequest, org_code: str, member_id: int) -> HttpResponse:
    member = services.reactivate_member(_member(request, member_id), actor=request.user)
    messages.success(request, _("%(name)s is on the active roll again.") % {"name": member.full_name})
    return redirect("organizations:member_edit", org_code=member.organization.code, member_id=member.pk)


# ----------------------------------------------------------------------------------------------------
# Import and export


@require_permission("members.manage")
def roll_import_view(request: HttpRequest, org_code: str) -> HttpResponse:
    owner = _org(request).roll_owner
    form = ImportForm(request.POST or None, request.FILES or None)
    result = refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_roll_upload(owner, upload, actor=request.user)
        except RollImportRefused as error:
            refused = error
    status = 422 if refused else 200
    return render(
        request,
        "organizations/roll_import.html",
        _context(
            request,
            nav="import",
            form=form,
            result=result,
            refused=refused,
            filename=getattr(
                form.cleaned_data.get("file") if form.is_bound and form.is_valid() else None, "name", ""
            ),
        ),
        status=status,
    )


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_permission("members.view")
@require_safe
def roll_template_download(request: HttpRequest, org_code: str) -> HttpResponse:
    return _xlsx(roll_template(), "mau-danh-sach-dang-vien.xlsx")


@require_permission("members.view")
@require_safe
def roll_export_download(request: HttpRequest, org_code: str) -> HttpResponse:
    owner = _org(request).roll_owner
    return _xlsx(export_roll(owner), export_filename(owner))
