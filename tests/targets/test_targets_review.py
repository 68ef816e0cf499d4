"""The review page is the safety net: every quote marked in the text, nothing saved unconfirmed."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.targets.models import Resolution
from daihoi.targets.review import highlight

pytestmark = pytest.mark.django_db

TEXT = (
    "Nghị quyết Đại hội Đảng bộ xã Vĩnh Lộc lần thứ I, nhiệm kỳ 2025-2030.\n"
    "Phấn đấu tốc độ tăng trưởng kinh tế bình quân hàng năm 10-12%; "
    "thu nhập bình quân đầu người đến năm 2030 đạt 86,4 triệu đồng; "
    "tỷ lệ hộ nghèo giảm còn dưới 2%. Hàng năm kết nạp từ 25 đảng viên trở lên."
)


def url(org, name):
    return reverse("targets:" + name, kwargs={"org_code": org.code})


def _row(indicator, scope, comparator, value, unit, period, quote, *, ok=True, keep=True):
    return {
        "indicator": indicator,
        "scope": scope,
        "comparator": comparator,
        "value": value,
        "unit": unit,
        "period": period,
        "quote": quote,
        "ok": ok,
        "keep": keep,
    }


ROWS = [
    _row("other", "locality", ">=", "10", "%", "annual", "tăng trưởng kinh tế bình quân hàng năm 10-12%"),
    _row("other", "locality", "<=", "12", "%", "annual", "tăng trưởng kinh tế bình quân hàng năm 10-12%"),
    _row("other", "locality", ">=", "86,4 triệu", "VND", "term", "đạt 86,4 triệu đồng", ok=False),
    _row("other", "locality", "<", "2", "%", "term", "tỷ lệ hộ nghèo giảm còn dưới 2%", ok=False, keep=False),
    _row("admissions", "organization", ">=", "25,5", "count", "annual", "kết nạp từ 25 đảng viên", ok=False),
]


def _post(rows, text=TEXT, **extra):
    data = {
        "text": text,
        "rows": str(len(rows)),
        "f-term": "2025-2030",
        "f-organization": "Đảng bộ xã",
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key in ("ok", "keep"):
                if value:
                    data[f"t-{i}-{key}"] = "on"
            else:
                data[f"t-{i}-{key}"] = value
    return data


def test_saving_with_unconfirmed_rows_is_refused_naming_them_and_keeps_everything(
    client, organization, role_users
):
    client.force_login(role_users["organizer"])
    response = client.post(url(organization, "confirm"), _post(ROWS))
    assert response.status_code == 422
    html = response.content.decode()
    error = re.search(
        r'<div class="error-box" role="alert" id="confirm-error" data-code="unconfirmed">(.*?)</div>', html
    )
    assert error, html
    # Rows 3 and 5 are kept and unchecked; row 4 is unchecked too but dropped: not named.
    assert unescape(error.group(1)).startswith("Chỉ tiêu 3 và 5 chưa được xác nhận")
    assert not Resolution.objects.exists()
    assert not AuditEntry.objects.filter(action="targets.resolution.confirmed").exists()
    # Everything typed is still there: values, the dropped row, the check boxes, the flagged rows.
    assert 'name="t-2-value" value="86,4 triệu"' in html
    assert 'name="t-4-value" value="25,5"' in html
    assert 'name="t-3-keep">' in html  # dropped, still on the page, unticked
    assert 'name="t-0-ok" checked' in html
    assert 'name="t-1-ok" checked' in html
    assert 'name="t-2-ok">' in html
    flagged = re.findall(r'<fieldset class="target-row([^"]*)" data-row="(\d)"', html)
    assert [i for cls, i in flagged if "not-confirmed" in cls] == ["2", "4"]
    assert "dropped" in {i: cls for cls, i in flagged}["3"]

    rows = [dict(r, ok=True) if r["keep"] else r for r in ROWS]
    rows[4] = dict(rows[4], value="25")
    response = client.post(url(organization, "confirm"), _post(rows))
    assert response.status_code == 302
    saved = list(Resolution.objects.get().targets.order_by("position"))
    assert [(t.comparator, t.value_number) for t in saved] == [
        (">=", Decimal(10)),
        ("<=", Decimal(12)),
        (">=", Decimal(86_400_000)),  # "86,4 triệu" in đồng, as the clerk wrote it
        (">=", Decimal(25)),
    ]
    assert saved[2].unit == "VND"


def test_one_unconfirmed_row_is_named_alone(client, organization, role_users):
    client.force_login(role_users["organizer"])
    rows = [dict(r, ok=True, keep=True) for r in ROWS]
    rows[1]["ok"] = False
    html = client.post(url(organization, "confirm"), _post(rows)).content.decode()
    assert "Chỉ tiêu 2 chưa được xác nhận" in unescape(html)


def test_a_proposal_is_saved_once_even_when_sent_again(client, organization, role_users):
    """A second click, or the back button and save again: the same proposal is not saved twice."""
    client.force_login(role_users["organizer"])
    data = _post([dict(r, ok=True, keep=True) for r in ROWS], proposal="tok-1")
    assert client.post(url(organization, "confirm"), data).status_code == 302
    again = client.post(url(organization, "confirm"), data, follow=True)
    assert "đã được lưu trước đó" in again.content.decode()
    assert AuditEntry.objects.filter(action="targets.resolution.confirmed").count() == 1
    # A new proposal (a new paste, or the edit page) is saved.
    assert client.post(url(organization, "confirm"), dict(data, proposal="tok-2")).status_code == 302
    assert AuditEntry.objects.filter(action="targets.resolution.confirmed").count() == 2


def test_the_proposal_marks_each_quote_in_the_text(client, organization, role_users):
    client.force_login(role_users["organizer"])
    html = client.post(url(organization, "extract"), {"text": TEXT}, HTTP_HX_REQUEST="true").content.decode()
    view = re.search(r'<div class="source-view" id="source-view">(.*?)</div>', html, re.S).group(1)
    marks = re.findall(r'<mark id="(q-\d+)" data-n="[\d, ]+">(.*?)</mark>', view)
    rows = re.findall(r'data-row="\d+" data-mark="([^"]*)"', html)
    assert marks
    assert rows
    assert {m for m, _text in marks} == set(rows)  # every row points at a mark, every mark has rows
    assert re.sub(r"</?mark[^>]*>", "", view) == TEXT  # the whole text, nothing lost or added
    for mark, quoted in marks:
        quote_of_rows = {
            unescape(q)
            for i, q in re.findall(
                r'<textarea name="t-(\d+)-quote" rows="2" class="quote">(.*?)</textarea>', html
            )
            if rows[int(i)] == mark
        }
        assert quote_of_rows == {unescape(quoted)}
    assert 'name="t-0-ok">' in html  # proposed rows start unconfirmed


def test_a_range_shares_one_mark_and_quotes_are_escaped():
    text = "Mục tiêu <b>đậm</b>: tăng 10-12%; có <script>alert(1)</script> 5 hộ."
    rows = [
        {"quote": "tăng 10-12%"},
        {"quote": "tăng 10-12%"},
        {"quote": "<script>alert(1)</script> 5 hộ"},
        {"quote": "không có trong văn bản"},
    ]
    pieces = highlight(text, rows)
    assert [r["mark"] for r in rows] == ["q-1", "q-1", "q-2", ""]
    assert [p.numbers for p in pieces if p.mark] == ["1, 2", "3"]  # the mark names its rows
    assert "".join(p.text for p in pieces) == text
    assert [p.text for p in pieces if p.mark] == ["tăng 10-12%", "<script>alert(1)</script> 5 hộ"]


def test_a_quote_holding_a_script_is_shown_inert(client, organization, role_users):
    client.force_login(role_users["organizer"])
    text = (
        "Phấn đấu hàng năm kết nạp từ 5 đảng viên trở lên <script>alert(1)</script>; "
        "<img src=x onerror=alert(2)>"
    )
    rows = [
        _row(
            "admissions",
            "organization",
            ">=",
            "5",
            "count",
            "annual",
            "kết nạp từ 5 đảng viên trở lên <script>alert(1)</script>",
            ok=False,
        )
    ]
    html = client.post(url(organization, "confirm"), _post(rows, text=text)).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    quoted = "kết nạp từ 5 đảng viên trở lên &lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'<mark id="q-1" data-n="1">{quoted}</mark>' in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_overlapping_quotes_keep_the_text_whole():
    text = "Phấn đấu 100% đảng viên hoàn thành nhiệm vụ, trong đó 90% hoàn thành tốt."
    rows = [{"quote": text[:-1]}, {"quote": "trong đó 90% hoàn thành tốt"}, {"quote": "90% hoàn thành tốt."}]
    pieces = highlight(text, rows)
    assert "".join(p.text for p in pieces) == text
    marks = {p.mark for p in pieces if p.mark}
    assert all(r["mark"] in marks for r in rows)  # a quote inside another points at the outer mark


def test_units_scopes_and_levels_have_vietnamese_labels_and_money_is_shown_as_written(
    client, organization, role_users
):
    client.force_login(role_users["organizer"])
    rows = [dict(r, ok=True, keep=True) for r in ROWS]
    rows.append(
        _row("rating", "locality", ">=", "advanced_new_rural", "level", "term", "nông thôn mới nâng cao")
    )
    assert client.post(url(organization, "confirm"), _post(rows)).status_code == 302
    html = client.get(url(organization, "extract") + "?edit=1").content.decode()
    assert 'name="t-2-value" value="86,4 triệu"' in html
    assert 'name="t-0-ok" checked' in html  # saved targets were confirmed
    for label in ("Địa phương (kinh tế - xã hội)", "hộ", "đồng", "Nông thôn mới nâng cao", "‰"):
        assert f">{label}</option>" in html, label
    assert ">VND<" not in html
    assert ">locality<" not in html
    assert ">None<" not in html


def test_added_row_starts_unconfirmed(client, organization, role_users):
    client.force_login(role_users["organizer"])
    html = client.get(url(organization, "proposal_row") + "?i=3", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="t-3-ok">' in html
    assert 'name="t-3-keep" checked' in html


def test_an_error_names_the_row_as_numbered_on_the_page(client, organization, role_users):
    """Row 4 is wrong and row 3 dropped: the message says "Chỉ tiêu 4", the number the clerk sees."""
    client.force_login(role_users["organizer"])
    rows = [dict(r, ok=True, keep=True) for r in ROWS]
    rows[2]["keep"] = False
    rows[3]["value"] = "hai phần trăm"
    response = client.post(url(organization, "confirm"), _post(rows))
    assert response.status_code == 422
    assert "Chỉ tiêu 4: «hai phần trăm»" in unescape(response.content.decode())
    assert not Resolution.objects.exists()
