"""The approval decision document (quyết định chuẩn y) read back from Word, and its PDF rendered."""

from __future__ import annotations

import datetime as dt
import io
import os
import re

import docx
from django.utils import timezone

from daihoi.congresses import dossier as congress_dossier
from daihoi.documents.exporters import render_document
from daihoi.dossier_docs.approval_decision import approval_decision
from daihoi.dossier_docs.common import elected_rows
from daihoi.elections.models import Election, ElectionKind
from daihoi.seasons.services.approval import approve_submission, submit_for_approval


def _approved(world):
    congress, lower_user = world["congress"], world["users"]["lower-organizer"]
    congress_dossier.set_numbers(
        congress, {"approval_submission": (12, dt.date(2020, 6, 20))}, actor=lower_user
    )
    submission = submit_for_approval(congress, actor=lower_user)
    Submission = type(submission)
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(2020, 6, 22, 9, 0))
    )
    submission.refresh_from_db()
    return approve_submission(
        submission,
        decision_number="125-QĐ/ĐUK",
        decision_date=dt.date(2020, 7, 2),
        actor=world["users"]["superior-organizer"],
    )


def _text(document) -> str:
    data = render_document(document, "docx")
    parsed = docx.Document(io.BytesIO(data))
    parts = [p.text for p in parsed.paragraphs]
    for table in parsed.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_decision_names_the_superior_the_grounds_and_every_elected(world, tmp_path):
    submission = _approved(world)
    document = approval_decision(submission)
    text = _text(document)
    assert "Số 125-QĐ/ĐUK" in text
    assert "ĐẢNG ỦY KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in text.upper()
    assert "ngày 02 tháng 7 năm 2020" in text
    assert "QUYẾT ĐỊNH" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH" in text
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in text
    assert "Tờ trình số 12-TTr/ĐU ngày 20/06/2020 của Đảng ủy Văn phòng UBND tỉnh" in text
    for article in ("Điều 1.", "Điều 2.", "Điều 3."):
        assert article in text
    committee = Election.objects.get(congress=world["congress"], kind=ElectionKind.EXECUTIVE_COMMITTEE)
    elected, _alternates = elected_rows(committee)
    assert len(elected) == 8
    for row in elected:
        assert row["name"] in text
    assert "08 đồng chí" in text
    assert "T/M BAN THƯỜNG VỤ" in text.upper()
    assert "Nơi nhận" in text
    # No English, no code on the Vietnamese page.
    for word in ("Decision", "Article", "approval", "None", "executive_committee"):
        assert not re.search(rf"\b{word}\b", text), word
    pdf = render_document(document, "pdf")
    assert pdf.startswith(b"%PDF")
    out = os.environ.get("APPROVAL_DECISION_PDF")
    if out:  # to look at it: APPROVAL_DECISION_PDF=/tmp/decision.pdf pytest ...
        with open(out, "wb") as handle:
            handle.write(pdf)
