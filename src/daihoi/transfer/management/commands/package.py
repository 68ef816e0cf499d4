"""`daihoi package key|export|trust|import`: the hall laptop's signed package on the command line.

daihoi package key                                          # this installation's key and fingerprint
daihoi package export --org CODE --congress NUMBER -o FILE.zip
daihoi package trust --org CODE KEY_OR_FINGERPRINT          # on the server, before the first import
daihoi package import FILE.zip                              # exit 0 imported or already imported

Exit codes: 0 done; 1 a usage error (unknown organization or congress, no such file, congress not
closed); 2 the package is refused (the reason, in Vietnamese, on stderr).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress
from daihoi.organizations.models import Organization
from daihoi.transfer import keys
from daihoi.transfer.errors import PackageError
from daihoi.transfer.importer import import_package, trust_key
from daihoi.transfer.package import NotClosed, export_package

ACTOR = "command line"


class Command(BaseCommand):
    help = "Export a closed congress as a signed package, or import one into this server."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("key", help="print this installation's signing key and its fingerprint")
        exp = sub.add_parser("export", help="write the signed package of a closed congress")
        exp.add_argument("--org", required=True, help="organization code")
        exp.add_argument("--congress", required=True, type=int, help="congress number")
        exp.add_argument("-o", "--output", required=True, type=Path, help="the package file (.zip)")
        trust = sub.add_parser("trust", help="trust a laptop's key for an organization's packages")
        trust.add_argument("--org", required=True, help="organization code")
        trust.add_argument("key", help="the laptop's public key (64 hex digits) or fingerprint")
        imp = sub.add_parser("import", help="check and import a package")
        imp.add_argument("file", type=Path)

    def _organization(self, code: str) -> Organization:
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            raise CommandError(_("No organization has the code «%(code)s».") % {"code": code})
        return organization

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "key":
            public = keys.public_key_hex()
            self.stdout.write(_("Public key: %(key)s") % {"key": public})
            self.stdout.write(_("Fingerprint: %(fingerprint)s") % {"fingerprint": keys.fingerprint(public)})
            return
        if action == "export":
            organization = self._organization(options["org"])
            congress = Congress.objects.filter(organization=organization, number=options["congress"]).first()
            if congress is None:
                raise CommandError(
                    _("%(org)s has no congress no. %(number)s.")
                    % {"org": organization.name, "number": options["congress"]}
                )
            try:
                exported = export_package(congress, actor=ACTOR)
            except NotClosed:
                raise CommandError(_("Only a closed congress can be exported.")) from None
            options["output"].write_bytes(exported.data)
            self.stdout.write(
                _("Package written to %(path)s (SHA-256 %(sha)s), signed by the key %(fingerprint)s.")
                % {"path": options["output"], "sha": exported.sha256, "fingerprint": exported.fingerprint}
            )
            return
        if action == "trust":
            organization = self._organization(options["org"])
            try:
                trusted = trust_key(organization, options["key"], actor=ACTOR)
            except PackageError as exc:
                raise CommandError(exc.message, returncode=2) from None
            self.stdout.write(
                _("The key %(fingerprint)s is trusted for %(org)s.")
                % {"fingerprint": trusted.fingerprint, "org": organization.name}
            )
            return
        path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            result = import_package(path.read_bytes(), actor=ACTOR)
        except PackageError as exc:
            raise CommandError(exc.message, returncode=2) from None
        congress = result.package.congress
        if result.created:
            self.stdout.write(_("Imported: %(congress)s.") % {"congress": congress.title})
        else:
            self.stdout.write(
                _("This package was already imported (%(congress)s): nothing changed.")
                % {"congress": congress.title}
            )
