"""Demo: the seed's 10th congress of Đảng bộ Văn phòng UBND tỉnh (16/06/2020, term 2020–2025).

A members' congress: the 50 official members are the voters convened and the 3 probationary members
attend without a vote. Convened (the elections loader then opens it); the scenario checks in 48 of the
50 voters, records the two absent members' reasons (the seed: "48/50 đảng viên") and checks in the
probationary members as non-voters, so the threshold base is D = 50 − 2 = 48. The convening committee's
proposals for the working bodies are prepared as open votes. A delegate login (`daibieu` /
`daibieu2020`) reads the documents on a phone.

The organization's next congress, the 11th (term 2025–2030), is the one a newcomer runs: convened the same
way, 49 of the 50 voters checked in (one excused), the same working bodies proposed; the elections loader
opens it and prepares its executive committee election up to round 1 (`load_next`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.congresses import services
from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, Delegate, DocumentKind, OpenVoteKind
from daihoi.core.numbers import roman
from daihoi.organizations.models import Organization

NUMBER, DAY = 10, dt.date(2020, 6, 16)
ABSENT = {
    # delegate number -> reason accepted by the convening committee
    25: "Đi công tác theo quyết định của Lãnh đạo Văn phòng",
    41: "Ốm, đang điều trị tại bệnh viện",
}
# The next congress, ready for a newcomer to run: one voter excused, so D = 50 − 1 = 49.
NEXT_NUMBER, NEXT_DAY = 11, dt.date(2025, 6, 17)
NEXT_ABSENT = {
    12: "Đi học tập trung tại Trường Chính trị tỉnh",
}
DELEGATE_LOGIN = ("daibieu", "daibieu2020")
# Working bodies proposed by the convening committee: how many members each, taken in turn from the
# members with a vote who are expected present (the counting committee needs official members).
PROPOSALS = [
    (OpenVoteKind.PRESIDIUM, 3),
    (OpenVoteKind.SECRETARIAT, 2),
    (OpenVoteKind.CREDENTIALS_COMMITTEE, 3),
    (OpenVoteKind.COUNTING_COMMITTEE, 3),
]


def build_congress(org: Organization, *, check_in: bool = True, actor: str = "demo") -> Congress:
    """The 10th congress, convened; with `check_in` the morning's scenario (48 of 50 voters, 2 excused)."""
    with transaction.atomic():
        congress = _build(
            org,
            number=NUMBER,
            term=(2020, 2025),
            day=DAY,
            committee="Ban Chấp hành Đảng bộ khóa IX",
            absent=ABSENT,
            check_in=check_in,
            actor=actor,
        )
        _draft_resolution(congress, actor)
    return congress


def build_next_congress(org: Organization, *, actor: str = "demo") -> Congress:
    """The 11th congress (term 2025–2030), convened, 49 of the 50 voters checked in (one excused)."""
    return _build(
        org,
        number=NEXT_NUMBER,
        term=(2025, 2030),
        day=NEXT_DAY,
        committee="Ban Chấp hành Đảng bộ khóa X",
        absent=NEXT_ABSENT,
        check_in=True,
        actor=actor,
    )


def _build(
    org: Organization,
    *,
    number: int,
    term: tuple[int, int],
    day: dt.date,
    committee: str,
    absent: dict[int, str],
    check_in: bool,
    actor: str,
    place: str = "Hội trường Văn phòng UBND tỉnh",
    head: str = "Chánh Văn phòng UBND tỉnh",
    proposals: list[tuple[str, int]] | None = None,
    convene: bool = True,
) -> Congress:
    """A members' congress convened from the roll, the excused voters' reasons recorded, the working bodies
    proposed as open votes; with `check_in` everyone else checked in. Replaces a congress of that number.
    Without `convene` the congress stays in preparation with its convened list built."""
    with transaction.atomic():
        for old in Congress.objects.filter(organization=org, number=number):
            old.documents.all().delete()
            old.delete()
        congress = services.create_congress(
            org,
            number=number,
            term_start_year=term[0],
            term_end_year=term[1],
            starts_on=day,
            ends_on=day,
            place=place,
            convening_committee=committee,
            actor=actor,
        )
        services.generate_convened_list(congress, actor=actor)
        _positions(congress, head)
        if not convene:
            return congress
        congress = services.convene_congress(congress, actor=actor)
        for delegate_number, reason in absent.items():
            services.set_absence_reason(
                congress.delegates.get(number=delegate_number), reason=reason, accepted=True, actor=actor
            )
        pool = [d for d in congress.delegates.order_by("number") if d.has_vote and d.number not in absent]
        pool = pool[::4] + pool[2::4] + pool[1::4] + pool[3::4]  # spread over the branches
        for kind, size in PROPOSALS if proposals is None else proposals:
            nominees, pool = pool[:size], pool[size:]
            services.create_open_vote(
                congress,
                kind=kind,
                nominees=nominees,
                proposal=_("Proposed by the convening committee."),
                actor=actor,
            )
        if check_in:
            run_scenario(congress, actor=actor, absent=absent)
    return congress


