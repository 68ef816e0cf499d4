"""Ballot papers (QR readable by OpenCV, identical pages), minutes, elected list and entry log as PNGs."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from daihoi.documents import render_docx, render_pdf
from daihoi.documents.preview import pdf_to_png
from daihoi.elections import ballots, minutes, services

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _save(name, png):
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(png)


def _decode_qr(pdf, page=0):
    cv2 = pytest.importorskip("cv2")
    import numpy as np
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=200 / 72).to_pil().convert("L")
    data, _points, _ = cv2.QRCodeDetector().detectAndDecode(np.array(image))
    return data


def _page_hashes(pdf):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(doc)):
        buf = io.BytesIO()
        doc[i].render(scale=1).to_pil().save(buf, format="PNG")
        out.append(hashlib.sha256(buf.getvalue()).hexdigest())
    return out


def test_surplus_ballots_qr_and_identical(session, committee_election):
    rnd = committee_election.rounds.get()
    pdf = ballots.round_ballots(rnd, copies=3)
    assert _decode_qr(pdf) == f"DAIHOI-BALLOT:e={committee_election.pk};r=1;l=surplus;n=10"
    hashes = _page_hashes(pdf)
    assert len(hashes) == 4  # 3 ballots + the specimen
    assert len(set(hashes[:3])) == 1  # no serial, nothing per voter
    assert hashes[3] != hashes[0]  # the specimen is marked
    _save("election-ballot-surplus-a5.png", pdf_to_png(pdf, 0, dpi=90))
    _save("election-ballot-specimen.png", pdf_to_png(pdf, 3, dpi=60))


def test_no_surplus_ballot_a4(session, helpers):
    election = services.create_election(session, kind="delegates", seats=4, paper_size="A4")
    for m in helpers.official_members(session)[:4]:
        services.nominate(election, m)
    rnd = services.approve_list(election, helpers.closed_vote(session, "ballot_list", election=election))
    pdf = ballots.round_ballots(rnd, copies=1, specimen=False)
    assert _decode_qr(pdf) == f"DAIHOI-BALLOT:e={election.pk};r=1;l=no_surplus;n=4"
    _save("election-ballot-no-surplus-a4.png", pdf_to_png(pdf, 0, dpi=70))


def _counted(committee_election):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    texts = ["9 10"] * 45 + ["10", "8 10", "7 10 !identifying_mark"]
    for clerk in (1, 2):
        for p, t in enumerate(texts, start=1):
            services.enter_ballot(rnd, clerk=clerk, position=p, text=t, confirm=True)
    return services.close_round(rnd)


def test_minutes_docx_and_pdf(session, committee_election):
    rnd = _counted(committee_election)
    doc = minutes.round_minutes(rnd)
    pdf = render_pdf(doc)
    text = _pdf_text(pdf)
    # Every field of §6.6, in order.
    order = [
        "ĐẢNG CỘNG SẢN VIỆT NAM", "BIÊN BẢN KIỂM PHIẾU", "biểu quyết số lượng", "danh sách bầu cử",
        "Ban Kiểm phiếu gồm", "triệu tập", "có mặt", "vắng mặt", "phát ra", "thu về", "hợp lệ",
        "không hợp lệ", "Kết quả kiểm phiếu", "trúng cử", "TRƯỞNG BAN",
    ]  # fmt: skip
    at = 0
    for key in order:  # each field found after the previous one
        found = text.find(key, at)
        assert found >= 0, (key, text[at : at + 200])
        at = found + len(key)
    assert "95,83%" in text  # 46 valid ballots keep names 1-6: 46 votes of D = 48
    for line in ("chính thức được triệu tập: 50", "Số đảng viên chính thức có mặt lúc bầu cử: 48",
                 "Số đảng viên chính thức vắng mặt lúc bầu cử: 2",
                 "Số phiếu phát ra: 48; số phiếu thu về: 48"):  # fmt: skip
        assert line in text, line
    flat = " ".join(text.split())
    assert (
        "Căn cứ tính kết quả bầu cử: số đảng viên chính thức được triệu tập (50) trừ số đảng viên đang sinh "
        "hoạt đảng tạm thời ở tổ chức đảng khác (0)" in flat
    )
    assert "vắng mặt suốt thời gian đại hội có lý do được chấp nhận (2), còn 48" in flat
    assert "từ 25 phiếu trở lên" in flat
    assert "có chữ ký, ký hiệu" in text or "identifying" not in text
    _save("election-minutes-p1.png", pdf_to_png(pdf, 0, dpi=70))
    _save("election-minutes-p2.png", pdf_to_png(pdf, 1, dpi=70))
    docx = render_docx(doc)
    assert docx[:2] == b"PK"
    elected = render_pdf(minutes.build_elected_list(rnd.result, minutes.round_info(rnd)))
    _save("election-elected.png", pdf_to_png(elected, 0, dpi=70))
    log = render_pdf(minutes.build_entry_log(rnd, minutes.round_info(rnd)))
    assert "Nhật ký nhập phiếu".upper() in _pdf_text(log).upper()
    _save("election-entry-log.png", pdf_to_png(log, 0, dpi=70))


def _pdf_text(pdf):
    import unicodedata

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    return unicodedata.normalize(
        "NFC", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    )


def test_minutes_docx_through_libreoffice(session, committee_election):
    """The Word minutes as Word shows them (LibreOffice), page 1 to PNG; skipped without soffice."""
    from daihoi.documents.preview import docx_to_pdf, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    rnd = _counted(committee_election)
    pdf = docx_to_pdf(render_docx(minutes.round_minutes(rnd)))
    text = _pdf_text(pdf)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "95,83%" in text
    _save("election-minutes-docx-p1.png", pdf_to_png(pdf, 0, dpi=70))
    _save("election-minutes-docx-p2.png", pdf_to_png(pdf, 1, dpi=70))


def test_long_list_flows_into_columns():
    """60 names with surplus on A4: three columns of readable lines; the QR still decodes."""
    spec = {
        "paper": "A4", "form": "surplus", "title": "PHIẾU BẦU CỬ",
        "body": "Ban Chấp hành Đảng bộ tỉnh khóa XV",
        "round_note": "", "names": [f"Nguyễn Thị Thanh Hương {i}" for i in range(1, 61)],
        "columns": [], "instructions": "Gạch ngang cả họ và tên người không bầu.", "seal_label": "(đóng dấu)",
        "specimen": "MẪU", "qr": ballots.qr_payload(7, 1, "surplus", 60),
    }  # fmt: skip
    pdf = ballots.render_ballots(spec, 1, specimen=False)
    assert _decode_qr(pdf) == "DAIHOI-BALLOT:e=7;r=1;l=surplus;n=60"
    text = _pdf_text(pdf)
    assert "Nguyễn Thị Thanh Hương 60" in text
    _save("election-ballot-long-list-a4.png", pdf_to_png(pdf, 0, dpi=70))


def test_election_records_the_paper_its_ballots_are_printed_on(session, helpers):
    """A 41-name list chosen on A5 is printed on A4 (names never below 11 pt): the election then says A4,
    the audit line of the approved list says A4, and the PDF is A4; a 4-name list stays on A5."""
    import pypdfium2 as pdfium

    from daihoi.audit.models import AuditEntry

    members = helpers.official_members(session)[:41]
    assert len(members) == 41
    long = services.create_election(session, kind="delegates", seats=41, paper_size="A5")
    for m in members:
        services.nominate(long, m)
    rnd = services.approve_list(long, helpers.closed_vote(session, "ballot_list", election=long))
    long.refresh_from_db()
    assert long.paper_size == "A4"
    entry = AuditEntry.objects.filter(action="election.list.approved").latest("pk")
    assert entry.data["paper"] == "A4"
    page = pdfium.PdfDocument(ballots.round_ballots(rnd, copies=1, specimen=False))[0]
    assert round(page.get_width()) == 595

    short = services.create_election(session, kind="delegates", seats=4, paper_size="A5")
    for m in members[:4]:
        services.nominate(short, m)
    rnd = services.approve_list(short, helpers.closed_vote(session, "ballot_list", election=short))
    short.refresh_from_db()
    assert short.paper_size == "A5"
    page = pdfium.PdfDocument(ballots.round_ballots(rnd, copies=1, specimen=False))[0]
    assert round(page.get_width()) == 420  # A5
