"""`flush` that also works with the audit log's append-only triggers, and starts a new audit chain.

SQLite has no TRUNCATE: Django's flush empties tables with DELETE, which the audit triggers refuse.
Emptying the whole database is an administrator's act (and what the test suite does between
transactional tests), so the triggers are dropped for that one operation and put back afterwards.
PostgreSQL flushes with TRUNCATE, which the row triggers do not see.

An emptied database gets a new audit chain whose first entry (`system.audit.chain_started`, reason
"flush") is signed with the installation's key: log_action refuses to append to an empty log, and
`daihoi audit verify` fails on one, so that emptying the log with SQL shows.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from daihoi.audit import triggers
from daihoi.audit.services import start_chain


class Command(DjangoFlush):
    def handle(self, **options: Any) -> None:
        alias = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[alias]
        if connection.vendor != "sqlite":
            super().handle(**options)
        else:
            with triggers.suspended(connection):
                super().handle(**options)
        from daihoi.audit.models import AuditEntry

        if alias == DEFAULT_DB_ALIAS and not AuditEntry.objects.exists():  # not when flush was declined
            with transaction.atomic(using=alias):
                start_chain("flush", actor="cli")