def _post(index: int, unit: str, head: str = "Chánh Văn phòng UBND tỉnh") -> str:
    """A plausible post in the member's own unit (the branch's name without "Chi bộ")."""
    if index == 0:
        return head
    if index < 3:
        return f"Phó {head}"
    if unit.startswith("Phòng ") and index % 6 == 0:
        return f"Trưởng phòng {unit.removeprefix('Phòng ')}"
    if unit.startswith("Phòng ") and index % 6 == 3:
        return f"Phó Trưởng phòng {unit.removeprefix('Phòng ')}"
    return f"Chuyên viên {unit}" if unit else "Chuyên viên"


def _positions(congress: Congress, head: str = "Chánh Văn phòng UBND tỉnh") -> None:
    """The post each member holds (chức vụ, the summary profiles' column), in the member's own unit: demo
    data, set before the congress is convened."""
    delegates = list(
        congress.delegates.filter(member__isnull=False).select_related("member__branch").order_by("number")
    )
    for i, d in enumerate(delegates):
        branch = d.member.branch.name if d.member and d.member.branch else ""
        d.title = _post(i, branch.removeprefix("Chi bộ ").strip(), head)
    Delegate.objects.bulk_update(delegates, ["title"])


def run_scenario(congress: Congress, *, actor: Any = "demo", absent: dict[int, str] = ABSENT) -> int:
    """Check in everyone convened except the excused members (the 10th: 48 of the 50 voters, 3
    non-voters)."""
    codes = congress.delegates.filter(convened=True, present=False).exclude(number__in=absent)
    count = 0
    for code in codes.values_list("checkin_code", flat=True):
        services.check_in_delegate(congress, code, actor=actor)
        count += 1
    return count


def _draft_resolution(congress: Congress, actor: str) -> None:
    from daihoi.congresses.exports import congress_lines
    from daihoi.documents.exporters import render_document
    from daihoi.documents.model import Document, Heading, Paragraph, PartyHeader, Title

    doc = Document(title="Dự thảo Nghị quyết")
    doc.add(
        PartyHeader(
            superior=congress_lines(congress),
            issuer="Đoàn Chủ tịch",
            place=congress.organization.locality,
            date=DAY,
        ),
        Title("Dự thảo Nghị quyết", summary="Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ X"),
        Heading("I. Mục tiêu"),
        Paragraph(
            "Nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ; xây dựng Đảng bộ trong sạch, vững mạnh."
        ),
        Heading("II. Chỉ tiêu"),
        Paragraph(
            "Hằng năm có 100% đảng viên hoàn thành nhiệm vụ, trong đó 90% hoàn thành tốt nhiệm vụ; "
            "kết nạp từ 5 đảng viên mới trở lên."
        ),
    )
    services.upload_document(
        congress,
        kind=DocumentKind.DRAFT_RESOLUTION,
        title="Dự thảo Nghị quyết Đại hội",
        file=ContentFile(render_document(doc, "pdf"), name="du-thao-nghi-quyet.pdf"),
        sections="I. Mục tiêu\nII. Chỉ tiêu",
        accepts_comments=True,
        actor=actor,
    )


def _delegate_login(congress: Congress, ctx: Any) -> None:
    user, _created = get_user_model().objects.get_or_create(username=DELEGATE_LOGIN[0])
    user.set_password(DELEGATE_LOGIN[1])
    delegate = congress.delegates.get(number=1)
    user.first_name = delegate.full_name
    user.save()
    Delegate.objects.filter(user=user).exclude(pk=delegate.pk).update(user=None)
    services.link_delegate_user(delegate, user, actor="demo")
    ctx.logins.append((DELEGATE_LOGIN[0], DELEGATE_LOGIN[1], _("Delegate")))


def load(ctx: Any) -> None:
    org = ctx.objects["organization"]
    congress = build_congress(org)
    _delegate_login(congress, ctx)
    ctx.objects["congress"] = congress
    ctx.notes.append(CongressNote(congress))


def load_next(ctx: Any) -> None:
    """The 11th congress, convened and checked in (the elections loader opens it and prepares its
    election)."""
    congress = build_next_congress(ctx.objects["organization"])
    ctx.objects["next_congress"] = congress
    ctx.notes.append(CongressNote(congress))


