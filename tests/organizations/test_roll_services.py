"""Services of the roll: organizations and branches (warn, never block), members (normalized, audited)."""

from __future__ import annotations

from datetime import date

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.core.names import NameParts, search_fold
from daihoi.organizations import services
from daihoi.organizations.errors import RollError
from daihoi.organizations.models import Member, Organization, OrganizationKind
from daihoi.organizations.services import MemberInput

pytestmark = pytest.mark.django_db


def member_input(code="01.1", name="Nguyễn Văn An", branch=None, **kw) -> MemberInput:
    values = {
        "member_code": code,
        "full_name": name,
        "birth_date": date(1980, 5, 1),
        "gender": "male",
        "status": "official",
        "branch": branch,
    }
    values.update(kw)
    return MemberInput(**values)


def codes(warnings):
    return [w.code for w in warnings]


def test_create_organization_and_branch_warns_about_sizes_but_creates():
    org, warnings = services.create_organization(
        actor="t", code="db-x", name="Đảng bộ X", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    assert "committee_below_30" in codes(warnings)
    branch, warnings = services.create_organization(
        actor="t", code="db-x-1", name="Chi bộ 1", kind=OrganizationKind.BRANCH, parent=org
    )
    assert branch.parent == org
    assert "branch_below_3_official" in codes(warnings)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("organizations.organization.created") == 2


def test_branch_warning_goes_away_with_three_official_members(organization):
    branch = organization.children.get(code="vp-ubnd-cb1")
    for i in range(3):
        services.create_member(organization, member_input(f"c{i}", "Lê Văn Bình", branch=branch), actor="t")
    messages = [
        w.message for w in services.organization_warnings(organization) if w.code == "branch_below_3_official"
    ]
    assert len(messages) == 1
    assert "Chi bộ 2" in messages[0]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"code": "Bad Code"}, "bad_code"),
        ({"code": "vp-ubnd"}, "duplicate_code"),
        ({"kind": OrganizationKind.BRANCH}, "parent_required"),
        ({"term_start_year": 2025, "term_end_year": 2020}, "term_order"),
    ],
)
def test_create_organization_refusals(organization, kwargs, code):
    values = {"code": "new-org", "name": "Đảng bộ Y", "kind": OrganizationKind.GRASSROOTS_COMMITTEE} | kwargs
    with pytest.raises(RollError) as e:
        services.create_organization(actor="t", **values)
    assert e.value.code == code


def test_branch_under_a_branch_is_refused(organization):
    branch = organization.children.first()
    with pytest.raises(RollError) as e:
        services.create_organization(
            actor="t", code="sub", name="Tổ", kind=OrganizationKind.BRANCH, parent=branch
        )
    assert e.value.code == "parent_cannot_have_branches"


def test_update_organization_records_changes_and_refuses_dropping_branches(organization):
    services.update_organization(organization, actor="t", term_start_year=2020, term_end_year=2025)
    organization.refresh_from_db()
    assert organization.term_label == "2020–2025"
    entry = AuditEntry.objects.get(action="organizations.organization.updated")
    assert entry.data["changes"]["term_end_year"] == [None, 2025]
    with pytest.raises(RollError) as e:
        services.update_organization(organization, actor="t", kind=OrganizationKind.GRASSROOTS_BRANCH)
    assert e.value.code == "has_branches"


def test_deactivating_a_branch_with_members_is_refused(organization):
    branch = organization.children.first()
    member, _ = services.create_member(organization, member_input(branch=branch), actor="t")
    with pytest.raises(RollError) as e:
        services.deactivate_organization(branch, actor="t")
    assert e.value.code == "has_active_members"
    services.deactivate_member(member, actor="t", reason="chuyển sinh hoạt")
    services.deactivate_organization(branch, actor="t")
    branch.refresh_from_db()
    assert not branch.is_active


def test_create_member_normalizes_splits_and_keys(organization):
    branch = organization.children.first()
    member, _ = services.create_member(
        organization, member_input(name="  nguyễn   văn  ân ", branch=branch), actor="alice"
    )
    assert member.full_name == "Nguyễn Văn Ân"
    assert (member.family_name, member.middle_name, member.given_name) == ("Nguyễn", "Văn", "Ân")
    assert member.search_text == "nguyen van an"
    assert (
        bytes(member.sort_key)
        == services.member_values(member_input(name="Nguyễn Văn Ân", branch=branch))["sort_key"]
    )
    entry = AuditEntry.objects.get(action="organizations.member.created")
    assert entry.object_id == str(member.pk)
    assert entry.organization_code == organization.code


def test_name_split_override_is_kept_and_must_match_the_full_name(organization):
    branch = organization.children.first()
    member, _ = services.create_member(
        organization,
        member_input(name="Tôn Nữ Thu Hà", branch=branch, name_parts=NameParts("Tôn Nữ", "Thu", "Hà")),
        actor="t",
    )
    assert (member.family_name, member.middle_name, member.given_name) == ("Tôn Nữ", "Thu", "Hà")
    assert member.name_split_override
    with pytest.raises(RollError) as e:
        services.create_member(
            organization,
            member_input(
                code="2", name="Tôn Nữ Thu Hà", branch=branch, name_parts=NameParts("Tôn", "Nữ", "Hương")
            ),
            actor="t",
        )
    assert e.value.code == "name_parts_mismatch"


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"birth_date": date(2999, 1, 1)}, "birth_in_future"),
        ({"admitted_on": date(2005, 1, 1), "official_on": date(2004, 1, 1)}, "official_before_admitted"),
        (
            {"status": "probationary", "admitted_on": date(2020, 1, 1), "official_on": date(2021, 1, 1)},
            "probationary_has_official_date",
        ),
        ({"full_name": "Nguyễn V4n An"}, "name_has_digits"),
        ({"member_code": " "}, "member_code_required"),
    ],
)
def test_member_refusals_carry_a_code(organization, kw, code):
    branch = organization.children.first()
    with pytest.raises(RollError) as e:
        services.create_member(organization, member_input(branch=branch, **kw), actor="t")
    assert e.value.code == code
    assert not Member.objects.exists()


