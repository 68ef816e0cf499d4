"""The congress's programme, working rules and election rules (documents.md §8), T/M ĐOÀN CHỦ TỊCH.

- `programme`: chương trình đại hội, "Số …-CTr/ĐH": the agenda in order, the time of each session left
  as a dotted blank (daihoi records no session times).
- `working_rules`: quy chế làm việc của đại hội, "Số …-QC/ĐH": the working bodies with their members,
  the delegates' rights and duties, how the congress decides (open vote, more than half of D).
- `election_rules`: quy chế bầu cử tại đại hội, "Số …-QC/ĐH", with this congress's numbers, from the rule
  profile of the election engine (daihoi.core.election).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from daihoi.congresses.dossier import Issuer, party_header, signature_for
from daihoi.congresses.figures import quorum, threshold_base
from daihoi.congresses.models import AgendaKind, BallotForm, Congress, OpenVoteKind
from daihoi.core.election import PARTY, smallest_passing
from daihoi.core.election.base import support_needed
from daihoi.core.election.checks import max_surplus
from daihoi.documents.model import (
    Column,
    Document,
    Heading,
    NumberedList,
    Paragraph,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.dossier_docs.common import (
    BLANK,
    BLANK_SHORT,
    WORKING_BODY_KINDS,
    body_label,
    day_text,
    elections_of,
    people_word,
    superior_committee,
    two,
    voters_word,
    working_body,
)
from daihoi.dossier_docs.results import regulation


def _performer(kind: str) -> str:
    performers: dict[str, str] = {
        AgendaKind.OPENING: _("Presidium"),
        AgendaKind.WORKING_BODIES: _("Presidium"),
        AgendaKind.REPORTS: _("The outgoing committee"),
        AgendaKind.DISCUSSION: pgettext_delegates(),
        AgendaKind.ELECTIONS: _("Presidium; counting committee"),
        AgendaKind.RESOLUTION: _("Secretariat"),
        AgendaKind.CLOSING: _("Presidium"),
    }
    return performers.get(kind, BLANK_SHORT)


def pgettext_delegates() -> str:
    from django.utils.translation import pgettext

    return pgettext("dossier", "Delegates")


def _presidium_signature(congress: Congress) -> SignatureBlock:
    presidium = working_body(congress, OpenVoteKind.PRESIDIUM)
    return signature_for(congress, Issuer.PRESIDIUM, presidium.head)


def programme(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        doc = Document(language=language, title=_("Programme of the congress"))
        doc.add(
            party_header(congress, Issuer.PRESIDIUM, "programme", congress.starts_on, type_code="CTr"),
            Title(_("Programme"), summary=congress.title),
            Paragraph(
                _("Time: %(start)s to %(end)s. Venue: %(place)s.")
                % {
                    "start": day_text(congress.starts_on),
                    "end": day_text(congress.ends_on),
                    "place": congress.place or BLANK,
                }
            ),
        )
        rows: list[list[Any]] = []
        for i, item in enumerate(congress.agenda_items.order_by("position"), start=1):
            rows.append(
                [
                    str(i),
                    _("%(h)s hours %(m)s") % {"h": BLANK_SHORT, "m": BLANK_SHORT},
                    item.title,
                    _performer(item.kind),
                ]
            )
        doc.add(
            Table(
                columns=[
                    Column(_("No."), 12, "center"),
                    Column(_("Time"), 32, "center"),
                    Column(_("Content")),
                    Column(_("Presented by"), 45),
                ],
                rows=rows,
            ),
            Paragraph(
                _("The times are written in by the presidium before the programme is voted."), italic=True
            ),
            _presidium_signature(congress),
        )
        return doc


def working_rules(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        base = threshold_base(congress)
        q = quorum(congress)
        doc = Document(language=language, title=_("Working rules of the congress"))
        doc.add(
            party_header(congress, Issuer.PRESIDIUM, "working_rules", congress.starts_on, type_code="QC"),
            Title(_("Working rules"), summary=congress.title),
            Heading(_("Article 1. The working bodies of the congress")),
        )
        duties = {
            OpenVoteKind.PRESIDIUM: _(
                "leads the congress, chairs its sessions and puts the questions to the vote"
            ),
            OpenVoteKind.SECRETARIAT: _(
                "keeps the minutes of the congress and the records of its votes, and drafts its resolution"
            ),
            OpenVoteKind.CREDENTIALS_COMMITTEE: _(
                "examines the credentials of those convened and reports on them to the congress"
            ),
            OpenVoteKind.COUNTING_COMMITTEE: _(
                "checks and seals the ballot box, hands out and collects the ballots, counts them and "
                "reports "
                "the result; its members may not stand for election"
            ),
        }
        for kind in WORKING_BODY_KINDS:
            body = working_body(congress, kind)
            names = ", ".join(body.members) if body.members else BLANK
            doc.add(
                Paragraph(
                    _("The body %(body)s (%(n)s comrades: %(names)s) %(duty)s.")
                    % {
                        "body": body_label(kind),
                        "n": two(len(body.members) or None),
                        "names": names,
                        "duty": duties[kind],
                    }
                )
            )
        doc.add(
            Heading(_("Article 2. Rights and duties of the %(people)s") % {"people": people_word(congress)}),
            NumberedList(
                [
                    _(
                        "to attend every session of the congress, on time; an absence is reported to the "
                        "presidium;"
                    ),
                    _(
                        "to discuss the congress documents and give comments, in the discussion or in "
                        "writing;"
                    ),
                    _(
                        "to nominate, stand for election and vote (official members only: probationary "
                        "members attend without a vote);"
                    ),
                    _("to keep the congress documents and the congress's confidential information."),
                ],
                style="-",
            ),
            Heading(_("Article 3. How the congress decides")),
            Paragraph(
                _(
                    "The congress is valid with at least two thirds of those convened present (%(needed)s of "
                    "%(convened)s, Charter Article 11.6). It decides by open vote, raising the delegate "
                    "card, or by "
                    "secret ballot where the Charter requires it."
                )
                % {"needed": q.needed, "convened": q.convened}
            ),
            Paragraph(
                _(
                    "A proposal is adopted when more than half of the base agree: the base D is %(base)s "
                    "(%(convened)s "
                    "%(people)s convened less %(deducted)s who are excused or not counted), so at least "
                    "%(needed)s "
                    "must agree."
                )
                % {
                    "base": base.base,
                    "convened": base.official_convened,
                    "people": voters_word(congress),
                    "deducted": base.official_convened - base.base,
                    "needed": smallest_passing(base.base) if base.base > 0 else BLANK_SHORT,
                }
            ),
            Heading(_("Article 4. Effect")),
            Paragraph(_("These rules take effect once the congress adopts them, until the congress closes.")),
            _presidium_signature(congress),
        )
        return doc


def _paper_ballot() -> Paragraph:
    return Paragraph(
        _(
            "The ballot is printed by the counting committee and bears the seal of the convening committee. "
            "The voter strikes the whole name of each person not elected (a list with more names than to "
            "elect), or marks agree / disagree (a list with as many names as to elect)."
        )
    )


def _ballot_articles(congress: Congress) -> list[Any]:
    """Article 3: how the secret ballots are cast, as the congress decided (Congress.ballot_form)."""
    if congress.ballot_form not in (BallotForm.ELECTRONIC, BallotForm.VERIFIABLE):
        return [
            Heading(_("Article 3. The ballot")),
            Paragraph(_("The congress elects by secret ballot, on printed ballot papers.")),
            _paper_ballot(),
        ]
    return [
        Heading(_("Article 3. How the ballots are cast; the ballot")),
        NumberedList(
            [
                _(
                    "The congress elects by secret ballot. Under the guidance of %(superior)s, the "
                    "delegates cast their ballots electronically, on their own phones connected to the "
                    "internal network of the hall; delegates without a phone vote on printed ballot papers."
                )
                % {"superior": _superior_committee(congress)},
                _(
                    "Each delegate's phone is registered to the delegate once, at the check-in desk after "
                    "the delegate has checked in, with a one-time code; a delegate registers one phone "
                    "only. The delegate card alone does not allow voting. A lost or broken phone is "
                    "cancelled at the desk and another may be registered."
                ),
                _(
                    "The electronic ballot shows the same list, in the same order, as the printed ballot: "
                    "on a list with more names than to elect the delegate strikes the name of each person "
                    "not elected; on a list with as many names as to elect the delegate chooses agree or "
                    "disagree for each name. The phone shows how many names are kept and warns of a "
                    "ballot that would be invalid; the delegate confirms the ballot before sending it."
                ),
                _(
                    "Each delegate casts one ballot in each round, only while the presidium keeps the "
                    "vote open; a ballot sent cannot be changed."
                ),
                _(
                    "A delegate without a phone receives from the counting committee a printed ballot "
                    "bearing the seal of the convening committee and puts it in the ballot box: on a list "
                    "with more names than to elect the voter strikes the whole name of each person not "
                    "elected; on a list with as many names as to elect the voter marks agree or disagree. "
                    "A delegate who voted electronically receives no paper ballot, and a delegate who "
                    "received a paper ballot cannot vote electronically."
                ),
                _(
                    "The electronic ballot bears no name, no time and no order of voting: the list of the "
                    "delegates who voted is kept apart from the content of the ballots."
                ),
                *_verifiable_items(congress),
            ],
            style="1.",
        ),
    ]


def _key_holders(congress: Congress) -> tuple[str, str]:
    """(n, k) of the congress's key ceremony in words for the rules, or dotted blanks before it."""
    from daihoi.voting.models import KeyCeremony

    ceremony = KeyCeremony.objects.filter(congress=congress).exclude(status="cancelled").first()
    if ceremony is None:
        return "……", "……"
    return str(ceremony.trustees), str(ceremony.threshold)


