"""Password guessing is throttled by account and by address (django-axes, database handler); the
organizer of the user's organization, a superuser or `daihoi unlock` lifts a lockout; all audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.organizations.models import Organization, OrganizationKind

LOGIN = "/accounts/login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def _try(client, username, password, address="10.0.0.5", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.django_db
def test_sixty_wrong_passwords_then_the_right_one_is_refused(client, role_users):
    """The attack of the report: 60 guesses in a row, then the real password — no longer a login."""
    for i in range(60):
        response = _try(client, "organizer", f"guess-{i}")
        assert not _logged_in(client)
    response = _try(client, "organizer", "pw-organizer")
    assert response.status_code == 429
    assert not _logged_in(client)
    # The lockout was recorded once, when the limit was reached (not once per further guess).
    locked = AuditEntry.objects.filter(action="accounts.login.locked_out")
    assert locked.count() == 1
    assert locked.get().data["username"] == "organizer"
    assert AuditEntry.objects.filter(action="accounts.user.logged_in").count() == 0


@pytest.mark.django_db
def test_the_limit_counts_failures_before_the_lockout(client, role_users):
    for i in range(LIMIT - 1):
        _try(client, "organizer", f"guess-{i}")
    response = _try(client, "organizer", "pw-organizer")  # one below the limit: a typo is no lockout
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked_out(client, role_users):
    """Password spraying: one guess on each of many accounts from one device blocks that device."""
    for i in range(LIMIT):
        _try(client, f"user-{i}", "Mat-khau-2025", address="10.0.0.66")
    assert _try(client, "delegate", "pw-delegate", address="10.0.0.66").status_code == 429
    assert not _logged_in(client)
    # The delegate's own phone (another address) is not blocked: the account saw one failure at most.
    response = _try(client, "delegate", "pw-delegate", address="10.0.0.67")
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_one_account_guessed_from_many_addresses_is_locked_out(client, role_users):
    for i in range(LIMIT):
        _try(client, "organizer", f"guess-{i}", address=f"10.0.1.{i + 1}")
    assert _try(client, "organizer", "pw-organizer", address="10.0.2.1").status_code == 429
    assert not _logged_in(client)


@pytest.mark.django_db
def test_lockout_page_speaks_vietnamese(client, role_users):
    for i in range(LIMIT):
        _try(client, "observer", f"guess-{i}")
    response = _try(client, "observer", "pw-observer")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Đăng nhập tạm thời bị khóa" in page
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{minutes} phút" in page
    assert "cán bộ tổ chức" in page  # whom to ask for an unlock
    assert "<html" in page  # the site's layout, not a bare text response
    assert 'lang="vi"' in page


@pytest.mark.django_db
def test_lockout_answer_to_a_script_is_json_in_vietnamese_without_open_cors(client, role_users):
    for i in range(LIMIT):
        _try(client, "observer", f"guess-{i}")
    response = _try(client, "observer", "pw-observer", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    body = json.loads(response.content)
    assert "tạm thời bị khóa" in body["detail"]
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, role_users, django_user_model):
    django_user_model.objects.create_superuser("root", password="pw-root-2025")
    for i in range(LIMIT):
        client.post("/admin/login/", {"username": "root", "password": f"x{i}"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        "/admin/login/", {"username": "root", "password": "pw-root-2025"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert not _logged_in(client)


@pytest.mark.django_db
def test_the_json_api_accepts_no_password():
    """The API logs nobody in: it rides on the web login's session (throttled above)."""
    from daihoi.api_urls import api

    schema = json.dumps(api.get_openapi_schema())
    assert "password" not in schema.lower()


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, role_users):
    for i in range(LIMIT):
        _try(client, "organizer", f"guess-{i}")
    assert _try(client, "organizer", "pw-organizer").status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1), tick=False):
        assert _try(client, "organizer", "pw-organizer").status_code == 302
        assert _logged_in(client)


def _lock(client, username, address="10.0.0.5"):
    for i in range(LIMIT):
        _try(client, username, f"guess-{i}", address=address)
    assert _try(client, username, "pw-" + username, address=address).status_code == 429


