"""Logins, logouts and failed logins go into the audit log (Django's auth signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from daihoi.accounts.throttle import client_address
from daihoi.audit.services import log_action


def _client(request: Any) -> dict[str, str]:
    if request is None:
        return {}
    return {"ip": client_address(request) or "", "agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


@receiver(user_logged_in, dispatch_uid="daihoi.audit.logged_in")
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        log_action("accounts.user.logged_in", actor=user, obj=user, data=_client(request))


@receiver(user_logged_out, dispatch_uid="daihoi.audit.logged_out")
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:  # logging out a session that was not logged in
        return
    with transaction.atomic():
        log_action("accounts.user.logged_out", actor=user, obj=user, data=_client(request))


@receiver(user_login_failed, dispatch_uid="daihoi.audit.login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    with transaction.atomic():
        log_action(
            "accounts.user.login_failed", actor="anonymous", data={"username": username, **_client(request)}
        )
