from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the organizations this user works with."""
    from daihoi.accounts.permissions import organizations_for

    return render(request, "home.html", {"organizations": organizations_for(request.user)})
