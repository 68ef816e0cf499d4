"""Counting minutes (biên bản kiểm phiếu, spec §6.6 / documents.md §3), the list of the elected, the
entry log — document models rendered by `daihoi.documents` (docx and PDF, A4, Liberation Serif).

`build_minutes(result, info)` takes the engine's `RoundResult.to_dict()` and the congress context, so
the same minutes come from a counted round (`round_minutes`) and from a tally file (`daihoi tally
--format docx|pdf`, `tally_minutes`). Texts are in the document's language (Vietnamese by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from daihoi.core.election.minutes_facts import MinutesFacts
from daihoi.core.instruments import Instrument, regulation_in_force
from daihoi.core.numbers import format_number
from daihoi.documents.model import (
    Cell,
    Column,
    Document,
    Heading,
    NumberedList,
    Paragraph,
    PartyHeader,
    Run,
    Table,
    Title,
)
from daihoi.documents.texts import number_symbol
from daihoi.elections.labels import (
    DEDUCTION_WORDS,
    RoundWords,
    action_label,
    base_sentence,
    describe_log_entry,
    flag_label,
    percent_of_base_header,
    user_label,
)


@dataclass
class MinutesInfo:
    """What the minutes print besides the count: who, where, when, what. Missing facts print as dotted
    blanks."""

    superior: list[str] = field(default_factory=list)  # the congress lines above the issuer
    congress: str = ""  # "Đại hội Đảng bộ … lần thứ X, nhiệm kỳ 2020 - 2025"
    place: str = ""  # the locality, for the header's "place, date"
    hall: str = ""  # where the congress meets, for the opening sentence
    date: dt.date | None = None  # the day of the count
    time: dt.time | None = None  # the time the minutes were closed, if recorded
    what: str = ""  # "Ban Chấp hành Đảng bộ … khóa X, nhiệm kỳ 2020 - 2025"
    seats_voted: bool = True  # False: allocated from above (delegates)
    counting_committee: list[str] = field(default_factory=list)  # the head first
    delegates_congress: bool = False
    # The ballots were entered twice by the same login (a one-person committee, DAIHOI_ALLOW_ONE_CLERK_LOGIN).
    entries_not_independent: bool = False
    # (head hash, number of entries) of the audit log when the document is made (daihoi.audit.services.
    # audit_anchor): printed in small type at the end, for `daihoi audit verify --org CHAIN --anchor
    # HEAD:LENGTH`; audit_chain the chain's name (the organization's roll owner's code).
    audit_anchor: tuple[str, int] | None = None
    audit_chain: str = ""
    regulation: Instrument | None = None  # None: the one in force on `date`
    number: int | None = None  # the minutes' number in the congress's series (None: dotted blank)
    # Who each deduction from the base is, by deduction code (the names of the members absent with reason).
    deducted_names: dict[str, list[str]] = field(default_factory=dict)
    # The header of a document of this round ("counting_minutes", "elected_list", "entry_log"), when the
    # congress is known (daihoi.congresses.dossier.party_header); None: built from the fields above.
    header_for: Callable[[str], PartyHeader] | None = None
    # Of the ballots issued and returned, those cast on phones in the round's electronic poll (None: the
    # round had no poll, and the minutes print the ballots as they always did).
    electronic: int | None = None
    # A verifiable poll (docs/verifiable-voting.md): who decrypted and the board's fingerprint.
    verifiable: VerifiableFacts | None = None

    def header(self, kind: str, type_code: str = "") -> PartyHeader:
        if self.header_for is not None:
            return self.header_for(kind)
        from daihoi.congresses.dossier import CONGRESS_CODE, Issuer, header_lines

        superior, issuer = header_lines(Issuer.COUNTING, self.superior, _("Counting committee"), "")
        return PartyHeader(
            superior=superior,
            issuer=issuer,
            number_symbol=number_symbol(self.number, type_code, CONGRESS_CODE) if type_code else None,
            place=self.place or "……",  # a dotted place and date to fill by hand when unknown
            date=self.date,
        )


def audit_anchor_line(info: MinutesInfo) -> list[Paragraph]:
    """The last line of a signed document of the count: the audit log's length and newest hash."""
    if not info.audit_anchor:
        return []
    head, length = info.audit_anchor
    values = {"n": format_number(length), "hash": head, "chain": info.audit_chain}
    if info.audit_chain:
        text = _("Audit log of %(chain)s: %(n)s entries, last hash %(hash)s") % values
    else:
        text = _("Audit log: %(n)s entries, last hash %(hash)s") % values
    return [Paragraph(text, align="left", first_line_indent=0, size=8, space_before=12)]


