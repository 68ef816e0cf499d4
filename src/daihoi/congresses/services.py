"""Congress operations: one transactional function per action, each with its audit entry.

Views, the JSON API, the demo and the tests all call these. Errors are `CongressError(code, ...)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from daihoi.audit.services import log_action
from daihoi.congresses import hooks
from daihoi.congresses.errors import CongressError
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.hooks import candidate_member_ids
from daihoi.congresses.models import (
    WORKING_BODIES,
    AgendaItem,
    AgendaKind,
    BallotForm,
    Congress,
    CongressDocument,
    CongressKind,
    CongressStatus,
    Delegate,
    DelegateKind,
    DocumentComment,
    OpenVote,
    OpenVoteKind,
    OpenVoteStatus,
)
from daihoi.congresses.procedure import congress_facts
from daihoi.core.election.base import passes
from daihoi.core.procedure import figures as procedure_figures
from daihoi.core.procedure.congress import CongressAction
from daihoi.core.procedure.congress import refusal as congress_refusal
from daihoi.core.procedure.votes import Subject, subject_of, subject_refusal
from daihoi.organizations.models import Member, MemberStatus, Organization

# ---------------------------------------------------------------- convening


def create_congress(
    organization: Organization,
    *,
    number: int,
    term_start_year: int,
    term_end_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    kind: str = CongressKind.MEMBERS,
    place: str = "",
    convening_committee: str = "",
    ballot_form: str = BallotForm.PAPER,
    actor: Any = None,
) -> Congress:
    """A new congress in preparation; bad or duplicate numbers, years and dates are refused (field named)."""
    ends_on = ends_on or starts_on
    errors = congress_field_errors(
        organization,
        number=number,
        term_start_year=term_start_year,
        term_end_year=term_end_year,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if errors:
        raise errors[0]
    if kind not in CongressKind.values:
        raise CongressError("wrong_kind", field=_("kind"), value=kind)
    ballot_form = ballot_form or BallotForm.PAPER
    if ballot_form not in BallotForm.values:
        raise _field_error("ballot_form", "wrong_kind", value=ballot_form)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: a concurrent duplicate surfaces as IntegrityError
                congress = Congress.objects.create(
                    organization=organization,
                    number=number,
                    term_start_year=term_start_year,
                    term_end_year=term_end_year,
                    kind=kind,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    place=place,
                    convening_committee=convening_committee,
                    ballot_form=ballot_form,
                )
        except IntegrityError:
            if Congress.objects.filter(organization=organization, number=number).exists():
                raise _duplicate_number(organization, number) from None
            raise
        log_action(
            "congress.created",
            actor=actor,
            obj=congress,
            organization=organization,
            data={"number": number, "kind": kind, "ballot_form": ballot_form},
        )
    return congress


def ballot_form_lock(congress: Congress) -> CongressError | None:
    """Why the congress's ballot form (how its secret ballots are cast) can no longer change, or None.

    It is fixed once an electronic poll was opened for any round of its elections, or once any round
    has counts (ballots issued or returned, entries or hand-count totals): a round is cast and counted
    under one form.
    """
    if not apps.is_installed("daihoi.elections"):
        return None
    round_model = apps.get_model("elections", "Round")
    rounds = round_model.objects.filter(election__congress=congress)
    if apps.is_installed("daihoi.voting"):
        polled = rounds.filter(poll__isnull=False).select_related("election").order_by("pk").first()
        if polled is not None:
            return _field_error(
                "ballot_form", "ballot_form_poll", election=polled.election.title, round=polled.number
            )
    counted = (
        rounds.filter(
            Q(issued__isnull=False)
            | Q(returned__isnull=False)
            | Q(ballot_entries__isnull=False)
            | ~Q(totals={})
        )
        .select_related("election")
        .order_by("pk")
        .first()
    )
    if counted is not None:
        return _field_error(
            "ballot_form", "ballot_form_counted", election=counted.election.title, round=counted.number
        )
    return None


def set_ballot_form(congress: Congress, value: str, *, actor: Any = None) -> Congress:
    """How the congress's secret ballots are cast, as its election rules say (paper | electronic).

    The congress decides it in its election rules under its superior's guidance. Refused once a poll
    exists or a round has counts (`ballot_form_lock`), and for an archived congress. Audited
    ("congress.ballot_form.changed").
    """
    if value not in BallotForm.values:
        raise _field_error("ballot_form", "wrong_kind", value=str(value)[:32])
    with transaction.atomic():
        # The congress's row is also locked by every round's lock (elections.services.common.
        # locked_round selects it FOR UPDATE): a poll opening or counts entered meanwhile wait or win.
        congress = _locked(congress)
        _refuse_archived(congress)
        before = congress.ballot_form
        if before == value:
            return congress
        lock = ballot_form_lock(congress)
        if lock is not None:
            raise lock
        if before == "verifiable":  # its key ceremony goes with it (voting.services.ceremony)
            from daihoi.voting.services.ceremony import cancel_for_ballot_form

            cancel_for_ballot_form(congress, value, actor=actor)
        congress.ballot_form = value
        congress.save(update_fields=["ballot_form", "updated_at"])
        log_action(
            "congress.ballot_form.changed",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"ballot_form": [before, value]},
        )
    return congress


# Sane bounds for a congress's years (the Party was founded in 1930) and number.
YEAR_MIN, YEAR_MAX = 1930, 2100
NUMBER_MIN, NUMBER_MAX = 1, 999
TERM_USUAL_YEARS, TERM_MAX_YEARS = 5, 10


def _label(field: str) -> str:
    return str(getattr(Congress._meta.get_field(field), "verbose_name", field))


def _field_error(field: str, code: str, **params: Any) -> CongressError:
    """A CongressError about one form field: `field_name` lets a form put the message next to it."""
    return CongressError(code, field=_label(field), field_name=field, **params)


def _duplicate_number(organization: Organization, number: int) -> CongressError:
    return _field_error("number", "duplicate_number", value=number, org=organization.name)


def congress_field_errors(
    organization: Organization,
    *,
    number: int,
    term_start_year: int,
    term_end_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    exclude: Congress | None = None,
) -> list[CongressError]:
    """Every problem of a congress's number, term and dates (empty when they are acceptable).

    The number is at least 1 and unique in the organization; years lie in YEAR_MIN..YEAR_MAX; the term
    ends after it starts and lasts at most TERM_MAX_YEARS (normally TERM_USUAL_YEARS); the last day is
    not before the first. `exclude` is the congress being edited (its own number is no duplicate).
    """
    errors: list[CongressError] = []
    if not NUMBER_MIN <= number <= NUMBER_MAX:
        errors.append(
            _field_error("number", "number_out_of_range", value=number, min=NUMBER_MIN, max=NUMBER_MAX)
        )
    else:
        others = Congress.objects.filter(organization=organization, number=number)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        if others.exists():
            errors.append(_duplicate_number(organization, number))
    years_ok = True
    for field, year in (("term_start_year", term_start_year), ("term_end_year", term_end_year)):
        if not YEAR_MIN <= year <= YEAR_MAX:
            years_ok = False
            errors.append(_field_error(field, "year_out_of_range", value=year, min=YEAR_MIN, max=YEAR_MAX))
    if years_ok:
        length = term_end_year - term_start_year
        if length <= 0:
            errors.append(
                _field_error(
                    "term_end_year",
                    "term_not_after_start",
                    value=term_end_year,
                    start=term_start_year,
                    usual=TERM_USUAL_YEARS,
                    max=TERM_MAX_YEARS,
                )
            )
        elif length > TERM_MAX_YEARS:
            errors.append(
                _field_error(
                    "term_end_year",
                    "term_too_long",
                    value=term_end_year,
                    start=term_start_year,
                    years=length,
                    usual=TERM_USUAL_YEARS,
                    max=TERM_MAX_YEARS,
                )
            )
    dates_ok = True
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not YEAR_MIN <= day.year <= YEAR_MAX:
            dates_ok = False
            errors.append(
                _field_error(
                    field, "year_out_of_range", value=day.strftime("%d/%m/%Y"), min=YEAR_MIN, max=YEAR_MAX
                )
            )
    if dates_ok and ends_on < starts_on:
        errors.append(
            _field_error(
                "ends_on",
                "dates_reversed",
                value=ends_on.strftime("%d/%m/%Y"),
                start=starts_on.strftime("%d/%m/%Y"),
            )
        )
    return errors


@dataclass(frozen=True)
class CongressUsage:
    """What a congress has recorded: anything here means it can only be archived, never deleted."""

    votes_started: int  # open votes opened or closed
    election_rounds: int  # rounds of ballots in its elections
    checked_in: int  # delegates checked in (now or earlier)
    comments: int  # delegates' comments on its documents

    @property
    def in_use(self) -> bool:
        return bool(self.votes_started or self.election_rounds or self.checked_in or self.comments)

    def reasons(self) -> list[str]:
        parts = []
        if self.votes_started:
            parts.append(_("open votes opened or closed: %(n)s") % {"n": self.votes_started})
        if self.election_rounds:
            parts.append(_("election rounds: %(n)s") % {"n": self.election_rounds})
        if self.checked_in:
            parts.append(_("delegates checked in: %(n)s") % {"n": self.checked_in})
        if self.comments:
            parts.append(_("comments on documents: %(n)s") % {"n": self.comments})
        return parts


def _count_elections(model: str, **lookups: Any) -> int:
    """Elections come after congresses and are not imported here; counted only when installed."""
    if not apps.is_installed("daihoi.elections"):
        return 0
    return int(apps.get_model("elections", model).objects.filter(**lookups).count())


def congress_usage(congress: Congress) -> CongressUsage:
    rounds = _count_elections("Round", election__congress=congress)
    return CongressUsage(
        votes_started=congress.open_votes.filter(
            Q(status__in=[OpenVoteStatus.OPEN, OpenVoteStatus.CLOSED]) | Q(opened_at__isnull=False)
        ).count(),
        election_rounds=rounds,
        checked_in=congress.delegates.filter(Q(present=True) | Q(checked_in_at__isnull=False)).count(),
        comments=DocumentComment.objects.filter(document__congress=congress).count(),
    )


def congress_contents(congress: Congress) -> dict[str, int]:
    """What a deletion removes with the congress (shown on the confirmation page, kept in the audit)."""
    elections = _count_elections("Election", congress=congress)
    return {
        "delegates": congress.delegates.count(),
        "agenda_items": congress.agenda_items.count(),
        "open_votes": congress.open_votes.count(),
        "documents": congress.documents.count(),
        "elections": elections,
    }


def _refuse_archived(congress: Congress) -> None:
    if congress.archived_at is not None:
        raise CongressError(
            "congress_archived", date=timezone.localtime(congress.archived_at).strftime("%d/%m/%Y %H:%M")
        )


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def delete_congress(congress: Congress, *, actor: Any = None) -> None:
    """Remove a congress created by mistake, with its list, agenda, prepared votes and documents.

    Refused once anything was recorded (a vote opened, an election round, a check-in, a comment):
    such a congress can only be archived. An archived congress is never deleted.
    """
    with transaction.atomic():
        congress = _locked(congress)
        _refuse_archived(congress)
        refusal = congress_refusal(CongressAction.DELETE, congress_facts(congress))
        if refusal is not None and refusal.code == "congress_has_records":
            raise CongressError("in_use", reasons="; ".join(congress_usage(congress).reasons()))
        if refusal is not None:
            raise CongressError.refused(refusal)
        contents = congress_contents(congress)
        files = [(d.file.storage, d.file.name) for d in congress.documents.all() if d.file.name]
        log_action(
            "congress.deleted",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={
                "number": congress.number,
                "term": congress.term,
                "status": congress.status,
                "starts_on": congress.starts_on,
                **contents,
            },
        )
        congress.documents.all().delete()
        congress.delete()
        # the uploaded files go only once the deletion is committed
        transaction.on_commit(lambda: _delete_files(files))


def archive_congress(congress: Congress, *, actor: Any = None) -> Congress:
    """Hide a congress that cannot be deleted: off the default list and read-only, kept for the record."""
    with transaction.atomic():
        congress = _locked(congress)
        _refuse_archived(congress)
        if congress.status == CongressStatus.OPEN:
            raise CongressError("archive_in_session")
        _require(congress, CongressAction.ARCHIVE)
        congress.archived_at = timezone.now()
        congress.save(update_fields=["archived_at", "updated_at"])
        usage = congress_usage(congress)
        log_action(
            "congress.archived",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={
                "number": congress.number,
                "term": congress.term,
                "status": congress.status,
                "votes_started": usage.votes_started,
                "election_rounds": usage.election_rounds,
                "checked_in": usage.checked_in,
                "comments": usage.comments,
            },
        )
    return congress


def _locked(congress: Congress) -> Congress:
    return Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)


def _require_status(obj: Any, allowed: Iterable[str], action: str) -> None:
    if obj.status not in allowed:
        raise CongressError("wrong_status", action=action, status=obj.get_status_display())


def _next_number(congress: Congress) -> int:
    return (congress.delegates.aggregate(n=Max("number"))["n"] or 0) + 1


def generate_convened_list(congress: Congress, *, actor: Any = None, rebuild: bool = False) -> int:
    """Members' congress: every active member of the roll; suspended ones are listed as not convened.

    Probationary members are convened without a vote; members attached temporarily here likewise.
    Returns how many people are convened.
    """
    with transaction.atomic():
        congress = _locked(congress)
        _require_status(congress, [CongressStatus.DRAFT], _("build the convened list"))
        if congress.kind != CongressKind.MEMBERS:
            raise CongressError("wrong_kind", field=_("kind"), value=congress.get_kind_display())
        existing = congress.delegates.count()
        if existing and not rebuild:
            raise CongressError("list_exists", count=existing)
        congress.delegates.all().delete()
        members = (
            Member.objects.filter(organization=congress.organization, is_active=True)
            .select_related("branch")
            .order_by("branch__code", "sort_key", "id")
        )
        with translation.override(settings.LANGUAGE_CODE):
            suspended_reason = _("Suspended, prosecuted, indicted or detained (Guidance 04-HD/TW)")
        rows = [
            Delegate(
                congress=congress,
                member=m,
                branch=m.branch,
                number=i,
                full_name=m.full_name,
                kind=DelegateKind.MEMBER,
                is_official=m.status == MemberStatus.OFFICIAL,
                attached_elsewhere=m.attached_elsewhere,
                exempted=m.exempted,
                suspended=m.suspended,
                convened=not m.suspended,
                not_convened_reason=suspended_reason if m.suspended else "",
            )
            for i, m in enumerate(members, start=1)
        ]
        Delegate.objects.bulk_create(rows)
        convened = sum(1 for r in rows if r.convened)
        log_action(
            "congress.convened_list.generated",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"listed": len(rows), "convened": convened},
        )
    return convened


def add_delegate(
    congress: Congress,
    *,
    member: Member | None = None,
    kind: str,
    full_name: str = "",
    title: str = "",
    branch: Organization | None = None,
    actor: Any = None,
) -> Delegate:
    """Add a delegate (elected, ex officio, alternate) from the roll, or a guest by name."""
    if kind not in DelegateKind.values:
        raise CongressError("wrong_kind", field=_("kind"), value=kind)
    with transaction.atomic():
        congress = _locked(congress)
        _require_status(
            congress,
            [CongressStatus.DRAFT, CongressStatus.CONVENED, CongressStatus.OPEN],
            _("add to the list"),
        )
        if member is not None:
            if member.organization_id != congress.organization_id:
                raise CongressError("not_a_member", value=member.full_name, org=congress.organization.name)
            dup = congress.delegates.filter(member=member).first()
            if dup:
                raise CongressError("duplicate_delegate", name=dup.full_name, number=dup.number)
        elif kind != DelegateKind.GUEST:
            raise CongressError("wrong_kind", field=_("member"), value=full_name)
        delegate = Delegate.objects.create(
            congress=congress,
            member=member,
            kind=kind,
            number=_next_number(congress),
            title=title,
            full_name=member.full_name if member else full_name.strip(),
            branch=member.branch if member else branch,
            is_official=bool(member and member.status == MemberStatus.OFFICIAL),
            attached_elsewhere=bool(member and member.attached_elsewhere),
            exempted=bool(member and member.exempted),
            suspended=bool(member and member.suspended),
            convened=not (member and member.suspended),
        )
        log_action(
            "congress.delegate.added",
            actor=actor,
            obj=delegate,
            organization=congress.organization,
            data={"number": delegate.number, "kind": kind, "name": delegate.full_name},
        )
    return delegate


def set_convened(delegate: Delegate, *, convened: bool, reason: str, actor: Any = None) -> Delegate:
    """Edit the convened list by hand; the reason is kept (and printed in the credentials report)."""
    reason = reason.strip()
    if not reason:
        raise CongressError("reason_required", field=_("why not convened"))
    with transaction.atomic():
        congress = _locked(delegate.congress)
        _require_status(congress, [CongressStatus.DRAFT, CongressStatus.CONVENED], _("edit the list"))
        delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
        delegate.convened = convened
        delegate.not_convened_reason = "" if convened else reason
        if not convened:
            delegate.present = False
        delegate.save(update_fields=["convened", "not_convened_reason", "present"])
        log_action(
            "congress.delegate.convened" if convened else "congress.delegate.unconvened",
            actor=actor,
            obj=delegate,
            organization=congress.organization,
            data={"number": delegate.number, "reason": reason},
        )
    return delegate


def replace_with_alternate(alternate: Delegate, absent: Delegate, *, actor: Any = None) -> Delegate:
    """Delegates' congress: an alternate takes the seat of an absent official delegate."""
    with transaction.atomic():
        congress = _locked(alternate.congress)
        alternate = Delegate.objects.select_for_update().get(pk=alternate.pk)
        absent = Delegate.objects.select_for_update().get(pk=absent.pk)
        if absent.congress_id != congress.pk:
            raise CongressError("not_in_congress", value=absent.number)
        if alternate.kind != DelegateKind.ALTERNATE:
            raise CongressError("not_alternate", name=alternate.full_name)
        if absent.present:
            raise CongressError("replacement_present", name=absent.full_name)
        alternate.replaces = absent
        alternate.save(update_fields=["replaces"])
        log_action(
            "congress.delegate.replaced",
            actor=actor,
            obj=alternate,
            organization=congress.organization,
            data={"alternate": alternate.number, "replaces": absent.number},
        )
    return alternate


