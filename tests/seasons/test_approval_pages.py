"""The approval pages as each role sees them: the lower organization's, the superior's, a peer's."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from daihoi.elections.models import Election, ElectionKind, ElectionStatus
from daihoi.seasons.models import Submission, SubmissionStatus
from daihoi.seasons.services.approval import submit_for_approval


def _client(world, username: str) -> Client:
    client = Client()
    client.force_login(world["users"][username])
    return client


def _lower_url(world, name="approval:congress"):
    return reverse(name, args=[world["lower"].code, world["congress"].pk])


def _submitted(world) -> Submission:
    return submit_for_approval(world["congress"], actor=world["users"]["lower-organizer"])


def test_lower_organizer_submits_from_the_page(world):
    client = _client(world, "lower-organizer")
    page = client.get(_lower_url(world))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chưa trình" in html
    assert 'id="submit-form"' in html
    # Without the confirmation box ticked: nothing is submitted.
    response = client.post(_lower_url(world, "approval:submit"), follow=True)
    assert "đánh dấu ô xác nhận" in response.content.decode()
    assert not Submission.objects.exists()
    response = client.post(_lower_url(world, "approval:submit"), {"confirm": "1"}, follow=True)
    html = response.content.decode()
    assert (
        Submission.objects.filter(congress=world["congress"], status=SubmissionStatus.SUBMITTED).count() == 1
    )
    assert "Chờ chuẩn y" in html
    assert 'id="submit-form"' not in html
    # The congress page's box shows the state and links to the page.
    detail = client.get(reverse("congresses:detail", args=[world["lower"].code, world["congress"].pk]))
    box = detail.content.decode()
    assert 'id="approval-box"' in box
    assert "Chờ chuẩn y" in box
    assert _lower_url(world) in box


def test_lower_observer_sees_the_state_but_cannot_submit(world):
    client = _client(world, "lower-observer")
    html = client.get(_lower_url(world)).content.decode()
    assert "Chưa trình" in html
    assert 'id="submit-form"' not in html
    assert client.post(_lower_url(world, "approval:submit"), {"confirm": "1"}).status_code == 403
    assert not Submission.objects.exists()


def test_refusal_is_shown_in_vietnamese(world):
    Election.objects.filter(congress=world["congress"], kind=ElectionKind.EXECUTIVE_COMMITTEE).update(
        status=ElectionStatus.APPROVED
    )
    html = _client(world, "lower-organizer").get(_lower_url(world)).content.decode()
    assert "không có kết quả bầu cử nào đã công bố đang chờ cấp trên chuẩn y" in html
    assert 'id="submit-form"' not in html


def test_superior_inbox_review_approve_and_decision(world):
    submission = _submitted(world)
    superior = world["superior"]
    client = _client(world, "superior-organizer")
    inbox = client.get(reverse("approval:inbox", args=[superior.code])).content.decode()
    assert world["congress"].title in inbox
    assert "Chờ chuẩn y" in inbox
    review_url = reverse("approval:review", args=[superior.code, submission.pk])
    html = client.get(review_url).content.decode()
    assert "01-to-trinh-de-nghi-chuan-y.pdf" in html
    assert 'id="approve-form"' in html
    zipped = client.get(reverse("approval:dossier", args=[superior.code, submission.pk]))
    assert zipped.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(zipped))).namelist()
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        reverse("approval:approve", args=[superior.code, submission.pk]),
        {"decision_number": "125-QĐ/ĐUK", "decision_date": today, "confirm": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã chuẩn y" in html
    assert "125-QĐ/ĐUK" in html
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    for fmt in ("docx", "pdf"):
        doc = client.get(reverse("approval:decision", args=[superior.code, submission.pk, fmt]))
        assert doc.status_code == 200
        assert len(b"".join(doc)) > 1000
    # The lower organization sees the approval and its decision.
    lower = _client(world, "lower-observer")
    html = lower.get(_lower_url(world)).content.decode()
    assert "Đã chuẩn y" in html
    assert "125-QĐ/ĐUK" in html
    doc = lower.get(
        reverse("approval:congress_decision", args=[world["lower"].code, world["congress"].pk, "pdf"])
    )
    assert doc.status_code == 200


def test_approve_with_a_bad_date_says_so(world):
    submission = _submitted(world)
    client = _client(world, "superior-organizer")
    response = client.post(
        reverse("approval:approve", args=[world["superior"].code, submission.pk]),
        {"decision_number": "125-QĐ/ĐUK", "decision_date": "31/02/2020", "confirm": "1"},
        follow=True,
    )
    assert "31/02/2020" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_return_with_reason(world):
    submission = _submitted(world)
    client = _client(world, "superior-organizer")
    url = reverse("approval:return", args=[world["superior"].code, submission.pk])
    html = client.post(url, {"reason": "", "confirm": "1"}, follow=True).content.decode()
    assert "Ghi rõ lý do" in html
    client.post(url, {"reason": "Thiếu biên bản kiểm phiếu.", "confirm": "1"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    html = _client(world, "lower-organizer").get(_lower_url(world)).content.decode()
    assert "Thiếu biên bản kiểm phiếu." in html
    assert "Đã trả lại" in html
    assert "y như hồ sơ đã bị trả lại" in html  # resubmitting needs a correction


@pytest.mark.parametrize(
    ("username", "view", "decide"),
    [
        ("superior-observer", 200, 403),
        ("peer-organizer", 403, 403),
        ("lower-organizer", 403, 403),
    ],
)
def test_who_may_review_and_decide(world, username, view, decide):
    submission = _submitted(world)
    client = _client(world, username)
    code = world["superior"].code
    assert client.get(reverse("approval:inbox", args=[code])).status_code == view
    assert client.get(reverse("approval:review", args=[code, submission.pk])).status_code == view
    assert client.get(reverse("approval:dossier", args=[code, submission.pk])).status_code == view
    response = client.post(
        reverse("approval:approve", args=[code, submission.pk]),
        {
            "decision_number": "1-QĐ/ĐUK",
            "decision_date": timezone.localdate().strftime("%d/%m/%Y"),
            "confirm": "1",
        },
    )
    assert response.status_code == decide
    assert (
        client.post(
            reverse("approval:return", args=[code, submission.pk]), {"reason": "x", "confirm": "1"}
        ).status_code
        == decide
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_peer_cannot_reach_a_submission_through_its_own_inbox(world):
    submission = _submitted(world)
    client = _client(world, "peer-organizer")
    peer = world["peer"].code
    assert client.get(reverse("approval:review", args=[peer, submission.pk])).status_code == 404
    assert (
        client.post(
            reverse("approval:return", args=[peer, submission.pk]), {"reason": "x", "confirm": "1"}
        ).status_code
        == 404
    )
    assert world["congress"].title not in client.get(reverse("approval:inbox", args=[peer])).content.decode()


def test_inbox_puts_awaiting_first_and_filters(world):
    from daihoi.seasons.services.approval import return_submission

    first = _submitted(world)
    return_submission(first, reason="Thiếu chữ ký.", actor=world["users"]["superior-organizer"])
    # A second congress's dossier of the same organization awaits: listed before the returned one.
    Submission.objects.create(
        congress=world["congress"],
        superior=world["superior"],
        number=2,
        dossier=bytes(first.dossier),
        dossier_sha256=first.dossier_sha256,
        submitted_at=timezone.now(),
        submitted_by=world["users"]["lower-organizer"],
    )
    client = _client(world, "superior-organizer")
    url = reverse("approval:inbox", args=[world["superior"].code])
    html = client.get(url).content.decode()
    assert html.index("approval-submitted") < html.index("approval-returned")
    returned_only = client.get(url, {"status": "returned"}).content.decode()
    assert "Thiếu chữ ký." in returned_only
    assert 'class="approval-submitted"' not in returned_only
    nobody = client.get(url, {"q": "không có tổ chức này"}).content.decode()
    assert "Không có hồ sơ nào." in nobody


def test_the_result_page_offers_no_typed_approval_when_the_superior_is_in_daihoi(world):
    """The superior decides in daihoi: the election's result page shows no form to type a decision."""
    election = world["congress"].elections.get(kind="executive_committee")
    last = election.rounds.order_by("-number").first()
    client = _client(world, "lower-organizer")
    page = client.get(reverse("elections:result", args=[world["lower"].code, election.pk, last.number]))
    assert page.status_code == 200
    assert 'id="approve-form"' not in page.content.decode()
    lower = world["lower"]
    parent = lower.parent
    lower.parent = None
    lower.save(update_fields=["parent"])
    page = client.get(reverse("elections:result", args=[lower.code, election.pk, last.number]))
    lower.parent = parent
    lower.save(update_fields=["parent"])
    assert 'id="approve-form"' in page.content.decode()
