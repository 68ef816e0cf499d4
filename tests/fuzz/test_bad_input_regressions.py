"""The 17 server errors of issue 10, each as the request that caused it and the answer it gets now.

Non-numeric ids answer 404 (the object does not exist), numbers beyond the database's integers 404 in a
URL and 400 (or the form's refusal) in a form, negative counts and over-length text are refused with a
message naming the field and its limit, and nothing is stored. On SQLite the over-length text used to be
stored silently, on PostgreSQL it was a 500: the same refusal on both now.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from daihoi.congresses.models import AgendaItem, Congress, Delegate, OpenVote
from daihoi.elections.models import BallotEntry, Election, Round

BIG = "99999999999999999999"  # 20 digits: beyond a 64-bit integer
LONG = "Đ" * 1000


def _objects(org):
    last = Congress.objects.filter(organization=org).order_by("-number").first()
    first = Congress.objects.filter(organization=org).order_by("number").first()
    election = Election.objects.filter(congress=last).first()
    return {
        "org": org.code,
        "c": last.pk,
        "c10": first.pk,
        "e": election.pk,
        "d": last.delegates.order_by("number").first().pk,
        "cand": election.candidates.order_by("pk").first().pk,
    }


# (case, login, method, url, data, content type, expected status)
CASES = [
    ("delegate=abc", "tochuc", "post", "/c/{org}/{c}/delegates/convene/", {"delegate": "abc"}, None, 404),
    ("delegate=BIG", "tochuc", "post", "/c/{org}/{c}/delegates/convene/", {"delegate": BIG}, None, 404),
    ("item=abc", "chutich", "post", "/c/{org}/{c}/agenda/current/", {"item": "abc"}, None, 404),
    ("seats_vote=abc", "tochuc", "post", "/e/{org}/{e}/decide-seats/", {"vote": "abc"}, None, 302),
    ("rows=abc", "tochuc", "post", "/t/{org}/confirm/", {"rows": "abc", "f-term": "2020-2025"}, None, 400),
    ("?branch=abc", "tochuc", "get", "/c/{org}/{c}/attendance/?branch=abc", None, None, 404),
    (
        "seats=BIG (new election)",
        "tochuc",
        "post",
        "/e/{org}/congress/{c}/new/",
        {"kind": "delegates", "title": "Bầu đại biểu", "seats": BIG},
        None,
        400,
    ),
    (
        "seats=BIG (open vote)",
        "chutich",
        "post",
        "/c/{org}/{c}/votes/",
        {"kind": "seats", "title": "Số lượng", "seats": BIG},
        None,
        400,
    ),
    ("offset=BIG (audit API)", "tochuc", "get", "/api/audit/{org}/entries?offset=" + BIG, None, None, 422),
    (
        "offset=BIG (members API)",
        "tochuc",
        "get",
        "/api/organizations/{org}/members?offset=" + BIG,
        None,
        None,
        422,
    ),
    ("election id BIG", "tochuc", "get", "/e/{org}/" + BIG + "/", None, None, 404),
    (
        "election id BIG (API)",
        "kiemphieu",
        "get",
        "/api/elections/{org}/" + BIG + "/rounds/1/result",
        None,
        None,
        422,
    ),
    (
        "returned=-1",
        "kiemphieu",
        "post",
        "/e/{org}/{e}/rounds/1/counts/",
        {"issued": "10", "returned": "-1"},
        None,
        400,
    ),
    (
        "ballot of 5,000 digits",
        "kiemphieu",
        "post",
        "/e/{org}/{e}/rounds/1/count/",
        {"clerk": "1", "position": "1", "text": "1" * 5000},
        None,
        200,  # the count page again, the ballot refused with its message (a number beyond the list)
    ),
    (
        "ballot of 5,000 digits (API)",
        "kiemphieu",
        "post",
        "/api/elections/{org}/{e}/rounds/1/ballots",
        '{"clerk": 1, "position": 1, "text": "' + "1" * 5000 + '"}',
        "application/json",
        422,
    ),
    (
        "multipart without boundary",
        "tochuc",
        "post",
        "/c/{org}/{c}/agenda/",
        b"title=x",
        "multipart/form-data",
        400,
    ),
    (
        "title of 1,000 characters",
        "chutich",
        "post",
        "/c/{org}/{c}/agenda/",
        {"title": LONG, "kind": "other"},
        None,
        400,
    ),
    (
        "guest name of 1,000 characters",
        "tochuc",
        "post",
        "/c/{org}/{c}/delegates/guest/",
        {"full_name": LONG, "title": "Khách mời"},
        None,
        400,
    ),
    (
        "reason of 1,000 characters",
        "tochuc",
        "post",
        "/c/{org}/{c}/delegates/absence/",
        {"delegate": "{d}", "reason": LONG, "accepted": "1"},
        None,
        400,
    ),
]


# What the 400 page says for the cases refused by their field's bounds (field and limit, in Vietnamese).
SAYS = {
    "rows=abc": "“số dòng” phải là số nguyên từ 0 đến 500 (đã nhập “abc”).",
    "seats=BIG (new election)": "“số lượng” phải là số nguyên từ 0 đến 2147483647 (đã nhập “" + BIG + "”).",
    "seats=BIG (open vote)": "“số lượng” phải là số nguyên từ 0 đến 2147483647 (đã nhập “" + BIG + "”).",
    "returned=-1": "“số phiếu thu về” phải là số nguyên từ 0 đến 2147483647 (đã nhập “-1”).",
    "title of 1,000 characters": "“tiêu đề” chỉ được tối đa 255 ký tự (đã nhập 1000 ký tự).",
    "guest name of 1,000 characters": "“họ và tên” chỉ được tối đa 128 ký tự (đã nhập 1000 ký tự).",
    "reason of 1,000 characters": "“lý do vắng mặt” chỉ được tối đa 255 ký tự (đã nhập 1000 ký tự).",
}


def _counts():
    return (
        AgendaItem.objects.count(),
        Delegate.objects.count(),
        OpenVote.objects.count(),
        Election.objects.count(),
        Round.objects.filter(returned__lt=0).count(),
        BallotEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("case", "login", "method", "url", "data", "content_type", "expected"),
    [pytest.param(*case, id=case[0]) for case in CASES],
)
def test_bad_input_is_refused_not_a_server_error(
    demo, db, client, case, login, method, url, data, content_type, expected
):
    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(username=login))
    ids = _objects(demo)
    url = url.format(**ids)
    if isinstance(data, dict):
        data = {k: v.format(**ids) if "{" in v else v for k, v in data.items()}
    before = _counts()
    kwargs = {"content_type": content_type} if content_type else {}
    response = (
        getattr(client, method)(url, data, **kwargs) if data is not None else getattr(client, method)(url)
    )
    assert response.status_code == expected, (
        response.status_code,
        response.content[:300].decode(errors="replace"),
    )
    assert _counts() == before  # nothing stored
    if response.status_code == 400 and "text/html" in response["Content-Type"]:
        page = response.content.decode()
        assert '<html lang="vi">' in page
        assert 'data-status="400"' in page
        if case in SAYS:
            assert SAYS[case] in page.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&quot;", '"')
            assert "Chưa có gì được lưu" in page
