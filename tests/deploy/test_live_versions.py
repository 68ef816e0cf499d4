"""Polled fragments answer 304 while nothing they show changed, and 200 with a new ETag after a change
(daihoi.live_signals): a check-in (audited), a phone's open-vote choice (not audited one by one)."""

from __future__ import annotations

import pytest
from live_hall import convened_hall

from daihoi import live_signals
from daihoi.accounts.models import Role, RoleAssignment
from daihoi.congresses import services


@pytest.fixture
def hall(db, django_user_model, client):
    congress = convened_hall("lv-org", "Nguyễn")
    org = congress.organization
    user = django_user_model.objects.create_user(username="lv-desk", password="pw-lv-desk")
    RoleAssignment.objects.create(user=user, organization=org, role=Role.ORGANIZER)
    client.force_login(user)
    return congress


def _quorum(client, congress, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(f"/c/{congress.organization.code}/{congress.pk}/quorum/", **headers)


def test_quorum_is_304_until_a_check_in_commits(hall, client, django_capture_on_commit_callbacks):
    first = _quorum(client, hall)
    assert first.status_code == 200
    tag = first["ETag"]
    assert tag
    assert "no-cache" in first["Cache-Control"]
    assert "private" in first["Cache-Control"]
    assert "no-store" not in first["Cache-Control"]  # the browser keeps it and revalidates with the tag
    again = _quorum(client, hall, tag)
    assert again.status_code == 304
    assert again.content == b""

    delegate = hall.delegates.order_by("number").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.check_in_delegate(hall, delegate.checkin_code)
    after = _quorum(client, hall, tag)
    assert after.status_code == 200
    assert after["ETag"] != tag
    assert 'data-present="1"' in after.content.decode()
    assert _quorum(client, hall, after["ETag"]).status_code == 304


def test_tag_depends_on_the_user(hall, client, django_user_model):
    tag = _quorum(client, hall)["ETag"]
    other = django_user_model.objects.create_user(username="lv-other", password="pw-lv-other")
    RoleAssignment.objects.create(user=other, organization=hall.organization, role=Role.ORGANIZER)
    client.force_login(other)
    assert _quorum(client, hall, tag).status_code == 200


def test_an_unaudited_change_bumps_the_congress_topic(hall, django_capture_on_commit_callbacks):
    topics = live_signals.congress_topics(hall)
    before = live_signals.versions(topics)
    assert before == live_signals.versions(topics)  # stable while nothing changes
    with django_capture_on_commit_callbacks(execute=True):
        live_signals.changed(f"congress:{hall.pk}")
    after = live_signals.versions(topics)
    assert after[0] == before[0]
    assert after[1] != before[1]


def test_no_permission_no_tag(hall, client, django_user_model):
    tag = _quorum(client, hall)["ETag"]
    outsider = django_user_model.objects.create_user(username="lv-out", password="pw-lv-out")
    client.force_login(outsider)
    assert _quorum(client, hall, tag).status_code == 403


def test_a_dead_version_store_costs_the_304_not_the_page(hall, client, settings):
    """Redis down: the fragment is rendered every time (no ETag), never an error."""
    settings.CACHES = {
        **settings.CACHES,
        "live": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    # (Django's setting_changed handler drops the cache connections: the next use reads CACHES again.)
    response = _quorum(client, hall, '"anything"')
    assert response.status_code == 200
    assert "ETag" not in response
    assert 'data-present="0"' in response.content.decode()


def test_a_running_countdown_turns_the_version_every_second(db, rf, monkeypatch):
    """A fragment showing a countdown rendered by the server (a timed poll open) is re-rendered each
    second; without one, the same second's tag holds for REFRESH seconds."""
    from django.http import HttpResponse

    clock = [1_000_000.0]
    monkeypatch.setattr(live_signals.time, "time", lambda: clock[0])
    ticking = [True]

    @live_signals.conditional(lambda request: ["congress:countdown"], ticking=lambda request: ticking[0])
    def view(request):
        return HttpResponse("fragment")

    first = view(rf.get("/f/"))["ETag"]
    assert view(rf.get("/f/", HTTP_IF_NONE_MATCH=first)).status_code == 304
    clock[0] += 1
    assert view(rf.get("/f/", HTTP_IF_NONE_MATCH=first)).status_code == 200
    ticking[0] = False
    tag = view(rf.get("/f/"))["ETag"]
    clock[0] += 1
    assert view(rf.get("/f/", HTTP_IF_NONE_MATCH=tag)).status_code == 304


def test_timed_poll_open_is_false_without_a_poll(hall, rf):
    assert live_signals.timed_poll_open(rf.get("/"), hall.organization.code, hall.pk) is False
