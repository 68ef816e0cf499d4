"""Who may do what: an independent, hand-written table of (action, role) -> allowed.

Unlike tests/web/test_permissions_matrix.py, nothing here is read from the views: each row says, from the
rules (spec and docs/security.md), which roles an action is for. Every action is requested with the
method it is done with (POSTs for changes, the API's POST endpoints with a valid body), by every role:

    organizer, presidium, counting_committee, observer, delegate  (roles in organization A)
    outsider                                                      (the organizer of organization B)
    branch_organizer, branch_observer                             (roles in branch cb1 of A only)
    anonymous

"Refused" is 403 or 404 (401 for the API's anonymous, the login page for the site's); anything else
(200, a redirect, 400/409/422 for a refused *input*) is "allowed": the request got past the access
checks. A 500 always fails. Each request runs in a savepoint rolled back afterwards, so every role meets
the same state.

Three passes:
- A's URLs: the table as written; branch roles reach nothing of A's (their role is in a branch).
- cb1's URLs (branch cb1 of A): A's roles reach it (a role covers the branches below), the branch
  organizer acts as an organizer and the branch observer as an observer, with BRANCH_EXCEPTIONS.
- cross-organization: A's organizer (every permission in A) requests A's URLs with B's object ids, one
  kind at a time and all at once, and POSTs B's object ids in the fields that take ids: all refused.

A URL that is not in the table fails test_every_url_is_in_the_table: a new view needs its row.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from access_world import ROLES, World, build_world
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

ORG = frozenset({"organizer"})
PRESIDE = frozenset({"organizer", "presidium"})  # the presidium runs the congress
CHECKIN = PRESIDE  # the desk: organizer and presidium
COUNT = frozenset({"organizer", "counting_committee"})  # the count and its figures before announcement
MANAGE_ELECTION = PRESIDE  # the ballot list and the election's steps
AUDIT = frozenset({"organizer", "observer"})
STAFF = frozenset({"organizer", "presidium", "counting_committee", "observer"})
EVERYONE = STAFF | {"delegate"}  # every role held in the organization
DELEGATE = frozenset({"delegate"})  # the congress's own delegate, checked in
NOBODY: frozenset[str] = frozenset()  # the system administrator only

G, P, GP = ("GET",), ("POST",), ("GET", "POST")

# URL name -> (methods, roles allowed at the organization's own URL). Kwargs come from the world.
TABLE: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    # users of the organization
    "accounts:users": (G, ORG),
    "accounts:user_create": (GP, ORG),
    "accounts:user": (G, ORG),
    "accounts:role_grant": (P, ORG),
    "accounts:role_revoke": (P, ORG),
    "accounts:user_deactivate": (P, ORG),
    "accounts:user_activate": (P, ORG),
    "accounts:user_unlock": (P, ORG),
    "accounts:user_link_accept": (P, ORG),
    "accounts:user_link_decline": (P, ORG),
    "audit:log": (G, AUDIT),
    # the roll
    "organizations:create": (GP, NOBODY),
    "organizations:detail": (G, EVERYONE),
    "organizations:edit": (GP, ORG),
    "organizations:deactivate": (P, ORG),
    "organizations:branch_create": (GP, ORG),
    "organizations:member_list": (G, STAFF),
    "organizations:member_create": (GP, ORG),
    "organizations:member_edit": (GP, ORG),
    "organizations:member_deactivate": (GP, ORG),
    "organizations:member_reactivate": (P, ORG),
    "organizations:roll_import": (GP, ORG),
    "organizations:roll_template": (G, STAFF),
    "organizations:roll_export": (G, STAFF),
    "organizations:tree": (G, STAFF),
    # the congress
    "congresses:list": (G, STAFF),
    "congresses:create": (P, ORG),
    "congresses:detail": (G, STAFF),
    "congresses:generate": (P, ORG),
    "congresses:convene": (P, ORG),
    "congresses:open": (P, PRESIDE),
    "congresses:close": (GP, PRESIDE),
    "congresses:delete": (P, ORG),
    "congresses:archive": (P, ORG),
    "congresses:delegates": (G, STAFF),
    "congresses:agenda_add": (P, PRESIDE),
    "congresses:agenda_current": (P, PRESIDE),
    "congresses:vote_create": (P, PRESIDE),
    "congresses:vote": (G, STAFF),
    "congresses:desk": (GP, CHECKIN),
    "congresses:desk_undo": (P, CHECKIN),
    "congresses:attendance": (G, CHECKIN),
    "congresses:quorum": (G, STAFF),
    "congresses:projector": (G, STAFF),
    "congresses:projector_state": (G, STAFF),
    "congresses:cards": (G, STAFF),
    "congresses:card": (G, STAFF),
    "congresses:credentials": (G, STAFF),
    "congresses:documents": (G, EVERYONE),
    "congresses:document_upload": (P, ORG),
    "congresses:document": (G, EVERYONE),
    "congresses:document_comment": (P, DELEGATE),  # staff who are not its delegates do not comment
    "congresses:document_file": (G, EVERYONE),
    "congresses:comments_export": (G, STAFF),
    # the dossier: the page and a document stating no count (the programme) for the staff
    "congresses:dossier": (G, STAFF),
    "congresses:dossier_file": (G, STAFF),
    "congresses:dossier_numbers": (P, ORG),
    "dossier_docs:approval_dossier": (G, COUNT),  # it holds the world's counts, not yet announced
    # the hall laptop's signed package (docs/transfer.md): export a closed congress, import into the server
    "transfer:export": (GP, ORG),
    "transfer:packages": (G, STAFF),
    "transfer:import": (P, ORG),
    "transfer:trust": (P, ORG),
    # approval by the superior (chuẩn y): the congress's side. The world's congress has no approved
    # submission (its decision is 404 to all); the roles are tested in tests/seasons/test_approval_pages.py.
    "approval:congress": (G, STAFF),
    "approval:submit": (P, ORG),
    "approval:congress_decision": (G, NOBODY),
    # the superior's inbox; the world's organizations are no superior: no submission is addressed to them,
    # so a submission's pages are 404 to all (tests/seasons/test_approval_pages.py: superior, peer, lower)
    "approval:inbox": (G, STAFF),
    "approval:review": (G, NOBODY),
    "approval:approve": (P, NOBODY),
    "approval:return": (P, NOBODY),
    "approval:dossier": (G, NOBODY),
    "approval:decision": (G, NOBODY),
    "congresses:delegate_add": (P, ORG),
    "congresses:delegate_guest": (P, ORG),
    "congresses:delegate_replace": (P, ORG),
    "congresses:delegate_link": (P, ORG),
    "congresses:delegate_convene": (P, ORG),
    "congresses:delegate_unconvene": (P, ORG),
    "congresses:delegate_absence": (P, ORG),
    "congresses:vote_open": (P, PRESIDE),
    "congresses:vote_record": (P, PRESIDE),
    "congresses:vote_close": (P, PRESIDE),
    "congresses:vote_delete": (GP, PRESIDE),
    # elections (the world's election is counted, not yet announced)
    "elections:list": (G, STAFF),
    "elections:detail": (G, STAFF),
    "elections:create": (P, MANAGE_ELECTION),
    "elections:news": (G, STAFF),
    "elections:news_save": (P, MANAGE_ELECTION),
    "elections:ballots": (G, MANAGE_ELECTION),
    "elections:count": (GP, COUNT),
    "elections:totals": (GP, COUNT),
    "elections:reconcile": (GP, COUNT),
    "elections:result": (G, COUNT),  # figures not yet announced
    "elections:minutes": (G, COUNT),  # figures not yet announced
    "elections:elected": (G, COUNT),  # figures not yet announced
    "elections:log": (G, COUNT),
    "elections:prepare_vote": (P, MANAGE_ELECTION),
    "elections:decide_seats": (P, MANAGE_ELECTION),
    "elections:nominate": (P, MANAGE_ELECTION),
    "elections:remove_nominee": (P, MANAGE_ELECTION),
    "elections:withdraw": (P, MANAGE_ELECTION),
    "elections:decide_withdrawal": (P, MANAGE_ELECTION),
    "elections:opinion": (P, MANAGE_ELECTION),
    "elections:approve_list": (P, MANAGE_ELECTION),
    "elections:add_to_round": (P, MANAGE_ELECTION),
    "elections:next_round": (P, MANAGE_ELECTION),
    "elections:decline_next_round": (GP, MANAGE_ELECTION),
    "elections:delete": (GP, MANAGE_ELECTION),
    "elections:superior_approve": (P, MANAGE_ELECTION),
    "elections:announce": (P, COUNT),  # the head of the counting committee announces
    "elections:counts": (P, COUNT),
    "elections:mode": (P, COUNT),
    "elections:resolve": (P, COUNT),
    "elections:close_round": (P, COUNT),
    # voting on phones: the desk's binding codes and revocations, the poll control, the paper-ballot desk
    "voting_staff:phones": (G, CHECKIN),
    "voting_staff:phone_code": (P, CHECKIN),
    "voting_staff:phone_revoke": (GP, CHECKIN),
    "voting_staff:paper_desk": (GP, COUNT),
    "voting_staff:paper_list": (G, COUNT),
    "voting_staff:poll": (G, STAFF),  # counts of who voted only, never a result
    "voting_staff:poll_open": (P, MANAGE_ELECTION),
    "voting_staff:poll_extend": (P, MANAGE_ELECTION),
    "voting_staff:poll_close": (GP, MANAGE_ELECTION),
    "voting_staff:poll_progress": (G, STAFF),
    "voting_staff:vote_phones": (G, STAFF),  # an open vote is public
    "voting_staff:ceremony": (G, STAFF),  # the key holders' steps, the election key's fingerprint
    "voting_staff:ceremony_progress": (G, STAFF),
    "voting_staff:ceremony_start": (P, MANAGE_ELECTION),
    "voting_staff:ceremony_reissue": (P, MANAGE_ELECTION),
    "voting_staff:ceremony_cancel": (P, MANAGE_ELECTION),
    # targets of the resolution
    "targets:dashboard": (G, STAFF),
    "targets:extract": (GP, ORG),
    "targets:proposal_row": (G, ORG),
    "targets:confirm": (P, ORG),
    "targets:ratings": (G, STAFF),
    "targets:ratings_save": (P, ORG),
    "targets:ratings_import": (P, ORG),
    "targets:ratings_template": (G, STAFF),
    "targets:discipline": (G, STAFF),
    "targets:discipline_record": (P, ORG),
    "targets:actuals": (G, STAFF),
    "targets:actuals_save": (P, ORG),
    "targets:actuals_template": (G, STAFF),
    "targets:actuals_import": (P, ORG),
    "targets:actuals_import_confirm": (P, ORG),
    "targets:report": (G, STAFF),
    "targets:report_download": (G, STAFF),
    "targets:resolution_download": (G, STAFF),
    "targets:data_download": (G, STAFF),
    # the season of a superior committee (the world's organizations hold one each, see access_world)
    "seasons:list": (G, STAFF),
    "seasons:create": (P, ORG),
    "seasons:plan": (G, STAFF),
    "seasons:entry_save": (P, ORG),
    "seasons:plan_xlsx": (G, STAFF),
    "seasons:allocation": (G, STAFF),
    "seasons:allocate": (P, ORG),
    # the JSON API
    "api:list_entries": (G, AUDIT),
    "api:list_members": (G, STAFF),
    "api:check_in": (P, CHECKIN),
    "api:undo": (P, CHECKIN),
    "api:live_quorum": (G, STAFF),
    "api:enter_ballot": (P, COUNT),
    "api:reconciliation": (G, COUNT),
    "api:result": (G, COUNT),  # figures not yet announced
    "api:extract": (P, ORG),
    "api:progress": (G, STAFF),
    "api:poll_progress": (G, STAFF),  # who voted in figures, never a result
    # the superior's delegates' congress of a season (issue 14): read by its staff, changed by its organizer
    "upper:page": (G, STAFF),
    "upper:create": (P, ORG),
    "upper:ex_officio_add": (P, ORG),
    "upper:ex_officio_remove": (P, ORG),
    "upper:ex_officio_move": (P, ORG),
    "upper:ex_officio_import": (P, ORG),
    "upper:build": (P, ORG),
    "upper:credentials": (G, STAFF),
    "upper:credentials_check": (P, ORG),
    "upper:credentials_flag": (P, ORG),
    "upper:credentials_clear": (P, ORG),
    "upper:credentials_replace": (P, ORG),
}

LOGGED_IN = frozenset(ROLES) - {"anonymous"}
# URLs not under an organization: (methods, roles allowed). The link request is addressed to the outsider.
UNSCOPED: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "home": (G, LOGGED_IN),
    "accounts:password_change": (G, LOGGED_IN),
    "accounts:link_requests": (G, LOGGED_IN),
    "accounts:link_accept": (P, frozenset({"outsider"})),
    "accounts:link_decline": (P, frozenset({"outsider"})),
    # the province import: a superuser or a superior committee's organizer (the world has none)
    "organizations:province_import": (GP, NOBODY),
    "organizations:province_import_confirm": (P, NOBODY),
    "organizations:province_passwords": (P, NOBODY),
    "organizations:province_template": (G, NOBODY),
}
# URLs open to everyone by design, or outside the organizations' data, and why they are not checked here.
NOT_CHECKED = {
    "accounts:login": "the login page",
    "accounts:logout": "logging out",
    "healthz": "the load balancer's health check: no data, no session (tests/deploy/test_health.py)",
    "set_language": "the language switch",
    "api:openapi-json": "the API's schema (its access is the hardening's concern)",
    "api:openapi-view": "the API's documentation page (its access is the hardening's concern)",
    "api:api-root": "ninja's root",
    # The public board of a verifiable poll: open to everyone by design (anyone may check the ballots and
    # the count; it names no voter); tested in tests/voting/test_board_pages.py.
    "board_pages:page": "a verifiable poll's public board (status, trackers, audited ballots, result)",
    "board_pages:check": "an audited ballot's check page (the check runs in the viewer's browser)",
    "board_pages:check_qr": "the check page's address as a QR code",
    # The delegate's phone: identified by its device cookie, never by a login or a role (a staff session
    # opens no ballot); tested in tests/voting/test_phone_views.py.
    "voting:phone_home": "the phone's home (its delegate's open polls and votes, else how to bind)",
    "voting:phone_bind": "the desk's one-time binding link (asks on GET, binds on POST)",
    "voting:phone_bind_typed": "the binding code typed by hand",
    "voting:phone_ballot": "a secret ballot, for the phone's delegate only",
    "voting:phone_vote": "an open vote, for the phone's delegate only",
    "voting:phone_bind_login": "binding the phone in hand with the delegate's own login (that delegate only)",
    # The phone's JSON API: the same device cookie, never a role (a staff login gets 403 without a bound
    # phone); tested in tests/voting/test_voting_api.py (403 without a device or with a revoked one, 404
    # for another congress's poll, CSRF) and tests/voting/test_e2e_mistakes.py.
    "api:phone": "the phone's home as JSON, for the phone's delegate only",
    "api:cast": "a secret ballot cast by the phone's delegate",
    "api:open_vote_choice": "an open vote's choice made by the phone's delegate",
    # A key holder's device: identified by the token of its one-time link (cookie or header), never by a
    # login or a role; tested in tests/voting/test_ceremony_views.py (403 without a valid token, CSRF).
    "trustee:home": "the key holder's device page (the token's cookie)",
    "trustee:join": "the key holder's one-time link (asks on GET, keeps the token on POST)",
    "api:trustee_state": "the ceremony as the key holder's device sees it",
    "api:trustee_comm_key": "a key holder's communication key",
    "api:trustee_deal": "a key holder's deal",
    "api:trustee_confirmation": "a key holder's confirmation",
    "api:trustee_complaint": "a key holder's complaint",
    "api:trustee_polls": "the polls awaiting the key holder's decryption share",
    "api:trustee_tally": "a poll's encrypted tally for the key holder",
    "api:trustee_share": "the key holder's decryption share",
    "api:cast_encrypted": "an encrypted secret ballot cast by the phone's delegate",
    "api:audited_ballot": "a challenged (audited) ballot posted by the phone's delegate",
    "api:poll_manifest": "a verifiable poll's manifest, for a phone of its congress",
    # The verifiable poll's board is public by design (docs/verifiable-voting.md §5): anyone may verify;
    # tested in tests/voting/test_verifiable_api.py.
    "board:board_json": "a verifiable poll's public board (JSON)",
}
ADMIN_PREFIX = "admin/"  # Django's admin: staff superusers only, Django's own checks

# POST bodies (form fields) some actions need to get past validation to their access check.
API_BODIES = {
    "api:check_in": {"code": "000000"},
    "api:undo": {"reason": "nhầm"},
    "api:enter_ballot": {"clerk": 1, "position": 1, "text": "1"},
    "api:extract": {"text": "Kết nạp 10 đảng viên"},
}

# At a branch's URL, where the rule differs from "the branch organizer acts as an organizer and the
# branch observer as an observer": importing replaces rows across the whole roll.
BRANCH_EXCEPTIONS = {
    "organizations:roll_import": ORG,
}


# ------------------------------------------------------------------------------------ the URL tree


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            found += _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else str(pattern.name)
            found.append((name, route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))))
    return found


ROUTES = {name: (route, kwargs) for name, route, kwargs in _walk(get_resolver().url_patterns)}


def test_every_url_is_in_the_table():
    """A URL without its row fails here: add it to TABLE (or UNSCOPED / NOT_CHECKED) with who may use it."""
    known = set(TABLE) | set(UNSCOPED) | set(NOT_CHECKED)
    missing = sorted(
        f"{name} ({route})"
        for name, (route, _kwargs) in ROUTES.items()
        if name not in known and not route.startswith(ADMIN_PREFIX)
    )
    assert not missing, f"URLs missing from the access table: {missing}"
    stale = sorted(known - set(ROUTES))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_the_table_covers_every_post_action():
    """Sanity: the table really sends POSTs (to the views and to the API)."""
    posts = [name for name, (methods, _roles) in TABLE.items() if "POST" in methods]
    assert len(posts) >= 60
    assert {"api:check_in", "api:undo", "api:enter_ballot", "api:extract"} <= set(posts)


# ------------------------------------------------------------------------------------ requests

ROUND_NUMBER = 1
FORMATS = {"fmt": "pdf"}
FORMAT_OVERRIDES = {"congresses:comments_export": "xlsx"}


def _path(name: str, values: dict[str, Any]) -> str:
    route, kwargs = ROUTES[name]
    path = route
    for kwarg in kwargs:
        path = re.sub(r"<(?:\w+:)?" + kwarg + ">", str(values[kwarg]), path)
    return "/" + path


def _values(world: World, side: Any, name: str) -> dict[str, Any]:
    ids = dict(side.ids)
    if name.startswith("elections:") and name not in ("elections:list", "elections:create"):
        ids["pk"] = side.ids["election"]
    if name.startswith("accounts:link_"):
        ids["request_id"] = world.a.ids["own_request_id"]
    ids.setdefault("submission_pk", 1)  # no submission is addressed to the world's organizations
    return {
        "org_code": side.org.code,
        "number": ROUND_NUMBER,
        "year": 2021,
        "fmt": FORMAT_OVERRIDES.get(name, "pdf"),
        "key": "programme",
        **ids,
    }


# Fields naming the world's own objects, for actions that look their object up before anything else.
OWN_BODIES = {
    "congresses:delegate_convene": {"delegate": "delegate"},
    "congresses:delegate_unconvene": {"delegate": "delegate"},
    "congresses:delegate_absence": {"delegate": "delegate"},
    "elections:withdraw": {"candidate": "candidate"},
    "elections:decide_withdrawal": {"candidate": "candidate"},
    "elections:remove_nominee": {"candidate": "candidate"},
    "targets:discipline_record": {"member": "member"},
}


def _send(client: Any, name: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    if name.startswith("api:") and method == "POST":
        return client.post(path, json.dumps(API_BODIES.get(name, {})), content_type="application/json")
    if method == "POST":
        return client.post(path, body or {})
    return client.get(path)


def _outcome(name: str, role: str, response: Any) -> str:
    """'allowed', 'refused' or a description of what is wrong."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status == 405:
        return "405: the table lists a method this URL does not take"
    if role == "anonymous":
        if name.startswith("api:"):
            return "refused" if status == 401 else f"anonymous got {status}, not 401"
        location = response.get("Location", "") if 300 <= status < 400 else ""
        return "refused" if "/accounts/login/" in location else f"anonymous got {status}, not the login page"
    return "refused" if status in (403, 404, 401) else "allowed"


