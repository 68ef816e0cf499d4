"""The election engine: the Party's counting rules (spec election-rules.md §3-6), pure Python + numpy.

One call counts one round of one election::

    from daihoi.core.election import parse_input, tally
    result = tally(parse_input(json.load(f), base_dir=path.parent))   # -> RoundResult
    result.status            # "complete" | "revote" | "shortfall"
    result.elected, result.alternates, result.next_rounds, result.to_dict()

Building blocks, for the election workflow (which records ballots one by one and counts at close):

- `ElectionInput` (model.py): kind, congress figures, seats, alternates, candidates, ballots or a
  `BallotFile`, the `RuleProfile` and the round (`RoundInfo(number, revote)`).
- `Ballot(kept=[ids])` on a list with surplus, `Ballot(marks={id: "agree"|"disagree"|"both"|"none"})`
  on a list without surplus or a one-person list; `Ruling(flags, invalid, valid, reason)` holds the
  counting committee's observations and decision (an override of the proposal needs a reason).
- `tally(e)`: count and decide. `count(e)` -> `BallotCounter`, then `result(e, counter)`.
  Streaming: `BallotCounter(e).add(cells, first_index, rulings)` per uint8 chunk (ballots.py
  describes the cell codes), or `tally_arrays(e, chunks)`; `BallotFile` streams from disk.
- `RoundResult.next_rounds` says exactly what comes next: a revote among the tied (`kind="revote"`,
  those candidates, that many seats/alternates, no threshold) or a further round for a shortfall.
  Feed it back as a new `ElectionInput` with `round=RoundInfo(n + 1, revote=True)` for a revote.
- Profiles (profile.py): `PARTY` (default) and `GENERIC`; `load_profile("party" | {...})`; every
  UNCONFIRMED rule of the spec is a named setting, listed in `UNCONFIRMED`.
- Errors: `ElectionInputError(code, field=..., ...)`; the Django layer translates the code.
- Warnings (checks.py): consistency of the counting figures, quorum, surplus; never block.
"""

from __future__ import annotations

from .ballots import Ballot, BallotFile, BallotForm, Ruling
from .base import CongressFigures, CongressKind, congress_base, passes, smallest_passing
from .checks import Notice
from .errors import ElectionInputError
from .inputs import parse_input
from .kinds import ElectionKind
from .model import Candidate, ElectionInput, RoundInfo
from .profile import GENERIC, PARTY, UNCONFIRMED, RuleProfile, load_profile
from .result import CandidateResult, NextRound, RoundResult
from .tally import BallotCounter, count, result, tally, tally_arrays
from .validity import InvalidReason, Override
from .winners import Decision, RevoteGroup, decide

__all__ = [
    "GENERIC",
    "PARTY",
    "UNCONFIRMED",
    "Ballot",
    "BallotCounter",
    "BallotFile",
    "BallotForm",
    "Candidate",
    "CandidateResult",
    "CongressFigures",
    "CongressKind",
    "Decision",
    "ElectionInput",
    "ElectionInputError",
    "ElectionKind",
    "InvalidReason",
    "NextRound",
    "Notice",
    "Override",
    "RevoteGroup",
    "RoundInfo",
    "RoundResult",
    "RuleProfile",
    "Ruling",
    "congress_base",
    "count",
    "decide",
    "load_profile",
    "parse_input",
    "passes",
    "result",
    "smallest_passing",
    "tally",
    "tally_arrays",
]
