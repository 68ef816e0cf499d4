"""The count's JSON API: a clerk's device posts ballots; reconciliation and result; permissions."""

from __future__ import annotations

import pytest

from daihoi.accounts.models import Role, RoleAssignment


@pytest.fixture
def api_users(session, django_user_model):
    out = {}
    for role in (Role.COUNTING_COMMITTEE, Role.OBSERVER):
        u = django_user_model.objects.create_user(username=f"api-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=session.organization, role=role)
        out[role.value] = u
    return out


def test_api_entry_reconciliation_result(client, api_users, committee_election, django_user_model):
    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.elections import services

    services.set_counts(committee_election.rounds.get(), issued=2, returned=2)
    base = f"/api/elections/{committee_election.congress.organization.code}/{committee_election.pk}/rounds/1"
    assert client.post(base + "/ballots", {}, content_type="application/json").status_code == 401
    client.force_login(api_users["observer"])
    r = client.post(
        base + "/ballots", {"clerk": 1, "position": 1, "text": "9 10"}, content_type="application/json"
    )
    assert r.status_code == 403
    # Not announced: the figures are the counting committee's (docs/security.md).
    assert client.get(base + "/result").status_code == 403
    client.force_login(api_users["counting_committee"])
    assert client.get(base + "/result").json() == {"status": "counting", "result": None}
    r = client.post(
        base + "/ballots", {"clerk": 1, "position": 1, "text": "9 10"}, content_type="application/json"
    )
    assert r.json() == {
        "saved": True,
        "position": 1,
        "content": "9,10",
        "flag": "",
        "proposed": None,
        "next": 2,
    }
    r = client.post(
        base + "/ballots", {"clerk": 1, "position": 2, "text": "42"}, content_type="application/json"
    )
    assert r.status_code == 409
    assert r.json()["code"] == "bad_number"
    # The same login may not enter the stack again as the second clerk: the entries must be independent.
    r = client.post(
        base + "/ballots", {"clerk": 2, "position": 1, "text": "8 10"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["code"]) == (409, "clerk_not_independent")
    second = django_user_model.objects.create_user(username="clerk-2", password="x")
    RoleAssignment.objects.create(user=second, organization=committee_election.congress.organization,
                                  role=Role.COUNTING_COMMITTEE)  # fmt: skip
    client.force_login(second)
    client.post(
        base + "/ballots", {"clerk": 2, "position": 1, "text": "8 10"}, content_type="application/json"
    )
    rec = client.get(base + "/reconciliation").json()
    assert rec["discrepancies"] == [{"position": 1, "entries": {"1": ["9,10", ""], "2": ["8,10", ""]}}]
    assert rec["missing"] == [2]
    assert rec["complete"] is False
