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
    Column,
    Document,
    Heading,
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
    doc = Document(language=language, title=_("Record of an open vote"))
    doc.add(
        party_header(congress, Issuer.SECRETARIAT, vote_key(vote), day, type_code="BB"),
        Title(_("Record of an open vote"), summary=_summary(vote)),
        Paragraph(
            _(
                "At %(time)s on %(day)s, at %(place)s, %(congress)s voted by a show of hands on the "
                "following question."
            )
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
    return doc
