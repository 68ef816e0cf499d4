"""`daihoi backup PATH`: a consistent copy of the database, taken while the server runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from daihoi.audit.services import AuditChainError, log_action
from daihoi.management.dbcopy import CopyError, check_not_live, pg_backup, sqlite_backup


class Command(BaseCommand):
    help = "Copy the database to PATH (SQLite online backup, or pg_dump custom format on PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--during-poll",
            action="store_true",
            help="copy even while a secret-ballot poll is open on phones (destroy the copy after it closes)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"].expanduser().resolve()
        connection = connections[options["database"]]
        if not options["during_poll"] and _poll_open(options["database"]):
            # A copy taken now keeps the ballots of the open poll in the order they were cast, beside the
            # participations (docs/security.md, "Electronic voting"): the close erases that order.
            raise CommandError(
                _(
                    "A secret-ballot poll is open on the phones: a copy taken now would keep the ballots "
                    "in the order they were cast. Back up after the poll is closed (or add --during-poll, "
                    "and destroy that copy once the poll is closed)."
                ),
                returncode=2,
            )
        try:
            if connection.vendor == "sqlite":
                check_not_live(path, connection.settings_dict["NAME"])
                connection.ensure_connection()
                sqlite_backup(connection.connection, path)
            elif connection.vendor == "postgresql":
                pg_backup(connection.settings_dict, path)
            else:
                raise CopyError("unsupported", _("Backups support SQLite and PostgreSQL only."))
        except CopyError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        size = path.stat().st_size
        # Recorded after the copy (so the copy does not claim a backup that might have failed).
        try:
            with transaction.atomic(using=options["database"]):
                log_action("system.database.backed_up", actor="cli", data={"path": str(path), "bytes": size})
        except AuditChainError as exc:  # the copy is kept: it may be the evidence of what happened
            self.stderr.write(
                _("Warning: the backup could not be recorded in the audit log: %(error)s") % {"error": exc}
            )
        self.stdout.write(_("Backup written to %(path)s (%(size)s bytes).") % {"path": path, "size": size})


def _poll_open(database: str) -> bool:
    from daihoi.voting.models import Poll, PollStatus

    return Poll.objects.using(database).filter(status=PollStatus.OPEN).exists()
