"""The demo loaded once per fuzz module (it takes seconds): inside one transaction that is rolled back
when the module's tests are done, so the tests outside see an empty database. Module scope, not package:
pytest tears a package fixture down only after tests of other folders have already run beside it. Each test
still runs in its own savepoint (pytest-django's `db`), so what one test's garbage changed is undone
before the next."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.test.client import ClientHandler

DEMO_ORG = "vp-ubnd-tinh"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organization (code DEMO_ORG), its two congresses, elections, targets and logins."""
    from daihoi.organizations.models import Organization

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
            yield Organization.objects.get(code=DEMO_ORG)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connections.close_all()


class DjangoApp:
    """A WSGI application around Django's test handler: the test's database transaction stays open
    (Django's own WSGI handler would close the connection at the end of each request)."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=True)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        headers = [*response.items()]
        headers += [("Set-Cookie", morsel.OutputString()) for morsel in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]


@pytest.fixture
def wsgi_app() -> DjangoApp:
    """The app schemathesis calls (CSRF checks on, as in production)."""
    return DjangoApp()
