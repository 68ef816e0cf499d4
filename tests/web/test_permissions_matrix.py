"""Every organization-scoped view is guarded by require_permission, and each role gets what PERMISSIONS says.

The URL tree is walked at collection time, so views added later are picked up without editing this file.
Each view is requested with GET and with POST (an empty body) by every role:

- an ungranted role gets 403 (anonymous: the login page), whatever the method;
- a granted role is never refused (403), except for a documented reason of state (STATE_REFUSALS): a view
  that refuses a role its decorator admits checks a stronger permission inline, so that action needs its
  own URL and decorator;
- a view guarded by a read permission (READ_PERMISSIONS) answers POST with 405: a change always sits behind
  the permission of that change, never behind the page's.

What the walk cannot know is which permission an action *should* need: a change put behind another write
permission (say election.manage instead of election.count) passes here. That choice is made once, in the
decorator, where the review sees it; the tests of each app check it for their actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from permission_fixtures import NAMESPACE_SETUP, STATE_REFUSALS, URL_KWARG_FIXTURES

from daihoi.accounts.permissions import PERMISSIONS, READ_PERMISSIONS

# Prefixes whose views all act on one organization's data (see docs/architecture.md, URL prefixes).
SCOPED_PREFIXES = ("o/", "c/", "e/", "t/", "audit/")

# Views under those prefixes that are deliberately not behind require_permission, and why.
ALLOW_LIST = {
    # Creating a top-level organization is for the system administrator: the view checks
    # is_superuser itself (there is no organization yet to hold a role in).
    "o/new/": "superuser, or a superior committee's organizer below it: checked in the view",
    # The province import (issue 14): for the system administrator, or the organizer of a committee above
    # the grassroots for its tree below it (province_import_scope, checked in the views and the import).
    "o/import-province/": "province_import_scope, checked in the view",
    "o/import-province/confirm/": "province_import_scope, checked in the view",
    "o/import-province/passwords.xlsx": "province_import_scope, checked in the view",
    "o/import-province/template.xlsx": "province_import_scope, checked in the view",
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
    assert set(READ_PERMISSIONS) <= set(PERMISSIONS)


def test_no_view_dispatches_on_a_posted_action_field():
    """One URL per action: a form says what it does by where it posts, not by an "action" field."""
    from pathlib import Path

    import daihoi

    offenders = [
        str(path)
        for path in Path(daihoi.__file__).parent.rglob("*.py")
        if any(
            needle in path.read_text(encoding="utf-8")
            for needle in ('POST.get("action"', "POST.get('action'", 'POST["action"]')
        )
    ]
    assert not offenders, offenders


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


def _granted(view: View, role: str) -> bool:
    return role in {r.value for r in PERMISSIONS[str(view.permission)]}


def _admitted(response: Any) -> bool:
    """The page (200), a redirect that is not to the login page, or 405 for a POST-only view."""
    return response.status_code in (200, 405) or (
        300 <= response.status_code < 400 and not _is_login_redirect(response)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", PROTECTED, ids=str)
def test_role_gets_what_permissions_grant(client, role_users, organization, view, role):
    url = _url(view, organization)
    if role != "anonymous":
        client.force_login(role_users[role])
    granted = _granted(view, role)
    response = client.get(url)
    if response.status_code == 405 and not granted:
        # A POST-only view whose method check runs first: the permission must hold for POST too.
        response = client.post(url)
    if role == "anonymous":
        assert _is_login_redirect(response), (url, response.status_code)
    elif not granted:
        assert response.status_code == 403, (url, role, response.status_code)
    else:
        if response.status_code == 403 and role in STATE_REFUSALS.get(str(view), {}):
            return
        assert _admitted(response), (url, role, response.status_code)


def post_problem(client: Any, role_users: dict[str, Any], organization: Any, view: View, role: str) -> str:
    """What is wrong with the view's answer to the role's POST (an empty body), or "" if nothing."""
    url = _url(view, organization)
    if role == "anonymous":
        client.logout()
    else:
        client.force_login(role_users[role])
    response = client.post(url)
    status = response.status_code
    if role == "anonymous":
        return "" if _is_login_redirect(response) else f"{url}: anonymous POST got {status}, not the login"
    if not _granted(view, role):
        return "" if status == 403 else f"{url}: {role} lacks {view.permission} but its POST got {status}"
    if status == 403:
        if role in STATE_REFUSALS.get(str(view), {}):
            return ""
        return (
            f"{url}: {role} holds {view.permission} yet its POST is refused: the view checks a stronger "
            "permission inline; give that action its own URL and decorator"
        )
    if status != 405 and view.permission in READ_PERMISSIONS:
        return (
            f"{url}: POST accepted ({status}) under the read permission {view.permission}: a change needs "
            "its own URL behind the permission of that change (and the page @require_safe)"
        )
    return ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", PROTECTED, ids=str)
def test_role_posts_what_permissions_grant(client, role_users, organization, view, role):
    problem = post_problem(client, role_users, organization, view, role)
    assert not problem, problem


# --- the matrix catches a weak view ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.urls("planted_views")
def test_the_post_matrix_catches_planted_weak_views(client, role_users, organization, monkeypatch):
    """Two views planted in a copy of the URLconf, found by the same walk: one changes the congress on
    POST under congress.view, one checks congress.preside inline under congress.view. The matrix must
    name both, for exactly the roles that slip through."""
    import planted_views
    from permission_fixtures import _congress

    from daihoi.congresses.models import AgendaItem

    monkeypatch.setitem(URL_KWARG_FIXTURES, ("planted", "pk"), _congress)
    walked = walk(get_resolver().url_patterns)  # the same walk, over the planted URLconf
    assert {v.name for v in PROTECTED} < {v.name for v in walked}
    planted = {v.name: v for v in walked if v.namespace == "planted"}
    assert set(planted) == {"planted:weak", "planted:inline", "planted:right_page", "planted:right_action"}
    assert all(_in_scope(v) for v in planted.values())

    staff = ["organizer", "presidium", "counting_committee", "observer"]
    weak = {r: post_problem(client, role_users, organization, planted["planted:weak"], r) for r in ROLES}
    assert {r for r, problem in weak.items() if problem} == set(staff), weak
    assert all("read permission congress.view" in weak[r] for r in staff)
    # The hole is real: the observer's empty POST did change the congress.
    assert AgendaItem.objects.filter(title=planted_views.PLANTED_TITLE).exists()

    inline = {r: post_problem(client, role_users, organization, planted["planted:inline"], r) for r in ROLES}
    assert {r for r, problem in inline.items() if problem} == set(staff), inline
    # refused to the roles the decorator admits; accepted under congress.view for those it lets through
    assert all("checks a stronger permission inline" in inline[r] for r in ("counting_committee", "observer"))
    assert all("read permission congress.view" in inline[r] for r in ("organizer", "presidium"))

    # The same views done right (their own URL and permission, the page GET-only) pass.
    right = planted["planted:right_action"], planted["planted:right_page"]
    assert not [
        (v.name, r, problem)
        for v in right
        for r in ROLES
        if (problem := post_problem(client, role_users, organization, v, r))
    ]


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
