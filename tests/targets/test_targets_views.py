from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from targets_helpers import xlsx

from daihoi.audit.models import AuditEntry
from daihoi.targets import services
from daihoi.targets.models import MemberRating, Resolution

pytestmark = pytest.mark.django_db


def url(org, name, **kw):
    return reverse("targets:" + name, kwargs={"org_code": org.code, **kw})


def _confirm_seed(client, organization, seed_text):
    html = client.post(
        url(organization, "extract"), {"text": seed_text}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'name="rows" id="row-count" value="7"' in html
    data = {
        "text": seed_text,
        "rows": "7",
        "f-term": "2020-2025",
        "f-congress_number": "10",
        "f-organization": "x",
    }
    for name, value in re.findall(r'name="(t-\d+-[a-z_]+)" value="([^"]*)"', html):
        data[name] = unescape(value)
    for name, value in re.findall(
        r'<select name="(t-\d+-[a-z_]+)">.*?<option value="([^"]*)" selected', html
    ):
        data[name] = unescape(value)
    for i in range(7):
        data[f"t-{i}-keep"] = "on"
        data[f"t-{i}-ok"] = "on"
    data["t-6-keep"] = ""  # drop the last one (admissions) on purpose
    return client.post(url(organization, "confirm"), data)


def test_paste_propose_confirm(client, organization, role_users, seed_text):
    client.force_login(role_users["organizer"])
    response = _confirm_seed(client, organization, seed_text)
    assert response.status_code == 302
    res = Resolution.objects.get()
    assert res.targets.count() == 6
    assert list(res.targets.values_list("indicator", flat=True))[:2] == ["rated_completed", "rated_good"]
    assert res.targets.get(indicator="rating", scope="branches").value_level == "good"
    assert AuditEntry.objects.filter(action="targets.resolution.confirmed").exists()
    page = client.get(url(organization, "dashboard"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()


def test_confirm_error_is_shown_and_nothing_saved(client, organization, role_users):
    client.force_login(role_users["organizer"])
    data = {
        "rows": "1",
        "f-term": "2020-2025",
        "t-0-keep": "on",
        "t-0-ok": "on",
        "t-0-indicator": "rated_good",
        "t-0-scope": "members",
        "t-0-comparator": ">=",
        "t-0-value": "chín mươi",
        "t-0-unit": "%",
        "t-0-period": "annual",
    }
    response = client.post(url(organization, "confirm"), data)
    assert response.status_code == 422
    assert 'data-code="bad_value"' in response.content.decode()
    assert not Resolution.objects.exists()


def test_import_refused_then_accepted(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    header = [["Xếp loại"], [], ["STT", "Số thẻ đảng viên", "Họ và tên", "Chi bộ", "Điểm", "Xếp loại"]]
    good = [
        [i, m.member_code, m.full_name, "", 80, "Hoàn thành tốt nhiệm vụ"] for i, m in enumerate(members, 1)
    ]
    bad = [row[:] for row in good]
    bad[2][5] = "Giỏi"
    upload = io.BytesIO(xlsx({"Đảng viên": header + bad}))
    upload.name = "sai.xlsx"
    response = client.post(url(organization, "ratings_import", year=2023), {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-code="bad_level"' in html
    assert "Giỏi" in html
    assert not MemberRating.objects.exists()
    upload = io.BytesIO(xlsx({"Đảng viên": header + good}))
    upload.name = "dung.xlsx"
    response = client.post(url(organization, "ratings_import", year=2023), {"file": upload})
    assert response.status_code == 302
    assert MemberRating.objects.filter(year=2023).count() == len(members)


def test_ratings_page_entry_and_quota(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    data = {f"m-{m.pk}-level": "good" for m in members}
    data[f"m-{members[0].pk}-level"] = "excellent"
    data[f"m-{members[0].pk}-score"] = "95"
    data[f"m-{members[1].pk}-level"] = "excellent"
    data[f"m-{members[1].pk}-score"] = "80"  # too low for excellent
    response = client.post(url(organization, "ratings_save", year=2022), data)
    assert response.status_code == 422  # refused, like the import
    assert members[1].full_name in response.content.decode()
    assert not MemberRating.objects.exists()  # all or nothing, like the import
    data[f"m-{members[1].pk}-score"] = "91"
    response = client.post(url(organization, "ratings_save", year=2022), data)
    assert response.status_code == 302
    assert MemberRating.objects.filter(year=2022).count() == len(members)
    entries = AuditEntry.objects.filter(action="targets.member_rating.set").count()
    client.post(url(organization, "ratings_save", year=2022), data)  # saving again changes nothing
    assert AuditEntry.objects.filter(action="targets.member_rating.set").count() == entries
    page = client.get(url(organization, "ratings", year=2022)).content.decode()
    assert 'data-group="members"' in page
    assert 'value="95"' in page


def test_template_and_exports(client, organization, members, role_users, seed_text):
    client.force_login(role_users["organizer"])
    facts = services.propose(seed_text).as_dict()["facts"]
    inputs = [
        services.TargetInput(
            t.indicator, t.scope, t.comparator, str(t.value), t.unit, t.period or "", t.quote
        )
        for t in services.propose(seed_text).targets
    ]
    services.confirm_targets(
        organization, term="2020-2025", targets=inputs, facts=facts, actor=role_users["organizer"]
    )
    services.set_member_rating(members[0], 2021, "good", actor=role_users["organizer"])
    r = client.get(url(organization, "ratings_template", year=2021))
    assert r.status_code == 200
    assert r.content[:2] == b"PK"
    r = client.get(url(organization, "data_download"))
    assert r.status_code == 200
    assert r.content[:2] == b"PK"
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        r = client.get(url(organization, "report_download", year=2021, fmt=fmt))
        assert r.status_code == 200
        assert r.content[: len(magic)] == magic
        r = client.get(url(organization, "resolution_download", fmt=fmt))
        assert r.status_code == 200
        assert r.content[: len(magic)] == magic
    page = client.get(url(organization, "report", year=2021)).content.decode()
    assert "Kết nạp từ 5 đảng viên mới trở lên" in page
    assert client.get(url(organization, "report_download", year=2021, fmt="odt")).status_code == 404


def test_discipline_recorded(client, organization, members, role_users):
    client.force_login(role_users["organizer"])
    r = client.post(
        url(organization, "discipline_record"),
        {"member": members[0].pk, "decided_on": "2022-05-03", "form": "warning", "reason": "x"},
    )
    assert r.status_code == 302
    assert members[0].discipline.get().decided_on == date(2022, 5, 3)
    r = client.post(
        url(organization, "discipline_record"),
        {"member": members[0].pk, "decided_on": "03/05", "form": "warning"},
    )
    assert r.status_code == 200
    assert "03/05" in r.content.decode()


VIEWS = [
    ("dashboard", {}, "get", "targets.view"),
    ("extract", {}, "get", "targets.manage"),
    ("proposal_row", {}, "get", "targets.manage"),
    ("confirm", {}, "post", "targets.manage"),
    ("ratings", {"year": 2022}, "get", "targets.view"),
    ("ratings_save", {"year": 2022}, "post", "targets.manage"),
    ("ratings_import", {"year": 2022}, "post", "targets.manage"),
    ("ratings_template", {"year": 2022}, "get", "targets.view"),
    ("discipline", {}, "get", "targets.view"),
    ("discipline_record", {}, "post", "targets.manage"),
    ("actuals", {}, "get", "targets.view"),
    ("actuals_save", {}, "post", "targets.manage"),
    ("actuals_template", {}, "get", "targets.view"),
    ("actuals_import", {}, "post", "targets.manage"),
    ("actuals_import_confirm", {}, "post", "targets.manage"),
    ("report", {"year": 2022}, "get", "targets.view"),
    ("report_download", {"year": 2022, "fmt": "pdf"}, "get", "targets.view"),
    ("resolution_download", {"fmt": "docx"}, "get", "targets.view"),
    ("data_download", {}, "get", "targets.view"),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "method", "permission"), VIEWS, ids=[f"{v[0]}-{v[2]}" for v in VIEWS]
)
def test_every_role_against_every_view(client, organization, role_users, name, kwargs, method, permission):
    from daihoi.accounts.permissions import PERMISSIONS

    services.confirm_targets(
        organization,
        term="2020-2025",
        actor=role_users["organizer"],
        targets=[services.TargetInput("rated_good", "members", ">=", "90", "%", "annual", "q")],
    )
    target = url(organization, name, **kwargs)
    assert getattr(client, method)(target).status_code == 302  # anonymous: to the login page
    for username, user in role_users.items():
        client.force_login(user)
        status = getattr(client, method)(target).status_code
        allowed = username != "outsider" and any(r.value == username for r in PERMISSIONS[permission])
        assert (status != 403) == allowed, (username, status)


def test_hand_entered_figures_feed_progress(client, organization, role_users):
    from daihoi.core.targets import progress
    from daihoi.targets.tracking import progress_for

    res = services.confirm_targets(
        organization,
        term="2020-2025",
        actor=role_users["organizer"],
        targets=[
            services.TargetInput("resolution_study", "members", ">=", "100", "%", "annual", "học tập"),
            services.TargetInput("other", "organization", "<=", "2", "%", "term", "hộ nghèo còn 2%"),
        ],
    )
    study, poverty = res.targets.order_by("position")
    client.force_login(role_users["organizer"])
    data = {f"a-{study.pk}-2021": "100", f"a-{study.pk}-2022": "95,5", f"a-{poverty.pk}-2024": "1,8"}
    assert client.post(url(organization, "actuals_save"), data).status_code == 302
    items = progress_for(res, today=date(2025, 6, 1))
    cells = {c.year: (c.actual, c.status) for c in items[0].whole.cells}
    assert cells[2021][1] == progress.MET
    assert cells[2022][1] == progress.MISSED
    assert items[1].status == progress.MET  # the latest figure against a level to reach by the term's end
    bad = client.post(url(organization, "actuals_save"), {f"a-{study.pk}-2023": "nhiều"})
    assert bad.status_code == 422
    assert "nhiều" in bad.content.decode()


def test_add_a_row_by_hand(client, organization, role_users):
    client.force_login(role_users["organizer"])
    html = client.get(url(organization, "proposal_row") + "?i=7", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="t-7-indicator"' in html
    assert 'name="t-7-keep" checked' in html
