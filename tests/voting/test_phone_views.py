"""The delegate's phone pages (/v/...): binding by the desk's link, the ballot without JavaScript, the
open vote; and the card's check-in code, or a desk operator's login, never votes in a delegate's name."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from daihoi.congresses import services as congress_services
from daihoi.voting.models import Ballot, BindingCode, Device, OpenVoteChoice, Participation
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import devices, polls

pytestmark = pytest.mark.django_db


def bind(congress, number):
    delegate = congress.delegates.get(number=number)
    return devices.bind_device(devices.issue_binding_code(delegate).code, label="test phone")


def phone_client(congress, number) -> Client:
    """A phone whose cookie holds a device bound to delegate `number`."""
    token, _device = bind(congress, number)
    client = Client()
    client.cookies[COOKIE_NAME] = token
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def poll(e_election):
    return polls.open_poll(e_election.rounds.get())


# ---------------------------------------------------------------- binding


def test_the_link_asks_first_and_binds_only_on_post(electronic):
    delegate = electronic.delegates.get(number=7)
    issued = devices.issue_binding_code(delegate)
    phone = Client()
    page = phone.get(f"/v/b/{issued.code}/")
    assert page.status_code == 200
    assert f"đại biểu số 7, <strong>{delegate.full_name}</strong>" in text_of(page)
    # A link previewer (or the camera app's prefetch) opened it: the code is still unused.
    assert BindingCode.objects.get(delegate=delegate).used_at is None
    assert not Device.objects.filter(delegate=delegate).exists()
    assert COOKIE_NAME not in page.cookies

    android = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
    done = phone.post(f"/v/b/{issued.code}/", headers={"User-Agent": android})
    assert done.status_code == 303
    assert done["Location"] == "/v/"
    cookie = done.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert cookie["max-age"] == 7 * 24 * 3600
    assert not cookie["secure"]  # the hall's LAN has no TLS
    device = Device.objects.get(delegate=delegate)
    assert devices.device_for_token(cookie.value) == device
    assert device.label == "Android · Chrome"  # a short name of the phone for the desk's list

    home = phone.get("/v/")
    assert home.status_code == 200
    assert delegate.full_name in text_of(home)
    assert "Đại biểu số 7" in text_of(home)


def test_a_code_binds_once(electronic):
    issued = devices.issue_binding_code(electronic.delegates.get(number=7))
    assert Client().post(f"/v/b/{issued.code}/").status_code == 303
    other = Client()
    again = other.get(f"/v/b/{issued.code}/")
    assert again.status_code == 404
    assert "đã dùng hoặc đã hết hạn" in text_of(again)
    assert "bàn đón tiếp" in text_of(again)
    refused = other.post(f"/v/b/{issued.code}/")
    assert refused.status_code == 404
    assert COOKIE_NAME not in refused.cookies
    assert Device.objects.count() == 1


def test_an_expired_code_binds_nothing(electronic):
    issued = devices.issue_binding_code(electronic.delegates.get(number=7))
    BindingCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    for response in (Client().get(f"/v/b/{issued.code}/"), Client().post(f"/v/b/{issued.code}/")):
        assert response.status_code == 404
        assert "hết hạn" in text_of(response)
        assert COOKIE_NAME not in response.cookies
    assert not Device.objects.exists()


def test_the_code_typed_by_hand_binds(electronic):
    issued = devices.issue_binding_code(electronic.delegates.get(number=9))
    phone = Client()
    form = phone.get("/v/")
    assert "Đến bàn đón tiếp để nhận mã gắn điện thoại" in text_of(form)
    assert 'name="code"' in text_of(form)
    typed = issued.code[:5].lower() + " " + issued.code[5:]  # as a person types it
    done = phone.post("/v/b/", {"code": typed})
    assert done.status_code == 303
    assert Device.objects.get().delegate.number == 9
    empty = Client().post("/v/b/", {"code": "  "})
    assert empty.status_code == 400
    assert "Nhập 10 ký tự" in text_of(empty)


def test_a_phone_already_bound_is_not_bound_to_another_delegate(electronic):
    phone = phone_client(electronic, 3)
    issued = devices.issue_binding_code(electronic.delegates.get(number=4))
    page = phone.get(f"/v/b/{issued.code}/")
    assert page.status_code == 409
    assert "đã được gắn với đại biểu số 3" in text_of(page)
    assert phone.post(f"/v/b/{issued.code}/").status_code == 409
    assert BindingCode.objects.get(delegate__number=4).used_at is None
    assert not Device.objects.filter(delegate__number=4).exists()


def test_the_desk_operator_who_scanned_a_card_cannot_vote_in_that_delegates_name(
    electronic, poll, django_user_model
):
    """The card's check-in code passes through the desk's hands: as a binding code it binds nothing,
    and the operator's staff login opens neither the ballot nor the cast."""
    from daihoi.accounts.models import Role, RoleAssignment

    delegate = electronic.delegates.get(number=12)
    card = delegate.checkin_code
    operator = django_user_model.objects.create_user(username="desk-operator", password="pw")
    RoleAssignment.objects.create(user=operator, organization=electronic.organization, role=Role.ORGANIZER)
    desk = Client()
    desk.force_login(operator)
    congress_services.check_in_delegate(electronic, card, actor=operator)  # the scan at the desk

    for response in (
        desk.get(f"/v/b/{card}/"),
        desk.post(f"/v/b/{card}/"),
        desk.post("/v/b/", {"code": card}),
    ):
        assert response.status_code == 404
        assert COOKIE_NAME not in response.cookies
    assert not Device.objects.filter(delegate=delegate).exists()

    ballot_url = f"/v/polls/{poll.pk}/"
    page = desk.get(ballot_url)
    assert page.status_code == 403
    assert 'name="struck"' not in text_of(page)
    assert "bàn đón tiếp" in text_of(page)
    for step in ("review", "cast"):
        refused = desk.post(ballot_url, {"step": step, "struck": ["9", "10"]})
        assert refused.status_code == 403
    # Nor through the phones' JSON API.
    api = desk.post(
        f"/api/voting/polls/{poll.pk}/ballot", {"struck": [9, 10]}, content_type="application/json"
    )
    assert api.status_code == 403
    assert api.json()["code"] == "device_unknown"
    # The card's code in the device cookie is no device either.
    desk.cookies[COOKIE_NAME] = card
    assert desk.post(ballot_url, {"step": "cast", "struck": ["9", "10"]}).status_code == 403
    api = desk.post(
        f"/api/voting/polls/{poll.pk}/ballot", {"struck": [9, 10]}, content_type="application/json"
    )
    assert api.status_code == 403
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()


