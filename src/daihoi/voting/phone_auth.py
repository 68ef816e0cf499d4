"""The phone's identity: the cookie holding the token `devices.bind_device` gave it.

The phone helper's bind view sets the cookie (HttpOnly, SameSite=Lax, path /, 7 days); the phone pages
and the voting API read it here. No session: a phone is not a login.
"""

from __future__ import annotations

from django.http import HttpRequest

from daihoi.voting.models import Device
from daihoi.voting.services import devices

COOKIE_NAME = "daihoi_device"


def device_from_request(request: HttpRequest) -> Device | None:
    """The active device whose token the request's cookie holds, or None (no cookie, unknown, revoked)."""
    return devices.device_for_token(request.COOKIES.get(COOKIE_NAME))
