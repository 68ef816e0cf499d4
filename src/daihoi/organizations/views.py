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

from daihoi.accounts.permissions import (
    Scope,
    has_permission,
    province_import_scope,
    require_permission,
    scope_for,
)
from daihoi.organizations import services
from daihoi.organizations.errors import RollError, RollImportRefused, RollWarning
from daihoi.organizations.forms import DeactivateForm, ImportForm, MemberForm, OrganizationForm
from daihoi.organizations.models import Member, MemberStatus, Organization, OrganizationKind
from daihoi.organizations.roll_export import export_filename, export_roll, roll_template
from daihoi.organizations.roll_import import import_roll_upload
from daihoi.organizations.tree import build_tree

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100


def _org(request: HttpRequest) -> Organization:
    return request.organization  # type: ignore[attr-defined]


def _scope(request: HttpRequest, permission: str) -> Scope:
    """The part of the roll the user reaches from this URL with `permission` (a branch role: its branch)."""
    return scope_for(request.user, _org(request), permission)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    org = _org(request)
    owner = org.roll_owner
    user = request.user
    manage = _scope(request, "members.manage")
    return {
        "organization": org,
        "owner": owner,
        "can_manage_members": not manage.empty,
        "can_import_roll": manage.whole,
        "can_view_members": not _scope(request, "members.view").empty,
        "can_manage_org": has_permission(user, org, "organization.manage"),
        **extra,
    }


def _flash_warnings(request: HttpRequest, warnings: list[RollWarning]) -> None:
    for warning in warnings:
        messages.warning(request, warning.message)


def _member(request: HttpRequest, member_id: int) -> Member:
    """A member of the roll the user may change from this URL: a branch organizer reaches their branch's
    members only (any other id answers 404, as an unknown one does)."""
    scope = _scope(request, "members.manage")
    return get_object_or_404(scope.members(Member.objects.filter(organization=scope.owner)), pk=member_id)


def _member_form(request: HttpRequest, **kwargs: Any) -> MemberForm:
    """The member form, its branches limited to those the user may change."""
    scope = _scope(request, "members.manage")
    form = MemberForm(request.POST or None, organization=scope.owner, **kwargs)
    field = form.fields.get("branch")
    if field is not None:
        field.queryset = scope.organizations(field.queryset)  # type: ignore[attr-defined]
        field.required = field.required or not scope.whole
    return form


# ----------------------------------------------------------------------------------------------------
# Organizations


@require_permission("organization.view")
@require_safe
def organization_detail(request: HttpRequest, org_code: str) -> HttpResponse:
    org = _org(request)
    rows, total = services.branch_overview(org)
    scope = _scope(request, "organization.view")
    if org.is_branch or not scope.whole:
        within = scope.organization_ids if not scope.whole else {org.pk}
        rows = [r for r in rows if r.branch is not None and r.branch.pk in (within or ())]
        total = services.OverviewRow(None)
        for row in rows:
            for name in ("official", "probationary", "male", "female"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
    warnings = services.organization_warnings(org.roll_owner) if scope.whole else []
    children = Organization.objects.filter(parent=org).order_by("name")
    show_tree = has_permission(request.user, org, "members.view") and (
        org.is_superior_committee
        or children.exclude(kind__in=[OrganizationKind.BRANCH, OrganizationKind.PARTIAL_COMMITTEE]).exists()
    )
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
            show_tree=show_tree,
            subtree=build_tree(org) if org.is_superior_committee else None,
            can_create_below=_may_create_below(request.user, org),
        ),
    )


def _parent_choices(
    user: Any, current: Organization | None = None, exclude: Organization | None = None
) -> Any:
    """The superior committees `user` may put an organization under: every one for a system
    administrator, else those the user organizes (plus the organization's current parent, kept)."""
    qs = Organization.objects.filter(
        kind__in=[OrganizationKind.PROVINCE_COMMITTEE, OrganizationKind.UPPER_COMMITTEE], is_active=True
    )
    if not user.is_superuser:
        ids = set(province_import_scope(user) or ())
        if current is not None:
            ids.add(current.pk)
        qs = qs.filter(pk__in=ids)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("name")