class CongressNote:
    """The demo log's line about the congress, written when the log is printed: the loaders after this
    one (elections) open the session, so the status is read then and matches what the page shows."""

    def __init__(self, congress: Congress) -> None:
        self.pk = congress.pk

    def __str__(self) -> str:
        congress = Congress.objects.select_related("organization").get(pk=self.pk)
        q = quorum(congress, "voters")
        return _(
            "%(title)s: %(present)s of %(convened)s present (%(others)s more without a vote); "
            "status: %(status)s"
        ) % {
            "title": congress.title,
            "present": q.present,
            "convened": q.convened,
            "others": q.nonvoters_present,
            "status": congress.get_status_display(),
        }


# ----------------------------------------------------------------------------------------------------
# The province slice (issue 14): the peers' congresses of the term 2025–2030, each at its own stage, and
# the bloc committee's delegates' congress in preparation.


class PeerStage:
    PLANNED = "planned"  # only the superior's plan entry: no congress yet
    PREPARED = "prepared"  # being prepared, its convened list built
    CONVENED = "convened"  # convened, nobody checked in yet
    HELD = "held"  # held: elections counted and announced (elections loader), closed


# peer code -> (number, day, stage, excused voters by delegate number)
PEER_CONGRESSES: dict[str, tuple[int, dt.date, str, dict[int, str]]] = {
    "so-tu-phap": (9, dt.date(2025, 5, 20), PeerStage.HELD, {5: "Đi công tác theo quyết định của Sở"}),
    "so-tai-chinh": (12, dt.date(2025, 6, 24), PeerStage.CONVENED, {}),
    "so-khcn": (8, dt.date(2025, 7, 15), PeerStage.HELD, {}),
    "bhxh-tinh": (7, dt.date(2025, 7, 8), PeerStage.PREPARED, {}),
}
# A small congress (a grassroots branch's) proposes smaller working bodies.
SMALL_PROPOSALS: list[tuple[str, int]] = [
    (OpenVoteKind.PRESIDIUM, 2),
    (OpenVoteKind.SECRETARIAT, 1),
    (OpenVoteKind.COUNTING_COMMITTEE, 3),
]
UPPER_NUMBER, UPPER_DAY = 2, dt.date(2025, 8, 19)
UPPER_PLACE = "Hội trường Tỉnh ủy Quảng Ngãi"


def build_peer_congress(org: Organization, *, stage: str = "", actor: str = "demo") -> Congress | None:
    """The peer's congress of the term 2025–2030 at the stage the demo gives it, or `stage` (None: only
    planned); at stage HELD it is convened and checked in (the elections loader holds it)."""
    from daihoi.organizations.demo import PEERS

    peer = next(p for p in PEERS if p.code == org.code)
    number, day, demo_stage, absent = PEER_CONGRESSES[org.code]
    stage = stage or demo_stage
    if stage == PeerStage.PLANNED:
        return None
    small = org.members.filter(is_active=True).count() < 30
    return _build(
        org,
        number=number,
        term=(2025, 2030),
        day=day,
        committee=f"{'Chi ủy' if org.is_chi_bo else 'Ban Chấp hành'} {org.name} khóa {roman(number - 1)}",
        absent=absent,
        check_in=stage == PeerStage.HELD,
        actor=actor,
        place=f"Hội trường {peer.head.removeprefix('Giám đốc ')}",
        head=peer.head,
        proposals=SMALL_PROPOSALS if small else None,
        convene=stage != PeerStage.PREPARED,
    )


def build_upper_congress(season: Any, *, actor: str = "demo") -> Congress:
    """The bloc committee's delegates' congress of the season's term, in preparation (its convened list
    is built from the delegations elected below once they are all announced)."""
    from daihoi.seasons.services.upper import create_upper_congress

    bloc = season.organization
    return create_upper_congress(
        season,
        number=UPPER_NUMBER,
        starts_on=UPPER_DAY,
        ends_on=UPPER_DAY + dt.timedelta(days=1),
        place=UPPER_PLACE,
        convening_committee=f"Ban Chấp hành {bloc.name} khóa {roman(UPPER_NUMBER - 1)}",
        actor=actor,
    )


def load_province(ctx: Any) -> None:
    """The peers' congresses (the elections loader then holds the one at stage HELD) and the bloc's
    delegates' congress, set as its season's upper congress."""
    peers = {}
    with transaction.atomic():
        for org in ctx.objects["peers"]:
            congress = build_peer_congress(org)
            if congress is not None:
                peers[org.code] = congress
        upper = build_upper_congress(ctx.objects["season"])
    ctx.objects["peer_congresses"] = peers
    ctx.objects["upper_congress"] = upper