def link_delegate_user(delegate: Delegate, user: Any, *, actor: Any = None) -> Delegate:
    """Give a delegate a login (delegate role) so they can read the documents on their phone."""
    from daihoi.accounts.models import Role, RoleAssignment

    with transaction.atomic():
        delegate = (
            Delegate.objects.select_for_update().select_related("congress__organization").get(pk=delegate.pk)
        )
        delegate.user = user
        delegate.save(update_fields=["user"])
        org = delegate.congress.organization
        RoleAssignment.objects.get_or_create(user=user, organization=org, role=Role.DELEGATE)
        log_action(
            "congress.delegate.user_linked",
            actor=actor,
            obj=delegate,
            organization=org,
            data={"number": delegate.number, "user": user.get_username()},
        )
    return delegate


DEFAULT_AGENDA = [  # titles stored in the congress's language when it is convened
    (AgendaKind.OPENING, gettext_noop("Opening, introduction of guests")),
    (
        AgendaKind.WORKING_BODIES,
        gettext_noop("Electing the presidium, secretariat, credentials and counting committees"),
    ),
    (AgendaKind.REPORTS, gettext_noop("Political report and the committee's self-review")),
    (AgendaKind.DISCUSSION, gettext_noop("Discussion")),
    (AgendaKind.ELECTIONS, gettext_noop("Elections")),
    (AgendaKind.RESOLUTION, gettext_noop("Adopting the resolution")),
    (AgendaKind.CLOSING, gettext_noop("Closing")),
]


