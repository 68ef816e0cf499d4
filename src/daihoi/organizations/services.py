"""The roll's actions: one transactional, audited function per action. Views, API, commands and the demo
all call these. Name rules (normalization, splitting, ballot order, search folding) come from core.names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import log_action
from daihoi.core.names import NameParts, ballot_sort_key, search_fold, split_name
from daihoi.core.names import normalize_name as _normalize_name
from daihoi.core.organizations.tree import may_sit_under
from daihoi.organizations.errors import RollError, RollWarning
from daihoi.organizations.models import (
    Education,
    Gender,
    Member,
    MemberStatus,
    Organization,
    OrganizationKind,
    PoliticalTheory,
)

# An import checks and then stores each name: normalize it once (a 10,000-row roll stays fast).
normalize_name = lru_cache(maxsize=65536)(_normalize_name)

GRASSROOTS_COMMITTEE_MIN_MEMBERS = 30  # Charter 21: a đảng bộ cơ sở has at least 30 members
BRANCH_MIN_OFFICIAL = 3  # Charter 21.2, 24.1
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ORG_FIELDS = ("name", "kind", "superior_body", "locality", "term_start_year", "term_end_year")


# ----------------------------------------------------------------------------------------------------
# Organizations and branches


def branches_of(organization: Organization, *, include_inactive: bool = False) -> QuerySet[Organization]:
    """The branches (chi bộ) under a grassroots committee, directly or through a partial committee."""
    qs = Organization.objects.filter(
        Q(parent=organization) | Q(parent__parent=organization), kind=OrganizationKind.BRANCH
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("name", "code")


def _check_organization(values: dict[str, Any], parent: Organization | None) -> None:
    kind = values["kind"]
    if kind not in OrganizationKind.values:
        raise RollError(
            "unknown_kind", _("«%(value)s» is not a kind of organization.") % {"value": kind}, field="kind"
        )
    if not str(values.get("name", "")).strip():
        raise RollError("name_required", _("The name is required."), field="name")
    needs_parent = kind in (OrganizationKind.BRANCH, OrganizationKind.PARTIAL_COMMITTEE)
    if needs_parent and parent is None:
        raise RollError(
            "parent_required",
            _("A branch or partial committee belongs to a Party committee."),
            field="parent",
        )
    if (
        needs_parent
        and parent is not None
        and parent.kind
        not in (
            OrganizationKind.GRASSROOTS_COMMITTEE,
            OrganizationKind.PARTIAL_COMMITTEE,
        )
    ):
        raise RollError(
            "parent_cannot_have_branches",
            _("«%(value)s» cannot have branches: only a Party committee can.") % {"value": parent.name},
            field="parent",
        )
    if parent is not None and not needs_parent and not may_sit_under(kind, parent.kind):
        raise RollError(
            "grassroots_has_no_parent",
            _(
                "«%(value)s» cannot be the parent of this organization: choose a committee above the "
                "grassroots (a province's, district's or bloc's)."
            )
            % {"value": parent.name},
            field="parent",
        )
    start, end = values.get("term_start_year"), values.get("term_end_year")
    if start and end and end <= start:
        raise RollError(
            "term_order",
            _("The term ends (%(end)s) before it starts (%(start)s).") % {"end": end, "start": start},
            field="term_end_year",
        )


@transaction.atomic
def create_organization(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None = None,
    superior_body: str = "",
    locality: str = "",
    place: str = "",  # the former name of `locality`
    term_start_year: int | None = None,
    term_end_year: int | None = None,
) -> tuple[Organization, list[RollWarning]]:
    code = code.strip().lower()
    if not CODE_RE.match(code):
        raise RollError(
            "bad_code",
            _("«%(value)s» is not a valid code: use lowercase letters without accents, digits and hyphens.")
            % {"value": code},
            field="code",
        )
    if Organization.objects.filter(code=code).exists():
        raise RollError(
            "duplicate_code", _("The code «%(value)s» is already used.") % {"value": code}, field="code"
        )
    values = {
        "name": " ".join(name.split()),
        "kind": kind,
        "superior_body": superior_body.strip(),
        "locality": (locality or place).strip(),
        "term_start_year": term_start_year,
        "term_end_year": term_end_year,
    }
    _check_organization(values, parent)
    org = Organization.objects.create(code=code, parent=parent, **values)
    log_action(
        "organizations.organization.created",
        actor=actor,
        obj=org,
        organization=org.roll_owner,
        data={"code": code, **values, "parent": parent.code if parent else None},
    )
    return org, organization_warnings(org.roll_owner)


@transaction.atomic
def update_organization(org: Organization, *, actor: Any, **changes: Any) -> list[RollWarning]:
    """Change an organization's fields; `parent` (a grassroots organization's or a committee's superior
    committee in daihoi, or None) may change too, never making a loop."""
    if "place" in changes:  # the former name of `locality`
        changes["locality"] = changes.pop("place")
    unknown = set(changes) - {*ORG_FIELDS, "parent"}
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)}")
    org = Organization.objects.select_for_update().get(pk=org.pk)
    parent = changes.pop("parent", org.parent)
    values = {f: getattr(org, f) for f in ORG_FIELDS} | changes
    if isinstance(values.get("name"), str):
        values["name"] = " ".join(values["name"].split())
    _check_organization(values, parent)
    node = parent
    while node is not None:
        if node.pk == org.pk:
            raise RollError(
                "parent_cycle",
                _("«%(value)s» lies below this organization: it cannot be its parent.")
                % {"value": parent.name},
                field="parent",
            )
        node = node.parent
    children = org.children.filter(is_active=True)
    if any(not may_sit_under(child.kind, values["kind"]) for child in children):
        raise RollError(
            "has_branches",
            _("«%(name)s» has branches: it must stay a Party committee.") % {"name": org.name}
            if not org.is_superior_committee
            else _("«%(name)s» has organizations below it: it must stay a committee above the grassroots.")
            % {"name": org.name},
            field="kind",
        )
    diff = {f: [getattr(org, f), values[f]] for f in ORG_FIELDS if getattr(org, f) != values[f]}
    if parent != org.parent:
        diff["parent"] = [org.parent.code if org.parent else None, parent.code if parent else None]
    if diff:
        for f in ORG_FIELDS:
            setattr(org, f, values[f])
        org.parent = parent
        org.save()
        log_action(
            "organizations.organization.updated",
            actor=actor,
            obj=org,
            organization=org.roll_owner,
            data={"changes": diff},
        )
    return organization_warnings(org.roll_owner)


@transaction.atomic
def deactivate_organization(org: Organization, *, actor: Any) -> None:
    """Retire a branch or organization; refused while active members still attend it."""
    org = Organization.objects.select_for_update().get(pk=org.pk)
    active = Member.objects.filter(Q(branch=org) | Q(organization=org), is_active=True).count()
    if active:
        raise RollError(
            "has_active_members",
            _("«%(name)s» still has %(count)s active members: move or deactivate them first.")
            % {"name": org.name, "count": active},
        )
    if org.is_active:
        org.is_active = False
        org.save(update_fields=["is_active", "updated_at"])
        log_action(
            "organizations.organization.deactivated", actor=actor, obj=org, organization=org.roll_owner
        )


@transaction.atomic
def reactivate_organization(org: Organization, *, actor: Any) -> None:
    org = Organization.objects.select_for_update().get(pk=org.pk)
    if not org.is_active:
        org.is_active = True
        org.save(update_fields=["is_active", "updated_at"])
        log_action(
            "organizations.organization.reactivated", actor=actor, obj=org, organization=org.roll_owner
        )


def organization_warnings(org: Organization) -> list[RollWarning]:
    """Spec §1 size rules. Exceptions need the superior committee's approval, so these only warn."""
    warnings: list[RollWarning] = []
    active = Member.objects.filter(organization=org, is_active=True)
    total = active.count()
    if org.kind == OrganizationKind.GRASSROOTS_COMMITTEE and total < GRASSROOTS_COMMITTEE_MIN_MEMBERS:
        warnings.append(
            RollWarning(
                "committee_below_30",
                _(
                    "A grassroots Party committee normally has at least 30 members; this one has %(count)s. "
                    "The superior committee must approve the exception."
                )
                % {"count": total},
            )
        )
    if org.kind == OrganizationKind.GRASSROOTS_BRANCH and total >= GRASSROOTS_COMMITTEE_MIN_MEMBERS:
        warnings.append(
            RollWarning(
                "branch_30_or_more",
                _(
                    "A grassroots Party branch with %(count)s members (30 or more) is normally "
                    "a grassroots Party "
                    "committee."
                )
                % {"count": total},
            )
        )
    if org.has_branches:
        counts = dict(
            active.filter(status=MemberStatus.OFFICIAL).values_list("branch").annotate(n=Count("id"))
        )
        for branch in branches_of(org):
            official = counts.get(branch.pk, 0)
            if official < BRANCH_MIN_OFFICIAL:
                warnings.append(
                    RollWarning(
                        "branch_below_3_official",
                        _("«%(branch)s» has %(count)s official members; a branch needs at least 3.")
                        % {"branch": branch.name, "count": official},
                    )
                )
    return warnings


