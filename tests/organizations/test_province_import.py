"""Importing a province: the tree of any depth, every roll and the users at once; all or nothing."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook
from province_files import member_rows, tree_rows, user_rows, workbook

from daihoi.accounts.models import RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.core.organizations.tree import depth_order, find_cycles, may_sit_under
from daihoi.organizations.errors import RollImportRefused
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.province_import import check_province, import_province, province_template

pytestmark = pytest.mark.django_db


def refused(data: bytes, name: str = "tinh.xlsx", **kwargs) -> RollImportRefused:
    with pytest.raises(RollImportRefused) as e:
        import_province(data, name, actor="t", **kwargs)
    return e.value


# ------------------------------------------------------------------------------ the rule, pure


def test_kinds_fit_their_parents():
    assert may_sit_under("upper_committee", "province_committee")
    assert may_sit_under("grassroots_committee", "upper_committee")
    assert may_sit_under("branch", "partial_committee")
    assert not may_sit_under("branch", "upper_committee")
    assert not may_sit_under("grassroots_committee", "branch")
    assert not may_sit_under("province_committee", "upper_committee")
    assert not may_sit_under("branch", None)


def test_cycles_and_order():
    assert find_cycles({"a": "b", "b": "c", "c": "a", "d": None, "e": "d"}) == [["a", "b", "c"]]
    assert find_cycles({"a": None, "b": "a"}) == []
    assert depth_order({"c": "b", "b": "a", "a": None, "d": "a"}) == ["a", "b", "d", "c"]


# ------------------------------------------------------------------------------ importing


def test_a_province_is_imported_with_its_rolls_users_and_one_audit_entry():
    result = import_province(workbook(tree_rows(), member_rows(), user_rows()), "tinh.xlsx", actor="t")
    plan = result.plan
    assert (plan.organizations_created, plan.organizations_updated) == (8, 0)
    tinh = Organization.objects.get(code="tinh")
    assert tinh.kind == "province_committee"
    assert tinh.parent is None
    assert (tinh.term_start_year, tinh.term_end_year) == (2025, 2030)
    so_tc = Organization.objects.get(code="so-tc")
    assert so_tc.parent.code == "khoi-cq"
    assert so_tc.superior.code == "khoi-cq"
    assert Organization.objects.get(code="so-tc-cb1").parent == so_tc
    assert Organization.objects.get(code="cty-dien").kind == "grassroots_branch"
    # members go to the roll owner, with the branch set from a branch's code or the Chi bộ column
    assert result.members_created == 6
    an = Member.objects.get(member_code="10.000001", organization=so_tc)
    assert an.branch.code == "so-tc-cb1"
    assert Member.objects.get(member_code="10.000002").branch.code == "so-tc-cb2"
    assert Member.objects.filter(organization__code="so-tp").count() == 2
    # the same card number in two organizations' rolls is two members
    assert Member.objects.get(member_code="10.000001", organization__code="cty-dien").branch is None
    # users: a password each, returned once; roles in their organizations
    assert sorted(p[0] for p in result.passwords) == ["khoi.tochuc", "sotc.tochuc"]
    user = get_user_model().objects.get(username="sotc.tochuc")
    password = next(p[3] for p in result.passwords if p[0] == "sotc.tochuc")
    assert user.check_password(password)
    assert len(password) >= 12
    assert set(RoleAssignment.objects.filter(user=user).values_list("organization__code", "role")) == {
        ("so-tc", "organizer"),
        ("so-tc", "observer"),
    }
    entries = AuditEntry.objects.filter(action="organizations.province.imported")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.organization_code == "tinh"
    assert entry.data["organizations_created"] == 8
    assert entry.data["members_created"] == 6
    assert entry.data["users_created"] == 2
    assert entry.data["roles_granted"] == 3
    assert "password" not in str(entry.data).lower()


def test_reimport_updates_existing_codes_and_never_deletes():
    import_province(workbook(tree_rows(), member_rows()), "tinh.xlsx", actor="t")
    rows = [r for r in tree_rows() if r[0] != "cty-dien"]
    rows[6] = ["so-tp", "Chi bộ Sở Tư pháp tỉnh", "Chi bộ cơ sở", "khoi-dn", "Quảng Ngãi", ""]
    result = import_province(workbook(rows, member_rows()[:1]), "tinh.xlsx", actor="t")
    assert result.plan.organizations_created == 0
    assert result.plan.changed == {"so-tp": ["name", "parent"]}
    so_tp = Organization.objects.get(code="so-tp")
    assert so_tp.name == "Chi bộ Sở Tư pháp tỉnh"
    assert so_tp.parent.code == "khoi-dn"
    assert Organization.objects.filter(code="cty-dien").exists()
    assert result.members_unchanged == 1
    assert Member.objects.count() == 6


def test_parents_may_be_organizations_already_in_daihoi():
    import_province(workbook(tree_rows()[:3]), "tinh.xlsx", actor="t")
    import_province(
        workbook([["so-xd", "Chi bộ Sở Xây dựng", "Chi bộ cơ sở", "khoi-cq", "", ""]]),
        "x.csv.xlsx",
        actor="t",
    )
    assert Organization.objects.get(code="so-xd").parent.code == "khoi-cq"


def test_csv_holds_the_organizations_sheet():
    text = "Mã;Tên;Loại;Mã cấp trên\ntinh;Đảng bộ tỉnh;Đảng bộ tỉnh;\nk1;Đảng bộ Khối;Đảng bộ khối;tinh\n"
    import_province(text.encode("utf-8"), "tinh.csv", actor="t")
    assert Organization.objects.get(code="k1").parent.code == "tinh"


def test_errors_name_sheet_row_column_and_value_and_nothing_is_stored():
    rows = tree_rows()
    rows[3] = ["so-tc-cb1", "Chi bộ Phòng Ngân sách", "Chi bộ", "khoi-cq", "", ""]  # branch under a bloc
    rows.append(["x-1", "Tổ chức lạ", "Hội đồng", "tinh", "", ""])  # unknown kind
    rows.append(["x-2", "Con mồ côi", "Đảng bộ cơ sở", "khong-co", "", ""])  # unknown parent
    with translation.override("vi"):
        error = refused(workbook(rows, member_rows(), user_rows()))
    by_code = {i.code: i for i in error.issues}
    assert set(by_code) == {"unknown_kind", "unknown_parent"}  # kinds are checked once parents are known
    assert (by_code["unknown_kind"].row, by_code["unknown_kind"].column, by_code["unknown_kind"].value) == (
        10,
        "Loại",
        "Hội đồng",
    )
    assert by_code["unknown_parent"].message.startswith(
        "Trang «Tổ chức», dòng 11, cột «Mã cấp trên»: «khong-co»"
    )
    rows = rows[:-2]
    with translation.override("vi"):
        error = refused(workbook(rows))
    [issue] = error.issues
    assert (issue.code, issue.row, issue.column, issue.value) == (
        "kind_under_parent",
        5,
        "Mã cấp trên",
        "khoi-cq",
    )
    assert "Chi bộ" in issue.message
    assert "khoi-cq" in issue.message
    assert not Organization.objects.exists()
    assert not Member.objects.exists()
    assert not AuditEntry.objects.filter(action="organizations.province.imported").exists()


def test_a_grassroots_organization_under_a_branch_and_a_cycle_are_refused():
    rows = [
        ["tinh", "Đảng bộ tỉnh", "Đảng bộ tỉnh", "", "", ""],
        ["a", "Đảng bộ A", "Đảng bộ cơ sở", "tinh", "", ""],
        ["a-cb", "Chi bộ 1", "Chi bộ", "a", "", ""],
        ["b", "Đảng bộ B", "Đảng bộ cơ sở", "a-cb", "", ""],
    ]
    assert refused(workbook(rows)).codes == ["kind_under_parent"]
    rows = [
        ["k1", "Đảng bộ Khối 1", "Đảng bộ khối", "k3", "", ""],
        ["k2", "Đảng bộ Khối 2", "Đảng bộ khối", "k1", "", ""],
        ["k3", "Đảng bộ Khối 3", "Đảng bộ khối", "k2", "", ""],
    ]
    error = refused(workbook(rows))
    assert error.codes == ["parent_cycle"]
    assert "k1 → k3 → k2 → k1" in error.issues[0].message  # each one, then its parent


def test_a_roll_row_wrong_anywhere_refuses_the_whole_workbook():
    members = member_rows()
    members[1][0] = "khoi-cq"  # a bloc committee keeps no roll
    members[3][3] = "31/02/1985"
    members.append(["so-tp", "20.000001", "Hồ Văn Lặp", "01/01/1990", "Nam", "", "Chính thức", "", ""])
    with translation.override("vi"):
        error = refused(workbook(tree_rows(), members, user_rows()))
    assert error.codes == ["not_a_roll", "bad_date", "duplicate_in_file"]
    assert error.issues[1].message.startswith("Trang «Đảng viên»: Dòng 5, cột «Ngày sinh»")
    assert not Organization.objects.exists()
    assert not get_user_model().objects.exists()


def test_users_sheet_errors():
    users = [
        ["khoi.tochuc", "Đinh Văn Giang", "khoi-cq", "Chủ tịch"],
        ["co dau cach", "X", "khoi-cq", "Đại biểu"],
        ["khoi.tochuc", "Y", "nowhere", "Đại biểu"],
    ]
    error = refused(workbook(tree_rows(), None, users))
    assert error.codes == ["unknown_role", "bad_username", "duplicate_in_file", "unknown_organization"]


def test_existing_user_keeps_their_password_and_gets_the_roles():
    user = get_user_model().objects.create_user(username="khoi.tochuc", password="old-pass-123")
    result = import_province(workbook(tree_rows(), None, user_rows()[:1]), "t.xlsx", actor="t")
    assert result.passwords == []
    user.refresh_from_db()
    assert user.check_password("old-pass-123")
    assert RoleAssignment.objects.filter(user=user, organization__code="khoi-cq", role="organizer").exists()


def test_organizer_imports_only_below_their_committee():
    import_province(workbook(tree_rows()[:3]), "t.xlsx", actor="t")
    khoi = Organization.objects.get(code="khoi-cq")
    ok = [["so-xd", "Chi bộ Sở Xây dựng", "Chi bộ cơ sở", "khoi-cq", "", ""]]
    check_province(workbook(ok), "t.xlsx", within={khoi.pk})
    outside = [*ok, ["dn-x", "Chi bộ DN", "Chi bộ cơ sở", "khoi-dn", "", ""], tree_rows()[1]]
    error = refused(workbook(outside), within={khoi.pk})
    assert [(i.code, i.value) for i in error.issues] == [
        ("outside_your_tree", "dn-x"),
        ("outside_your_tree", "khoi-cq"),
    ]


def test_template_has_the_three_sheets_and_imports():
    data = province_template()
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Tổ chức", "Đảng viên", "Người dùng"]
    result = import_province(data, "mau.xlsx", actor="t")
    assert result.plan.organizations_created == 3


def test_command_imports_and_writes_the_passwords(tmp_path):
    path = tmp_path / "tinh.xlsx"
    path.write_bytes(workbook(tree_rows(), member_rows(), user_rows()))
    out_path = tmp_path / "mat-khau.xlsx"
    out = io.StringIO()
    call_command("province", "import", str(path), "--passwords", str(out_path), stdout=out)
    assert Organization.objects.count() == 8
    assert Member.objects.count() == 6
    sheet = load_workbook(out_path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Tên đăng nhập", "Họ tên", "Mã tổ chức", "Mật khẩu")
    user = get_user_model().objects.get(username=rows[1][0])
    assert user.check_password(rows[1][3])


def test_command_refusal_lists_the_errors(tmp_path):
    path = tmp_path / "tinh.xlsx"
    rows = [*tree_rows(), ["x", "X", "Hội đồng", "tinh", "", ""]]
    path.write_bytes(workbook(rows))
    err = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("province", "import", str(path), stderr=err)
    assert e.value.code == 2
    assert "Hội đồng" in err.getvalue()
    assert not Organization.objects.exists()


def test_a_committees_organizer_writes_no_roll_nor_user_outside_their_tree(django_user_model):
    import_province(workbook(tree_rows()), "t.xlsx", actor="t")
    khoi = Organization.objects.get(code="khoi-cq")
    members = [["cty-dien", "30.000001", "Võ Văn Phong", "05/05/1970", "Nam", "", "Chính thức", "", ""]]
    so_tc = [tree_rows()[5]]  # the sheet of organizations is never empty: a row of the tree, unchanged
    error = refused(workbook(so_tc, members), within={khoi.pk})
    assert [(i.code, i.value) for i in error.issues] == [("outside_your_tree", "cty-dien")]
    users = [
        ["a.b", "A B", "khoi-dn", "Cán bộ tổ chức"],  # a peer committee
        ["c.d", "C D", "khoi-cq", "Cán bộ tổ chức"],  # the committee itself: not below it
        ["admin", "Quản trị", "so-tc", "Quan sát viên"],  # a superuser's login
        ["e.f", "E F", "so-tc", "Cán bộ tổ chức"],  # fine
    ]
    django_user_model.objects.create_superuser(username="admin", password="pw-admin-1")
    error = refused(workbook(so_tc, None, users), within={khoi.pk})
    assert [(i.code, i.value) for i in error.issues] == [
        ("outside_your_tree", "khoi-dn"),
        ("outside_your_tree", "khoi-cq"),
        ("username_taken", "admin"),
    ]
    result = import_province(workbook(so_tc, None, users[3:]), "t.xlsx", actor="t", within={khoi.pk})
    assert [p[0] for p in result.passwords] == ["e.f"]
