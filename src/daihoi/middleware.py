"""Vietnamese by default: the language is the one the user chose with the switcher, else `vi`.

Django's LocaleMiddleware would follow the browser's Accept-Language, and office PCs and phones often
run an English browser; the congress's working language is Vietnamese, English only on request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class MethodNotAllowedPageMiddleware:
    """A bare 405 (an action's address opened by GET: a bookmark, the back button, the language switch
    after a refused form) becomes a Vietnamese page in the site's layout, pointing back to the page."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.headers.get("HX-Request"):
            return response
        if "text/html" not in request.headers.get("Accept", "text/html"):
            return response
        page = render(request, "405.html", {"back": _page_of(request.path)}, status=405)
        page["Allow"] = response.get("Allow", "")
        return page


def _page_of(path: str) -> str:
    """The page an action's address belongs to: its parent path (…/approve-list/ → …/)."""
    parts = path.rstrip("/").rsplit("/", 1)
    return parts[0] + "/" if len(parts) == 2 and parts[0] else "/"


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY on every response (Django 5.2 has no CSP of its own).

    Its `script-src 'self'` runs only our own static files: no inline <script>, no on…= attribute, no
    eval (htmx's hx-on/js: are off, see base.html's htmx-config). An injected script is not run."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class NulCharacterMiddleware:
    """A NUL character in a query string or a form is never typed by a person, and PostgreSQL cannot
    store or compare it (a server error): such a request is refused with the 400 page."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.core.exceptions import BadRequest

        content_type = request.META.get("CONTENT_TYPE", "")
        sources = [request.GET]
        if request.method == "POST" and not content_type.startswith("application/json"):
            sources.append(request.POST)
        for source in sources:
            for key, values in source.lists():
                if "\x00" in key or any("\x00" in str(v) for v in values):
                    raise BadRequest("NUL character in the request")
        return self.get_response(request)
