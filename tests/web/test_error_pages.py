"""403, 404 and 500 answer with Vietnamese pages in the site's layout (header, menus), not Django's bare
English pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

ENGLISH = ("Forbidden", "Not Found", "Server Error", "Bad Request", "Page not found", "permission")


def _text(html: str) -> str:
    """The visible text of a page (tags, scripts and attributes dropped)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _assert_vietnamese_layout(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert '<header class="topbar">' in html
    assert 'class="brand"' in html
    assert f'data-status="{status}"' in html
    text = _text(html)
    assert heading in text
    assert "Về trang chủ" in text
    for word in ENGLISH:
        assert word not in text, f"English «{word}» on the {status} page"
    return html


@pytest.fixture
def congress(organization):
    from daihoi.congresses.models import Congress

    return Congress.objects.create(
        organization=organization,
        number=10,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=datetime.date(2025, 6, 1),
        ends_on=datetime.date(2025, 6, 2),
    )


@pytest.mark.django_db
def test_403_is_a_vietnamese_page_with_the_menus(client, role_users, congress):
    client.force_login(role_users["counting_committee"])  # may see the congress, not run the desk
    response = client.get(reverse("congresses:desk", args=[congress.organization.code, congress.pk]))
    html = _assert_vietnamese_layout(response, 403, "Bạn không có quyền mở trang này")
    assert 'class="orgbar"' in html  # the organization's sections the user may open, to go on from here
    assert "Đại hội" in _text(html)


@pytest.mark.django_db
def test_403_for_an_outsider_shows_no_section(client, role_users, organization):
    client.force_login(role_users["outsider"])
    response = client.get(reverse("organizations:detail", args=[organization.code]))
    html = _assert_vietnamese_layout(response, 403, "Bạn không có quyền mở trang này")
    assert 'class="orgbar"' not in html


@pytest.mark.django_db
def test_404_for_an_unknown_id_is_a_vietnamese_page(client, role_users, organization):
    client.force_login(role_users["organizer"])
    response = client.get(reverse("congresses:detail", args=[organization.code, 999_999]))
    _assert_vietnamese_layout(response, 404, "Không tìm thấy trang")
    unknown_org = client.get("/o/khong-co-to-chuc-nay/")
    _assert_vietnamese_layout(unknown_org, 404, "Không tìm thấy trang")


@pytest.mark.django_db
def test_404_for_an_anonymous_visitor(client, db):
    _assert_vietnamese_layout(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")


def _break_home(monkeypatch):
    import daihoi.accounts.permissions

    def boom(user):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(daihoi.accounts.permissions, "organizations_for", boom)


@pytest.mark.django_db
def test_500_is_a_vietnamese_page_in_the_layout(client, role_users, monkeypatch, settings):
    settings.DEBUG = False
    _break_home(monkeypatch)
    client.force_login(role_users["organizer"])
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    _assert_vietnamese_layout(response, 500, "Máy chủ gặp lỗi")


@pytest.mark.django_db
def test_500_page_renders_without_the_request_context(client, role_users, monkeypatch, settings):
    """When even the request's context fails (the database is the failure), the page is rendered bare."""
    import daihoi.views

    settings.DEBUG = False
    _break_home(monkeypatch)

    def render_fails(*args, **kwargs):
        raise RuntimeError("the context processors need the database too")

    monkeypatch.setattr(daihoi.views, "render", render_fails)
    client.force_login(role_users["organizer"])
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    _assert_vietnamese_layout(response, 500, "Máy chủ gặp lỗi")


@pytest.mark.django_db
def test_500_falls_back_to_vietnamese_text(client, role_users, monkeypatch, settings):
    import daihoi.views

    settings.DEBUG = False
    _break_home(monkeypatch)

    def fails(*args, **kwargs):
        raise RuntimeError("templates are broken")

    monkeypatch.setattr(daihoi.views, "render", fails)
    monkeypatch.setattr(daihoi.views.loader, "get_template", fails)
    client.force_login(role_users["organizer"])
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Máy chủ gặp lỗi" in response.content.decode()
