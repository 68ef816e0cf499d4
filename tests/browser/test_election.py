"""Election of the demo congress in Debian's Chromium: the 8-member executive committee from a list of 10
(list approval, one ballot per voter present — the 48 official members present of the 50 convened; the
3 probationary members present have no vote — entered by two clerks on two devices with one deliberate
discrepancy resolved by the committee, one invalid ballot, result, announcement on the projector, minutes
downloaded and read back), then the delegation with an alternate counted by hand (48 ballots).
Screenshots in test-artifacts/.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def demo_election(transactional_db):
    """The demo congress in session, the executive committee's list of 10 and the delegation's list."""
    from daihoi.congresses.demo import build_congress
    from daihoi.congresses.models import OpenVoteKind
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo, services

    ctx = DemoContext()
    load_roll(ctx)
    congress = demo.open_session(build_congress(ctx.objects["organization"]))
    election = demo.prepare_committee(congress)
    list_vote = demo._vote(
        congress,
        OpenVoteKind.BALLOT_LIST,
        title="Thông qua danh sách bầu cử Ban Chấp hành",
        election=election,
    )
    delegation = services.create_election(congress, kind="delegates", seats=3, alternates=1)
    for member in demo._nominees(congress, 5):
        services.nominate(delegation, member)
    demo.approve(delegation)
    return congress, election, list_vote, delegation


def _page(chromium, live_server, username, **kw):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context = chromium.new_context(locale="vi-VN", accept_downloads=True,
                                   viewport=kw.pop("viewport", {"width": 1280, "height": 900}))  # fmt: skip
    context.set_default_timeout(15_000)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
                          "path": "/"}])  # fmt: skip
    return context.new_page()


def _enter_all(page, texts, wrong=None):
    """Type each ballot and press Enter; `wrong` = {position: text} typed instead (a misreading)."""
    wrong = wrong or {}
    for position, text in enumerate(texts, start=1):
        assert page.locator("#entry-position").input_value() == str(position)
        page.fill("#entry-text", wrong.get(position, text))
        page.press("#entry-text", "Enter")
        if position == len(texts) and text == "10":  # the engine flags it: keeps 9 names
            page.wait_for_function(
                "document.querySelector('#entry-answer').textContent.includes('không hợp lệ')"
            )
            page.press("#entry-text", "Enter")  # confirm: saved as invalid
        page.wait_for_function(
            "n => document.querySelector('#entry-answer').textContent.includes('Đã lưu phiếu số ' + n)",
            arg=str(position),
        )


def _pdf_text(data):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    return unicodedata.normalize(
        "NFC", " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    )


def test_election_of_the_executive_committee_and_delegation(chromium, live_server, demo_election):
    from daihoi.documents.preview import pdf_to_png
    from daihoi.elections import demo

    congress, election, list_vote, delegation = demo_election
    ARTIFACTS.mkdir(exist_ok=True)
    org = congress.organization.code
    base = f"{live_server.url}/e/{org}/{election.pk}"

    # The presidium applies the congress's open vote approving the list of 10: round 1 is frozen.
    presidium = _page(chromium, live_server, "chutich")
    presidium.goto(base + "/")
    assert presidium.locator("#candidates tbody tr").count() == 10
    presidium.click("#approve-list button")  # a confirmation page says what freezing the list means
    presidium.wait_for_selector("#confirm-form")
    assert "không thể hoàn tác" in presidium.locator("#confirm").inner_text().lower()
    presidium.select_option("#confirm-form select", str(list_vote.pk))
    presidium.screenshot(path=str(ARTIFACTS / "election-confirm-list.png"), full_page=True)
    presidium.click("#confirm-button")
    presidium.wait_for_selector("#election-status")
    assert presidium.locator("#election-status").inner_text() == "Đã thông qua danh sách, đang bầu cử"
    presidium.screenshot(path=str(ARTIFACTS / "election-list-approved.png"), full_page=True)

    # Two clerks, two devices, the same stack of 48 ballots.
    voters = demo.voters_present(congress)
    assert voters == 48  # issue 5: 48 ballots for the 8-member committee
    texts = demo.committee_ballots(voters)
    clerk1 = _page(chromium, live_server, "kiemphieu")
    clerk1.goto(base + "/rounds/1/count/?clerk=1")
    clerk1.fill("input[name=issued]", str(voters))
    clerk1.fill("input[name=returned]", str(voters))
    clerk1.click("#counts-form button")
    clerk1.wait_for_selector("#entry-text")
    _enter_all(clerk1, texts)
    assert clerk1.locator("#run-entered").inner_text() == str(voters)
    assert clerk1.locator("#run-invalid").inner_text() == "1"
    clerk1.screenshot(path=str(ARTIFACTS / "election-entry-clerk1.png"), full_page=True)

    clerk2 = _page(chromium, live_server, "kiemphieu2")  # the second entry comes from another person
    clerk2.goto(base + "/rounds/1/count/?clerk=2")
    _enter_all(clerk2, texts, wrong={7: "8 10"})  # ballot 7 misread by clerk 2
    clerk2.screenshot(path=str(ARTIFACTS / "election-entry-clerk2.png"), full_page=True)

    # Reconciliation shows ballot 7 until the committee decides what the paper says.
    clerk1.goto(base + "/rounds/1/reconcile/")
    row = clerk1.locator("#discrepancies tr[data-position='7']")
    assert row.count() == 1
    clerk1.screenshot(path=str(ARTIFACTS / "election-discrepancy.png"), full_page=True)
    row.locator("input[name=text]").fill(texts[6])
    row.locator("button").click()
    clerk1.wait_for_selector("#rec-summary.ok-box")
    assert clerk1.locator("#discrepancies").count() == 0
    clerk1.click("#close-round")
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#result-status")
    assert clerk1.locator("#result-status").get_attribute("data-status") == "complete"
    assert clerk1.locator("#bars li.is-elected").count() == 8
    assert f"hợp lệ: {voters - 1}; không hợp lệ: 1" in clerk1.locator("#ballot-figures").inner_text()
    assert clerk1.locator(".warning").count() == 0  # the engine's consistency checks pass
    clerk1.click("#announce")
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#election-status")
    assert clerk1.locator("#election-status").inner_text() == "Đã công bố"
    clerk1.screenshot(path=str(ARTIFACTS / "election-result.png"), full_page=True)

    # The minutes, downloaded and read back.
    with clerk1.expect_download() as info:
        clerk1.click("#minutes-pdf")
    data = Path(info.value.path()).read_bytes()
    text = _pdf_text(data)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert f"Số phiếu hợp lệ: {voters - 1}; số phiếu không hợp lệ: 1" in text
    assert "Những đồng chí sau đây trúng cử" in text
    for line in ("chính thức được triệu tập: 50", "có mặt lúc bầu cử: 48", "vắng mặt lúc bầu cử: 2",
                 "Số phiếu phát ra: 48; số phiếu thu về: 48"):  # fmt: skip
        assert line in text, line
    assert "có lý do được chấp nhận (2), còn 48; trúng cử khi đạt quá một nửa" in " ".join(text.split())
    (ARTIFACTS / "election-browser-minutes-p1.png").write_bytes(pdf_to_png(data, 0, dpi=70))
    (ARTIFACTS / "election-browser-minutes-p2.png").write_bytes(pdf_to_png(data, 1, dpi=70))

    # The projector shows the announced result.
    projector = _page(chromium, live_server, "quansat", viewport={"width": 1600, "height": 900})
    projector.goto(f"{live_server.url}/c/{org}/{congress.pk}/projector/")
    projector.wait_for_selector(".p-election")
    assert projector.locator(".p-election .is-elected").count() == 8
    projector.screenshot(path=str(ARTIFACTS / "election-projector.png"))

    # The delegation: 3 official delegates and 1 alternate, counted by hand (totals only).
    dbase = f"{live_server.url}/e/{org}/{delegation.pk}"
    clerk1.goto(dbase + "/rounds/1/count/?clerk=1")
    clerk1.click("text=Kiểm phiếu thủ công: chỉ nhập số tổng")
    clerk1.fill("input[name=issued]", str(voters))
    clerk1.fill("input[name=returned]", str(voters))
    clerk1.click("#counts-form button")
    clerk1.goto(dbase + "/rounds/1/totals/")
    for position, votes in zip(range(1, 6), (voters, voters, 35, 33, 18), strict=True):
        clerk1.fill(f"input[name=votes-{position}]", str(votes))
    clerk1.fill("input[name=valid]", str(voters))
    clerk1.click("#totals-form button")
    clerk1.click("#close-round")
    clerk1.click("#confirm-button")
    clerk1.wait_for_selector("#result-status")
    table = clerk1.locator("#result-table tbody").inner_text()
    assert table.count("chính thức") == 3
    assert table.count("dự khuyết") == 1
    clerk1.screenshot(path=str(ARTIFACTS / "election-delegation-result.png"), full_page=True)
