"""What the dossier documents share: figures of the congress, its working bodies, times, blanks.

Headers, numbers and signatures come from the foundation (`daihoi.congresses.dossier`); this module
only reads the congress's record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.congresses.models import Congress, CongressKind, OpenVote, OpenVoteKind, OpenVoteStatus
from daihoi.core.numbers import format_number, percent

# A dotted blank the clerk fills by hand: long (a line's worth), medium (a name) and short (a figure).
BLANK_LINE = "…" * 40
BLANK = "…" * 12
BLANK_SHORT = "……"


def pct(part: int | None, whole: int | None) -> str:
    """ "96,00%"; "—" when there is nothing to divide by."""
    if part is None or not whole:
        return "—"
    value = percent(part, whole)
    return "—" if value is None else format_number(value, 2) + "%"


def two(n: int | None) -> str:
    """A count in words' place: "03" as Party minutes write the number of copies, "…" when unknown."""
    return BLANK_SHORT if n is None else f"{n:02d}"


def in_congress_days(congress: Congress, moment: dt.datetime | None) -> bool:
    """Whether a recorded timestamp falls within the congress's days (a demo loaded years later does not)."""
    if moment is None:
        return False
    day = timezone.localtime(moment).date()
    return congress.starts_on <= day <= congress.ends_on


def clock(congress: Congress, moment: dt.datetime | None) -> str:
    """ "08 giờ 30" from a recorded timestamp within the congress days, else the dotted blank."""
    if not in_congress_days(congress, moment):
        return _("%(h)s hours %(m)s") % {"h": BLANK_SHORT, "m": BLANK_SHORT}
    local = timezone.localtime(moment)
    return _("%(h)s hours %(m)s") % {"h": f"{local.hour:02d}", "m": f"{local.minute:02d}"}


def act_date(congress: Congress, moment: dt.datetime | None) -> dt.date:
    """The day of an act: its timestamp's day within the congress, else the congress's first day."""
    if moment is not None and in_congress_days(congress, moment):
        return timezone.localtime(moment).date()
    return congress.starts_on


def day_text(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def is_delegates(congress: Congress) -> bool:
    return congress.kind == CongressKind.DELEGATES


def voters_word(congress: Congress) -> str:
    """Who votes: "đảng viên chính thức" (members' congress) or "đại biểu chính thức"."""
    return _("official delegates") if is_delegates(congress) else _("official members")


def people_word(congress: Congress) -> str:
    return pgettext("dossier", "delegates") if is_delegates(congress) else pgettext("dossier", "members")


def superior_committee(body: str) -> str:
    """The superior organization's committee as written: "Đảng bộ Khối …" -> "Đảng ủy Khối …"."""
    body = body.strip()
    for organization, committee in (("Đảng bộ", "Đảng ủy"), ("Chi bộ", "Chi ủy")):
        if body.startswith(organization):
            return committee + body[len(organization) :]
    return body


def closed_votes(congress: Congress) -> list[OpenVote]:
    return list(
        congress.open_votes.filter(status=OpenVoteStatus.CLOSED)
        .select_related("election", "candidate", "agenda_item")
        .prefetch_related("nominees")
        .order_by("closed_at", "id")
    )


@dataclass(frozen=True)
class Body:
    """A working body the congress approved: its members, head first, and the vote that approved it."""

    kind: str
    members: list[str]
    vote: OpenVote | None

    @property
    def head(self) -> str:
        return self.members[0] if self.members else ""


def working_body(congress: Congress, kind: str) -> Body:
    """The members of the body from the last passed vote on it (ordered as proposed)."""
    vote = (
        congress.open_votes.filter(kind=kind, status=OpenVoteStatus.CLOSED, passed=True)
        .order_by("-closed_at", "-id")
        .first()
    )
    if vote is None:
        return Body(kind, [], None)
    names = [n["name"] for n in (vote.snapshot or {}).get("nominees", [])]
    if not names:
        names = [d.full_name for d in vote.nominees.order_by("number")]
    return Body(kind, names, vote)


WORKING_BODY_KINDS = (
    OpenVoteKind.PRESIDIUM,
    OpenVoteKind.SECRETARIAT,
    OpenVoteKind.CREDENTIALS_COMMITTEE,
    OpenVoteKind.COUNTING_COMMITTEE,
)


def body_label(kind: str) -> str:
    labels: dict[str, str] = {
        OpenVoteKind.PRESIDIUM: _("the presidium"),
        OpenVoteKind.SECRETARIAT: _("the secretariat"),
        OpenVoteKind.CREDENTIALS_COMMITTEE: _("the credentials committee"),
        OpenVoteKind.COUNTING_COMMITTEE: _("the counting committee"),
    }
    return labels.get(kind, "")


def vote_figures(vote: OpenVote) -> dict[str, Any]:
    """The figures frozen when the vote closed: convened, present, the base D."""
    snap = vote.snapshot or {}
    q = snap.get("quorum") or {}
    base = (snap.get("base") or {}).get("base")
    return {
        "convened": q.get("voters_convened", q.get("convened")),
        "present": q.get("voters_present", q.get("present")),
        "base": base,
    }


def elected_rows(election: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(elected, alternates) over the counted rounds, votes descending, from the elections' outcome."""
    from daihoi.elections.services import outcome

    result = outcome(election)
    key = lambda row: -int(row["votes"])  # noqa: E731 - a sort key
    return sorted(result.elected, key=key), sorted(result.alternates, key=key)


def percent_text(value: str | None) -> str:
    """The engine's "52.08" as "52,08%"."""
    return "—" if value is None else format_number(value, 2) + "%"


def elections_of(congress: Congress) -> list[Any]:
    return list(congress.elections.order_by("created_at", "id"))


def counted_elections(congress: Congress) -> list[Any]:
    from daihoi.elections.models import RoundStatus

    return [e for e in elections_of(congress) if e.rounds.filter(status=RoundStatus.CLOSED).exists()]


def round_base(election: Any) -> int | None:
    """D of the last counted round of the election."""
    from daihoi.elections.models import RoundStatus

    rnd = election.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
    return None if rnd is None else (rnd.result or {}).get("base")


def round_ballots(election: Any) -> list[Any]:
    """The ballots of each counted round that had an electronic poll, split into those cast on phones
    and on paper; a round counted on paper alone adds nothing (its figures are in its counting minutes)."""
    from daihoi.documents.model import Paragraph
    from daihoi.elections.minutes import ballots_line, verifiable_facts, verifiable_note

    lines = []
    for rnd in election.rounds.filter(status="closed", electronic__isnull=False).order_by("number"):
        text = ballots_line(rnd.issued, rnd.returned, rnd.electronic)
        lines.append(
            Paragraph(
                _("Round %(n)s: %(ballots)s") % {"n": rnd.number, "ballots": text[:1].lower() + text[1:]},
                keep_with_next=True,
            )
        )
        facts = verifiable_facts(rnd)
        if facts is not None:  # the phones' ballots were encrypted: who decrypted, the board
            lines.append(Paragraph(verifiable_note(facts)))
    return lines
