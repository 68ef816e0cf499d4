"""A draft news report of the congress, in the style of a provincial portal (documents.md §6, the seed).

Title, lead, attendance ("48/50 đảng viên đang sinh hoạt tại 5 chi bộ trực thuộc"), the targets the
congress adopted (from `daihoi.targets` when that app holds a resolution for this term, else left
out), the elected committee's size and the delegation. The office edits the text before publishing.
"""

from __future__ import annotations

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.congresses.figures import quorum
from daihoi.congresses.models import Congress, CongressKind
from daihoi.documents.model import Document, Paragraph, Title


def _targets(congress: Congress) -> list[str]:
    if not apps.is_installed("daihoi.targets"):
        return []
    from daihoi.targets.models import Resolution

    resolution = (
        Resolution.objects.filter(organization=congress.organization, term_start=congress.term_start_year)
        .order_by("-id")
        .first()
    )
    if resolution is None:
        return []
    return [t.quote.strip().rstrip(".;") for t in resolution.targets.order_by("position") if t.quote.strip()]


def _elections(congress: Congress) -> list[str]:
    from daihoi.elections.models import ElectionKind, ElectionStatus
    from daihoi.elections.services import outcome

    lines = []
    # Announced elections only: a count not yet announced is the counting committee's (docs/security.md).
    done = congress.elections.filter(status__in=[ElectionStatus.PUBLISHED, ElectionStatus.APPROVED])
    for election in done.order_by("id"):
        result = outcome(election)
        if election.kind == ElectionKind.DELEGATES:
            text = _("elected the delegation to the upper congress: %(n)s official delegates") % {
                "n": len(result.elected)
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


def draft(congress: Congress, language: str = "vi") -> str:
    with translation.override(language):
        org = congress.organization
        q = quorum(congress, "voters")  # "48/50 đảng viên": voters present of the voters convened
        people = _("delegates") if congress.kind == CongressKind.DELEGATES else _("party members")
        paragraphs = [
            congress.title,
            _("On %(day)s/%(month)s, %(org)s held its congress no. %(number)s, term %(term)s.")
            % {
                "day": congress.starts_on.day,
                "month": congress.starts_on.month,
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
            attendance += " " + _("in %(n)s subordinate branches") % {"n": q.branches_total}
        lead = _("Attending the congress were the leaders of %(superior)s; %(attendance)s.") % {
            "superior": org.superior_body or _("the superior committee"),
            "attendance": attendance,
        }
        paragraphs.append(lead)
        targets = _targets(congress)
        if targets:
            paragraphs.append(
                _("The congress adopted the targets for the term %(term)s: %(targets)s.")
                % {"term": congress.term, "targets": "; ".join(targets)}
            )
        elections = _elections(congress)
        if elections:
            paragraphs.append(_("The congress %(what)s.") % {"what": "; ".join(elections)})
        return "\n\n".join(paragraphs)


def news_document(text: str, language: str = "vi") -> Document:
    """The edited text as a document: first paragraph as the title."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    doc = Document(language=language, title=parts[0] if parts else "")
    if parts:
        doc.add(Title(parts[0], separator=False))
    for p in parts[1:]:
        doc.add(Paragraph(p))
    return doc