def convene_congress(congress: Congress, *, actor: Any = None) -> Congress:
    """draft -> convened: the list is fixed (edits need a reason) and check-in may start."""
    with transaction.atomic():
        congress = _locked(congress)
        _require_status(congress, [CongressStatus.DRAFT], _("convene"))
        if not congress.delegates.filter(convened=True).exists():
            raise CongressError("list_empty")
        if not congress.agenda_items.exists():
            with translation.override(settings.LANGUAGE_CODE):
                AgendaItem.objects.bulk_create(
                    AgendaItem(congress=congress, position=i, kind=kind, title=_(title))
                    for i, (kind, title) in enumerate(DEFAULT_AGENDA, start=1)
                )
        congress.status = CongressStatus.CONVENED
        congress.save(update_fields=["status", "updated_at"])
        log_action(
            "congress.convened",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"convened": congress.delegates.filter(convened=True).count()},
        )
    return congress


def open_congress(congress: Congress, *, actor: Any = None) -> Congress:
    """convened -> open; refused without a quorum (Charter 11.6)."""
    with transaction.atomic():
        congress = _locked(congress)
        _require_status(congress, [CongressStatus.CONVENED], _("open the session"))
        q = quorum(congress)
        if not q.valid:
            raise CongressError("no_quorum", present=q.present, convened=q.convened, needed=q.needed)
        congress.status = CongressStatus.OPEN
        congress.save(update_fields=["status", "updated_at"])
        log_action(
            "congress.opened",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"quorum": q.as_dict()},
        )
    return congress


