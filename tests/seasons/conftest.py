"""A bloc committee (under the province committee) with three grassroots organizations below it, one of
them under an intermediate committee, their members, and users: the bloc's organizer, an observer reaching
the bloc from the province, a lower organization's organizer; and for the approval tests the demo
congress (its executive committee and its delegation elected and announced) closed, its organization
placed under a bloc committee held in daihoi, with one organizer in each and an organizer of a peer bloc
committee, loaded once per module, each test's changes rolled back (the `db` fixture's savepoint)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from approval_world import build_approval_world
from django.db import transaction


@dataclass
class Bloc:
    province: Any
    bloc: Any
    district: Any  # an intermediate committee under the bloc
    orgs: dict[str, Any]
    users: dict[str, Any] = field(default_factory=dict)


def add_members(org: Any, official: int, probationary: int = 0) -> None:
    from daihoi.organizations.models import Gender, Member, MemberStatus

    for i in range(official + probationary):
        Member.objects.create(
            organization=org,
            member_code=f"{org.code}-{i}",
            full_name=f"Nguyễn Văn An {i}",
            birth_date=dt.date(1980, 1, 1),
            gender=Gender.MALE,
            status=MemberStatus.OFFICIAL if i < official else MemberStatus.PROBATIONARY,
        )


@pytest.fixture
def bloc(db, django_user_model) -> Bloc:
    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.organizations.models import Organization, OrganizationKind

    province = Organization.objects.create(
        code="tinh", name="Đảng bộ tỉnh Quảng Ngãi", kind=OrganizationKind.PROVINCE_COMMITTEE
    )
    bloc = Organization.objects.create(
        code="khoi", name="Đảng bộ Khối cơ quan tỉnh", kind=OrganizationKind.UPPER_COMMITTEE, parent=province
    )
    district = Organization.objects.create(
        code="khoi-cum", name="Cụm cơ quan kinh tế", kind=OrganizationKind.UPPER_COMMITTEE, parent=bloc
    )
    orgs = {
        "vp": Organization.objects.create(
            code="vp-ubnd",
            name="Đảng bộ Văn phòng UBND tỉnh",
            kind=OrganizationKind.GRASSROOTS_COMMITTEE,
            parent=bloc,
        ),
        "tc": Organization.objects.create(
            code="so-tc", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=bloc
        ),
        "kh": Organization.objects.create(
            code="so-kh", name="Chi bộ Sở Kế hoạch", kind=OrganizationKind.GRASSROOTS_BRANCH, parent=district
        ),
    }
    Organization.objects.create(
        code="vp-ubnd-cb1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=orgs["vp"]
    )
    peer_kind = OrganizationKind.UPPER_COMMITTEE
    Organization.objects.create(
        code="peer", name="Đảng bộ Khối doanh nghiệp", kind=peer_kind, parent=province
    )
    add_members(orgs["vp"], 40, 2)
    add_members(orgs["tc"], 25)
    add_members(orgs["kh"], 5)
    users = {}
    for name, org, role in (
        ("bloc_organizer", bloc, Role.ORGANIZER),
        ("province_observer", province, Role.ORGANIZER),
        ("lower_organizer", orgs["vp"], Role.ORGANIZER),
        ("bloc_observer", bloc, Role.OBSERVER),
    ):
        user = django_user_model.objects.create_user(username=name, password="pw-" + name)
        RoleAssignment.objects.create(user=user, organization=org, role=role)
        users[name] = user
    return Bloc(province, bloc, district, orgs, users)


@pytest.fixture
def season(bloc: Bloc) -> Any:
    from daihoi.seasons.services.plan import create_season

    return create_season(
        bloc.bloc, term_start_year=2025, term_end_year=2030, actor=bloc.users["bloc_organizer"]
    )


@pytest.fixture(scope="module")
def approval_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_approval_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(approval_world, db):
    """The module's world, each test in its own savepoint; objects re-read."""
    for key in ("congress", "lower", "superior", "peer"):
        approval_world[key].refresh_from_db()
    return approval_world
