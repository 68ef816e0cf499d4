"""Pages and API of the congress day: every role against every view, the desk, projector and exports."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.audit.models import AuditEntry
from daihoi.congresses import services
from daihoi.congresses.models import Delegate


@pytest.fixture
def users(roll_org, django_user_model):
    out = {}
    for role in Role:
        user = django_user_model.objects.create_user(username=f"cg-{role.value}", password="x")
        RoleAssignment.objects.create(user=user, organization=roll_org, role=role)
        out[role.value] = user
    out["outsider"] = django_user_model.objects.create_user(username="cg-outsider", password="x")
    return out


def url(congress, name, **kw):
    return reverse(
        f"congresses:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kw}
    )


# view name -> roles allowed (GET)
GET_MATRIX = {
    "detail": {"organizer", "presidium", "counting_committee", "observer"},
    "delegates": {"organizer", "presidium", "counting_committee", "observer"},
    "desk": {"organizer", "presidium"},
    "attendance": {"organizer", "presidium"},
    "quorum": {"organizer", "presidium", "counting_committee", "observer"},
    "projector": {"organizer", "presidium", "counting_committee", "observer"},
    "projector_state": {"organizer", "presidium", "counting_committee", "observer"},
    "cards": {"organizer", "presidium", "counting_committee", "observer"},
}


@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_each_role_against_each_view(client, users, convened, name):
    for username, user in users.items():
        client.force_login(user)
        status = client.get(url(convened, name)).status_code
        expected = 200 if username in GET_MATRIX[name] else 403
        assert status == expected, (name, username, status)


def test_anonymous_goes_to_login(client, convened):
    response = client.get(url(convened, "desk"))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_post_actions_need_their_permission(client, users, convened):
    client.force_login(users["observer"])
    assert client.post(url(convened, "open")).status_code == 403
    assert client.post(url(convened, "desk"), {"code": "1"}).status_code == 403
    assert not Delegate.objects.filter(congress=convened, present=True).exists()


def test_desk_scan_fragment(client, users, convened):
    client.force_login(users["presidium"])
    d = convened.delegates.get(number=12)
    response = client.post(url(convened, "desk"), {"code": d.checkin_code}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-code="checked_in"' in html
    assert response["HX-Trigger"] == "attendance-changed"
    assert d.full_name in html
    assert d.branch.name in html
    again = client.post(
        url(convened, "desk"), {"code": d.checkin_code}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-code="already_present"' in again
    bad = client.post(url(convened, "desk"), {"code": "999"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-code="unknown_code"' in bad
    assert "answer-err" in bad


def test_desk_undo(client, users, convened):
    client.force_login(users["presidium"])
    services.check_in_delegate(convened, "3")
    d = convened.delegates.get(number=3)
    client.post(url(convened, "desk_undo", delegate_id=d.pk), {"reason": "nhầm"})
    d.refresh_from_db()
    assert not d.present


def test_attendance_list_posts(client, users, convened):
    client.force_login(users["organizer"])
    branch = convened.delegates.get(number=1).branch
    ids = list(convened.delegates.filter(branch=branch).values_list("pk", flat=True))
    data = {"branch": branch.pk, "present": [str(i) for i in ids[:9]], f"reason-{ids[9]}": "Ốm"}
    client.post(url(convened, "attendance"), data)
    assert convened.delegates.filter(present=True).count() == 9
    assert convened.delegates.get(pk=ids[9]).absence_reason == "Ốm"


def test_projector_state_shows_quorum_and_vote(client, users, in_session):
    vote = services.create_open_vote(
        in_session, kind="presidium", nominees=in_session.delegates.filter(number=1)
    )
    services.open_open_vote(vote)
    services.record_open_vote(vote, agree=43, disagree=0)
    services.close_open_vote(vote)
    services.set_current_agenda_item(in_session, in_session.agenda_items.get(position=2))
    client.force_login(users["observer"])
    html = client.get(url(in_session, "projector_state")).content.decode()
    # 48 of the 50 convened are in the hall; the quorum counts the 43 voters of the 45 convened.
    assert 'id="p-present">43</span><small>/45</small>' in html
    assert "không có quyền biểu quyết: 5" in html
    assert in_session.agenda_items.get(position=2).title in html
    assert "pass" in html
    assert ">43<" in html


def test_flow_through_pages(client, users, congress):
    client.force_login(users["organizer"])
    client.post(url(congress, "convene"))
    for n in range(1, 40):
        client.post(url(congress, "desk"), {"code": str(n)})
    client.post(url(congress, "open"))
    congress.refresh_from_db()
    assert congress.status == "open"
    client.post(url(congress, "vote_create"), {"kind": "presidium", "nominees": "1, 11 21"})
    vote = congress.open_votes.get()
    assert sorted(vote.nominees.values_list("number", flat=True)) == [1, 11, 21]
    client.post(url(congress, "vote_open", vote_id=vote.pk))
    client.post(
        url(congress, "vote_record", vote_id=vote.pk), {"agree": "30", "disagree": "2", "abstain": "1"}
    )
    client.post(url(congress, "vote_close", vote_id=vote.pk))
    vote.refresh_from_db()
    assert vote.status == "closed"
    assert vote.passed is True
    response = client.post(
        url(congress, "vote_create"), {"kind": "presidium", "nominees": "1, 999"}, follow=True
    )
    assert "999" in response.content.decode()


def test_cards_pdf_and_credentials_report(client, users, convened):
    from docx import Document as Docx

    services.check_in_delegate(convened, "1")
    services.set_absence_reason(convened.delegates.get(number=2), reason="Đi công tác", accepted=True)
    client.force_login(users["organizer"])
    cards = client.get(url(convened, "cards"))
    assert cards["Content-Type"] == "application/pdf"
    assert cards.content.startswith(b"%PDF")
    single = client.get(url(convened, "card", delegate_id=convened.delegates.get(number=1).pk))
    assert single.status_code == 200
    pdf = client.get(url(convened, "credentials", fmt="pdf"))
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(url(convened, "credentials", fmt="docx"))
    text = "\n".join(
        cell.text
        for table in Docx(io.BytesIO(docx.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Đi công tác" in text
    assert "Chi bộ 1" in text
    assert client.get(url(convened, "credentials", fmt="exe")).status_code == 404


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_documents_read_after_checkin_and_comments(client, users, convened, django_user_model):
    from openpyxl import load_workbook

    doc = services.upload_document(
        convened,
        kind="draft_resolution",
        title="Dự thảo Nghị quyết",
        file=SimpleUploadedFile("du-thao.pdf", PDF, "application/pdf"),
        sections="Phần I\nPhần II",
        accepts_comments=True,
    )
    delegate = convened.delegates.get(number=4)
    phone = django_user_model.objects.create_user(username="dv4", password="x")
    services.link_delegate_user(delegate, phone)
    client.force_login(phone)
    assert client.get(url(convened, "documents")).status_code == 403  # not checked in yet
    assert client.get(url(convened, "document_file", doc_id=doc.pk)).status_code == 403
    services.check_in_delegate(convened, "4")
    assert "Dự thảo Nghị quyết" in client.get(url(convened, "documents")).content.decode()
    assert client.get(url(convened, "document_file", doc_id=doc.pk)).status_code == 200
    client.post(
        url(convened, "document_comment", doc_id=doc.pk), {"section": "Phần II", "text": "Bổ sung chỉ tiêu"}
    )
    assert doc.comments.get().section == "Phần II"
    assert client.get(url(convened, "comments_export", doc_id=doc.pk, fmt="xlsx")).status_code == 403
    client.force_login(users["organizer"])
    xlsx = client.get(url(convened, "comments_export", doc_id=doc.pk, fmt="xlsx"))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Phần II"
    assert rows[1][-1] == "Bổ sung chỉ tiêu"
    docx = client.get(url(convened, "comments_export", doc_id=doc.pk, fmt="docx"))
    assert docx.content.startswith(b"PK")


def test_upload_refuses_non_document(convened):
    from daihoi.congresses.errors import CongressError

    with pytest.raises(CongressError) as err:
        services.upload_document(
            convened,
            kind="other",
            title="x",
            file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00", "application/pdf"),
        )
    assert err.value.code == "bad_file"


def test_api_check_in(client, users, convened):
    client.force_login(users["presidium"])
    base = f"/api/congresses/{convened.organization.code}/{convened.pk}"
    d = convened.delegates.get(number=9)
    ok = client.post(f"{base}/checkin", {"code": d.checkin_code}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["code"] == "checked_in"
    assert ok.json()["delegate"]["number"] == 9
    bad = client.post(f"{base}/checkin", {"code": "NOPE"}, content_type="application/json")
    assert bad.status_code == 409
    assert bad.json()["code"] == "unknown_code"
    assert client.get(f"{base}/quorum").json()["quorum"]["present"] == 1
    client.force_login(users["observer"])
    assert client.post(f"{base}/checkin", {"code": "1"}, content_type="application/json").status_code == 403


def test_delegates_congress_list_built_on_the_page(client, users, roll_org, django_user_model):
    import datetime

    from daihoi.organizations.models import Member

    c = services.create_congress(
        roll_org,
        number=12,
        term_start_year=2025,
        term_end_year=2030,
        starts_on=datetime.date(2025, 6, 1),
        kind="delegates",
    )
    client.force_login(users["organizer"])
    members = list(Member.objects.filter(organization=roll_org, status="official").order_by("id")[:3])
    page = url(c, "delegates")
    client.post(url(c, "delegate_add"), {"member_code": members[0].member_code, "kind": "elected"})
    client.post(url(c, "delegate_add"), {"member_code": members[1].member_code, "kind": "alternate"})
    client.post(url(c, "delegate_guest"), {"full_name": "Trần Văn Khách", "title": "Đảng ủy Khối"})
    response = client.post(url(c, "delegate_add"), {"member_code": "NOPE", "kind": "elected"}, follow=True)
    assert "NOPE" in response.content.decode()
    assert response.redirect_chain[-1][0] == page  # back on the list, with the error
    assert list(c.delegates.values_list("kind", flat=True).order_by("number")) == [
        "elected",
        "alternate",
        "guest",
    ]
    client.post(url(c, "delegate_replace"), {"alternate": "2", "absent": "1"})
    assert c.delegates.get(number=2).replaces == c.delegates.get(number=1)
    phone = django_user_model.objects.create_user(username="dv-phone", password="x")
    # The organization's own login is linked at once (another organization's waits for its consent).
    RoleAssignment.objects.create(user=phone, organization=c.organization, role=Role.OBSERVER)
    client.post(url(c, "delegate_link"), {"number": "3", "username": "dv-phone"})
    assert c.delegates.get(number=3).user.username == "dv-phone"
    client.force_login(users["observer"])
    assert client.post(url(c, "delegate_guest"), {"full_name": "X"}).status_code == 403
    assert client.post(page, {"action": "guest", "full_name": "X"}).status_code == 405  # the page only shows
    assert c.delegates.count() == 3


def test_convened_list_row_changes_each_at_its_own_url(client, users, convened):
    """The row's form posts to unconvene (or convene) and its second button to the absence reason."""
    client.force_login(users["organizer"])
    d = convened.delegates.get(number=2)
    html = client.get(url(convened, "delegates")).content.decode()
    assert f'action="{url(convened, "delegate_unconvene")}"' in html
    assert f'formaction="{url(convened, "delegate_absence")}"' in html
    response = client.post(
        url(convened, "delegate_unconvene"), {"delegate": d.pk, "reason": "Ốm"}, follow=True
    )
    assert "Đã lưu." in response.content.decode()
    d.refresh_from_db()
    assert (d.convened, d.not_convened_reason) == (False, "Ốm")
    client.post(url(convened, "delegate_convene"), {"delegate": d.pk, "reason": "Khỏi ốm"})
    d.refresh_from_db()
    assert d.convened is True
    client.post(url(convened, "delegate_absence"), {"delegate": d.pk, "reason": "Công tác", "accepted": "1"})
    d.refresh_from_db()
    assert (d.absence_reason, d.absence_accepted) == ("Công tác", True)
    # a delegate of another congress is not found through this one
    assert client.post(url(convened, "delegate_convene"), {"delegate": "0", "reason": "x"}).status_code == 404
    assert client.get(url(convened, "delegate_convene")).status_code == 405


