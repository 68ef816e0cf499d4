"""The demo roll: Đảng bộ Văn phòng UBND tỉnh, 5 branches, 50 official members and 3 probationary ones,
imported through import_roll.

The 50 official members are the voters convened to the congress (the seed: "48/50 đảng viên" present);
the probationary members attend without a vote. Nobody is attached temporarily elsewhere, so D is the
official members present once the two excused absences are deducted (the exempted member attends).

Names, dates and card numbers come from a seeded generator, so every run yields the same roll; running it
again changes nothing (the import is idempotent; members and branches not in the demo are removed).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.organizations import services
from daihoi.organizations.models import Member, Organization, OrganizationKind
from daihoi.organizations.roll_format import COLUMNS
from daihoi.organizations.roll_import import import_roll

ORG: dict[str, Any] = {
    "code": "vp-ubnd-tinh",
    "name": "Đảng bộ Văn phòng UBND tỉnh",
    "kind": OrganizationKind.GRASSROOTS_COMMITTEE,
    "superior_body": "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh",
    "locality": "Quảng Ngãi",
    "term_start_year": 2020,
    "term_end_year": 2025,
}
# (code, name, members): 12 + 10 + 9 + 10 + 9 = 50 official members, plus one probationary member
# in each of Tổng hợp, Kinh tế and Phục vụ hành chính công (PROBATIONARY below).
BRANCHES = [
    ("vp-ubnd-tinh-tong-hop", "Chi bộ Phòng Tổng hợp", 13),
    ("vp-ubnd-tinh-kinh-te", "Chi bộ Phòng Kinh tế", 11),
    ("vp-ubnd-tinh-khoa-giao", "Chi bộ Phòng Khoa giáo - Văn xã", 9),
    ("vp-ubnd-tinh-hanh-chinh", "Chi bộ Phòng Hành chính - Tổ chức", 10),
    ("vp-ubnd-tinh-phvhcc", "Chi bộ Trung tâm Phục vụ hành chính công", 10),
]
# Positions in the generated roll (0-based) of the probationary members, admitted less than a year
# before the congress: they attend without a vote and are not among the 50 convened voters.
PROBATIONARY = frozenset({7, 19, 47})
USERS = [
    ("tochuc", "tochuc2020", Role.ORGANIZER, "Văn phòng Đảng ủy"),
    ("chutich", "chutich2020", Role.PRESIDIUM, "Đoàn Chủ tịch"),
    ("kiemphieu", "kiemphieu2020", Role.COUNTING_COMMITTEE, "Ban Kiểm phiếu"),
    # A second counting-committee member: the two entries of a stack come from two people.
    ("kiemphieu2", "kiemphieu2020", Role.COUNTING_COMMITTEE, "Ban Kiểm phiếu (người nhập thứ hai)"),
    ("quansat", "quansat2020", Role.OBSERVER, "Quan sát viên"),
]
ADMIN = ("admin", "admin2020")
CONGRESS_DAY = date(2020, 6, 16)

FAMILIES = (
    ["Nguyễn"] * 12
    + ["Trần"] * 4
    + ["Lê"] * 4
    + ["Phạm"] * 3
    + ["Hoàng"] * 2
    + ["Vũ"] * 2
    + ["Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Đinh", "Trịnh", "Lương", "Huỳnh", "Võ"]
)
MIDDLE = {
    "male": ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Mạnh", "Trọng"],
    "female": ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Thùy", "Minh", "Hồng"],
}
GIVEN = {
    "male": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Tâm",
        "Thắng",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
        "Hưng",
        "Thành",
    ],
    "female": [
        "Anh",
        "Chi",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Thảo",
        "Trang",
        "Tuyết",
        "Yến",
        "Ánh",
        "Hằng",
    ],
}
# A few members from other ethnic groups, with names of their communities.
MINORITIES = [
    ("Nông Thị Hoa", "female", "Tày"),
    ("Lò Văn Thành", "male", "Thái"),
    ("Đinh Công Sơn", "male", "Mường"),
    ("Hà Thị Ngân", "female", "Tày"),
]


@dataclass
class DemoMember:
    code: str
    name: str
    gender: str
    born: date
    ethnicity: str
    branch: str
    status: str
    admitted: date
    official: date | None
    parts: tuple[str, str, str] | None = None
    attached_elsewhere: bool = False
    exempted: bool = False
    education: str = "Đại học"
    political_theory: str = "Sơ cấp"
    home_town: str = ""


def _qualifications(members: list[DemoMember]) -> None:
    """Professional qualification and political-theory level, plausible for a provincial office: mostly
    university graduates, a third with a master's degree, two doctors; theory rising with seniority.
    A generator of its own, so the names and dates above stay as they were."""
    rng = random.Random(16062020)  # noqa: S311 - repeatable demo data, not security
    for m in members:
        roll = rng.random()
        m.education = "Thạc sĩ" if roll < 0.32 else "Cao đẳng" if roll > 0.94 else "Đại học"
        senior = m.admitted.year <= 2005
        theory = rng.random()
        if m.status == "probationary":
            m.political_theory = "Chưa qua đào tạo"
        elif senior:
            m.political_theory = "Cao cấp" if theory < 0.45 else "Cử nhân" if theory > 0.93 else "Trung cấp"
        else:
            m.political_theory = "Trung cấp" if theory < 0.4 else "Sơ cấp"
    members[0].education = members[11].education = "Tiến sĩ"
    towns = (
        "Tư Nghĩa, Quảng Ngãi", "Sơn Tịnh, Quảng Ngãi", "Bình Sơn, Quảng Ngãi", "Mộ Đức, Quảng Ngãi",
        "Nghĩa Hành, Quảng Ngãi", "Đức Phổ, Quảng Ngãi", "Thành phố Quảng Ngãi", "Ba Tơ, Quảng Ngãi",
        "Tam Kỳ, Quảng Nam", "Phù Cát, Bình Định",
    )  # fmt: skip
    for m in members:
        m.home_town = towns[int(rng.random() * len(towns))]


def _date_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days))


def _card_number(rng: random.Random, taken: set[str]) -> str:
    """A Party card number not in `taken` (added to it), drawn from the demo's seeded generator."""
    code = f"{rng.randrange(10, 99)}.{rng.randrange(0, 999999):06d}"
    while code in taken:
        code = f"{rng.randrange(10, 99)}.{rng.randrange(0, 999999):06d}"
    taken.add(code)
    return code


