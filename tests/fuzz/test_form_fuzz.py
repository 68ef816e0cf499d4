"""A crawler posts garbage into every form of the demo congress and finds no server error.

As the organizer (who sees every page) and as a counting-committee member, it GETs every page reachable
from the home page (two addresses per route at most: the 53 members' edit pages are one form), collects
every <form>, and sends each one, with its CSRF token:

- every field at once with one kind of garbage (non-numeric, 20 digits, negative, 5,000 characters,
  empty, control characters), and with every field missing;
- then each field alone with a garbage value drawn from a seeded random generator, the other fields kept
  as the page filled them (so the garbage reaches the code behind the first checks).

No answer is a 5xx, and afterwards no text column holds more than its max_length (SQLite would store
it silently). Django's test client, not a browser: the whole crawl takes well under a minute.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import Resolver404, resolve

from daihoi.congresses.models import Congress

SEED = 20261202
GARBAGE = {
    "non-numeric": "abc",
    "20 digits": "99999999999999999999",
    "negative": "-99999999999999999999",
    "5,000 characters": "9" * 2500 + "Đ" * 2500,
    "empty": "",
    "control characters": "\x00\x01\x1b[31m\u202e\ufeff\u0000",
}
EXTRA = [
    "-1",
    "0",
    "²",
    "１２",
    "1e309",
    "NaN",
    "2147483648",
    "' OR 1=1 --",
    "<script>x</script>",
    "🎉" * 300,
]
# Not followed: leaving the session, switching language, the admin, files.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/admin/", "/static/", "/media/", "/api/")
SKIP_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".json", ".png")
PER_ROUTE = 2  # addresses visited per URL pattern (and query keys)


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value as the page filled it)
    files: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (_route(self.action), self.method, tuple(sorted({n for n, _ in self.fields})))


class _Page(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._selected: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        for attr in ("hx-get",):
            if a.get(attr):
                self.links.append(urljoin(self.url, a[attr]))
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or a.get("hx-get") or self.url
            method = "post" if (a.get("method", "get").lower() == "post" or a.get("hx-post")) else "get"
            self._form = Form(urljoin(self.url, action), method)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value") or "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name"):
            self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form.fields.append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select, self._selected, self._first_option = a["name"], None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._selected = value

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            name, value = self._form.fields[-1]
            self._form.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._form is not None and self._select is not None:
            chosen = self._selected if self._selected is not None else self._first_option
            self._form.fields.append((self._select, chosen or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _route(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return urlsplit(url).path


def _local(url: str) -> str | None:
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


@dataclass
class Crawl:
    pages: int = 0
    requests: int = 0
    forms: dict[tuple[str, str, tuple[str, ...]], Form] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    over_length: list[str] = field(default_factory=list)

    def check(self, response, what: str) -> None:
        self.requests += 1
        if response.status_code >= 500:
            self.errors.append(f"{response.status_code} {what}")


def crawl(client, starts: list[str], limit: int = 400) -> Crawl:
    result = Crawl()
    seen: set[str] = set()
    per_route: dict[tuple[str, tuple[str, ...]], int] = {}
    queue = list(starts)
    while queue and result.pages < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        key = (_route(url), tuple(sorted(k.split("=")[0] for k in parts.query.split("&") if k)))
        if per_route.get(key, 0) >= PER_ROUTE:
            continue
        per_route[key] = per_route.get(key, 0) + 1
        response = client.get(url)
        result.pages += 1
        result.check(response, f"GET {url}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page(url)
        page.feed(response.content.decode())
        for form in page.forms:
            result.forms.setdefault(form.key(), form)
        for link in page.links:
            local = _local(link)
            if local and local not in seen:
                queue.append(local)
    return result


def _send(client, form: Form, data: dict[str, str]) -> object:
    target = _local(form.action) or urlsplit(form.action).path
    if form.method == "get":
        return client.get(target, {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"})
    return client.post(target, data)


def fuzz_forms(client, user, result: Crawl, rng: random.Random) -> None:
    """Each form's variants inside a savepoint rolled back afterwards: what one form's garbage changed
    (an organization deactivated, a vote deleted) does not hide the next form's code; the user is signed
    in again each time (a form may sign out or change the password)."""
    for form in result.forms.values():
        if urlsplit(form.action).path.startswith(SKIP_PREFIXES):
            continue
        with transaction.atomic():
            client.force_login(user)
            _fuzz_form(client, form, result, rng)
            result.over_length += [f"after {form.action}: {row}" for row in over_length_rows()]
            transaction.set_rollback(True)


def _fuzz_form(client, form: Form, result: Crawl, rng: random.Random) -> None:
    names = [n for n, _ in form.fields if n != "csrfmiddlewaretoken"]
    token = next((v for n, v in form.fields if n == "csrfmiddlewaretoken"), "")
    base = dict(form.fields)
    variants: list[tuple[str, dict[str, str]]] = [("missing fields", {"csrfmiddlewaretoken": token})]
    for label, value in GARBAGE.items():
        variants.append((label, {"csrfmiddlewaretoken": token, **dict.fromkeys(names, value)}))
    for name in names:
        value = rng.choice([*GARBAGE.values(), *EXTRA])
        variants.append((f"{name}={value[:20]!r}", {**base, name: value}))
    for label, data in variants:
        response = _send(client, form, data)
        result.check(response, f"{form.method.upper()} {form.action} [{label}]")


def over_length_rows() -> list[str]:
    """Rows holding a text longer than its column: one query per model (all its text columns at once)."""
    found = []
    for model in apps.get_models():
        texts = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.max_length]
        if not texts:
            continue
        lengths = {f"_n{i}": Length(f.attname) for i, f in enumerate(texts)}
        over = Q()
        for i, f in enumerate(texts):
            over |= Q(**{f"_n{i}__gt": f.max_length})
        n = model._default_manager.annotate(**lengths).filter(over).count()
        if n:
            found.append(f"{model._meta.label}: {n} row(s) with a text over its column's length")
    return found


def _starts(org) -> list[str]:
    starts = ["/", f"/o/{org.code}/", f"/o/{org.code}/members/", f"/t/{org.code}/", f"/audit/{org.code}/"]
    starts += [f"/accounts/{org.code}/users/"]
    for congress in Congress.objects.filter(organization=org).order_by("-number"):
        starts += [f"/c/{org.code}/{congress.pk}/", f"/e/{org.code}/congress/{congress.pk}/"]
    return starts


@pytest.mark.slow
@pytest.mark.parametrize("login", ["tochuc", "chutich", "kiemphieu"])
def test_garbage_in_every_form_is_never_a_server_error(demo, db, client, login):
    client.raise_request_exception = False
    user = get_user_model().objects.get(username=login)
    client.force_login(user)
    started = time.monotonic()
    result = crawl(client, _starts(demo))
    fuzz_forms(client, user, result, random.Random(SEED))
    elapsed = time.monotonic() - started
    print(f"{login}: {result.pages} pages, {len(result.forms)} forms, {result.requests} requests", end="")
    print(f", {elapsed:.1f} s")
    assert result.pages > (40 if login == "tochuc" else 10)
    assert len(result.forms) > (30 if login == "tochuc" else 3)
    assert not result.errors, "\n".join(result.errors[:40])
    assert not result.over_length, "\n".join(result.over_length[:20])
