"""The phones' JSON API (/api/voting/): every status of the contract, CSRF, the device cookie, secrecy of
the answer, and the staff's progress (counts only)."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
from django.test import Client

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.congresses import services as congress_services
from daihoi.voting.models import Ballot, OpenVoteChoice, Participation
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import devices, polls


def bind(congress, number):
    """A phone bound to delegate `number`: (token, device)."""
    delegate = congress.delegates.get(number=number)
    return devices.bind_device(devices.issue_binding_code(delegate).code, label="test phone")


pytestmark = pytest.mark.django_db

# The election tests' helpers (their conftest is not an importable package module): loaded by path.
_spec = importlib.util.spec_from_file_location(
    "election_fixtures_api", pathlib.Path(__file__).parent.parent / "elections" / "conftest.py"
)
assert _spec is not None
assert _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

CSRF = "a" * 32  # a well-formed CSRF secret: the phone's csrftoken cookie and its X-CSRFToken header


def phone_client(token: str | None, *, csrf: str | None = CSRF, header: str | None = CSRF) -> Client:
    """A phone's browser: its device cookie and the CSRF cookie; POSTs carry the header unless None."""
    c = Client(enforce_csrf_checks=True)
    if token is not None:
        c.cookies[COOKIE_NAME] = token
    if csrf is not None:
        c.cookies["csrftoken"] = csrf
    c.csrf_header = header  # type: ignore[attr-defined]
    return c


def post(c: Client, url: str, body, **extra):
    header = getattr(c, "csrf_header", None)
    if header is not None:
        extra["HTTP_X_CSRFTOKEN"] = header
    return c.post(url, body, content_type="application/json", **extra)


@pytest.fixture
def poll(e_election):
    return polls.open_poll(e_election.rounds.get())


@pytest.fixture
def token7(electronic):
    return bind(electronic, 7)[0]


def ballot_url(poll_id: int) -> str:
    return f"/api/voting/polls/{poll_id}/ballot"


def test_phone_shows_its_delegate_the_open_poll_and_votes(poll, token7, electronic):
    vote = congress_services.create_open_vote(electronic, kind="other", title="Thông qua chương trình")
    congress_services.open_open_vote(vote)
    r = phone_client(token7).get("/api/voting/phone")
    assert r.status_code == 200
    data = r.json()
    assert data["delegate"]["number"] == 7
    assert data["delegate"]["name"] == electronic.delegates.get(number=7).full_name
    [p] = data["polls"]
    assert (p["id"], p["round"], p["seats"], p["form"], p["open"], p["voted"]) == (
        poll.pk,
        1,
        8,
        "surplus",
        True,
        False,
    )
    assert [n["position"] for n in p["names"]] == list(range(1, 11))
    assert data["votes"] == [{"id": vote.pk, "title": "Thông qua chương trình", "choice": None}]
    post(phone_client(token7), ballot_url(poll.pk), {"struck": [9, 10]})
    assert phone_client(token7).get("/api/voting/phone").json()["polls"][0]["voted"] is True


def test_cast_201_says_nothing_of_the_ballot_and_writes_who_and_what_apart(poll, token7, e_election):
    c = phone_client(token7)
    r = post(c, ballot_url(poll.pk), {"struck": [9, 10]})
    assert r.status_code == 201
    assert r.json() == {"accepted": True, "title": e_election.title, "round": 1}
    assert "sessionid" not in r.cookies  # no session in the cast path
    [b] = Ballot.objects.filter(poll=poll)
    assert b.content == "9,10"
    assert str(b.id) not in r.content.decode()
    assert Participation.objects.filter(poll=poll, delegate__number=7, channel="electronic").count() == 1
    # once only: 409
    r = post(c, ballot_url(poll.pk), {"struck": [1]})
    assert (r.status_code, r.json()["code"]) == (409, "voted_electronically")
    assert r.json()["message"]
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_an_invalid_ballot_by_the_rules_is_still_accepted(poll, token7):
    # all ten kept on an 8-seat list: invalid by the rules, but the voter may cast it (as on paper)
    r = post(phone_client(token7), ballot_url(poll.pk), {"struck": []})
    assert r.status_code == 201
    assert Ballot.objects.get(poll=poll).content == ""


