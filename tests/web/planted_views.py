"""A copy of the project's URLconf with weak views planted in it, for the matrix's own test
(test_the_post_matrix_catches_planted_weak_views): they must never exist in src/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.views.decorators.http import require_POST, require_safe

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses.models import AgendaItem, Congress
from daihoi.urls import urlpatterns as project_urlpatterns

PLANTED_TITLE = "Planted by the matrix test"


def _congress(request: HttpRequest, pk: int) -> Congress:
    return get_object_or_404(Congress, pk=pk, organization=request.organization)  # type: ignore[attr-defined]


def _change(congress: Congress) -> HttpResponse:
    AgendaItem.objects.create(congress=congress, position=99, title=PLANTED_TITLE)
    return redirect("/")


@require_permission("congress.view")
def weak(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """The page's POST changes the congress under the page's read permission."""
    congress = _congress(request, pk)
    if request.method == "POST":
        return _change(congress)
    return HttpResponse("page")


@require_permission("congress.view")
def inline(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    """The page's POST checks the stronger permission by hand."""
    congress = _congress(request, pk)
    if request.method == "POST":
        if not has_permission(request.user, congress.organization, "congress.preside"):
            return HttpResponse(status=403)
        return _change(congress)
    return HttpResponse("page")


@require_permission("congress.view")
@require_safe
def right_page(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    _congress(request, pk)
    return HttpResponse("page")


@require_permission("congress.preside")
@require_POST
def right_action(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    return _change(_congress(request, pk))


planted = (
    [
        path("<slug:org_code>/<int:pk>/weak/", weak, name="weak"),
        path("<slug:org_code>/<int:pk>/inline/", inline, name="inline"),
        path("<slug:org_code>/<int:pk>/right/", right_page, name="right_page"),
        path("<slug:org_code>/<int:pk>/right/act/", right_action, name="right_action"),
    ],
    "planted",
)

urlpatterns = [*project_urlpatterns, path("c/planted/", include(planted))]