def test_presidium_deletes_a_vote_prepared_but_not_held(client, users, in_session):
    vote = services.create_open_vote(
        in_session, kind="presidium", nominees=in_session.delegates.filter(number=1)
    )
    client.force_login(users["observer"])
    assert "vote-delete" not in client.get(url(in_session, "vote", vote_id=vote.pk)).content.decode()
    assert client.get(url(in_session, "vote_delete", vote_id=vote.pk)).status_code == 403
    client.force_login(users["presidium"])
    page = client.get(url(in_session, "vote", vote_id=vote.pk)).content.decode()
    assert f'href="{url(in_session, "vote_delete", vote_id=vote.pk)}"' in page
    confirm = client.get(url(in_session, "vote_delete", vote_id=vote.pk))
    assert confirm.status_code == 200
    assert 'id="confirm-form"' in confirm.content.decode()
    assert client.post(url(in_session, "vote_delete", vote_id=vote.pk)).status_code == 200  # not confirmed
    assert in_session.open_votes.filter(pk=vote.pk).exists()
    response = client.post(url(in_session, "vote_delete", vote_id=vote.pk), {"confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == url(in_session, "detail") + "#votes"
    assert "Đã xóa biểu quyết đã chuẩn bị mà chưa tiến hành." in response.content.decode()
    assert not in_session.open_votes.filter(pk=vote.pk).exists()
    assert AuditEntry.objects.filter(action="congress.open_vote.deleted").count() == 1


def test_a_vote_once_opened_cannot_be_deleted(client, users, in_session):
    vote = services.create_open_vote(
        in_session, kind="presidium", nominees=in_session.delegates.filter(number=1)
    )
    services.open_open_vote(vote)
    client.force_login(users["presidium"])
    assert "vote-delete" not in client.get(url(in_session, "vote", vote_id=vote.pk)).content.decode()
    confirm = client.get(url(in_session, "vote_delete", vote_id=vote.pk)).content.decode()
    assert 'id="blocker"' in confirm
    assert 'id="confirm-form"' not in confirm
    response = client.post(url(in_session, "vote_delete", vote_id=vote.pk), {"confirmed": "1"})
    assert response.status_code == 409
    assert in_session.open_votes.filter(pk=vote.pk).exists()


def test_create_congress_on_the_page(client, users, roll_org):
    page = reverse("congresses:list", kwargs={"org_code": roll_org.code})
    create = reverse("congresses:create", kwargs={"org_code": roll_org.code})
    data = {
        "number": "11",
        "kind": "members",
        "term_start_year": "2025",
        "term_end_year": "2030",
        "starts_on": "2025-06-20",
        "ends_on": "2025-06-20",
        "place": "Hội trường",
        "convening_committee": "BCH",
    }
    client.force_login(users["observer"])
    assert client.get(page).status_code == 200
    assert client.post(create, data).status_code == 403
    assert client.post(page, data).status_code == 405  # the list page only shows
    client.force_login(users["organizer"])
    response = client.post(create, data)
    congress = roll_org.congresses.get(number=11)
    assert response["Location"] == url(congress, "detail")
    assert congress.roman_number == "XI"


def test_projector_in_english(client, users, in_session):
    from django.conf import settings

    client.force_login(users["observer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url(in_session, "projector_state")).content.decode()
    assert "Quorum reached" in html
    assert "NO. X, TERM 2020 - 2025" in html


def test_close_congress_stops_check_in(client, users, in_session):
    from daihoi.congresses.errors import CongressError

    services.close_congress(in_session)
    with pytest.raises(CongressError) as err:
        services.check_in_delegate(in_session, "49")
    assert err.value.code == "congress_closed"
    with pytest.raises(CongressError) as err:
        services.create_open_vote(in_session, kind="resolution")
    assert err.value.code == "congress_wrong_stage"


def test_a_post_without_the_role_gets_the_vietnamese_403_page(client, users, convened):
    """Viewers may open the list, the convened list and a vote, but a POST to their actions is refused
    with the site's 403 page (not an empty answer the browser shows as its own error)."""
    vote = services.create_open_vote(convened, kind="resolution", title="Nghị quyết")
    client.force_login(users["observer"])
    for target, data in (
        (reverse("congresses:create", kwargs={"org_code": convened.organization.code}), {"number": 11}),
        (url(convened, "delegate_guest"), {"full_name": "Khách"}),
        (url(convened, "vote_open", vote_id=vote.pk), {}),
    ):
        r = client.post(target, data)
        assert r.status_code == 403, target
        assert "Bạn không có quyền mở trang này" in r.content.decode(), target
    vote.refresh_from_db()
    assert vote.status == "draft"
