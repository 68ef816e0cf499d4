"""Forms of the roll pages. They only collect input: the services decide and refuse (RollError)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.core.names import NameParts, split_name
from daihoi.organizations.errors import RollError
from daihoi.organizations.models import (
    Education,
    Gender,
    MemberStatus,
    Organization,
    OrganizationKind,
    PoliticalTheory,
)
from daihoi.organizations.services import MemberInput, branches_of

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


def _date_field(label: str | Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )


class ServiceErrorMixin:
    def add_service_error(self, error: RollError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class MemberForm(ServiceErrorMixin, forms.Form):
    member_code = forms.CharField(label=_("Party card number"), max_length=32)
    full_name = forms.CharField(label=_("Full name"), max_length=128)
    split_override = forms.BooleanField(
        label=_("Set the name parts by hand"),
        required=False,
        help_text=_("Only for compound family names or two-word given names."),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=64, required=False)
    middle_name = forms.CharField(label=_("Middle name"), max_length=64, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=64, required=False)
    birth_date = _date_field(_("Date of birth"), required=True)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=64, required=False, initial="Kinh")
    home_town = forms.CharField(label=_("Home town"), max_length=128, required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Organization.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MemberStatus.choices)
    admitted_on = _date_field(_("Date admitted"))
    official_on = _date_field(_("Date made official"))
    education = forms.ChoiceField(
        label=_("Professional qualification"), choices=[("", "—"), *Education.choices], required=False
    )
    political_theory = forms.ChoiceField(
        label=_("Political-theory level"), choices=[("", "—"), *PoliticalTheory.choices], required=False
    )
    attached_elsewhere = forms.BooleanField(label=_("Attached temporarily elsewhere"), required=False)
    exempted = forms.BooleanField(label=_("Exempted from Party work and activity"), required=False)
    suspended = forms.BooleanField(label=_("Suspended, prosecuted, indicted or detained"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        field = self.fields["branch"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = branches_of(organization)
        field.required = organization.has_branches
        if not organization.has_branches:
            del self.fields["branch"]

    @staticmethod
    def initial_from(inp: MemberInput) -> dict[str, Any]:
        parts = inp.name_parts or split_name(inp.full_name)
        return {
            "member_code": inp.member_code,
            "full_name": inp.full_name,
            "split_override": inp.name_parts is not None,
            "family_name": parts.family,
            "middle_name": parts.middle,
            "given_name": parts.given,
            "birth_date": inp.birth_date,
            "gender": inp.gender,
            "ethnicity": inp.ethnicity,
            "home_town": inp.home_town or "",
            "branch": inp.branch,
            "status": inp.status,
            "admitted_on": inp.admitted_on,
            "official_on": inp.official_on,
            "education": inp.education or "",
            "political_theory": inp.political_theory or "",
            "attached_elsewhere": inp.attached_elsewhere,
            "exempted": inp.exempted,
            "suspended": inp.suspended,
            "note": inp.note,
        }

    def to_input(self) -> MemberInput:
        d = self.cleaned_data
        parts = None
        if d.get("split_override"):
            parts = NameParts(d["family_name"], d["middle_name"], d["given_name"])
        return MemberInput(
            member_code=d["member_code"],
            full_name=d["full_name"],
            birth_date=d["birth_date"],
            gender=d["gender"],
            status=d["status"],
            branch=d.get("branch"),
            ethnicity=d.get("ethnicity") or "Kinh",
            home_town=d.get("home_town") or "",
            admitted_on=d.get("admitted_on"),
            official_on=d.get("official_on"),
            education=d.get("education") or "",
            political_theory=d.get("political_theory") or "",
            attached_elsewhere=d["attached_elsewhere"],
            exempted=d["exempted"],
            suspended=d["suspended"],
            note=d.get("note", ""),
            name_parts=parts,
        )


TOP_KINDS = [
    (OrganizationKind.PROVINCE_COMMITTEE, OrganizationKind.PROVINCE_COMMITTEE.label),
    (OrganizationKind.UPPER_COMMITTEE, OrganizationKind.UPPER_COMMITTEE.label),
    (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_COMMITTEE.label),
    (OrganizationKind.GRASSROOTS_BRANCH, OrganizationKind.GRASSROOTS_BRANCH.label),
]
CHILD_KINDS = [
    (OrganizationKind.BRANCH, OrganizationKind.BRANCH.label),
    (OrganizationKind.PARTIAL_COMMITTEE, OrganizationKind.PARTIAL_COMMITTEE.label),
]


class OrganizationForm(ServiceErrorMixin, forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("Short, lowercase, without accents; it appears in addresses (e.g. vp-ubnd-tinh)."),
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=TOP_KINDS)
    parent = forms.ModelChoiceField(
        label=_("Superior committee"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The committee above this organization, when it is in daihoi."),
    )
    superior_body = forms.CharField(label=_("Superior body"), max_length=255, required=False)
    locality = forms.CharField(
        label=_("Locality"),
        max_length=128,
        required=False,
        help_text=_("The place name of the date line of documents, e.g. “Quảng Ngãi”."),
    )
    term_start_year = forms.IntegerField(
        label=_("Term starts"), min_value=1930, max_value=2100, required=False
    )
    term_end_year = forms.IntegerField(label=_("Term ends"), min_value=1930, max_value=2100, required=False)

    def __init__(
        self,
        *args: Any,
        parent: Organization | None = None,
        editing: Organization | None = None,
        parents: Any = None,
        parent_required: bool = False,
        **kwargs: Any,
    ) -> None:
        """`parents`: the superior committees that may be chosen as the parent (None: no choice)."""
        super().__init__(*args, **kwargs)
        is_child = parent is not None or (
            editing is not None
            and editing.kind in (OrganizationKind.BRANCH, OrganizationKind.PARTIAL_COMMITTEE)
        )
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        if is_child or parents is None:
            del self.fields["parent"]
        else:
            parent_field.queryset = parents
            parent_field.required = parent_required
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = CHILD_KINDS if is_child else TOP_KINDS
        if is_child:
            for name in ("superior_body", "term_start_year", "term_end_year"):
                del self.fields[name]
        if editing is not None:
            del self.fields["code"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Roll file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ProvinceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Province workbook (.xlsx, or .csv of the organizations)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
