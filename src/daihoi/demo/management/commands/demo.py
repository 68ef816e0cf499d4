"""`daihoi demo`: load the canonical demo — the 10th congress of the Party organization of a provincial
People's Committee office (5 branches, 50 official + 3 probationary members, term 2020–2025).
Idempotent: running it again replaces the demo organization's data with a fresh copy.

Each capability contributes a loader `load(ctx: DemoContext) -> None` listed in LOADERS, in order.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from daihoi.demo.context import DemoContext

LOADERS = [
    "daihoi.demo.roll.load",
    "daihoi.congresses.demo.load",
    "daihoi.elections.demo.load",
    "daihoi.targets.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo organization, its roll and its congress (replaces an earlier demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext()
        with transaction.atomic():
            for dotted in LOADERS:
                import_string(dotted)(ctx)
        self.stdout.write(self.style.SUCCESS("Demo loaded: " + ctx.summary()))
        self.stdout.write("Demo logins (username / password):")
        for username, password, role in ctx.logins:
            self.stdout.write(f"  {username:<12} {password:<14} {role}")
