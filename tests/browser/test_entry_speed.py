"""Ballot entry at a fast clerk's speed: every ballot typed is saved, or the page says it is not.

Each ballot is typed and Enter pressed while the previous save may still be on its way (the server is
held back on purpose for a few of them); none may be lost, and no ballot's typing may be wiped by the
answer to the one before. After the last ballot the position field is empty, never "50 / 49".
"""

from __future__ import annotations

import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def counting_round(transactional_db):
    """The demo's 10th congress in session, the executive committee's list approved, counts entered."""
    from daihoi.congresses.demo import build_congress
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo, services

    ctx = DemoContext()
    load_roll(ctx)
    congress = demo.open_session(build_congress(ctx.objects["organization"]))
    election = demo.prepare_committee(congress)
    rnd = demo.approve(election)
    return services.set_counts(rnd, issued=20, returned=20)


def test_fast_entry_loses_no_ballot(page, live_server, login, counting_round, shot):
    from daihoi.elections.models import BallotEntry

    rnd = counting_round
    org = rnd.election.congress.organization.code
    login("kiemphieu", "kiemphieu2020")
    held = {"n": 0}

    def slow(route):  # every third save waits, as on a busy hall network
        held["n"] += 1
        if held["n"] % 3 == 0:
            time.sleep(0.4)
        route.continue_()

    page.route(
        "**/count/?clerk=1",
        lambda route: slow(route) if route.request.method == "POST" else route.continue_(),
    )
    page.goto(f"{live_server.url}/e/{org}/{rnd.election.pk}/rounds/1/count/?clerk=1")
    texts = ["9 10", "3 10", "5 9", "1 8", "2 10"] * 4
    for text in texts:
        page.locator("#entry-text").type(text, delay=15)
        page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#run-entered').textContent === '20'", timeout=20_000)
    stored = dict(BallotEntry.objects.filter(round=rnd, clerk=1).values_list("position", "content"))
    expected = {i: t.replace(" ", ",") for i, t in enumerate(texts, start=1)}
    assert stored == expected
    assert page.locator("#entry-position").input_value() == ""  # not "21 / 20"
    assert page.locator("#entry-text").input_value() == ""
    shot(page, "after-20")


def test_a_refused_ballot_comes_back_and_the_ones_after_it_wait(
    page, live_server, login, counting_round, shot
):
    from daihoi.elections.models import BallotEntry

    rnd = counting_round
    org = rnd.election.congress.organization.code
    login("kiemphieu", "kiemphieu2020")
    page.goto(f"{live_server.url}/e/{org}/{rnd.election.pk}/rounds/1/count/?clerk=1")
    # Ballot 3 mistyped ("42": no such name), ballot 5 keeps 9 names (invalid: needs a confirmation).
    for text in ["9 10", "3 10", "42", "1 8", "10", "2 10"]:
        page.locator("#entry-text").type(text, delay=10)
        page.keyboard.press("Enter")
    # The others are saved; 3 and 5 stay listed in red as not saved, and 3 comes back into the field.
    page.wait_for_function("document.querySelectorAll('#entry-unsaved li').length === 2")
    page.wait_for_function("document.querySelector('#entry-text').value === '42'")
    assert page.locator("#entry-position").input_value() == "3"
    assert [li.get_attribute("data-position") for li in page.locator("#entry-unsaved li").all()] == ["3", "5"]
    shot(page, "refused-3")
    assert set(BallotEntry.objects.filter(round=rnd, clerk=1).values_list("position", flat=True)) == {
        1,
        2,
        4,
        6,
    }
    page.locator("#entry-text").fill("4 10")  # the clerk reads the paper again
    page.keyboard.press("Enter")
    # Then ballot 5 (keeps 9 names) comes back: Enter saves it as invalid.
    page.wait_for_function("document.querySelector('#entry-position').value === '5'")
    page.wait_for_function("document.querySelector('#entry-answer').textContent.includes('không hợp lệ')")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#run-entered').textContent === '6'")
    assert page.locator("#entry-unsaved li").count() == 0
    stored = dict(BallotEntry.objects.filter(round=rnd, clerk=1).values_list("position", "content"))
    assert stored == {1: "9,10", 2: "3,10", 3: "4,10", 4: "1,8", 5: "10", 6: "2,10"}
    assert page.locator("#run-invalid").inner_text() == "1"
    shot(page, "settled")
