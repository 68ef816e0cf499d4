"""The superior's delegates' congress (issue 14): the delegations elected at the lower congresses, with the
outgoing committee's members ex officio, become its convened list — nobody is typed again; their
credentials are checked there and an alternate replaces an official delegate, in the order of votes, by
the superior's decision.

Every function is one transaction with its audit entry, in the superior committee's log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.audit.services import log_action
from daihoi.congresses import services as congress_services
from daihoi.congresses.models import (
    Congress,
    CongressKind,
    CongressStatus,
    CredentialFlag,
    Delegate,
    DelegateKind,
)
from daihoi.elections.models import Candidate, Election, ElectionKind, ElectionStatus
from daihoi.elections.services.outcome import outcome
from daihoi.organizations.models import Member, MemberStatus, Organization
from daihoi.seasons.models import ExOfficioDelegate, PlanEntry, Season
from daihoi.seasons.upper_errors import UpperError

ANNOUNCED = (ElectionStatus.PUBLISHED, ElectionStatus.APPROVED)

# ---------------------------------------------------------------- the delegates' congress


def create_upper_congress(
    season: Season,
    *,
    number: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    place: str = "",
    convening_committee: str = "",
    actor: Any = None,
) -> Congress:
    """The superior committee's delegates' congress of the season's term, linked to the season."""
    with transaction.atomic():
        season = Season.objects.select_for_update().select_related("organization").get(pk=season.pk)
        if season.upper_congress_id is not None:
            raise UpperError("upper_exists", title=season.upper_congress.title)  # type: ignore[union-attr]
        congress = congress_services.create_congress(
            season.organization,
            number=number,
            term_start_year=season.term_start_year,
            term_end_year=season.term_end_year,
            starts_on=starts_on,
            ends_on=ends_on,
            kind=CongressKind.DELEGATES,
            place=place,
            convening_committee=convening_committee,
            actor=actor,
        )
        season.upper_congress = congress
        season.save(update_fields=["upper_congress", "updated_at"])
        log_action(
            "season.upper_congress.created",
            actor=actor,
            obj=season,
            organization=season.organization,
            data={"number": number, "starts_on": starts_on.isoformat(), "term": congress.term},
        )
    return congress


def _locked_season(season: Season) -> Season:
    return (
        Season.objects.select_for_update().select_related("organization", "upper_congress").get(pk=season.pk)
    )


def _require_draft(season: Season) -> None:
    """Ex officio and the list change only while the delegates' congress is prepared (or not created)."""
    congress = season.upper_congress
    if congress is not None and congress.status != CongressStatus.DRAFT:
        raise UpperError("upper_not_draft", status=congress.get_status_display())


# ---------------------------------------------------------------- ex officio


def add_ex_officio(
    season: Season,
    *,
    member: Member | None = None,
    full_name: str = "",
    title: str = "",
    actor: Any = None,
) -> ExOfficioDelegate:
    """A member of the superior's outgoing committee, from the roll or by name, last in the order."""
    full_name = (member.full_name if member is not None else full_name).strip()
    if not full_name:
        raise UpperError("ex_officio_name_required", field=_("full name"))
    with transaction.atomic():
        season = _locked_season(season)
        _require_draft(season)
        rows = season.ex_officio.all()
        if (member is not None and rows.filter(member=member).exists()) or (
            member is None and rows.filter(member__isnull=True, full_name=full_name).exists()
        ):
            raise UpperError("ex_officio_duplicate", name=full_name)
        position = (rows.aggregate(n=Max("position"))["n"] or 0) + 1
        row = ExOfficioDelegate.objects.create(
            season=season, member=member, full_name=full_name, title=title.strip(), position=position
        )
        log_action(
            "season.ex_officio.added",
            actor=actor,
            obj=row,
            organization=season.organization,
            data={"full_name": full_name, "title": row.title, "position": position},
        )
    return row


def remove_ex_officio(row: ExOfficioDelegate, *, actor: Any = None) -> None:
    with transaction.atomic():
        season = _locked_season(row.season)
        _require_draft(season)
        row = ExOfficioDelegate.objects.get(pk=row.pk, season=season)
        data = {"full_name": row.full_name, "position": row.position}
        row.delete()
        _renumber(season)
        log_action("season.ex_officio.removed", actor=actor, obj=season, organization=season.organization,
                   data=data)  # fmt: skip


def move_ex_officio(row: ExOfficioDelegate, *, up: bool, actor: Any = None) -> ExOfficioDelegate:
    """Swap the row with the one above (up) or below it in the order."""
    with transaction.atomic():
        season = _locked_season(row.season)
        _require_draft(season)
        rows = list(season.ex_officio.select_for_update().order_by("position", "id"))
        index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, r in enumerate(rows, start=1):
            if r.position != position:
                r.position = position
                r.save(update_fields=["position"])
        moved = rows[other] if 0 <= other < len(rows) else rows[index]
        log_action(
            "season.ex_officio.moved",
            actor=actor,
            obj=moved,
            organization=season.organization,
            data={"full_name": moved.full_name, "position": moved.position},
        )
    return moved


