"""Seed a province's congress day on the database DATABASE_URL names (tests/deploy, bench/province_load).

    DATABASE_URL=postgres://... python bench/province_seed.py --congresses 300 --delegates 50 \
        --stage open --sessions out.json

Creates a bloc committee (`upper_committee`) and under it `--congresses` grassroots organizations, each
with one branch and `--delegates` official members, a congress with its convened list (the services
of daihoi, audited as a real one), brought to `--stage` (draft, convened or open). One user
(`--username`, password `--password`) is the organizer of every organization. `--sessions` also makes
that many logged-in sessions per congress (Django's session store, as a login would) so a load run does
not spend its time hashing passwords. Prints (or writes to `--out`) JSON: per congress its organization
code, pk, the delegates' check-in codes and the session keys. `--bind-congress PK` instead binds a phone
to every delegate present in that congress and prints their tokens.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga"]


def seed(
    congresses: int,
    delegates: int,
    *,
    stage: str = "draft",
    username: str = "province-desk",
    password: str = "province-desk-pw",  # noqa: S107 — a benchmark's throwaway account
    sessions: int = 0,
    prefix: str = "pv",
) -> dict[str, Any]:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import transaction

    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.congresses import services
    from daihoi.organizations.models import Member, MemberStatus, Organization, OrganizationKind

    store = import_module(settings.SESSION_ENGINE).SessionStore
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username=username, password=password)
    bloc, _ = Organization.objects.get_or_create(
        code=f"{prefix}-khoi",
        defaults={"name": "Đảng bộ Khối các cơ quan tỉnh", "kind": OrganizationKind.UPPER_COMMITTEE},
    )
    out: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n in range(1, congresses + 1):
        code = f"{prefix}-{n:04d}"
        with transaction.atomic():
            org = Organization.objects.create(
                code=code,
                name=f"Đảng bộ cơ sở số {n}",
                kind=OrganizationKind.GRASSROOTS_COMMITTEE,
                parent=bloc,
            )
            branch = Organization.objects.create(
                code=f"{code}-cb1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org
            )
            Member.objects.bulk_create(
                Member(
                    organization=org,
                    branch=branch,
                    member_code=f"{code}-{i:04d}",
                    full_name=f"Nguyễn Văn {GIVEN[i % len(GIVEN)]}",
                    family_name="Nguyễn",
                    middle_name="Văn",
                    given_name=GIVEN[i % len(GIVEN)],
                    birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                    status=MemberStatus.OFFICIAL,
                )
                for i in range(delegates)
            )
            RoleAssignment.objects.create(user=user, organization=org, role=Role.ORGANIZER)
        congress = services.create_congress(
            org, number=1, term_start_year=2025, term_end_year=2030, starts_on=datetime.date(2025, 6, 1)
        )
        services.generate_convened_list(congress)
        if stage in ("convened", "open"):
            services.convene_congress(congress)
        if stage == "open":
            services.open_congress(congress)
        keys = []
        for _ in range(sessions):
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            keys.append(session.session_key)
        out.append(
            {
                "org": code,
                "pk": congress.pk,
                "codes": list(congress.delegates.order_by("number").values_list("checkin_code", flat=True)),
                "sessions": keys,
            }
        )
    return {
        "username": username,
        "password": password,
        "bloc": bloc.code,
        "congresses": out,
        "seconds": round(time.perf_counter() - started, 1),
    }


def bind_phones(congress_pk: int) -> dict[str, Any]:
    """A phone bound to every delegate present (a binding code each, then its token: the phone's
    cookie), as the desk's QR codes do: {"phones": {number: token}}."""
    from daihoi.congresses.models import Delegate
    from daihoi.voting.services import devices

    tokens = {}
    for delegate in Delegate.objects.filter(congress_id=congress_pk, present=True).order_by("number"):
        token, _device = devices.bind_device(devices.issue_binding_code(delegate).code, label="bench")
        tokens[delegate.number] = token
    return {"phones": tokens}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--congresses", type=int, default=1)
    parser.add_argument("--delegates", type=int, default=50)
    parser.add_argument("--stage", choices=["draft", "convened", "open"], default="draft")
    parser.add_argument("--username", default="province-desk")
    parser.add_argument("--password", default="province-desk-pw")
    parser.add_argument("--sessions", type=int, default=0)
    parser.add_argument("--prefix", default="pv")
    parser.add_argument("--bind-congress", type=int, default=0, help="only bind phones to its present")
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    import django

    django.setup()
    if args.bind_congress:
        text = json.dumps(bind_phones(args.bind_congress))
        Path(args.out).write_text(text) if args.out else print(text)
        return
    result = seed(
        args.congresses,
        args.delegates,
        stage=args.stage,
        username=args.username,
        password=args.password,
        sessions=args.sessions,
        prefix=args.prefix,
    )
    text = json.dumps(result)
    if args.out:
        Path(args.out).write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
