"""`daihoi audit verify`: check the hash chain of the audit log (exit 0 intact, 1 broken)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from daihoi.audit.verify import DELETED, EDITED, INSERTED, verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks that no entry was edited, deleted or inserted."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Check the hash chain of the audit log.")
        verify.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain(using=options["database"])
        if report.ok:
            self.stdout.write(
                _("Audit log intact: %(count)s entries, last #%(seq)s, hash %(hash)s.")
                % {"count": report.count, "seq": report.last_seq, "hash": report.last_hash[:16]}
            )
            return
        what = {
            EDITED: _("entry #%(seq)s was edited"),
            DELETED: _("entry #%(seq)s was deleted"),
            INSERTED: _("entry #%(seq)s was inserted"),
        }[report.problem] % {"seq": report.seq}
        self.stderr.write(
            _("Audit log BROKEN at #%(seq)s (%(code)s): %(what)s. %(count)s entries verified before it.")
            % {"seq": report.seq, "code": report.problem, "what": what, "count": report.count}
        )
        sys.exit(1)