def _renumber(season: Season) -> None:
    for position, r in enumerate(season.ex_officio.order_by("position", "id"), start=1):
        if r.position != position:
            ExOfficioDelegate.objects.filter(pk=r.pk).update(position=position)


def previous_committee(season: Season) -> list[Candidate]:
    """The executive committee the superior's previous congress in daihoi elected (announced), in the
    order of votes; [] when that congress did not run in daihoi."""
    congress = (
        Congress.objects.filter(
            organization=season.organization,
            term_end_year__lte=season.term_start_year,
            archived_at__isnull=True,
        )
        .exclude(pk=season.upper_congress_id or 0)
        .order_by("-term_start_year", "-number")
        .first()
    )
    if congress is None:
        return []
    ids: list[int] = []
    for election in congress.elections.filter(kind=ElectionKind.EXECUTIVE_COMMITTEE, status__in=ANNOUNCED):
        ids += [int(e["id"]) for e in outcome(election).elected]
    by_id = Candidate.objects.select_related("member").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def ex_officio_from_previous_congress(season: Season, *, actor: Any = None) -> list[ExOfficioDelegate]:
    """Take the ex officio delegates from the executive committee elected at the superior's previous
    congress (when it ran in daihoi); those already listed are kept. Returns the rows added."""
    with transaction.atomic():
        season = _locked_season(season)
        _require_draft(season)
        committee = previous_committee(season)
        if not committee:
            raise UpperError("no_previous_committee", org=season.organization.name)
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Member of the outgoing executive committee")
        listed = set(season.ex_officio.exclude(member__isnull=True).values_list("member_id", flat=True))
        position = season.ex_officio.aggregate(n=Max("position"))["n"] or 0
        added = []
        for candidate in committee:
            if candidate.member_id in listed:
                continue
            position += 1
            added.append(
                ExOfficioDelegate.objects.create(
                    season=season,
                    member=candidate.member,
                    full_name=candidate.full_name,
                    title=title,
                    position=position,
                )
            )
        log_action(
            "season.ex_officio.imported",
            actor=actor,
            obj=season,
            organization=season.organization,
            data={"listed": len(added), "names": [r.full_name for r in added]},
        )
    return added


# ---------------------------------------------------------------- the delegations


