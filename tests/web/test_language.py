"""The interface is Vietnamese whatever the browser's language, English only when chosen."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_english_browser_still_gets_vietnamese(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page
    assert 'lang="vi"' in page


@pytest.mark.django_db
def test_switching_to_english_sticks(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page


@pytest.mark.django_db
def test_organization_bar_shows_only_permitted_sections(client, role_users, organization):
    url = reverse("organizations:detail", kwargs={"org_code": organization.code})
    client.force_login(role_users["organizer"])
    sections = [s["label"] for s in client.get(url).context["sections"]]
    assert len(sections) == 6  # overview, members, congresses, targets, users, audit log
    client.force_login(role_users["delegate"])
    delegate_sections = client.get(url).context["sections"]
    assert [str(s["url"]) for s in delegate_sections] == [url]  # a delegate sees the overview only