def close_congress(congress: Congress, *, actor: Any = None) -> Congress:
    """in session -> closed (Bế mạc): refused while a vote is in progress or prepared and not held, or an
    election is unfinished; afterwards no vote, election or check-in can happen."""
    with transaction.atomic():
        congress = _locked(congress)
        _require(congress, CongressAction.CLOSE)
        congress.status = CongressStatus.CLOSED
        congress.save(update_fields=["status", "updated_at"])
        log_action(
            "congress.closed",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"quorum": quorum(congress).as_dict()},
        )
    return congress


def _require(congress: Congress, action: CongressAction) -> None:
    """Refuse `action` unless the congress's state machine allows it now (call under the lock)."""
    refusal = congress_refusal(action, congress_facts(congress))
    if refusal is not None:
        raise CongressError.refused(refusal)


# ---------------------------------------------------------------- check-in


@dataclass(frozen=True)
class CheckInResult:
    code: str  # "checked_in" or the harmless "already_present"
    delegate: Delegate

    @property
    def created(self) -> bool:
        return self.code == "checked_in"


def _check_in_allowed(congress: Congress) -> None:
    if congress.status == CongressStatus.DRAFT:
        raise CongressError("congress_not_convened", status=congress.get_status_display())
    if congress.status == CongressStatus.CLOSED:
        raise CongressError("congress_closed")


