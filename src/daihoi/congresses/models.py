"""A congress of a Party organization: its convened list, attendance, agenda, open votes and documents."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.core.instruments import (
    DIRECTIVES,
    REGULATIONS,
    Instrument,
    directive_for_term,
    regulation_in_force,
)
from daihoi.core.numbers import roman

# Letters only, without look-alikes (I, O, L...): a scanned code can never be mistaken for a typed number.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Members' congress")
    DELEGATES = "delegates", _("Delegates' congress")


class CongressStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    CONVENED = "convened", pgettext_lazy("congress status", "Convened")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class ElectionRegulation(models.TextChoices):
    REG_190 = "190-QD/TW-2024", _("Decision 190-QĐ/TW of 10/10/2024")
    REG_244 = "244-QD/TW-2014", _("Decision 244-QĐ/TW of 09/6/2014")


class CongressDirective(models.TextChoices):
    CT_35 = "35-CT/TW-2024", _("Directive 35-CT/TW of 14/6/2024 (term 2025–2030)")
    CT_45 = "45-CT/TW-2020", _("Directive 45-CT/TW of 14/4/2020 (term 2020–2025)")


class BallotForm(models.TextChoices):
    """How the congress's election rules say secret ballots are cast (daihoi.core.procedure.poll)."""

    PAPER = "paper", _("On paper")
    ELECTRONIC = "electronic", _("Electronically on phones in the hall (paper for delegates without one)")
    VERIFIABLE = (
        "verifiable",
        _(
            "Electronically on phones, encrypted under the counting committee's keys and verifiable "
            "(paper for delegates without one)"
        ),
    )


