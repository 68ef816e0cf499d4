"""Schemathesis on the phones' voting API with a bound phone: no server error for any generated body.

The whole-API fuzz (test_api_fuzz.py) calls the voting operations as the demo's organizer, whom they
refuse (403: no phone). Here the caller is a phone: the demo's 11th congress (in session) takes secret
ballots electronically, a phone is bound to a delegate present, and each operation is fuzzed against a
real open poll or open vote: the executive committee's list with surplus (struck names), a list without
surplus (agree / disagree marks), an open vote (choice). Each example runs in a savepoint rolled back
after it, so every generated ballot meets a delegate who has not voted yet (and may be accepted).
Positive and negative (schema-violating) bodies; a fixed seed and a bounded number of examples.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from daihoi.api_urls import api
from daihoi.voting.api import ChoiceIn, PhoneBallotIn
from daihoi.voting.phone_auth import COOKIE_NAME

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
BALLOT = SCHEMA["/api/voting/polls/{poll_id}/ballot"]["POST"]
CHOICE = SCHEMA["/api/voting/open-votes/{vote_id}/choice"]["POST"]
PHONE = SCHEMA["/api/voting/phone"]["GET"]
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
EXAMPLES = 30  # per target and mode
CSRF = "a" * 32


def _agree_disagree_round(congress):
    """A list without surplus in the demo's congress: as many names as places (the delegates the bloc
    committee allotted the organization in the demo's province slice), the list approved."""
    from daihoi.elections import demo as election_demo
    from daihoi.elections import services
    from daihoi.elections.models import ElectionKind

    election = services.create_election(congress, kind=ElectionKind.DELEGATES)
    nominated = {c.member_id for c in congress.elections.exclude(pk=election.pk).first().candidates.all()}
    members = [m for m in election_demo._nominees(congress, 20) if m.pk not in nominated][: election.seats]
    for member in members:
        services.nominate(election, member)
    return election_demo.approve(election)


@pytest.fixture
def phone(demo, db):
    """{"surplus": poll id, "agree_disagree": poll id, "choice": open vote id, "cookies", "headers"}."""
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.figures import voters
    from daihoi.congresses.models import Congress
    from daihoi.elections.models import Round
    from daihoi.voting.services import devices, polls

    congress = Congress.objects.filter(organization=demo, status="open").order_by("-number").first()
    congress.ballot_form = "electronic"
    congress.save(update_fields=["ballot_form"])
    surplus_round = Round.objects.get(
        election__congress=congress, number=1, election__kind="executive_committee"
    )
    four_round = _agree_disagree_round(congress)
    surplus, four = polls.open_poll(surplus_round), polls.open_poll(four_round)
    vote = congress_services.create_open_vote(congress, kind="other", title="Thông qua chương trình làm việc")
    congress_services.open_open_vote(vote)
    delegate = voters(congress).filter(present=True).order_by("number").first()
    token, _device = devices.bind_device(devices.issue_binding_code(delegate).code, label="fuzz")
    return {
        "surplus": surplus.pk,
        "agree_disagree": four.pk,
        "choice": vote.pk,
        "names": {"surplus": surplus_round.entries.count(), "agree_disagree": four_round.entries.count()},
        "cookies": {COOKIE_NAME: token, "csrftoken": CSRF},
        "headers": {"X-CSRFToken": CSRF},
    }


def _fuzz(app, operation, path_parameters, mode, phone, accepted, realistic=None):

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
        case = data.draw(operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
        if realistic is not None and data.draw(st.booleans()):
            case.body = data.draw(realistic)  # a ballot of this very list, often a valid one
        with transaction.atomic():
            response = case.call(app=app, headers=phone["headers"], cookies=phone["cookies"])
            transaction.set_rollback(True)
        assert response.status_code < 500, (response.status_code, case.as_curl_command())
        assert response.status_code in (200, 201, 400, 409, 404), (response.status_code, response.text)
        accepted.append(response.status_code)
        if response.status_code == 201:  # only a body within the schema is taken (negative mode
            # mutates some other component at times and leaves the body valid)
            body_schema = ChoiceIn if operation is CHOICE else PhoneBallotIn
            body_schema.model_validate(case.body)
        if mode is GenerationMode.POSITIVE:
            case.validate_response(
                response, checks=CHECKS, headers=phone["headers"], transport_kwargs={"app": app}
            )

    run()


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"]
)
@pytest.mark.parametrize("target", ["surplus", "agree_disagree", "choice"])
def test_voting_api_never_fails_with_a_server_error(target, mode, phone, wsgi_app):
    operation = CHOICE if target == "choice" else BALLOT
    name = "vote_id" if target == "choice" else "poll_id"
    statuses: list[int] = []
    realistic = None
    if mode is GenerationMode.POSITIVE and target != "choice":
        n = phone["names"][target]
        realistic = (
            st.builds(lambda xs: {"struck": xs}, st.lists(st.integers(1, n), max_size=n))
            if target == "surplus"
            else st.builds(lambda m: {"marks": m}, st.text("012", min_size=n, max_size=n))
        )
    _fuzz(wsgi_app, operation, {name: phone[target]}, mode, phone, statuses, realistic)
    assert statuses
    if mode is GenerationMode.NEGATIVE:
        assert 400 in statuses
    else:
        assert 201 in statuses


@pytest.mark.slow
def test_phone_page_data_conforms(phone, wsgi_app):
    statuses: list[int] = []
    _fuzz(wsgi_app, PHONE, {}, GenerationMode.POSITIVE, phone, statuses)
    assert set(statuses) == {200}
