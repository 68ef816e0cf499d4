"""A congress in session for the secrecy, concurrency and crash tests: `voters` official members, all
checked in, a counting committee, an 8-seat election of 10 names whose list is approved, secret ballots
cast on phones, and (optionally) a phone bound to every voter.

Plain services, no pytest: the crash test runs it in a subprocess against the server's own database

    DAIHOI_VAR_DIR=... python tests/voting/secrecy_setup.py VOTERS OUT.json

which migrates, builds the congress, binds every phone, opens the poll and writes
{"poll": id, "tokens": {number: device token}} to OUT.json.
"""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import dataclass, field
from typing import Any

NAMES, SEATS = 10, 8


@dataclass
class Setup:
    congress: Any
    election: Any
    round: Any
    tokens: dict[int, str] = field(default_factory=dict)  # delegate number -> the phone's cookie token
    devices: dict[int, Any] = field(default_factory=dict)  # delegate number -> Device


def _closed_vote(congress: Any, kind: str, **kwargs: Any) -> Any:
    from daihoi.congresses import services
    from daihoi.congresses.figures import quorum

    vote = services.create_open_vote(congress, kind=kind, **kwargs)
    services.open_open_vote(vote)
    services.record_open_vote(vote, agree=quorum(congress).voters_present, disagree=0)
    return services.close_open_vote(vote)


def build(voters: int, *, bind: bool = True, code: str = "sec-org") -> Setup:
    from daihoi.congresses import services as congress_services
    from daihoi.elections import services as election_services
    from daihoi.organizations.models import Gender, Member, MemberStatus, Organization, OrganizationKind
    from daihoi.voting.services import devices

    assert voters >= NAMES + 3, "the list takes 10 members besides the 3 of the counting committee"
    org = Organization.objects.create(
        code=code, name="Đảng bộ Kiểm thử bỏ phiếu", kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        superior_body="Đảng bộ Khối", place="Tuyên Quang",
    )  # fmt: skip
    branch = Organization.objects.create(
        code=f"{code}-cb", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org
    )
    for i in range(voters):
        Member.objects.create(
            organization=org, branch=branch, member_code=f"S{i:05d}", full_name=f"Nguyễn Văn Số {i}",
            family_name="Nguyễn", middle_name="Văn", given_name=f"Số {i}",
            birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            gender=Gender.FEMALE if i % 2 else Gender.MALE, status=MemberStatus.OFFICIAL,
        )  # fmt: skip
    c = congress_services.create_congress(
        org, number=1, term_start_year=2025, term_end_year=2030, starts_on=datetime.date(2025, 6, 1),
        place="Hội trường", convening_committee="Ban Chấp hành",
    )  # fmt: skip
    congress_services.generate_convened_list(c)
    c = congress_services.convene_congress(c)
    for n in range(1, voters + 1):
        congress_services.check_in_delegate(c, str(n))
    c = congress_services.open_congress(c)
    _closed_vote(c, "counting_committee", nominees=list(c.delegates.filter(number__in=[1, 2, 3])))
    c.ballot_form = "electronic"
    c.save(update_fields=["ballot_form"])
    election = election_services.create_election(c, kind="executive_committee")
    seats = _closed_vote(c, "seats", seats=SEATS, election=election)
    election = election_services.decide_seats(election, seats)
    committee = {d.member_id for d in c.delegates.filter(number__in=[1, 2, 3])}
    names = Member.objects.filter(organization=org).exclude(pk__in=committee).order_by("member_code")
    for m in names[:NAMES]:
        election_services.nominate(election, m)
    rnd = election_services.approve_list(election, _closed_vote(c, "ballot_list", election=election))
    election.refresh_from_db()
    setup = Setup(congress=c, election=election, round=rnd)
    if bind:
        for delegate in c.delegates.order_by("number"):
            token, device = devices.bind_device(devices.issue_binding_code(delegate).code, label="phone")
            setup.tokens[delegate.number], setup.devices[delegate.number] = token, device
    return setup


def distinct_struck(count: int) -> list[list[int]]:
    """`count` different sets of struck names (numbers 1..NAMES): every ballot's content differs, so a
    ballot found after the close tells which cast it came from."""
    out: list[list[int]] = []
    for mask in range(1 << NAMES):
        out.append([i + 1 for i in range(NAMES) if mask >> i & 1])
        if len(out) == count:
            return out
    raise ValueError(count)


def main(argv: list[str]) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    from daihoi.voting.services import polls

    voters, out = int(argv[1]), argv[2]
    call_command("migrate", verbosity=0)
    setup = build(voters)
    poll = polls.open_poll(setup.round)
    with open(out, "w") as fh:
        json.dump({"poll": poll.pk, "tokens": setup.tokens}, fh)


if __name__ == "__main__":
    main(sys.argv)