# ----------------------------------------------------------------------------------------------------
# Members


@dataclass
class MemberInput:
    """What a form, an import row or the API says about one member (before normalization)."""

    member_code: str
    full_name: str
    birth_date: date
    gender: str
    status: str
    branch: Organization | None = None
    ethnicity: str = "Kinh"
    admitted_on: date | None = None
    official_on: date | None = None
    # None: not given (a roll file without the column) — the stored value is kept.
    education: str | None = None
    political_theory: str | None = None
    home_town: str | None = None
    attached_elsewhere: bool = False
    exempted: bool = False
    suspended: bool = False
    note: str = ""
    # Set only to override the automatic split (compound family names, two-word given names).
    name_parts: NameParts | None = None


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str


MEMBER_FIELDS = (
    "member_code",
    "full_name",
    "family_name",
    "middle_name",
    "given_name",
    "name_split_override",
    "birth_date",
    "gender",
    "ethnicity",
    "branch_id",
    "status",
    "admitted_on",
    "official_on",
    "education",
    "political_theory",
    "home_town",
    "attached_elsewhere",
    "exempted",
    "suspended",
    "note",
    "sort_key",
    "search_text",
)


def _fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def member_values(inp: MemberInput) -> dict[str, Any]:
    """The stored columns for `inp`: normalized name, its parts, the ballot sort key, the search text."""
    full = normalize_name(inp.full_name)
    if inp.name_parts is not None:
        parts = NameParts(
            *(normalize_name(p) for p in (inp.name_parts.family, inp.name_parts.middle, inp.name_parts.given))
        )
    else:
        parts = split_name(full)
    optional = {
        k: v
        for k, v in (("education", inp.education), ("political_theory", inp.political_theory))
        if v is not None
    }
    if inp.home_town is not None:
        optional["home_town"] = " ".join(inp.home_town.split())
    return {
        **optional,
        "member_code": inp.member_code.strip(),
        "full_name": full,
        "family_name": parts.family,
        "middle_name": parts.middle,
        "given_name": parts.given,
        "name_split_override": inp.name_parts is not None,
        "birth_date": inp.birth_date,
        "gender": inp.gender,
        "ethnicity": " ".join(inp.ethnicity.split()) or "Kinh",
        "branch_id": inp.branch.pk if inp.branch else None,
        "status": inp.status,
        "admitted_on": inp.admitted_on,
        "official_on": inp.official_on,
        "attached_elsewhere": inp.attached_elsewhere,
        "exempted": inp.exempted,
        "suspended": inp.suspended,
        "note": inp.note.strip(),
        "sort_key": bytes(ballot_sort_key(parts, inp.birth_date)),
        "search_text": search_fold(full)[:256],
    }


