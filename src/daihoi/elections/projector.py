"""Election results on the congress projector (through the congress's projector panel hook)."""

from __future__ import annotations

from typing import Any

from daihoi.congresses.models import Congress


def panel_context(election: Any) -> dict[str, Any]:
    """Bars in vote order, percentages of the base D; the elected first."""
    from daihoi.elections.models import RoundStatus

    rnd = election.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
    if rnd is None:
        return {}
    result = rnd.result
    rows = sorted(result["candidates"], key=lambda c: (-c["votes"], 0))
    top = max((c["votes"] for c in rows), default=0) or 1
    for c in rows:
        c["bar"] = round(100 * c["votes"] / top)
    # A first guess at the row size, until projector.js measures the room left, scales the rows to it
    # and pages them past 15 names; never under the readable minimum (1.4vw).
    row_vw = max(1.4, min(2.6, 22 / max(min(len(rows), 15), 1)))
    return {
        "election": election,
        "round": rnd,
        "result": result,
        "rows": rows,
        "row_vw": f"{row_vw:.2f}",
        "since": rnd.closed_at,
    }


def projector_panel(congress: Congress) -> list[tuple[str, dict[str, Any]]]:
    from daihoi.elections.models import Election, ElectionStatus

    elections = Election.objects.filter(
        congress=congress, status__in=[ElectionStatus.PUBLISHED, ElectionStatus.APPROVED]
    ).order_by("-id")[:1]
    return [("elections/_projector.html", panel_context(e)) for e in elections]