def pct(value: str | None) -> str:
    return "—" if value is None else format_number(value, 2) + "%"


def _name(c: dict[str, Any]) -> str:
    if c.get("show_birth_date") and c.get("birth_date"):
        y, m, d = c["birth_date"].split("-")
        return f"{c['name']} ({_('born')} {d}/{m}/{y})"
    return str(c["name"])


def _result_table(rows: list[dict[str, Any]], result: dict[str, Any], keep_together: bool = False) -> Table:
    return Table(
        keep_together=keep_together,
        columns=[
            Column(_("No."), 12, "center"),
            Column(_("Full name")),
            Column(_("Votes"), 22, "center"),
            Column(percent_of_base_header(result), 34, "center"),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Column(_("% of valid"), 26, "center"),
        ],
        rows=[
            [str(i), _name(c), c["votes"], pct(c["percent_of_base"]), pct(c["percent_of_valid"])]
            for i, c in enumerate(rows, start=1)
        ],
    )


def _committee_roles(names: list[str]) -> list[str]:
    return [
        _("Comrade %(name)s, %(role)s;")
        % {
            "name": n,
            "role": pgettext("counting committee", "head")
            if i == 0
            else pgettext("counting committee", "member"),
        }
        for i, n in enumerate(names)
    ]


def build_minutes(result: dict[str, Any], info: MinutesInfo, language: str = "vi") -> Document:
    with translation.override(language):
        return _build(result, info, language)


# The article of each regulation that sets the base of "more than half" (election-rules.md §6.1).
BASE_ARTICLE = {"190-QĐ/TW": 30, "244-QĐ/TW": 32}


def _dots(value: object) -> str:
    return str(value) if value not in (None, "") else "……"


def _regulation(info: MinutesInfo) -> Instrument:
    return info.regulation or regulation_in_force(info.date)


def _base_paragraph(r: dict[str, Any], info: MinutesInfo) -> str:
    """The base of the result as the regulation words it, each deduction named with its count, who
    they are (when known) and the article that deducts them."""
    sentence = base_sentence(r)
    names = [
        f"{DEDUCTION_WORDS[k]}: {', '.join(info.deducted_names[k])}"
        for k in r.get("base_deductions") or {}
        if info.deducted_names.get(k) and k in DEDUCTION_WORDS
    ]
    regulation = _regulation(info)
    article = BASE_ARTICLE.get(regulation.number)
    if r.get("base_deductions") and r.get("base_kind", "congress") == "congress" and article:
        why = _(
            "The deduction follows Article %(article)s of the Regulation on elections in the Party "
            "(Decision %(regulation)s)."
        ) % {"article": article, "regulation": regulation.number}
        sentence = f"{sentence} {why}"
    if names:
        sentence = f"{sentence} ({'; '.join(names)}.)"
    return sentence


def ballots_line(issued: Any, returned: Any, electronic: int | None) -> str:
    """Ballots issued and returned; for a round with an electronic poll, each split into the ballots
    cast on phones and on paper ("48 (of which 45 electronic ballots, 3 paper ballots)")."""
    if electronic is None:
        return _("Ballots issued: %(n)s; ballots returned: %(m)s.") % {"n": issued, "m": returned}
    return _(
        "Ballots issued: %(n)s (of which %(e)s electronic ballots, %(p)s paper ballots); ballots returned: "
        "%(m)s (of which %(e)s electronic ballots, %(q)s paper ballots)."
    ) % {
        "n": issued,
        "m": returned,
        "e": electronic,
        "p": max(int(issued or 0) - electronic, 0),
        "q": max(int(returned or 0) - electronic, 0),
    }


