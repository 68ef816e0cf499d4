"""The documents of a congress that votes on phones: the election rules state the congress's ballot form;
the counting minutes, the elected list, the results announcement, the congress minutes and the election's
result page state how many ballots were cast electronically and on paper; the record of an open vote
taken on phones states the cards and the phones, with the phones' choices by delegate in an annex.

Each document is read back from Word (python-docx) and from the PDF (pdftotext), and its pages are
written as PNG to test-artifacts/voting-documents/ (pdftoppm) to be looked at.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from daihoi.documents import render_docx, render_pdf
from daihoi.elections import minutes, services
from daihoi.voting.services import devices as device_services
from daihoi.voting.services import polls

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "voting-documents"

PHONE_VOTERS = [n for n in range(1, 49) if n not in (11, 22, 33)]  # 45 voters vote on their phones
PAPER_VOTERS = [49, 50, 51]  # 3 without a phone get a paper ballot at the desk


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def docx_text(data: bytes) -> str:
    """Every paragraph of the Word file (body and table cells, in order)."""
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(io.BytesIO(data))
    lines = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in word.element.body.iter(qn("w:p"))]
    return flat("\n".join(lines))


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return flat(out.stdout.decode("utf-8"))


def save_pngs(stem: str, pdf: bytes) -> int:
    """Every page of the PDF as test-artifacts/voting-documents/<stem>-<n>.png (pdftoppm, 80 dpi)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{stem}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(ARTIFACTS / stem)], check=True)
    return len(list(ARTIFACTS.glob(f"{stem}-*.png")))


def texts(document, stem: str | None = None) -> tuple[str, str]:
    """(Word text, PDF text) of a document model; its pages saved as PNG when `stem` is given."""
    pdf = render_pdf(document)
    if stem:
        assert save_pngs(stem, pdf) >= 1
    return docx_text(render_docx(document)), pdf_text(pdf)


def in_both(document, *phrases, absent=(), stem=None) -> tuple[str, str]:
    word, pdf = texts(document, stem)
    for phrase in phrases:
        assert phrase in word, f"Word lacks {phrase!r}"
        assert phrase in pdf, f"PDF lacks {phrase!r}"
    for phrase in absent:
        assert phrase not in word, f"Word has {phrase!r}"
        assert phrase not in pdf, f"PDF has {phrase!r}"
    return word, pdf


@pytest.fixture
def hybrid_round(e_election, phones):
    """Round 1 of the 8-seat election: 45 ballots cast on phones, 3 on paper, entered by two clerks and
    counted. 44 phones strike names 9 and 10, one strikes 1 and 2; the paper ballots strike 9 and 10
    (two) and 10 only (one)."""
    congress = e_election.congress
    devices = dict(phones)
    for n in PHONE_VOTERS:
        if n not in devices:
            code = device_services.issue_binding_code(congress.delegates.get(number=n)).code
            devices[n] = device_services.bind_device(code, label="test phone")[1]
    rnd = e_election.rounds.get()
    poll = polls.open_poll(rnd)
    for i, n in enumerate(PHONE_VOTERS):
        struck = [1, 2] if i == 0 else [9, 10]
        polls.cast_ballot(poll, devices[n], polls.read_ballot(rnd, struck=struck))
    for n in PAPER_VOTERS:
        polls.issue_paper_ballot(poll, str(n))
    polls.close_poll(poll)
    rnd.refresh_from_db()
    rnd = services.set_counts(rnd, issued=3, returned=3)
    for clerk in (1, 2):
        for position, text in enumerate(["9 10", "9 10", "10"], start=1):
            services.enter_ballot(rnd, clerk=clerk, position=position, text=text, confirm=True)
    rnd = services.close_round(rnd)
    rnd.refresh_from_db()
    assert (rnd.issued, rnd.returned, rnd.electronic) == (48, 48, 45)
    return rnd


SPLIT = (
    "Số phiếu phát ra: 48 (trong đó 45 phiếu điện tử, 3 phiếu giấy); "
    "số phiếu thu về: 48 (trong đó 45 phiếu điện tử, 3 phiếu giấy)."
)


