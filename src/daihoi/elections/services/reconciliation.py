"""Ballot-by-ballot comparison of the clerks' independent entries (spec §6.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from daihoi.elections.models import Resolution, Round


@dataclass
class Reconciliation:
    returned: int
    clerks: int
    agreed: int = 0
    missing: list[int] = field(default_factory=list)  # positions some clerk has not entered
    discrepancies: list[dict[str, Any]] = field(default_factory=list)  # unresolved
    resolved: list[int] = field(default_factory=list)
    final: dict[int, tuple[str, str, bool, str]] = field(default_factory=dict)  # content, flag, valid, why
    per_clerk: dict[int, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.discrepancies and len(self.final) == self.returned


def reconcile(rnd: Round) -> Reconciliation:
    # Only the paper ballots are entered by the clerks; the ones cast on phones (`electronic`) are not.
    rec = Reconciliation(returned=(rnd.returned or 0) - (rnd.electronic or 0), clerks=rnd.election.clerks)
    by_position: dict[int, dict[int, tuple[str, str]]] = {}
    for clerk, position, content, flag in rnd.ballot_entries.values_list(
        "clerk", "position", "content", "flag"
    ):
        by_position.setdefault(position, {})[clerk] = (content, flag)
        rec.per_clerk[clerk] = rec.per_clerk.get(clerk, 0) + 1
    resolutions = {
        r.position: r
        for r in Resolution.objects.filter(round=rnd).only("position", "content", "flag", "valid", "reason")
    }
    for position in range(1, rec.returned + 1):
        entries = by_position.get(position, {})
        resolution = resolutions.get(position)
        if resolution is not None:
            rec.final[position] = (resolution.content, resolution.flag, resolution.valid, resolution.reason)
            rec.resolved.append(position)
            continue
        if len(entries) < rec.clerks:
            rec.missing.append(position)
            continue
        values = set(entries.values())
        if len(values) == 1:
            content, flag = values.pop()
            rec.final[position] = (content, flag, False, "")
            rec.agreed += 1
        else:
            rec.discrepancies.append({"position": position, "entries": dict(sorted(entries.items()))})
    return rec
