"""`daihoi restore PATH --yes`: put a backup made by `daihoi backup` back into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from daihoi.audit.services import log_action
from daihoi.audit.verify import verify_chain
from daihoi.management.dbcopy import (
    CopyError,
    check_not_live,
    pg_check_backup,
    pg_restore,
    sqlite_check_backup,
    sqlite_restore,
)


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `daihoi backup` (needs --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: everything entered since is lost.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"].expanduser().resolve()
        alias = options["database"]
        connection = connections[alias]
        try:
            if connection.vendor == "sqlite":
                check_not_live(path, connection.settings_dict["NAME"])
                sqlite_check_backup(path)
            elif connection.vendor == "postgresql":
                pg_check_backup(path)
            else:
                raise CopyError("unsupported", _("Backups support SQLite and PostgreSQL only."))
            if not options["yes"]:
                raise CopyError(
                    "not_confirmed",
                    _(
                        "Restoring replaces the whole database with %(path)s; everything entered since that "
                        "backup is lost. Run again with --yes to confirm."
                    )
                    % {"path": path},
                )
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                sqlite_restore(path, connection.connection)
            else:
                pg_restore(connection.settings_dict, path)
        except CopyError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        report = verify_chain(using=alias)
        # The restore itself continues the restored chain, so the log shows that it happened.
        with transaction.atomic(using=alias):
            log_action(
                "system.database.restored",
                actor="cli",
                data={"path": str(path), "chain_ok": report.ok, "entries": report.count},
            )
        self.stdout.write(_("Database restored from %(path)s.") % {"path": path})
        if not report.ok:
            self.stderr.write(
                _(
                    "Warning: the restored audit log is broken at #%(seq)s (%(code)s); "
                    "run `daihoi audit verify`."
                )
                % {"seq": report.seq, "code": report.problem}
            )
