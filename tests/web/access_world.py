"""The world the access matrix runs in: two organizations with every kind of object, and one user per role.

Organization A ("vp-ubnd", a grassroots committee with branches cb1 and cb2) and organization B ("so-tc",
another grassroots committee) each get members, a congress with delegates, an agenda item, an open vote,
a document, an election with a counted (not yet announced) round and a candidate, and a confirmed
resolution; branch cb1 of A gets the same congress objects, for the branch-scope pass. Users:

- organizer, presidium, counting_committee, observer, delegate: that role in A (the delegate is linked
  to delegate no. 1 of A's congresses and checked in);
- outsider: the organizer of B (a user of another organization, with every permission there);
- branch_organizer, branch_observer: that role in branch cb1 of A only;
- a managed login in A and in B (`target`), for the user pages, each with a pending request of the other
  organization to link it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from permission_fixtures import _confirmed_resolution, _congress, _document, _election, _open_vote, _poll

A_ROLES = ("organizer", "presidium", "counting_committee", "observer", "delegate")
ROLES = (*A_ROLES, "outsider", "branch_organizer", "branch_observer", "anonymous")


@dataclass
class Side:
    """One organization's objects (ids), keyed by the URL kwarg or POST field that names them."""

    org: Any
    ids: dict[str, int] = field(default_factory=dict)
    member_codes: dict[str, str] = field(default_factory=dict)


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, first_name=username)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _grant(user: Any, org: Any, role: str) -> None:
    from daihoi.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, organization=org, role=role)


def _member(owner: Any, branch: Any, code: str) -> Any:
    from daihoi.organizations.models import Gender, Member, MemberStatus

    return Member.objects.create(
        organization=owner,
        branch=branch,
        member_code=code,
        full_name=f"Nguyễn Văn {code}",
        family_name="Nguyễn",
        middle_name="Văn",
        given_name=code,
        birth_date=datetime.date(1980, 1, 1),
        gender=Gender.MALE,
        status=MemberStatus.OFFICIAL,
    )


def _congress_objects(side: Side, delegate_user: Any | None) -> None:
    """Congress, delegate, agenda item, open vote, document, election (counted round), candidate."""
    from daihoi.congresses.models import AgendaItem, Delegate
    from daihoi.elections.models import Candidate

    org = side.org
    side.ids["pk"] = side.ids["congress_pk"] = side.ids["congress_id"] = _congress(org)
    delegate = Delegate.objects.get(pk=_delegate(org))
    if delegate_user is not None:
        Delegate.objects.filter(pk=delegate.pk).update(user=delegate_user, present=True)
    side.ids["delegate_id"] = side.ids["delegate"] = delegate.pk
    side.ids["item"] = AgendaItem.objects.create(congress_id=side.ids["pk"], position=1, title="Khai mạc").pk
    side.ids["vote_id"] = side.ids["vote"] = _open_vote(org)
    side.ids["doc_id"] = _document(org)
    side.ids["election_id"] = side.ids["election"] = _election(org)
    side.ids["poll_id"] = _poll(org)
    side.ids["candidate"] = Candidate.objects.filter(election_id=side.ids["election"]).values_list(
        "pk", flat=True
    )[0]


def _delegate(organization: Any) -> int:
    from daihoi.congresses.models import Delegate, DelegateKind

    delegate, _ = Delegate.objects.get_or_create(
        congress_id=_congress(organization),
        number=1,
        defaults={"full_name": "Trần Thị Mẫu", "kind": DelegateKind.MEMBER},
    )
    return delegate.pk


@dataclass
class World:
    a: Side
    b: Side
    cb1: Side
    cb2: Any
    users: dict[str, Any]
    clients: dict[str, Any] = field(default_factory=dict)


def _season(side: Side) -> None:
    """A season (issue 14) held by the side's organization, with one plan entry, for the /s/ URLs."""
    from daihoi.seasons.models import PlanEntry, Season

    season = Season.objects.create(organization=side.org, term_start_year=2025, term_end_year=2030)
    side.ids["season_pk"] = season.pk
    side.ids["entry_pk"] = PlanEntry.objects.create(season=season, organization=side.org).pk


def build_world() -> World:
    from daihoi.congresses.models import DelegateLinkRequest
    from daihoi.organizations.models import Organization, OrganizationKind

    org_a = Organization.objects.create(
        code="vp-ubnd", name="Đảng bộ Văn phòng UBND tỉnh", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    cb1 = Organization.objects.create(
        code="vp-ubnd-cb1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org_a
    )
    cb2 = Organization.objects.create(
        code="vp-ubnd-cb2", name="Chi bộ 2", kind=OrganizationKind.BRANCH, parent=org_a
    )
    org_b = Organization.objects.create(
        code="so-tc", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    b_branch = Organization.objects.create(
        code="so-tc-cb1", name="Chi bộ Sở", kind=OrganizationKind.BRANCH, parent=org_b
    )

    users = {role: _user(role) for role in A_ROLES}
    for role in A_ROLES:
        _grant(users[role], org_a, role)
    users["outsider"] = _user("outsider")
    _grant(users["outsider"], org_b, "organizer")
    users["branch_organizer"] = _user("branch_organizer")
    _grant(users["branch_organizer"], cb1, "organizer")
    users["branch_observer"] = _user("branch_observer")
    _grant(users["branch_observer"], cb1, "observer")

    a, b, side_cb1 = Side(org_a), Side(org_b), Side(cb1)
    # Members: one in each branch of A (the matrix's member is cb1's), one in B.
    a.ids["member_id"] = a.ids["member"] = _member(org_a, cb1, "MX0001").pk
    a.member_codes["member_code"] = "MX0001"
    a.ids["cb2_member"] = _member(org_a, cb2, "MX0002").pk
    side_cb1.ids["member_id"] = a.ids["member_id"]  # the roll's member attending cb1 (URLs of the roll)
    b.ids["member_id"] = b.ids["member"] = _member(org_b, b_branch, "MB0001").pk
    b.member_codes["member_code"] = "MB0001"

    for side in (a, b, side_cb1):
        _congress_objects(side, users["delegate"] if side is not b else None)
        _confirmed_resolution(side.org)
        _season(side)
    # The targets of a branch count the members whose organization is the branch itself.
    side_cb1.ids["member"] = _member(cb1, None, "MC0001").pk

    # Managed logins, each asked for by the other organization.
    target_a, target_b, target_cb1 = _user("target-a"), _user("target-b"), _user("target-cb1")
    _grant(target_a, org_a, "delegate")
    _grant(target_b, org_b, "delegate")
    _grant(target_cb1, cb1, "delegate")
    a.ids["user_id"], b.ids["user_id"], side_cb1.ids["user_id"] = target_a.pk, target_b.pk, target_cb1.pk
    for side, user, other in ((a, target_a, b), (b, target_b, a), (side_cb1, target_cb1, b)):
        request = DelegateLinkRequest.objects.create(
            delegate_id=other.ids["delegate"], username=user.username, user=user
        )
        side.ids["request_id"] = request.pk
    # A request of A addressed to the outsider (B's organizer), for /accounts/links/.
    a.ids["own_request_id"] = DelegateLinkRequest.objects.create(
        delegate_id=a.ids["delegate"], username="outsider", user=users["outsider"]
    ).pk
    return World(a=a, b=b, cb1=side_cb1, cb2=cb2, users=users)
