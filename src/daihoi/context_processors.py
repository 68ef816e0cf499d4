from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from daihoi.organizations.models import Organization

# The sections of an organization's work, in the order an office follows them, with the permission
# that shows each one. Every page under an organization shows this bar, so no capability is hidden.
SECTIONS = [
    ("organizations:detail", "organization.view", _("Overview")),
    ("organizations:member_list", "members.view", _("Members")),
    ("congresses:list", "congress.view", _("Congresses")),
    ("targets:dashboard", "targets.view", _("Targets")),
    ("seasons:list", "season.view", _("Congress seasons")),
    ("accounts:users", "users.manage", _("Users and roles")),
    ("audit:log", "audit.view", _("Audit log")),
]


def organization_sections(user: Any, organization: Organization) -> list[dict[str, object]]:
    """The sections of `organization` that `user` may open: [{url, label, namespace}]."""
    from daihoi.accounts.permissions import has_permission

    sections: list[dict[str, object]] = [
        {
            "url": reverse(name, kwargs={"org_code": organization.code}),
            "label": label,
            "namespace": name.split(":")[0],
        }
        for name, permission, label in SECTIONS
        if (name != "seasons:list" or organization.is_superior_committee)
        and has_permission(user, organization, permission)
    ]
    # A superior committee's inbox of result dossiers submitted for its approval (chuẩn y).
    if organization.is_superior_committee and has_permission(user, organization, "approval.view"):
        url = reverse("approval:inbox", kwargs={"org_code": organization.code})
        sections.append({"url": url, "label": _("Approvals"), "namespace": "approval"})
    return sections


def navigation(request: HttpRequest) -> dict[str, object]:
    """The organization bar for pages whose URL names an organization (`org_code`)."""
    match = request.resolver_match
    org_code = match.kwargs.get("org_code") if match else None
    if not org_code or not request.user.is_authenticated:
        return {"current_path": request.path}
    from daihoi.organizations.models import Organization

    organization = Organization.objects.filter(code=org_code).first()
    if organization is None:
        return {"current_path": request.path}
    sections = organization_sections(request.user, organization)
    namespace = match.namespace if match else ""
    for section in sections:
        section["current"] = section["namespace"] == namespace or (
            namespace == "elections" and section["namespace"] == "congresses"
        )
    return {"current_path": request.path, "section_organization": organization, "sections": sections}