def find_delegate(congress: Congress, value: str, *, rows: Any = None) -> Delegate | None:
    """The congress's delegate with this card code (QR) or delegate number, or None."""
    value = (value or "").strip().upper()
    rows = (rows if rows is not None else Delegate.objects.select_related("congress__organization")).filter(
        congress=congress
    )
    if value.isascii() and value.isdigit():
        rows = rows.filter(number=int(value)) if len(value) <= 9 else rows.none()
    elif value:
        rows = rows.filter(checkin_code=value)
    else:
        return None
    # no ORDER BY: the unique index on the code (or on congress+number) finds the row directly
    return next(iter(rows.order_by()[:1]), None)


def check_in_delegate(congress: Congress, value: str, *, actor: Any = None) -> CheckInResult:
    """Check in by QR code or typed delegate number. Re-scanning is harmless (`already_present`)."""
    value = (value or "").strip().upper()
    with transaction.atomic():
        rows = Delegate.objects.select_for_update(of=("self",)).select_related(
            "congress__organization", "branch"
        )
        delegate = find_delegate(congress, value, rows=rows)
        if delegate is None:
            raise CongressError("unknown_code", value=value)
        congress = delegate.congress  # the status as it is now, not as the caller last saw it
        _check_in_allowed(congress)
        if delegate.suspended:
            raise CongressError("suspended", name=delegate.full_name, number=delegate.number)
        if not delegate.convened:
            raise CongressError(
                "not_convened",
                name=delegate.full_name,
                number=delegate.number,
                reason=delegate.not_convened_reason or "—",
            )
        if delegate.present:
            return CheckInResult("already_present", delegate)
        if congress.kind == CongressKind.DELEGATES and Delegate.objects.filter(replaces=delegate).exists():
            raise CongressError("replaced", name=delegate.full_name, number=delegate.number)
        delegate.present = True
        delegate.checked_in_at = timezone.now()
        delegate.save(update_fields=["present", "checked_in_at"])
        log_action(
            "congress.delegate.checked_in",
            actor=actor,
            obj=delegate,
            organization=congress.organization,
            data={"number": delegate.number, "by": "code" if not value.isdigit() else "number"},
        )
    return CheckInResult("checked_in", delegate)


def undo_check_in(delegate: Delegate, *, reason: str, actor: Any = None) -> Delegate:
    reason = reason.strip()
    if not reason:
        raise CongressError("reason_required", field=_("reason"))
    with transaction.atomic():
        delegate = (
            Delegate.objects.select_for_update().select_related("congress__organization").get(pk=delegate.pk)
        )
        _check_in_allowed(delegate.congress)
        if not delegate.present:
            raise CongressError("not_present", name=delegate.full_name, number=delegate.number)
        if hooks.ballot_taken_in_open_poll(delegate):  # the poll's ballots issued count them as present
            raise CongressError("ballot_taken", name=delegate.full_name, number=delegate.number)
        delegate.present = False
        delegate.checked_in_at = None
        delegate.save(update_fields=["present", "checked_in_at"])
        log_action(
            "congress.delegate.check_in_undone",
            actor=actor,
            obj=delegate,
            organization=delegate.congress.organization,
            data={"number": delegate.number, "reason": reason},
        )
    return delegate


def set_absence_reason(delegate: Delegate, *, reason: str, accepted: bool, actor: Any = None) -> Delegate:
    """An absence with the reason the convening committee accepted (or not); feeds the base D."""
    reason = reason.strip()
    if accepted and not reason:
        raise CongressError("reason_required", field=_("reason for absence"))
    with transaction.atomic():
        delegate = (
            Delegate.objects.select_for_update().select_related("congress__organization").get(pk=delegate.pk)
        )
        delegate.absence_reason = reason
        delegate.absence_accepted = accepted and bool(reason)
        delegate.save(update_fields=["absence_reason", "absence_accepted"])
        log_action(
            "congress.delegate.absence_recorded",
            actor=actor,
            obj=delegate,
            organization=delegate.congress.organization,
            data={"number": delegate.number, "reason": reason, "accepted": delegate.absence_accepted},
        )
    return delegate


