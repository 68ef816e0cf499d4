"""Content-Security-Policy: scripts come only from our static files — no inline <script>, no on…=
attribute, no eval (htmx's hx-on / js:) — so a script injected into a page is not run.

The crawl signs in as each account of `daihoi demo` and follows the links of every page it reaches (a
few pages of each kind), checking the header and the markup of each HTML answer. A scan of the template
sources covers the pages the crawl does not reach (the states the demo does not show)."""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[2] / "src" / "daihoi"
DEMO_USERS = ["tochuc", "chutich", "kiemphieu", "quansat", "daibieu", "admin", "khoi", "tuphap"]
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


class ScriptFinder(HTMLParser):
    """Inline scripts, event-handler attributes, javascript: URLs, htmx's eval'd attributes; links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and not values.get("src") and values.get("type", "").lower() in JS_TYPES:
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> at line {self.getpos()[0]}")
            if name.startswith(("hx-on", "data-hx-on")) or (
                name in ("hx-vals", "hx-vars", "hx-headers") and value.strip().startswith("js:")
            ):
                self.problems.append(f"<{tag} {name}=…> (htmx eval) at line {self.getpos()[0]}")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…> at line {self.getpos()[0]}")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


def check_policy(header: str) -> None:
    directives = {d.split()[0]: d.split()[1:] for d in header.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"], header
    assert directives["object-src"] == ["'none'"], header
    assert directives["frame-ancestors"] == ["'none'"], header
    assert "'unsafe-eval'" not in header


def test_the_policy_allows_no_inline_script():
    check_policy(settings.CONTENT_SECURITY_POLICY)


def test_no_template_holds_an_inline_script_or_handler():
    offenders = {}
    for path in sorted(SRC.rglob("templates/**/*.html")):
        finder = ScriptFinder()
        # Template tags are not HTML: blank them so the parser sees the markup around them.
        finder.feed(re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "x", path.read_text(), flags=re.S))
        if finder.problems:
            offenders[str(path.relative_to(SRC))] = finder.problems
    assert not offenders, offenders


def test_a_planted_inline_script_is_caught():
    """The checker itself: each forbidden form is found, the allowed ones are not."""
    finder = ScriptFinder()
    finder.feed(
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json" id="s">{}</script><button onclick="x()">b</button>'
        '<a href="javascript:x()">a</a><button hx-on::click="x()"></button><div hx-vals=\'js:{a: 1}\'></div>'
    )
    assert len(finder.problems) == 5, finder.problems


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client, start: str = "/", per_shape: int = 1, limit: int = 60) -> dict[str, list[str]]:
    """GET every same-site page reachable from `start` (at most `per_shape` pages whose paths differ
    only by numbers); {url: problems} for each HTML page found wanting."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = deque([start])
    problems: dict[str, list[str]] = {}
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        if "/logout" in path or path.startswith(("/static/", "/media/", "/i18n/")):
            continue
        shape = _shape(path)
        if shapes.get(shape, 0) >= per_shape:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        visited += 1
        header = response.get("Content-Security-Policy")
        if header is None:
            problems[url] = ["no Content-Security-Policy header"]
            continue
        check_policy(header)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        finder = ScriptFinder()
        finder.feed(response.content.decode())
        if finder.problems:
            problems[url] = finder.problems
        for href in finder.links:
            href = urldefrag(href)[0]
            if href.startswith("/") and not href.startswith("//"):
                queue.append(href)
    assert visited >= 10, f"the crawl from {start} reached only {visited} pages"
    return problems


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_of_the_demo_runs_without_inline_script(client):
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    users = get_user_model().objects.in_bulk(DEMO_USERS, field_name="username")
    assert set(users) == set(DEMO_USERS)
    found: dict[str, dict[str, list[str]]] = {}
    for username in DEMO_USERS:
        client.force_login(users[username])
        found[username] = crawl(client)
        if username == "admin":  # Django's admin site too
            found["admin /admin/"] = crawl(client, "/admin/", limit=25)
        client.logout()
    # Anonymous: the login page, the lockout page's layout, the API docs' redirect.
    for url in ("/accounts/login/", "/api/docs"):
        response = client.get(url)
        check_policy(response["Content-Security-Policy"])
        finder = ScriptFinder()
        finder.feed(response.content.decode())
        assert not finder.problems, (url, finder.problems)
    assert not any(found.values()), found
