"""The organizer manages the organization's users and roles; every change is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from daihoi.accounts import services
from daihoi.accounts.models import Role, RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.audit.verify import verify_chain
from daihoi.organizations.models import Organization, OrganizationKind

User = get_user_model()


def _new(organizer, organization, username="nva", roles=("delegate",)):
    return services.create_user(
        actor=organizer,
        organization=organization,
        username=username,
        full_name="Nguyễn Văn An",
        password="Mat-khau-2025",
        roles=list(roles),
    )


@pytest.mark.django_db
def test_create_user_grants_roles_and_audits(role_users, organization):
    user = _new(role_users["organizer"], organization, roles=["delegate", "observer"])
    assert user.get_full_name() == "Nguyễn Văn An"
    assert user.check_password("Mat-khau-2025")
    assert set(user.roles.values_list("role", flat=True)) == {"delegate", "observer"}
    actions = list(
        AuditEntry.objects.filter(organization_code=organization.code).values_list("action", flat=True)
    )
    assert actions == ["accounts.user.created", "accounts.role.granted", "accounts.role.granted"]
    assert "Mat-khau-2025" not in str(list(AuditEntry.objects.values_list("data", flat=True)))
    assert verify_chain().ok


@pytest.mark.django_db
def test_create_user_refusals_carry_codes(role_users, organization):
    _new(role_users["organizer"], organization)
    with pytest.raises(services.AccountError) as taken:
        _new(role_users["organizer"], organization, username="NVA")
    assert taken.value.code == "username_taken"
    with pytest.raises(services.AccountError) as no_role:
        _new(role_users["organizer"], organization, username="other", roles=[])
    assert no_role.value.code == "no_role"
    with pytest.raises(services.AccountError) as bad_role:
        _new(role_users["organizer"], organization, username="third", roles=["king"])
    assert bad_role.value.code == "invalid_role"
    assert not User.objects.filter(username__in=["other", "third"]).exists()


@pytest.mark.django_db
def test_grant_and_revoke(role_users, organization):
    organizer, delegate = role_users["organizer"], role_users["delegate"]
    services.grant_role(actor=organizer, organization=organization, user=delegate, role="presidium")
    with pytest.raises(services.AccountError) as again:
        services.grant_role(actor=organizer, organization=organization, user=delegate, role="presidium")
    assert again.value.code == "role_exists"
    services.revoke_role(actor=organizer, organization=organization, user=delegate, role="presidium")
    assert not RoleAssignment.objects.filter(user=delegate, role="presidium").exists()
    with pytest.raises(services.AccountError) as missing:
        services.revoke_role(actor=organizer, organization=organization, user=delegate, role="presidium")
    assert missing.value.code == "role_missing"
    granted = AuditEntry.objects.get(action="accounts.role.granted")
    revoked = AuditEntry.objects.get(action="accounts.role.revoked")
    assert granted.data == revoked.data == {"username": "delegate", "role": "presidium"}
    assert revoked.actor == organizer


@pytest.mark.django_db
def test_last_organizer_cannot_be_revoked_or_deactivated(role_users, organization, django_user_model):
    organizer = role_users["organizer"]
    with pytest.raises(services.AccountError) as info:
        services.revoke_role(actor=organizer, organization=organization, user=organizer, role="organizer")
    assert info.value.code == "last_organizer"
    admin = django_user_model.objects.create_superuser("admin", password="x")
    with pytest.raises(services.AccountError) as info:
        services.set_active(actor=admin, organization=organization, user=organizer, active=False)
    assert info.value.code == "last_organizer"
    second = _new(organizer, organization, username="second", roles=["organizer"])
    services.revoke_role(actor=second, organization=organization, user=organizer, role="organizer")
    assert not RoleAssignment.objects.filter(user=organizer, role="organizer").exists()


@pytest.mark.django_db
def test_deactivated_user_cannot_log_in_and_is_audited(client, role_users, organization):
    organizer, delegate = role_users["organizer"], role_users["delegate"]
    services.set_active(actor=organizer, organization=organization, user=delegate, active=False)
    delegate.refresh_from_db()
    assert not delegate.is_active
    assert not client.login(username="delegate", password="pw-delegate")
    assert AuditEntry.objects.filter(action="accounts.user.deactivated", object_id=str(delegate.pk)).exists()
    services.set_active(actor=organizer, organization=organization, user=delegate, active=True)
    assert client.login(username="delegate", password="pw-delegate")


@pytest.mark.django_db
def test_deactivation_refusals(role_users, organization):
    organizer, observer = role_users["organizer"], role_users["observer"]
    with pytest.raises(services.AccountError) as own:
        services.set_active(actor=organizer, organization=organization, user=organizer, active=False)
    assert own.value.code == "self"
    other = Organization.objects.create(code="khac", name="Khác", kind=OrganizationKind.GRASSROOTS_BRANCH)
    RoleAssignment.objects.create(user=observer, organization=other, role=Role.OBSERVER)
    with pytest.raises(services.AccountError) as outside:
        services.set_active(actor=organizer, organization=organization, user=observer, active=False)
    assert outside.value.code == "outside_organization"
    observer.refresh_from_db()
    assert observer.is_active


# --- pages ---------------------------------------------------------------------------------------


def _url(name, organization, **kwargs):
    return reverse(f"accounts:{name}", kwargs={"org_code": organization.code, **kwargs})


@pytest.mark.django_db
def test_users_page_lists_users_with_roles(client, role_users, organization):
    client.force_login(role_users["organizer"])
    response = client.get(_url("users", organization))
    assert response.status_code == 200
    listed = {u.username: [r.value for r in roles] for u, roles in response.context["users"]}
    assert listed["counting_committee"] == ["counting_committee"]
    assert "outsider" not in listed


@pytest.mark.django_db
def test_create_user_page(client, role_users, organization):
    client.force_login(role_users["organizer"])
    data = {
        "username": "ttb",
        "full_name": "Trần Thị Bình",
        "password1": "Mat-khau-2025",
        "password2": "Mat-khau-2025",
        "roles": ["presidium"],
    }
    response = client.post(_url("user_create", organization), data)
    assert response.status_code == 302
    user = User.objects.get(username="ttb")
    assert user.roles.get().role == "presidium"
    # a mismatch and a too short password are refused with the form shown again, nothing created
    bad = client.post(_url("user_create", organization), {**data, "username": "x2", "password2": "khac"})
    assert bad.status_code == 200
    assert "password2" in bad.context["form"].errors
    short = client.post(
        _url("user_create", organization), {**data, "username": "x3", "password1": "abc", "password2": "abc"}
    )
    assert "password1" in short.context["form"].errors
    assert not User.objects.filter(username__in=["x2", "x3"]).exists()


@pytest.mark.django_db
def test_grant_revoke_deactivate_pages(client, role_users, organization):
    client.force_login(role_users["organizer"])
    delegate = role_users["delegate"]
    detail = _url("user", organization, user_id=delegate.pk)
    assert client.get(detail).status_code == 200
    assert (
        client.post(_url("role_grant", organization, user_id=delegate.pk), {"role": "observer"})["Location"]
        == detail
    )
    assert RoleAssignment.objects.filter(user=delegate, role="observer").exists()
    client.post(_url("role_revoke", organization, user_id=delegate.pk), {"role": "delegate"})
    assert not RoleAssignment.objects.filter(user=delegate, role="delegate").exists()
    client.post(_url("user_deactivate", organization, user_id=delegate.pk))
    delegate.refresh_from_db()
    assert not delegate.is_active
    assert client.get(_url("role_grant", organization, user_id=delegate.pk)).status_code == 405


@pytest.mark.django_db
def test_error_is_shown_as_message(client, role_users, organization):
    organizer = role_users["organizer"]
    client.force_login(organizer)
    response = client.post(
        _url("role_revoke", organization, user_id=organizer.pk), {"role": "organizer"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert RoleAssignment.objects.filter(user=organizer, role="organizer").exists()


@pytest.mark.django_db
def test_user_outside_the_organization_is_404(client, role_users, organization):
    client.force_login(role_users["organizer"])
    assert client.get(_url("user", organization, user_id=role_users["outsider"].pk)).status_code == 404
    response = client.post(
        _url("role_grant", organization, user_id=role_users["outsider"].pk), {"role": "observer"}
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(user=role_users["outsider"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["presidium", "counting_committee", "delegate", "observer", "outsider"])
def test_only_the_organizer_manages_users(client, role_users, organization, role):
    client.force_login(role_users[role])
    assert client.get(_url("users", organization)).status_code == 403
    target = role_users["delegate"]
    assert (
        client.post(_url("role_grant", organization, user_id=target.pk), {"role": "organizer"}).status_code
        == 403
    )
    assert not RoleAssignment.objects.filter(user=target, role="organizer").exists()


@pytest.mark.django_db
def test_password_change(client, role_users):
    user = role_users["delegate"]
    client.force_login(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    wrong = client.post(
        url, {"old_password": "nope", "new_password1": "Moi-2025-abc", "new_password2": "Moi-2025-abc"}
    )
    assert wrong.status_code == 200
    response = client.post(
        url, {"old_password": "pw-delegate", "new_password1": "Moi-2025-abc", "new_password2": "Moi-2025-abc"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Moi-2025-abc")
    assert client.get(url).status_code == 200  # still logged in (session hash updated)
    entry = AuditEntry.objects.get(action="accounts.user.password_changed")
    assert entry.actor == user
    assert entry.data == {}


@pytest.mark.django_db
def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_home_links_to_users_and_audit_only_for_those_allowed(client, role_users, organization):
    users_url, audit_url = (
        _url("users", organization),
        reverse("audit:log", kwargs={"org_code": organization.code}),
    )
    client.force_login(role_users["organizer"])
    page = client.get(reverse("home")).content.decode()
    assert users_url in page
    assert audit_url in page
    client.force_login(role_users["observer"])
    page = client.get(reverse("home")).content.decode()
    assert users_url not in page
    assert audit_url in page
    client.force_login(role_users["delegate"])
    page = client.get(reverse("home")).content.decode()
    assert users_url not in page
    assert audit_url not in page
