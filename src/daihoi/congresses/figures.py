"""Live attendance figures: the quorum (Charter 11.6) and the threshold base D (Reg. 190 Art. 30).

Read-only and cheap (a few aggregate queries), because the projector and every desk poll them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q

from daihoi.congresses.models import Congress, CongressKind, Delegate, DelegateKind
from daihoi.core.election.base import two_thirds_met, two_thirds_needed
from daihoi.organizations.models import OrganizationKind

SUBORDINATE_KINDS = (OrganizationKind.BRANCH, OrganizationKind.PARTIAL_COMMITTEE)


QuorumBasis = Literal["voters", "all_convened"]
QUORUM_BASES: tuple[str, ...] = ("voters", "all_convened")
# Charter 11.6 counts "those convened"; which people that means is partly UNCONFIRMED (spec §3), so it
# is a setting, DAIHOI_QUORUM_BASIS:
# - "voters" (default): the voters convened — official members in a members' congress, official
#   delegates (an alternate replacing an absent one takes that seat) in a delegates' congress — the
#   same people the counting minutes print as convened; probationary members, members attached here
#   and guests are shown apart as non-voters;
# - "all_convened": everyone convened except guests (probationary members included).
# Nobody is deducted for absence either way (rule profile: quorum_deducts_exclusions = False).
DEFAULT_QUORUM_BASIS: QuorumBasis = "voters"


def quorum_basis() -> QuorumBasis:
    value = getattr(settings, "DAIHOI_QUORUM_BASIS", DEFAULT_QUORUM_BASIS)
    if value not in QUORUM_BASES:
        raise ImproperlyConfigured(f"DAIHOI_QUORUM_BASIS must be one of {QUORUM_BASES}, not {value!r}")
    return "all_convened" if value == "all_convened" else "voters"


@dataclass(frozen=True)
class Quorum:
    basis: str  # QuorumBasis: who "convened" and "present" count
    convened: int  # the figure used for "convened" (the basis), shown as present/convened
    present: int  # present among them
    needed: int
    met: bool
    branches_total: int
    branches_present: int
    branches_needed: int
    branches_met: bool
    voters_convened: int
    voters_present: int
    nonvoters_present: int  # probationary members, members attached here, alternates not replacing
    guests_present: int
    absent_with_reason: int  # among the basis
    absent_without_reason: int
    people_convened: int  # everyone convened except guests, with a vote or not
    attending: int  # present among people_convened (the attendees of the 30% support rule)

    @property
    def valid(self) -> bool:
        return self.met and self.branches_met

    @property
    def absent(self) -> int:
        return self.convened - self.present

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "valid": self.valid, "absent": self.absent}


def _voter_q(prefix: str = "") -> Q:
    """The has_vote rule as a query (see Delegate.has_vote)."""
    return (
        Q(
            **{
                f"{prefix}convened": True,
                f"{prefix}is_official": True,
                f"{prefix}attached_elsewhere": False,
                f"{prefix}suspended": False,
                f"{prefix}credential_flag": "",
            }
        )
        & ~Q(**{f"{prefix}kind": DelegateKind.GUEST})
        & ~Q(**{f"{prefix}kind": DelegateKind.ALTERNATE, f"{prefix}replaces__isnull": True})
    )


def voters(congress: Congress) -> Any:
    return congress.delegates.filter(_voter_q())


def quorum(congress: Congress, basis: QuorumBasis | None = None) -> Quorum:
    """Charter 11.6: 3 * present >= 2 * convened, and 2/3 of the branches with someone counted present."""
    basis = basis or quorum_basis()
    people = Delegate.objects.filter(congress=congress, convened=True).exclude(kind=DelegateKind.GUEST)
    if congress.kind == CongressKind.DELEGATES:
        # An alternate who does not replace anyone is not one of "those convened".
        people = people.exclude(kind=DelegateKind.ALTERNATE, replaces__isnull=True)
    if basis == "voters":
        counted = _voter_q()
        if congress.kind == CongressKind.DELEGATES:
            # A seat taken by an alternate is counted once, through the alternate.
            counted &= Q(replaced_by__isnull=True)
    else:
        counted = Q()
    agg = people.aggregate(
        n_people=Count("id"),
        n_attending=Count("id", filter=Q(present=True)),
        n_convened=Count("id", filter=counted),
        n_present=Count("id", filter=counted & Q(present=True)),
        n_voters=Count("id", filter=_voter_q()),
        n_voters_present=Count("id", filter=_voter_q() & Q(present=True)),
        n_absent_reason=Count("id", filter=counted & Q(present=False) & ~Q(absence_reason="")),
    )
    guests_present = Delegate.objects.filter(congress=congress, kind=DelegateKind.GUEST, present=True).count()
    branch_ids, present_branches = _subordinates(congress, people, counted)
    convened, present = agg["n_convened"], agg["n_present"]
    branches_total = len(branch_ids)
    return Quorum(
        basis=basis,
        convened=convened,
        present=present,
        needed=two_thirds_needed(convened),
        met=convened > 0 and two_thirds_met(present, convened),
        branches_total=branches_total,
        branches_present=len(present_branches),
        branches_needed=two_thirds_needed(branches_total),
        branches_met=two_thirds_met(len(present_branches), branches_total),
        voters_convened=agg["n_voters"],
        voters_present=agg["n_voters_present"],
        nonvoters_present=agg["n_attending"] - agg["n_voters_present"],
        guests_present=guests_present,
        absent_with_reason=agg["n_absent_reason"],
        absent_without_reason=convened - present - agg["n_absent_reason"],
        people_convened=agg["n_people"],
        attending=agg["n_attending"],
    )


def _subordinates(congress: Congress, people: Any, counted: Q) -> tuple[set[int], set[int]]:
    """(the subordinate organizations, those with someone counted present) for the 2/3 rule (spec §3).

    A members' congress, or a delegates' congress whose delegates were added by hand: the active branches
    and partial committees of the organization, through the delegates' branch. A delegates' congress
    built from the delegations elected below (issue 14): the organizations whose congresses elected its
    convened delegates, through `elected_in` (ex officio delegates belong to none).
    """
    if congress.kind == CongressKind.DELEGATES and people.filter(elected_in__isnull=False).exists():
        key = "elected_in__organization_id"
        ids = set(people.filter(elected_in__isnull=False).values_list(key, flat=True).distinct())
    else:
        key = "branch_id"
        ids = set(
            congress.organization.children.filter(is_active=True, kind__in=SUBORDINATE_KINDS).values_list(
                "id", flat=True
            )
        )
    present = set(people.filter(counted, present=True).values_list(key, flat=True).distinct()) & ids
    return ids, present


@dataclass(frozen=True)
class BaseFigures:
    """The threshold base D and the figures it is made of, as the minutes print them.

    Members' congress: D = official members convened − attached temporarily elsewhere − exempted members
    who are absent − suspended/prosecuted/indicted/detained − absent with an accepted reason.
    Delegates' congress: D = official delegates convened − ex-officio members absent − official delegates
    absent with no alternate replacing them. Each person is deducted once (the first rule that applies).
    """

    kind: str
    official_convened: int
    attached_elsewhere: int = 0
    exempted_absent: int = 0
    suspended: int = 0
    absent_with_reason: int = 0
    ex_officio_absent: int = 0
    absent_not_replaced: int = 0

    @property
    def base(self) -> int:
        return self.official_convened - (
            self.attached_elsewhere
            + self.exempted_absent
            + self.suspended
            + self.absent_with_reason
            + self.ex_officio_absent
            + self.absent_not_replaced
        )

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "base": self.base}


def threshold_base(congress: Congress) -> BaseFigures:
    """D for the elections and open votes of this congress, from the attendance right now."""
    if congress.kind == CongressKind.DELEGATES:
        # The seats: official and ex officio delegates convened, and each alternate who took the seat of
        # an official delegate no longer convened (replaced by the superior's decision before or during
        # the congress): that alternate is then an official delegate.
        rows = list(
            Delegate.objects.filter(congress=congress, convened=True)
            .filter(
                Q(kind__in=[DelegateKind.ELECTED, DelegateKind.EX_OFFICIO])
                | Q(kind=DelegateKind.ALTERNATE, replaces__isnull=False, replaces__convened=False)
            )
            .values_list("id", "kind", "present")
        )
        replaced = set(
            Delegate.objects.filter(
                congress=congress, kind=DelegateKind.ALTERNATE, present=True, replaces__isnull=False
            ).values_list("replaces_id", flat=True)
        )
        ex_absent = sum(1 for _, kind, present in rows if kind == DelegateKind.EX_OFFICIO and not present)
        not_replaced = sum(
            1
            for pk, kind, present in rows
            if kind != DelegateKind.EX_OFFICIO and not present and pk not in replaced
        )
        return BaseFigures(
            kind=congress.kind,
            official_convened=len(rows),
            ex_officio_absent=ex_absent,
            absent_not_replaced=not_replaced,
        )
    counts = {"attached": 0, "suspended": 0, "exempted": 0, "reason": 0}
    official = Delegate.objects.filter(
        congress=congress, convened=True, is_official=True, kind=DelegateKind.MEMBER
    ).values_list("attached_elsewhere", "suspended", "exempted", "present", "absence_accepted")
    total = 0
    for attached, suspended, exempted, present, accepted in official:
        total += 1
        if attached:
            counts["attached"] += 1
        elif suspended:
            counts["suspended"] += 1
        elif exempted and not present:
            counts["exempted"] += 1
        elif not present and accepted:
            counts["reason"] += 1
    return BaseFigures(
        kind=congress.kind,
        official_convened=total,
        attached_elsewhere=counts["attached"],
        exempted_absent=counts["exempted"],
        suspended=counts["suspended"],
        absent_with_reason=counts["reason"],
    )
