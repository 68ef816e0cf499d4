"""`daihoi tally INPUT [--format json|text] [-o OUT]`: count one round of an election from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.core.election import ElectionInputError, tally
from daihoi.elections.tally_io import FORMATS, error_message, load_tally_file

EXIT_BAD_INPUT = 2
DOCUMENTS = ("docx", "pdf")  # the counting minutes (daihoi.elections.minutes), as Word or PDF


class Command(BaseCommand):
    help = "Count one round of an election from a .json or .xlsx file (docs/tally-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", metavar="INPUT", help="a .json or .xlsx tally file")
        parser.add_argument(
            "--format", choices=[*sorted(FORMATS), *DOCUMENTS], default="text", help="output format"
        )
        parser.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of stdout")
        parser.add_argument("--language", default=None, help="language of the text output (vi, en)")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            try:
                election, facts = load_tally_file(Path(options["input"]))
                result = tally(election)
            except ElectionInputError as error:
                raise CommandError(error_message(error), returncode=EXIT_BAD_INPUT) from None
            except RecursionError:
                raise CommandError(_("The input is nested too deeply."), returncode=EXIT_BAD_INPUT) from None
            if options["format"] in DOCUMENTS:
                self._document(result, facts, options)
                return
            text = FORMATS[options["format"]](result)
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(str(error), returncode=1) from None
        else:
            self.stdout.write(text, ending="")

    def _document(self, result: Any, facts: Any, options: dict[str, Any]) -> None:
        """The same counting minutes as the congress pages, from the file's figures (binary output)."""
        import sys

        from daihoi.documents import render_document
        from daihoi.elections.minutes import tally_minutes

        data = render_document(
            tally_minutes(result.to_dict(), options["language"] or "vi", facts), options["format"]
        )
        if options["output"]:
            try:
                Path(options["output"]).write_bytes(data)
            except OSError as error:
                raise CommandError(str(error), returncode=1) from None
        else:
            sys.stdout.buffer.write(data)