def mark_attendance(
    congress: Congress,
    *,
    branch: Organization | None,
    present_ids: Iterable[int],
    absence_reasons: dict[int, str] | None = None,
    actor: Any = None,
) -> dict[str, int]:
    """Attendance from a branch's list (small congresses): tick who is present, give reasons for the rest."""
    present_set = {int(i) for i in present_ids}
    reasons = {int(k): v.strip() for k, v in (absence_reasons or {}).items()}
    counts = {"checked_in": 0, "undone": 0, "reasons": 0}
    with transaction.atomic():
        congress = _locked(congress)
        _check_in_allowed(congress)
        rows = Delegate.objects.select_for_update().filter(congress=congress, convened=True)
        rows = rows.filter(branch=branch) if branch is not None else rows
        with translation.override(settings.LANGUAGE_CODE):
            undo_reason = _("Marked absent on the branch list")
        for delegate in rows:
            if delegate.pk in present_set and not delegate.present:
                delegate.present, delegate.checked_in_at = True, timezone.now()
                counts["checked_in"] += 1
                action = "congress.delegate.checked_in"
            elif delegate.pk not in present_set and delegate.present:
                delegate.present, delegate.checked_in_at = False, None
                counts["undone"] += 1
                action = "congress.delegate.check_in_undone"
            else:
                action = ""
            reason = reasons.get(delegate.pk, delegate.absence_reason if not delegate.present else "")
            if delegate.present:
                reason = ""
            changed_reason = reason != delegate.absence_reason
            if changed_reason:
                delegate.absence_reason, delegate.absence_accepted = reason, bool(reason)
                counts["reasons"] += 1
            if action or changed_reason:
                delegate.save(
                    update_fields=["present", "checked_in_at", "absence_reason", "absence_accepted"]
                )
                log_action(
                    action or "congress.delegate.absence_recorded",
                    actor=actor,
                    obj=delegate,
                    organization=congress.organization,
                    data={
                        "number": delegate.number,
                        "by": "list",
                        "reason": undo_reason if action.endswith("undone") else reason,
                    },
                )
    return counts


# ---------------------------------------------------------------- agenda


