"""Before the congress: the convocation decision with the convened list, the invitations, the sign-in sheet.

- `convocation_decision`: quyết định triệu tập, "Số …-QĐ/ĐU", T/M ĐẢNG ỦY / BÍ THƯ; grounds (the Party
  Charter, the Politburo's directive on the congresses of that term, the superior's plan); Art. 1 convenes
  the congress, Art. 2 the number convened (list attached), Art. 3 who carries it out. The convened list
  follows on its own pages (by branch: no., full name, year of birth, official / probationary, note).
- `invitation_letters`: one giấy mời per guest and per person convened, "Kính gửi".
- `sign_in_sheet`: by branch, no., full name, signature; totals at the end (the credentials committee).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.congresses.dossier import Issuer, party_header, signature_for
from daihoi.congresses.dossier import committee_name as own_committee
from daihoi.congresses.models import Congress, Delegate, DelegateKind, OpenVoteKind
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
    BLANK,
    BLANK_SHORT,
    day_text,
    people_word,
    superior_committee,
    two,
    working_body,
)


def directive(congress: Congress) -> str:
    """The Politburo's directive on the congresses of the term (a setting per congress, else by the term)."""
    d = congress.directive
    return _("%(citation)s on %(subject)s") % {"citation": d.citation, "subject": d.subject}


def _convened(congress: Congress) -> list[Delegate]:
    return list(
        congress.delegates.filter(convened=True)
        .exclude(kind=DelegateKind.GUEST)
        .select_related("branch", "member")
        .order_by("number")
    )


def _by_branch(people: list[Delegate]) -> list[tuple[str, list[Delegate]]]:
    groups: dict[str, list[Delegate]] = defaultdict(list)
    order: list[str] = []
    for d in people:
        name = d.branch.name if d.branch is not None else _("(no branch)")
        if name not in groups:
            order.append(name)
        groups[name].append(d)
    return [(name, groups[name]) for name in order]


def _note(d: Delegate) -> str:
    notes = []
    if d.attached_elsewhere:
        notes.append(_("attached temporarily elsewhere"))
    if d.exempted:
        notes.append(_("exempted from Party work"))
    if d.suspended:
        notes.append(_("suspended"))
    return "; ".join(notes)


def _status(d: Delegate) -> str:
    return _("Official") if d.is_official else _("Probationary")


def convened_list_blocks(congress: Congress) -> list[Any]:
    people = _convened(congress)
    blocks: list[Any] = [
        Title(
            _("List of those convened to %(congress)s") % {"congress": congress.title},
            summary=_("(Attached to Decision No. %(blank)s-QĐ of the Party committee)")
            % {"blank": BLANK_SHORT},
        )
    ]
    columns = [
        Column(_("No."), 12, "center"),
        Column(_("Full name")),
        Column(_("Year of birth"), 24, "center"),
        Column(_("Official / probationary"), 42, "center"),
        Column(_("Note"), 40),
    ]
    rows: list[list[Any]] = []
    n = 0
    for branch, members in _by_branch(people):
        rows.append([Cell(branch, bold=True, colspan=5)])
        for d in members:
            n += 1
            year = d.member.birth_date.year if d.member_id and d.member and d.member.birth_date else ""
            rows.append([str(n), d.full_name, str(year), _status(d), _note(d)])
    official = sum(1 for d in people if d.is_official)
    blocks.append(Table(columns=columns, rows=rows, size=12))
    blocks.append(
        Paragraph(
            [
                Run(
                    _("Total: %(n)s %(people)s (%(official)s official, %(probationary)s probationary).")
                    % {
                        "n": len(people),
                        "people": people_word(congress),
                        "official": official,
                        "probationary": len(people) - official,
                    },
                    bold=True,
                )
            ]
        )
    )
    return blocks


