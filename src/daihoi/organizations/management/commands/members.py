"""`daihoi members import|export|template`: the roll on the command line.

daihoi members import FILE --organization CODE   # exit 2 with every error on stderr when refused
daihoi members export FILE --organization CODE
daihoi members template FILE
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from daihoi.organizations.errors import RollImportRefused
from daihoi.organizations.models import Organization
from daihoi.organizations.roll_export import export_roll, roll_template
from daihoi.organizations.roll_import import import_roll

ACTOR = "command line"


class Command(BaseCommand):
    help = "Import or export an organization's roll of members (.xlsx / .csv), or write the import template."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import FILE (.xlsx or .csv) into the roll; all or nothing")
        imp.add_argument("file", type=Path)
        imp.add_argument("--organization", "-o", required=True, help="organization code")
        exp = sub.add_parser("export", help="write the roll to FILE (.xlsx)")
        exp.add_argument("file", type=Path)
        exp.add_argument("--organization", "-o", required=True, help="organization code")
        tpl = sub.add_parser("template", help="write the blank import template to FILE (.xlsx)")
        tpl.add_argument("file", type=Path)

    def _organization(self, code: str) -> Organization:
        try:
            return Organization.objects.get(code=code).roll_owner
        except Organization.DoesNotExist:
            raise CommandError(
                _("No organization has the code «%(code)s».") % {"code": code}, returncode=2
            ) from None

    def handle(self, *args: Any, **options: Any) -> None:
        action, path = options["action"], options["file"]
        if action == "template":
            path.write_bytes(roll_template())
            self.stdout.write(_("Template written to %(path)s.") % {"path": path})
            return
        organization = self._organization(options["organization"])
        if action == "export":
            path.write_bytes(export_roll(organization))
            count = organization.members.filter(is_active=True).count()
            self.stdout.write(_("%(count)s members written to %(path)s.") % {"count": count, "path": path})
            return
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path}, returncode=2)
        try:
            result = import_roll(organization, path.read_bytes(), path.name, actor=ACTOR)
        except RollImportRefused as refused:
            for issue in refused.issues:
                self.stderr.write(issue.message)
            self.stderr.write(
                _("Import refused: %(count)s error(s); nothing was imported.")
                % {"count": len(refused.issues)}
            )
            sys.exit(2)
        for note in result.notes:
            self.stdout.write(note)
        for warning in result.warnings:
            self.stdout.write(_("Warning: %(message)s") % {"message": warning.message})
        self.stdout.write(
            _(
                "Created %(created)s, updated %(updated)s, unchanged %(unchanged)s; "
                "%(absent)s active members not "
                "in the file were left as they are."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "absent": result.not_in_file,
            }
        )
