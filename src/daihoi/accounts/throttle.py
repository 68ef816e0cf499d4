"""Login throttling on top of django-axes (database handler): who is locked out, the lockout page, and
lifting a lockout. Settings: AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME, AXES_LOCKOUT_PARAMETERS (base.py).

Failures are counted per username and per client address within the cool-off: LIMIT failures lock that
username (from every address) or that address (for every username). Every login over HTTP — the login
page (also the delegates' phones), the admin's login — goes through `authenticate(request, ...)` and so
through `LoginThrottleBackend`; the JSON API has no login of its own (it uses the session).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from daihoi.audit.services import log_action


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' guard, first in AUTHENTICATION_BACKENDS: a locked-out username or address is refused
    before any password is checked.

    A call without a request is not a login over the network (the test client's `login()`, a script on
    the server); axes would raise for it, so it is passed to the next backend unthrottled. Every web
    login path passes its request (tests/accounts/test_login_throttle.py tries each)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the socket's peer, or behind our TLS proxy (DAIHOI_HTTPS) the address the
    proxy puts in X-Real-IP (the proxy overwrites whatever a client sent; `daihoi serve` then listens on
    127.0.0.1 only, so nobody else can set the header)."""
    if getattr(settings, "DAIHOI_HTTPS", False):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


def cooloff() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, timedelta) else timedelta(hours=float(value))


def cooloff_minutes() -> int:
    return max(1, round(cooloff().total_seconds() / 60))


def _recent() -> Any:
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cooloff())


@dataclass(frozen=True)
class LockState:
    failures: int  # failures of this username within the cool-off
    locked: bool  # the username, or an address it failed from, has reached the limit
    until: datetime | None  # when the lockout ends if nobody fails again


def lock_states(usernames: Iterable[str]) -> dict[str, LockState]:
    """The lockout state of each username (only those with recent failures are in the result)."""
    limit = int(settings.AXES_FAILURE_LIMIT)
    names = list(usernames)
    rows = list(
        _recent()
        .filter(username__in=names)
        .values("username", "ip_address", "failures_since_start", "attempt_time")
    )
    addresses = {r["ip_address"] for r in rows if r["ip_address"]}
    by_address: dict[str, tuple[int, datetime]] = {}
    for row in (
        _recent()
        .filter(ip_address__in=addresses)
        .values("ip_address", "failures_since_start", "attempt_time")
    ):
        count, last = by_address.get(row["ip_address"], (0, row["attempt_time"]))
        by_address[row["ip_address"]] = (count + row["failures_since_start"], max(last, row["attempt_time"]))
    result: dict[str, LockState] = {}
    for name in names:
        own = [r for r in rows if r["username"] == name]
        if not own:
            continue
        failures = sum(r["failures_since_start"] for r in own)
        ends = []
        if failures >= limit:
            ends.append(max(r["attempt_time"] for r in own))
        for r in own:
            count, last = by_address.get(r["ip_address"], (0, r["attempt_time"]))
            if count >= limit:
                ends.append(last)
        result[name] = LockState(failures, bool(ends), max(ends) + cooloff() if ends else None)
    return result


def _free(query: Q) -> int:
    deleted, _ = AccessAttempt.objects.filter(query).delete()
    return deleted


def unlock_username(username: str) -> int:
    """Forget the failures of `username` and of every address it failed from (the user's own phone or
    the desk's laptop would otherwise stay locked). Returns the number of records removed."""
    addresses = set(AccessAttempt.objects.filter(username=username).values_list("ip_address", flat=True))
    addresses.discard(None)
    return _free(Q(username=username) | Q(ip_address__in=addresses))


def unlock_user(*, actor: Any, user: Any, organization: Any = None) -> int:
    """Lift the lockout of a user's logins, audited (the organizer's button, `daihoi unlock USERNAME`)."""
    with transaction.atomic():
        removed = unlock_username(user.get_username())
        log_action(
            "accounts.user.unlocked",
            actor=actor,
            obj=user,
            organization=organization,
            data={"username": user.get_username(), "records": removed},
        )
    return removed


def unlock_address(*, actor: Any, address: str) -> int:
    with transaction.atomic():
        removed = _free(Q(ip_address=address))
        log_action("accounts.login.unlocked", actor=actor, data={"address": address, "records": removed})
    return removed


def unlock_all(*, actor: Any) -> int:
    with transaction.atomic():
        removed = _free(Q())
        log_action("accounts.login.unlocked", actor=actor, data={"all": True, "records": removed})
    return removed


def lockout_message() -> str:
    minutes = cooloff_minutes()
    return ngettext(
        "Login is temporarily locked after too many wrong passwords. Try again in %(minutes)d minute, "
        "or ask the organizer of your organization to unlock it.",
        "Login is temporarily locked after too many wrong passwords. Try again in %(minutes)d minutes, "
        "or ask the organizer of your organization to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """What a refused login gets (AXES_LOCKOUT_CALLABLE): the login page's layout with the message in the
    user's language (429), or JSON for a script; no CORS header (axes' default would allow any site)."""
    status = 429
    if request.headers.get(
        "X-Requested-With"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "minutes": cooloff_minutes()},
        status=status,
    )


def on_locked_out(
    sender: Any,
    request: Any = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """Audit the moment a username or an address reaches the limit (not each refused try after it:
    those are in the log as failed logins already)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != int(settings.AXES_FAILURE_LIMIT):
        return
    with transaction.atomic():
        log_action(
            "accounts.login.locked_out",
            actor="anonymous",
            data={
                "username": str(username or "")[:150],
                "address": ip_address or "",
                "failures": failures,
                "minutes": cooloff_minutes(),
            },
        )
