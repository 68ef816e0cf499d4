"""The ballot order on the database itself, the `daihoi members` command, and the demo roll."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from roll_files import good_rows, xlsx

from daihoi.core.names import split_name
from daihoi.organizations.models import Member
from daihoi.organizations.services import MemberInput, member_values

pytestmark = pytest.mark.django_db

# The order the ballot rule gives (spec §5): given name (a ă â b c d đ e ê ..., tones none < huyền < hỏi
# < ngã < sắc < nặng), then family name, then middle name, then the older first.
EXPECTED = [
    ("Trần Văn A", date(1970, 1, 1)),
    ("Lê Thị À", date(1970, 1, 1)),
    ("Nguyễn Văn An", date(1960, 5, 1)),
    ("Nguyễn Văn An", date(1975, 8, 15)),
    ("Đỗ Thị Anh", date(1980, 1, 1)),  # â is a letter of its own after a: every a-word first
    ("Nguyễn Thị Ánh", date(1980, 1, 1)),
    ("Phạm Văn Ân", date(1980, 1, 1)),
    ("Lê Văn Ấn", date(1980, 1, 1)),
    ("Vũ Văn Bắc", date(1980, 1, 1)),
    ("Hoàng Văn Bình", date(1980, 1, 1)),
    ("Lê Văn Chiến", date(1980, 1, 1)),
    ("Trần Văn Chín", date(1980, 1, 1)),
    ("Nguyễn Văn Dũng", date(1980, 1, 1)),
    ("Bùi Văn Đạt", date(1980, 1, 1)),
    ("Đặng Văn Đức", date(1980, 1, 1)),
    ("Dương Thị Hà", date(1980, 1, 1)),
    ("Nguyễn Thị Hà", date(1980, 1, 1)),
    ("Nguyễn Thu Hà", date(1980, 1, 1)),
    ("Lê Thị Hạ", date(1980, 1, 1)),
    ("Trần Văn Ơn", date(1980, 1, 1)),
    ("Phạm Văn Quý", date(1980, 1, 1)),
    ("Lê Thị Út", date(1980, 1, 1)),
    ("Vũ Văn Ưng", date(1980, 1, 1)),
    ("Lý Thị Yến", date(1980, 1, 1)),
]


def test_database_order_by_sort_key_is_the_vietnamese_ballot_order(organization):
    branch = organization.children.first()
    shuffled = list(enumerate(EXPECTED))
    random.Random(7).shuffle(shuffled)
    Member.objects.bulk_create(
        [
            Member(
                organization=organization,
                **member_values(
                    MemberInput(
                        member_code=f"S{i:03d}",
                        full_name=name,
                        birth_date=born,
                        gender="male",
                        status="official",
                        branch=branch,
                    )
                ),
            )
            for i, (name, born) in shuffled
        ]
    )
    rows = list(Member.objects.order_by("sort_key").values_list("full_name", "birth_date"))
    assert rows == EXPECTED
    assert split_name(rows[0][0]).given == "A"


def test_command_import_success_prints_counts(organization, tmp_path, capsys):
    path = tmp_path / "roll.xlsx"
    path.write_bytes(xlsx(good_rows()))
    call_command("members", "import", str(path), "--organization", organization.code)
    out = capsys.readouterr().out
    assert "5" in out
    assert Member.objects.count() == 5


def test_command_import_refused_exits_2_with_errors_on_stderr(organization, tmp_path, capsys):
    rows = good_rows()
    rows[1]["Ngày sinh"] = "32/13/1980"
    path = tmp_path / "roll.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(SystemExit) as e:
        call_command("members", "import", str(path), "--organization", organization.code)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "32/13/1980" in err
    assert "Ngày sinh" in err
    assert not Member.objects.exists()


def test_command_export_and_template(organization, tmp_path):
    call_command(
        "members", "import", _write(tmp_path, xlsx(good_rows())), "--organization", organization.code
    )
    out = tmp_path / "out.xlsx"
    call_command("members", "export", str(out), "--organization", organization.code)
    names = [r[2] for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True)]
    assert names == [m.full_name for m in Member.objects.order_by("sort_key")]
    template = tmp_path / "template.xlsx"
    call_command("members", "template", str(template))
    assert load_workbook(template).sheetnames[0] == "Danh sách đảng viên"


def _write(tmp_path, data: bytes) -> str:
    path = tmp_path / "in.xlsx"
    path.write_bytes(data)
    return str(path)


def test_command_unknown_organization_exits_2(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as e:
        call_command("members", "export", str(tmp_path / "x.xlsx"), "--organization", "nope")
    assert e.value.returncode == 2


def test_demo_roll_loads_the_office_and_is_idempotent(db):
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load
    from daihoi.organizations.services import branch_overview

    first = DemoContext()
    load(first)
    org = first.objects["organization"]
    assert org.code == "vp-ubnd-tinh"
    assert org.superior_body == "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh"
    assert (org.term_start_year, org.term_end_year) == (2020, 2025)
    assert len(first.objects["branches"]) == 5
    _rows, total = branch_overview(org)
    # 50 official members (the voters convened to the congress) and 3 probationary members
    assert (total.total, total.official, total.probationary) == (53, 50, 3)
    assert not Member.objects.filter(attached_elsewhere=True).exists()  # it would lower D below 48
    assert Member.objects.filter(full_name="Tôn Nữ Thu Hà", family_name="Tôn Nữ", given_name="Hà").exists()
    assert total.male > 0
    assert total.female > 0
    assert Member.objects.exclude(ethnicity="Kinh").exists()
    assert {u for u, _p, _r in first.logins} == {
        "tochuc",
        "chutich",
        "kiemphieu",
        "kiemphieu2",
        "quansat",
        "admin",
    }
    state = list(
        Member.objects.order_by("member_code").values_list(
            "member_code", "full_name", "birth_date", "branch__code", "status", "sort_key"
        )
    )
    Member.objects.filter(member_code=state[0][0]).update(full_name="Sửa Tay")
    second = DemoContext()
    load(second)
    assert (
        list(
            Member.objects.order_by("member_code").values_list(
                "member_code", "full_name", "birth_date", "branch__code", "status", "sort_key"
            )
        )
        == state
    )
    assert second.objects["organization"].pk == org.pk