@dataclass
class Delegation:
    """One planned organization's delegation: its congress of the season's term and the elections of its
    delegates; `announced` once every one of them is announced (published or approved)."""

    entry: PlanEntry
    congress: Congress | None
    elections: list[Election] = field(default_factory=list)

    @property
    def organization(self) -> Organization:
        return self.entry.organization

    @property
    def announced(self) -> bool:
        return bool(self.elections) and all(e.status in ANNOUNCED for e in self.elections)

    def people(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(officials, alternates) from the announced results, each in the order of votes."""
        officials: list[dict[str, Any]] = []
        alternates: list[dict[str, Any]] = []
        for election in self.elections:
            result = outcome(election)
            officials += result.elected
            alternates += result.alternates
        return officials, alternates


def lower_congress(organization: Organization, term_start_year: int) -> Congress | None:
    """The organization's congress of the term (the newest one when there are several)."""
    return (
        Congress.objects.filter(
            organization=organization, term_start_year=term_start_year, archived_at__isnull=True
        )
        .order_by("-number")
        .first()
    )


def delegations(season: Season) -> list[Delegation]:
    """Every plan entry's delegation, in the plan's order (organization code)."""
    rows = []
    for entry in season.entries.select_related("organization").order_by("organization__code"):
        congress = lower_congress(entry.organization, season.term_start_year)
        elections = (
            list(congress.elections.filter(kind=ElectionKind.DELEGATES).order_by("created_at", "id"))
            if congress is not None
            else []
        )
        rows.append(Delegation(entry=entry, congress=congress, elections=elections))
    return rows


def build_convened_list(season: Season, *, actor: Any = None) -> Congress:
    """The delegates' congress's convened list: the ex officio delegates, then each planned organization's
    official delegates and alternates as its congress elected them (rank by votes, officials first).

    Refused, naming them, while any organization's delegation is not announced; only while the delegates'
    congress is being prepared; building again replaces the list. The credentials are checked at once.
    """
    with transaction.atomic():
        season = _locked_season(season)
        if season.upper_congress is None:
            raise UpperError("no_upper_congress")
        congress = congress_services._locked(season.upper_congress)
        if congress.status != CongressStatus.DRAFT:
            raise UpperError("upper_not_draft", status=congress.get_status_display())
        found = delegations(season)
        if not found:
            raise UpperError("no_plan")
        missing = [d.organization.name for d in found if not d.announced]
        if missing:
            raise UpperError("delegations_missing", organizations="; ".join(missing))
        congress.delegates.all().delete()
        rows: list[Delegate] = []

        def add(**kwargs: Any) -> None:
            rows.append(Delegate(congress=congress, number=len(rows) + 1, **kwargs))

        for ex in season.ex_officio.select_related("member").order_by("position", "id"):
            add(member=ex.member, full_name=ex.full_name, title=ex.title, kind=DelegateKind.EX_OFFICIO)
        elected = alternates = 0
        for delegation in found:
            officials, reserves = delegation.people()
            candidates = Candidate.objects.select_related("member").in_bulk(
                [int(p["id"]) for p in officials + reserves]
            )
            for rank, person in enumerate(officials + reserves, start=1):
                candidate = candidates[int(person["id"])]
                add(
                    member=candidate.member,
                    branch=delegation.organization,
                    full_name=candidate.full_name,
                    kind=DelegateKind.ELECTED if rank <= len(officials) else DelegateKind.ALTERNATE,
                    is_official=candidate.member.status == MemberStatus.OFFICIAL,
                    elected_in=delegation.congress,
                    vote_rank=rank,
                )
            elected += len(officials)
            alternates += len(reserves)
        Delegate.objects.bulk_create(rows)
        flagged = _flag(congress.delegates.select_related("member", "elected_in__organization"))
        log_action(
            "season.upper_list.built",
            actor=actor,
            obj=congress,
            organization=season.organization,
            data={
                "organizations": len(found),
                "elected": elected,
                "alternates": alternates,
                "ex_officio": len(rows) - elected - alternates,
                "flagged": len(flagged),
            },
        )
    return congress


# ---------------------------------------------------------------- credentials


def _require_delegates_congress(congress: Congress) -> None:
    if congress.kind != CongressKind.DELEGATES:
        raise UpperError("not_delegates_congress", title=congress.title)


def credential_problem(delegate: Delegate) -> tuple[str, str] | None:
    """(flag, note) when the delegate's member, on the roll now, was disciplined or transferred."""
    member = delegate.member
    if member is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        if member.suspended:
            return CredentialFlag.DISCIPLINED, _(
                "Marked suspended, prosecuted, indicted or detained on the roll of %(org)s."
            ) % {"org": member.organization.name}
        elected_at = delegate.elected_in
        if elected_at is not None and _disciplined_since(member, elected_at.ends_on):
            return CredentialFlag.DISCIPLINED, _("Disciplined after the election (roll of %(org)s).") % {
                "org": member.organization.name
            }
        elsewhere = (
            Member.objects.filter(member_code=member.member_code, is_active=True)
            .exclude(organization_id=member.organization_id)
            .select_related("organization")
            .first()
        )
        if elsewhere is not None:
            return CredentialFlag.TRANSFERRED, _("Transferred to %(org)s.") % {
                "org": elsewhere.organization.name
            }
        if not member.is_active:
            return CredentialFlag.TRANSFERRED, _("No longer on the roll of %(org)s.") % {
                "org": member.organization.name
            }
    return None


def _disciplined_since(member: Member, day: datetime.date) -> bool:
    from daihoi.targets.models import DisciplineRecord

    return DisciplineRecord.objects.filter(member=member, decided_on__gte=day).exists()


def _flag(delegates: Iterable[Delegate]) -> list[Delegate]:
    """Flag each delegate whose member's roll shows a problem; a flag cleared by hand (empty flag with a
    note) is not set again, nor one set by hand changed. Returns the delegates flagged now."""
    flagged = []
    for delegate in delegates:
        if delegate.credential_flag or delegate.credential_note or not delegate.convened:
            continue
        if delegate.kind not in (DelegateKind.ELECTED, DelegateKind.ALTERNATE, DelegateKind.EX_OFFICIO):
            continue
        problem = credential_problem(delegate)
        if problem is None:
            continue
        delegate.credential_flag, delegate.credential_note = problem
        delegate.save(update_fields=["credential_flag", "credential_note"])
        flagged.append(delegate)
    return flagged


def check_credentials(congress: Congress, *, actor: Any = None) -> list[Delegate]:
    """Flag the delegates disciplined or transferred since their election (from the rolls as they are
    now); returns every delegate flagged (by this check, before it, or by hand)."""
    _require_delegates_congress(congress)
    with transaction.atomic():
        congress = congress_services._locked(congress)
        if congress.status == CongressStatus.CLOSED:
            raise UpperError("congress_closed")
        new = _flag(
            congress.delegates.select_related("member__organization", "elected_in").order_by("number")
        )
        log_action(
            "congress.credentials.checked",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"flagged": [d.number for d in new]},
        )
    return list(congress.delegates.exclude(credential_flag="").order_by("number"))


