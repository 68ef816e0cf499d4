"""`daihoi targets extract FILE.txt`: print the targets and congress facts found in a text, as JSON.

The JSON shape is a stable interface, documented in docs/targets.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from daihoi.targets.errors import TargetsError
from daihoi.targets.services import propose


class Command(BaseCommand):
    help = "Targets of a congress resolution: `extract FILE.txt` prints the proposed targets as JSON."
    requires_system_checks: tuple[str, ...] = ()

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("extract", help="Print the facts and targets found in a UTF-8 text file as JSON.")
        ex.add_argument("file", help="a .txt file (UTF-8), or - for standard input")
        ex.add_argument("--compact", action="store_true", help="one line of JSON instead of indented")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "extract":
            text = _read(options["file"])
            try:
                data = propose(text).as_dict()
            except TargetsError as error:
                raise CommandError(error.message) from None
            indent = None if options["compact"] else 2
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    if not path.is_file():
        raise CommandError(_("File not found: %(path)s") % {"path": name})
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            _("%(path)s is not UTF-8 text (byte %(position)s); save it as UTF-8 and try again.")
            % {"path": name, "position": exc.start}
        ) from exc
