"""`daihoi audit verify [--org CODE] [--anchor HEAD:LENGTH]`: check the audit log's keyed hash chains —
every chain and the whole forest (each chain recorded in the system chain and each recorded chain
present), or the chain of one organization (`--org`). Prints each chain's length and head and the whole
log's digest. Exit 0 intact, 1 broken or not extending the anchor, 2 a malformed anchor or an unknown
organization."""

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
    MISSING,
    TRUNCATED,
    UNRECORDED,
    AnchorError,
    ChainReport,
    parse_anchor,
    verify_chain,
)


def chain_label(chain: str) -> str:
    return chain if chain else _("system")


def problem_text(report: ChainReport, anchor_length: int) -> str:
    return {
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
        MISSING: _("the whole chain was deleted: the system chain records that it was opened"),
        UNRECORDED: _("the system chain has no record of this chain: it was made outside daihoi"),
    }[report.problem] % {"seq": report.seq, "last": report.last_seq, "n": anchor_length}


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks that no entry was edited, deleted or inserted."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Check the hash chains of the audit log.")
        verify.add_argument("--database", default="default")
        verify.add_argument(
            "--org",
            metavar="CODE",
            help="Check only the chain of this organization (its roll owner's chain).",
        )
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
        chain = None
        if options.get("org") is not None:
            chain = self._chain_of(options["org"], options["database"])
        report = verify_chain(using=options["database"], anchor=anchor, chain=chain)
        for one in report.chains:
            if one.ok:
                self.stdout.write(
                    _("Chain %(chain)s: intact, %(count)s entries, last #%(seq)s, hash %(hash)s.")
                    % {
                        "chain": chain_label(one.chain),
                        "count": one.count,
                        "seq": one.last_seq,
                        "hash": one.last_hash,
                    }
                )
            else:
                self.stderr.write(
                    _(
                        "Chain %(chain)s: BROKEN at #%(seq)s (%(code)s): %(what)s. "
                        "%(count)s entries verified before it."
                    )
                    % {
                        "chain": chain_label(one.chain),
                        "seq": one.seq,
                        "code": one.problem,
                        "what": problem_text(one, anchor[1] if anchor else 0),
                        "count": one.count,
                    }
                )
        if report.ok:
            self.stdout.write(
                _("Audit log intact: %(chains)s chains, %(count)s entries, digest %(digest)s.")
                % {"chains": len(report.chains), "count": report.count, "digest": report.digest}
            )
            if anchor:
                self.stdout.write(
                    _("It extends the anchor: entry #%(seq)s has the printed hash %(hash)s.")
                    % {"seq": anchor[1], "hash": anchor[0]}
                )
            return
        if report.unlocated_anchor is not None:
            self.stderr.write(
                _(
                    "No audit chain has entry #%(seq)s with the printed hash %(hash)s (%(code)s): it was "
                    "edited or deleted, or give the organization with --org."
                )
                % {"seq": report.unlocated_anchor, "hash": anchor[0] if anchor else "", "code": ANCHOR}
            )
        self.stderr.write(
            _("Audit log BROKEN: %(broken)s of %(chains)s chains (%(code)s).")
            % {"broken": len(report.problems), "chains": len(report.chains), "code": report.problem}
        )
        sys.exit(1)

    def _chain_of(self, code: str, using: str) -> str:
        """The chain of the organization `code`; a code no longer in the database names its own chain."""
        from daihoi.audit.models import AuditEntry, AuditHead
        from daihoi.audit.services import chain_name
        from daihoi.organizations.models import Organization

        organization = Organization.objects.using(using).filter(code=code).first()
        if organization is not None:
            return chain_name(organization)
        heads = AuditHead.objects.using(using).filter(chain=code)
        entries = AuditEntry.objects.using(using)
        recorded = entries.filter(chain="", action="system.audit.chain_opened", data__chain=code)
        if code == "" or heads.exists() or entries.filter(chain=code).exists() or recorded.exists():
            return code
        raise CommandError(_("No organization or audit chain %(code)s.") % {"code": code}, returncode=2)
