"""The JSON API (django-ninja, OpenAPI at /api/docs and /api/openapi.json). Apps add routers in api.py.

The docs and the schema are for signed-in users only (login_required: anonymous visitors are sent to the
login page). Swagger UI comes from django-ninja's bundled static files ("ninja" is in INSTALLED_APPS), not
from a CDN, so /api/docs works offline in the hall and under the Content-Security-Policy."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

from daihoi.inputs import InputError

api = NinjaAPI(
    title="daihoi API",
    version="1",
    auth=django_auth,
    urls_namespace="api",
    docs_decorator=login_required,
)


@api.exception_handler(InputError)
def _bad_input(request: HttpRequest, exc: InputError) -> HttpResponse:
    """A value outside its field's bounds (daihoi.inputs): 400 with the message naming the field."""
    return api.create_response(request, {"code": "bad_input", "message": exc.message}, status=400)


from daihoi.audit.api import router as audit_router  # noqa: E402

api.add_router("/audit/", audit_router)

from daihoi.organizations.api import router as organizations_router  # noqa: E402

api.add_router("/organizations/", organizations_router)

from daihoi.congresses.api import router as congresses_router  # noqa: E402

api.add_router("/congresses/", congresses_router)

from daihoi.elections.api import router as elections_router  # noqa: E402

api.add_router("/elections/", elections_router)

from daihoi.targets.api import router as targets_router  # noqa: E402

api.add_router("/targets/", targets_router)

from daihoi.voting.api import router as voting_router  # noqa: E402

api.add_router("/voting/", voting_router)

urlpatterns = [path("", api.urls)]