def test_counting_minutes_of_a_hybrid_round_state_the_split(hybrid_round):
    _word, pdf = in_both(
        minutes.round_minutes(hybrid_round),
        "BIÊN BẢN KIỂM PHIẾU",
        SPLIT,
        "Phiếu điện tử và phiếu giấy được kiểm chung.",
        "Số phiếu hợp lệ: 47; số phiếu không hợp lệ: 1",
        stem="counting-minutes-hybrid",
    )
    # 46 valid ballots keep names 1-8, one keeps 3-10; the paper ballot striking 10 only keeps 9 of 8
    assert "95,83%" in pdf  # names 1 and 2: 46 of D = 48
    assert "97,92%" in pdf  # names 3 to 8: 47 of D = 48


def test_elected_list_of_a_hybrid_round_states_the_split(hybrid_round):
    info = minutes.round_info(hybrid_round)
    in_both(minutes.build_elected_list(hybrid_round.result, info), SPLIT, stem="elected-list-hybrid")


def _paper_counted(committee_election):
    """Round 1 counted on paper alone (no poll): 48 ballots issued and returned, entered twice."""
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    texts_ = ["9 10"] * 45 + ["10", "8 10", "7 10 !identifying_mark"]
    for clerk in (1, 2):
        for p, t in enumerate(texts_, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t, confirm=True)
    return services.close_round(rnd)


def _section_one(word_lines: list[str]) -> list[str]:
    start = word_lines.index("I. Số đảng viên và số phiếu")
    end = word_lines.index("II. Kết quả kiểm phiếu")
    return word_lines[start + 1 : end]


def docx_lines(data: bytes) -> list[str]:
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(io.BytesIO(data))
    return [flat("".join(t.text or "" for t in p.iter(qn("w:t")))) for p in word.element.body.iter(qn("w:p"))]


def test_a_paper_round_prints_as_before(session, committee_election):
    """No poll: the ballots line is the one it always was, and nothing speaks of phones."""
    rnd = _paper_counted(committee_election)
    assert rnd.electronic is None
    document = minutes.round_minutes(rnd)
    in_both(
        document,
        "Số phiếu phát ra: 48; số phiếu thu về: 48.",
        absent=("điện tử", "phiếu giấy", "điện thoại"),
        stem="counting-minutes-paper",
    )
    lines = _section_one(docx_lines(render_docx(document)))
    assert len(lines) == 6  # convened, present, absent, the base, issued/returned, valid/invalid
    assert lines[4] == "- Số phiếu phát ra: 48; số phiếu thu về: 48."
    assert lines[5].startswith("- Số phiếu hợp lệ: 46; số phiếu không hợp lệ: 2")
    elected = minutes.build_elected_list(rnd.result, minutes.round_info(rnd))
    in_both(elected, "DANH SÁCH TRÚNG CỬ", absent=("phiếu phát ra", "điện tử"))
    from daihoi.dossier_docs import minutes as congress_minutes
    from daihoi.dossier_docs import results

    in_both(results.results_announcement(session), "THÔNG BÁO", absent=("điện tử", "Lần 1:"))
    in_both(congress_minutes.general_minutes(session), "BIÊN BẢN ĐẠI HỘI", absent=("điện tử", "Lần 1:"))


def test_counting_minutes_section_one_of_a_hybrid_round(hybrid_round):
    lines = _section_one(docx_lines(render_docx(minutes.round_minutes(hybrid_round))))
    assert len(lines) == 7  # the paper round's six, and how the ballots were cast and counted
    assert lines[4] == f"- {SPLIT}"
    assert lines[5].startswith("- Phiếu điện tử do đại biểu bỏ trên điện thoại di động")


def test_announcement_and_congress_minutes_of_a_hybrid_round(hybrid_round):
    from daihoi.dossier_docs import minutes as congress_minutes
    from daihoi.dossier_docs import results

    congress = hybrid_round.election.congress
    line = "Lần 1: số phiếu phát ra: 48 (trong đó 45 phiếu điện tử, 3 phiếu giấy); số phiếu thu về: 48"
    in_both(results.results_announcement(congress), "THÔNG BÁO", line, stem="announcement-hybrid")
    in_both(
        congress_minutes.general_minutes(congress), "BIÊN BẢN ĐẠI HỘI", line, stem="congress-minutes-hybrid"
    )


