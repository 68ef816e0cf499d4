"""Creating, correcting and removing a congress: duplicate numbers, reversed terms and dates, delete or
archive (with confirmation, audited), counts kept after a refused entry, the status wording."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.congresses import services
from daihoi.congresses.errors import CongressError
from daihoi.congresses.models import Congress, CongressStatus, Delegate

DAY = datetime.date(2025, 6, 10)


@pytest.fixture
def organizer(roll_org, django_user_model):
    user = django_user_model.objects.create_user(username="lc-organizer", password="x")
    RoleAssignment.objects.create(user=user, organization=roll_org, role=Role.ORGANIZER)
    return user


@pytest.fixture
def presidium(roll_org, django_user_model):
    user = django_user_model.objects.create_user(username="lc-presidium", password="x")
    RoleAssignment.objects.create(user=user, organization=roll_org, role=Role.PRESIDIUM)
    return user


def list_url(org, **query):
    base = reverse("congresses:list", kwargs={"org_code": org.code})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def create_url(org):
    return reverse("congresses:create", kwargs={"org_code": org.code})


def url(congress, name, **kw):
    return reverse(
        f"congresses:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kw}
    )


def form_data(**overrides):
    data = {
        "number": "11",
        "kind": "members",
        "term_start_year": "2025",
        "term_end_year": "2030",
        "starts_on": "2025-06-10",
        "ends_on": "2025-06-11",
        "place": "Hội trường",
        "convening_committee": "Ban Chấp hành khóa X",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def create(org, **overrides):
    fields = {
        "number": 11,
        "term_start_year": 2025,
        "term_end_year": 2030,
        "starts_on": DAY,
        "ends_on": DAY,
    }
    fields.update(overrides)
    return services.create_congress(org, **fields)


# ------------------------------------------------------------------ duplicate number


def test_duplicate_number_on_the_page_is_a_form_error(client, organizer, congress):
    client.force_login(organizer)
    before = Congress.objects.count()
    response = client.post(create_url(congress.organization), form_data(number=10))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đại hội lần thứ 10 đã có trong Đảng bộ Văn phòng UBND tỉnh (trường “lần thứ”)" in html
    assert response.context["form"].errors["number"]
    assert Congress.objects.count() == before
    assert (
        not AuditEntry.objects.filter(action="congress.created", data__number=10)
        .exclude(object_id=str(congress.pk))
        .exists()
    )


def test_duplicate_number_in_the_service(congress):
    with pytest.raises(CongressError) as exc:
        create(congress.organization, number=10)
    assert exc.value.code == "duplicate_number"
    assert exc.value.params["field_name"] == "number"
    with translation.override("vi"):
        assert exc.value.message.startswith("Đại hội lần thứ 10 đã có")
    assert Congress.objects.filter(organization=congress.organization).count() == 1


def test_same_number_in_another_organization_is_fine(congress):
    from daihoi.organizations.models import Organization, OrganizationKind

    other = Organization.objects.create(
        code="lc-other", name="Đảng bộ khác", kind=OrganizationKind.GRASSROOTS_COMMITTEE
    )
    assert create(other, number=10).number == 10


def test_concurrent_duplicate_becomes_the_coded_error(congress, monkeypatch):
    """The check ran before a concurrent create: the unique constraint's IntegrityError is translated."""
    monkeypatch.setattr(services, "congress_field_errors", lambda *a, **k: [])
    with pytest.raises(CongressError) as exc:
        create(congress.organization, number=10)
    assert exc.value.code == "duplicate_number"


# ------------------------------------------------------------------ term and dates


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (2030, 2025, "term_not_after_start"),  # reversed
        (2025, 2025, "term_not_after_start"),  # zero years
        (2025, 2026, None),  # 1 year: unusual but allowed
        (2025, 2030, None),  # the usual 5 years
        (2025, 2035, None),  # 10 years: the longest allowed
        (2025, 2036, "term_too_long"),
        (1929, 1932, "year_out_of_range"),
        (1930, 1935, None),
        (2096, 2101, "year_out_of_range"),
        (2095, 2100, None),
    ],
)
def test_term_bounds(roll_org, start, end, code):
    if code is None:
        congress = create(roll_org, term_start_year=start, term_end_year=end)
        assert (congress.term_start_year, congress.term_end_year) == (start, end)
        return
    with pytest.raises(CongressError) as exc:
        create(roll_org, term_start_year=start, term_end_year=end)
    assert exc.value.code == code
    assert not Congress.objects.filter(organization=roll_org).exists()


