"""`daihoi unlock USERNAME | --address ADDR | --all`: lift login lockouts (too many wrong passwords)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from daihoi.accounts import throttle


class Command(BaseCommand):
    help = (
        "Unlock logins locked after too many wrong passwords: a user (and the addresses they failed "
        "from), one client address, or everything (--all). Audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--address", help="a client address (IP) to unlock")
        parser.add_argument("--all", action="store_true", help="unlock every user and address")

    def handle(self, *args: Any, username: str | None, address: str | None, **options: Any) -> None:
        if sum(bool(x) for x in (username, address, options["all"])) != 1:
            raise CommandError(_("Give one of: a username, --address ADDRESS, --all."))
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(_("No user named “%(username)s”.") % {"username": username})
            removed = throttle.unlock_user(actor="cli", user=user)
            self.stdout.write(
                _("Login of %(username)s unlocked (%(n)d records removed).")
                % {"username": username, "n": removed}
            )
        elif address:
            removed = throttle.unlock_address(actor="cli", address=address)
            self.stdout.write(
                _("Address %(address)s unlocked (%(n)d records removed).")
                % {"address": address, "n": removed}
            )
        else:
            removed = throttle.unlock_all(actor="cli")
            self.stdout.write(_("Every login unlocked (%(n)d records removed).") % {"n": removed})
