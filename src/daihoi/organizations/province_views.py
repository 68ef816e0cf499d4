"""The province import page (issue 14): upload a workbook, see what it holds, confirm; the passwords of
the new users are downloaded once. For system administrators, and for the organizers of a committee
above the grassroots (its tree below it only)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import province_import_scope
from daihoi.organizations.errors import RollImportRefused
from daihoi.organizations.forms import ProvinceImportForm
from daihoi.organizations.province_import import (
    apply_province,
    check_province,
    passwords_workbook,
    province_template,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "province_import"
PASSWORDS_KEY = "province_passwords"
PENDING_SECONDS = 24 * 3600  # an upload not confirmed within a day is dropped


def _scope(request: HttpRequest) -> frozenset[int] | None:
    scope = province_import_scope(request.user)
    if scope is not None and not scope:
        raise PermissionDenied
    return scope


def _pending_dir() -> Path:
    path = Path(settings.VAR_DIR) / "province-imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _pending_path(token: str) -> Path:
    if not token.isalnum():
        raise Http404
    return _pending_dir() / f"{token}.upload"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _forget_pending(request: HttpRequest) -> None:
    """Drop this session's file waiting for confirmation, and any left unconfirmed for a day."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        _pending_path(pending["token"]).unlink(missing_ok=True)
    stale = time.time() - PENDING_SECONDS
    for path in _pending_dir().glob("*.upload"):
        if path.stat().st_mtime < stale:
            path.unlink(missing_ok=True)


@login_required
def province_import(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST with a file: check it and show the counts (nothing written yet)."""
    scope = _scope(request)
    form = ProvinceImportForm(request.POST or None, request.FILES or None)
    plan = refused = None
    token = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plan = check_province(data, upload.name, within=set(scope) if scope is not None else None)
        except RollImportRefused as error:
            refused = error
        else:
            _forget_pending(request)
            token = secrets.token_hex(16)
            _pending_path(token).write_bytes(data)
            request.session[SESSION_KEY] = {
                "token": token,
                "name": upload.name,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    return render(
        request,
        "organizations/province_import.html",
        {"form": form, "plan": plan, "refused": refused, "token": token},
        status=422 if refused else 200,
    )


@require_POST
@login_required
def province_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file checked on the previous step (checked again: the tree may have changed since)."""
    scope = _scope(request)
    pending = request.session.get(SESSION_KEY) or {}
    if not pending or pending.get("token") != request.POST.get("token"):
        return render(
            request,
            "organizations/province_import.html",
            {"form": ProvinceImportForm(), "expired": True},
            status=409,
        )
    path = _pending_path(pending["token"])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        del request.session[SESSION_KEY]
        return render(
            request,
            "organizations/province_import.html",
            {"form": ProvinceImportForm(), "expired": True},
            status=409,
        )
    result = refused = None
    try:
        plan = check_province(data, pending["name"], within=set(scope) if scope is not None else None)
        result = apply_province(plan, actor=request.user)
    except RollImportRefused as error:
        refused = error
    path.unlink(missing_ok=True)
    del request.session[SESSION_KEY]
    if result is not None and result.passwords:
        content = passwords_workbook(result.passwords)
        request.session[PASSWORDS_KEY] = base64.b64encode(content).decode("ascii")
    return render(
        request,
        "organizations/province_import.html",
        {"form": ProvinceImportForm(), "result": result, "refused": refused},
        status=422 if refused else 200,
    )


@require_POST
@login_required
def province_passwords(request: HttpRequest) -> HttpResponse:
    """The new users' passwords as .xlsx, once: the copy kept in the session is dropped as it is sent."""
    _scope(request)
    encoded = request.session.pop(PASSWORDS_KEY, None)
    if not encoded:
        return redirect("organizations:province_import")
    return _xlsx(base64.b64decode(encoded), "mat-khau.xlsx")


@require_safe
@login_required
def province_template_download(request: HttpRequest) -> HttpResponse:
    _scope(request)
    return _xlsx(province_template(), "mau-nhap-tinh.xlsx")