def demo_members() -> list[DemoMember]:
    """53 members (50 official, 3 probationary), deterministic: seeded generator, fixed special cases."""
    rng = random.Random(20200616)  # noqa: S311 - repeatable demo data, not security
    slots = [code for code, _name, n in BRANCHES for _i in range(n)]
    probationary = PROBATIONARY
    codes: set[str] = set()
    members: list[DemoMember] = []
    for i, branch in enumerate(slots):
        gender = "female" if rng.random() < 0.42 else "male"
        name = f"{rng.choice(FAMILIES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        ethnicity, parts = "Kinh", None
        if i in (4, 15, 27, 40):
            name, gender, ethnicity = MINORITIES[(4, 15, 27, 40).index(i)]
        if i == 22:  # a compound family name: the split is set by hand
            name, gender, parts = "Tôn Nữ Thu Hà", "female", ("Tôn Nữ", "Thu", "Hà")
        if i == 36:  # the same full name as member 3, younger: the ballot lists the older one first
            name, gender = members[3].name, members[3].gender
        if i in probationary:
            born = _date_between(rng, date(1990, 1, 1), date(1997, 12, 31))
            admitted = _date_between(rng, date(2019, 7, 1), date(2020, 3, 1))
            official = None
        else:
            born = _date_between(rng, date(1962, 1, 1), date(1992, 12, 31))
            admitted = _date_between(
                rng, date(born.year + 22, 1, 1), min(date(born.year + 34, 12, 31), date(2019, 1, 1))
            )
            official = admitted + timedelta(days=365 + rng.randrange(20))
        code = _card_number(rng, codes)
        members.append(
            DemoMember(
                code,
                name,
                gender,
                born,
                ethnicity,
                branch,
                "probationary" if i in probationary else "official",
                admitted,
                official,
                parts,
            )
        )
    # Exempted from Party work for age and health, but attends: not deducted from D (spec §6.1).
    members[30].exempted = True
    if members[30].born.year > 1966:
        members[30].born = date(1962, 3, 8)  # exempted for age and health
    _qualifications(members)
    return members


