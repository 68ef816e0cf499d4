"""The congress season of a superior committee (issue 14): its plan for the organizations below it, the
allocation of its delegates' congress's seats, the ex-officio delegates, and the approval (chuẩn y) of
every lower congress's results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.core.procedure.approval import ApprovalStage


class Season(models.Model):
    """One term's round of congresses below a superior committee, ending in its delegates' congress."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("superior committee"),
        on_delete=models.PROTECT,
        related_name="seasons",
    )
    term_start_year = models.PositiveSmallIntegerField(_("term starts"))
    term_end_year = models.PositiveSmallIntegerField(_("term ends"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    # The superior's own delegates' congress, whose convened list the lower delegations become.
    upper_congress = models.OneToOneField(
        "congresses.Congress",
        verbose_name=_("delegates' congress"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="season",
    )
    # Delegates the upper congress convenes in all (elected below + ex officio), and each
    # organization's minimum of elected delegates: the allocation's inputs.
    upper_seats = models.PositiveIntegerField(_("delegates convened in all"), null=True, blank=True)
    minimum_seats = models.PositiveSmallIntegerField(_("minimum delegates per organization"), default=1)
    # The stored computation (daihoi.core.season.allocation.Allocation.as_dict()), shown on the page.
    allocation = models.JSONField(_("allocation"), default=dict, blank=True)
    allocated_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("congress season")
        verbose_name_plural = _("congress seasons")
        ordering = ("organization", "-term_start_year")
        constraints = (
            models.UniqueConstraint(fields=["organization", "term_start_year"], name="season_unique_term"),
        )

    def __str__(self) -> str:
        return self.title or f"{self.organization} {self.term_start_year}–{self.term_end_year}"


class PlanEntry(models.Model):
    """What the superior sets for one organization below it: the window of its congress, its committee
    seats, and the delegates it elects to the upper congress (from the allocation)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="entries")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="plan_entries",
    )
    window_start = models.DateField(_("congress window opens"), null=True, blank=True)
    window_end = models.DateField(_("congress window closes"), null=True, blank=True)
    committee_seats = models.PositiveSmallIntegerField(_("committee seats"), null=True, blank=True)
    delegates = models.PositiveSmallIntegerField(_("delegates to the upper congress"), null=True, blank=True)
    alternates = models.PositiveSmallIntegerField(_("alternate delegates"), default=0)
    # Official members counted when the seats were allocated (the allocation's weight).
    members_counted = models.PositiveIntegerField(_("official members counted"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ("season", "organization__code")
        constraints = (
            models.UniqueConstraint(fields=["season", "organization"], name="plan_entry_unique_org"),
        )

    def __str__(self) -> str:
        return f"{self.season}: {self.organization}"


class ExOfficioDelegate(models.Model):
    """A member of the superior's outgoing committee: a delegate of its delegates' congress by right."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="ex_officio")
    member = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=128)
    title = models.CharField(_("position held"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("no."), default=0)

    class Meta:
        verbose_name = _("ex officio delegate")
        verbose_name_plural = _("ex officio delegates")
        ordering = ("season", "position", "id")

    def __str__(self) -> str:
        return self.full_name


class SubmissionStatus(models.TextChoices):
    """The stages of daihoi.core.procedure.approval.ApprovalStage that a submission can be in."""

    SUBMITTED = ApprovalStage.SUBMITTED.value, _("Awaiting approval")
    APPROVED = ApprovalStage.APPROVED.value, pgettext_lazy("approval", "Approved")
    RETURNED = ApprovalStage.RETURNED.value, _("Returned")


class Submission(models.Model):
    """One result dossier a lower organization submitted to its superior for approval (chuẩn y).

    A congress's approval stage is its newest submission's status (not submitted without one). The
    dossier (the approval dossier's zip, built when submitting) is kept in the database so that every app
    server of a province serves it, with its SHA-256.
    """

    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("congress"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    superior = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("superior committee"),
        on_delete=models.PROTECT,
        related_name="submissions_received",
    )
    number = models.PositiveSmallIntegerField(_("submission"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    dossier = models.BinaryField(_("dossier"), editable=False)
    dossier_sha256 = models.CharField(_("dossier SHA-256"), max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        verbose_name = _("approval submission")
        verbose_name_plural = _("approval submissions")
        ordering = ("congress", "-number")
        constraints = (
            models.UniqueConstraint(fields=["congress", "number"], name="submission_number_unique"),
            # One live submission (awaiting or approved) per congress at a time.
            models.UniqueConstraint(
                fields=["congress"],
                condition=models.Q(status__in=["submitted", "approved"]),
                name="submission_one_live_per_congress",
            ),
        )

    def __str__(self) -> str:
        return f"{self.congress} #{self.number} ({self.status})"
