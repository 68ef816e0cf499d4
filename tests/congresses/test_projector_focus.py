"""What the projector puts in focus: a vote in progress, else the latest of a closed vote and a result."""

from datetime import UTC, datetime
from types import SimpleNamespace

from daihoi.congresses.live import projector_focus

EARLY, LATE = datetime(2020, 6, 16, 9, tzinfo=UTC), datetime(2020, 6, 16, 15, tzinfo=UTC)


def vote(status, closed_at=None):
    return SimpleNamespace(status=status, opened_at=EARLY, closed_at=closed_at)


def panel(since):
    return [("elections/_projector.html", {"since": since})]


def test_nothing_to_show():
    assert projector_focus(None, []) is None


def test_vote_in_progress_wins_over_a_result():
    assert projector_focus(vote("open"), panel(LATE)) == "vote"


def test_latest_of_closed_vote_and_result():
    assert projector_focus(vote("closed", closed_at=EARLY), panel(LATE)) == "panels"
    assert projector_focus(vote("closed", closed_at=LATE), panel(EARLY)) == "vote"


def test_result_alone_and_vote_alone():
    assert projector_focus(None, panel(EARLY)) == "panels"
    assert projector_focus(vote("closed", closed_at=EARLY), []) == "vote"