# ---------------------------------------------------------------- the ballot without JavaScript


def test_the_ballot_form_casts_once_through_the_service(e_election, poll):
    congress = e_election.congress
    phone = phone_client(congress, 5)
    url = f"/v/polls/{poll.pk}/"
    page = phone.get(url)
    assert page.status_code == 200
    body = text_of(page)
    assert "PHIẾU BẦU" in body
    assert body.count('name="struck"') == 10
    assert "Giữ lại <b data-kept>10</b> / bầu 8 người" in body

    # Review: nothing is cast yet; the summary and the hidden choices come back.
    review = phone.post(url, {"step": "review", "struck": ["9", "10"]})
    assert review.status_code == 200
    assert 'name="step" value="cast"' in text_of(review)
    assert text_of(review).count('type="hidden" name="struck"') == 2
    assert not Participation.objects.exists()
    # "Sửa lại": the ballot again, as the voter left it.
    edit = phone.post(url, {"step": "edit", "struck": ["9", "10"]})
    assert text_of(edit).count("checked") == 2

    sessions_before = _session_rows()
    cast = phone.post(url, {"step": "cast", "struck": ["9", "10"]})
    assert cast.status_code == 303
    assert cast["Location"] == url + "?cast=1"
    assert "sessionid" not in cast.cookies
    assert _session_rows() == sessions_before  # the cast path writes no session
    assert Participation.objects.get(poll=poll).delegate.number == 5
    assert list(Ballot.objects.filter(poll=poll).values_list("content", flat=True)) == ["9,10"]

    receipt = phone.get(cast["Location"])
    assert "Phiếu của đồng chí đã được bỏ vào hòm phiếu" in text_of(receipt)
    ballot_id = str(Ballot.objects.get(poll=poll).pk)
    assert ballot_id not in text_of(receipt)
    assert 'name="struck"' not in text_of(receipt)

    again = phone.post(url, {"step": "cast", "struck": ["1"]})
    assert again.status_code == 409
    assert Ballot.objects.filter(poll=poll).count() == 1
    home = phone.get("/v/")
    assert "Đã bỏ phiếu" in text_of(home)


def _session_rows() -> int:
    from django.contrib.sessions.models import Session

    return Session.objects.count()


