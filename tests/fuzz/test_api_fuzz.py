"""Schemathesis on the whole JSON API, with real path parameters: no server error, answers as documented.

The schema is django-ninja's OpenAPI document. Path parameters are drawn from the demo organization's
real objects (its code, its congresses, delegates, elections and their rounds) most of the time, so the
calls reach the code behind the lookups, and from schemathesis's own values otherwise (unknown ids,
20-digit numbers: 404 or 422, never 500). The caller is the demo's organizer, who may call every
operation, signed in with a session and sending the CSRF token as the kiosks do. Positive and negative
(schema-violating) data; a fixed seed and a bounded number of examples per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from daihoi.api_urls import api

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
OPERATIONS = [op.ok() for op in SCHEMA.get_all_operations()]
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
EXAMPLES = 20  # per operation and mode


def _path_values(org):
    from daihoi.congresses.models import Congress, Delegate
    from daihoi.elections.models import Election, Round

    congresses = list(Congress.objects.filter(organization=org).values_list("pk", flat=True))
    return {
        "org_code": [org.code],
        "congress_id": congresses,
        "delegate_id": list(
            Delegate.objects.filter(congress_id__in=congresses).values_list("pk", flat=True)[:20]
        ),
        "election_id": list(Election.objects.filter(congress_id__in=congresses).values_list("pk", flat=True)),
        "number": sorted(set(Round.objects.values_list("number", flat=True))) or [1],
    }


@pytest.fixture
def session(client, demo):
    """Cookies and headers of the demo organizer's session, with the CSRF token."""
    user = get_user_model().objects.get(username="tochuc")
    client.force_login(user)
    token = "a" * 32
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return cookies, {"X-CSRFToken": token, "Referer": "http://localhost/"}


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"]
)
def test_api_operation_never_fails_with_a_server_error(operation, mode, demo, db, session, wsgi_app):
    cookies, headers = session
    values = _path_values(demo)
    names = [p.name for p in operation.path_parameters]
    app = wsgi_app

    @seed(20261202)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data):
        real = data.draw(st.integers(0, 3)) > 0  # three in four calls name real objects
        fixed = {n: data.draw(st.sampled_from(values[n])) for n in names if real and values.get(n)}
        case = data.draw(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
        response = case.call(app=app, headers=headers, cookies=cookies)
        assert response.status_code < 500, (response.status_code, case.as_curl_command())
        if mode is GenerationMode.POSITIVE:
            # The documented answers conform to their schema and content type; the refusals (403, 404,
            # 409, 422) are not all listed per operation, so the status code itself is not checked.
            case.validate_response(response, checks=CHECKS, headers=headers, transport_kwargs={"app": app})

    run()