def _try(client: Any, world: World, role: str, name: str, method: str, path: str, body: Any = None) -> str:
    sid = transaction.savepoint()
    try:
        return _outcome(name, role, _send(world.clients[role], name, method, path, body))
    finally:
        transaction.savepoint_rollback(sid)


@pytest.fixture(scope="module")
def shared_world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The world is built once for the module, inside a transaction rolled back at its end; each test
    (pytest-django's `db`) runs in a savepoint inside it, and each request in a savepoint of its own."""
    from django.test import Client, override_settings

    # Sessions in signed cookies: each role's client logs in once for the module (no session rows to be
    # rolled back with a request's savepoint).
    engine = "django.contrib.sessions.backends.signed_cookies"
    with override_settings(SESSION_ENGINE=engine), django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            world = build_world()
            for role in ROLES:
                world.clients[role] = Client()
                if role != "anonymous":
                    world.clients[role].force_login(world.users[role])
            yield world
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def world(shared_world: World, db: Any) -> World:
    return shared_world


def _check(client: Any, world: World, name: str, side: Any, expected: dict[str, bool]) -> list[str]:
    methods, _roles = TABLE.get(name) or UNSCOPED[name]
    path = _path(name, _values(world, side, name))
    body = {field: side.ids[key] for field, key in OWN_BODIES.get(name, {}).items()}
    problems = []
    for method in methods:
        for role, allowed in expected.items():
            got = _try(client, world, role, name, method, path, body)
            want = "allowed" if allowed else "refused"
            if got != want:
                problems.append(f"{method} {path} as {role}: {got}, expected {want}")
    return problems


# ------------------------------------------------------------------------------------ pass 1: A's URLs


@pytest.mark.parametrize("name", sorted(TABLE))
def test_access_at_the_organization(client, world, name):
    _methods, allowed = TABLE[name]
    expected = {role: role in allowed for role in ROLES}
    problems = _check(client, world, name, world.a, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(UNSCOPED))
def test_access_outside_organizations(client, world, name):
    _methods, allowed = UNSCOPED[name]
    problems = _check(client, world, name, world.a, {role: role in allowed for role in ROLES})
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------ pass 2: a branch


def _at_branch(allowed: frozenset[str], role: str) -> bool:
    if role == "branch_organizer":
        return "organizer" in allowed
    if role == "branch_observer":
        return "observer" in allowed
    return role in allowed


# Rows with no branch form.
BRANCH_SKIP = {
    "organizations:create": "not under an organization's URL",
    **dict.fromkeys(
        (
            "upper:page",
            "upper:create",
            "upper:ex_officio_add",
            "upper:ex_officio_remove",
            "upper:ex_officio_move",
            "upper:ex_officio_import",
            "upper:build",
        ),
        "a season belongs to a superior committee, never to a branch",
    ),
}


@pytest.mark.parametrize("name", sorted(n for n in TABLE if n not in BRANCH_SKIP))
def test_access_at_a_branch(client, world, name):
    _methods, allowed = TABLE[name]
    exception = BRANCH_EXCEPTIONS.get(name)
    expected = {
        role: (role in exception) if exception is not None else _at_branch(allowed, role) for role in ROLES
    }
    problems = _check(client, world, name, world.cb1, expected)
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------ pass 3: B's ids

OBJECT_KWARGS = ("pk", "congress_pk", "congress_id", "election_id", "vote_id", "delegate_id", "doc_id",
                 "member_id", "user_id", "request_id", "poll_id", "season_pk")  # fmt: skip
CROSS = sorted(n for n in TABLE if set(ROUTES[n][1]) & set(OBJECT_KWARGS))


@pytest.mark.parametrize("name", CROSS)
def test_another_organizations_objects_are_refused(client, world, name):
    """A's organizer, with every permission in A, names B's objects in A's URLs: never reached."""
    methods, _roles = TABLE[name]
    own = _values(world, world.a, name)
    other = _values(world, world.b, name)
    kinds = [k for k in ROUTES[name][1] if k in OBJECT_KWARGS]
    variants = [{**own, k: other[k]} for k in kinds]
    if len(kinds) > 1:
        variants.append({**own, **{k: other[k] for k in kinds}})
    problems = []
    for values in variants:
        path = _path(name, values)
        for method in methods:
            got = _try(client, world, "organizer", name, method, path)
            if got != "refused":
                problems.append(f"{method} {path}: {got}, expected refused (B's object under A's URL)")
    assert not problems, "\n".join(problems)


# POSTed fields naming objects: (URL name, field, key in Side.ids or member_codes).
POSTED_IDS = [
    ("congresses:agenda_current", "item", "item"),
    ("congresses:delegate_convene", "delegate", "delegate"),
    ("congresses:delegate_unconvene", "delegate", "delegate"),
    ("congresses:delegate_absence", "delegate", "delegate"),
    ("congresses:delegate_add", "member_code", "member_code"),
    ("elections:decide_seats", "vote", "vote"),
    ("elections:approve_list", "vote", "vote"),
    ("elections:withdraw", "candidate", "candidate"),
    ("elections:decide_withdrawal", "candidate", "candidate"),
    ("elections:remove_nominee", "candidate", "candidate"),
    ("targets:discipline_record", "member", "member"),
]


@pytest.mark.parametrize(("name", "field", "key"), POSTED_IDS, ids=lambda v: str(v))
def test_posted_ids_of_another_organization_change_nothing_there(client, world, name, field, key):
    """B's object named in a POST to A's URL: refused or rejected, and nothing of B's changes."""
    from daihoi.audit.models import AuditEntry

    values = _values(world, world.a, name)
    other = {**world.b.ids, **world.b.member_codes}
    before = AuditEntry.objects.filter(organization_code=world.b.org.code).count()
    sid = transaction.savepoint()
    try:
        client = world.clients["organizer"]
        body = {field: other[key], "reason": "x", "accepted": "1", "proposal": "allow", "confirmed": "1"}
        response = client.post(_path(name, values), body)
        assert response.status_code < 500, response.status_code
        after = AuditEntry.objects.filter(organization_code=world.b.org.code).count()
        assert after == before, f"{name}: B's objects changed through A's URL"
    finally:
        transaction.savepoint_rollback(sid)
