"""Demo: the province slice (issue 14). The seed's organization sits among four peers under the bloc
committee (Đảng bộ Khối cơ quan và doanh nghiệp tỉnh), itself under the province's committee. The bloc's
season of the term 2025–2030 plans every grassroots organization below it (window, committee seats,
delegates allocated by membership, one alternate each), lists its outgoing committee as the ex-officio
delegates, and its delegates' congress is in preparation. The peers' congresses stand at different stages
(being prepared, convened, held and counted) beside the seed's 11th congress in session, so the plan page
shows every stage before the approvals.

`reset` runs first: on `daihoi demo --replace` it removes what refers to the congresses the other loaders
delete and rebuild (submissions for approval, the season, the delegates' congress whose list names the
delegates elected below).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.congresses.models import Congress, Delegate
from daihoi.organizations.models import Organization

ACTOR = "demo"
TERM = (2025, 2030)
# Delegates the bloc's congress convenes in all (ex officio included), and each organization's minimum.
UPPER_SEATS, MINIMUM_SEATS = 24, 2
ALTERNATES = 1
# The peer whose result dossier the demo submits for approval (its organizer is among PROVINCE_USERS).
SUBMITTED = "so-tu-phap"
# organization code -> (window opens, window closes, committee seats)
PLAN: dict[str, tuple[dt.date, dt.date, int]] = {
    "so-tu-phap": (dt.date(2025, 5, 5), dt.date(2025, 5, 31), 3),
    "vp-ubnd-tinh": (dt.date(2025, 6, 2), dt.date(2025, 6, 27), 9),
    "so-tai-chinh": (dt.date(2025, 6, 16), dt.date(2025, 7, 4), 7),
    "bhxh-tinh": (dt.date(2025, 7, 1), dt.date(2025, 7, 18), 7),
    "so-khcn": (dt.date(2025, 7, 7), dt.date(2025, 7, 25), 3),
}
# The bloc's outgoing executive committee's standing members: delegates of its congress by right.
EX_OFFICIO_TITLES = [
    "Bí thư Đảng ủy Khối",
    "Phó Bí thư Thường trực Đảng ủy Khối",
    "Phó Bí thư Đảng ủy Khối",
    "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Đảng ủy Khối",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối",
]


def ex_officio_names() -> list[str]:
    """The outgoing committee's names, from the demo's name generator (deterministic)."""
    from daihoi.organizations.demo import FAMILIES, GIVEN, MIDDLE

    rng = random.Random(20250819)  # noqa: S311 - repeatable demo data, not security
    names: list[str] = []
    while len(names) < len(EX_OFFICIO_TITLES):
        gender = "female" if rng.random() < 0.3 else "male"
        name = f"{rng.choice(FAMILIES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        if name not in names:
            names.append(name)
    return names


def _demo_organizations() -> list[Organization]:
    from daihoi.organizations.demo import BLOC, ORG, PEERS

    codes = [ORG["code"], BLOC["code"], *(p.code for p in PEERS)]
    return list(Organization.objects.filter(code__in=codes))


@transaction.atomic
def reset(ctx: Any) -> None:
    """Remove what points at the demo's congresses before they are rebuilt: approval submissions, the
    bloc's seasons, and its delegates' congress (its delegates name the lower congresses that elected
    them), then the peers' congresses."""
    from daihoi.organizations.demo import BLOC, PEERS
    from daihoi.seasons.models import Season, Submission

    orgs = _demo_organizations()
    if not orgs:
        return
    Submission.objects.filter(congress__organization__in=orgs).delete()
    Season.objects.filter(organization__code=BLOC["code"]).delete()
    Delegate.objects.filter(elected_in__organization__in=orgs).delete()
    peers = [o for o in orgs if o.code in {p.code for p in PEERS} or o.code == BLOC["code"]]
    for congress in Congress.objects.filter(organization__in=peers):
        congress.documents.all().delete()
        congress.delete()