# The choices' values, once (the enums compute them at every access; checked for every imported row).
_GENDERS = frozenset(Gender.values)
_STATUSES = frozenset(MemberStatus.values)
_EDUCATIONS = frozenset(Education.values)
_THEORIES = frozenset(PoliticalTheory.values)


def check_member(organization: Organization, inp: MemberInput, today: date | None = None) -> list[Problem]:
    """Every rule a member's data must meet; messages name the value (the importer adds row and column)."""
    today = today or timezone.localdate()
    problems: list[Problem] = []
    if not inp.member_code.strip():
        problems.append(
            Problem("member_code", "member_code_required", _("The Party card number is required."))
        )
    elif len(inp.member_code.strip()) > 32:
        problems.append(
            Problem(
                "member_code",
                "member_code_too_long",
                _("«%(value)s» is longer than 32 characters.") % {"value": inp.member_code},
            )
        )
    full = normalize_name(inp.full_name) if inp.full_name.strip() else ""
    if not full:
        problems.append(Problem("full_name", "name_required", _("The full name is required.")))
    elif any(ch.isdigit() for ch in full):
        problems.append(
            Problem(
                "full_name",
                "name_has_digits",
                _("«%(value)s» contains digits; a name has only letters.") % {"value": full},
            )
        )
    elif len(full) > 128:
        problems.append(
            Problem(
                "full_name",
                "name_too_long",
                _("«%(value)s» is longer than 128 characters.") % {"value": full},
            )
        )
    if full and inp.name_parts is not None:
        given = inp.name_parts
        joined = " ".join(normalize_name(p) for p in (given.family, given.middle, given.given) if p.strip())
        if joined != full or not inp.name_parts.given.strip():
            problems.append(
                Problem(
                    "given_name",
                    "name_parts_mismatch",
                    _(
                        "The family name, middle name and given name «%(parts)s» do not make up "
                        "the full name "
                        "«%(value)s»."
                    )
                    % {"parts": joined, "value": full},
                )
            )
    if inp.birth_date > today:
        problems.append(
            Problem(
                "birth_date",
                "birth_in_future",
                _("«%(value)s» is in the future.") % {"value": _fmt(inp.birth_date)},
            )
        )
    elif inp.birth_date.year < 1900:
        problems.append(
            Problem(
                "birth_date",
                "birth_too_early",
                _("«%(value)s» is before 1900.") % {"value": _fmt(inp.birth_date)},
            )
        )
    if inp.gender not in _GENDERS:
        problems.append(
            Problem("gender", "bad_gender", _("«%(value)s» is not a gender.") % {"value": inp.gender})
        )
    if inp.status not in _STATUSES:
        problems.append(
            Problem("status", "bad_status", _("«%(value)s» is not a member status.") % {"value": inp.status})
        )
    for name, value in (("admitted_on", inp.admitted_on), ("official_on", inp.official_on)):
        if value is not None and value > today:
            problems.append(
                Problem(name, "date_in_future", _("«%(value)s» is in the future.") % {"value": _fmt(value)})
            )
        elif value is not None and value <= inp.birth_date:
            problems.append(
                Problem(
                    name,
                    "date_before_birth",
                    _("«%(value)s» is not after the date of birth «%(birth)s».")
                    % {"value": _fmt(value), "birth": _fmt(inp.birth_date)},
                )
            )
    if inp.admitted_on and inp.official_on and inp.official_on < inp.admitted_on:
        problems.append(
            Problem(
                "official_on",
                "official_before_admitted",
                _("«%(value)s» is before the date admitted «%(admitted)s».")
                % {"value": _fmt(inp.official_on), "admitted": _fmt(inp.admitted_on)},
            )
        )
    if inp.status == MemberStatus.PROBATIONARY and inp.official_on is not None:
        problems.append(
            Problem(
                "official_on",
                "probationary_has_official_date",
                _("«%(value)s»: a probationary member has no date made official yet.")
                % {"value": _fmt(inp.official_on)},
            )
        )
    if organization.has_branches and inp.branch is None:
        problems.append(Problem("branch", "branch_required", _("Choose the branch the member attends.")))
    if inp.branch is not None and (
        inp.branch.kind != OrganizationKind.BRANCH or inp.branch.roll_owner.pk != organization.pk
    ):
        problems.append(
            Problem(
                "branch",
                "branch_not_in_organization",
                _("«%(value)s» is not a branch of %(organization)s.")
                % {"value": inp.branch.name, "organization": organization.name},
            )
        )
    for field_name, choice, choices in (
        ("education", inp.education, _EDUCATIONS),
        ("political_theory", inp.political_theory, _THEORIES),
    ):
        if choice and choice not in choices:
            problems.append(
                Problem(
                    field_name,
                    f"bad_{field_name}",
                    _("«%(value)s» is not one of the choices.") % {"value": choice},
                )
            )
    return problems


