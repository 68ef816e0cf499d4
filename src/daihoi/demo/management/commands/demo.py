"""`daihoi demo`: load the canonical demo — the 10th congress of the Party organization of a provincial
People's Committee office (5 branches, 50 official + 3 probationary members, term 2020–2025), its
elections finished — and the organization's 11th congress (term 2025–2030) ready to run: in session,
its executive committee election at round 1 with nothing counted. The command ends by saying where to
start (pages and logins).

On a database that already holds the demo (its organization, or one of its logins) it refuses and says
what a new load would replace; `daihoi demo --replace` then replaces it with a fresh copy and says what
it replaced. Nothing outside the demo organization is touched, except the demo logins' passwords.

Each capability contributes a loader `load(ctx: DemoContext) -> None` listed in LOADERS, in order.
"""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from daihoi.demo.context import DemoContext

LOADERS = [
    # First: what refers to the congresses rebuilt below (approvals, the bloc's season and congress).
    "daihoi.demo.province.reset",
    "daihoi.demo.roll.load",
    "daihoi.congresses.demo.load",
    "daihoi.elections.demo.load",
    "daihoi.targets.demo.load",
    # The organization's next congress, ready for a newcomer to run (convened, in session, round 1 ready).
    "daihoi.congresses.demo.load_next",
    "daihoi.elections.demo.load_next",
    # The province slice: the bloc committee above, the peers, the season and the bloc's congress.
    "daihoi.organizations.demo.load_province",
    "daihoi.demo.province.load_season",
    "daihoi.congresses.demo.load_province",
    "daihoi.elections.demo.load_province",
    "daihoi.demo.province.load_approvals",
    "daihoi.demo.province.notes",
]


def demo_usernames() -> list[str]:
    from daihoi.congresses.demo import DELEGATE_LOGIN
    from daihoi.organizations.demo import ADMIN, PROVINCE_USERS, USERS

    return [name for name, *_rest in USERS + PROVINCE_USERS] + [ADMIN[0], DELEGATE_LOGIN[0]]


def existing_demo() -> list[str]:
    """What loading the demo now would replace, one line each; empty on a database without the demo."""
    from daihoi.congresses.demo import NEXT_NUMBER, NUMBER
    from daihoi.organizations.demo import ORG
    from daihoi.organizations.models import Organization
    from daihoi.organizations.services import branches_of
    from daihoi.targets.models import MemberRating, Resolution

    lines = []
    org = Organization.objects.filter(code=ORG["code"]).first()
    if org is not None:
        lines.append(
            _("%(name)s (code %(code)s): its roll, %(members)s members in %(branches)s branches")
            % {
                "name": org.name,
                "code": org.code,
                "members": org.members.filter(is_active=True).count(),
                "branches": branches_of(org).count(),
            }
        )
        for congress in org.congresses.filter(number__in=(NUMBER, NEXT_NUMBER)).order_by("number"):
            lines.append(
                _("%(title)s: its convened list, check-ins, open votes, documents and %(n)s elections")
                % {"title": congress.title, "n": congress.elections.count()}
            )
        for resolution in Resolution.objects.filter(organization=org):
            lines.append(
                _("the %(n)s targets of the term %(term)s")
                % {"n": resolution.targets.count(), "term": resolution.term_label}
            )
        ratings = MemberRating.objects.filter(organization=org).count()
        if ratings:
            lines.append(_("%(n)s member ratings and the discipline records") % {"n": ratings})
    lines.extend(existing_province())
    users = list(
        get_user_model()
        .objects.filter(username__in=demo_usernames())
        .order_by("username")
        .values_list("username", flat=True)
    )
    if users:
        lines.append(_("the logins %(names)s (their passwords are reset)") % {"names": ", ".join(users)})
    return lines


def existing_province() -> list[str]:
    """The province slice's lines of `existing_demo`: the bloc committee, its peers, its season."""
    from daihoi.organizations.demo import BLOC, PEERS
    from daihoi.organizations.models import Organization

    lines = []
    bloc = Organization.objects.filter(code=BLOC["code"]).first()
    if bloc is not None:
        lines.append(
            _(
                "%(name)s (code %(code)s): its seasons, its delegates' congress, approvals of the congresses "
                "below it"
            )
            % {"name": bloc.name, "code": bloc.code}
        )
    for peer in Organization.objects.filter(code__in=[p.code for p in PEERS]).order_by("code"):
        lines.append(
            _("%(name)s (code %(code)s): its roll of %(members)s members and its congresses")
            % {"name": peer.name, "code": peer.code, "members": peer.members.filter(is_active=True).count()}
        )
    return lines


class Command(BaseCommand):
    help = (
        "Load the demo organization, its roll, its congress and its targets. Refused when the demo is "
        "already there, unless --replace is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the demo already in the database with a fresh copy",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext()
        with transaction.atomic():
            replaced = existing_demo()
            if replaced and not options["replace"]:
                self.stderr.write(_("The demo is already in this database. Loading it again would replace:"))
                for line in replaced:
                    self.stderr.write(f"  - {line}")
                self.stderr.write(
                    _(
                        "Nothing was changed. To replace it with a fresh copy run: daihoi demo --replace "
                        "(or serve what is there: make serve)."
                    )
                )
                sys.exit(2)
            for dotted in LOADERS:
                import_string(dotted)(ctx)
        if replaced:
            self.stdout.write(_("Replaced the demo that was in the database:"))
            for line in replaced:
                self.stdout.write(f"  - {line}")
        self.stdout.write(self.style.SUCCESS(_("Demo loaded: %(summary)s") % {"summary": ctx.summary()}))
        self.stdout.write(_("Demo logins (username / password):"))
        for username, password, role in ctx.logins:
            self.stdout.write(f"  {username:<12} {password:<15} {role}")
        if ctx.start:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    _("Where to start (after the server's address, e.g. http://127.0.0.1:8000):")
                )
            )
            for line in ctx.start:
                self.stdout.write(f"  {line}")
