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
    """Every page of the PDF as test-artifacts/voting-documents/<stem>-<n>.png (pdftoppm, 60 dpi)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{stem}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / stem)], check=True)
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
