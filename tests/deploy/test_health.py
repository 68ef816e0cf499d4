"""`/healthz`: 200 while the database answers, 503 when it does not; anonymous, no session, no data."""

from __future__ import annotations

from unittest import mock


def test_healthz_answers_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_fails(client, db):
    with mock.patch("daihoi.health.connection") as conn:
        conn.cursor.side_effect = RuntimeError("database gone")
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_refuses_changes(client, db):
    assert client.post("/healthz").status_code == 405