@pytest.mark.django_db
def test_organizer_sees_the_lockout_and_unlocks_the_user(client, role_users, organization):
    _lock(client, "delegate")
    organizer = role_users["organizer"]
    client.force_login(organizer)
    users_url = reverse("accounts:users", kwargs={"org_code": organization.code})
    unlock_url = reverse(
        "accounts:user_unlock", kwargs={"org_code": organization.code, "user_id": role_users["delegate"].pk}
    )
    with translation.override("vi"):
        page = client.get(users_url).content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert unlock_url in page
    response = client.post(unlock_url)
    assert response.status_code == 302
    page = client.get(users_url).content.decode()
    assert unlock_url not in page
    client.logout()
    # From the very device that made the failures: the account and its addresses are free again.
    assert _try(client, "delegate", "pw-delegate").status_code == 302
    assert _logged_in(client)
    entry = AuditEntry.objects.get(action="accounts.user.unlocked")
    assert entry.actor_id == organizer.pk
    assert entry.object_id == str(role_users["delegate"].pk)
    assert entry.organization_code == organization.code


@pytest.mark.django_db
def test_only_managers_of_the_users_organization_unlock(client, role_users, organization, django_user_model):
    _lock(client, "delegate")
    url = reverse(
        "accounts:user_unlock", kwargs={"org_code": organization.code, "user_id": role_users["delegate"].pk}
    )
    for role in ("presidium", "counting_committee", "observer", "delegate"):
        client.force_login(role_users[role])
        assert client.post(url).status_code == 403
    # The organizer of another organization cannot reach this user, through their own code either.
    other = Organization.objects.create(code="khac", name="Khác", kind=OrganizationKind.GRASSROOTS_BRANCH)
    stranger = django_user_model.objects.create_user("stranger", password="pw-stranger")
    RoleAssignment.objects.create(user=stranger, organization=other, role=Role.ORGANIZER)
    client.force_login(stranger)
    assert client.post(url).status_code == 403
    foreign = reverse(
        "accounts:user_unlock", kwargs={"org_code": "khac", "user_id": role_users["delegate"].pk}
    )
    assert client.post(foreign).status_code == 404
    assert client.get(url).status_code in (403, 405)
    assert not AuditEntry.objects.filter(action="accounts.user.unlocked").exists()
    # A superuser unlocks anyone.
    root = django_user_model.objects.create_superuser("root", password="pw-root-2025")
    client.force_login(root)
    assert client.post(url).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.user.unlocked", actor_id=root.pk).exists()


@pytest.mark.django_db
def test_unlock_command(client, role_users, capsys):
    _lock(client, "delegate")
    _lock(client, "observer", address="10.0.0.77")
    _lock(client, "presidium", address="10.0.0.88")
    call_command("unlock", "delegate")
    assert _try(client, "delegate", "pw-delegate").status_code == 302
    client.logout()
    assert _try(client, "observer", "pw-observer", address="10.0.0.77").status_code == 429
    call_command("unlock", "--address", "10.0.0.77")  # the address and the failures made from it
    assert _try(client, "observer", "pw-observer", address="10.0.0.77").status_code == 302
    client.logout()
    assert _try(client, "presidium", "pw-presidium", address="10.0.0.88").status_code == 429
    call_command("unlock", "--all")
    assert _try(client, "presidium", "pw-presidium", address="10.0.0.88").status_code == 302
    user_entry = AuditEntry.objects.get(action="accounts.user.unlocked")
    assert (user_entry.actor_label, user_entry.object_id) == ("cli", str(role_users["delegate"].pk))
    freed = list(
        AuditEntry.objects.filter(action="accounts.login.unlocked")
        .order_by("seq")
        .values_list("data", flat=True)
    )
    assert [d.get("address") for d in freed] == ["10.0.0.77", None]
    assert freed[1]["all"] is True
    out = capsys.readouterr().out
    assert "delegate" in out


@pytest.mark.django_db
def test_unlock_command_refuses_an_unknown_user(role_users):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("unlock", "no-such-user")
