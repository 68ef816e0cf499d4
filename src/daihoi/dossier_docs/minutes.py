"""The general minutes of the congress (biên bản đại hội, documents.md §8), "Số …-BB/ĐH".

Kept by the secretariat, signed T/M ĐOÀN THƯ KÝ and T/M ĐOÀN CHỦ TỊCH: time and venue; convened,
present, absent with their reasons; the working bodies; the proceedings (the agenda in order); every
open vote with its figures; the result of each election; the resolution adopted; the closing time.
What daihoi does not record (the summary of the discussion, times outside the recorded acts) is left
as dotted lines for the secretariat to write by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.audit.models import AuditEntry
from daihoi.congresses.dossier import Issuer, party_header, signature_for
from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressDocument, DelegateKind, DocumentComment, OpenVoteKind
from daihoi.documents.model import (
    Column,
    Document,
    Heading,
    NumberedList,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.dossier_docs.common import (
    BLANK_LINE,
    WORKING_BODY_KINDS,
    body_label,
    clock,
    closed_votes,
    counted_elections,
    day_text,
    elected_rows,
    pct,
    percent_text,
    round_ballots,
    two,
    vote_figures,
    voters_word,
    working_body,
)
from daihoi.dossier_docs.votes import phone_split, split_parts, split_sentence

KEY = "congress_minutes"


SEE_SECTION = {
    "working_bodies": lambda: _("The congress approved its working bodies by open vote (section II)."),
    "elections": lambda: _("The congress held its elections (section V)."),
    "resolution": lambda: _("The congress voted its resolution (section VI)."),
}


def _moment(congress: Congress, action: str) -> dt.datetime | None:
    entry = (
        AuditEntry.objects.filter(
            action=action, object_type="congresses.congress", object_id=str(congress.pk)
        )
        .order_by("-seq")
        .first()
    )
    return entry.at if entry else None


def _vote_line(vote: Any) -> str:
    fig = vote_figures(vote)
    convened = fig["convened"]
    verdict = _("adopted") if vote.passed else _("not adopted")
    line = _(
        "%(question)s: present %(present)s; agree %(agree)s (%(pa)s), disagree %(disagree)s (%(pd)s), "
        "abstain %(abstain)s (%(pb)s) of %(convened)s convened — %(verdict)s."
    ) % {
        "question": vote.title,
        "present": fig["present"],
        "agree": vote.agree or 0,
        "pa": pct(vote.agree or 0, convened),
        "disagree": vote.disagree or 0,
        "pd": pct(vote.disagree or 0, convened),
        "abstain": vote.abstain or 0,
        "pb": pct(vote.abstain or 0, convened),
        "convened": convened,
        "verdict": verdict,
    }
    split = phone_split(vote)
    return f"{line} {split_sentence(split)}" if split else line


def general_minutes(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        return _build(congress, language)


def _build(congress: Congress, language: str) -> Document:
    opened, closed = _moment(congress, "congress.opened"), _moment(congress, "congress.closed")
    q = quorum(congress)
    doc = Document(language=language, title=_("Minutes of the congress"))
    doc.add(
        party_header(congress, Issuer.SECRETARIAT, KEY, congress.ends_on, type_code="BB"),
        Title(_("Minutes of the congress"), summary=congress.title),
        Paragraph(
            _(
                "%(congress)s met from %(start)s to %(end)s at %(place)s. The congress opened at %(time)s "
                "on %(start)s."
            )
            % {
                "congress": congress.title,
                "start": day_text(congress.starts_on),
                "end": day_text(congress.ends_on),
                "place": congress.place or BLANK_LINE[:20],
                "time": clock(congress, opened),
            }
        ),
        Heading(_("I. Attendance")),
    )
    absent = list(
        congress.delegates.filter(convened=True, present=False)
        .exclude(kind=DelegateKind.GUEST)
        .order_by("number")
    )
    people = voters_word(congress)
    doc.add(
        NumberedList(
            [
                _("Total %(people)s convened: %(n)s;") % {"people": people, "n": q.convened},
                _("present: %(n)s (%(pct)s);") % {"n": q.present, "pct": pct(q.present, q.convened)},
                _("absent: %(n)s, of whom %(with)s with a reason and %(without)s without;")
                % {"n": q.absent, "with": q.absent_with_reason, "without": q.absent_without_reason},
                _("present without a vote (probationary members, members attached temporarily): %(n)s;")
                % {"n": q.nonvoters_present},
                _("guests present: %(n)s.") % {"n": q.guests_present},
            ],
            style="-",
        )
    )
    if absent:
        doc.add(
            Paragraph(_("Absent:"), keep_with_next=True),
            NumberedList(
                [
                    _("Comrade %(name)s (%(branch)s): %(reason)s;")
                    % {
                        "name": d.full_name,
                        "branch": d.branch.name if d.branch is not None else "—",
                        "reason": d.absence_reason or _("no reason given"),
                    }
                    for d in absent
                ],
                style="1.",
            ),
        )
    doc.add(
        Paragraph(
            (
                _(
                    "The attendance meets Article 11.6 of the Party Charter (at least two thirds of those "
                    "convened: %(needed)s of %(convened)s); the congress is valid."
                )
                if q.valid
                else _(
                    "The attendance does NOT meet Article 11.6 of the Party Charter (at least two thirds of "
                    "those convened: %(needed)s of %(convened)s)."
                )
            )
            % {"needed": q.needed, "convened": q.convened}
        ),
        Heading(_("II. The working bodies")),
    )
    for kind in WORKING_BODY_KINDS:
        body = working_body(congress, kind)
        label = body_label(kind)
        if body.vote is None:
            doc.add(
                Paragraph(
                    _("The congress approved %(body)s: %(names)s.")
                    % {"body": label, "names": BLANK_LINE[:40]}
                )
            )
            continue
        doc.add(
            Paragraph(
                _("The congress approved %(body)s (%(n)s comrades): %(names)s.")
                % {"body": label, "n": two(len(body.members)), "names": ", ".join(body.members)}
            )
        )
    doc.add(Heading(_("III. The proceedings")))
    items = list(congress.agenda_items.order_by("position"))
    votes = closed_votes(congress)
    comments = DocumentComment.objects.filter(document__congress=congress).count()
    documents = list(CongressDocument.objects.filter(congress=congress).order_by("uploaded_at", "id"))
    for i, item in enumerate(items, start=1):
        doc.add(Paragraph([Run(f"{i}. {item.title}", bold=True)], keep_with_next=True))
        linked = [v for v in votes if v.agenda_item_id == item.pk]
        for v in linked:
            doc.add(Paragraph(_vote_line(v)))
        if item.kind == "discussion":
            doc.add(
                Paragraph(
                    _("%(n)s written comments were sent on %(docs)s documents. Summary of the discussion:")
                    % {"n": comments, "docs": len(documents)}
                ),
                Paragraph(BLANK_LINE),
                Paragraph(BLANK_LINE),
            )
        elif item.kind in SEE_SECTION:
            doc.add(Paragraph(SEE_SECTION[item.kind]()))
        elif not linked:
            doc.add(Paragraph(BLANK_LINE))
    doc.add(Heading(_("IV. The open votes")))
    if votes:
        doc.add(
            Table(
                columns=[
                    Column(_("No."), 13, "center"),
                    Column(_("Question")),
                    Column(_("Present"), 19, "center"),
                    Column(pgettext("party vote", "Agree"), 19, "center"),
                    Column(pgettext("party vote", "Disagree"), 19, "center"),
                    Column(_("Abstain"), 19, "center"),
                    Column(_("Result"), 25, "center"),
                ],
                rows=[
                    [
                        str(i),
                        v.title,
                        vote_figures(v)["present"],
                        v.agree or 0,
                        v.disagree or 0,
                        v.abstain or 0,
                        _("adopted") if v.passed else _("not adopted"),
                    ]
                    for i, v in enumerate(votes, start=1)
                ],
                size=12,
            ),
            Paragraph(
                _("Percentages are of the %(n)s %(people)s convened; each vote has its own record.")
                % {"n": q.convened, "people": people},
                italic=True,
            ),
        )
        on_phones = [(i, v, split) for i, v in enumerate(votes, start=1) if (split := phone_split(v))]
        if on_phones:
            doc.add(
                Paragraph(_("Votes taken on phones too:"), keep_with_next=True),
                *[Paragraph(f"{i}. {v.title} — {split_parts(split)}.") for i, v, split in on_phones],
            )
    else:
        doc.add(Paragraph(BLANK_LINE))
    doc.add(Heading(_("V. The elections")))
    elections = counted_elections(congress)
    for n, election in enumerate(elections, start=1):
        elected, alternates = elected_rows(election)
        rounds = election.rounds.filter(status="closed").count()
        doc.add(
            Paragraph([Run(f"{n}. {election.title}", bold=True)], keep_with_next=True),
            Paragraph(
                _("Number to elect: %(seats)s; names on the ballot list: %(names)s; rounds: %(rounds)s.")
                % {
                    "seats": election.seats or "……",
                    "names": election.candidates.filter(status="proposed").count(),
                    "rounds": rounds,
                },
                keep_with_next=True,
            ),
            *round_ballots(election),
            _elected_table(elected),
        )
        if alternates:
            doc.add(Paragraph(_("Alternates:"), keep_with_next=True), _elected_table(alternates))
    if not elections:
        doc.add(Paragraph(BLANK_LINE))
    doc.add(Heading(_("VI. The resolution")))
    resolution = [v for v in votes if v.kind == OpenVoteKind.RESOLUTION]
    if resolution:
        for v in resolution:
            doc.add(Paragraph(_vote_line(v)))
    else:
        doc.add(
            Paragraph(
                _(
                    "The congress voted the resolution of the congress: agree %(a)s, disagree %(d)s, "
                    "abstain %(b)s."
                )
                % {"a": "……", "d": "……", "b": "……"}
            )
        )
    doc.add(
        Paragraph(
            _("The congress closed at %(time)s on %(day)s.")
            % {"time": clock(congress, closed), "day": day_text(congress.ends_on)}
        ),
        Paragraph(_("These minutes are made in 03 copies and were read to the congress before it closed.")),
    )
    secretariat = working_body(congress, OpenVoteKind.SECRETARIAT)
    presidium = working_body(congress, OpenVoteKind.PRESIDIUM)
    doc.add(
        SignatureBlock(
            [
                *signature_for(congress, Issuer.SECRETARIAT, secretariat.head).signatures,
                *signature_for(congress, Issuer.PRESIDIUM, presidium.head).signatures,
            ]
        )
    )
    return doc


def _elected_table(rows: list[dict[str, Any]]) -> Table:
    return Table(
        columns=[
            Column(_("No."), 12, "center"),
            Column(_("Full name")),
            Column(_("Votes"), 28, "center"),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Column(_("% of the base"), 34, "center"),
        ],
        rows=[
            [str(i), r["name"], r["votes"], percent_text(r["percent_of_base"])]
            for i, r in enumerate(rows, start=1)
        ],
    )
