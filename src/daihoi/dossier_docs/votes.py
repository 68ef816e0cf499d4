"""The record of an open vote (biên bản biểu quyết, documents.md §8): one per vote the congress held.

Issued by the secretariat (T/M ĐOÀN THƯ KÝ), "Số …-BB/ĐH": the question and what it decides (the
members of a working body, the number to elect, the ballot list, a withdrawal, the resolution), those
present at the vote, agree / disagree / abstain with their % of those convened, and whether it passed
(more than half of the base D, Charter 9.5).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.congresses.dossier import Issuer, party_header, signature_for
from daihoi.congresses.models import OpenVote, OpenVoteKind
from daihoi.documents.model import (
    Cell,
    Column,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Table,
    Title,
)
from daihoi.dossier_docs.common import (
    WORKING_BODY_KINDS,
    act_date,
    body_label,
    clock,
    pct,
    two,
    vote_figures,
    voters_word,
    working_body,
)


def vote_key(vote: OpenVote) -> str:
    return f"open_vote_record:{vote.pk}"


def _summary(vote: OpenVote) -> str:
    if vote.kind in WORKING_BODY_KINDS:
        return _("Approving %(body)s of the congress") % {"body": body_label(vote.kind)}
    return _("On: %(question)s") % {"question": vote.title}


def _subject(vote: OpenVote) -> list[Any]:
    """What the vote decides, as paragraphs and lists."""
    blocks: list[Any] = []
    election = vote.subject_election
    if vote.kind in WORKING_BODY_KINDS:
        names = [n["name"] for n in (vote.snapshot or {}).get("nominees", [])]
        blocks.append(
            Paragraph(
                _("The proposal: %(body)s of the congress is made of %(n)s comrades: %(names)s.")
                % {"body": body_label(vote.kind), "n": two(len(names)), "names": ", ".join(names)}
            )
        )
    elif vote.kind == OpenVoteKind.SEATS:
        blocks.append(
            Paragraph(
                _("The proposal: the number to elect to %(what)s is %(n)s comrades.")
                % {"what": election.title if election else vote.title, "n": two(vote.seats)}
            )
        )
    elif vote.kind == OpenVoteKind.BALLOT_LIST and election is not None:
        first = election.rounds.order_by("number").first()
        names = (
            [rc.candidate.full_name for rc in first.entries.select_related("candidate").order_by("position")]
            if first is not None
            else [c.full_name for c in election.candidates.filter(status="proposed")]
        )
        blocks.append(
            Paragraph(
                _("The proposal: the ballot list has %(n)s comrades (in ballot order): %(names)s.")
                % {
                    "n": two(len(names)),
                    "names": "; ".join(f"{i}. {n}" for i, n in enumerate(names, start=1)),
                }
            )
        )
    elif vote.kind == OpenVoteKind.WITHDRAWAL and vote.candidate is not None:
        c = vote.candidate
        proposals = {
            "allow": _("to allow the withdrawal"),
            "refuse": _("not to allow the withdrawal"),
            "remove": _("to remove the name from the list"),
        }
        blocks.append(
            Paragraph(
                _(
                    "Comrade %(name)s asked to withdraw from the list for %(what)s, for this reason: "
                    "%(reason)s. The presidium proposes %(proposal)s."
                )
                % {
                    "name": c.full_name,
                    "what": c.election.title,
                    "reason": c.withdrawal_reason or "……",
                    "proposal": proposals.get(c.withdrawal_proposal, c.withdrawal_proposal or "……"),
                }
            )
        )
    elif vote.kind in (OpenVoteKind.NEXT_ROUND, OpenVoteKind.END_ELECTION) and election is not None:
        text = (
            _("The proposal: to hold a further round of the election of %(what)s after round %(n)s.")
            if vote.kind == OpenVoteKind.NEXT_ROUND
            else _("The proposal: to elect no more to %(what)s after round %(n)s.")
        )
        blocks.append(Paragraph(text % {"what": election.title, "n": vote.round_number or "……"}))
    if vote.proposal:
        blocks.append(Paragraph(vote.proposal))
    return blocks


def open_vote_record(vote: OpenVote, language: str = "vi") -> Document:
    with translation.override(language):
        return _build(vote, language)


def _build(vote: OpenVote, language: str) -> Document:
    congress = vote.congress
    fig = vote_figures(vote)
    convened, present, base = fig["convened"], fig["present"], fig["base"]
    agree, disagree, abstain = vote.agree or 0, vote.disagree or 0, vote.abstain or 0
    not_voting = None if present is None else max(present - agree - disagree - abstain, 0)
    day = act_date(congress, vote.closed_at)
    split = phone_split(vote)
    header = party_header(congress, Issuer.SECRETARIAT, vote_key(vote), day, type_code="BB")
    doc = Document(language=language, title=_("Record of an open vote"))
    how = (
        _(
            "At %(time)s on %(day)s, at %(place)s, %(congress)s voted openly, by raising cards in the hall "
            "and on phones, on the following question."
        )
        if split
        else _(
            "At %(time)s on %(day)s, at %(place)s, %(congress)s voted by a show of hands on the following "
            "question."
        )
    )
    doc.add(
        header,
        Title(_("Record of an open vote"), summary=_summary(vote)),
        Paragraph(
            how
            % {
                "time": clock(congress, vote.closed_at),
                "day": day.strftime("%d/%m/%Y"),
                "place": congress.place or "……",
                "congress": congress.title,
            }
        ),
        Heading(_("I. The question")),
        *_subject(vote),
        Paragraph(
            _(
                "Total %(people)s convened: %(n)s; present at the vote: %(present)s (%(pct)s); the base of "
                "the vote (D): %(base)s."
            )
            % {
                "people": voters_word(congress),
                "n": convened,
                "present": present,
                "pct": pct(present, convened),
                "base": base if base is not None else "……",
            }
        ),
        Heading(_("II. The result of the vote")),
        Table(
            columns=[
                Column(_("No."), 12, "center"),
                Column(_("Vote")),
                Column(_("Comrades"), 30, "center"),
                # xgettext:no-python-format (a percent sign, not a placeholder)
                Column(_("% of those convened"), 42, "center"),
            ],
            rows=[
                ["1", pgettext("party vote", "Agree"), agree, pct(agree, convened)],
                ["2", pgettext("party vote", "Disagree"), disagree, pct(disagree, convened)],
                ["3", _("Abstain"), abstain, pct(abstain, convened)],
                *([["4", _("Did not vote"), not_voting, pct(not_voting, convened)]] if not_voting else []),
            ],
        ),
    )
    if split:
        doc.add(
            Paragraph(
                split_sentence(split)
                + " "
                + _("The phones' choices, delegate by delegate, are in the annex to these minutes.")
            )
        )
    if vote.passed:
        verdict = _(
            "%(agree)s of the %(base)s comrades of the base agree, more than half: the congress ADOPTED the "
            "proposal."
        )
    else:
        verdict = _(
            "%(agree)s of the %(base)s comrades of the base agree, not more than half: the congress DID NOT "
            "adopt the proposal."
        )
    doc.add(
        Paragraph(
            [
                Run(verdict % {"agree": agree, "base": base if base is not None else "……"}, bold=True),
                Run(
                    " "
                    + _("These minutes were made at %(time)s on %(day)s and read to the congress.")
                    % {"time": clock(congress, vote.closed_at), "day": day.strftime("%d/%m/%Y")}
                ),
            ]
        ),
    )
    secretariat = working_body(congress, OpenVoteKind.SECRETARIAT)
    doc.add(signature_for(congress, Issuer.SECRETARIAT, secretariat.head))
    if split:
        doc.add(PageBreak(), *_annex(vote, header.number_symbol or "", day))
    return doc


def phone_split(vote: OpenVote) -> dict[str, dict[str, int]] | None:
    """{"cards": {...}, "phones": {...}} of a vote taken on phones too (frozen when it closed), else None."""
    snap = vote.snapshot or {}
    cards, phones = snap.get("cards"), snap.get("phones")
    if not isinstance(cards, dict) or not isinstance(phones, dict):
        return None
    return {
        "cards": {k: int(cards.get(k) or 0) for k in CHOICES},
        "phones": {k: int(phones.get(k) or 0) for k in CHOICES},
    }


CHOICES = ("agree", "disagree", "abstain")


def split_parts(split: dict[str, dict[str, int]]) -> str:
    """The cards counted in the hall and the phones' choices of a vote taken on phones too."""
    cards, phones = split["cards"], split["phones"]
    return _(
        "raising cards in the hall: agree %(ca)s, disagree %(cd)s, abstain %(cx)s; on phones: agree %(pa)s, "
        "disagree %(pd)s, abstain %(px)s"
    ) % {
        "ca": cards["agree"],
        "cd": cards["disagree"],
        "cx": cards["abstain"],
        "pa": phones["agree"],
        "pd": phones["disagree"],
        "px": phones["abstain"],
    }


