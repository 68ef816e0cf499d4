"""A trustee's device: identified by the token of its one-time link, never by a login.

The browser page keeps the token in an HttpOnly cookie (`COOKIE_NAME`, set by the link's POST);
`daihoi trustee` on a laptop sends it in the header `HEADER`. A request with the cookie must carry the
CSRF token on every POST (a cross-site form could send the cookie); a header cannot be set by another
site's form, so a request with the header needs none.
"""

from __future__ import annotations

from django.http import HttpRequest

from daihoi.voting.models import Trustee
from daihoi.voting.services.ceremony import trustee_for_token

COOKIE_NAME = "daihoi_trustee"
HEADER = "X-Daihoi-Trustee"
COOKIE_MAX_AGE = 30 * 24 * 3600  # the ceremony, then the congress's decryptions


def token_of(request: HttpRequest) -> tuple[str | None, bool]:
    """(token, sent in the header)."""
    header = request.headers.get(HEADER)
    if header:
        return header.strip(), True
    return request.COOKIES.get(COOKIE_NAME), False


def trustee_from_request(request: HttpRequest) -> Trustee | None:
    token, _header = token_of(request)
    return trustee_for_token(token)