@pytest.mark.parametrize(
    ("number", "ok"),
    [(0, False), (1, True), (999, True), (1000, False)],
)
def test_number_bounds(roll_org, number, ok):
    if ok:
        assert create(roll_org, number=number).number == number
        return
    with pytest.raises(CongressError) as exc:
        create(roll_org, number=number)
    assert exc.value.code == "number_out_of_range"
    assert exc.value.params["value"] == number


@pytest.mark.parametrize(
    ("starts", "ends", "ok"),
    [
        (DAY, DAY - datetime.timedelta(days=1), False),  # last day before the first
        (DAY, DAY, True),  # a one-day congress
        (DAY, DAY + datetime.timedelta(days=1), True),
    ],
)
def test_date_bounds(roll_org, starts, ends, ok):
    if ok:
        assert create(roll_org, starts_on=starts, ends_on=ends).ends_on == ends
        return
    with pytest.raises(CongressError) as exc:
        create(roll_org, starts_on=starts, ends_on=ends)
    assert exc.value.code == "dates_reversed"
    with translation.override("vi"):
        assert "09/06/2025" in exc.value.message
        assert "10/06/2025" in exc.value.message


def test_reversed_term_and_dates_on_the_page(client, organizer, roll_org):
    client.force_login(organizer)
    response = client.post(
        create_url(roll_org),
        form_data(term_start_year=2030, term_end_year=2025, starts_on="2025-06-10", ends_on="2025-06-09"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (
        "Nhiệm kỳ phải kết thúc sau năm bắt đầu (trường “nhiệm kỳ đến năm”: 2025"
        in errors["term_end_year"][0]
    )
    assert "Nhiệm kỳ thường là 5 năm" in errors["term_end_year"][0]
    assert (
        "Ngày kết thúc (trường “ngày kết thúc”: 09/06/2025) trước ngày bắt đầu (10/06/2025)"
        in (errors["ends_on"][0])
    )
    assert not Congress.objects.exists()


def test_term_too_long_on_the_page_says_the_usual_length(client, organizer, roll_org):
    client.force_login(organizer)
    response = client.post(create_url(roll_org), form_data(term_end_year=2036))
    message = response.context["form"].errors["term_end_year"][0]
    assert "Nhiệm kỳ 2025 – 2036 dài 11 năm" in message
    assert "thường là 5 năm" in message
    assert "không được quá 10 năm" in message


def test_unusual_term_is_created_with_a_note(client, organizer, roll_org):
    client.force_login(organizer)
    response = client.post(create_url(roll_org), form_data(term_end_year=2026), follow=True)
    congress = Congress.objects.get()
    assert congress.term == "2025 - 2026"
    assert "Lưu ý: nhiệm kỳ 2025 - 2026 dài 1 năm (thường là 5 năm)." in response.content.decode()


# ------------------------------------------------------------------ delete


def test_delete_without_votes(client, organizer, congress, django_capture_on_commit_callbacks):
    services.add_agenda_item(congress, title="Khai mạc")
    congress = services.convene_congress(congress)
    services.create_open_vote(congress, kind="presidium", nominees=congress.delegates.filter(number=1))
    doc = services.upload_document(
        congress,
        kind="draft_resolution",
        title="Dự thảo",
        file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
    )
    storage, name = doc.file.storage, doc.file.name
    assert storage.exists(name)
    client.force_login(organizer)
    # The first POST only shows what goes.
    page = client.post(url(congress, "delete"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "danh sách triệu tập: 50 người" in html
    assert "biểu quyết đã chuẩn bị nhưng chưa mở: 1" in html
    assert "tài liệu và tệp kèm theo: 1" in html
    assert Congress.objects.filter(pk=congress.pk).exists()
    # Confirmed: gone, with its list, and audited.
    pk = congress.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(congress, "delete"), {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == list_url(congress.organization)
    assert not storage.exists(name)  # the uploaded file goes once the deletion is committed
    assert "Đã xóa: Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ X" in response.content.decode()
    assert not Congress.objects.filter(pk=pk).exists()
    assert not Delegate.objects.filter(congress_id=pk).exists()
    entry = AuditEntry.objects.get(action="congress.deleted", object_id=str(pk))
    assert entry.actor == organizer
    assert (entry.data["number"], entry.data["delegates"], entry.data["open_votes"]) == (10, 50, 1)


def test_delete_is_post_only_and_for_the_organizer(client, organizer, presidium, congress):
    client.force_login(organizer)
    assert client.get(url(congress, "delete")).status_code == 405
    assert client.get(url(congress, "archive")).status_code == 405
    client.force_login(presidium)
    assert client.post(url(congress, "delete"), {"confirm": "yes"}).status_code == 403
    assert client.post(url(congress, "archive"), {"confirm": "yes"}).status_code == 403
    congress.refresh_from_db()
    assert congress.archived_at is None


def test_delete_refused_once_a_vote_is_opened(in_session):
    vote = services.create_open_vote(
        in_session, kind="presidium", nominees=in_session.delegates.filter(number=1)
    )
    services.open_open_vote(vote)
    with pytest.raises(CongressError) as exc:
        services.delete_congress(in_session)
    assert exc.value.code == "in_use"
    with translation.override("vi"):
        assert exc.value.message.startswith("Đại hội đã có biểu quyết/bầu cử: chỉ có thể lưu trữ")
        assert "biểu quyết đã mở hoặc đã kết thúc: 1" in exc.value.message
    assert Congress.objects.filter(pk=in_session.pk).exists()


def test_delete_refused_once_a_delegate_checked_in(convened):
    services.check_in_delegate(convened, "5")
    with pytest.raises(CongressError) as exc:
        services.delete_congress(convened)
    assert exc.value.code == "in_use"
    assert exc.value.params["reasons"] == "đại biểu đã điểm danh: 1"


def test_delete_refused_once_an_election_has_a_round(congress):
    from daihoi.elections.models import Election, Round

    election = Election.objects.create(congress=congress, kind="executive_committee", title="Bầu BCH")
    assert services.congress_usage(congress).in_use is False  # an election without a round does not block
    Round.objects.create(election=election, number=1, seats=5)
    with pytest.raises(CongressError) as exc:
        services.delete_congress(congress)
    assert exc.value.params["reasons"] == "lần bỏ phiếu bầu cử: 1"


def test_delete_takes_an_election_without_rounds_along(congress):
    from daihoi.elections.models import Election

    Election.objects.create(congress=congress, kind="executive_committee", title="Bầu BCH")
    assert services.congress_contents(congress)["elections"] == 1
    services.delete_congress(congress)
    assert not Congress.objects.filter(pk=congress.pk).exists()
    assert not Election.objects.exists()


def test_refused_delete_page_offers_archive(client, organizer, convened):
    services.check_in_delegate(convened, "5")
    client.force_login(organizer)
    html = client.post(url(convened, "delete")).content.decode()
    assert "Đại hội đã có biểu quyết/bầu cử: chỉ có thể lưu trữ (đại biểu đã điểm danh: 1)" in html
    assert 'id="confirm-delete"' not in html
    assert 'id="go-archive"' in html
    response = client.post(url(convened, "delete"), {"confirm": "yes"}, follow=True)
    assert "chỉ có thể lưu trữ" in response.content.decode()
    assert Congress.objects.filter(pk=convened.pk).exists()


# ------------------------------------------------------------------ archive


def test_archive_hides_and_freezes(client, organizer, convened):
    services.check_in_delegate(convened, "5")
    client.force_login(organizer)
    confirm = client.post(url(convened, "archive")).content.decode()
    assert "đại biểu đã điểm danh: 1" in confirm
    assert "Không có gì bị xóa" in confirm
    convened.refresh_from_db()
    assert convened.archived_at is None  # not before the confirmation
    client.post(url(convened, "archive"), {"confirm": "yes"})
    convened.refresh_from_db()
    assert convened.archived_at is not None
    entry = AuditEntry.objects.get(action="congress.archived", object_id=str(convened.pk))
    assert entry.data["checked_in"] == 1
    # Off the default list, under "archived".
    default = client.get(list_url(convened.organization))
    assert list(default.context["congresses"]) == []
    assert "Đại hội đã lưu trữ (1)" in default.content.decode()
    archived = client.get(list_url(convened.organization, archived=1))
    assert list(archived.context["congresses"]) == [convened]
    # Read-only: the page says so and offers no action; posts are refused.
    detail = client.get(url(convened, "detail")).content.decode()
    assert "Đại hội đã được lưu trữ lúc" in detail
    assert 'id="delete-congress"' not in detail
    assert 'id="archive-congress"' not in detail
    assert url(convened, "open") not in detail
    assert client.post(url(convened, "open")).status_code == 403
    assert client.post(url(convened, "desk"), {"code": "6"}).status_code == 403
    assert not convened.delegates.filter(number=6, present=True).exists()


def test_archived_congress_is_never_deleted_nor_archived_again(congress):
    archived = services.archive_congress(congress)
    for action in (services.delete_congress, services.archive_congress):
        with pytest.raises(CongressError) as exc:
            action(archived)
        assert exc.value.code == "congress_archived"
    assert Congress.objects.filter(pk=congress.pk).exists()
    assert AuditEntry.objects.filter(action="congress.archived").count() == 1


def test_archived_delete_page_gives_the_reason(client, organizer, congress):
    services.archive_congress(congress)
    client.force_login(organizer)
    response = client.post(url(congress, "delete"), {"confirm": "yes"}, follow=True)
    assert "Đại hội đã được lưu trữ lúc" in response.content.decode()
    assert Congress.objects.filter(pk=congress.pk).exists()


def test_archived_congress_refuses_api_check_in(client, presidium, convened):
    services.archive_congress(convened)
    client.force_login(presidium)
    base = f"/api/congresses/{convened.organization.code}/{convened.pk}"
    response = client.post(f"{base}/checkin", {"code": "7"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "congress_archived"
    assert not convened.delegates.filter(present=True).exists()
    assert client.get(f"{base}/quorum").status_code == 200  # reading is still allowed


def test_no_archive_in_session(in_session):
    with pytest.raises(CongressError) as exc:
        services.archive_congress(in_session)
    assert exc.value.code == "archive_in_session"


# ------------------------------------------------------------------ open-vote counts


def test_counts_kept_after_an_error(client, presidium, in_session):
    vote = services.create_open_vote(
        in_session, kind="presidium", nominees=in_session.delegates.filter(number=1)
    )
    services.open_open_vote(vote)
    client.force_login(presidium)
    vote_url = url(in_session, "vote", vote_id=vote.pk)
    record_url = url(in_session, "vote_record", vote_id=vote.pk)
    response = client.post(record_url, {"agree": "40", "disagree": "5", "abstain": "4"})
    assert response.status_code == 200
    html = response.content.decode()
    # The bound named with its value, in words (daihoi.core.procedure.figures).
    assert "là 49, lớn hơn số đảng viên (đại biểu) có quyền biểu quyết có mặt (43)" in html
    for name, value in (("agree", "40"), ("disagree", "5"), ("abstain", "4")):
        assert f'name="{name}" value="{value}"' in html
    vote.refresh_from_db()
    assert (vote.agree, vote.disagree, vote.abstain) == (None, None, None)
    # After a successful save the page shows the saved counts.
    client.post(record_url, {"agree": "40", "disagree": "2", "abstain": "1"})
    html = client.get(vote_url).content.decode()
    assert 'name="agree" value="40"' in html
    assert 'name="disagree" value="2"' in html


# ------------------------------------------------------------------ wording


def test_convened_status_reads_da_trieu_tap(client, organizer, convened):
    with translation.override("vi"):
        assert str(CongressStatus.CONVENED.label) == "Đã triệu tập"
        assert str(CongressStatus.OPEN.label) == "Đang họp"
    client.force_login(organizer)
    assert "Đã triệu tập" in client.get(list_url(convened.organization)).content.decode()
    detail = client.get(url(convened, "detail")).content.decode()
    assert '<span class="badge status-convened">Đã triệu tập</span>' in detail


def test_demo_note_states_the_status_when_printed(db):
    from daihoi.congresses import demo
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll

    ctx = DemoContext()
    load_roll(ctx)
    demo.load(ctx)
    with translation.override("vi"):
        summary = ctx.summary()
        assert "trạng thái: Đã triệu tập" in summary
        assert "sẵn sàng khai mạc" not in summary
        services.open_congress(ctx.objects["congress"])
        assert "trạng thái: Đang họp" in ctx.summary()
