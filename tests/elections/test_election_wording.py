"""No English word, raw code or Python value on the election pages and printed records (minutes, list of
the elected, entry log): codes in words (daihoi.elections.labels), the list's surplus or shortfall, and the
threshold base written out as the regulation words it, never as a bare "D"."""

from __future__ import annotations

import io
import json
import re
import typing
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.core.election.result import Status
from daihoi.core.election.validity import REASONS
from daihoi.documents import render_docx, render_pdf
from daihoi.elections import labels, minutes, services
from daihoi.elections.models import EntryLog
from daihoi.elections.projector import panel_context

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ELECTIONS_SRC = Path(services.__file__).resolve().parent


def _log_actions_in_source() -> set[str]:
    """Every EntryLog action the elections code writes (action="…" / action = "…")."""
    found: set[str] = set()
    for path in ELECTIONS_SRC.rglob("*.py"):
        if "migrations" in path.parts or path.name in ("views.py", "labels.py"):
            continue
        found |= set(re.findall(r'\baction\s*=\s*"(\w+)"', path.read_text(encoding="utf-8")))
    return found


ACTIONS = _log_actions_in_source()
STATUSES = set(typing.get_args(Status))
REASON_CODES = {str(r) for r in REASONS}
PROPOSALS = set(services.PROPOSALS)
# Raw codes and English words that must never reach a Vietnamese reader.
FORBIDDEN = sorted(
    ACTIONS | STATUSES | REASON_CODES | PROPOSALS | {"valid", "invalid", "votes", "system", "surplus"}
)
WORD = {code: re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])", re.IGNORECASE) for code in FORBIDDEN}
BARE_D = re.compile(r"(?<!\w)D(?!\w)")


def test_codes_are_found_in_the_source():
    """The lists the other tests check against come from the source, so a new code cannot slip by."""
    assert {"counts", "entered", "changed", "resolved", "totals", "closed"} <= ACTIONS
    assert {"complete", "revote", "shortfall"} <= STATUSES
    assert {"identifying_mark", "not_issued", "added_name"} <= REASON_CODES
    assert {"allow", "refuse", "remove"} == PROPOSALS


def _no_code(text: str, where: str) -> None:
    for code, pattern in WORD.items():
        match = pattern.search(text)
        assert match is None, (where, code, text[max(match.start() - 80, 0) : match.end() + 80])
    for python in ("{'", '{"', "None", "True", "False", "!identifying", "!not_issued", "!added"):
        assert python not in text, (where, python)
    match = BARE_D.search(text)
    assert match is None, (where, "D", text[max(match.start() - 80, 0) : match.end() + 80])


def test_every_code_has_a_vietnamese_label():
    with translation.override("vi"):
        for code in ACTIONS:
            assert labels.action_label(code) not in ("", code), code
            _no_code(labels.action_label(code), code)
        for code in REASON_CODES:
            assert labels.flag_label(code) not in ("", code), code
            _no_code(labels.flag_label(code), code)
        for code in STATUSES:
            label = labels.result_status_label(code)
            assert label not in ("", code), code
            assert label[0].isupper(), label  # a status label, capitalized
            _no_code(label, code)
        for code in PROPOSALS:
            assert labels.proposal_label(code) not in ("", code), code
            _no_code(labels.proposal_label(code), code)
        assert labels.result_status_label("shortfall") == "Chưa bầu đủ số lượng"
        assert labels.proposal_label("remove") == "đưa ra khỏi danh sách do vi phạm"
        assert labels.action_label("totals") == "Số tổng kiểm phiếu thủ công"


# ------------------------------------------------------------------------------------------ fixtures


@pytest.fixture
def users(session, django_user_model):
    out = {}
    for role in (Role.ORGANIZER, Role.COUNTING_COMMITTEE):
        u = django_user_model.objects.create_user(username=f"w-{role.value}", password="pw")
        RoleAssignment.objects.create(user=u, organization=session.organization, role=role)
        out[role.value] = u
    # The second entry of a stack is typed by another member of the counting committee.
    u = django_user_model.objects.create_user(username="w-clerk-2", password="pw")
    RoleAssignment.objects.create(user=u, organization=session.organization, role=Role.COUNTING_COMMITTEE)
    out["clerk2"] = u
    return out


def _url(election, name, **kw):
    return reverse(f"elections:{name}", kwargs={"org_code": election.congress.organization.code,
                                                "pk": election.pk, **kw})  # fmt: skip


