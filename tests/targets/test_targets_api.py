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


def test_progress_api_gives_a_range_once_with_both_bounds_and_a_term_figure_its_path(
    client, organization, role_users
):
    T = services.TargetInput
    resolution = services.confirm_targets(
        organization,
        term="2025-2030",
        actor=role_users["organizer"],
        targets=[
            T("other", "locality", ">=", "10", "%", "annual", "tăng bình quân hằng năm 10-12%"),
            T("other", "locality", "<=", "12", "%", "annual", "tăng bình quân hằng năm 10-12%"),
            T(
                "other",
                "locality",
                ">=",
                "86400000",
                "VND",
                "term",
                "thu nhập đến năm 2030 đạt 86,4 triệu đồng",
            ),
        ],
    )
    income = resolution.targets.get(unit="VND")
    services.save_figures(resolution, {(income.pk, 2025): "62,4 triệu"}, actor=role_users["organizer"])
    client.force_login(role_users["observer"])
    targets = client.get(f"/api/targets/{organization.code}/progress").json()["targets"]
    assert len(targets) == 2  # the range is one target
    growth, money = targets
    assert (growth["comparator"], growth["value"], growth["upper"]) == (
        ">=",
        10.0,
        {"comparator": "<=", "value": 12.0},
    )
    assert growth["kind"] == "locality"
    assert money["upper"] is None
    path = {p["year"]: p["value"] for p in money["trajectory"]}
    assert (path[2025], path[2030]) == (62400000.0, 86400000.0)
