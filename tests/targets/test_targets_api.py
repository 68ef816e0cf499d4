from __future__ import annotations

import json

import pytest

from daihoi.targets import services

pytestmark = pytest.mark.django_db


def test_extract_api_returns_the_cli_json(client, organization, role_users, seed_text):
    client.force_login(role_users["organizer"])
    r = client.post(
        f"/api/targets/{organization.code}/extract",
        json.dumps({"text": seed_text}),
        content_type="application/json",
    )
    assert r.status_code == 200
    data = r.json()
    assert data["facts"]["term"] == "2020-2025"
    assert len(data["targets"]) == 7
    client.force_login(role_users["observer"])
    r = client.post(
        f"/api/targets/{organization.code}/extract",
        json.dumps({"text": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 403


def test_progress_api(client, organization, role_users):
    services.confirm_targets(
        organization,
        term="2020-2025",
        actor=role_users["organizer"],
        targets=[services.TargetInput("admissions", "organization", ">=", "5", "count", "term", "kết nạp 5")],
    )
    client.force_login(role_users["observer"])
    r = client.get(f"/api/targets/{organization.code}/progress")
    assert r.status_code == 200
    target = r.json()["targets"][0]
    assert (target["indicator"], target["value"], target["period"]) == ("admissions", 5.0, "term")
    assert [c["year"] for c in target["rows"][0]["cells"]] == [2020, 2021, 2022, 2023, 2024]
    client.force_login(role_users["outsider"])
    assert client.get(f"/api/targets/{organization.code}/progress").status_code == 403
    client.logout()
    assert client.get(f"/api/targets/{organization.code}/progress").status_code == 401


def test_openapi_lists_the_targets_endpoints(client, role_users):
    client.force_login(role_users["organizer"])
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/targets/{org_code}/progress" in paths
    assert "/api/targets/{org_code}/extract" in paths