@pytest.fixture
def counted(committee_election, users):
    """Round 1 counted (48 ballots, 2 clerks): a change, the three committee flags, an entry the engine
    finds invalid, a discrepancy the committee resolves and a ballot it rules valid."""
    actor = users["counting_committee"]
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48, actor=actor)
    texts = ["9 10"] * 42 + ["10", "8 10", "7 10 !identifying_mark", "9 10 !not_issued", "t", "8 10"]
    clerks = {1: actor, 2: users["clerk2"]}
    for clerk in (1, 2):
        for p, t in enumerate(texts, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t, confirm=True, actor=clerks[clerk])
    services.enter_ballot(rnd, clerk=1, position=1, text="8 10", actor=actor)  # changed
    services.enter_ballot(rnd, clerk=2, position=48, text="8 9", actor=clerks[2])  # disagrees with clerk 1
    services.resolve_ballot(rnd, position=1, text="9 10", actor=actor)
    services.resolve_ballot(rnd, position=48, text="8 10", actor=actor)
    services.resolve_ballot(
        rnd, position=43, text="10", valid=True, reason="Ý chí cử tri rõ ràng", actor=actor
    )
    return services.close_round(rnd, actor=actor)


def _visible_text(html: str) -> str:
    """What a reader sees: text outside scripts and styles, and the placeholder/title/alt attributes."""

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            for name, value in attrs:
                if name in ("placeholder", "title", "alt", "aria-label") and value:
                    self.parts.append(value)

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Parser()
    parser.feed(html)
    return unicodedata.normalize("NFC", " ".join(" ".join(parser.parts).split()))


def _pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return unicodedata.normalize("NFC", " ".join(" ".join(parts).split()))


# ------------------------------------------------------------------------------------------ pages


def test_pages_of_a_counted_election_are_in_words(client, users, counted, session):
    election = counted.election
    client.force_login(users["counting_committee"])
    pages = {
        "list": reverse(
            "elections:list", kwargs={"org_code": session.organization.code, "congress_pk": session.pk}
        ),
        "detail": _url(election, "detail"),
        "count": _url(election, "count", number=1) + "?clerk=1",
        "totals": _url(election, "totals", number=1),
        "reconcile": _url(election, "reconcile", number=1),
        "log": _url(election, "log", number=1, fmt="html"),
        "result": _url(election, "result", number=1),
        "news": _url(election, "news"),
    }
    texts = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        texts[name] = _visible_text(response.content.decode())
        _no_code(texts[name], name)
    result = texts["result"]
    assert counted.result["status"] == "complete"
    assert "Đã bầu đủ số lượng" in result
    assert (
        "Căn cứ tính kết quả bầu cử: số đảng viên chính thức được triệu tập (50) trừ số đảng viên đang sinh "
        "hoạt đảng tạm thời ở tổ chức đảng khác (0)" in result
    )
    assert "vắng mặt suốt thời gian đại hội có lý do được chấp nhận (2), còn 48" in result
    assert "trúng cử khi đạt quá một nửa số này, tức từ 25 phiếu trở lên" in result
    assert "Tỷ lệ % so với số đảng viên chính thức được triệu tập (đã trừ theo quy định)" in result
    assert "có ký tên, đánh dấu hoặc viết thêm: 1" in result  # the invalid reasons, in words
    assert "Đã bầu đủ số lượng" in texts["detail"]  # the rounds table
    # The entry log page, every line; the reconcile page shows the latest ones.
    log = texts["log"]
    for words in ("Phát ra/thu về", "Phát ra 48 phiếu, thu về 48 phiếu", "Nhập", "Sửa",
                  "Ban Kiểm phiếu kết luận", "Kiểm phiếu xong", "Đã bầu đủ số lượng", "Gạch tên số 8, 10",
                  "Gạch tên số 7, 10; không hợp lệ: có ký tên, đánh dấu hoặc viết thêm",
                  "Không gạch tên nào; không hợp lệ: ghi thêm tên người ngoài danh sách",
                  "Gạch tên số 10 — kết luận hợp lệ: Ý chí cử tri rõ ràng"):  # fmt: skip
        assert words in log, words
    for words in ("Kiểm phiếu xong", "Đã bầu đủ số lượng", "Ban Kiểm phiếu kết luận", "phiếu số 48",
                  "kết luận hợp lệ: Ý chí cử tri rõ ràng", "người nhập 2"):  # fmt: skip
        assert words in texts["reconcile"], words


def test_projector_panel_in_words(counted):
    election = counted.election
    with translation.override("vi"):
        html = render_to_string("elections/_projector.html", {"panel": panel_context(election)})
    text = _visible_text(html)
    _no_code(text, "projector")
    assert "Số đảng viên chính thức được triệu tập (đã trừ theo quy định): 48" in text
    assert "trúng cử khi đạt từ 25 phiếu trở lên" in text


