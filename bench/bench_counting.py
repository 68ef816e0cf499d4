"""Benchmark of paper counting at national size (docs/benchmarks.md, "Counting at the congress").

    .venv/bin/python bench/bench_counting.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/daihoi_bench .venv/bin/python bench/bench_counting.py

One election of 200 candidates for 154 seats (seats and list voted by the congress), 1,600 ballots
entered twice (two clerks, two logins) through the entry page's view (HTTP test client: middleware,
session, permission, JSON answer with the running-count delta), then reconciliation, the engine's result
and the counting minutes (docx and PDF).
Targets: saving one ballot p95 < 100 ms; close the round (reconcile + engine) plus the minutes < 2 s.
Run it on an empty database: it flushes the one it is given. `bench_counting.py 400` enters fewer ballots.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from typing import Any

os.environ.setdefault("DAIHOI_VAR_DIR", tempfile.mkdtemp(prefix="daihoi-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

BALLOTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_600
# 200 names for 154 seats: the surplus (46) is within the 30% the list may carry (Reg. 190 Art. 14).
CANDIDATES, SEATS = 200, 154
VOTERS = 1_700


def setup() -> tuple[Any, list[Any]]:
    from django.contrib.auth import get_user_model

    from daihoi.congresses import services as cs
    from daihoi.congresses.models import Congress, Delegate, DelegateKind
    from daihoi.elections import services
    from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind

    org = Organization.objects.create(
        code="bench", name="Đảng bộ tỉnh", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    rng = random.Random(7)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Sơn", "Yến"]
    members = Member.objects.bulk_create(
        Member(organization=org, member_code=f"b{i:05d}",
               full_name=f"{rng.choice(family)} Văn {rng.choice(given)}",
               given_name="x", birth_date=dt.date(1960 + i % 30, 1 + i % 12, 1 + i % 28), gender=Gender.MALE,
               status=MemberStatus.OFFICIAL)
        for i in range(VOTERS)
    )  # fmt: skip
    congress = Congress.objects.create(organization=org, number=1, term_start_year=2025, term_end_year=2030,
                                       starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 9, 3),
                                       status="open")  # fmt: skip
    Delegate.objects.bulk_create(
        Delegate(congress=congress, member=m, number=i + 1, full_name=m.full_name, kind=DelegateKind.MEMBER,
                 present=True)
        for i, m in enumerate(members)
    )  # fmt: skip
    election = services.create_election(congress, kind="executive_committee", clerks=2)
    # The procedure: the congress votes the seats on this election, then the list of names on it.
    election = services.decide_seats(election, passed(cs.create_open_vote(congress, kind="seats", seats=SEATS,
                                                                          election=election)))  # fmt: skip
    for m in members[:CANDIDATES]:
        services.nominate(election, m)
    rnd = services.approve_list(election, passed(cs.create_open_vote(congress, kind="ballot_list",
                                                                     election=election)))  # fmt: skip
    services.set_counts(rnd, issued=BALLOTS, returned=BALLOTS)
    # Clerk 1 and clerk 2 are two people: two logins (one login may not enter both stacks).
    users = [get_user_model().objects.create_superuser(f"bench{clerk}", password=None) for clerk in (1, 2)]
    return rnd, users


def passed(vote: Any) -> Any:
    """Open, record (all but 10 of the voters agree) and close an open vote."""
    from daihoi.congresses import services as cs

    cs.open_open_vote(vote)
    cs.record_open_vote(vote, agree=VOTERS - 10, disagree=0)
    return cs.close_open_vote(vote)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from daihoi.documents import render_docx, render_pdf
    from daihoi.elections import minutes, services

    rnd, users = setup()
    clients = {}
    for clerk, user in enumerate(users, start=1):
        clients[clerk] = Client()
        clients[clerk].force_login(user)
    url = reverse("elections:count", kwargs={"org_code": "bench", "pk": rnd.election.pk, "number": 1})
    rng = random.Random(11)
    texts = [" ".join(str(x) for x in sorted(rng.sample(range(1, CANDIDATES + 1), 50 + rng.randrange(3))))
             for _ in range(BALLOTS)]  # fmt: skip
    times: list[float] = []
    for clerk in (1, 2):
        for position, text in enumerate(texts, start=1):
            start = time.perf_counter()
            r = clients[clerk].post(url, {"clerk": clerk, "position": position, "text": text, "confirm": "1"},
                            headers={"Accept": "application/json"})  # fmt: skip
            times.append(time.perf_counter() - start)
            if r.status_code != 200 or not r.json()["saved"]:
                raise SystemExit(f"entry failed: {r.status_code} {r.content[:200]!r}")
    # A save should cost the same at the first ballot and the last: compare each clerk's first and last
    # tenth (clerk 2's last saves are when the stack is fully entered once).
    tenth = max(len(texts) // 10, 1)
    early = statistics.median(times[:tenth] + times[len(texts) : len(texts) + tenth])
    late = statistics.median(times[len(texts) - tenth : len(texts)] + times[-tenth:])
    times.sort()
    p50, p95 = statistics.median(times), times[int(0.95 * len(times)) - 1]
    start = time.perf_counter()
    rnd = services.close_round(rnd)
    close_s = time.perf_counter() - start
    start = time.perf_counter()
    doc = minutes.round_minutes(rnd)
    pdf, docx = render_pdf(doc), render_docx(doc)
    minutes_s = time.perf_counter() - start
    r = rnd.result
    print(f"database: {connection.vendor}; {BALLOTS:,} ballots x {CANDIDATES} names, 2 clerks "
          f"({len(times):,} entries); status {r['status']}, valid {r['ballots']['valid']:,}")  # fmt: skip
    print(f"save one ballot (view):  p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
          f"(target p95 100 ms: x{0.1 / p95:.1f})")  # fmt: skip
    print(f"  median of each clerk's first tenth {early * 1000:6.1f} ms, last tenth {late * 1000:6.1f} ms")
    total = close_s + minutes_s
    print(f"close round (reconcile + engine): {close_s:5.2f} s; minutes docx+pdf: {minutes_s:5.2f} s "
          f"({len(pdf) // 1024} KB pdf, {len(docx) // 1024} KB docx)")  # fmt: skip
    print(f"result and minutes after the last ballot: {total:5.2f} s  (target 2 s: x{2 / total:.1f})")


if __name__ == "__main__":
    main()