def _verifiable_items(congress: Congress) -> list[str]:
    """Article 3's items on the encrypted, verifiable ballot (verifiable form only)."""
    if congress.ballot_form != BallotForm.VERIFIABLE:
        return []
    n, k = _key_holders(congress)
    return [
        _(
            "The electronic ballot box is sealed by an election key made jointly, on their own devices, "
            "by %(n)s members of the counting committee, each of whom keeps one part of the key; no one, "
            "the server included, holds the whole key. Any %(k)s of them together are needed to open the "
            "count; fewer learn nothing of any ballot."
        )
        % {"n": n, "k": k},
        _(
            "Each phone encrypts the ballot before sending it. After sending, the phone shows the ballot's "
            "receipt code; the public ballot board lists the receipt codes of all ballots received, so each "
            "delegate can check that their ballot is in the box, without the code revealing the content."
        ),
        _(
            "Before sending, a delegate may ask the phone to prove its encryption: that ballot is then "
            "opened on the public board and never counted, anyone can check that it holds what the delegate "
            "chose, and the phone encrypts the ballot again."
        ),
        _(
            "The public ballot board holds every encrypted ballot, their sum, the decryption by the key "
            "holders and the result, with mathematical proofs: anyone can check, with a program independent "
            "of the server, that every ballot was counted and that the result is correct."
        ),
    ]