@dataclass(frozen=True)
class VerifiableFacts:
    """A round whose phone ballots were encrypted: the key holders who decrypted the tally (none when no
    ballot was cast on a phone), k of n, and the SHA-256 of the public ballot board."""

    trustees: list[str]
    threshold: int
    holders: int
    fingerprint: str


def verifiable_note(facts: VerifiableFacts) -> str:
    """What the minutes say of an encrypted poll: encrypted on the phones, decrypted by whom, the board."""
    from daihoi.voting.board import fingerprint_shown

    if facts.trustees:
        decrypted = _(
            "after the vote closed, their sum was decrypted by the key holders of the counting committee "
            "%(names)s (%(k)s of the %(n)s key holders were needed)"
        ) % {"names": ", ".join(facts.trustees), "k": facts.threshold, "n": facts.holders}
    else:
        decrypted = _("no ballot was cast on a phone, so there was nothing to decrypt")
    return _(
        "The ballots cast on phones were encrypted on each phone under the election key held jointly by "
        "members of the counting committee; %(decrypted)s. Every encrypted ballot, their sum and the proofs "
        "of the decryption are published on the public ballot board, whose fingerprint (SHA-256) is "
        "%(fingerprint)s."
    ) % {"decrypted": decrypted, "fingerprint": fingerprint_shown(facts.fingerprint)}


def electronic_note() -> str:
    """How a round with an electronic poll was cast and counted, for its minutes."""
    return _(
        "The electronic ballots were cast by the delegates on their phones over the hall's internal "
        "network; the paper ballots were issued by the counting committee to the delegates who did not "
        "vote electronically. The electronic and paper ballots were counted together."
    )


def _closing_line(info: MinutesInfo) -> str:
    """ "Biên bản lập xong vào hồi 10 giờ 45 phút, ngày 16 tháng 6 năm 2020." — dotted when unknown."""
    from daihoi.documents.texts import party_date

    hour = f"{info.time.hour:02d}" if info.time else "……"
    minute = f"{info.time.minute:02d}" if info.time else "……"
    return _("These minutes were closed at %(hour)s:%(minute)s, %(date)s.") % {
        "hour": hour,
        "minute": minute,
        "date": party_date("", info.date, translation.get_language() or "vi"),
    }


def _common_noun(what: str) -> str:
    """ "Đại biểu Đảng bộ … dự Đại hội cấp trên" after "Bầu": "bầu đại biểu …" (a common noun), while
    "Ban Chấp hành" keeps its capitals."""
    return "đ" + what[1:] if what.startswith("Đại biểu ") else what


