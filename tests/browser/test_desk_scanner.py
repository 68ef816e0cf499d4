"""The check-in desk at a barcode scanner's speed: a scanner types the code then Enter, one card about
every 50 ms. No scan may be lost: each one is recorded, or the desk says in red that it was not.

Screenshots go to test-artifacts/ (the desk after the 49-scan burst, the red answers).
"""

from __future__ import annotations

import time

import pytest

# The congress-day test's demo congress (53 delegates, convened, nobody checked in) and its login helper.
from test_congress_day import _page_for, demo_congress  # noqa: F401

pytestmark = [pytest.mark.slow]

BURST = 49


@pytest.fixture
def congress(request):
    """The demo congress of the congress-day test (imported above as a fixture)."""
    return request.getfixturevalue("demo_congress")


@pytest.fixture
def open_desk(chromium, live_server):
    """open_desk(congress, **context_options): the desk page, logged in as the presidium's chair.
    Its browser context is closed at teardown, so its polling stops before the database goes."""
    pages = []

    def do_open(congress, **kw):
        desk = _page_for(chromium, live_server, "chutich", viewport={"width": 1280, "height": 900}, **kw)
        pages.append(desk)
        desk.set_default_timeout(20_000)
        desk.goto(f"{live_server.url}/c/{congress.organization.code}/{congress.pk}/desk/")
        return desk

    yield do_open
    for desk in pages:
        desk.context.close()


def _scan(desk, value, delay=0):
    """What a USB scanner does: the characters a few ms apart, then Enter."""
    desk.keyboard.type(value + "\n", delay=delay)


def _present(congress):
    return set(congress.delegates.filter(present=True).values_list("number", flat=True))


def _wait_present(congress, expected, timeout=20.0):
    deadline = time.monotonic() + timeout
    while _present(congress) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return _present(congress)


def _wait_quorum_box(desk, congress):
    """The desk's quorum box follows the recorded scans (refreshed after each burst)."""
    from daihoi.congresses.figures import quorum

    present = quorum(congress).present
    desk.wait_for_function(f"document.querySelector('#quorum-box').dataset.present === '{present}'")


def _tally(desk):
    return desk.evaluate(
        "() => Object.fromEntries(['scanned','recorded','repeat','failed','pending']"
        ".map(k => [k, Number(document.querySelector('#scan-tally').dataset[k])]))"
    )


def test_scanner_burst_records_every_scan(open_desk, congress, shot):
    delegates = list(congress.delegates.filter(convened=True, suspended=False).order_by("number")[:BURST])
    assert len(delegates) == BURST
    desk = open_desk(congress)
    desk.locator("#code").wait_for()
    assert desk.evaluate("document.activeElement.id") == "code"

    started = time.monotonic()
    for i, d in enumerate(delegates):
        # mostly QR codes, every seventh card typed as the delegate number
        _scan(desk, str(d.number) if i % 7 == 3 else d.checkin_code)
    typed_in = time.monotonic() - started
    print(f"{BURST} scans typed in {typed_in:.2f} s ({typed_in / BURST * 1000:.0f} ms per scan)")

    # The server has every one of them ...
    expected = {d.number for d in delegates}
    assert _wait_present(congress, expected) == expected
    # ... and the desk says so: 49 answers, all green, nothing pending, nothing red.
    desk.wait_for_function(
        f"document.querySelector('#scan-tally')?.dataset.recorded === '{BURST}'"
        " && document.querySelector('#scan-tally').dataset.pending === '0'"
    )
    assert _tally(desk) == {"scanned": BURST, "recorded": BURST, "repeat": 0, "failed": 0, "pending": 0}
    rows = desk.locator("#scan-log li")
    assert rows.count() == BURST
    assert desk.locator("#scan-log li[data-state='checked_in']").count() == BURST
    assert desk.locator("#scan-log .answer-err, #scan-log li[data-state='failed']").count() == 0
    log = desk.locator("#scan-log").inner_text()
    for d in delegates:
        assert d.full_name in log
    # newest first: the last card scanned heads the list
    assert delegates[-1].full_name in rows.first.inner_text()
    assert desk.locator("#answer .answer[data-code='checked_in']").count() == 1
    assert desk.evaluate("document.activeElement.id") == "code"
    assert desk.locator("#code").input_value() == ""
    _wait_quorum_box(desk, congress)
    path = shot(desk, "after-burst")
    desk.locator("#scan-log").screenshot(path=str(path.with_name(f"{path.stem}-list.png")))


def test_scans_typed_while_the_server_is_slow(open_desk, congress, shot):
    """The scanner does not wait for the server: ten cards scanned while the first answer is held back
    are queued, each with its own "sending" line, and all recorded in scan order once the server answers."""
    delegates = list(congress.delegates.filter(convened=True, suspended=False).order_by("number")[10:20])
    desk = open_desk(congress)
    desk.locator("#code").wait_for()
    held = []

    def hold(route):
        if route.request.method == "POST" and hold.on:
            held.append(route)  # no answer yet: the request stays in flight
        else:
            route.continue_()

    hold.on = True
    desk.route("**/desk/", hold)
    for d in delegates:
        _scan(desk, d.checkin_code)
    desk.wait_for_function("document.querySelector('#scan-tally').dataset.scanned === '10'")
    assert len(held) == 1  # one request at a time, the other nine wait in the desk's queue
    assert _tally(desk) == {"scanned": 10, "recorded": 0, "repeat": 0, "failed": 0, "pending": 10}
    assert desk.locator("#scan-log li[data-state='pending']").count() == 10
    assert "Đang gửi" in desk.locator("#scan-log").inner_text()
    assert desk.locator("#code").input_value() == ""
    assert _present(congress) == set()
    # Leaving now would lose them: the browser asks first.
    dialogs = []
    desk.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    desk.evaluate("setTimeout(() => location.reload(), 0)")
    desk.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    shot(desk, "queued")

    hold.on = False
    held.pop().continue_()
    # (the route handler runs only while Playwright is called: wait on the page first, then the database)
    desk.wait_for_function("document.querySelector('#scan-tally').dataset.recorded === '10'")
    expected = {d.number for d in delegates}
    assert _wait_present(congress, expected) == expected
    names = desk.locator("#scan-log li .scan-name").all_inner_texts()
    assert names == [d.full_name for d in reversed(delegates)]  # answered in scan order, newest first
    checked_in = congress.delegates.filter(number__in=expected).order_by("checked_in_at")
    assert [d.number for d in checked_in] == [d.number for d in delegates]