def test_shortfall_status_and_discrepancy_on_the_pages(client, users, committee_election):
    """A round with 1 valid ballot of 3 (nobody above half of 48); a discrepancy shown in words."""
    client.force_login(users["counting_committee"])
    actor = users["counting_committee"]
    rnd = services.set_counts(committee_election.rounds.get(), issued=3, returned=3, actor=actor)
    for clerk, texts in ((1, ["9 10", "k", "8 10 !p"]), (2, ["9 10", "k", "7 10"])):
        for p, t in enumerate(texts, start=1):
            who = actor if clerk == 1 else users["clerk2"]
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t, confirm=True, actor=who)
    page = _visible_text(client.get(_url(committee_election, "reconcile", number=1)).content.decode())
    _no_code(page, "reconcile with a discrepancy")
    assert "Gạch tên số 8, 10; không hợp lệ: không phải phiếu do Ban Kiểm phiếu phát ra" in page
    assert "Gạch tên số 7, 10" in page
    services.resolve_ballot(rnd, position=3, text="7 10", actor=actor)
    services.close_round(rnd, actor=actor)
    for name in ("result", "detail"):
        url = _url(committee_election, name, number=1) if name == "result" else _url(committee_election, name)
        text = _visible_text(client.get(url).content.decode())
        _no_code(text, name)
        assert "Chưa bầu đủ số lượng" in text, name


def test_withdrawal_proposals_in_words(client, users, session, helpers):
    election = helpers.seated(session, "inspection_committee", 3)
    members = helpers.official_members(session)[:5]
    for m in members:
        services.nominate(election, m)
    for candidate, proposal in zip(
        election.candidates.order_by("id"), ("allow", "refuse", "remove"), strict=False
    ):
        services.request_withdrawal(candidate, reason="Lý do sức khỏe", proposal=proposal)
    client.force_login(users["organizer"])
    text = _visible_text(client.get(_url(election, "detail")).content.decode())
    _no_code(text, "detail with withdrawals")
    for words in ("Đoàn Chủ tịch đề nghị: cho rút khỏi danh sách",
                  "Đoàn Chủ tịch đề nghị: không cho rút khỏi danh sách",
                  "Đoàn Chủ tịch đề nghị: đưa ra khỏi danh sách do vi phạm"):  # fmt: skip
        assert words in text, words


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (0, "Chưa có người nào trong danh sách cho 9 chỗ."),
        (5, "5 người cho 9 chỗ: thiếu 4."),
        (9, "9 người cho 9 chỗ: không dư."),
        (11, "11 người cho 9 chỗ: dư 2 (tối đa"),
    ],
)
def test_list_surplus_wording(client, users, session, helpers, names, expected):
    election = helpers.seated(session, "executive_committee", 9)
    for m in helpers.official_members(session)[:names]:
        services.nominate(election, m)
    client.force_login(users["organizer"])
    text = _visible_text(client.get(_url(election, "detail")).content.decode())
    assert expected in text
    assert "dư -" not in text
    assert "dư 0" not in text
    _no_code(text, f"detail with {names} names")


# ------------------------------------------------------------------------------------------ entry log


def test_describe_log_entry_any_stored_format(counted):
    rnd = counted
    first, second = (rc.candidate.full_name for rc in rnd.entries.order_by("position")[:2])
    as_python = str(
        {"valid": 40, "invalid": {"identifying_mark": 2, "too_many": 0}, "votes": {"1": 30, "2": 25}}
    )
    as_json = json.dumps({"valid": 40, "invalid": {"identifying_mark": 2}, "votes": {"2": 25, "1": 30}})
    with translation.override("vi"):

        def words(action, content):
            return labels.describe_log_entry(EntryLog(round=rnd, action=action, content=content))

        expected = (
            "Hợp lệ 40; không hợp lệ 2 (có ký tên, đánh dấu hoặc viết thêm: 2); "
            f"số phiếu bầu: 1. {first} 30, 2. {second} 25"
        )
        assert words("totals", as_python) == expected
        assert words("totals", as_json) == expected
        assert words("totals", '{"valid": 3, "invalid": {}, "votes": {}}') == "Hợp lệ 3; không hợp lệ 0"
        assert words("entered", "9, 10 !identifying_mark") == (
            "Gạch tên số 9, 10; không hợp lệ: có ký tên, đánh dấu hoặc viết thêm"
        )
        assert words("entered", "—") == "Không gạch tên nào"
        assert words("changed", "— !added_name") == (
            "Không gạch tên nào; không hợp lệ: ghi thêm tên người ngoài danh sách"
        )
        assert words("resolved", "10 — ruled valid: rõ ý chí") == "Gạch tên số 10 — kết luận hợp lệ: rõ ý chí"
        assert words("counts", "48/48") == "Phát ra 48 phiếu, thu về 48 phiếu"
        for status in STATUSES:
            assert words("closed", status) == labels.result_status_label(status)