def _electronic_count(congress: Congress) -> list[Paragraph]:
    """Article 4's paragraph on counting electronic and paper ballots together (electronic form only)."""
    if congress.ballot_form not in (BallotForm.ELECTRONIC, BallotForm.VERIFIABLE):
        return []
    return [
        Paragraph(
            _(
                "While the vote is open only the number of delegates who have voted is shown, never a "
                "result. When the presidium closes the vote, the number of delegates present, of "
                "electronic ballots received and of paper ballots issued are fixed. The counting "
                "committee supervises the electronic vote, issues and collects the paper ballots, enters "
                "them into the computer and counts them together with the electronic ballots; its "
                "minutes state how many ballots were cast electronically and how many on paper."
            )
        ),
        *(
            [
                Paragraph(
                    _(
                        "The encrypted electronic ballots are not opened one by one: after the vote closes "
                        "their sum is decrypted, in the hall, by the required number of key holders of the "
                        "counting committee, each on their own device; only then is the round counted. The "
                        "minutes name the key holders who decrypted and give the fingerprint of the public "
                        "ballot board."
                    )
                )
            ]
            if congress.ballot_form == BallotForm.VERIFIABLE
            else []
        ),
    ]


def _superior_committee(congress: Congress) -> str:
    superior = congress.organization.superior_name
    return superior_committee(superior) if superior else _("the superior committee")


