"""The term's targets (from the congress resolution) and the yearly data they are measured on."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    RATED_EXCELLENT = "rated_excellent", _("Members (or units) rated excellent")
    RATED_GOOD = "rated_good", _("Rated good or better")
    RATED_COMPLETED = "rated_completed", _("Rated completed or better")
    RATED_NOT_COMPLETED = "rated_not_completed", _("Rated not completed")
    RATED_CLEAN_STRONG_EXEMPLARY = "rated_clean_strong_exemplary", _("Rated clean and strong, exemplary")
    RATED_CLEAN_STRONG = "rated_clean_strong", _("Rated clean and strong")
    RATED_STRONG = "rated_strong", _("Rated strong")
    RATING = "rating", _("Rating level reached")
    CHARTER = "charter_compliance", _("Keep the Charter and the 19 prohibitions")
    STUDY = "resolution_study", _("Study the Party's resolutions")
    DISCIPLINED = "disciplined", _("Members disciplined")
    ADMISSIONS = "admissions", _("New members admitted")
    OTHER = "other", _("Other figure")


class Scope(models.TextChoices):
    MEMBERS = "members", _("Members")
    BRANCHES = "branches", _("Branches")
    ORGANIZATION = "organization", _("The organization")
    MASS_ORGANIZATIONS = "mass_organizations", _("Agency and mass organizations")
    LOCALITY = "locality", _("The locality (economy and society)")


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    LE = "<=", "≤"
    EQ = "=", "="
    LT = "<", "<"
    GT = ">", ">"


class Unit(models.TextChoices):
    PERCENT = "%", "%"
    COUNT = "count", _("count")
    LEVEL = "level", _("rating level")
    PER_MILLE = "‰", "‰"
    VND = "VND", _("đồng")
    HECTARES = "ha", "ha"
    PEOPLE = "people", _("people")
    HOUSEHOLDS = "households", _("households")
    KILOMETRES = "km", "km"
    TONS = "tons", _("tons")


class Period(models.TextChoices):
    ANNUAL = "annual", _("each year")
    TERM = "term", _("whole term")


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (hoàn thành xuất sắc nhiệm vụ)")
    GOOD = "good", _("Good (hoàn thành tốt nhiệm vụ)")
    COMPLETED = "completed", _("Completed (hoàn thành nhiệm vụ)")
    NOT_COMPLETED = "not_completed", _("Not completed (không hoàn thành nhiệm vụ)")
    CLEAN_STRONG_EXEMPLARY = "clean_strong_exemplary", _("Clean and strong, exemplary")
    CLEAN_STRONG = "clean_strong", _("Clean and strong")
    STRONG = "strong", _("Strong")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")
    MODEL_NEW_RURAL = "model_new_rural", _("Model new rural (nông thôn mới kiểu mẫu)")
    ADVANCED_NEW_RURAL = "advanced_new_rural", _("Advanced new rural (nông thôn mới nâng cao)")
    NEW_RURAL = "new_rural", _("New rural standard (đạt chuẩn nông thôn mới)")
    NOT_NEW_RURAL = "not_new_rural", _("Below the new rural standard")


class Resolution(models.Model):
    """The targets a congress adopted for its term. One per organization and term.

    The resolution document is built by `daihoi.congresses.resolution`, which reads this and the
    congress's announced elections.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    congress_number = models.PositiveSmallIntegerField(_("congress number"), null=True, blank=True)
    term_start = models.PositiveSmallIntegerField(_("term starts"))
    term_end = models.PositiveSmallIntegerField(_("term ends"))
    facts = models.JSONField(_("congress facts"), default=dict, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("congress resolution")
        verbose_name_plural = _("congress resolutions")
        ordering = ("-term_start",)
        constraints = (
            models.UniqueConstraint(fields=["organization", "term_start"], name="resolution_one_per_term"),
        )

    def __str__(self) -> str:
        return f"{self.organization} {self.term_label}"

    @property
    def term_label(self) -> str:
        return f"{self.term_start} - {self.term_end}"

    @property
    def years(self) -> list[int]:
        from daihoi.core.targets.progress import term_years

        return term_years(self.term_start, self.term_end)

    @property
    def figure_years(self) -> list[int]:
        """The years a locality's figures are kept for: every year of the term through its last one
        ("đến năm 2030" is judged on the 2030 figure), unlike the rating years."""
        return list(range(self.term_start, max(self.term_start, self.term_end) + 1))


class Target(models.Model):
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)
    scope = models.CharField(_("scope"), max_length=24, choices=Scope.choices)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices, default=">=")
    # 20 digits: money is kept in đồng ("5.000 tỷ đồng" is 5e12).
    value_number = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    value_level = models.CharField(_("level"), max_length=32, choices=Level.choices, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices, blank=True)
    base_value = models.DecimalField(
        _("previous figure"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a percentage of an earlier figure: that figure (e.g. members admitted last term)."),
    )
    quote = models.TextField(_("quote from the resolution"), blank=True)
    # A range ("10-12%") is two targets, ">=" and "<=", with one quote; the upper bound points to the
    # lower one, whose figures it shares: the range is met when the figure is inside it.
    range_lower = models.OneToOneField(
        "self",
        verbose_name=_("lower bound of the range"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="range_upper",
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ("resolution", "position", "id")

    def __str__(self) -> str:
        return self.quote or self.get_indicator_display()

    @property
    def value(self) -> Decimal | str | None:
        return self.value_level if self.unit == Unit.LEVEL else self.value_number


class RatingFields(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=32, choices=Level.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    scheme_version = models.CharField(_("rating scheme"), max_length=24)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class MemberRating(RatingFields):
    """A member's yearly quality rating; the branch is the one the member attended that year."""

    member = models.ForeignKey(
        "organizations.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="ratings"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="member_ratings",
    )
    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branch_member_ratings",
    )

    class Meta:
        verbose_name = _("member rating")
        verbose_name_plural = _("member ratings")
        constraints = (models.UniqueConstraint(fields=["member", "year"], name="member_rating_once_a_year"),)

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.level}"


class OrganizationRating(RatingFields):
    """The yearly rating of a branch, of the organization itself, or of its agency / mass organizations."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    unit_name = models.CharField(
        _("mass organization"),
        max_length=128,
        blank=True,
        help_text=_("Empty for the Party organization itself; else the agency or mass organization rated."),
    )

    class Meta:
        verbose_name = _("organization rating")
        verbose_name_plural = _("organization ratings")
        constraints = (
            models.UniqueConstraint(
                fields=["organization", "unit_name", "year"], name="org_rating_once_a_year"
            ),
        )

    def __str__(self) -> str:
        return f"{self.unit_name or self.organization} {self.year}: {self.level}"


class RatingYear(models.Model):
    """Per organization and year: whether the superior allowed the 25% quota by exception."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="rating_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quota_exception = models.BooleanField(_("25% quota allowed by exception"), default=False)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["organization", "year"], name="rating_year_unique"),)

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    DISMISSAL = "dismissal", _("Dismissal from office (cách chức)")
    EXPULSION = "expulsion", _("Expulsion (khai trừ)")


class DisciplineRecord(models.Model):
    member = models.ForeignKey(
        "organizations.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="discipline"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="discipline_records",
    )
    decided_on = models.DateField(_("decided on"))
    form = models.CharField(_("form of discipline"), max_length=16, choices=DisciplineForm.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ("-decided_on", "id")

    def __str__(self) -> str:
        return f"{self.member} {self.decided_on}: {self.form}"


class ActualSource(models.TextChoices):
    TYPED = "typed", _("typed")
    IMPORTED = "imported", _("imported from a workbook")


class TargetActual(models.Model):
    """A yearly figure entered by hand or imported (the commune's statistics workbook) for a target
    daihoi cannot compute (e.g. an economic figure)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("year"))
    value_number = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    value_level = models.CharField(_("level"), max_length=32, choices=Level.choices, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=ActualSource.choices, default="typed")

    class Meta:
        constraints = (models.UniqueConstraint(fields=["target", "year"], name="target_actual_unique"),)

    def __str__(self) -> str:
        return f"{self.target} {self.year}"