def test_describe_ballot_without_surplus():
    from daihoi.core.election.ballots import BallotForm

    with translation.override("vi"):
        assert labels.describe_ballot("1120", "", BallotForm.NO_SURPLUS) == (
            "Đồng ý: số 1, 2; không đồng ý: số 3; không đánh dấu ô nào: số 4"
        )
        assert labels.describe_ballot("3", "", BallotForm.SINGLE) == "Đánh dấu cả hai ô: số 1"


def test_entry_log_and_minutes_documents_in_words(counted):
    rnd = counted
    info = minutes.round_info(rnd)
    documents = {
        "entry-log": minutes.build_entry_log(rnd, info),
        "minutes": minutes.round_minutes(rnd),
        "elected": minutes.build_elected_list(rnd.result, info),
    }
    pdfs = {}
    for name, doc in documents.items():
        pdfs[name] = render_pdf(doc)
        for fmt, text in (("pdf", _pdf_text(pdfs[name])), ("docx", _docx_text(render_docx(doc)))):
            _no_code(text, f"{name}.{fmt}")
            if name == "entry-log":
                for words in ("Phát ra/thu về", "Phát ra 48 phiếu, thu về 48 phiếu", "Nhập", "Sửa",
                              "Ban Kiểm phiếu kết luận", "Kiểm phiếu xong", "Đã bầu đủ số lượng",
                              "không hợp lệ: có ký tên, đánh dấu hoặc viết thêm", "Gạch tên số 9, 10",
                              "kết luận hợp lệ: Ý chí cử tri rõ ràng"):  # fmt: skip
                    assert words in text, (fmt, words)
            if name == "minutes":
                assert "Căn cứ tính kết quả bầu cử: số đảng viên chính thức được triệu tập (50)" in text, fmt
                assert "Tỷ lệ % so với số đảng viên chính thức được triệu tập (đã trừ theo quy định)" in text
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("entry-log", "minutes"):
        (ARTIFACTS / f"election-wording-{name}.pdf").write_bytes(pdfs[name])


def test_hand_count_totals_in_the_log(client, users, committee_election):
    """A hand-counted round: the totals line reads in words on the page and in the entry-log PDF."""
    actor = users["counting_committee"]
    rnd = services.set_aggregate(committee_election.rounds.get(), True, actor=actor)
    rnd = services.set_counts(rnd, issued=48, returned=48, actor=actor)
    services.enter_totals(rnd, votes={1: 46, 2: 44}, valid=46, invalid={"identifying_mark": 2}, actor=actor)
    name = rnd.entries.get(position=1).candidate.full_name
    client.force_login(actor)
    page = _visible_text(client.get(_url(committee_election, "reconcile", number=1)).content.decode())
    _no_code(page, "reconcile, hand count")
    assert (
        f"Hợp lệ 46; không hợp lệ 2 (có ký tên, đánh dấu hoặc viết thêm: 2); số phiếu bầu: 1. {name} 46"
        in page
    )
    pdf = render_pdf(minutes.build_entry_log(rnd, minutes.round_info(rnd)))
    text = _pdf_text(pdf)
    _no_code(text, "entry log, hand count")
    assert "Số tổng kiểm phiếu thủ công" in text
    assert f"1. {name} 46" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "election-wording-entry-log-totals.pdf").write_bytes(pdf)


def test_entry_log_page_needs_the_count_permission(client, session, committee_election, django_user_model):
    from daihoi.accounts.permissions import PERMISSIONS

    url = _url(committee_election, "log", number=1, fmt="html")
    for role in Role:
        user = django_user_model.objects.create_user(username=f"log-{role.value}", password="pw")
        RoleAssignment.objects.create(user=user, organization=session.organization, role=role)
        client.force_login(user)
        expected = 200 if role in PERMISSIONS["election.count"] else 403
        assert client.get(url).status_code == expected, role
    client.force_login(django_user_model.objects.get(username="log-counting_committee"))
    assert client.get(_url(committee_election, "log", number=1, fmt="txt")).status_code == 404