def _raise_first(problems: list[Problem]) -> None:
    if problems:
        p = problems[0]
        raise RollError(p.code, p.message, field=p.field)


@transaction.atomic
def create_member(
    organization: Organization, inp: MemberInput, *, actor: Any
) -> tuple[Member, list[RollWarning]]:
    organization = organization.roll_owner
    _raise_first(check_member(organization, inp))
    values = member_values(inp)
    if Member.objects.filter(organization=organization, member_code=values["member_code"]).exists():
        raise RollError(
            "duplicate_member_code",
            _("The Party card number «%(value)s» is already on the roll.") % {"value": values["member_code"]},
            field="member_code",
        )
    member = Member.objects.create(organization=organization, **values)
    log_action(
        "organizations.member.created",
        actor=actor,
        obj=member,
        organization=organization,
        data=_audit_view(values),
    )
    return member, organization_warnings(organization)


@transaction.atomic
def update_member(member: Member, inp: MemberInput, *, actor: Any) -> tuple[Member, list[RollWarning]]:
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    organization = member.organization
    _raise_first(check_member(organization, inp))
    values = member_values(inp)
    clash = Member.objects.filter(organization=organization, member_code=values["member_code"])
    if clash.exclude(pk=member.pk).exists():
        raise RollError(
            "duplicate_member_code",
            _("The Party card number «%(value)s» is already on the roll.") % {"value": values["member_code"]},
            field="member_code",
        )
    diff = changed_fields(member, values)
    if diff:
        for name in diff:
            setattr(member, name, values[name])
        member.save()
        log_action(
            "organizations.member.updated",
            actor=actor,
            obj=member,
            organization=organization,
            data={"changes": {k: _audit_value(getattr(member, k)) for k in diff if k != "sort_key"}},
        )
    return member, organization_warnings(organization)


