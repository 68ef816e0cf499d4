"""Demo loader: the 2020–2025 term's adopted targets (the demo congress's own resolution paragraph) and five
years of generated ratings, discipline and mass-organization ratings — some targets met, some missed.

Runs after the roll loader (ctx.objects["organization"], ["branches"], ["members"]); admissions come
from the roll's admission dates. Idempotent: it replaces the targets data of the demo organization.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from daihoi.core.targets import rating
from daihoi.organizations.models import Member, Organization
from daihoi.targets import services
from daihoi.targets.models import (
    DisciplineRecord,
    MemberRating,
    OrganizationRating,
    RatingYear,
    Resolution,
)

ACTOR = "demo"
TERM = (2020, 2025)
RESOLUTION_TEXT = (
    "Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ X, nhiệm kỳ 2020 - 2025. 48/50 đảng viên đang sinh hoạt "
    "tại 5 chi "
    "bộ trực thuộc Đảng bộ. Phấn đấu hàng năm có 100% đảng viên hoàn thành nhiệm vụ, trong đó có 90% "
    "đảng viên "
    "hoàn thành tốt nhiệm vụ; các chi bộ trực thuộc đạt mức hoàn thành tốt nhiệm vụ; 100% đảng viên thực "
    "hiện "
    "nghiêm túc Điều lệ Đảng và 19 điều đảng viên không được làm; xây dựng cơ quan và các đoàn thể đạt "
    "tiêu chuẩn "
    "vững mạnh; Đảng bộ đạt danh hiệu hoàn thành tốt nhiệm vụ trở lên; kết nạp từ 5 đảng viên mới trở "
    "lên. Đại "
    "hội bầu Ban Chấp hành Đảng bộ khóa X (nhiệm kỳ 2020 - 2025) gồm 8 đồng chí."
)
UNITS = ("Công đoàn cơ quan", "Chi đoàn Thanh niên")
# The story the demo tells, year by year: members not rated "good or better", the branch that fell
# short, the units' levels, the organization's own level.
SHORTFALL = {2020: 3, 2021: 4, 2022: 7, 2023: 2, 2024: 6}
NOT_COMPLETED_YEAR = 2022
WEAK_BRANCH_YEARS = (2021, 2024)
FAIR_UNIT_YEAR = 2023
OWN_LEVEL = {2020: "good", 2021: "good", 2022: "good", 2023: "excellent", 2024: "good"}
SCORE_RANGES = {"excellent": (90, 98), "good": (72, 89), "completed": (55, 69), "not_completed": (30, 48)}


def _reset(org: Organization, branches: list[Organization]) -> None:
    Resolution.objects.filter(organization=org).delete()
    MemberRating.objects.filter(organization=org).delete()
    OrganizationRating.objects.filter(organization__in=[org, *branches]).delete()
    DisciplineRecord.objects.filter(organization=org).delete()
    RatingYear.objects.filter(organization=org).delete()


def _score(rng: random.Random, level: str) -> Decimal:
    low, high = SCORE_RANGES[level]
    return Decimal(rng.randint(low, high))


def _member_levels(rng: random.Random, members: list[Member], year: int) -> dict[int, str]:
    """Most members good; a few completed (the year's shortfall); excellent within the 20% quota."""
    ids = [m.pk for m in members]
    rng.shuffle(ids)
    shortfall = min(SHORTFALL[year], len(ids))
    levels = dict.fromkeys(ids, "good")
    for pk in ids[:shortfall]:
        levels[pk] = "completed"
    if year == NOT_COMPLETED_YEAR and ids:
        levels[ids[0]] = "not_completed"
    good = len(ids) - shortfall
    excellent = good // 6  # e ≤ good/6 keeps e ≤ 20% of the (good − e) left rated good
    for pk in ids[shortfall : shortfall + excellent]:
        levels[pk] = "excellent"
    return levels


def load(ctx: Any) -> None:
    org: Organization = ctx.objects["organization"]
    branches: list[Organization] = ctx.objects["branches"]
    rng = random.Random(2020)  # noqa: S311 - demo data, reproducible
    with transaction.atomic():
        _reset(org, branches)
        proposal = services.propose(RESOLUTION_TEXT)
        inputs = [
            services.TargetInput(
                t.indicator, t.scope, t.comparator, str(t.value), t.unit, t.period or "", t.quote
            )
            for t in proposal.targets
        ]
        facts = proposal.as_dict()["facts"]
        resolution = services.confirm_targets(
            org,
            term=f"{TERM[0]}-{TERM[1]}",
            targets=inputs,
            facts=facts,
            source_text=RESOLUTION_TEXT,
            actor=ACTOR,
        )
        resolution.adopted_on = date(2020, 6, 16)
        resolution.save(update_fields=["adopted_on"])
        all_members = list(Member.objects.filter(organization=org, is_active=True))
        for year in resolution.years:
            members = [m for m in all_members if m.admitted_on is None or m.admitted_on <= date(year, 12, 31)]
            levels = _member_levels(rng, members, year)
            MemberRating.objects.bulk_create(
                MemberRating(
                    member=m,
                    organization=org,
                    branch_id=m.branch_id,
                    year=year,
                    level=levels[m.pk],
                    score=_score(rng, levels[m.pk]),
                    scheme_version=rating.FOUR_LEVELS.version,
                )
                for m in members
            )
            for i, branch in enumerate(branches):
                level = "completed" if (year in WEAK_BRANCH_YEARS and i == len(branches) - 1) else "good"
                if year == 2023 and i == 0:
                    level = "excellent"
                services.set_organization_rating(branch, year, level, _score(rng, level), actor=ACTOR)
            services.set_organization_rating(
                org, year, OWN_LEVEL[year], _score(rng, OWN_LEVEL[year]), actor=ACTOR
            )
            for unit in UNITS:
                level = "fair" if (year == FAIR_UNIT_YEAR and unit == UNITS[1]) else "strong"
                services.set_organization_rating(org, year, level, actor=ACTOR, unit_name=unit)
        if all_members:
            culprit = sorted(all_members, key=lambda m: m.member_code)[len(all_members) // 2]
            services.record_discipline(
                culprit,
                decided_on=date(NOT_COMPLETED_YEAR, 9, 12),
                form="reprimand",
                reason="Vi phạm quy định về những điều đảng viên không được làm",
                actor=ACTOR,
            )
    ctx.objects["resolution"] = resolution
    admitted = Member.objects.filter(organization=org, admitted_on__year__in=resolution.years).count()
    ctx.notes.append(
        _("%(count)s targets of the term %(term)s with five years of ratings (%(admitted)s members admitted)")
        % {"count": resolution.targets.count(), "term": resolution.term_label, "admitted": admitted}
    )