def _build(r: dict[str, Any], info: MinutesInfo, language: str) -> Document:
    b = r["ballots"]
    people = _("official delegates") if info.delegates_congress else _("official members")
    doc = Document(language=language, title=_("Counting minutes"), author=_("Counting committee"))
    what = _common_noun(info.what or r.get("title") or "")
    doc.add(
        info.header("counting_minutes", "BB"),
        Title(_("Counting minutes"), summary=_("Election of %(what)s") % {"what": what} if what else ()),
    )
    round_text = ""
    if r["round"] > 1:
        round_text = " " + (_("(revote, round %(n)s)") if r["revote_round"] else _("(round %(n)s)")) % {
            "n": r["round"]
        }
    date_text = info.date.strftime("%d/%m/%Y") if info.date else "……"
    regulation = _regulation(info)
    doc.add(
        Paragraph(
            _(
                "%(congress)s, meeting at %(place)s on %(date)s, elects %(what)s%(round)s under the Party "
                "Charter and the Regulation on elections in the Party (Decision %(regulation)s of "
                "%(regulation_date)s of %(issuer)s)."
            )
            % {
                "congress": info.congress or r.get("title") or _("The congress"),
                "place": info.hall or info.place or "……",
                "date": date_text,
                "what": what or "……",
                "round": round_text,
                "regulation": regulation.number,
                "regulation_date": regulation.issued_on.strftime("%d/%m/%Y"),
                "issuer": regulation.issuer,  # the Central Committee, not the Politburo
            }
        )
    )
    seats = r["seats"]
    if info.seats_voted:
        doc.add(Paragraph(_("The congress voted the number to elect: %(n)s.") % {"n": seats}))
    else:
        doc.add(Paragraph(_("The number allocated by the superior committee: %(n)s.") % {"n": seats}))
    if r["alternates_sought"]:
        doc.add(Paragraph(_("Alternates to elect: %(n)s.") % {"n": r["alternates_sought"]}))
    cands = r["candidates"]
    doc.add(
        Paragraph(
            _("The congress approved the ballot list of %(n)s comrades (in ballot order):")
            % {"n": len(cands)},
            keep_with_next=True,
        ),
        Table(
            columns=[Column(_("No."), 12, "center"), Column(_("Full name")), Column(_("Note"), 40)],
            rows=[[str(i), _name(c), ""] for i, c in enumerate(cands, start=1)],
            keep_together=len(cands) <= 20,
        ),
    )
    committee = info.counting_committee
    doc.add(
        Paragraph(_("The congress appointed the counting committee:"), keep_with_next=True),
        NumberedList(_committee_roles(committee or ["……", "……", "……"]), style="1)"),
    )
    if info.entries_not_independent:
        doc.add(
            Paragraph(
                _(
                    "The ballots were entered into the computer more than once by the same member of the "
                    "counting committee: the entries are not independent of each other."
                ),
                italic=True,
            )
        )
    cg = r["congress"]
    invalid_reasons = "; ".join(f"{flag_label(k)}: {v}" for k, v in b["invalid_reasons"].items())
    doc.add(
        Heading(
            _("I. Delegates present and ballots")
            if info.delegates_congress
            else _("I. Members present and ballots")
        ),
        NumberedList(
            [
                [
                    Run(_("Total %(people)s convened: ") % {"people": people}),
                    Run(str(cg["convened"]), bold=True),
                ],
                _("%(people)s present at the vote: %(n)s.") % {"people": people, "n": cg["present"]},
                _("%(people)s absent at the vote: %(n)s.")
                % {"people": people, "n": max(cg["convened"] - cg["present"], 0)},
                _base_paragraph(r, info),
                ballots_line(b["issued"], b["returned"], info.electronic),
                *([electronic_note()] if info.electronic is not None else []),
                *([verifiable_note(info.verifiable)] if info.verifiable is not None else []),
                _("Valid ballots: %(n)s; invalid ballots: %(m)s") % {"n": b["valid"], "m": b["invalid"]}
                + (f" ({invalid_reasons})." if invalid_reasons else "."),
            ],
            style="-",
        ),
        Heading(_("II. Result of the count")),
        Paragraph(_("The result, in the order of the ballot:"), keep_with_next=True),
        _result_table(cands, r),
    )
    by_id = {c["id"]: c for c in cands}
    elected = [by_id[i] for i in r["elected"]]
    if elected:
        label = (
            _("The following comrades are elected official delegates (votes descending):")
            if r["election"] == "delegates"
            else _("The following comrades are elected (votes descending):")
        )
        doc.add(Paragraph(label, keep_with_next=True), _result_table(elected, r, keep_together=True))
    if r["alternates"]:
        doc.add(
            Paragraph(_("Elected alternate delegates (votes descending):"), keep_with_next=True),
            _result_table([by_id[i] for i in r["alternates"]], r, keep_together=True),
        )
    for nxt in r["next_rounds"]:
        names = ", ".join(by_id[i]["name"] for i in nxt["candidates"] if i in by_id)
        if nxt["kind"] == "revote":
            text = _("Candidates tied at the cut-off: %(names)s. A revote among them elects %(n)s.")
        else:
            text = _(
                "%(n)s place(s) remain unfilled; the congress decides whether to vote again (%(names)s)."
            )
        doc.add(Paragraph(text % {"names": names or "—", "n": nxt["seats"] + nxt["alternates"]}, italic=True))
    for o in r.get("overrides", []):
        doc.add(
            Paragraph(
                _("The committee ruled ballot no. %(n)s %(ruled)s (%(reason)s).")
                % {
                    "n": o["ballot"] + 1,
                    "ruled": flag_label(o["ruled"]) if o["ruled"] else _("valid"),
                    "reason": o["reason"],
                },
                italic=True,
            )
        )
    doc.add(Paragraph(_("These minutes are made in 03 copies and are announced to the congress.")))
    doc.add(Paragraph(_closing_line(info)))
    # Every member of the counting committee signs; the head signs on behalf of the committee.
    from daihoi.congresses.dossier import Issuer, signature_for

    signers = committee or ["", "", ""]
    signatures = signature_for(None, Issuer.COUNTING, *signers, members_sign=True)
    signatures.keep_with_previous = 2
    doc.add(signatures, *audit_anchor_line(info))
    return doc


