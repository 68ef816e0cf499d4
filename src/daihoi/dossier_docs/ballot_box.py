"""The counting committee's papers around the vote (documents.md §8), "Số …-BB/ĐH", T/M BAN KIỂM PHIẾU.

- `opinion_ballot`: the opinion ballot paper (phiếu thăm dò) for an election: every nominee, to strike.
- `opinion_minutes`: its count (votes per nominee, from Candidate.opinion_votes) and the names kept.
- `ballot_box_minutes`: checking and sealing the ballot box before a round (two delegates witness).
- `ballot_sealing_minutes`: sealing the ballots of a round for the archive: issued, returned, valid,
  invalid from the round's figures; printed, spoiled and unused are not recorded and are left blank.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.congresses.dossier import Issuer, party_header, signature_for
from daihoi.documents.model import (
    Column,
    Document,
    NumberedList,
    Paragraph,
    Signature,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.dossier_docs.common import BLANK, BLANK_SHORT, act_date, clock, day_text, two
from daihoi.elections.models import CandidateStatus, Election, Round

OPINION_STATUSES = (CandidateStatus.PROPOSED, CandidateStatus.DROPPED)


def _nominees(election: Election) -> list[Any]:
    return list(
        election.candidates.filter(status__in=OPINION_STATUSES)
        .select_related("member")
        .order_by("member__sort_key", "id")
    )


def opinion_ballot(election: Election, language: str = "vi") -> Document:
    with translation.override(language):
        congress = election.congress
        nominees = _nominees(election)
        doc = Document(
            language=language,
            title=pgettext("dossier", "Opinion ballot"),
            page_size="A5",
            body_size=13,
            page_numbers=False,
        )
        header = party_header(congress, Issuer.COUNTING, f"opinion_ballot:{election.pk}", None, type_code="")
        header.date = None
        header.date_line = ""
        doc.add(
            header,
            Title(
                pgettext("dossier", "Opinion ballot"),
                summary=_("On the list for %(what)s") % {"what": election.title},
            ),
            Paragraph(
                _("Strike the whole name of each comrade you do not wish on the list; it elects nobody."),
                italic=True,
            ),
            Table(
                columns=[Column(_("No."), 12, "center"), Column(_("Full name"))],
                rows=[[str(i), c.full_name] for i, c in enumerate(nominees, start=1)],
                borders=False,
            ),
        )
        return doc


def opinion_minutes(election: Election, language: str = "vi") -> Document:
    with translation.override(language):
        congress = election.congress
        nominees = _nominees(election)
        recorded = any(c.opinion_votes is not None for c in nominees)
        first = election.rounds.order_by("number").first()
        committee = list(first.counting_committee or []) if first else []
        doc = Document(language=language, title=_("Minutes of the opinion ballot"))
        doc.add(
            party_header(
                congress,
                Issuer.COUNTING,
                f"opinion_minutes:{election.pk}",
                congress.starts_on,
                type_code="BB",
            ),
            Title(
                _("Minutes of the opinion ballot"),
                summary=_("On the list for %(what)s") % {"what": election.title},
            ),
            Paragraph(
                _(
                    "At %(time)s on %(day)s, the counting committee counted the opinion ballots on the list "
                    "for %(what)s."
                )
                % {"time": clock(congress, None), "day": day_text(congress.starts_on), "what": election.title}
            ),
            Paragraph(
                _("Ballots issued: %(a)s; returned: %(b)s; valid: %(c)s; invalid: %(d)s.")
                % {"a": BLANK_SHORT, "b": BLANK_SHORT, "c": BLANK_SHORT, "d": BLANK_SHORT}
            ),
            Table(
                columns=[
                    Column(_("No."), 12, "center"),
                    Column(_("Full name")),
                    Column(_("Votes"), 30, "center"),
                    Column(_("Kept on the list"), 34, "center"),
                ],
                rows=[
                    [
                        str(i),
                        c.full_name,
                        c.opinion_votes if c.opinion_votes is not None else BLANK_SHORT,
                        (_("yes") if c.status == CandidateStatus.PROPOSED else _("no"))
                        if recorded
                        else BLANK_SHORT,
                    ]
                    for i, c in enumerate(nominees, start=1)
                ],
            ),
        )
        kept = [c.full_name for c in nominees if c.status == CandidateStatus.PROPOSED]
        if recorded:
            doc.add(
                Paragraph(
                    _("The names kept for the list, from the highest vote down (%(n)s): %(names)s.")
                    % {"n": two(len(kept)), "names": ", ".join(kept)}
                )
            )
        else:
            doc.add(
                Paragraph(_("The names kept for the list: %(names)s.") % {"names": BLANK * 2}, align="left")
            )
        doc.add(*_committee_signatures(congress, committee))
        return doc


def _committee_signatures(congress: Any, committee: list[str], witnesses: int = 0) -> list[SignatureBlock]:
    """Every member of the counting committee signs, the head on the right of the first row; three to a
    row so that names never break; the witnesses in a row of their own."""
    members = [Signature(title=pgettext("counting committee", "Member"), name=n) for n in committee[1:]]
    head = signature_for(congress, Issuer.COUNTING, *committee[:1]).signatures[0]
    rows = [[*members[:2], head]]
    rest = members[2:]
    while rest:
        rows.append(rest[:3])
        rest = rest[3:]
    blocks = [SignatureBlock(row) for row in rows]
    if witnesses:
        blocks.insert(
            0, SignatureBlock([Signature(title=_("Witness (delegate)"), name="") for _i in range(witnesses)])
        )
    return blocks


def ballot_box_minutes(rnd: Round, language: str = "vi") -> Document:
    with translation.override(language):
        election = rnd.election
        congress = election.congress
        committee = list(rnd.counting_committee or [])
        day = act_date(congress, rnd.closed_at)
        doc = Document(language=language, title=_("Minutes of checking and sealing the ballot box"))
        doc.add(
            party_header(congress, Issuer.COUNTING, f"ballot_box_minutes:{rnd.pk}", day, type_code="BB"),
            Title(
                _("Minutes of checking and sealing the ballot box"),
                summary=_("%(what)s, round %(n)s") % {"what": election.title, "n": rnd.number},
            ),
            Paragraph(
                _("At %(time)s on %(day)s, at %(place)s, the counting committee of %(congress)s, made of:")
                % {
                    "time": clock(congress, None),
                    "day": day_text(day),
                    "place": congress.place or BLANK,
                    "congress": congress.title,
                }
            ),
            NumberedList(
                [
                    _("Comrade %(name)s, %(role)s;")
                    % {
                        "name": n,
                        "role": pgettext("counting committee", "head")
                        if i == 0
                        else pgettext("counting committee", "member"),
                    }
                    for i, n in enumerate(committee)
                ]
                or [BLANK * 2],
                style="1.",
            ),
            Paragraph(
                _(
                    "with two delegates as witnesses, checked the %(boxes)s ballot box(es) before the vote "
                    "(round "
                    "%(n)s): each box was opened and shown empty to the congress, then closed and sealed "
                    "with the "
                    "seals of the counting committee. These minutes are made in 02 copies."
                )
                % {"boxes": BLANK_SHORT, "n": rnd.number}
            ),
            *_committee_signatures(congress, committee, witnesses=2),
        )
        return doc


def ballot_sealing_minutes(rnd: Round, language: str = "vi") -> Document:
    with translation.override(language):
        election = rnd.election
        congress = election.congress
        committee = list(rnd.counting_committee or [])
        day = act_date(congress, rnd.closed_at)
        ballots = (rnd.result or {}).get("ballots") or {}
        issued = rnd.issued
        returned = rnd.returned
        doc = Document(language=language, title=_("Minutes of sealing the ballots"))
        doc.add(
            party_header(congress, Issuer.COUNTING, f"ballot_sealing_minutes:{rnd.pk}", day, type_code="BB"),
            Title(
                _("Minutes of sealing the ballots"),
                summary=_("%(what)s, round %(n)s") % {"what": election.title, "n": rnd.number},
            ),
            Paragraph(
                _(
                    "At %(time)s on %(day)s, at %(place)s, after the count, the counting committee sealed "
                    "the ballots of %(what)s (round %(n)s):"
                )
                % {
                    "time": clock(congress, None),
                    "day": day_text(day),
                    "place": congress.place or BLANK,
                    "what": election.title,
                    "n": rnd.number,
                }
            ),
            Table(
                columns=[
                    Column(_("No."), 12, "center"),
                    Column(_("Ballots")),
                    Column(_("Number"), 30, "center"),
                ],
                rows=[
                    ["1", _("Printed and stamped"), BLANK_SHORT],
                    ["2", _("Issued to the voters"), issued if issued is not None else BLANK_SHORT],
                    ["3", _("Returned (used)"), returned if returned is not None else BLANK_SHORT],
                    ["4", _("of which valid"), ballots.get("valid", BLANK_SHORT)],
                    ["5", _("of which invalid"), ballots.get("invalid", BLANK_SHORT)],
                    ["6", _("Spoiled and exchanged"), BLANK_SHORT],
                    ["7", _("Not used"), BLANK_SHORT],
                ],
            ),
            Paragraph(
                _(
                    "The ballots are put in %(packets)s packets: used valid ballots, used invalid ballots, "
                    "spoiled "
                    "and unused ballots; each packet is sealed, signed across the seal by the counting "
                    "committee and "
                    "handed to the office of the Party committee for the archive."
                )
                % {"packets": BLANK_SHORT}
            ),
            Paragraph(
                _("Received by the office: Comrade %(name)s. These minutes are made in 02 copies.")
                % {"name": BLANK}
            ),
            *_committee_signatures(congress, committee),
        )
        return doc


def DEV(congress: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for e in congress.elections.order_by("id"):
        out[f"opinion-ballot-{e.pk}"] = lambda e=e: opinion_ballot(e)
        out[f"opinion-minutes-{e.pk}"] = lambda e=e: opinion_minutes(e)
        for r in e.rounds.order_by("number"):
            out[f"ballot-box-{r.pk}"] = lambda r=r: ballot_box_minutes(r)
            out[f"ballot-sealing-{r.pk}"] = lambda r=r: ballot_sealing_minutes(r)
    return out
