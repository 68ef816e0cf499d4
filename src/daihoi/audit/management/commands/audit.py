"""`daihoi audit verify [--anchor HEAD:LENGTH]`: check the audit log's keyed hash chain (exit 0 intact, 1
broken or not extending the anchor, 2 a malformed anchor)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from daihoi.audit.verify import (
    ANCHOR,
    DELETED,
    EDITED,
    EMPTY,
    INSERTED,
    KEY,
    TRUNCATED,
    AnchorError,
    parse_anchor,
    verify_chain,
)


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks that no entry was edited, deleted or inserted."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Check the hash chain of the audit log.")
        verify.add_argument("--database", default="default")
        verify.add_argument(
            "--anchor",
            metavar="HEAD:LENGTH",
            help="The head hash and number of entries printed on a signed document: the log must extend it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = None
        if options.get("anchor"):
            try:
                anchor = parse_anchor(options["anchor"])
            except AnchorError as exc:
                raise CommandError(
                    _("Malformed anchor %(anchor)s: %(error)s") % {"anchor": options["anchor"], "error": exc},
                    returncode=2,
                ) from exc
        report = verify_chain(using=options["database"], anchor=anchor)
        if report.ok:
            self.stdout.write(
                _("Audit log intact: %(count)s entries, last #%(seq)s, hash %(hash)s.")
                % {"count": report.count, "seq": report.last_seq, "hash": report.last_hash}
            )
            if anchor:
                self.stdout.write(
                    _("It extends the anchor: entry #%(seq)s has the printed hash %(hash)s.")
                    % {"seq": anchor[1], "hash": anchor[0]}
                )
            return
        what = {
            EDITED: _("entry #%(seq)s was edited"),
            DELETED: _("entry #%(seq)s was deleted"),
            INSERTED: _("entry #%(seq)s was inserted"),
            EMPTY: _("the log is empty: every entry was deleted"),
            KEY: _("the log does not verify with this installation's audit key"),
            ANCHOR: _("entry #%(seq)s does not have the hash printed on the document"),
            TRUNCATED: _(
                "the log ends at #%(last)s, before entry #%(n)s printed on the document: "
                "newer entries were deleted"
            ),
        }[report.problem] % {"seq": report.seq, "last": report.last_seq, "n": anchor[1] if anchor else 0}
        self.stderr.write(
            _("Audit log BROKEN at #%(seq)s (%(code)s): %(what)s. %(count)s entries verified before it.")
            % {"seq": report.seq, "code": report.problem, "what": what, "count": report.count}
        )
        sys.exit(1)
