"""A draft news report of the congress, in the style of a provincial portal (documents.md §6, the seed).

Title in sentence case (as portals write it), lead, who attended ("Dự Đại hội có lãnh đạo Đảng ủy Khối
…; 48/50 đảng viên đang sinh hoạt tại 5 chi bộ trực thuộc Đảng bộ"), the past term's results, the
direction and targets the congress adopted (from `daihoi.targets` when that app holds a resolution for
this term), the elected committee and the delegation to the upper congress, named. The office edits the
text before publishing.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressKind
from daihoi.core.bodies import committee_name
from daihoi.core.numbers import roman
from daihoi.documents.model import Document, Paragraph


def _resolution(congress: Congress, term_start: int) -> Any:
    if not apps.is_installed("daihoi.targets"):
        return None
    from daihoi.targets.models import Resolution

    return (
        Resolution.objects.filter(organization=congress.organization, term_start=term_start)
        .order_by("-id")
        .first()
    )


def _targets(congress: Congress) -> str:
    """The adopted targets as one running sentence, each one whole ("Phấn đấu hàng năm có 100% …; …")."""
    from daihoi.core.targets.text import resolution_items

    resolution = _resolution(congress, congress.term_start_year)
    if resolution is None:
        return ""
    quotes = [t.quote for t in resolution.targets.order_by("position", "id") if t.quote.strip()]
    return " ".join(resolution_items(resolution.source_text, quotes, capitalize=False))


def _body(congress: Congress) -> str:
    """ "Đảng bộ" or "Chi bộ": the organization as its own texts call it."""
    return (
        _("Party committee organization")
        if congress.organization.has_branches
        else _("Party branch organization")
    )


def previous_term(congress: Congress) -> tuple[int, int]:
    length = congress.term_end_year - congress.term_start_year
    return congress.term_start_year - length, congress.term_start_year


def _past_term(congress: Congress) -> str:
    """The past term's paragraph: the resolution of the previous congress carried out; its targets met when
    daihoi holds that resolution; the highlights left to the office ("…")."""
    org = congress.organization
    start, end = previous_term(congress)
    text = _(
        "In the term %(term)s, %(org)s led the carrying out of the targets of the resolution of the "
        "%(body)s congress no. %(number)s"
    ) % {
        "term": f"{start} - {end}",
        "org": org.name,
        "body": _body(congress),
        "number": roman(max(congress.number - 1, 1)),
    }
    previous = _resolution(congress, start)
    if previous is not None:
        from daihoi.core.targets import progress
        from daihoi.targets.tracking import progress_for

        items = progress_for(previous)
        met = sum(1 for tp in items if tp.status == progress.MET)
        text += _("; %(met)s of its %(total)s targets were met") % {"met": met, "total": len(items)}
    return text + _(". Highlights: …")


def _elections(congress: Congress) -> list[str]:
    from daihoi.elections.models import ElectionKind, ElectionStatus
    from daihoi.elections.services import outcome

    lines = []
    org = congress.organization
    # Announced elections only: a count not yet announced is the counting committee's (docs/security.md).
    done = congress.elections.filter(status__in=[ElectionStatus.PUBLISHED, ElectionStatus.APPROVED])
    for election in done.order_by("id"):
        result = outcome(election)
        if election.kind == ElectionKind.DELEGATES:
            upper = (
                _("the delegates' congress of %(superior)s, term %(term)s")
                % {"superior": org.superior_name, "term": congress.term}
                if org.superior_name
                else _("the upper congress")
            )
            text = _("elected the delegation to %(upper)s: %(n)s official delegates") % {
                "upper": upper,
                "n": len(result.elected),
            }
            if result.alternates:
                text += _(" and %(n)s alternates") % {"n": len(result.alternates)}
        else:
            text = _("elected the %(what)s of %(n)s comrades") % {
                "what": election.title,
                "n": len(result.elected),
            }
        lines.append(text)
    return lines


def _voted_on_phones(congress: Congress) -> bool:
    """Whether a round of an announced election had an electronic poll."""
    from daihoi.elections.models import ElectionStatus, Round

    return Round.objects.filter(
        election__congress=congress,
        election__status__in=[ElectionStatus.PUBLISHED, ElectionStatus.APPROVED],
        electronic__isnull=False,
    ).exists()


def _when(congress: Congress) -> str:
    start, end = congress.starts_on, congress.ends_on
    if end > start and (end - start).days < 7 and start.month == end.month:
        return _("Over %(days)s days, %(first)s and %(last)s/%(month)s") % {
            "days": (end - start).days + 1,
            "first": start.day,
            "last": end.day,
            "month": end.month,
        }
    return _("On %(day)s/%(month)s") % {"day": start.day, "month": start.month}


def draft(congress: Congress, language: str = "vi") -> str:
    with translation.override(language):
        org = congress.organization
        q = quorum(congress, "voters")  # "48/50 đảng viên": voters present of the voters convened
        people = _("delegates") if congress.kind == CongressKind.DELEGATES else _("party members")
        paragraphs = [
            congress.title,
            _("%(when)s, %(org)s held its congress no. %(number)s, term %(term)s.")
            % {
                "when": _when(congress),
                "org": org.name,
                "number": congress.roman_number,
                "term": congress.term,
            },
        ]
        attendance = _("%(present)s/%(convened)s %(people)s") % {
            "present": q.present,
            "convened": q.convened,
            "people": people,
        }
        if q.branches_total:
            attendance += " " + _("in the %(n)s subordinate branches of the %(body)s") % {
                "n": q.branches_total,
                "body": _body(congress),
            }
        lead = _("Attending the congress were the leaders of %(superior)s; %(attendance)s.") % {
            "superior": committee_name(org.superior_name)
            if org.superior_name
            else _("the superior committee"),
            "attendance": attendance,
        }
        paragraphs.append(lead)
        paragraphs.append(_past_term(congress))
        direction = _(
            "The congress unanimously adopted the objectives, direction and tasks for the term %(term)s, "
            "aiming to raise the leadership capacity and fighting strength of the %(body)s and to build a "
            "clean and strong %(body)s."
        ) % {"term": congress.term, "body": _body(congress)}
        targets = _targets(congress)
        if targets:
            direction += " " + targets
        paragraphs.append(direction)
        elections = _elections(congress)
        if elections:
            text = _("The congress %(what)s.") % {"what": "; ".join(elections)}
            if _voted_on_phones(congress):
                text += " " + _(
                    "The secret ballots were cast electronically, on the delegates' phones over the hall's "
                    "internal network, and on paper by the delegates without a phone."
                )
            paragraphs.append(text)
        return "\n\n".join(paragraphs)


def news_document(text: str, language: str = "vi") -> Document:
    """The edited text as a document: the first paragraph is the title, in sentence case and bold as a
    portal prints it (not forced to capitals)."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    doc = Document(language=language, title=parts[0] if parts else "")
    if parts:
        # The term never splits over two lines ("nhiệm kỳ 2020 - 2025" stays together).
        title = re.sub(r"(?i)(nhiệm kỳ) (\d{4}) ?([-–]) ?(\d{4})", "\\1\u00a0\\2\u00a0\\3\u00a0\\4", parts[0])
        doc.add(Paragraph(title, align="left", first_line_indent=0, size=16, bold=True, space_after=12))
    for p in parts[1:]:
        doc.add(Paragraph(p))
    return doc
