"""`flush` that also works with the audit log's append-only triggers.

SQLite has no TRUNCATE: Django's flush empties tables with DELETE, which the audit triggers refuse.
Emptying the whole database is an administrator's act (and what the test suite does between
transactional tests), so the triggers are dropped for that one operation and put back afterwards.
PostgreSQL flushes with TRUNCATE, which the row triggers do not see.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from daihoi.audit import triggers


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with triggers.suspended(connection):
            return super().handle(**options)
