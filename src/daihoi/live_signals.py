"""Change versions for the pages that poll (check-in desk, quorum, projector, poll and vote progress).

A polled fragment costs a few aggregate queries; 300 congresses each with desks and a projector polling
every 1-2 s would run them thousands of times a second to show, mostly, what was shown a second ago.
Instead every change that a polled page shows calls `changed(topic)`: once its transaction commits, the
topic's version (a random token) is replaced, in the "live" cache — Redis shared by every app server
when DAIHOI_REDIS_URL is set, small files under VAR_DIR/live on the hall laptop (shared by its worker
processes). A fragment's ETag is made of the versions of its topics (`etag`); a client that sends the
ETag it last saw (browsers do it by themselves: the fragments are `private, no-cache`) gets 304 and no
query runs. A change committed through one server is seen by a page served by another at its next poll.

Topics: `org:<code>` changes with every audited action of the organization (the audit log is written by
every service that changes a congress: `AuditEntry` saved → that organization's topic); `congress:<pk>`
changes with what is not audited one by one (a phone's secret ballot, a phone's open-vote choice).

A version is a random token, never a counter: writers never race on an increment, and a store that lost
its keys (Redis restarted, files removed) hands out new tokens, so no page keeps a stale fragment.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

log = logging.getLogger(__name__)

PREFIX = "live:"
# Fragments may show times ("since 10:42", a deadline): a version also changes every REFRESH seconds.
REFRESH = 30


def _cache() -> Any:
    return caches["live"]


def _bump(topics: Iterable[str]) -> None:
    try:
        _cache().set_many({PREFIX + t: secrets.token_hex(8) for t in topics}, timeout=None)
    except Exception:  # the store is down: pages then always re-render (versions() fails too)
        log.warning("live versions: cannot write %s", list(topics), exc_info=True)


def changed(*topics: str) -> None:
    """The topics' pages must re-render: now if no transaction is open, else once it commits."""
    names = [t for t in topics if t]
    if names:
        transaction.on_commit(lambda: _bump(names))


def congress_topics(congress: Any) -> list[str]:
    """The topics of what a congress's live pages show."""
    return [f"org:{congress.organization.code}", f"congress:{congress.pk}"]


def versions(topics: Iterable[str]) -> list[str] | None:
    """The topics' current versions (a fresh token for a topic never seen); None if the store fails."""
    keys = [PREFIX + t for t in topics]
    try:
        cache = _cache()
        found = cache.get_many(keys)
        missing = {k: secrets.token_hex(8) for k in keys if k not in found}
        for key, token in missing.items():
            if not cache.add(key, token, timeout=None):  # another process made it first: theirs
                token = cache.get(key) or token
            found[key] = token
    except Exception:
        log.warning("live versions: cannot read %s", keys, exc_info=True)
        return None
    return [str(found[k]) for k in keys]


def etag(request: HttpRequest, topics: Iterable[str], *, refresh: int = REFRESH) -> str | None:
    """The fragment's entity tag: its topics' versions, who asks (a fragment depends on the user's
    permissions), the language and the time window. None when the versions cannot be read."""
    found = versions(topics)
    if found is None:
        return None
    user = getattr(request, "user", None)
    parts = [
        request.path,
        *found,
        str(getattr(user, "pk", "") or ""),
        str(getattr(request, "LANGUAGE_CODE", "")),
        str(int(time.time() // refresh)),
    ]
    return '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def _matches(header: str, tag: str) -> bool:
    return any(t.strip().removeprefix("W/") == tag for t in header.split(","))


def conditional(
    topics_of: Callable[..., Iterable[str]],
    *,
    refresh: int = REFRESH,
    ticking: Callable[..., bool] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Decorate a polled fragment's view (after its permission check).

    `topics_of(request, *args, **kwargs)` names the topics (`refresh`: seconds a version lasts at most;
    `ticking(request, *args, **kwargs)` true: the fragment shows a countdown, the version turns every
    second).
    A request whose If-None-Match is the current ETag gets 304 without running the view; every 200
    carries the ETag, `Cache-Control: private, no-cache` (the browser keeps it and asks again with the
    ETag each time) and `Vary: Cookie`."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            every = 1 if ticking is not None and ticking(request, *args, **kwargs) else refresh
            tag = etag(request, topics_of(request, *args, **kwargs), refresh=every)
            if tag is not None and _matches(request.headers.get("If-None-Match", ""), tag):
                response: HttpResponse = HttpResponseNotModified()
                response["ETag"] = tag
            else:
                response = view(request, *args, **kwargs)
                if tag is not None and response.status_code == 200:
                    response["ETag"] = tag
            if "Cache-Control" in response:
                del response["Cache-Control"]
            if "Expires" in response:
                del response["Expires"]
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorate


def congress_pk_topics(request: HttpRequest, org_code: str, pk: int, *args: Any, **kwargs: Any) -> list[str]:
    """`conditional`'s topics for a congress page's URL (`/c/<org_code>/<pk>/...`), once
    `require_permission` resolved the organization."""
    organization = getattr(request, "organization", None)
    return [f"org:{organization.code if organization is not None else org_code}", f"congress:{pk}"]


def timed_poll_open(request: HttpRequest, org_code: str, pk: int, *args: Any, **kwargs: Any) -> bool:
    """`conditional`'s `ticking` for a congress's page: a poll with a deadline is open (its countdown,
    on the projector and the poll's progress, is rendered by the server)."""
    from daihoi.voting.models import Poll, PollStatus

    return Poll.objects.filter(
        round__election__congress_id=pk, status=PollStatus.OPEN, deadline__isnull=False
    ).exists()


def create_version_table(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: the versions' table when they are kept in the database (PostgreSQL without Redis);
    does nothing otherwise, or when the table exists."""
    from django.conf import settings
    from django.core.management import call_command

    if getattr(sender, "name", "") != "daihoi.audit":  # once per migrate (every app sends it)
        return
    if any(str(c["BACKEND"]).endswith("db.DatabaseCache") for c in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


def audit_entry_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """post_save of AuditEntry: every audited change of an organization changes its topic."""
    code = getattr(instance, "organization_code", "")
    if created and code:
        changed(f"org:{code}")