def _locked_delegate(delegate: Delegate) -> tuple[Congress, Delegate]:
    congress = congress_services._locked(delegate.congress)
    _require_delegates_congress(congress)
    if congress.status == CongressStatus.CLOSED:
        raise UpperError("congress_closed")
    return congress, Delegate.objects.select_for_update().get(pk=delegate.pk, congress=congress)


def set_credential_flag(delegate: Delegate, *, flag: str, note: str, actor: Any = None) -> Delegate:
    """The credentials committee flags a delegate by hand, with its reason."""
    if flag not in CredentialFlag.values:
        raise UpperError("flag_unknown", value=flag, field=_("credentials"))
    note = note.strip()
    if not note:
        raise UpperError("note_required", field=_("credentials note"))
    with transaction.atomic():
        congress, delegate = _locked_delegate(delegate)
        delegate.credential_flag, delegate.credential_note = flag, note[:255]
        delegate.save(update_fields=["credential_flag", "credential_note"])
        log_action(
            "congress.credentials.flagged",
            actor=actor,
            obj=delegate,
            organization=congress.organization,
            data={"number": delegate.number, "credential_flag": flag, "credential_note": note},
        )
    return delegate


def clear_credential_flag(delegate: Delegate, *, note: str, actor: Any = None) -> Delegate:
    """The credentials committee finds the delegate may sit after all: the flag goes, the note stays (and
    the automatic check does not flag the delegate again)."""
    note = note.strip()
    if not note:
        raise UpperError("note_required", field=_("credentials note"))
    with transaction.atomic():
        congress, delegate = _locked_delegate(delegate)
        if not delegate.credential_flag:
            raise UpperError("not_flagged", name=delegate.full_name, number=delegate.number)
        was = delegate.credential_flag
        delegate.credential_flag, delegate.credential_note = "", note[:255]
        delegate.save(update_fields=["credential_flag", "credential_note"])
        log_action(
            "congress.credentials.cleared",
            actor=actor,
            obj=delegate,
            organization=congress.organization,
            data={"number": delegate.number, "credential_flag": was, "credential_note": note},
        )
    return delegate


# ---------------------------------------------------------------- replacement


def next_alternate(official: Delegate) -> Delegate | None:
    """The first alternate of the official's lower congress, in vote order, not yet used."""
    return (
        Delegate.objects.filter(
            congress_id=official.congress_id,
            elected_in_id=official.elected_in_id,
            kind=DelegateKind.ALTERNATE,
            replaces__isnull=True,
            convened=True,
            credential_flag="",
        )
        .order_by("vote_rank", "number")
        .first()
    )


def replace_with_alternate(delegate: Delegate, *, decision: str, actor: Any = None) -> Delegate:
    """The superior's decision: the official delegate (flagged, or absent for good) gives up the seat to
    the first alternate of the same lower congress in vote order not yet used. Returns the alternate."""
    decision = decision.strip()
    if not decision:
        raise UpperError("decision_required", field=_("replacement decision"))
    with transaction.atomic():
        congress, official = _locked_delegate(delegate)
        if official.kind != DelegateKind.ELECTED or official.elected_in_id is None:
            raise UpperError("not_elected_below", name=official.full_name, number=official.number)
        if official.present:
            raise UpperError("replacement_present", name=official.full_name)
        taken = Delegate.objects.filter(replaces=official).first()
        if taken is not None:
            raise UpperError("already_replaced", name=official.full_name, number=official.number,
                             by=taken.full_name)  # fmt: skip
        alternate = next_alternate(official)
        if alternate is None:
            org = Congress.objects.select_related("organization").get(pk=official.elected_in_id).organization
            raise UpperError(
                "no_alternate_left", org=org.name, name=official.full_name, number=official.number
            )
        alternate = Delegate.objects.select_for_update().get(pk=alternate.pk)
        alternate.replaces = official
        alternate.replacement_decision = decision[:128]
        alternate.save(update_fields=["replaces", "replacement_decision"])
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Replaced by alternate %(name)s (decision %(decision)s)") % {
                "name": alternate.full_name,
                "decision": decision,
            }
        official.convened = False
        official.present = False
        official.not_convened_reason = reason[:255]
        official.save(update_fields=["convened", "present", "not_convened_reason"])
        log_action(
            "congress.delegate.replaced_by_decision",
            actor=actor,
            obj=alternate,
            organization=congress.organization,
            data={"alternate": alternate.number, "replaces": official.number, "decision": decision},
        )
    return alternate