def test_the_ballot_warns_of_an_invalid_ballot_but_casts_it(e_election, poll):
    phone = phone_client(e_election.congress, 6)
    url = f"/v/polls/{poll.pk}/"
    too_many = phone.post(url, {"step": "review", "struck": ["3"]})
    assert "giữ lại 9 người, nhiều hơn số được bầu là 8: phiếu sẽ không hợp lệ" in text_of(too_many)
    every = phone.post(url, {"step": "review", "struck": [str(n) for n in range(1, 11)]})
    assert "gạch tên tất cả" in text_of(every)
    fine = phone.post(url, {"step": "review", "struck": ["1", "2"]})
    assert "không hợp lệ" not in text_of(fine)
    # As on paper, the voter may still cast it; the engine counts it invalid.
    assert phone.post(url, {"step": "cast", "struck": []}).status_code == 303
    assert list(Ballot.objects.values_list("content", flat=True)) == [""]


def test_a_closed_poll_refuses(e_election, poll, phones):
    congress = e_election.congress
    phone = phone_client(congress, 40)
    polls.cast_ballot(poll, phones[1], polls.read_ballot(poll.round, struck=[9, 10]))
    polls.close_poll(poll)
    url = f"/v/polls/{poll.pk}/"
    page = phone.get(url)
    assert "Việc bỏ phiếu vòng này đã kết thúc" in text_of(page)
    assert 'name="struck"' not in text_of(page)
    refused = phone.post(url, {"step": "cast", "struck": ["9", "10"]})
    assert refused.status_code == 409
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert "Chưa có phiếu bầu nào" in text_of(phone.get("/v/"))


def test_a_revoked_phone_cannot_vote(e_election, poll):
    congress = e_election.congress
    token, device = bind(congress, 8)
    phone = Client()
    phone.cookies[COOKIE_NAME] = token
    devices.revoke_device(device)
    url = f"/v/polls/{poll.pk}/"
    page = phone.get(url)
    assert page.status_code == 403
    assert "bị hủy" in text_of(page)
    assert phone.post(url, {"step": "cast", "struck": ["9", "10"]}).status_code == 403
    assert not Participation.objects.exists()


def test_a_delegate_no_longer_present_cannot_vote(e_election, poll):
    congress = e_election.congress
    phone = phone_client(congress, 10)
    congress.delegates.filter(number=10).update(present=False)
    url = f"/v/polls/{poll.pk}/"
    assert "Chỉ đại biểu đã điểm danh có mặt" in text_of(phone.get(url))
    assert phone.post(url, {"step": "cast", "struck": ["9", "10"]}).status_code == 409
    assert not Participation.objects.exists()


def test_a_poll_of_another_congress_is_not_found(e_election, poll):
    from daihoi.voting.models import Poll

    phone = phone_client(e_election.congress, 5)
    assert phone.get(f"/v/polls/{poll.pk + 1000}/").status_code == 404
    assert Poll.objects.count() == 1


def test_the_home_page_lists_the_open_poll_and_refreshes(e_election, poll):
    phone = phone_client(e_election.congress, 5)
    home = phone.get("/v/")
    body = text_of(home)
    assert e_election.title in body
    assert "Bỏ phiếu ngay" in body
    assert 'data-refresh="/v/"' in body
    assert "voting/phone.js" in body
    assert Client().get("/v/", headers={"HX-Request": "true"}).status_code == 403  # unbound: reload
    part = phone.get("/v/", headers={"HX-Request": "true"})
    assert "<html" not in part.content.decode()
    assert f"/v/polls/{poll.pk}/" in part.content.decode()


def test_the_agree_disagree_form(electronic):
    """A list without surplus (as many names as seats): agree or disagree per name."""
    from daihoi.elections import services as election_services

    helpers = _election_helpers()
    election = helpers.seated(electronic, "executive_committee", 3)
    for m in helpers.official_members(electronic)[:3]:
        election_services.nominate(election, m)
    election_services.approve_list(
        election, helpers.closed_vote(electronic, "ballot_list", election=election)
    )
    poll = polls.open_poll(election.rounds.get())
    phone = phone_client(electronic, 5)
    url = f"/v/polls/{poll.pk}/"
    page = text_of(phone.get(url))
    assert page.count('value="1"') == 3
    assert "Đồng ý" in page
    assert "Không đồng ý" in page
    review = phone.post(url, {"step": "review", "mark-1": "1", "mark-2": "2"})
    assert "Có 1 tên chưa đánh dấu ô nào" in text_of(review)
    assert phone.post(url, {"step": "cast", "mark-1": "1", "mark-2": "2"}).status_code == 303
    assert list(Ballot.objects.values_list("content", flat=True)) == ["120"]


