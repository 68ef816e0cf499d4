"""The superior committee's approval decision (quyết định chuẩn y, documents.md "Approval decision").

Issued by the superior committee held in daihoi ("Số 125-QĐ/ĐUK", T/M BAN THƯỜNG VỤ) once its users
approved a submission: the grounds (the Charter, the election regulation, the lower organization's
submission); Article 1 approves the comrades elected to each body (the executive committee, standing
committee, secretary, deputy secretaries, inspection committee, as elected); Article 2 its effect;
Article 3 who carries it out.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.congresses.dossier import Issuer as DossierIssuer
from daihoi.congresses.dossier import committee_name, dossier_number, symbol_for
from daihoi.documents.model import (
    Document,
    Heading,
    NumberedList,
    Paragraph,
    PartyHeader,
    Recipients,
    Run,
    Signature,
    SignatureBlock,
    Title,
)
from daihoi.dossier_docs.common import BLANK, BLANK_SHORT, day_text, elected_rows, two
from daihoi.dossier_docs.results import regulation
from daihoi.elections.models import Candidate, ElectionKind, ElectionStatus

# The bodies in the order a decision names them.
BODY_ORDER = (
    ElectionKind.EXECUTIVE_COMMITTEE,
    ElectionKind.BRANCH_COMMITTEE,
    ElectionKind.STANDING_COMMITTEE,
    ElectionKind.SECRETARY,
    ElectionKind.DEPUTY_SECRETARY,
    ElectionKind.INSPECTION_COMMITTEE,
)


def approved_elections(congress: Any) -> list[Any]:
    """The congress's elections the decision approves, body by body (the delegation is not approved)."""
    elections = congress.elections.filter(status=ElectionStatus.APPROVED).exclude(kind=ElectionKind.DELEGATES)
    order = {kind: i for i, kind in enumerate(BODY_ORDER)}
    return sorted(elections, key=lambda e: (order.get(e.kind, len(order)), e.created_at, e.pk))


def _names_in_order(election: Any) -> list[str]:
    """The elected of a body in the roll's alphabetical order (given name first, as Party lists are)."""
    elected, _alternates = elected_rows(election)
    ids = [int(r["id"]) for r in elected]
    members = {c.pk: c for c in Candidate.objects.filter(pk__in=ids).select_related("member")}
    rows = [
        (members[i].member.sort_key if i in members and members[i].member else b"", r)
        for i, r in zip(ids, elected, strict=False)
    ]
    return [str(r["name"]) for _key, r in sorted(rows, key=lambda item: bytes(item[0]))]


def _submission_reference(submission: Any) -> str:
    """ "Tờ trình số 12-TTr/ĐU ngày 18/7/2020" as typed in the lower dossier (dotted when not numbered)."""
    congress = submission.congress
    record = dossier_number(congress, "approval_submission")
    symbol = symbol_for(
        DossierIssuer.COMMITTEE, "TTr", congress.organization, record.number if record else None
    )
    symbol = symbol.removeprefix("Số ")
    day = record.date if record and record.date else None
    return _("Submission no. %(symbol)s of %(date)s") % {
        "symbol": symbol,
        "date": day_text(day) if day else BLANK,
    }


def approval_decision(submission: Any, language: str = "vi") -> Document:
    """The decision approving the results of `submission`'s congress (an approved submission)."""
    with translation.override(language):
        congress = submission.congress
        lower = congress.organization
        superior = submission.superior
        issuer = committee_name(superior)
        standing = _("The Standing Committee of %(committee)s") % {"committee": issuer}
        doc = Document(language=language, title=_("Approval decision"))
        number = submission.decision_number or BLANK_SHORT
        doc.add(
            PartyHeader(
                superior=[superior.superior_name] if superior.superior_name else [],
                issuer=[issuer],
                number_symbol=f"Số {number}",  # as documents.texts.number_symbol writes it
                place=superior.locality or "……",
                date=submission.decision_date,
            ),
            Title(
                pgettext("document", "Decision"),
                summary=_("Approving the results of the elections at %(congress)s")
                % {"congress": congress.title},
            ),
            Paragraph([Run(standing.upper(), bold=True)], align="center", first_line_indent=0),
            Paragraph(_("Under the Charter of the Communist Party of Vietnam;")),
            Paragraph(_("Under %(regulation)s;") % {"regulation": regulation(congress)}),
            Paragraph(
                _("Under the working rules of the Executive Committee of %(superior)s;")
                % {"superior": superior.name}
            ),
            Paragraph(
                _(
                    "Having considered %(submission)s of %(committee)s requesting approval of the results of "
                    "the elections at %(congress)s, held on %(day)s,"
                )
                % {
                    "submission": _submission_reference(submission),
                    "committee": committee_name(lower),
                    "congress": congress.title,
                    "day": day_text(congress.starts_on),
                }
            ),
            Paragraph(
                _("At the proposal of the Organization Board of %(committee)s,") % {"committee": issuer}
            ),
            Heading(pgettext("document", "DECIDES:"), align="center"),
        )
        elections = approved_elections(congress)
        doc.add(
            Paragraph(
                [
                    Run(_("Article 1.") + " ", bold=True),
                    Run(
                        _("To approve the results of the elections at %(congress)s, as follows:")
                        % {"congress": congress.title}
                    ),
                ]
            )
        )
        items: list[Any] = []
        for election in elections:
            names = _names_in_order(election)
            if election.kind in (ElectionKind.SECRETARY,):
                items.append(
                    _("%(what)s: comrade %(name)s.") % {"what": election.title, "name": ", ".join(names)}
                )
                continue
            items.append(
                _("%(what)s, %(n)s comrades: %(names)s.")
                % {"what": election.title, "n": two(len(names)), "names": ", ".join(names)}
            )
        doc.add(NumberedList(items or [BLANK * 2], style="1."))
        doc.add(
            Paragraph(
                [
                    Run(_("Article 2.") + " ", bold=True),
                    Run(
                        _(
                            "This decision takes effect from the day it is signed. The comrades named in "
                            "Article 1 perform their duties under the Party Charter and the Party's rules."
                        )
                    ),
                ]
            ),
            Paragraph(
                [
                    Run(_("Article 3.") + " ", bold=True),
                    Run(
                        _(
                            "The Organization Board and the Office of %(superior)s, %(lower)s and the "
                            "comrades named in Article 1 carry out this decision."
                        )
                        % {"superior": issuer, "lower": committee_name(lower)}
                    ),
                ]
            ),
            SignatureBlock(
                [
                    Signature(
                        authority=_("On behalf of %(body)s") % {"body": _("the Standing Committee")},
                        title=pgettext("party committee", "Secretary"),
                    )
                ],
                recipients=Recipients([_("As Article 3;"), _("File.")]),
            ),
        )
        return doc


def decision_filename(submission: Any) -> str:
    return f"quyet-dinh-chuan-y-dh-{submission.congress.number}"
