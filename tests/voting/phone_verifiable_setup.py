"""A verifiable poll for the phone's and the board's tests: the election tests' congress in session with
the "verifiable" ballot form, a complete key ceremony (3 key holders, any 2 decrypt, made with the core's
math as their devices would) and round 1 of the 8-seat, 10-name committee election open on phones."""

from __future__ import annotations

from typing import Any

from verifiable_setup import make_ceremony

from daihoi.core import verifiable as core
from daihoi.voting.models import Poll, Trustee
from daihoi.voting.services import polls, verifiable


def open_verifiable(congress: Any, election: Any) -> tuple[Poll, dict[int, core.KeyShare]]:
    congress.ballot_form = "verifiable"
    congress.save(update_fields=["ballot_form"])
    _ceremony, shares = make_ceremony(congress, n=3, k=2)
    election.congress.refresh_from_db()
    return polls.open_poll(election.rounds.get(), minutes=30), shares


def decrypt(poll: Poll, shares: dict[int, core.KeyShare], indices: tuple[int, ...] = (1, 3)) -> Poll:
    """The key holders `indices` decrypt the closed poll's tally, as their devices would."""
    poll.refresh_from_db()
    tally = [(bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in poll.tally]
    for i in indices:
        trustee = Trustee.objects.get(ceremony=poll.ceremony, index=i)
        body = core.decryption_share(poll.manifest, tally, shares[i])
        poll = verifiable.submit_decryption_share(poll, trustee, body)
    return poll
