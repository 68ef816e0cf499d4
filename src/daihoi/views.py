from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the organizations this user works with."""
    from daihoi.accounts.permissions import has_permission, organizations_for

    organizations = list(organizations_for(request.user))
    # Links to the organizer's and observer's tools, shown only to those who may open them.
    cards = [
        (
            org,
            has_permission(request.user, org, "users.manage"),
            has_permission(request.user, org, "audit.view"),
        )
        for org in organizations
    ]
    return render(request, "home.html", {"organizations": organizations, "cards": cards})
