"""The organizer's user management and everyone's own password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts import services, throttle
from daihoi.accounts.forms import RoleForm, UserCreateForm
from daihoi.accounts.models import Role
from daihoi.accounts.permissions import require_permission


class DaihoiLoginView(LoginView):
    """Login; without a `next` page, a delegate (not congress staff) of a congress in session who may read
    its documents lands on them; everyone else on the home page."""

    def get_success_url(self) -> str:
        target = self.get_redirect_url()
        if target and target != reverse("home"):
            return target
        from daihoi.views import delegations_in_session

        readable = [
            d for d in delegations_in_session(self.request.user) if d["documents_url"] and not d["staff"]
        ]
        if readable:
            return str(readable[0]["documents_url"])
        return self.get_default_redirect_url()


def _users_url(org_code: str) -> str:
    return reverse("accounts:users", kwargs={"org_code": org_code})


def _user_url(org_code: str, user_id: int) -> str:
    return reverse("accounts:user", kwargs={"org_code": org_code, "user_id": user_id})


@require_permission("users.manage")
def user_list(request: HttpRequest, org_code: str) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    users = services.users_of(organization)
    locks = throttle.lock_states(u.get_username() for u, _roles in users)
    return render(
        request,
        "accounts/users.html",
        {
            "organization": organization,
            "users": users,
            "rows": [(u, roles, locks.get(u.get_username())) for u, roles in users],
        },
    )


@require_permission("users.manage")
def user_create(request: HttpRequest, org_code: str) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user,
                organization=organization,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password1"],
                roles=data["roles"],
            )
        except services.AccountError as exc:
            form.add_error("username" if exc.code == "username_taken" else None, str(exc))
        else:
            messages.success(request, _("User %(username)s created.") % {"username": user.get_username()})
            return redirect(_users_url(org_code))
    return render(request, "accounts/user_form.html", {"organization": organization, "form": form})


def _managed(request: HttpRequest, user_id: int) -> Any:
    user = services.managed_user(request.organization, user_id)  # type: ignore[attr-defined]
    if user is None:
        raise Http404
    return user


@require_permission("users.manage")
def user_detail(request: HttpRequest, org_code: str, user_id: int) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    user = _managed(request, user_id)
    held = set(user.roles.filter(organization=organization).values_list("role", flat=True))
    from daihoi.congresses.links import belongs_to, pending_for

    return render(
        request,
        "accounts/user_detail.html",
        {
            "organization": organization,
            "managed": user,
            "held": [r for r in Role if r.value in held],
            "grantable": [r for r in Role if r.value not in held],
            "lock": throttle.lock_states([user.get_username()]).get(user.get_username()),
            # Requests of other organizations to link this login: their organizer may answer them.
            "link_requests": list(pending_for(user)) if belongs_to(user, organization) else [],
        },
    )


def _apply(request: HttpRequest, org_code: str, user_id: int, action: str) -> HttpResponseRedirect:
    """Run one POSTed change on a managed user and come back to their page with the outcome."""
    organization = request.organization  # type: ignore[attr-defined]
    user = _managed(request, user_id)
    form = RoleForm(request.POST)
    try:
        if action in ("grant", "revoke"):
            if not form.is_valid():
                raise services.AccountError("invalid_role", _("Choose a role."))
            change = services.grant_role if action == "grant" else services.revoke_role
            change(actor=request.user, organization=organization, user=user, role=form.cleaned_data["role"])
        else:
            services.set_active(
                actor=request.user, organization=organization, user=user, active=action == "activate"
            )
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(_user_url(org_code, user_id))


@require_permission("users.manage")
@require_POST
def role_grant(request: HttpRequest, org_code: str, user_id: int) -> HttpResponse:
    return _apply(request, org_code, user_id, "grant")


@require_permission("users.manage")
@require_POST
def role_revoke(request: HttpRequest, org_code: str, user_id: int) -> HttpResponse:
    return _apply(request, org_code, user_id, "revoke")


@require_permission("users.manage")
@require_POST
def user_deactivate(request: HttpRequest, org_code: str, user_id: int) -> HttpResponse:
    return _apply(request, org_code, user_id, "deactivate")


@require_permission("users.manage")
@require_POST
def user_activate(request: HttpRequest, org_code: str, user_id: int) -> HttpResponse:
    return _apply(request, org_code, user_id, "activate")


@require_permission("users.manage")
@require_POST
def user_unlock(request: HttpRequest, org_code: str, user_id: int) -> HttpResponse:
    """Lift a login lockout of a user of this organization (too many wrong passwords)."""
    user = _managed(request, user_id)
    throttle.unlock_user(actor=request.user, user=user, organization=request.organization)  # type: ignore[attr-defined]
    messages.success(request, _("The login of %(username)s is unlocked.") % {"username": user.get_username()})
    if request.POST.get("back") == "user":
        return redirect(_user_url(org_code, user_id))
    return redirect(_users_url(org_code))


def _decide(request: HttpRequest, link: Any, accept: bool) -> None:
    from daihoi.congresses.errors import CongressError
    from daihoi.congresses.links import decide

    try:
        decide(link, accept=accept, actor=request.user)
    except CongressError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The link was made.") if accept else _("The request was declined."))


@login_required
@require_safe
def link_requests(request: HttpRequest) -> HttpResponse:
    """Requests of other organizations to link one's login to one of their delegates."""
    from daihoi.congresses.links import pending_for

    return render(request, "accounts/link_requests.html", {"requests": pending_for(request.user)})


def _own_request(request: HttpRequest, request_id: int) -> Any:
    from daihoi.congresses.links import pending_for

    link = pending_for(request.user).filter(pk=request_id).first()
    if link is None:
        raise Http404
    return link


@login_required
@require_POST
def link_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    _decide(request, _own_request(request, request_id), True)
    return redirect("accounts:link_requests")


@login_required
@require_POST
def link_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    _decide(request, _own_request(request, request_id), False)
    return redirect("accounts:link_requests")


def _managed_request(request: HttpRequest, user_id: int, request_id: int) -> Any:
    """A pending request for a login of this organization (its own, not one it only links as a guest)."""
    from daihoi.congresses.links import belongs_to, pending_for

    user = _managed(request, user_id)
    if not belongs_to(user, request.organization):  # type: ignore[attr-defined]
        raise Http404
    link = pending_for(user).filter(pk=request_id).first()
    if link is None:
        raise Http404
    return link


@require_permission("users.manage")
@require_POST
def user_link_accept(request: HttpRequest, org_code: str, user_id: int, request_id: int) -> HttpResponse:
    _decide(request, _managed_request(request, user_id, request_id), True)
    return redirect(_user_url(org_code, user_id))


@require_permission("users.manage")
@require_POST
def user_link_decline(request: HttpRequest, org_code: str, user_id: int, request_id: int) -> HttpResponse:
    _decide(request, _managed_request(request, user_id, request_id), False)
    return redirect(_user_url(org_code, user_id))


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # login_required: never anonymous here
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