def test_result_page_shows_the_split(client, hybrid_round, django_user_model):
    from django.urls import reverse

    from daihoi.accounts.models import Role, RoleAssignment

    congress = hybrid_round.election.congress
    user = django_user_model.objects.create_user(username="vd-organizer", password="pw")
    RoleAssignment.objects.create(user=user, organization=congress.organization, role=Role.ORGANIZER)
    client.force_login(user)
    page = client.get(
        reverse(
            "elections:result",
            kwargs={"org_code": congress.organization.code, "pk": hybrid_round.election.pk, "number": 1},
        )
    ).content.decode()
    assert 'id="ballot-split"' in page
    assert "Phiếu điện tử: 45; phiếu giấy: phát ra 3, thu về 3." in page


# ---------------------------------------------------------------- the election rules


def test_election_rules_of_a_paper_congress(session):
    from daihoi.dossier_docs import rules

    assert session.ballot_form == "paper"
    in_both(
        rules.election_rules(session),
        "QUY CHẾ BẦU CỬ",
        "Điều 3. Phiếu bầu",
        "Đại hội bầu cử bằng hình thức bỏ phiếu kín, bằng phiếu bầu in sẵn.",
        "Phiếu bầu do Ban Kiểm phiếu phát ra, có dấu của cấp ủy triệu tập Đại hội.",
        "Điều 4. Kiểm phiếu và kết quả bầu cử",
        absent=("điện tử", "điện thoại"),
        stem="election-rules-paper",
    )


def test_election_rules_of_an_electronic_congress(electronic):
    from daihoi.dossier_docs import rules

    word, _pdf = in_both(
        rules.election_rules(electronic),
        "QUY CHẾ BẦU CỬ",
        "Điều 3. Hình thức bỏ phiếu và phiếu bầu",
        "Đại hội bầu cử bằng hình thức bỏ phiếu kín. Theo hướng dẫn của Đảng ủy Khối cơ quan và doanh "
        "nghiệp tỉnh, đại biểu bỏ phiếu điện tử trên điện thoại di động của mình, kết nối mạng nội bộ của "
        "hội trường",
        "đăng ký gắn với đại biểu một lần tại bàn đón tiếp",
        "bằng mã dùng một lần",
        "Riêng thẻ đại biểu không đủ để bỏ phiếu điện tử.",
        "Đại biểu không có điện thoại được Ban Kiểm phiếu phát phiếu bầu in sẵn có dấu của cấp ủy triệu tập "
        "Đại hội",
        "Đại biểu đã bỏ phiếu điện tử không được nhận phiếu giấy",
        "danh sách đại biểu đã bỏ phiếu được lưu riêng, tách khỏi nội dung phiếu bầu",
        "kiểm chung với phiếu điện tử",
        "biên bản kiểm phiếu ghi rõ số phiếu điện tử và số phiếu giấy",
        "người bầu gạch ngang cả họ và tên người không bầu",  # the paper ballot
        stem="election-rules-electronic",
    )
    # the articles keep their order and numbers
    assert word.index("Điều 3.") < word.index("Điều 4.") < word.index("Điều 5.")


# ---------------------------------------------------------------- open votes taken on phones


@pytest.fixture
def phone_vote(electronic, phones):
    """An open vote: 30 delegates vote on phones (28 agree, 1 disagree, 1 abstains), 18 raise cards."""
    from daihoi.congresses import services as congress_services
    from daihoi.voting.services import open_votes

    vote = congress_services.create_open_vote(
        electronic, kind="other", title="Thông qua Quy chế bầu cử của Đại hội"
    )
    congress_services.open_open_vote(vote)
    for i, n in enumerate(sorted(phones)):
        open_votes.choose(vote, phones[n], "disagree" if i == 0 else "abstain" if i == 1 else "agree")
    congress_services.record_open_vote(vote, agree=18, disagree=0)
    vote = congress_services.close_open_vote(vote)
    assert (vote.agree, vote.disagree, vote.abstain) == (46, 1, 1)
    return vote