def roll_csv(members: list[DemoMember], branch_names: dict[str, str] | None = None) -> bytes:
    """The demo roll as an import file (so the demo goes through import_roll like an office's file)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    names = {code: name for code, name, _n in BRANCHES} if branch_names is None else {"": "", **branch_names}
    for i, m in enumerate(members, start=1):
        values = {
            "row_number": i,
            "member_code": m.code,
            "full_name": m.name,
            "family_name": m.parts[0] if m.parts else "",
            "middle_name": m.parts[1] if m.parts else "",
            "given_name": m.parts[2] if m.parts else "",
            "birth_date": m.born.strftime("%d/%m/%Y"),
            "gender": "Nam" if m.gender == "male" else "Nữ",
            "ethnicity": m.ethnicity,
            "branch": names[m.branch],
            "status": "Chính thức" if m.status == "official" else "Dự bị",
            "admitted_on": m.admitted.strftime("%d/%m/%Y"),
            "official_on": m.official.strftime("%d/%m/%Y") if m.official else "",
            "education": m.education,
            "political_theory": m.political_theory,
            "home_town": m.home_town,
            "attached_elsewhere": "x" if m.attached_elsewhere else "",
            "exempted": "x" if m.exempted else "",
            "suspended": "",
            "note": "",
        }
        writer.writerow([values[c.key] for c in COLUMNS])
    return out.getvalue().encode("utf-8")


def _update(
    org: Organization, values: dict[str, Any], actor: str, *, parent: Organization | None = None
) -> None:
    """Bring an organization back to the demo's values (and under `parent` when given); nothing, not one
    audit entry, when it has them."""
    changes = {k: v for k, v in values.items() if k != "code" and getattr(org, k) != v}
    if parent is not None and org.parent_id != parent.pk:
        changes["parent"] = parent
    if changes:
        services.update_organization(org, actor=actor, **changes)


def _organization(actor: str) -> tuple[Organization, list[Organization]]:
    org = Organization.objects.filter(code=ORG["code"]).first()
    if org is None:
        org, _w = services.create_organization(actor=actor, **ORG)
    else:
        services.reactivate_organization(org, actor=actor)
        _update(org, ORG, actor)
    branches = []
    for code, name, _n in BRANCHES:
        branch = Organization.objects.filter(code=code).first()
        if branch is None:
            branch, _w = services.create_organization(
                actor=actor, code=code, name=name, kind=OrganizationKind.BRANCH, parent=org
            )
        else:
            services.reactivate_organization(branch, actor=actor)
            services.update_organization(branch, actor=actor, name=name)
        branches.append(branch)
    return org, branches


def _remove_extras(org: Organization, codes: set[str], branches: list[Organization], actor: str) -> None:
    """Members and branches added by hand since the last demo: deleted, or deactivated if referenced."""
    for member in Member.objects.filter(organization=org).exclude(member_code__in=codes):
        try:
            with transaction.atomic():
                member.delete()
        except ProtectedError:
            services.deactivate_member(member, actor=actor, reason="demo reset")
    for extra in services.branches_of(org).exclude(pk__in=[b.pk for b in branches]):
        try:
            with transaction.atomic():
                extra.delete()
        except ProtectedError:
            services.deactivate_organization(extra, actor=actor)


def _users(org: Organization, ctx: Any) -> None:
    user_model = get_user_model()
    for username, password, role, label in USERS:
        user, _c = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.is_active = label, "", True
        user.is_superuser = user.is_staff = False
        user.set_password(password)
        user.save()
        RoleAssignment.objects.filter(user=user).exclude(organization=org, role=role).delete()
        RoleAssignment.objects.get_or_create(user=user, organization=org, role=role)
        ctx.logins.append((username, password, str(role.label)))
    admin, _c = user_model.objects.get_or_create(username=ADMIN[0])
    admin.is_superuser = admin.is_staff = admin.is_active = True
    admin.first_name = _("System administrator")
    admin.set_password(ADMIN[1])
    admin.save()
    ctx.logins.append((ADMIN[0], ADMIN[1], _("System administrator")))


def load(ctx: Any) -> None:
    actor = "demo"
    with transaction.atomic():
        org, branches = _organization(actor)
        members = demo_members()
        _remove_extras(org, {m.code for m in members}, branches, actor)
        result = import_roll(org, roll_csv(members), "demo-roll.csv", actor=actor)
        _users(org, ctx)
    ctx.objects["organization"] = org
    ctx.objects["branches"] = branches
    ctx.objects["members"] = list(
        Member.objects.filter(organization=org, is_active=True).order_by("sort_key")
    )
    ctx.notes.append(
        _("%(name)s: %(count)s members in %(branches)s branches (%(created)s added, %(updated)s updated)")
        % {
            "name": org.name,
            "count": result.total,
            "branches": len(branches),
            "created": result.created,
            "updated": result.updated,
        }
    )


# ----------------------------------------------------------------------------------------------------
# The province slice (issue 14): the seed's organization among its peers under the bloc committee.

PROVINCE: dict[str, Any] = {
    "code": "tinh-quang-ngai",
    "name": "Đảng bộ tỉnh Quảng Ngãi",
    "kind": OrganizationKind.PROVINCE_COMMITTEE,
    "locality": "Quảng Ngãi",
    "term_start_year": 2020,
    "term_end_year": 2025,
}
BLOC: dict[str, Any] = {
    "code": "dbk-cqdn",
    "name": ORG["superior_body"],
    "kind": OrganizationKind.UPPER_COMMITTEE,
    "superior_body": PROVINCE["name"],
    "locality": "Quảng Ngãi",
    "term_start_year": 2020,
    "term_end_year": 2025,
}


@dataclass(frozen=True)
class Peer:
    """A grassroots organization beside the seed's under the bloc committee, with a small generated roll."""

    code: str
    name: str
    kind: str
    branches: tuple[tuple[str, str, int], ...]  # (code suffix, name, members); one unnamed when none
    probationary: int
    head: str  # the post of the office's head (the first member's title on the congress's list)
    seed: int


