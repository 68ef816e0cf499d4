"""`daihoi restore PATH --yes [--force]`: put a backup made by `daihoi backup` back into the database.

Before anything is replaced, the backup's audit log is checked (daihoi.management.backup_audit): a backup
whose append-only triggers were dropped, whose log is empty, or whose chain does not verify with this
installation's key is refused (exit 2) unless `--force`; a forced restore says so in the audit log.
After the restore the triggers are installed again, whatever the backup held.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from daihoi.audit import triggers
from daihoi.audit.keys import audit_key, current_key_id
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import log_action, start_chain
from daihoi.audit.verify import verify_chain
from daihoi.management.backup_audit import BackupAudit, pg_backup_audit, sqlite_backup_audit
from daihoi.management.dbcopy import (
    CopyError,
    check_not_live,
    pg_check_backup,
    pg_restore,
    sqlite_check_backup,
    sqlite_restore,
)


def audit_problems(state: BackupAudit) -> list[str]:
    """What is wrong with the audit log in the backup, one phrase each (empty: nothing)."""
    problems = []
    if state.missing_triggers:
        problems.append(_("its audit log's append-only triggers were dropped"))
    if state.empty:
        problems.append(_("its audit log is empty"))
    elif not state.report.ok:
        problems.append(
            _("its audit log is broken at #%(seq)s (%(code)s)")
            % {"seq": state.report.seq, "code": state.report.problem}
        )
    return problems


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `daihoi backup` (needs --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: everything entered since is lost.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even a backup whose audit log is empty, broken or lacks its triggers (audited).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"].expanduser().resolve()
        alias = options["database"]
        connection = connections[alias]
        try:
            if connection.vendor == "sqlite":
                check_not_live(path, connection.settings_dict["NAME"])
                sqlite_check_backup(path)
                state = sqlite_backup_audit(path, audit_key())
            elif connection.vendor == "postgresql":
                pg_check_backup(path)
                state = pg_backup_audit(path, audit_key())
            else:
                raise CopyError("unsupported", _("Backups support SQLite and PostgreSQL only."))
            problems = audit_problems(state)
            if problems and not options["force"]:
                raise CopyError(
                    "audit_refused",
                    _(
                        "Refused: in the backup %(path)s, %(problems)s. Someone may have tampered with it. "
                        "Run again with --force to restore it anyway (the audit log records that)."
                    )
                    % {"path": path, "problems": "; ".join(problems)},
                )
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
        connection = connections[alias]
        triggers.install(connection)  # whatever the backup held, the log is append-only again
        if state.scheme < 3:
            call_command("migrate", database=alias, verbosity=0)  # (audit.0003, audit.0005)
        report = verify_chain(using=alias)
        with transaction.atomic(using=alias):
            if not AuditEntry.objects.using(alias).exists():  # forced: the empty log starts again
                AuditHead.objects.using(alias).exclude(chain="").delete()  # heads of the emptied chains
                start_chain("restore", actor="cli")
            # Forced: from now on every chain is signed with this installation's key.
            AuditHead.objects.using(alias).exclude(key_id=current_key_id()).update(key_id=current_key_id())
            # The restore itself continues the restored chain, so the log shows that it happened.
            log_action(
                "system.database.restored",
                actor="cli",
                data={
                    "path": str(path),
                    "chain_ok": report.ok,
                    "entries": report.count,
                    "forced": bool(problems),
                    "refused": "; ".join(problems),
                },
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