def test_duplicate_unknown_and_lost_connection(open_desk, congress, shot):
    d = {x.number: x for x in congress.delegates.all()}
    desk = open_desk(congress)
    desk.locator("#code").wait_for()

    # A duplicate is harmless: "already present", not red.
    _scan(desk, d[1].checkin_code)
    _scan(desk, d[1].checkin_code)
    desk.wait_for_selector("#scan-log li[data-state='already_present']")
    repeat = desk.locator("#scan-log li[data-state='already_present']")
    assert "Đã điểm danh trước đó" in repeat.inner_text()
    assert d[1].full_name in repeat.inner_text()
    assert repeat.locator(".scan-retry").count() == 0

    # An unknown code: a red answer naming the code.
    _scan(desk, "ZZZ999ZZZ")
    bad = desk.locator("#scan-log li[data-state='unknown_code']")
    bad.wait_for()
    assert "ZZZ999ZZZ" in bad.inner_text()
    assert "Không có đại biểu nào" in bad.inner_text()
    assert "scan-failed" in (bad.get_attribute("class") or "")
    desk.wait_for_selector("#answer .answer[data-code='unknown_code']")

    # The connection drops for one scan in the middle of a burst: that one is red with a retry,
    # the others before and after it are recorded.
    lost = d[5]

    def drop_lost(route):
        if route.request.method == "POST" and lost.checkin_code in (route.request.post_data or ""):
            route.abort("internetdisconnected")
        else:
            route.continue_()

    desk.route("**/desk/", drop_lost)
    for n in (4, 5, 6, 7):
        _scan(desk, d[n].checkin_code)
    desk.wait_for_function("document.querySelector('#scan-tally').dataset.pending === '0'")
    assert _wait_present(congress, {1, 4, 6, 7}) == {1, 4, 6, 7}
    failed = desk.locator("#scan-log li[data-state='failed']")
    assert failed.count() == 1
    text = failed.inner_text()
    assert lost.checkin_code in text
    assert "chưa ghi nhận" in text
    assert "scan-failed" in (failed.get_attribute("class") or "")
    assert _tally(desk) == {"scanned": 7, "recorded": 4, "repeat": 1, "failed": 2, "pending": 0}
    assert desk.locator("#scan-summary-failed").is_visible()
    assert desk.evaluate("document.activeElement.id") == "code"
    _wait_quorum_box(desk, congress)
    shot(desk, "lost-connection")

    # Back online: the retry records it, the red line turns green.
    desk.unroute("**/desk/")
    failed.locator(".scan-retry").click()
    assert _wait_present(congress, {1, 4, 5, 6, 7}) == {1, 4, 5, 6, 7}
    desk.wait_for_function("document.querySelector('#scan-tally').dataset.recorded === '5'")
    assert desk.locator("#scan-log li[data-state='failed']").count() == 0
    assert _tally(desk)["failed"] == 1  # the unknown code stays red: it never was a delegate
    assert desk.evaluate("document.activeElement.id") == "code"

    # Lost again for another card, and this time the desk scans the card again instead of Retry:
    # the new scan records it and settles the red line.
    lost = d[8]
    desk.route("**/desk/", drop_lost)
    _scan(desk, lost.checkin_code)
    desk.wait_for_selector("#scan-log li[data-state='failed']")
    desk.unroute("**/desk/")
    _scan(desk, lost.checkin_code)
    desk.wait_for_selector("#scan-log li[data-state='resolved']")
    assert desk.locator("#scan-log li[data-state='failed']").count() == 0
    resolved = desk.locator("#scan-log li[data-state='resolved']").inner_text()
    assert "Đã ghi nhận ở lượt quét lúc" in resolved
    assert lost.full_name in resolved
    assert _wait_present(congress, {1, 4, 5, 6, 7, 8}) == {1, 4, 5, 6, 7, 8}
    assert _tally(desk) == {"scanned": 9, "recorded": 6, "repeat": 2, "failed": 1, "pending": 0}
    _wait_quorum_box(desk, congress)
    shot(desk, "retried")


def test_desk_without_javascript(open_desk, congress):
    delegate = congress.delegates.get(number=9)
    desk = open_desk(congress, java_script_enabled=False)
    desk.fill("#code", delegate.checkin_code)
    with desk.expect_navigation():
        desk.press("#code", "Enter")
    assert desk.locator("#answer .answer[data-code='checked_in']").count() == 1
    assert delegate.full_name in desk.locator("#answer").inner_text()
    assert _present(congress) == {9}
