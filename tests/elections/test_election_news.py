"""The draft news report: the seed's style (title, "x/y đảng viên … tại n chi bộ trực thuộc", results)."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from daihoi.documents import render_pdf
from daihoi.documents.preview import pdf_to_png
from daihoi.elections import news, services

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_draft_and_edit(client, session, committee_election, django_user_model):
    rnd = services.set_counts(committee_election.rounds.get(), issued=48, returned=48)
    for clerk in (1, 2):
        for p in range(1, 49):
            services.enter_ballot(rnd, clerk=clerk, position=p, text="9 10")
    services.close_round(rnd)
    assert "gồm 8 đồng chí" not in news.draft(session)  # counted, not yet announced
    committee_election.refresh_from_db()
    services.announce(committee_election)
    text = news.draft(session)
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ X, nhiệm kỳ 2020 - 2025"
    assert paragraphs[1].startswith("Ngày 16/6, Đảng bộ Văn phòng UBND tỉnh tổ chức Đại hội lần thứ X")
    # 48 of the 50 official members (voters) came; the 3 probationary members attend without a vote
    # and are not counted ("x/y" = voters present / voters convened), as in the seed.
    assert "48/50 đảng viên đang sinh hoạt tại 5 chi bộ trực thuộc" in text
    assert "gồm 8 đồng chí" in text
    pdf = render_pdf(news.news_document(text))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "election-news.png").write_bytes(pdf_to_png(pdf, 0, dpi=70))
    admin = django_user_model.objects.create_superuser("news-admin", password=None)
    client.force_login(admin)
    url = reverse(
        "elections:news", kwargs={"org_code": session.organization.code, "pk": committee_election.pk}
    )
    client.post(url + "save/", {"text": "Tiêu đề\n\nĐoạn đã sửa."})
    committee_election.refresh_from_db()
    assert committee_election.news_text == "Tiêu đề\n\nĐoạn đã sửa."
    assert client.get(url + "?format=docx").content[:2] == b"PK"
