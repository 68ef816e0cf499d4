"""The roll: Party organizations (with their branches) and their members."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.core.names import NameParts, ballot_sort_key, search_fold, split_name


class OrganizationKind(models.TextChoices):
    # Committees above the grassroots (a province's, a district's or a bloc's): they convene no members'
    # congress of their own roll; they plan the season, approve results and hold a delegates' congress.
    PROVINCE_COMMITTEE = "province_committee", _("Provincial Party committee")
    UPPER_COMMITTEE = "upper_committee", _("Party committee directly above the grassroots")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
    GRASSROOTS_BRANCH = "grassroots_branch", _("Grassroots Party branch")
    PARTIAL_COMMITTEE = "partial_committee", _("Partial Party committee")
    BRANCH = "branch", _("Party branch")


class Organization(models.Model):
    """A Party organization; branches and partial committees point to their parent."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    superior_body = models.CharField(
        _("superior body"),
        max_length=255,
        blank=True,
        help_text=_("The directly superior Party committee, as it is written in documents."),
    )
    locality = models.CharField(
        _("locality"),
        max_length=128,
        blank=True,
        help_text=_("The place name of the date line of documents, e.g. “Quảng Ngãi”."),
    )
    term_start_year = models.PositiveSmallIntegerField(_("term starts"), null=True, blank=True)
    term_end_year = models.PositiveSmallIntegerField(_("term ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["code"]  # noqa: RUF012 - Django Meta

    def __str__(self) -> str:
        return self.name

    @property
    def place(self) -> str:
        """The former name of `locality`."""
        return self.locality

    @place.setter
    def place(self, value: str) -> None:
        self.locality = value

    @property
    def is_chi_bo(self) -> bool:
        """A chi bộ (grassroots or not): its documents are issued by the chi bộ itself (code CB)."""
        return self.kind in (OrganizationKind.BRANCH, OrganizationKind.GRASSROOTS_BRANCH)

    @property
    def has_branches(self) -> bool:
        return self.kind in (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.PARTIAL_COMMITTEE)

    @property
    def is_superior_committee(self) -> bool:
        """A committee above the grassroots: the superior of the organizations below it."""
        return self.kind in (OrganizationKind.PROVINCE_COMMITTEE, OrganizationKind.UPPER_COMMITTEE)

    @property
    def superior(self) -> Organization | None:
        """The directly superior committee when it is an organization in daihoi (a grassroots
        organization's parent committee); None when the superior is only a line of text."""
        if self.kind in (OrganizationKind.BRANCH, OrganizationKind.PARTIAL_COMMITTEE):
            return self.roll_owner.superior if self.roll_owner != self else None
        parent = self.parent
        return parent if parent is not None and parent.is_superior_committee else None

    @property
    def superior_name(self) -> str:
        """The superior committee as documents write it: the typed text, else the superior's name."""
        if self.superior_body:
            return self.superior_body
        superior = self.superior
        return superior.name if superior is not None else ""

    @property
    def is_branch(self) -> bool:
        return self.kind == OrganizationKind.BRANCH

    @property
    def roll_owner(self) -> Organization:
        """The organization whose roll this one's members are on (a branch's grassroots parent)."""
        node = self
        while node.parent is not None and node.kind in (
            OrganizationKind.BRANCH,
            OrganizationKind.PARTIAL_COMMITTEE,
        ):
            node = node.parent
        return node

    @property
    def term_label(self) -> str:
        if self.term_start_year and self.term_end_year:
            return f"{self.term_start_year}–{self.term_end_year}"
        return ""


class MemberStatus(models.TextChoices):
    OFFICIAL = "official", _("Official member")
    PROBATIONARY = "probationary", _("Probationary member")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    """Highest professional qualification (trình độ chuyên môn), as the credentials report groups it."""

    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master's degree")
    UNIVERSITY = "university", _("University degree")
    COLLEGE = "college", _("College")
    VOCATIONAL = "vocational", _("Vocational (intermediate)")
    NONE = "none", _("No professional training")


class PoliticalTheory(models.TextChoices):
    """Political-theory level (trình độ lý luận chính trị)."""

    BACHELOR = "bachelor", _("Bachelor of political theory")
    ADVANCED = "advanced", _("Advanced political theory")
    INTERMEDIATE = "intermediate", _("Intermediate political theory")
    ELEMENTARY = "elementary", _("Elementary political theory")
    NONE = "none", _("No political-theory training")


class Member(models.Model):
    """A Party member on the roll of `organization` (the grassroots one), attending `branch`."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="members"
    )
    branch = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branch_members",
    )
    member_code = models.CharField(_("Party card number"), max_length=32)
    full_name = models.CharField(_("full name"), max_length=128)
    family_name = models.CharField(_("family name"), max_length=64, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=64, blank=True)
    given_name = models.CharField(_("given name"), max_length=64)
    name_split_override = models.BooleanField(
        _("name parts set by hand"),
        default=False,
        help_text=_("For compound family names or two-word given names."),
    )
    sort_key = models.BinaryField(editable=False, default=b"")
    search_text = models.CharField(max_length=256, editable=False, blank=True, db_index=True)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=64, blank=True, default="Kinh")
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    home_town = models.CharField(_("home town"), max_length=128, blank=True)
    education = models.CharField(
        _("professional qualification"), max_length=16, choices=Education.choices, blank=True
    )
    political_theory = models.CharField(
        _("political-theory level"), max_length=16, choices=PoliticalTheory.choices, blank=True
    )
    admitted_on = models.DateField(_("date admitted"), null=True, blank=True)
    official_on = models.DateField(_("date made official"), null=True, blank=True)
    attached_elsewhere = models.BooleanField(_("attached temporarily elsewhere"), default=False)
    exempted = models.BooleanField(_("exempted from Party work and activity"), default=False)
    suspended = models.BooleanField(_("suspended, prosecuted, indicted or detained"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["sort_key", "id"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["organization", "member_code"], name="member_code_unique_in_org"),
        ]
        indexes = [  # noqa: RUF012
            models.Index(fields=["organization", "sort_key"], name="member_org_sort")
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save recomputes the keys, so code that writes members directly still sorts right.
        self.refresh_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "sort_key", "search_text"}
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        """Name parts (split when missing), the ballot sort key and the search text, from the name."""
        if not self.given_name:
            parts = split_name(self.full_name)
            self.family_name, self.middle_name, self.given_name = parts.family, parts.middle, parts.given
        parts = NameParts(self.family_name, self.middle_name, self.given_name)
        self.sort_key = ballot_sort_key(parts, self.birth_date)
        self.search_text = search_fold(self.full_name)[:256]