@transaction.atomic
def deactivate_member(member: Member, *, actor: Any, reason: str = "") -> Member:
    """Take a member off the active roll (moved away, died, expelled...). The row stays for history."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.is_active:
        member.is_active = False
        member.save(update_fields=["is_active", "updated_at"])
        log_action(
            "organizations.member.deactivated",
            actor=actor,
            obj=member,
            organization=member.organization,
            data={"member_code": member.member_code, "reason": reason.strip()},
        )
    return member


@transaction.atomic
def reactivate_member(member: Member, *, actor: Any) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.is_active:
        member.is_active = True
        member.save(update_fields=["is_active", "updated_at"])
        log_action(
            "organizations.member.reactivated",
            actor=actor,
            obj=member,
            organization=member.organization,
            data={"member_code": member.member_code},
        )
    return member


def changed_fields(member: Member, values: dict[str, Any]) -> list[str]:
    changed = [
        k for k in MEMBER_FIELDS if k != "sort_key" and k in values and getattr(member, k) != values[k]
    ]
    if bytes(member.sort_key or b"") != values["sort_key"]:
        changed.append("sort_key")
    if not member.is_active:
        changed.append("is_active")
        values["is_active"] = True
    return changed


def _audit_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _audit_view(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _audit_value(v) for k, v in values.items() if k not in ("sort_key", "search_text")}


def member_input_from(member: Member) -> MemberInput:
    """The input that reproduces `member` (the edit form starts from it)."""
    parts = NameParts(member.family_name, member.middle_name, member.given_name)
    kwargs = {
        f.name: getattr(member, f.name) for f in fields(MemberInput) if f.name not in ("branch", "name_parts")
    }
    return MemberInput(
        **kwargs, branch=member.branch, name_parts=parts if member.name_split_override else None
    )


# ----------------------------------------------------------------------------------------------------
# Reading the roll


def search_members(
    organization: Organization,
    *,
    query: str = "",
    branch: Organization | None = None,
    status: str = "",
    include_inactive: bool = False,
) -> QuerySet[Member]:
    """Members in ballot order. The query is folded (accents, case) and matches names or card numbers."""
    qs = Member.objects.filter(organization=organization.roll_owner).select_related("branch")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if branch is not None:
        qs = qs.filter(branch=branch)
    if status:
        qs = qs.filter(status=status)
    folded = search_fold(query) if query.strip() else ""
    if folded:
        match = Q(search_text__contains=folded) | Q(member_code__icontains=query.strip())
        compact = compact_card_number(query)
        if compact and any(c.isdigit() for c in compact):
            # "01234567" finds "01.234.567": both sides without the separators cards are written with.
            qs = qs.annotate(code_compact=_compact_code_expression())
            match |= Q(code_compact__icontains=compact)
        qs = qs.filter(match)
    return qs.order_by("sort_key", "id")


# The separators a Party card number is written with ("01.234.567", "01-234 567", "01/234567").
CARD_SEPARATORS = (".", " ", "-", "/", "_")


def compact_card_number(text: str) -> str:
    """A card number without its separators, for comparing: " 01.234.567 " -> "01234567"."""
    text = text.strip()
    for separator in CARD_SEPARATORS:
        text = text.replace(separator, "")
    return text


def _compact_code_expression() -> Any:
    """member_code without separators, computed by the database (SQLite and PostgreSQL alike)."""
    expression: Any = F("member_code")
    for separator in CARD_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


@dataclass
class OverviewRow:
    branch: Organization | None
    official: int = 0
    probationary: int = 0
    male: int = 0
    female: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.official + self.probationary


def branch_overview(organization: Organization) -> tuple[list[OverviewRow], OverviewRow]:
    """Counts of active members by status and gender, per branch and in total (one grouped query)."""
    org = organization.roll_owner
    rows: dict[int | None, OverviewRow] = {b.pk: OverviewRow(b) for b in branches_of(org)}
    grouped = (
        Member.objects.filter(organization=org, is_active=True)
        .values_list("branch", "status", "gender")
        .annotate(n=Count("id"))
    )
    total = OverviewRow(None)
    for branch_id, status, gender, n in grouped:
        row = rows.setdefault(branch_id, OverviewRow(None))
        for target in (row, total):
            if status == MemberStatus.OFFICIAL:
                target.official += n
            else:
                target.probationary += n
            if gender == Gender.MALE:
                target.male += n
            else:
                target.female += n
    for row in rows.values():
        if row.branch is not None and row.official < BRANCH_MIN_OFFICIAL:
            row.warnings.append("branch_below_3_official")
    return list(rows.values()), total