def convocation_decision(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        org = congress.organization
        people = _convened(congress)
        official = sum(1 for d in people if d.is_official)
        superior = superior_committee(org.superior_name) if org.superior_name else BLANK
        committee = own_committee(org)
        doc = Document(language=language, title=_("Convocation decision"))
        doc.add(
            party_header(congress, Issuer.COMMITTEE, "convocation_decision", None, type_code="QĐ"),
            Title(_("Decision"), summary=_("Convening %(congress)s") % {"congress": congress.title}),
            Paragraph(
                [Run(congress.convening_committee.upper() or committee.upper(), bold=True)], align="center"
            ),
            Paragraph(_("- Under the Charter of the Communist Party of Vietnam;")),
            Paragraph(_("- Under %(directive)s;") % {"directive": directive(congress)}),
            Paragraph(
                _("- Under Plan No. %(blank)s of %(superior)s on the congresses of the Party organizations;")
                % {"blank": BLANK_SHORT, "superior": superior}
            ),
            Paragraph(_("- At the proposal of the office of the Party committee,")),
            Paragraph([Run(_("Decides:").upper(), bold=True)], align="center"),
            Paragraph(
                [
                    Run(_("Article 1.") + " ", bold=True),
                    Run(
                        _("To convene %(congress)s, from %(start)s to %(end)s, at %(place)s.")
                        % {
                            "congress": congress.title,
                            "start": day_text(congress.starts_on),
                            "end": day_text(congress.ends_on),
                            "place": congress.place or BLANK,
                        }
                    ),
                ]
            ),
            Paragraph(
                [
                    Run(_("Article 2.") + " ", bold=True),
                    Run(
                        _(
                            "%(n)s %(people)s are convened to the congress (%(official)s official, "
                            "%(probationary)s "
                            "probationary), as in the attached list."
                        )
                        % {
                            "n": two(len(people)),
                            "people": people_word(congress),
                            "official": official,
                            "probationary": len(people) - official,
                        }
                    ),
                ]
            ),
            Paragraph(
                [
                    Run(_("Article 3.") + " ", bold=True),
                    Run(
                        _(
                            "The office of the Party committee, the branches and the comrades named in "
                            "Article 2 "
                            "carry out this decision."
                        )
                    ),
                ]
            ),
            signature_for(
                congress,
                Issuer.COMMITTEE,
                recipients=[
                    _("The Standing Committee of %(superior)s (to report);") % {"superior": superior},
                    _("As in Article 3;"),
                    _("File."),
                ],
            ),
            PageBreak(),
            *convened_list_blocks(congress),
        )
        return doc


def _letter(congress: Congress, d: Delegate) -> list[Any]:
    who = d.full_name
    if d.title:
        who += f", {d.title}"
    if d.branch is not None and d.kind != DelegateKind.GUEST:
        who += f", {d.branch.name}"
    guest = d.kind == DelegateKind.GUEST
    return [
        party_header(congress, Issuer.COMMITTEE, "invitation_letters", None, type_code=""),
        Title(_("Invitation"), separator=False),
        Paragraph([Run(_("To: Comrade %(who)s") % {"who": who}, bold=True)], align="center"),
        Paragraph(
            (
                _("%(committee)s respectfully invites you to attend %(congress)s as a guest.")
                if guest
                else _("%(committee)s respectfully invites you to attend %(congress)s.")
            )
            % {"committee": own_committee(congress.organization), "congress": congress.title}
        ),
        Paragraph(
            _("Time: from %(time)s on %(start)s to %(end)s.")
            % {
                "time": _("%(h)s hours %(m)s") % {"h": BLANK_SHORT, "m": BLANK_SHORT},
                "start": day_text(congress.starts_on),
                "end": day_text(congress.ends_on),
            }
        ),
        Paragraph(_("Venue: %(place)s.") % {"place": congress.place or BLANK}),
        Paragraph(
            _("Please come on time.")
            if guest
            else _(
                "Please come on time and bring your delegate card; the congress documents are handed out at "
                "the "
                "reception desk."
            )
        ),
        signature_for(congress, Issuer.COMMITTEE),
    ]


def invitation_letters(congress: Congress, language: str = "vi") -> Document:
    """One letter per page: the guests first, then everyone convened."""
    with translation.override(language):
        people = list(congress.delegates.filter(convened=True).select_related("branch").order_by("number"))
        guests = [d for d in people if d.kind == DelegateKind.GUEST]
        others = [d for d in people if d.kind != DelegateKind.GUEST]
        doc = Document(language=language, title=_("Invitation"), page_numbers=False)
        for i, d in enumerate([*guests, *others]):
            if i:
                doc.add(PageBreak())
            doc.add(*_letter(congress, d))
        return doc


def sign_in_sheet(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        people = _convened(congress)
        header = party_header(congress, Issuer.CREDENTIALS, "sign_in_sheet", congress.starts_on, type_code="")
        doc = Document(language=language, title=_("Sign-in sheet"))
        doc.add(
            header,
            Title(
                _("List of %(people)s attending the congress, with signatures")
                % {"people": people_word(congress)},
                summary=congress.title,
            ),
        )
        for branch, members in _by_branch(people):
            doc.add(
                Heading(branch, level=2),
                Table(
                    columns=[
                        Column(_("No."), 12, "center"),
                        Column(_("Full name")),
                        Column(_("Official / probationary"), 42, "center"),
                        Column(_("Signature"), 50),
                    ],
                    rows=[[str(i), d.full_name, _status(d), ""] for i, d in enumerate(members, start=1)],
                    size=13,
                ),
            )
        official = sum(1 for d in people if d.is_official)
        doc.add(
            Paragraph(
                [
                    Run(
                        _(
                            "Total convened: %(n)s (%(official)s official, %(probationary)s probationary). "
                            "Signed: %(blank)s."
                        )
                        % {
                            "n": len(people),
                            "official": official,
                            "probationary": len(people) - official,
                            "blank": BLANK_SHORT,
                        },
                        bold=True,
                    )
                ]
            ),
            signature_for(
                congress, Issuer.CREDENTIALS, working_body(congress, OpenVoteKind.CREDENTIALS_COMMITTEE).head
            ),
        )
        return doc


def DEV(congress: Congress) -> dict[str, Any]:
    return {
        "convocation-decision": lambda: convocation_decision(congress),
        "invitation-letters": lambda: invitation_letters(congress),
        "sign-in-sheet": lambda: sign_in_sheet(congress),
    }
