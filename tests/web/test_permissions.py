import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, organization):
    response = client.get(reverse("organizations:detail", kwargs={"org_code": organization.code}))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_outsider_is_refused_and_member_role_admitted(client, role_users, organization):
    url = reverse("organizations:detail", kwargs={"org_code": organization.code})
    client.force_login(role_users["outsider"])
    assert client.get(url).status_code == 403
    client.force_login(role_users["observer"])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_role_in_parent_holds_in_branch(client, role_users, organization):
    branch = organization.children.first()
    client.force_login(role_users["organizer"])
    assert client.get(reverse("organizations:detail", kwargs={"org_code": branch.code})).status_code == 200
