from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from daihoi.context_processors import organization_sections

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the organizations this user works with, each with the sections they may open,
    and the congresses in session where the user is a delegate (their documents)."""
    from daihoi.accounts.permissions import has_permission, organizations_for
    from daihoi.congresses.links import pending_for

    organizations = list(organizations_for(request.user))
    cards = [
        (
            org,
            has_permission(request.user, org, "organization.view"),
            organization_sections(request.user, org)[1:],
        )
        for org in organizations
    ]
    return render(
        request,
        "home.html",
        {
            "organizations": organizations,
            "cards": cards,
            "delegations": delegations_in_session(request.user),
            "link_requests": pending_for(request.user).count(),
        },
    )


def delegations_in_session(user: Any) -> list[dict[str, object]]:
    """The user's places as a delegate in congresses now in session: [{delegate, congress, staff,
    documents_url}]. `documents_url` is set only when the documents open for them (checked in at the
    desk, or staff of the congress's organization)."""
    from django.urls import reverse

    from daihoi.accounts.permissions import has_permission
    from daihoi.congresses.models import CongressStatus, Delegate

    if not getattr(user, "is_authenticated", False):
        return []
    rows = Delegate.objects.filter(user=user, congress__status=CongressStatus.OPEN).select_related(
        "congress__organization"
    )
    result: list[dict[str, object]] = []
    for delegate in rows.order_by("-congress__starts_on", "congress_id"):
        congress = delegate.congress
        staff = has_permission(user, congress.organization, "congress.view")
        readable = has_permission(user, congress.organization, "congress.documents") and (
            delegate.present or staff
        )
        url = reverse("congresses:documents", args=[congress.organization.code, congress.pk])
        result.append(
            {
                "delegate": delegate,
                "congress": congress,
                "staff": staff,
                "documents_url": url if readable else "",
            }
        )
    return result


def _error_page(request: HttpRequest, template: str, status: int, exception: object = None) -> HttpResponse:
    return render(request, template, {"exception": exception}, status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a value outside its field's bounds (daihoi.inputs.InputError) is named on the page; other
    malformed requests (a multipart body without its boundary, ...) get the general words."""
    from daihoi.inputs import InputError

    message = exception.message if isinstance(exception, InputError) else ""
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout. The failure may be the database itself, so the page is first
    rendered with the request's context (menus, user), then without it, then as plain text."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("the 500 page could not be rendered with the request context")
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        logger.exception("the 500 page could not be rendered")
    return HttpResponseServerError(
        _("The server met an error. Please try again; if it happens again, tell the organizer."),
        content_type="text/plain; charset=utf-8",
    )