PEERS = (
    Peer(
        "so-tai-chinh",
        "Đảng bộ Sở Tài chính",
        OrganizationKind.GRASSROOTS_COMMITTEE,
        (
            ("van-phong", "Chi bộ Văn phòng Sở", 12),
            ("ngan-sach", "Chi bộ Phòng Quản lý ngân sách", 11),
            ("doanh-nghiep", "Chi bộ Phòng Tài chính doanh nghiệp", 11),
        ),
        1,
        "Giám đốc Sở Tài chính",
        20250520,
    ),
    Peer(
        "so-tu-phap",
        "Chi bộ Sở Tư pháp",
        OrganizationKind.GRASSROOTS_BRANCH,
        (("", "", 18),),
        1,
        "Giám đốc Sở Tư pháp",
        20250624,
    ),
    Peer(
        "so-khcn",
        "Chi bộ Sở Khoa học và Công nghệ",
        OrganizationKind.GRASSROOTS_BRANCH,
        (("", "", 14),),
        0,
        "Giám đốc Sở Khoa học và Công nghệ",
        20250715,
    ),
    Peer(
        "bhxh-tinh",
        "Đảng bộ Bảo hiểm xã hội tỉnh",
        OrganizationKind.GRASSROOTS_COMMITTEE,
        (
            ("van-phong", "Chi bộ Văn phòng", 13),
            ("thu", "Chi bộ Phòng Quản lý thu", 13),
            ("chinh-sach", "Chi bộ Phòng Chế độ bảo hiểm xã hội", 12),
        ),
        1,
        "Giám đốc Bảo hiểm xã hội tỉnh",
        20250708,
    ),
)
# (username, password, role, label, organization code): the bloc's own logins, and the organizer of the
# peer whose congress is held (it submits its result dossier for approval).
PROVINCE_USERS = [
    ("khoi", "khoi2020", Role.ORGANIZER, "Văn phòng Đảng ủy Khối", "dbk-cqdn"),
    ("khoi-quansat", "khoiquansat2020", Role.OBSERVER, "Ban Tổ chức Đảng ủy Khối (quan sát)", "dbk-cqdn"),
    ("tuphap", "tuphap2020", Role.ORGANIZER, "Chi ủy Chi bộ Sở Tư pháp", "so-tu-phap"),
]


def peer_branch_code(peer: Peer, suffix: str) -> str:
    return f"{peer.code}-{suffix}"