@pytest.mark.parametrize(
    "body",
    [
        {"struck": [11]},  # no 11th name
        {"struck": [0]},
        {"struck": [1001]},
        {"struck": list(range(1, 502))},
        {"struck": ["1"]},
        {"struck": [1.5]},
        {"struck": [True]},
        {"marks": "1111111111"},  # the 4-column form's field on a list with surplus
        {"struck": [1], "marks": "1"},
        {"struck": [1], "extra": 1},
        {},
        [],
        "null",
        b"{not json",
        b"\xff\xfe",
        {"struck": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1]},  # more numbers than names
    ],
)
def test_a_malformed_ballot_is_400_and_stores_nothing(poll, token7, body):
    r = post(phone_client(token7), ballot_url(poll.pk), body)
    assert r.status_code == 400, r.content
    assert r.json()["code"] == "ballot_malformed"
    assert "struck" not in r.json()["message"]
    assert "marks" not in r.json()["message"]
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not Participation.objects.filter(poll=poll).exists()


def test_without_a_bound_device_403_even_with_a_staff_login(poll, el_org, django_user_model):
    staff = django_user_model.objects.create_user(username="chair", password="pw")
    RoleAssignment.objects.create(user=staff, organization=el_org, role=Role.ORGANIZER)
    c = phone_client(None)
    c.force_login(staff)
    r = post(c, ballot_url(poll.pk), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (403, "device_unknown")
    r = c.get("/api/voting/phone")
    assert (r.status_code, r.json()["code"]) == (403, "device_unknown")
    r = post(phone_client("not-a-token"), ballot_url(poll.pk), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (403, "device_unknown")
    assert not Ballot.objects.exists()


def test_a_revoked_phone_is_403(poll, electronic):
    token, device = bind(electronic, 8)
    devices.revoke_device(device)
    r = post(phone_client(token), ballot_url(poll.pk), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (403, "device_unknown")


@pytest.mark.parametrize(
    ("csrf", "header"),
    [(CSRF, None), (None, CSRF), (CSRF, "b" * 32), (None, None)],
    ids=["no header", "no cookie", "mismatch", "neither"],
)
def test_a_post_without_a_valid_csrf_token_is_403(poll, token7, csrf, header):
    r = post(phone_client(token7, csrf=csrf, header=header), ballot_url(poll.pk), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (403, "csrf_failed")
    assert not Ballot.objects.exists()
    # the GET needs no CSRF token
    assert phone_client(token7, csrf=csrf).get("/api/voting/phone").status_code == 200


def test_unknown_poll_and_another_congress_poll_are_404(poll, token7, electronic):
    r = post(phone_client(token7), ballot_url(poll.pk + 1000), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = post(phone_client(token7), ballot_url(10**30), {"struck": [9, 10]})
    assert r.status_code == 422  # beyond an id's bounds: the path's schema (api_params)
    # a delegate of another congress: its own phone does not see this poll
    other = _other_congress_phone(electronic)
    r = post(phone_client(other), ballot_url(poll.pk), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert not Ballot.objects.exists()


def _other_congress_phone(congress) -> str:
    """A phone bound to a delegate of another organization's congress in session."""
    import datetime

    from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind

    org = Organization.objects.create(
        code="other-org", name="Đảng bộ khác", kind=OrganizationKind.GRASSROOTS_COMMITTEE, superior_body="X"
    )
    branch = Organization.objects.create(
        code="other-cb1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org
    )
    for i in range(3):
        Member.objects.create(
            organization=org, branch=branch, member_code=f"ot{i:03d}", full_name=f"Lê Văn Tư {i}",
            family_name="Lê", middle_name="Văn", given_name="Tư", birth_date=datetime.date(1970, 1, 1 + i),
            gender=Gender.MALE, status=MemberStatus.OFFICIAL,
        )  # fmt: skip
    c = congress_services.create_congress(
        org, number=1, term_start_year=2020, term_end_year=2025, starts_on=datetime.date(2020, 6, 16)
    )
    congress_services.generate_convened_list(c)
    c = congress_services.convene_congress(c)
    for n in ("1", "2", "3"):
        congress_services.check_in_delegate(c, n)
    c = congress_services.open_congress(c)
    c.ballot_form = "electronic"
    c.save(update_fields=["ballot_form"])
    return bind(c, 1)[0]


def test_refusals_are_409_not_present_and_closed(poll, token7, electronic):
    left_token, left = bind(electronic, 9)
    congress_services.undo_check_in(left.delegate, reason="Nhầm")
    r = post(phone_client(left_token), ballot_url(poll.pk), {"struck": [9, 10]})
    assert (r.status_code, r.json()["code"]) == (409, "voter_not_present")
    polls.close_poll(poll)
    r = post(phone_client(token7), ballot_url(poll.pk), {"struck": [9, 10]})
    assert r.status_code == 409
    assert r.json()["code"].startswith("poll_")
    assert r.json()["message"]
    assert Ballot.objects.filter(poll=poll).count() == 0


def test_the_four_column_form_takes_marks(electronic):
    from daihoi.elections import services

    election = _fixtures.seated(electronic, "executive_committee", 10)
    for m in _fixtures.official_members(electronic)[:10]:
        services.nominate(election, m)
    services.approve_list(election, _fixtures.closed_vote(electronic, "ballot_list", election=election))
    p = polls.open_poll(election.rounds.get())
    token = bind(electronic, 7)[0]
    data = phone_client(token).get("/api/voting/phone").json()
    assert data["polls"][0]["form"] == "agree_disagree"
    for bad in ({"marks": "12"}, {"marks": "1111111113"}, {"struck": [1]}, {"marks": 1111111111}):
        r = post(phone_client(token), ballot_url(p.pk), bad)
        assert (r.status_code, r.json()["code"]) == (400, "ballot_malformed"), bad
    r = post(phone_client(token), ballot_url(p.pk), {"marks": "1212121200"})
    assert r.status_code == 201
    assert Ballot.objects.get(poll=p).content.startswith("12121212")


@pytest.fixture
def open_vote(electronic):
    vote = congress_services.create_open_vote(electronic, kind="other", title="Thông qua chương trình")
    return congress_services.open_open_vote(vote)


def choice_url(vote_id: int) -> str:
    return f"/api/voting/open-votes/{vote_id}/choice"


def test_open_vote_choice_statuses(open_vote, token7, electronic):
    c = phone_client(token7)
    for bad in ({"choice": "yes"}, {"choice": None}, {}, {"choice": "agree", "x": 1}, b"]"):
        r = post(c, choice_url(open_vote.pk), bad)
        assert (r.status_code, r.json()["code"]) == (400, "bad_choice"), bad
    r = post(c, choice_url(open_vote.pk), {"choice": "disagree"})
    assert r.status_code == 201
    assert r.json() == {"accepted": True, "title": "Thông qua chương trình"}
    assert OpenVoteChoice.objects.get(vote=open_vote).choice == "disagree"
    r = post(c, choice_url(open_vote.pk), {"choice": "agree"})
    assert (r.status_code, r.json()["code"]) == (409, "already_chosen")
    assert c.get("/api/voting/phone").json()["votes"][0]["choice"] == "disagree"
    r = post(c, choice_url(open_vote.pk + 1000), {"choice": "agree"})
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    r = post(phone_client(None), choice_url(open_vote.pk), {"choice": "agree"})
    assert (r.status_code, r.json()["code"]) == (403, "device_unknown")
    r = post(phone_client(token7, header=None), choice_url(open_vote.pk), {"choice": "agree"})
    assert (r.status_code, r.json()["code"]) == (403, "csrf_failed")
    congress_services.close_open_vote(open_vote)
    other = bind(electronic, 8)[0]
    r = post(phone_client(other), choice_url(open_vote.pk), {"choice": "agree"})
    assert (r.status_code, r.json()["code"]) == (409, "vote_not_open")


def test_progress_is_counts_only_for_staff(poll, token7, el_org, django_user_model, client):
    post(phone_client(token7), ballot_url(poll.pk), {"struck": [9, 10]})
    url = f"/api/voting/polls/{poll.pk}/progress"
    assert client.get(url).status_code == 401
    outsider = django_user_model.objects.create_user(username="outsider", password="pw")
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    observer = django_user_model.objects.create_user(username="obs", password="pw")
    RoleAssignment.objects.create(user=observer, organization=el_org, role=Role.OBSERVER)
    client.force_login(observer)
    r = client.get(url)
    assert r.status_code == 200
    assert r.json() == {
        "entitled": 48,
        "electronic": 1,
        "paper": 0,
        "voted": 1,
        "status": "open",
        "deadline": None,
    }
    assert client.get(f"/api/voting/polls/{poll.pk + 1000}/progress").status_code == 404


def test_openapi_schema_describes_the_bodies(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="reader", password="pw"))
    spec = client.get("/api/openapi.json").json()
    body = spec["paths"]["/api/voting/polls/{poll_id}/ballot"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]
    struck = next(s for s in schema["properties"]["struck"]["anyOf"] if s.get("type") == "array")
    assert struck["maxItems"] == 500
    assert (struck["items"]["minimum"], struck["items"]["maximum"]) == (1, 1000)
    marks = next(s for s in schema["properties"]["marks"]["anyOf"] if s.get("type") == "string")
    assert marks["maxLength"] == 1000
    choice = spec["paths"]["/api/voting/open-votes/{vote_id}/choice"]["post"]["requestBody"]["content"]
    assert set(choice["application/json"]["schema"]["properties"]["choice"]["enum"]) == {
        "agree",
        "disagree",
        "abstain",
    }
    [scheme] = spec["paths"]["/api/voting/polls/{poll_id}/ballot"]["post"]["security"][0]
    assert spec["components"]["securitySchemes"][scheme] == {
        "type": "apiKey",
        "in": "cookie",
        "name": COOKIE_NAME,
    }


def test_read_ballot_writes_the_paper_counts_canonical_content(e_election):
    """The cast path reads a ballot without the engine's parser: same content as `parse_entry`, and the
    engine's own messages for a number out of range or repeated."""
    import random

    from daihoi.elections.errors import ElectionError
    from daihoi.elections.services.engine import parse_entry
    from daihoi.voting.errors import VotingError

    rnd = e_election.rounds.get()
    rng = random.Random(12)
    for _ in range(50):
        struck = rng.sample(range(1, 11), rng.randint(0, 10))
        expected, _flag = parse_entry(rnd, " ".join(map(str, struck)))
        assert polls.read_ballot(rnd, struck=struck).content == expected
    for bad, code in (([11], "bad_number"), ([3, 3], "repeated_number")):
        with pytest.raises(VotingError) as err:
            polls.read_ballot(rnd, struck=bad)
        assert err.value.code == "ballot_malformed"
        with pytest.raises(ElectionError) as engine:
            parse_entry(rnd, " ".join(map(str, bad)))
        assert engine.value.code == code
        assert engine.value.message in err.value.message


def test_the_cast_is_three_statements_and_touches_no_session_or_user(poll, token7):
    """The cast's cost is its statements: the device, then in one transaction the facts, who voted,
    what was voted (PostgreSQL: the poll's advisory lock first). No session, no user, no log, no audit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = phone_client(token7)
    with CaptureQueriesContext(connection) as queries:
        r = post(c, ballot_url(poll.pk), {"struck": [9, 10]})
    assert r.status_code == 201
    sql = [q["sql"] for q in queries.captured_queries]
    work = [s for s in sql if not s.upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]
    locks = [s for s in work if "pg_advisory_xact_lock_shared" in s]
    assert len(work) - len(locks) == 4, work
    assert len(locks) == (1 if connection.vendor == "postgresql" else 0)
    assert sum(s.lstrip().upper().startswith("INSERT") for s in work) == 2
    for table in ("django_session", "auth_user", "audit_", "axes_"):
        assert not any(table in s for s in sql), table


def test_the_fast_cast_refuses_after_the_deadline_and_keeps_nothing(poll, token7):
    import datetime

    from django.utils import timezone

    from daihoi.voting.models import Poll

    Poll.objects.filter(pk=poll.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    r = post(phone_client(token7), ballot_url(poll.pk), {"struck": [9, 10]})
    assert r.status_code == 409
    assert r.json()["code"] == "poll_time_up"
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not Participation.objects.filter(poll=poll).exists()
    # a malformed body on an unknown poll is still a 404 (the poll is looked up first)
    r = post(phone_client(token7), ballot_url(poll.pk + 1000), {"struck": "x"})
    assert (r.status_code, r.json()["code"]) == (404, "not_found")


def test_a_delegate_flagged_at_the_credentials_check_cannot_cast(poll, token7):
    """A delegate whose credentials are flagged (disciplined after election, say) has no vote on a phone
    either; clearing the flag gives it back."""
    from daihoi.congresses.models import CredentialFlag, Delegate
    from daihoi.voting.models import Ballot

    delegate = Delegate.objects.get(congress=poll.round.election.congress, number=7)
    delegate.credential_flag = CredentialFlag.DISCIPLINED
    delegate.save(update_fields=["credential_flag"])
    r = post(phone_client(token7), ballot_url(poll.pk), {"struck": [9, 10]})
    assert r.status_code >= 400, r.content
    assert r.json()["message"]
    assert not Ballot.objects.filter(poll=poll).exists()
    delegate.credential_flag = ""
    delegate.save(update_fields=["credential_flag"])
    assert post(phone_client(token7), ballot_url(poll.pk), {"struck": [9, 10]}).status_code == 201
