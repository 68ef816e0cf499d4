"""`daihoi demo` loads once; a second run refuses and says what it would replace, unless --replace."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from daihoi.audit.models import AuditEntry
from daihoi.audit.verify import verify_chain
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Organization

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_second_run_refuses_then_replace_says_what_it_replaced():
    out, _err = run_demo()
    assert "Đã nạp dữ liệu mẫu" in out
    assert verify_chain().ok  # `daihoi audit verify` passes on the demo
    assert "Đã thay thế" not in out
    assert "tochuc       tochuc2020" in out
    congress = Congress.objects.get(number=10)
    ready = Congress.objects.get(number=11)
    entries = AuditEntry.objects.count()

    err = io.StringIO()
    with pytest.raises(SystemExit) as refused:
        call_command("demo", stdout=io.StringIO(), stderr=err)
    assert refused.value.code == 2
    message = err.getvalue()
    assert "Cơ sở dữ liệu này đã có dữ liệu mẫu. Nạp lại sẽ thay thế:" in message
    assert (
        "Đảng bộ Văn phòng UBND tỉnh (mã vp-ubnd-tinh): danh sách đảng viên, 53 đảng viên ở 5 chi bộ"
        in message
    )
    assert f"{congress.title}: danh sách triệu tập" in message
    assert f"{ready.title}: danh sách triệu tập" in message
    assert "Chưa thay đổi gì" in message
    assert "daihoi demo --replace" in message
    # Nothing was touched: the same congresses, not one audit entry more.
    assert Congress.objects.get(number=10).pk == congress.pk
    assert Congress.objects.get(number=11).pk == ready.pk
    assert AuditEntry.objects.count() == entries

    out, _err = run_demo("--replace")
    assert "Đã thay thế dữ liệu mẫu có sẵn trong cơ sở dữ liệu:" in out
    assert (
        f"{congress.title}: danh sách triệu tập, điểm danh, các lần biểu quyết, tài liệu và 2 cuộc bầu cử"
        in out
    )
    assert "7 chỉ tiêu nhiệm kỳ 2020 - 2025" in out
    assert "Đã nạp dữ liệu mẫu" in out
    assert (
        f"{ready.title}: danh sách triệu tập, điểm danh, các lần biểu quyết, tài liệu và 1 cuộc bầu cử" in out
    )
    # One 10th and one 11th congress of the seed's organization, fresh copies (the province slice's
    # congresses are in tests/test_demo_province.py).
    seed = Congress.objects.filter(organization__code="vp-ubnd-tinh")
    assert sorted(seed.values_list("number", flat=True)) == [10, 11]
    assert Congress.objects.get(number=10).pk != congress.pk
    assert Congress.objects.get(number=11).pk != ready.pk


def test_refuses_on_a_database_whose_accounts_it_would_reset():
    """A real database with an `admin` account: the demo would reset its password, so it asks first."""
    admin = get_user_model().objects.create_user(username="admin", password="the-real-one")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("demo", stdout=io.StringIO(), stderr=err)
    assert "các tài khoản đăng nhập admin (mật khẩu được đặt lại)" in err.getvalue()
    admin.refresh_from_db()
    assert admin.check_password("the-real-one")
    assert not Organization.objects.exists()