def split_sentence(split: dict[str, dict[str, int]]) -> str:
    """ "Of these, raising cards in the hall: …; on phones: …." """
    return _("Of these, %(parts)s.") % {"parts": split_parts(split)}


def _annex(vote: OpenVote, symbol: str, day: Any) -> list[Any]:
    """The annex: each delegate who voted on a phone and the choice made (an open vote is open)."""
    from daihoi.voting.services.open_votes import choices_by_delegate

    rows = choices_by_delegate(vote)
    mark = {c: [("X" if c == k else "") for k in CHOICES] for c in CHOICES}
    reference = _("(Attached to the record of an open vote %(symbol)s of %(day)s)") % {
        "symbol": symbol[:1].lower() + symbol[1:] if symbol else "……",
        "day": day.strftime("%d/%m/%Y"),
    }
    totals = {c: sum(1 for r in rows if r["choice"] == c) for c in CHOICES}
    return [
        Paragraph([Run(_("ANNEX"), bold=True)], align="center", first_line_indent=0, space_after=0),
        Paragraph(
            [Run(_("The delegates who voted on their phones"), bold=True)],
            align="center",
            first_line_indent=0,
            space_after=0,
        ),
        Paragraph([Run(reference, italic=True)], align="center", first_line_indent=0),
        Paragraph(_summary(vote), align="center", first_line_indent=0),
        Table(
            columns=[
                Column(_("No."), 12, "center"),
                Column(_("Delegate's no."), 22, "center"),
                Column(_("Full name")),
                Column(pgettext("party vote", "Agree"), 24, "center"),
                Column(pgettext("party vote", "Disagree"), 24, "center"),
                Column(_("Abstain"), 24, "center"),
            ],
            rows=[
                *[
                    [str(i), str(r["number"]), r["name"], *mark.get(r["choice"], ["", "", ""])]
                    for i, r in enumerate(rows, start=1)
                ],
                [
                    Cell(_("Total: %(n)s delegates") % {"n": len(rows)}, bold=True, colspan=3),
                    Cell(str(totals["agree"]), bold=True),
                    Cell(str(totals["disagree"]), bold=True),
                    Cell(str(totals["abstain"]), bold=True),
                ],
            ],
            size=12,
        ),
    ]