def test_branch_is_required_and_must_belong_to_the_organization(organization):
    with pytest.raises(RollError) as e:
        services.create_member(organization, member_input(), actor="t")
    assert e.value.code == "branch_required"
    other = Organization.objects.create(code="other", name="Khác", kind=OrganizationKind.GRASSROOTS_COMMITTEE)
    foreign = Organization.objects.create(
        code="other-1", name="Chi bộ khác", kind=OrganizationKind.BRANCH, parent=other
    )
    with pytest.raises(RollError) as e:
        services.create_member(organization, member_input(branch=foreign), actor="t")
    assert e.value.code == "branch_not_in_organization"


def test_duplicate_member_code_is_refused(organization):
    branch = organization.children.first()
    services.create_member(organization, member_input(branch=branch), actor="t")
    with pytest.raises(RollError) as e:
        services.create_member(organization, member_input(name="Lê Thị Hoa", branch=branch), actor="t")
    assert e.value.code == "duplicate_member_code"


def test_update_member_recomputes_sort_key_and_logs_changed_fields_only(organization):
    branch = organization.children.first()
    member, _ = services.create_member(organization, member_input(branch=branch), actor="t")
    old_key = bytes(member.sort_key)
    member, _ = services.update_member(member, member_input(name="Nguyễn Văn Ba", branch=branch), actor="t")
    member.refresh_from_db()
    assert member.given_name == "Ba"
    assert bytes(member.sort_key) > old_key
    changes = AuditEntry.objects.get(action="organizations.member.updated").data["changes"]
    assert set(changes) == {"full_name", "given_name", "search_text"}
    services.update_member(member, services.member_input_from(member), actor="t")
    assert AuditEntry.objects.filter(action="organizations.member.updated").count() == 1


def test_deactivate_and_reactivate_member(organization):
    branch = organization.children.first()
    member, _ = services.create_member(organization, member_input(branch=branch), actor="t")
    services.deactivate_member(member, actor="t", reason="chuyển đi")
    assert not services.search_members(organization).exists()
    assert services.search_members(organization, include_inactive=True).count() == 1
    services.reactivate_member(member, actor="t")
    assert services.search_members(organization).count() == 1
    assert AuditEntry.objects.get(action="organizations.member.deactivated").data["reason"] == "chuyển đi"


def test_search_is_accent_insensitive_and_matches_card_numbers(organization):
    branch = organization.children.first()
    for code, name in [("A1", "Nguyễn Văn An"), ("A2", "Nguyễn Văn Ân"), ("B7", "Trần Thị Đào")]:
        services.create_member(organization, member_input(code, name, branch=branch), actor="t")
    found = [m.full_name for m in services.search_members(organization, query="nguyen van an")]
    assert sorted(found) == sorted(["Nguyễn Văn An", "Nguyễn Văn Ân"])
    assert [m.full_name for m in services.search_members(organization, query="DAO")] == ["Trần Thị Đào"]
    assert [m.member_code for m in services.search_members(organization, query="b7")] == ["B7"]
    assert search_fold("Đào") == "dao"


def test_branch_overview_counts_by_status_and_gender(organization):
    b1, b2 = organization.children.order_by("code")
    services.create_member(organization, member_input("1", branch=b1), actor="t")
    services.create_member(
        organization, member_input("2", "Lê Thị Hoa", branch=b1, gender="female"), actor="t"
    )
    services.create_member(
        organization,
        member_input("3", branch=b2, status="probationary", admitted_on=date(2025, 1, 1)),
        actor="t",
    )
    rows, total = services.branch_overview(organization)
    by_code = {r.branch.code: r for r in rows}
    assert (by_code[b1.code].official, by_code[b1.code].male, by_code[b1.code].female) == (2, 1, 1)
    assert (by_code[b2.code].probationary, by_code[b2.code].total) == (1, 1)
    assert (total.official, total.probationary, total.male, total.female, total.total) == (2, 1, 2, 1, 3)


def test_a_member_saved_directly_gets_its_parts_and_keys(organization):
    """Other code may write members with the ORM: save() still splits the name and computes the keys."""
    branch = organization.children.first()
    member = Member.objects.create(
        organization=organization,
        branch=branch,
        member_code="X1",
        full_name="Lê Thị Ánh",
        birth_date=date(1980, 5, 1),
        gender="female",
        status="official",
    )
    expected = services.member_values(member_input("X1", "Lê Thị Ánh", branch=branch))
    assert (member.family_name, member.middle_name, member.given_name) == ("Lê", "Thị", "Ánh")
    assert bytes(member.sort_key) == expected["sort_key"]
    assert member.search_text == "le thi anh"
    Member.objects.filter(pk=member.pk).update(sort_key=b"")
    member.refresh_from_db()
    member.save(update_fields=["is_active"])
    member.refresh_from_db()
    assert bytes(member.sort_key) == expected["sort_key"]
