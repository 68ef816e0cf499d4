"""`daihoi verify BOARD.json [--workers N] [--lang vi|en] [--json]`: the independent verifier.

Only a door to `daihoi_verify` (docs/verifiable-voting.md, "The independent verifier"): its arguments,
output and exit code are the package's own, so `python -m daihoi_verify` and `daihoi verify` say the same.
"""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import BaseCommand, CommandParser

from daihoi_verify.cli import main


class Command(BaseCommand):
    help = "Check a verifiable poll's board (docs/verifiable-voting.md, §6); exit 1 at the first failure."

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is ["daihoi", "verify", ...]: the package parses the rest itself.
        sys.exit(main(argv[2:]))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "arguments", nargs=argparse.REMAINDER, help="BOARD.json [--workers N] [--lang vi|en] [--json]"
        )

    def handle(self, *args: str, **options: object) -> None:  # call_command("verify", "BOARD.json", ...)
        arguments = options["arguments"]
        assert isinstance(arguments, list)
        sys.exit(main([*args, *arguments]))