def _may_create_below(user: Any, org: Organization) -> bool:
    scope = province_import_scope(user)
    return org.is_superior_committee and (scope is None or org.pk in scope)


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    """A new organization: a system administrator anywhere, the organizer of a committee above the
    grassroots below that committee only (the parent chosen among those they organize, checked)."""
    scope = province_import_scope(request.user)
    if scope is not None and not scope:
        raise PermissionDenied
    parents = _parent_choices(request.user)
    initial = {}
    if "parent" in request.GET:
        initial["parent"] = parents.filter(code=request.GET["parent"]).first()
    form = OrganizationForm(
        request.POST or None, parents=parents, parent_required=scope is not None, initial=initial
    )
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
    fields = ("name", "kind", "parent", "superior_body", "locality", "term_start_year", "term_end_year")
    form = OrganizationForm(
        request.POST or None,
        editing=org,
        parents=_parent_choices(request.user, current=org.parent, exclude=org),
        initial={f: getattr(org, f) for f in fields},
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if "parent" not in request.POST:  # a form without the field keeps the parent
            changes.pop("parent", None)
        try:
            warnings = services.update_organization(org, actor=request.user, **changes)
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
    scope = _scope(request, "members.view")
    owner = scope.owner
    branches = list(scope.organizations(services.branches_of(owner)))
    branch = next((b for b in branches if b.code == request.GET.get("branch")), None)
    if org.is_branch and "branch" not in request.GET:
        branch = org
    status = request.GET.get("status", "")
    status = status if status in MemberStatus.values else ""
    query = request.GET.get("q", "").strip()
    include_inactive = request.GET.get("inactive") == "1"
    members = scope.members(
        services.search_members(
            owner, query=query, branch=branch, status=status, include_inactive=include_inactive
        )
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
    form = _member_form(request, initial=initial)
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
            return redirect("organizations:member_list", org_code=org.code)
    return _member_form_page(request, form, None)


@require_permission("members.manage")
def member_edit(request: HttpRequest, org_code: str, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    initial = MemberForm.initial_from(services.member_input_from(member))
    form = _member_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member, warnings = services.update_member(member, form.to_input(), actor=request.user)
        except RollError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The changes to %(name)s were saved.") % {"name": member.full_name})
            _flash_warnings(request, warnings)
            return redirect("organizations:member_list", org_code=org_code)
    return _member_form_page(request, form, member)


@require_permission("members.manage")
def member_deactivate(request: HttpRequest, org_code: str, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deactivate_member(member, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s was taken off the active roll.") % {"name": member.full_name})
        return redirect("organizations:member_list", org_code=org_code)
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
    return redirect("organizations:member_edit", org_code=org_code, member_id=member.pk)


# ----------------------------------------------------------------------------------------------------
# Import and export


@require_permission("members.manage")
def roll_import_view(request: HttpRequest, org_code: str) -> HttpResponse:
    """Importing replaces rows across the whole roll: only for those who manage the whole of it."""
    scope = _scope(request, "members.manage")
    if not scope.whole:
        raise PermissionDenied(_("Only the organizer of the whole organization imports its roll."))
    owner = scope.owner
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
    """The roll in the import format; a branch role exports its branch's members only."""
    scope = _scope(request, "members.view")
    return _xlsx(export_roll(scope.owner, scope=scope), export_filename(_org(request)))


# ----------------------------------------------------------------------------------------------------
# The tree


@require_permission("members.view")
@require_safe
def organization_tree(request: HttpRequest, org_code: str) -> HttpResponse:
    """The subtree of the organization, nested and collapsible, with members counted at every node.
    A superior committee's staff read it (and what it links to) as observers."""
    root = build_tree(_org(request))
    return render(
        request,
        "organizations/tree.html",
        _context(request, nav="tree", root=root, can_import_province=_may_import_province(request)),
    )


def _may_import_province(request: HttpRequest) -> bool:
    scope = province_import_scope(request.user)
    return scope is None or _org(request).pk in scope