def peer_members(peer: Peer, taken: set[str]) -> list[DemoMember]:
    """A peer's roll from the demo's name generator: deterministic (the peer's own seed), card numbers
    distinct from those in `taken` (which grows), the last `peer.probationary` members probationary."""
    rng = random.Random(peer.seed)  # noqa: S311 - repeatable demo data, not security
    slots = [
        peer_branch_code(peer, suffix) if suffix else "" for suffix, _n, n in peer.branches for _ in range(n)
    ]
    members: list[DemoMember] = []
    for i, branch in enumerate(slots):
        gender = "female" if rng.random() < 0.45 else "male"
        name = f"{rng.choice(FAMILIES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        probationary = i >= len(slots) - peer.probationary
        if probationary:
            born = _date_between(rng, date(1992, 1, 1), date(1999, 12, 31))
            admitted = _date_between(rng, date(2024, 8, 1), date(2025, 3, 1))
            official = None
        else:
            born = _date_between(rng, date(1966, 1, 1), date(1995, 12, 31))
            admitted = _date_between(
                rng, date(born.year + 22, 1, 1), min(date(born.year + 32, 12, 31), date(2023, 6, 1))
            )
            official = admitted + timedelta(days=365 + rng.randrange(20))
        code = _card_number(rng, taken)
        members.append(
            DemoMember(
                code,
                name,
                gender,
                born,
                "Kinh",
                branch,
                "probationary" if probationary else "official",
                admitted,
                official,
            )
        )
    _qualifications(members)
    return members


def _upsert(values: dict[str, Any], actor: str, parent: Organization | None = None) -> Organization:
    """Create the organization under `parent`, or bring it back to the demo's values and parent."""
    org = Organization.objects.filter(code=values["code"]).first()
    if org is None:
        org, _w = services.create_organization(actor=actor, parent=parent, **values)
        return org
    services.reactivate_organization(org, actor=actor)
    _update(org, values, actor, parent=parent)
    org.refresh_from_db()
    return org


def _peer_users(orgs: dict[str, Organization], ctx: Any) -> None:
    user_model = get_user_model()
    for username, password, role, label, code in PROVINCE_USERS:
        org = orgs[code]
        user, _c = user_model.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.is_active = label, "", True
        user.is_superuser = user.is_staff = False
        user.set_password(password)
        user.save()
        RoleAssignment.objects.filter(user=user).exclude(organization=org, role=role).delete()
        RoleAssignment.objects.get_or_create(user=user, organization=org, role=role)
        ctx.logins.append((username, password, f"{role.label} ({org.name})"))


def load_province(ctx: Any) -> None:
    """The province committee, the bloc committee under it, the seed's organization and its peers under
    the bloc (their rolls imported like an office's file), the bloc's logins."""
    actor = "demo"
    with transaction.atomic():
        province = _upsert(PROVINCE, actor)
        bloc = _upsert(BLOC, actor, parent=province)
        orgs = {province.code: province, bloc.code: bloc}
        seed = ctx.objects["organization"]
        _update(seed, {}, actor, parent=bloc)
        seed.refresh_from_db()
        taken = set(Member.objects.filter(organization=seed).values_list("member_code", flat=True))
        peers: list[Organization] = []
        total = 0
        for peer in PEERS:
            org = _upsert(
                {
                    "code": peer.code,
                    "name": peer.name,
                    "kind": peer.kind,
                    "superior_body": BLOC["name"],
                    "locality": "Quảng Ngãi",
                    "term_start_year": 2020,
                    "term_end_year": 2025,
                },
                actor,
                parent=bloc,
            )
            branches = []
            for suffix, name, _n in peer.branches:
                if not suffix:
                    continue
                code = peer_branch_code(peer, suffix)
                branch = Organization.objects.filter(code=code).first()
                if branch is None:
                    branch, _w = services.create_organization(
                        actor=actor, code=code, name=name, kind=OrganizationKind.BRANCH, parent=org
                    )
                else:
                    services.reactivate_organization(branch, actor=actor)
                    services.update_organization(branch, actor=actor, name=name)
                branches.append(branch)
            members = peer_members(peer, taken)
            _remove_extras(org, {m.code for m in members}, branches, actor)
            names = {peer_branch_code(peer, s): n for s, n, _c in peer.branches if s}
            result = import_roll(org, roll_csv(members, names), f"demo-{peer.code}.csv", actor=actor)
            total += result.total
            peers.append(org)
            orgs[org.code] = org
        _peer_users(orgs, ctx)
    ctx.objects["province"] = province
    ctx.objects["bloc"] = bloc
    ctx.objects["peers"] = peers
    ctx.objects["peer_members"] = total
