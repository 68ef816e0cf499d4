"""Every organization-scoped view is guarded by require_permission, and each role gets what PERMISSIONS says.

The URL tree is walked at collection time, so views added later are picked up without editing this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from permission_fixtures import NAMESPACE_SETUP, STATE_REFUSALS, URL_KWARG_FIXTURES

from daihoi.accounts.permissions import PERMISSIONS

# Prefixes whose views all act on one organization's data (see docs/architecture.md, URL prefixes).
SCOPED_PREFIXES = ("o/", "c/", "e/", "t/", "audit/")

# Views under those prefixes that are deliberately not behind require_permission, and why.
ALLOW_LIST = {
    # Creating a top-level organization is for the system administrator: the view checks
    # is_superuser itself (there is no organization yet to hold a role in).
    "o/new/": "superuser only, checked in the view",
}

ROLES = ["organizer", "presidium", "counting_committee", "delegate", "observer", "outsider", "anonymous"]


@dataclass(frozen=True)
class View:
    route: str
    name: str | None  # "namespace:name"
    namespace: str
    kwargs: tuple[str, ...]
    permission: str | None

    def __str__(self) -> str:
        return self.name or self.route


def _permission_of(callback: Any) -> str | None:
    found = getattr(callback, "required_permission", None)
    view_class = getattr(callback, "view_class", None)
    if found is None and view_class is not None:
        found = getattr(view_class, "required_permission", None) or getattr(
            view_class.dispatch, "required_permission", None
        )
    return found


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()
) -> list[View]:
    views: list[View] = []
    for pattern in patterns:
        names = tuple(getattr(pattern.pattern, "converters", {}).keys())
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            views += walk(pattern.url_patterns, route, ns, kwargs + names)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            views.append(View(route, name, namespace, kwargs + names, _permission_of(pattern.callback)))
    return views


ALL_VIEWS = walk(get_resolver().url_patterns)


def _in_scope(view: View) -> bool:
    if view.route.startswith(SCOPED_PREFIXES):
        return True
    return view.route.startswith("accounts/") and "org_code" in view.kwargs


SCOPED = [v for v in ALL_VIEWS if _in_scope(v)]
PROTECTED = [v for v in SCOPED if v.permission]


def test_the_walk_finds_the_known_views():
    """Guard against a walker that silently finds nothing."""
    names = {v.name for v in ALL_VIEWS}
    assert {"accounts:login", "accounts:users", "audit:log", "organizations:detail"} <= names
    assert len(PROTECTED) >= 5


def test_every_scoped_view_requires_a_permission():
    unguarded = [v.route for v in SCOPED if not v.permission and v.route not in ALLOW_LIST]
    assert not unguarded, f"views without @require_permission (or an ALLOW_LIST entry): {unguarded}"


def test_allow_list_has_no_stale_entries():
    routes = {v.route for v in SCOPED if not v.permission}
    assert set(ALLOW_LIST) <= routes, f"stale ALLOW_LIST entries: {set(ALLOW_LIST) - routes}"


def test_every_required_permission_exists():
    assert all(v.permission in PERMISSIONS for v in PROTECTED)


@pytest.mark.django_db
def test_allow_listed_organization_create_refuses_non_superusers(client, role_users):
    client.force_login(role_users["organizer"])
    assert client.get("/o/new/").status_code == 403


def _url(view: View, organization: Any) -> str:
    if view.namespace in NAMESPACE_SETUP:
        NAMESPACE_SETUP[view.namespace](organization)
    kwargs: dict[str, Any] = {"org_code": organization.code}
    for name in view.kwargs:
        if name == "org_code":
            continue
        # A view may need its own value (a format it offers), else its namespace's.
        factory = URL_KWARG_FIXTURES.get((str(view.name), name)) or URL_KWARG_FIXTURES.get(
            (view.namespace, name)
        )
        if factory is None:
            pytest.skip(
                f"{view.route}: no value for URL kwarg {name!r}; add ({view.namespace!r}, {name!r}) "
                "to tests/web/permission_fixtures.py"
            )
        kwargs[name] = factory(organization)
    if view.name is None:
        pytest.skip(f"{view.route}: unnamed URL pattern cannot be reversed")
    return reverse(view.name, kwargs=kwargs)


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", PROTECTED, ids=str)
def test_role_gets_what_permissions_grant(client, role_users, organization, view, role):
    url = _url(view, organization)
    if role != "anonymous":
        client.force_login(role_users[role])
    granted = role in {r.value for r in PERMISSIONS[view.permission]}
    response = client.get(url)
    if response.status_code == 405 and not granted:
        # A POST-only view whose method check runs first: the permission must hold for POST too.
        response = client.post(url)
    if role == "anonymous":
        assert _is_login_redirect(response), (url, response.status_code)
    elif not granted:
        assert response.status_code == 403, (url, role, response.status_code)
    else:
        # Admitted: the page (200), a redirect that is not to the login page, or 405 for a POST-only view.
        if response.status_code == 403 and role in STATE_REFUSALS.get(str(view), {}):
            return
        admitted = response.status_code in (200, 405) or (
            300 <= response.status_code < 400 and not _is_login_redirect(response)
        )
        assert admitted, (url, role, response.status_code)


# --- the JSON API ------------------------------------------------------------------------------

API_SCOPED = [v for v in ALL_VIEWS if v.route.startswith("api/") and "org_code" in v.kwargs]


def _api_url(view: View, organization: Any) -> str:
    url = "/" + view.route
    for name in view.kwargs:
        value = organization.code if name == "org_code" else None
        if value is None:
            factory = URL_KWARG_FIXTURES.get(("api", name))
            if factory is None:
                pytest.skip(
                    f"{view.route}: no value for API path parameter {name!r}; add ('api', {name!r}) "
                    "to tests/web/permission_fixtures.py"
                )
            value = factory(organization)
        url = url.replace(f"<{name}>", str(value))
    return url


def test_the_walk_finds_api_endpoints():
    assert any(v.route == "api/audit/<org_code>/entries" for v in API_SCOPED)


@pytest.mark.django_db
@pytest.mark.parametrize("view", API_SCOPED, ids=lambda v: v.route)
def test_api_refuses_anonymous_and_outsiders(client, role_users, organization, view):
    """Ninja endpoints have no decorator to inspect, so check behaviour: 401 anonymous, 403 outsider."""
    url = _api_url(view, organization)
    first = client.get(url)
    if first.status_code == 405:
        pytest.skip(f"{view.route}: not a GET endpoint")
    assert first.status_code == 401, (url, first.status_code)
    client.force_login(role_users["outsider"])
    assert client.get(url).status_code == 403, url