@transaction.atomic
def load_season(ctx: Any) -> None:
    """The bloc's season 2025–2030 through the season's services: a plan entry for every grassroots
    organization below it (window, committee seats, one alternate), its ex-officio delegates, then the
    seats of its congress allocated by membership."""
    from daihoi.seasons.services.allocation import allocate_seats
    from daihoi.seasons.services.plan import create_season, set_plan_entry
    from daihoi.seasons.services.upper import add_ex_officio

    bloc = ctx.objects["bloc"]
    season = create_season(
        bloc,
        term_start_year=TERM[0],
        term_end_year=TERM[1],
        title=_("Congress season %(start)s–%(end)s") % {"start": TERM[0], "end": TERM[1]},
        actor=ACTOR,
    )
    for entry in season.entries.select_related("organization"):
        start, end, committee = PLAN[entry.organization.code]
        set_plan_entry(
            entry,
            window_start=start,
            window_end=end,
            committee_seats=committee,
            alternates=ALTERNATES,
            actor=ACTOR,
        )
    for name, title in zip(ex_officio_names(), EX_OFFICIO_TITLES, strict=True):
        add_ex_officio(season, full_name=name, title=title, actor=ACTOR)
    ctx.objects["season"] = allocate_seats(
        season, upper_seats=UPPER_SEATS, minimum_seats=MINIMUM_SEATS, actor=ACTOR
    )


def load_approvals(ctx: Any) -> None:
    """The held peer's organizer submits its result dossier: the bloc's inbox holds one to review, and the
    plan page shows a result awaiting approval."""
    from django.contrib.auth import get_user_model

    from daihoi.organizations.demo import PROVINCE_USERS
    from daihoi.seasons.services.approval import submit_for_approval

    users = get_user_model().objects
    for username, _password, _role, _label, code in PROVINCE_USERS:
        congress = ctx.objects.get("peer_congresses", {}).get(code)
        if congress is not None and code == SUBMITTED:
            congress.refresh_from_db()
            submit_for_approval(congress, actor=users.get(username=username))


def notes(ctx: Any) -> None:
    """The demo log's lines about the province slice (after the loaders that build it)."""
    from daihoi.elections.services import outcome

    bloc, season = ctx.objects["bloc"], ctx.objects["season"]
    ctx.notes.append(
        _(
            "%(bloc)s (under %(province)s): %(n)s grassroots organizations, %(members)s members on the "
            "peers' rolls"
        )
        % {
            "bloc": bloc.name,
            "province": ctx.objects["province"].name,
            "n": season.entries.count(),
            "members": ctx.objects["peer_members"],
        }
    )
    ctx.notes.append(
        _(
            "%(season)s of %(bloc)s: %(n)s organizations planned, %(seats)s delegates convened "
            "(%(ex)s ex officio); %(congress)s in preparation"
        )
        % {
            "season": season.title,
            "bloc": bloc.name,
            "n": season.entries.count(),
            "seats": season.upper_seats,
            "ex": season.ex_officio.count(),
            "congress": ctx.objects["upper_congress"].title,
        }
    )
    for congress, committee, delegation in ctx.objects.get("held", []):
        ctx.notes.append(
            _(
                "%(congress)s: held and closed; %(committee)s: %(n)s elected; delegation %(d)s official "
                "+ %(a)s alternate"
            )
            % {
                "congress": congress.title,
                "committee": committee.title,
                "n": len(outcome(committee).elected),
                "d": len(outcome(delegation).elected),
                "a": len(outcome(delegation).alternates),
            }
        )
    ctx.start.extend(start_lines(bloc, season))


def start_lines(bloc: Organization, season: Any) -> list[str]:
    """Where to start in the province slice: the bloc's season and its delegates' congress, as `khoi`."""
    from django.urls import reverse

    from daihoi.organizations.demo import PROVINCE_USERS

    username, password, *_rest = PROVINCE_USERS[0]
    observer, observer_password, *_rest = PROVINCE_USERS[1]
    kwargs = {"org_code": bloc.code, "season_pk": season.pk}
    return [
        _(
            "The congress season of %(bloc)s, as %(user)s (password %(password)s): the plan of the "
            "organizations below it, their stages and figures, the allocation of delegates, %(plan)s; its "
            "delegates' congress, whose convened list is built from the delegations elected below, %(upper)s"
        )
        % {
            "bloc": bloc.name,
            "user": username,
            "password": password,
            "plan": reverse("seasons:plan", kwargs=kwargs),
            "upper": reverse("upper:page", kwargs=kwargs),
        },
        _("The same pages read-only, as %(user)s (password %(password)s).")
        % {"user": observer, "password": observer_password},
    ]