PHONE_SPLIT = (
    "Trong đó, giơ thẻ tại hội trường: tán thành 18, không tán thành 0, không biểu quyết 0; biểu quyết "
    "trên điện thoại: tán thành 28, không tán thành 1, không biểu quyết 1."
)


def test_open_vote_record_states_cards_and_phones_with_the_annex(phone_vote, phones):
    from daihoi.dossier_docs import votes

    congress = phone_vote.congress
    first = congress.delegates.get(number=sorted(phones)[0])
    word, _pdf = in_both(
        votes.open_vote_record(phone_vote),
        "BIÊN BẢN BIỂU QUYẾT",
        "bằng hình thức giơ thẻ tại hội trường và biểu quyết trên điện thoại",
        PHONE_SPLIT,
        "PHỤ LỤC",
        "Danh sách đại biểu biểu quyết trên điện thoại",
        "(Kèm theo Biên bản biểu quyết số ……-BB/ĐH ngày 16/06/2020)",
        first.full_name,
        "Cộng: 30 đại biểu",
        stem="vote-record-phones",
    )
    # one row per phone: its number, name and an X under the choice (the first disagreed)
    annex = word[word.index("PHỤ LỤC") :]
    assert f"1 {first.number} {first.full_name} X" in annex
    assert annex.count(" X") == 30
    assert "Cộng: 30 đại biểu 28 1 1" in annex


def test_open_vote_record_without_phones_is_unchanged(session):
    from daihoi.dossier_docs import votes

    vote = session.open_votes.get(kind="counting_committee")
    in_both(
        votes.open_vote_record(vote),
        "bằng hình thức giơ thẻ về nội dung sau",
        absent=("điện thoại", "PHỤ LỤC", "Trong đó, giơ thẻ"),
    )


def test_congress_minutes_state_cards_and_phones(phone_vote):
    from daihoi.dossier_docs import minutes as congress_minutes

    in_both(
        congress_minutes.general_minutes(phone_vote.congress),
        "Các nội dung có biểu quyết trên điện thoại:",
        "2. Thông qua Quy chế bầu cử của Đại hội — giơ thẻ tại hội trường: tán thành 18, không tán thành "
        "0, không biểu quyết 0; biểu quyết trên điện thoại: tán thành 28, không tán thành 1, không biểu "
        "quyết 1.",
        stem="congress-minutes-phones",
    )


# ---------------------------------------------------------------- the congress's ballot form


def test_ballot_form_is_set_and_audited(session):
    from daihoi.audit.details import details_text
    from daihoi.audit.models import AuditEntry
    from daihoi.congresses import services as congress_services

    congress_services.set_ballot_form(session, "electronic")
    session.refresh_from_db()
    assert session.ballot_form == "electronic"
    entry = AuditEntry.objects.filter(action="congress.ballot_form.changed").get()
    assert entry.data == {"ballot_form": ["paper", "electronic"]}
    assert details_text(entry) == (
        "Hình thức bỏ phiếu kín: Bằng phiếu giấy, Bỏ phiếu điện tử trên điện thoại tại hội trường (phiếu "
        "giấy cho đại biểu không có điện thoại)"
    )
    congress_services.set_ballot_form(session, "electronic")  # unchanged: nothing logged
    assert AuditEntry.objects.filter(action="congress.ballot_form.changed").count() == 1


def test_ballot_form_refuses_an_unknown_value(session):
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.errors import CongressError

    with pytest.raises(CongressError) as err:
        congress_services.set_ballot_form(session, "carrier-pigeon")
    assert err.value.code == "wrong_kind"
    assert err.value.message == "Giá trị “carrier-pigeon” không được phép ở trường “hình thức bỏ phiếu kín”."
    session.refresh_from_db()
    assert session.ballot_form == "paper"


def test_ballot_form_is_locked_once_a_poll_exists(e_election):
    from daihoi.audit.models import AuditEntry
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.errors import CongressError

    congress = e_election.congress
    assert congress_services.ballot_form_lock(congress) is None
    polls.open_poll(e_election.rounds.get())
    lock = congress_services.ballot_form_lock(congress)
    assert lock is not None
    assert lock.code == "ballot_form_poll"
    with pytest.raises(CongressError) as err:
        congress_services.set_ballot_form(congress, "paper")
    assert err.value.code == "ballot_form_poll"
    assert err.value.message == (
        f"Không thể thay đổi “hình thức bỏ phiếu kín”: đã mở bỏ phiếu điện tử để bầu {e_election.title}, "
        "lần 1."
    )
    congress.refresh_from_db()
    assert congress.ballot_form == "electronic"
    assert not AuditEntry.objects.filter(action="congress.ballot_form.changed").exists()
    congress_services.set_ballot_form(congress, "electronic")  # the same value is no change: allowed


