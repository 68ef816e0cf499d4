"""Elections at the congress: the ballot list, rounds, clerk entries, final ballots, publication.

Ballot secrecy: no row here references a voter. Ballots issued is a count on the round; a ballot is
known only by its position in the counting stack. Clerk entries name the clerk (a counting-committee
helper), never who cast the ballot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.core.election import ElectionKind as CoreKind


class ElectionKind(models.TextChoices):
    EXECUTIVE_COMMITTEE = CoreKind.EXECUTIVE_COMMITTEE.value, _("Executive committee")
    BRANCH_COMMITTEE = CoreKind.BRANCH_COMMITTEE.value, _("Branch committee")
    STANDING_COMMITTEE = CoreKind.STANDING_COMMITTEE.value, _("Standing committee")
    SECRETARY = CoreKind.SECRETARY.value, _("Secretary")
    DEPUTY_SECRETARY = CoreKind.DEPUTY_SECRETARY.value, _("Deputy secretary")
    INSPECTION_COMMITTEE = CoreKind.INSPECTION_COMMITTEE.value, _("Inspection committee")
    DELEGATES = CoreKind.DELEGATES.value, _("Delegates to the upper congress")


class ElectionStatus(models.TextChoices):
    """The stages of daihoi.core.procedure.election.ElectionStage, with their labels."""

    SEATS = "seats", _("Deciding the number to elect")
    LIST = "list", _("Preparing the ballot list")
    LIST_APPROVED = "list_approved", _("Ballot list approved; voting")
    COUNTING = "counting", _("Counting")
    PENDING = "pending", _("Awaiting the congress's decision on another round")
    COUNTED = "counted", _("Counted")
    PUBLISHED = "published", _("Announced")
    APPROVED = "approved", _("Approved by the superior")


class Election(models.Model):
    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="elections", verbose_name=_("congress")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ElectionKind.choices)
    title = models.CharField(_("title"), max_length=255)
    seats = models.PositiveSmallIntegerField(_("number to elect"), null=True, blank=True)
    alternates = models.PositiveSmallIntegerField(_("alternates"), default=0)
    seats_vote = models.OneToOneField(
        "congresses.OpenVote", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    # One counting-committee login entering every stack alone (a one-person committee): allowed only
    # with the setting DAIHOI_ALLOW_ONE_CLERK_LOGIN; the minutes then say so.
    entries_not_independent = models.BooleanField(default=False)
    list_vote = models.OneToOneField(
        "congresses.OpenVote", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    clerks = models.PositiveSmallIntegerField(_("independent entries per ballot"), default=2)
    paper_size = models.CharField(_("paper size"), max_length=2, default="A5")
    status = models.CharField(_("status"), max_length=16, choices=ElectionStatus.choices, default="list")
    approval_reference = models.CharField(_("approval decision"), max_length=255, blank=True)
    news_text = models.TextField(_("news report"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ("congress", "created_at", "id")

    def __str__(self) -> str:
        return self.title


class CandidateSource(models.TextChoices):
    COMMITTEE = "committee", _("Convening committee's list")
    FLOOR = "floor", _("Nominated from the floor")
    SELF = "self", _("Self-nominated")


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("On the list")
    # xgettext:no-python-format (a percent sign, not a placeholder)
    NOT_SUPPORTED = "not_supported", _("Not supported (30% or less)")
    WITHDRAWN = "withdrawn", _("Withdrawal allowed")
    REMOVED = "removed", _("Removed for violation")
    DROPPED = "dropped", _("Dropped by the opinion ballot")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey("organizations.Member", on_delete=models.RESTRICT, related_name="+")
    full_name = models.CharField(_("full name"), max_length=128)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    source = models.CharField(_("nominated by"), max_length=16, choices=CandidateSource.choices)
    support = models.PositiveIntegerField(_("supporters"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CandidateStatus.choices, default="proposed")
    withdrawal_reason = models.CharField(_("withdrawal request"), max_length=255, blank=True)
    withdrawal_proposal = models.CharField(_("presidium's proposal"), max_length=16, blank=True)
    withdrawal_vote = models.ForeignKey(
        "congresses.OpenVote", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opinion_votes = models.PositiveIntegerField(_("opinion ballot votes"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ("election", "id")
        constraints = (
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once_per_election"),
        )

    def __str__(self) -> str:
        return self.full_name


class RoundStatus(models.TextChoices):
    COUNTING = "counting", _("Counting")
    CLOSED = "closed", _("Counted")


class Round(models.Model):
    """One round of voting: the list printed on its ballot, the counts, the engine's result."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    revote = models.BooleanField(_("revote among the tied"), default=False)
    seats = models.PositiveSmallIntegerField(_("places"))
    alternates = models.PositiveSmallIntegerField(_("alternates"), default=0)
    aggregate = models.BooleanField(_("hand count (totals only)"), default=False)
    issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    # Of `issued` and `returned`, the ballots cast on phones (an electronic poll, frozen when it
    # closed); the rest are paper ballots, entered by the clerks at positions 1.. returned - electronic.
    electronic = models.PositiveIntegerField(_("ballots cast electronically"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default="counting")
    figures = models.JSONField(_("congress figures"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    counting_committee = models.JSONField(_("counting committee"), default=list, blank=True)
    # Hand-count totals: {"valid": n, "invalid": {reason: n}, "votes": {candidate position: n}}
    totals = models.JSONField(_("hand-count totals"), default=dict, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ("election", "number")
        constraints = (models.UniqueConstraint(fields=["election", "number"], name="round_number_unique"),)

    def __str__(self) -> str:
        return f"{self.election} — {self.number}"


class RoundCandidate(models.Model):
    """A name printed on the round's ballot, at its ballot-order position (1-based)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("no."))
    show_birth_date = models.BooleanField(default=False)

    class Meta:
        ordering = ("round", "position")
        constraints = (
            models.UniqueConstraint(fields=["round", "position"], name="round_candidate_position_unique"),
        )

    def __str__(self) -> str:
        return f"{self.position}. {self.candidate}"


class BallotEntry(models.Model):
    """One clerk's reading of the ballot at `position` in the stack (independent multiple entry).

    `content`: on a list with surplus, the positions of the struck names ("2,5"); otherwise one
    character per name (0 none, 1 agree, 2 disagree, 3 both). `flag`: a committee reason code read on
    the paper (not_issued, added_name, identifying_mark), else blank.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballot_entries")
    clerk = models.PositiveSmallIntegerField(_("clerk"))
    position = models.PositiveIntegerField(_("ballot no."))
    content = models.TextField(blank=True)
    flag = models.CharField(max_length=32, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("round", "position", "clerk")
        constraints = (
            models.UniqueConstraint(
                fields=["round", "clerk", "position"], name="one_entry_per_clerk_position"
            ),
        )

    def __str__(self) -> str:
        return f"{self.position}/{self.clerk}: {self.content}|{self.flag}"


class Resolution(models.Model):
    """The counting committee's decision on a ballot whose entries disagree (or an override)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveIntegerField(_("ballot no."))
    content = models.TextField(blank=True)
    flag = models.CharField(max_length=32, blank=True)
    valid = models.BooleanField(default=False)  # ruled valid against the software's proposal
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["round", "position"], name="one_resolution_per_ballot"),
        )

    def __str__(self) -> str:
        return f"{self.position}: {self.content}|{self.flag}"


class EntryLog(models.Model):
    """Nhật ký nhập phiếu: every entry, change and resolution, in order; printable."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(auto_now_add=True)
    clerk = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    action = models.CharField(max_length=32)
    content = models.TextField(blank=True)
    user_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ("round", "id")

    def __str__(self) -> str:
        return f"{self.action} {self.position or ''}"
