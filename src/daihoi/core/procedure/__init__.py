"""The congress's procedure as state machines (pure Python, no Django).

- `congress`: prepared → convened → in session → closed; `CongressFacts`, `refusal`, `next_steps`.
- `election`: seats → list → list approved → counting → (pending) → counted → announced → approved.
- `votes`: an open vote carries its subject; `decision_refusal` says whether it authorizes a decision.
- `figures`: every recorded figure against its bound (issued ≤ present, returned ≤ issued, ...).

Each check answers None (allowed) or a `Refusal(code, params)`; `require*` raise `ProcedureError`.
The Django layer reads the facts under lock, asks here, and translates the codes.
"""

from __future__ import annotations

from .congress import CongressAction, CongressFacts, CongressStage
from .election import ElectionAction, ElectionFacts, ElectionStage
from .errors import ProcedureError, Refusal
from .votes import Subject, Target, VoteFacts, VoteKind

__all__ = [
    "CongressAction",
    "CongressFacts",
    "CongressStage",
    "ElectionAction",
    "ElectionFacts",
    "ElectionStage",
    "ProcedureError",
    "Refusal",
    "Subject",
    "Target",
    "VoteFacts",
    "VoteKind",
]