def add_agenda_item(
    congress: Congress, *, title: str, kind: str = AgendaKind.OTHER, actor: Any = None
) -> AgendaItem:
    if kind not in AgendaKind.values:
        raise CongressError("wrong_kind", field=_("kind"), value=kind)
    with transaction.atomic():
        congress = _locked(congress)
        position = (congress.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem.objects.create(congress=congress, position=position, kind=kind, title=title.strip())
        log_action(
            "congress.agenda.item_added",
            actor=actor,
            obj=item,
            organization=congress.organization,
            data={"title": item.title, "position": position},
        )
    return item


def set_current_agenda_item(congress: Congress, item: AgendaItem | None, *, actor: Any = None) -> Congress:
    with transaction.atomic():
        congress = _locked(congress)
        if item is not None and item.congress_id != congress.pk:
            raise CongressError("not_in_congress", value=item.title)
        congress.current_item = item
        congress.save(update_fields=["current_item", "updated_at"])
        log_action(
            "congress.agenda.current_set",
            actor=actor,
            obj=congress,
            organization=congress.organization,
            data={"item": item.title if item else None},
        )
    return congress


# ---------------------------------------------------------------- open votes


def _check_nominees(congress: Congress, kind: str, nominees: list[Delegate]) -> None:
    body = OpenVoteKind(kind).label
    for d in nominees:
        if d.congress_id != congress.pk:
            raise CongressError("not_in_congress", value=d.number)
    if kind in WORKING_BODIES and not nominees:
        raise CongressError("nominees_required", body=body)
    if kind == OpenVoteKind.COUNTING_COMMITTEE:
        candidates = candidate_member_ids(congress)
        for d in nominees:
            if not d.has_vote:
                raise CongressError("not_a_voter", name=d.full_name, body=body)
            if d.member_id is not None and d.member_id in candidates:
                raise CongressError("candidate_in_counting_committee", name=d.full_name)


def create_open_vote(
    congress: Congress,
    *,
    kind: str,
    title: str = "",
    nominees: Iterable[Delegate] = (),
    seats: int | None = None,
    proposal: str = "",
    election: Any = None,
    candidate: Any = None,
    round_number: int | None = None,
    agenda_item: AgendaItem | None = None,
    actor: Any = None,
) -> OpenVote:
    """Prepare a show of hands *for its subject*: the number of seats or the ballot list of this election,
    this candidate's withdrawal, a further round (or none) after this round; it can decide nothing else."""
    if kind not in OpenVoteKind.values:
        raise CongressError("wrong_kind", field=_("kind"), value=kind)
    nominee_list = list(nominees)
    with transaction.atomic():
        congress = _locked(congress)
        _require(congress, CongressAction.PREPARE_VOTE)
        _check_nominees(congress, kind, nominee_list)
        election, candidate, round_number = _vote_subject(congress, kind, election, candidate, round_number)
        if agenda_item is not None and agenda_item.congress_id != congress.pk:
            raise CongressError("not_in_congress", value=agenda_item.title)
        if kind == OpenVoteKind.SEATS and not seats:
            raise CongressError("seats_required")
        if seats is not None and seats < 1:
            raise CongressError("seats_required")
        vote = OpenVote.objects.create(
            congress=congress,
            kind=kind,
            title=title.strip() or _default_vote_title(kind, election, candidate, round_number),
            proposal=proposal.strip(),
            seats=seats if kind == OpenVoteKind.SEATS else None,
            election=election,
            candidate=candidate,
            round_number=round_number,
            agenda_item=agenda_item,
        )
        vote.nominees.set(nominee_list)
        log_action(
            "congress.open_vote.created",
            actor=actor,
            obj=vote,
            organization=congress.organization,
            data={
                "kind": kind,
                "title": vote.title,
                "nominees": [d.number for d in nominee_list],
                "seats": seats,
                "election": election.pk if election else None,
                "candidate": candidate.pk if candidate else None,
                "round": round_number,
            },
        )
    return vote


def _vote_subject(
    congress: Congress, kind: str, election: Any, candidate: Any, round_number: int | None
) -> tuple[Any, Any, int | None]:
    """The subject a vote of `kind` needs, checked: it belongs to this congress and is at the stage the
    decision belongs to (a list vote while the list is drawn up, a withdrawal vote on a request, ...)."""
    from daihoi.core.procedure import ElectionStage, VoteKind
    from daihoi.elections.models import Candidate, Election

    subject = subject_of(kind)
    if subject is Subject.NONE:
        return None, None, None
    if subject is Subject.CANDIDATE and candidate is not None:
        candidate = Candidate.objects.select_related("election").get(pk=candidate.pk)
        election = candidate.election
    if election is not None:
        election = Election.objects.get(pk=election.pk)
        if election.congress_id != congress.pk:
            raise CongressError("not_in_congress", value=election.title)
    last = election.rounds.order_by("-number").first() if election is not None else None
    nexts = ((last.result or {}).get("next_rounds") or []) if last is not None else []
    refusal = subject_refusal(
        VoteKind(kind),
        election_stage=ElectionStage(election.status) if election is not None else None,
        has_subject=election is not None and (subject is not Subject.CANDIDATE or candidate is not None),
        subject_name=candidate.full_name if candidate is not None else (election.title if election else ""),
        withdrawal_pending=bool(
            candidate is not None and candidate.withdrawal_proposal and candidate.withdrawal_vote_id is None
        ),
        next_kind=str(nexts[0]["kind"]) if nexts else "",
    )
    if refusal is not None:
        raise CongressError.refused(refusal)
    if subject is Subject.ROUND:
        assert last is not None  # the procedure allowed a vote after a round
        if round_number not in (None, last.number):
            raise CongressError("not_in_congress", value=round_number)
        round_number = last.number
    return election, (candidate if subject is Subject.CANDIDATE else None), round_number


def _default_vote_title(kind: str, election: Any, candidate: Any, round_number: int | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if kind == OpenVoteKind.SEATS and election is not None:
            return _("Number to elect: %(what)s") % {"what": election.title}
        if kind == OpenVoteKind.BALLOT_LIST and election is not None:
            return _("Ballot list: %(what)s") % {"what": election.title}
        if kind == OpenVoteKind.WITHDRAWAL and candidate is not None:
            from daihoi.elections.models import CandidateStatus  # noqa: F401

            proposals = {"allow": _("allow"), "refuse": _("refuse"), "remove": _("remove from the list")}
            return _("Withdrawal request of %(name)s: the presidium proposes to %(proposal)s") % {
                "name": candidate.full_name,
                "proposal": proposals.get(candidate.withdrawal_proposal, candidate.withdrawal_proposal),
            }
        if kind == OpenVoteKind.NEXT_ROUND and election is not None:
            return _("Hold a further round after round %(number)s: %(what)s") % {
                "number": round_number,
                "what": election.title,
            }
        if kind == OpenVoteKind.END_ELECTION and election is not None:
            return _("Elect no more after round %(number)s: %(what)s") % {
                "number": round_number,
                "what": election.title,
            }
        return str(OpenVoteKind(kind).label)


def delete_open_vote(vote: OpenVote, *, actor: Any = None) -> None:
    """A vote prepared but not yet held (by mistake, or no longer needed) is removed; held votes stay."""
    with transaction.atomic():
        _locked(vote.congress)
        vote = _locked_vote(vote)
        _require_status(vote, [OpenVoteStatus.DRAFT], _("delete the vote"))
        log_action(
            "congress.open_vote.deleted",
            actor=actor,
            obj=vote,
            organization=vote.congress.organization,
            data={"kind": vote.kind, "title": vote.title},
        )
        vote.delete()


def _locked_vote(vote: OpenVote) -> OpenVote:
    return OpenVote.objects.select_for_update().select_related("congress__organization").get(pk=vote.pk)


def open_open_vote(vote: OpenVote, *, actor: Any = None) -> OpenVote:
    """draft -> open: only while the congress is in session."""
    with transaction.atomic():
        _locked(vote.congress)
        vote = _locked_vote(vote)
        _require_status(vote, [OpenVoteStatus.DRAFT], _("open the vote"))
        _require(vote.congress, CongressAction.HOLD_VOTE)
        other = vote.congress.open_votes.filter(status=OpenVoteStatus.OPEN).exclude(pk=vote.pk).first()
        if other is not None:
            raise CongressError("another_vote_open", value=other.title)
        vote.status, vote.opened_at = OpenVoteStatus.OPEN, timezone.now()
        vote.save(update_fields=["status", "opened_at"])
        log_action(
            "congress.open_vote.opened",
            actor=actor,
            obj=vote,
            organization=vote.congress.organization,
            data={"title": vote.title},
        )
    return vote


def record_open_vote(
    vote: OpenVote,
    *,
    agree: int,
    disagree: int,
    abstain: int = 0,
    actor: Any = None,
) -> OpenVote:
    """Enter (or correct) the counts while the vote is open."""
    with transaction.atomic():
        vote = _locked_vote(vote)
        _require_status(vote, [OpenVoteStatus.OPEN], _("record the counts"))
        _require(vote.congress, CongressAction.HOLD_VOTE)
        present = quorum(vote.congress).voters_present
        refusal = procedure_figures.open_vote_counts(agree, disagree, abstain, present)
        if refusal is not None:
            raise CongressError.refused(refusal)
        vote.agree, vote.disagree, vote.abstain = agree, disagree, abstain
        vote.save(update_fields=["agree", "disagree", "abstain"])
        log_action(
            "congress.open_vote.recorded",
            actor=actor,
            obj=vote,
            organization=vote.congress.organization,
            data={"agree": agree, "disagree": disagree, "abstain": abstain},
        )
    return vote


def close_open_vote(vote: OpenVote, *, actor: Any = None) -> OpenVote:
    """open -> closed: the result (agree > D/2) and the attendance are frozen in the snapshot."""
    with transaction.atomic():
        vote = _locked_vote(vote)
        _require_status(vote, [OpenVoteStatus.OPEN], _("close the vote"))
        _require(vote.congress, CongressAction.HOLD_VOTE)
        phones = hooks.phone_counts(vote)
        cards = {"agree": vote.agree, "disagree": vote.disagree, "abstain": vote.abstain}
        if any(phones.values()):  # the cards counted (none raised if not entered) plus the phones
            vote.agree, vote.disagree, vote.abstain = (
                (cards[k] or 0) + phones[k] for k in ("agree", "disagree", "abstain")
            )
        elif vote.agree is None or vote.disagree is None:
            raise CongressError("counts_missing")
        congress = vote.congress
        nominees = list(vote.nominees.all())
        _check_nominees(congress, vote.kind, nominees)  # candidates may have been declared since
        q, base = quorum(congress), threshold_base(congress)
        refusal = procedure_figures.open_vote_counts(
            vote.agree, vote.disagree, vote.abstain or 0, q.voters_present
        )
        if refusal is not None:
            raise CongressError.refused(refusal)
        if base.base <= 0:
            raise CongressError("empty_base")
        vote.passed = passes(vote.agree, base.base)  # the rule profile's strict "more than half of D"
        vote.snapshot = {
            "quorum": q.as_dict(),
            "base": base.as_dict(),
            "nominees": [{"number": d.number, "name": d.full_name} for d in nominees],
            "rule": "2 * agree > D (Charter 9.5; profile party)",
            **(
                {"cards": {k: v or 0 for k, v in cards.items()}, "phones": phones}
                if any(phones.values())
                else {}
            ),
            "closed_at": timezone.now().isoformat(),
        }
        vote.status, vote.closed_at = OpenVoteStatus.CLOSED, timezone.now()
        vote.save(update_fields=["agree", "disagree", "abstain", "passed", "snapshot", "status", "closed_at"])
        log_action(
            "congress.open_vote.closed",
            actor=actor,
            obj=vote,
            organization=congress.organization,
            data={
                "passed": vote.passed,
                "agree": vote.agree,
                "disagree": vote.disagree,
                "abstain": vote.abstain,
                "base": base.base,
            },
        )
    return vote


# ---------------------------------------------------------------- documents

PDF_MAGIC, ZIP_MAGIC, OLE_MAGIC = b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
ALLOWED_SUFFIXES = {".pdf": PDF_MAGIC, ".docx": ZIP_MAGIC, ".doc": OLE_MAGIC}


def upload_document(
    congress: Congress,
    *,
    kind: str,
    title: str,
    file: Any,
    sections: str = "",
    accepts_comments: bool = False,
    actor: Any = None,
) -> CongressDocument:
    name = getattr(file, "name", "") or ""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = file.read(4)
    file.seek(0)
    if suffix not in ALLOWED_SUFFIXES or head != ALLOWED_SUFFIXES[suffix]:
        raise CongressError("bad_file", value=name)
    with transaction.atomic():
        doc = CongressDocument.objects.create(
            congress=congress,
            kind=kind,
            title=title.strip() or name,
            file=file,
            sections=sections,
            accepts_comments=accepts_comments,
        )
        log_action(
            "congress.document.uploaded",
            actor=actor,
            obj=doc,
            organization=congress.organization,
            data={"title": doc.title, "kind": kind, "file": name},
        )
    return doc


def add_comment(
    document: CongressDocument,
    *,
    delegate: Delegate,
    section: str,
    text: str,
    actor: Any = None,
) -> DocumentComment:
    text, section = text.strip(), section.strip()
    if not document.accepts_comments:
        raise CongressError("comments_closed")
    if not text:
        raise CongressError("empty_comment")
    if section and section not in document.section_list:
        raise CongressError("unknown_section", value=section)
    if delegate.congress_id != document.congress_id:
        raise CongressError("not_in_congress", value=delegate.number)
    if not delegate.present:
        raise CongressError("not_checked_in")
    with transaction.atomic():
        comment = DocumentComment.objects.create(
            document=document, delegate=delegate, section=section, text=text
        )
        log_action(
            "congress.document.commented",
            actor=actor,
            obj=comment,
            organization=document.congress.organization,
            data={"document": document.pk, "section": section, "delegate": delegate.number},
        )
    return comment
