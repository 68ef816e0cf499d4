"""`daihoi province import|template`: a province's organizations, rolls and users from one workbook.

daihoi province import FILE.xlsx [--passwords OUT.xlsx] [--check]   # exit 2 with every error on stderr
daihoi province template FILE.xlsx

docs/province-import.md describes the workbook. The new users' passwords are shown once: written to
OUT.xlsx when --passwords is given, else printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from daihoi.organizations.errors import RollImportRefused
from daihoi.organizations.province_import import (
    apply_province,
    check_province,
    passwords_workbook,
    province_template,
)

ACTOR = "command line"


class Command(BaseCommand):
    help = "Import a province's organization tree, rolls and users from one workbook, or write its template."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help="import FILE (.xlsx, or .csv of the organizations); all or nothing"
        )
        imp.add_argument("file", type=Path)
        imp.add_argument("--passwords", type=Path, help="write the new users' passwords to this .xlsx")
        imp.add_argument("--check", action="store_true", help="check the file and print the counts only")
        tpl = sub.add_parser("template", help="write the blank workbook to FILE (.xlsx)")
        tpl.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["action"] == "template":
            path.write_bytes(province_template())
            self.stdout.write(_("Template written to %(path)s.") % {"path": path})
            return
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path}, returncode=2)
        try:
            plan = check_province(path.read_bytes(), path.name)
        except RollImportRefused as refused:
            for issue in refused.issues:
                self.stderr.write(issue.message)
            self.stderr.write(
                _("Import refused: %(count)s error(s); nothing was imported.")
                % {"count": len(refused.issues)}
            )
            sys.exit(2)
        for note in plan.notes:
            self.stdout.write(note)
        summary = _(
            "Organizations: %(created)s new, %(updated)s updated, %(unchanged)s unchanged; "
            "%(members)s member rows in %(rolls)s rolls; %(users)s new users."
        ) % {
            "created": plan.organizations_created,
            "updated": plan.organizations_updated,
            "unchanged": plan.organizations_unchanged,
            "members": plan.member_rows,
            "rolls": plan.rolls,
            "users": plan.users_created,
        }
        if options["check"]:
            self.stdout.write(summary)
            self.stdout.write(_("Checked only: nothing was imported."))
            return
        result = apply_province(plan, actor=ACTOR)
        self.stdout.write(summary)
        self.stdout.write(
            _("Members: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "created": result.members_created,
                "updated": result.members_updated,
                "unchanged": result.members_unchanged,
            }
        )
        if not result.passwords:
            return
        if options["passwords"]:
            options["passwords"].write_bytes(passwords_workbook(result.passwords))
            self.stdout.write(
                _("The new users' passwords were written to %(path)s; they are shown only once.")
                % {"path": options["passwords"]}
            )
        else:
            self.stdout.write(_("The new users' passwords (shown only once):"))
            for username, full_name, code, password in result.passwords:
                self.stdout.write(f"{username}\t{password}\t{code}\t{full_name}")