class Congress(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("The ordinal: 10 for the 10th."))
    term_start_year = models.PositiveSmallIntegerField(_("term starts"))
    term_end_year = models.PositiveSmallIntegerField(_("term ends"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=CongressKind.choices, default=CongressKind.MEMBERS
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    convening_committee = models.CharField(
        _("convening committee"),
        max_length=255,
        blank=True,
        help_text=_("The committee that convenes the congress, as written in documents."),
    )
    status = models.CharField(_("status"), max_length=16, choices=CongressStatus.choices, default="draft")
    # The congress's election rules decide it under the superior's guidance; paper unless they say so.
    ballot_form = models.CharField(
        _("secret ballots cast"), max_length=16, choices=BallotForm.choices, default=BallotForm.PAPER
    )
    election_regulation = models.CharField(
        _("election regulation"),
        max_length=32,
        blank=True,
        choices=ElectionRegulation.choices,
        help_text=_("The regulation the minutes cite; empty: the one in force on the congress's first day."),
    )
    congress_directive = models.CharField(
        _("Politburo directive on congresses"),
        max_length=32,
        blank=True,
        choices=CongressDirective.choices,
        help_text=_("The directive the convocation cites; empty: the one for the congress's term."),
    )
    current_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("current agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    archived_at = models.DateTimeField(
        _("archived at"),
        null=True,
        blank=True,
        help_text=_("Set when a congress that already has votes is archived: hidden and read-only."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = (
            "organization",
            "-number",
        )
        constraints = (
            models.UniqueConstraint(fields=["organization", "number"], name="congress_number_unique_in_org"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def regulation(self) -> Instrument:
        """The election regulation the congress applies: its setting, else the one in force on its first
        day (190-QĐ/TW from 10/10/2024, 244-QĐ/TW before)."""
        if self.election_regulation in REGULATIONS:
            return REGULATIONS[self.election_regulation]
        return regulation_in_force(self.starts_on)

    @property
    def directive(self) -> Instrument:
        """The Politburo directive on congresses: its setting, else the one for its term."""
        if self.congress_directive in DIRECTIVES:
            return DIRECTIVES[self.congress_directive]
        return directive_for_term(self.term_start_year)

    @property
    def roman_number(self) -> str:
        return roman(self.number)

    @property
    def term(self) -> str:
        return f"{self.term_start_year} - {self.term_end_year}"

    @property
    def title(self) -> str:
        # "Đại hội Đảng bộ X lần thứ X, nhiệm kỳ 2020 - 2025" (translated)
        return str(
            _("Congress of %(org)s, no. %(number)s, term %(term)s")
            % {"org": self.organization.name, "number": self.roman_number, "term": self.term}
        )


class DelegateKind(models.TextChoices):
    MEMBER = "member", _("Member")
    ELECTED = "elected", _("Elected delegate")
    EX_OFFICIO = "ex_officio", _("Ex officio delegate")
    ALTERNATE = "alternate", _("Alternate delegate")
    GUEST = "guest", _("Guest")


class CredentialFlag(models.TextChoices):
    """Why a delegate elected below may no longer sit (found when the credentials are checked)."""

    DISCIPLINED = "disciplined", _("Disciplined after election")
    TRANSFERRED = "transferred", _("Transferred after election")
    OTHER = "other", _("Other reason")


class Delegate(models.Model):
    """One person on the congress's list: convened member or delegate, or a guest (no vote)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.PositiveIntegerField(_("delegate number"))
    full_name = models.CharField(_("full name"), max_length=128)
    title = models.CharField(_("position held"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DelegateKind.choices)
    is_official = models.BooleanField(_("official member"), default=True)
    attached_elsewhere = models.BooleanField(_("attached temporarily elsewhere"), default=False)
    exempted = models.BooleanField(_("exempted from Party work and activity"), default=False)
    suspended = models.BooleanField(_("suspended, prosecuted, indicted or detained"), default=False)
    convened = models.BooleanField(_("convened"), default=True)
    not_convened_reason = models.CharField(_("why not convened"), max_length=255, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    checkin_code = models.CharField(max_length=16, unique=True, default=new_checkin_code, editable=False)
    present = models.BooleanField(_("present"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=255, blank=True)
    absence_accepted = models.BooleanField(_("reason accepted by the convening committee"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delegations",
    )
    # A delegates' congress built from the delegations elected below (issue 14): the lower congress
    # that elected this delegate, and the delegate's rank by votes there (officials first, then the
    # alternates: an alternate replaces an official in this order, by the superior's decision).
    elected_in = models.ForeignKey(
        Congress,
        verbose_name=_("elected at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vote_rank = models.PositiveSmallIntegerField(_("rank by votes"), null=True, blank=True)
    credential_flag = models.CharField(
        _("credentials"), max_length=16, choices=CredentialFlag.choices, blank=True, default=""
    )
    credential_note = models.CharField(_("credentials note"), max_length=255, blank=True)
    # The superior's decision by which this alternate replaces an official delegate (number and date).
    replacement_decision = models.CharField(_("replacement decision"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = (
            "congress",
            "number",
        )
        constraints = (models.UniqueConstraint(fields=["congress", "number"], name="delegate_number_unique"),)

    def __str__(self) -> str:
        return f"{self.number}. {self.full_name}"

    @property
    def has_vote(self) -> bool:
        """Probationary members, members attached temporarily here and guests attend without a vote; so
        does a delegate whose credentials are flagged, until the flag is cleared or an alternate replaces
        them."""
        if self.kind == DelegateKind.GUEST or (self.kind == DelegateKind.ALTERNATE and not self.replaces_id):
            return False
        if self.credential_flag:
            return False
        return self.convened and self.is_official and not self.attached_elsewhere and not self.suspended


class AgendaKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    WORKING_BODIES = "working_bodies", _("Working bodies")
    REPORTS = "reports", _("Reports")
    DISCUSSION = "discussion", _("Discussion")
    ELECTIONS = "elections", _("Elections")
    RESOLUTION = "resolution", _("Resolution")
    CLOSING = "closing", _("Closing")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=AgendaKind.choices, default=AgendaKind.OTHER)
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = (
            "congress",
            "position",
        )

    def __str__(self) -> str:
        return self.title


class OpenVoteKind(models.TextChoices):
    PRESIDIUM = "presidium", _("Presidium")
    SECRETARIAT = "secretariat", _("Secretariat")
    CREDENTIALS_COMMITTEE = "credentials_committee", _("Credentials committee")
    COUNTING_COMMITTEE = "counting_committee", _("Counting committee")
    SEATS = "seats", _("Number of committee seats")
    BALLOT_LIST = "ballot_list", _("Ballot list")
    WITHDRAWAL = "withdrawal", _("Withdrawal request")
    NEXT_ROUND = "next_round", _("Further round of an election")
    END_ELECTION = "end_election", _("No further round: the election ends")
    RESOLUTION = "resolution", _("Resolution")
    OTHER = "other", _("Other")


WORKING_BODIES = {
    OpenVoteKind.PRESIDIUM,
    OpenVoteKind.SECRETARIAT,
    OpenVoteKind.CREDENTIALS_COMMITTEE,
    OpenVoteKind.COUNTING_COMMITTEE,
}


class OpenVoteStatus(models.TextChoices):
    DRAFT = "draft", _("Prepared")
    OPEN = "open", _("Voting")
    CLOSED = "closed", pgettext_lazy("open vote status", "Closed")


class OpenVote(models.Model):
    """A show-of-hands vote recorded as counts; frozen with the attendance when it closes."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="open_votes")
    kind = models.CharField(_("kind"), max_length=32, choices=OpenVoteKind.choices)
    title = models.CharField(_("question"), max_length=255)
    proposal = models.TextField(_("proposal"), blank=True)
    seats = models.PositiveSmallIntegerField(_("number of seats"), null=True, blank=True)
    nominees = models.ManyToManyField(Delegate, verbose_name=_("members of the body"), blank=True)
    # The subject the vote decides (daihoi.core.procedure.votes): it can be used for nothing else.
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="votes",
    )
    candidate = models.ForeignKey(
        "elections.Candidate",
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="votes",
    )
    round_number = models.PositiveSmallIntegerField(_("after round"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="votes",
    )
    used_at = models.DateTimeField(_("decision taken at"), null=True, blank=True)
    used_for = models.CharField(_("decision taken"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OpenVoteStatus.choices, default="draft")
    agree = models.PositiveIntegerField(_("agree"), null=True, blank=True)
    disagree = models.PositiveIntegerField(_("disagree"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    snapshot = models.JSONField(_("attendance when closed"), default=dict, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("open vote")
        verbose_name_plural = _("open votes")
        ordering = (
            "congress",
            "created_at",
            "id",
        )

    def __str__(self) -> str:
        return self.title

    @property
    def subject_election(self) -> Any:
        """The election this vote decides about (directly, or through the candidate), or None."""
        if self.election_id:
            return self.election
        return self.candidate.election if self.candidate is not None else None


class DocumentKind(models.TextChoices):
    POLITICAL_REPORT = "political_report", _("Political report")
    SELF_REVIEW = "self_review", _("Committee's self-review")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft resolution")
    UPPER_DRAFT = "upper_draft", _("Upper level's draft for comment")
    OTHER = "other", _("Other document")


class CongressDocument(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="congress-documents/%Y/")
    sections = models.TextField(
        _("sections"),
        blank=True,
        help_text=_("One section heading per line, for comments by section."),
    )
    accepts_comments = models.BooleanField(_("open for comments"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("congress document")
        verbose_name_plural = _("congress documents")
        ordering = (
            "congress",
            "uploaded_at",
            "id",
        )

    def __str__(self) -> str:
        return self.title

    @property
    def section_list(self) -> list[str]:
        return [line.strip() for line in self.sections.splitlines() if line.strip()]


class DocumentComment(models.Model):
    document = models.ForeignKey(CongressDocument, on_delete=models.CASCADE, related_name="comments")
    delegate = models.ForeignKey(Delegate, on_delete=models.PROTECT, related_name="comments")
    section = models.CharField(_("section"), max_length=255, blank=True)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = (
            "document",
            "section",
            "created_at",
            "id",
        )

    def __str__(self) -> str:
        return f"{self.delegate.full_name}: {self.text[:40]}"


class DossierNumber(models.Model):
    """The number and date of one document of the congress's dossier (documents.md §1.2).

    `key` names the document (a key of `daihoi.congresses.dossier.DOCUMENTS`, with the election round
    or vote for documents made per round: "counting_minutes:12"). `series` is "ĐH" for congress
    documents, which share one series per congress, or "<type>/<issuer>" ("QĐ/ĐU") for the committee's
    own documents, numbered per type. A typed number is unique within its series; a number not typed
    prints as a dotted blank to fill by hand. `date` None: the date of the act the document records.
    """

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="dossier_numbers")
    key = models.CharField(_("document"), max_length=64)
    series = models.CharField(_("number series"), max_length=16)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    date = models.DateField(pgettext_lazy("dossier", "date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier number")
        verbose_name_plural = _("dossier numbers")
        ordering = ("congress", "series", "number", "key")
        constraints = (
            models.UniqueConstraint(fields=["congress", "key"], name="dossier_key_unique_in_congress"),
            models.UniqueConstraint(
                fields=["congress", "series", "number"],
                condition=models.Q(number__isnull=False),
                name="dossier_number_unique_in_series",
            ),
        )

    def __str__(self) -> str:
        return f"{self.key}: {self.number or '…'}-{self.series}"


class LinkRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting consent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class DelegateLinkRequest(models.Model):
    """A request to link a login of another organization to a delegate: the link is made only when that
    user, or an organizer of an organization they hold a role in, accepts it.

    The username is kept as typed; `user` is the login it names, if any. A request naming no login is
    kept like any other and never accepted, so the requesting organizer learns nothing about which
    usernames exist.
    """

    delegate = models.ForeignKey(
        Delegate, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="link_requests"
    )
    username = models.CharField(_("username"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="delegate_link_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=LinkRequestStatus.choices, default=LinkRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request to link a login")
        verbose_name_plural = _("requests to link a login")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.delegate} ← {self.username} ({self.status})"