def test_ballot_form_is_locked_once_a_round_has_counts(session, committee_election):
    from daihoi.congresses import services as congress_services
    from daihoi.congresses.errors import CongressError

    assert congress_services.ballot_form_lock(session) is None
    services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    with pytest.raises(CongressError) as err:
        congress_services.set_ballot_form(session, "electronic")
    assert err.value.code == "ballot_form_counted"
    assert "đã kiểm phiếu bầu" in err.value.message
    session.refresh_from_db()
    assert session.ballot_form == "paper"


@pytest.fixture
def organizer(session, django_user_model):
    from daihoi.accounts.models import Role, RoleAssignment

    user = django_user_model.objects.create_user(username="vd-organizer", password="pw")
    RoleAssignment.objects.create(user=user, organization=session.organization, role=Role.ORGANIZER)
    return user


def _dossier_url(congress, name):
    from django.urls import reverse

    return reverse(f"congresses:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk})


def test_dossier_page_sets_the_ballot_form_with_its_help(client, session, organizer):
    client.force_login(organizer)
    page = client.get(_dossier_url(session, "dossier")).content.decode()
    assert 'name="ballot_form"' in page
    assert (
        "Do Đại hội quyết định trong Quy chế bầu cử của Đại hội, theo hướng dẫn của cấp ủy cấp trên." in page
    )
    response = client.post(_dossier_url(session, "dossier_numbers"), {"ballot_form": "electronic"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.ballot_form == "electronic"


def test_dossier_page_refuses_a_locked_change_naming_the_field(client, e_election, organizer):
    congress = e_election.congress
    polls.open_poll(e_election.rounds.get())
    client.force_login(organizer)
    page = client.get(_dossier_url(congress, "dossier")).content.decode()
    assert 'id="ballot-form" disabled' in page
    assert "Không thể thay đổi “hình thức bỏ phiếu kín”" in page
    response = client.post(_dossier_url(congress, "dossier_numbers"), {"ballot_form": "paper"})
    assert response.status_code == 400
    assert "Không thể thay đổi “hình thức bỏ phiếu kín”: đã mở bỏ phiếu điện tử" in response.content.decode()
    congress.refresh_from_db()
    assert congress.ballot_form == "electronic"


def test_create_form_takes_the_ballot_form(client, session, organizer):
    from django.urls import reverse

    from daihoi.congresses.models import Congress

    client.force_login(organizer)
    url = reverse("congresses:create", kwargs={"org_code": session.organization.code})
    base = {"number": 11, "kind": "members", "term_start_year": 2025, "term_end_year": 2030,
            "starts_on": "10/06/2025", "ends_on": "11/06/2025"}  # fmt: skip
    assert client.post(url, {**base, "ballot_form": "electronic"}).status_code == 302
    assert Congress.objects.get(organization=session.organization, number=11).ballot_form == "electronic"
    assert client.post(url, {**base, "number": 12}).status_code == 302  # not given: paper
    assert Congress.objects.get(organization=session.organization, number=12).ballot_form == "paper"
    page = client.get(reverse("congresses:list", kwargs={"org_code": session.organization.code}))
    assert "Hình thức bỏ phiếu kín" in page.content.decode()


def test_news_draft_mentions_the_phones_once_announced(hybrid_round):
    from daihoi.elections import news

    congress = hybrid_round.election.congress
    sentence = "đại biểu bỏ phiếu điện tử trên điện thoại di động qua mạng nội bộ của hội trường"
    assert sentence not in news.draft(congress)  # not announced yet: nothing of the count is told
    services.announce(hybrid_round.election)
    text = news.draft(congress)
    assert "Đại hội bầu Ban Chấp hành" in text
    assert sentence in text
