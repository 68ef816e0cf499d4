from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from daihoi.context_processors import organization_sections


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the organizations this user works with, each with the sections they may open."""
    from daihoi.accounts.permissions import organizations_for

    organizations = list(organizations_for(request.user))
    cards = [(org, organization_sections(request.user, org)[1:]) for org in organizations]
    return render(request, "home.html", {"organizations": organizations, "cards": cards})