def build_elected_list(result: dict[str, Any], info: MinutesInfo, language: str = "vi") -> Document:
    """Danh sách trúng cử: the elected (and alternates) with votes and % of D."""
    with translation.override(language):
        doc = Document(language=language, title=_("List of the elected"))
        what = info.what or result.get("title") or ""
        doc.add(info.header("elected_list"), Title(_("List of the elected"), summary=what))
        by_id = {c["id"]: c for c in result["candidates"]}
        doc.add(_result_table([by_id[i] for i in result["elected"]], result, keep_together=True))
        if result["alternates"]:
            doc.add(
                Heading(_("Alternates")),
                _result_table([by_id[i] for i in result["alternates"]], result, keep_together=True),
            )
        if info.electronic is not None:
            b = result["ballots"]
            doc.add(Paragraph(ballots_line(b["issued"], b["returned"], info.electronic), space_before=6))
        from daihoi.congresses.dossier import Issuer, signature_for

        head = info.counting_committee[0] if info.counting_committee else ""
        doc.add(signature_for(None, Issuer.COUNTING, head), *audit_anchor_line(info))
        return doc


def build_entry_log(rnd: Any, info: MinutesInfo, language: str = "vi") -> Document:
    """Nhật ký nhập phiếu: every entry, change and resolution of the round, in order."""
    with translation.override(language):
        doc = Document(language=language, title=_("Ballot entry log"), body_size=12, line_spacing=14)
        doc.add(
            info.header("entry_log"),
            Title(_("Ballot entry log"), summary=f"{info.what} — " + _("round %(n)s") % {"n": rnd.number}),
        )
        rows: list[list[str | Cell | int | float]] = []
        words = RoundWords.of(rnd)
        for i, line in enumerate(rnd.log.order_by("id"), start=1):
            rows.append([
                str(i),
                timezone.localtime(line.at).strftime("%d/%m/%Y %H:%M:%S"),
                action_label(line.action),
                str(line.clerk or ""),
                str(line.position or ""),
                describe_log_entry(line, words),
                user_label(line.user_label),
            ])  # fmt: skip
        doc.add(
            Table(
                columns=[
                    Column(_("No."), 12, "center"),
                    Column(_("Date and time"), 30, "center"),
                    Column(_("Action"), 32),
                    Column(_("Clerk"), 14, "center"),
                    Column(_("Ballot"), 16, "center"),
                    Column(_("Content")),
                    Column(_("User"), 24),
                ],
                rows=rows,
                size=10,
            )
        )
        return doc