def election_rules(congress: Congress, language: str = "vi") -> Document:
    with translation.override(language):
        base = threshold_base(congress)
        q = quorum(congress)
        profile = PARTY
        doc = Document(language=language, title=_("Election rules of the congress"))
        doc.add(
            party_header(congress, Issuer.PRESIDIUM, "election_rules", congress.starts_on, type_code="QC"),
            Title(_("Election rules at the congress"), summary=congress.title),
            Paragraph(
                _("Under the Party Charter and %(regulation)s, the congress elects as follows.")
                % {"regulation": regulation(congress)}
            ),
            Heading(_("Article 1. What the congress elects")),
        )
        elections = elections_of(congress)
        items = []
        for e in elections:
            text = _("%(what)s: %(seats)s to elect") % {
                "what": e.title,
                "seats": two(e.seats) if e.seats else BLANK_SHORT,
            }
            if e.alternates:
                text += _(", and %(n)s alternates") % {"n": two(e.alternates)}
            if e.seats:
                text += _(" (at most %(n)s more names on the list than to elect)") % {
                    "n": max_surplus(e.seats, profile)
                }
            items.append(text + ";")
        doc.add(NumberedList(items or [BLANK * 2], style="1."))
        doc.add(
            Heading(_("Article 2. The list of candidates")),
            Paragraph(
                _(
                    "The list is made of the convening committee's proposal and of the nominations from the "
                    "floor "
                    "and self-nominations. A nomination from the floor or a self-nomination is put on the "
                    "list only "
                    "with the support of more than 30%% of the voters present: with %(present)s present, at "
                    "least "
                    "%(needed)s. Members of the counting committee may not be candidates."
                )
                % {"present": q.voters_present, "needed": support_needed(q.voters_present)}
            ),
            Paragraph(
                _(
                    "A candidate may ask to withdraw, giving the reason; the presidium proposes and the "
                    "congress "
                    "decides by open vote. The congress then votes the list as a whole."
                )
            ),
            Paragraph(
                _(
                    "Where the list has more names than the congress wishes, the congress may hold an "
                    "opinion ballot "
                    "(phiếu thăm dò): the names are kept from the highest vote down; it elects nobody."
                )
            ),
            *_ballot_articles(congress),
            Paragraph(_("A ballot is invalid when:"), keep_with_next=True),
            NumberedList(
                [
                    _("it was not issued by the counting committee;"),
                    _("it keeps more names than there are places to elect;"),
                    _("every name on a list with more names than to elect is struck;"),
                    *([_("a name outside the list is written on it;")] if profile.added_name_invalid else []),
                    *(
                        [_("it bears a signature, a mark or extra writing that identifies the voter;")]
                        if profile.identifying_mark_invalid
                        else []
                    ),
                    *(
                        [_("on a list of one name, both boxes or neither box are marked.")]
                        if profile.single_both_or_neither_invalid
                        else []
                    ),
                ],
                style="-",
            ),
            Heading(_("Article 4. The count and the result")),
            Paragraph(
                _(
                    "The counting committee counts the ballots at the congress and reports the result in its "
                    "minutes. A candidate is elected with more than half of the base D: D is the number of "
                    "%(people)s convened (%(convened)s) less those excused or not counted (%(deducted)s), "
                    "so D = "
                    "%(base)s today and at least %(needed)s votes are needed. The percentages are of D, "
                    "never of the "
                    "valid ballots."
                )
                % {
                    "people": voters_word(congress),
                    "convened": base.official_convened,
                    "deducted": base.official_convened - base.base,
                    "base": base.base,
                    "needed": smallest_passing(base.base) if base.base > 0 else BLANK_SHORT,
                }
            ),
            *_electronic_count(congress),
            Paragraph(
                _(
                    "Those with more than half are elected from the highest vote down, up to the number to "
                    "elect. "
                    "Where candidates tie at the last place, the congress votes again among them only; the "
                    "most votes "
                    "wins, with no majority needed."
                )
            ),
            Paragraph(
                _(
                    "Where fewer are elected than the number to elect, the congress decides by open vote "
                    "whether to "
                    "hold a further round among those not elected, or to elect no more."
                )
            ),
            Paragraph(
                _(
                    "Alternate delegates are those with more than half of D after the official delegates, "
                    "from the "
                    "highest vote down."
                )
            ),
            Heading(_("Article 5. Effect")),
            Paragraph(_("These rules take effect once the congress adopts them.")),
            _presidium_signature(congress),
        )
        return doc


def DEV(congress: Congress) -> dict[str, Any]:
    return {
        "programme": lambda: programme(congress),
        "working-rules": lambda: working_rules(congress),
        "election-rules": lambda: election_rules(congress),
    }