def _election_helpers():
    """The election tests' helpers (their conftest is not an importable module): loaded by path."""
    import importlib.util
    import pathlib

    spec = importlib.util.spec_from_file_location(
        "election_helpers", pathlib.Path(__file__).parent.parent / "elections" / "conftest.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the open vote


def test_the_open_vote_page_records_a_choice(electronic):
    vote = congress_services.create_open_vote(
        electronic, kind="resolution", title="Thông qua Nghị quyết Đại hội"
    )
    congress_services.open_open_vote(vote)
    phone = phone_client(electronic, 14)
    url = f"/v/votes/{vote.pk}/"
    page = text_of(phone.get(url))
    for label in ("Tán thành", "Không tán thành", "Không biểu quyết"):
        assert f">{label}</button>" in page
    confirm = phone.post(url, {"choice": "disagree"})
    assert confirm.status_code == 200
    assert "Không tán thành" in text_of(confirm)
    assert not OpenVoteChoice.objects.exists()
    done = phone.post(url, {"choice": "disagree", "step": "confirm"})
    assert done.status_code == 303
    choice = OpenVoteChoice.objects.get()
    assert (choice.delegate.number, choice.choice) == (14, "disagree")
    assert "Biểu quyết của đồng chí đã được ghi nhận: <b>Không tán thành</b>" in text_of(phone.get(url))
    assert phone.post(url, {"choice": "agree", "step": "confirm"}).status_code == 200  # shows the choice made
    assert OpenVoteChoice.objects.get().choice == "disagree"
    bad = phone_client(electronic, 15).post(url, {"choice": "maybe", "step": "confirm"})
    assert bad.status_code == 400
    assert not OpenVoteChoice.objects.filter(delegate__number=15).exists()
    assert "Chưa có biểu quyết nào" not in text_of(phone.get("/v/"))
    congress_services.record_open_vote(vote, agree=40, disagree=0)
    congress_services.close_open_vote(vote)
    closed = phone_client(electronic, 16).post(url, {"choice": "agree", "step": "confirm"})
    assert "không mở hoặc đã kết thúc" in text_of(closed)
    assert not OpenVoteChoice.objects.filter(delegate__number=16).exists()


GARBAGE = ["abc", "99999999999999999999", "-1", "9" * 2500 + "Đ" * 2500, "", "\u202e\t\r"]


def test_garbage_in_the_phone_forms_is_never_a_server_error(e_election, poll):
    congress = e_election.congress
    phone = phone_client(congress, 5)
    vote = congress_services.create_open_vote(congress, kind="resolution", title="Thông qua Nghị quyết")
    congress_services.open_open_vote(vote)
    for value in GARBAGE:
        assert Client().post("/v/b/", {"code": value}).status_code in (400, 404)
        assert Client().get(f"/v/b/{value or 'x'}/").status_code == 404
        for step in ("review", "edit", "cast", value):
            answer = phone.post(f"/v/polls/{poll.pk}/", {"step": step, "struck": [value, "3", "3"]})
            assert answer.status_code < 500
        assert phone.post(f"/v/votes/{vote.pk}/", {"choice": value, "step": "confirm"}).status_code == 400
    # The garbage struck nothing but name 3, once: the one ballot cast says so.
    assert list(Ballot.objects.values_list("content", flat=True)) == ["3"]
    assert not OpenVoteChoice.objects.exists()


def test_a_delegate_binds_the_phone_with_their_own_login_and_nobody_else_can(electronic, client):
    """Binding without the desk: the delegate's own login (a secret the desk never holds) binds the phone
    it is signed in on, to that delegate only; another login cannot bind someone else's delegate."""
    from django.contrib.auth import get_user_model

    from daihoi.audit.models import AuditEntry

    users = get_user_model().objects
    own, other = (
        users.create_user("dai-bieu-7", password="x" * 12),
        users.create_user("khac", password="x" * 12),
    )
    delegate = electronic.delegates.get(number=7)
    delegate.user = own
    delegate.save(update_fields=["user"])
    client.force_login(other)
    page = client.get("/v/")
    assert "Gắn điện thoại này cho đại biểu số 7" not in text_of(page)
    refused = client.post("/v/login-bind/", {"delegate": delegate.pk})
    assert refused.status_code == 403
    assert not Device.objects.exists()
    client.force_login(own)
    assert "Gắn điện thoại này cho đại biểu số 7" in text_of(client.get("/v/"))
    bound = client.post("/v/login-bind/", {"delegate": delegate.pk})
    assert bound.status_code == 303
    device = Device.objects.get()
    assert device.delegate == delegate
    assert bound.cookies["daihoi_device"]["httponly"]
    assert AuditEntry.objects.filter(action="voting.device.bound", data__by="login").exists()
    again = client.post("/v/login-bind/", {"delegate": delegate.pk})  # this phone holds a binding now
    assert again.status_code == 409
    assert Device.objects.count() == 1