def round_info(rnd: Any) -> MinutesInfo:
    from daihoi.audit.services import audit_anchor, chain_name
    from daihoi.congresses.dossier import Issuer, congress_header_lines, party_header
    from daihoi.elections.models import ElectionKind

    election = rnd.election
    congress = election.congress
    day, time = _count_moment(rnd, congress)
    absent_with_reason = [
        d.full_name
        for d in congress.delegates.filter(
            convened=True, is_official=True, present=False, absence_accepted=True
        ).order_by("number")
    ]
    return MinutesInfo(
        superior=congress_header_lines(congress),
        congress=congress.title,
        place=congress.organization.locality,
        hall=congress.place,
        date=day,
        time=time,
        what=election.title,
        seats_voted=election.kind != ElectionKind.DELEGATES,
        counting_committee=list(rnd.counting_committee or []),
        delegates_congress=congress.kind == "delegates",
        entries_not_independent=election.entries_not_independent,
        audit_anchor=audit_anchor(congress.organization),
        audit_chain=chain_name(congress.organization),
        regulation=congress.regulation,
        deducted_names={"absent_with_reason": absent_with_reason} if absent_with_reason else {},
        header_for=lambda kind: party_header(congress, Issuer.COUNTING, f"{kind}:{rnd.pk}", day),
        electronic=rnd.electronic,
        verifiable=verifiable_facts(rnd),
    )


def verifiable_facts(rnd: Any) -> VerifiableFacts | None:
    """The round's verifiable poll, closed and decrypted, for its minutes (None for any other round)."""
    from daihoi.voting.board import board_fingerprint
    from daihoi.voting.models import Poll
    from daihoi.voting.services.verifiable import decrypting_trustees

    poll = (
        Poll.objects.filter(round=rnd, status="closed", ceremony__isnull=False, result__isnull=False)
        .select_related("ceremony")
        .first()
    )
    if poll is None or poll.ceremony is None:
        return None
    return VerifiableFacts(
        trustees=decrypting_trustees(poll),
        threshold=poll.ceremony.threshold,
        holders=poll.ceremony.trustees,
        fingerprint=board_fingerprint(poll),
    )


def _count_moment(rnd: Any, congress: Any) -> tuple[dt.date, dt.time | None]:
    """The day of the count (when it falls within the congress; else the congress's first day) and the
    time it closed (None when the recorded moment is not within the congress: printed dotted)."""
    if rnd.closed_at:
        moment = timezone.localtime(rnd.closed_at)
        if congress.starts_on <= moment.date() <= congress.ends_on:
            return moment.date(), moment.time().replace(second=0, microsecond=0)
    return congress.starts_on, None


def round_minutes(rnd: Any, language: str = "vi") -> Document:
    return build_minutes(rnd.result, round_info(rnd), language)


def tally_info(result: dict[str, Any], facts: MinutesFacts | None = None) -> MinutesInfo:
    """The minutes' context from a tally file: its `minutes` block (docs/tally-format.md), the kind of
    election for what is elected; what is missing prints as a dotted blank."""
    from daihoi.congresses.dossier import congress_heading
    from daihoi.core.instruments import REGULATIONS
    from daihoi.elections.tally_io import KIND_LABELS

    facts = facts or MinutesFacts()
    delegates = (
        facts.delegates_congress
        if facts.delegates_congress is not None
        else result["congress"]["kind"] == "delegates"
    )
    lines = congress_heading(
        facts.organization or "……", delegates=delegates, number=facts.congress_number or "……",
        term=facts.term or "……",
    )  # fmt: skip
    congress_text = " ".join(lines) if facts.organization else ""
    what = facts.what or str(KIND_LABELS.get(result["election"], result["election"]))
    return MinutesInfo(
        superior=lines,
        congress=congress_text or result.get("title") or "",
        place=facts.locality,
        hall=facts.venue,
        date=facts.date,
        time=facts.time,
        what=what,
        seats_voted=result["election"] != "delegates",
        counting_committee=list(facts.counting_committee),
        delegates_congress=delegates,
        regulation=REGULATIONS.get(facts.regulation),
        number=facts.number,
    )


def tally_minutes(
    result: dict[str, Any], language: str = "vi", facts: MinutesFacts | None = None
) -> Document:
    """The minutes from a tally file: the congress context comes from its optional `minutes` block."""
    with translation.override(language):
        info = tally_info(result, facts)
    return build_minutes(result, info, language)
