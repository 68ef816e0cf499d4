"""Counting minutes (biên bản kiểm phiếu, spec §6.6 / documents.md §3), the list of the elected, the
entry log — document models rendered by `daihoi.documents` (docx and PDF, A4, Liberation Serif).

`build_minutes(result, info)` takes the engine's `RoundResult.to_dict()` and the congress context, so
the same minutes come from a counted round (`round_minutes`) and from a tally file (`daihoi tally
--format docx|pdf`, `tally_minutes`). Texts are in the document's language (Vietnamese by default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
    Signature,
    SignatureBlock,
    Table,
    Title,
)
from daihoi.elections.labels import (
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
    """What the minutes print besides the count: who, where, when, what."""

    superior: list[str] = field(default_factory=list)  # header lines on the left above the issuer
    congress: str = ""  # "Đại hội Đảng bộ … lần thứ X, nhiệm kỳ 2020 - 2025"
    place: str = ""  # the locality, for the header's "place, date"
    hall: str = ""  # where the congress meets, for the opening sentence
    date: dt.date | None = None
    what: str = ""  # "Ban Chấp hành Đảng bộ … khóa X, nhiệm kỳ 2020 - 2025"
    seats_voted: bool = True  # False: allocated from above (delegates)
    counting_committee: list[str] = field(default_factory=list)
    delegates_congress: bool = False
    # The ballots were entered twice by the same login (a one-person committee, DAIHOI_ALLOW_ONE_CLERK_LOGIN).
    entries_not_independent: bool = False


def pct(value: str | None) -> str:
    return "—" if value is None else format_number(value, 2) + "%"


def _name(c: dict[str, Any]) -> str:
    if c.get("show_birth_date") and c.get("birth_date"):
        y, m, d = c["birth_date"].split("-")
        return f"{c['name']} ({_('born')} {d}/{m}/{y})"
    return str(c["name"])


def _result_table(rows: list[dict[str, Any]], result: dict[str, Any]) -> Table:
    return Table(
        columns=[
            Column(_("No."), 12, "center"),
            Column(_("Full name")),
            Column(_("Votes"), 22, "center"),
            Column(percent_of_base_header(result), 34, "center"),
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


def _build(r: dict[str, Any], info: MinutesInfo, language: str) -> Document:
    b = r["ballots"]
    people = _("official delegates") if info.delegates_congress else _("official members")
    doc = Document(language=language, title=_("Counting minutes"), author=_("Counting committee"))
    what = info.what or r.get("title") or ""
    doc.add(
        PartyHeader(
            superior=info.superior,
            issuer=_("Counting committee"),
            number_symbol=None,
            place=info.place,
            date=info.date,
        ),
        Title(_("Counting minutes"), summary=_("Election of %(what)s") % {"what": what} if what else ()),
    )
    round_text = ""
    if r["round"] > 1:
        round_text = " " + (_("(revote, round %(n)s)") if r["revote_round"] else _("(round %(n)s)")) % {
            "n": r["round"]
        }
    date_text = info.date.strftime("%d/%m/%Y") if info.date else "……"
    doc.add(
        Paragraph(
            _(
                "%(congress)s, meeting at %(place)s on %(date)s, elects %(what)s%(round)s under the Party "
                "Charter and the Regulation on elections in the Party (Decision 190-QĐ/TW of 10/10/2024)."
            )
            % {
                "congress": info.congress or r.get("title") or _("The congress"),
                "place": info.hall or info.place or "……",
                "date": date_text,
                "what": what,
                "round": round_text,
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
            % {"n": len(cands)}
        ),
        Table(
            columns=[Column(_("No."), 12, "center"), Column(_("Full name")), Column(_("Note"), 40)],
            rows=[[str(i), _name(c), ""] for i, c in enumerate(cands, start=1)],
        ),
    )
    if info.counting_committee:
        doc.add(
            Paragraph(_("The congress appointed the counting committee:")),
            NumberedList(_committee_roles(info.counting_committee), style="1)"),
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
        Heading(_("I. Attendance and ballots")),
        NumberedList(
            [
                [
                    Run(_("Total %(people)s convened: ") % {"people": people}),
                    Run(str(cg["convened"]), bold=True),
                ],
                _("Present at the vote: %(n)s.") % {"n": cg["present"]},
                _("Absent at the vote: %(n)s.") % {"n": max(cg["convened"] - cg["present"], 0)},
                base_sentence(r),
                _("Ballots issued: %(n)s; ballots returned: %(m)s.") % {"n": b["issued"], "m": b["returned"]},
                _("Valid ballots: %(n)s; invalid ballots: %(m)s") % {"n": b["valid"], "m": b["invalid"]}
                + (f" ({invalid_reasons})." if invalid_reasons else "."),
            ],
            style="-",
        ),
        Heading(_("II. Result of the count")),
        Paragraph(_("The result, in the order of the ballot:")),
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
        doc.add(Paragraph(label), _result_table(elected, r))
    if r["alternates"]:
        doc.add(
            Paragraph(_("Elected alternate delegates (votes descending):"), keep_with_next=True),
            _result_table([by_id[i] for i in r["alternates"]], r),
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
    committee = info.counting_committee
    members = [Signature(title=pgettext("counting committee", "Member"), name=n) for n in committee[1:3]]
    head = Signature(
        authority=_("On behalf of the counting committee"),
        title=pgettext("counting committee", "Head"),
        name=committee[0] if committee else "",
    )
    doc.add(SignatureBlock([*members, head]))
    return doc


def build_elected_list(result: dict[str, Any], info: MinutesInfo, language: str = "vi") -> Document:
    """Danh sách trúng cử: the elected (and alternates) with votes and % of D."""
    with translation.override(language):
        doc = Document(language=language, title=_("List of the elected"))
        what = info.what or result.get("title") or ""
        doc.add(
            PartyHeader(
                superior=info.superior, issuer=_("Counting committee"), place=info.place, date=info.date
            ),
            Title(_("List of the elected"), summary=what),
        )
        by_id = {c["id"]: c for c in result["candidates"]}
        doc.add(_result_table([by_id[i] for i in result["elected"]], result))
        if result["alternates"]:
            doc.add(Heading(_("Alternates")), _result_table([by_id[i] for i in result["alternates"]], result))
        head = info.counting_committee[0] if info.counting_committee else ""
        signer = Signature(
            authority=_("On behalf of the counting committee"),
            title=pgettext("counting committee", "Head"),
            name=head,
        )
        doc.add(SignatureBlock([signer]))
        return doc


def build_entry_log(rnd: Any, info: MinutesInfo, language: str = "vi") -> Document:
    """Nhật ký nhập phiếu: every entry, change and resolution of the round, in order."""
    with translation.override(language):
        doc = Document(language=language, title=_("Ballot entry log"), body_size=12, line_spacing=14)
        doc.add(
            PartyHeader(
                superior=info.superior, issuer=_("Counting committee"), place=info.place, date=info.date
            ),
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
    from daihoi.congresses.exports import congress_lines
    from daihoi.elections.models import ElectionKind

    election = rnd.election
    congress = election.congress
    return MinutesInfo(
        superior=congress_lines(congress),
        congress=congress.title,
        place=congress.organization.place or congress.place,
        hall=congress.place,
        date=_congress_day(rnd, congress),
        what=election.title,
        seats_voted=election.kind != ElectionKind.DELEGATES,
        counting_committee=list(rnd.counting_committee or []),
        delegates_congress=congress.kind == "delegates",
        entries_not_independent=election.entries_not_independent,
    )


def _congress_day(rnd: Any, congress: Any) -> dt.date:
    """The day of the count, if it falls within the congress; else the congress's first day."""
    if rnd.closed_at and congress.starts_on <= rnd.closed_at.date() <= congress.ends_on:
        return rnd.closed_at.date()
    return congress.starts_on


def round_minutes(rnd: Any, language: str = "vi") -> Document:
    return build_minutes(rnd.result, round_info(rnd), language)


def tally_minutes(result: dict[str, Any], language: str = "vi") -> Document:
    """The minutes from a tally file: the congress context is only the file's title."""
    from daihoi.elections.tally_io import KIND_LABELS

    with translation.override(language):
        what = str(KIND_LABELS.get(result["election"], result["election"]))
    info = MinutesInfo(
        congress=result.get("title") or "",
        what=what,
        seats_voted=result["election"] != "delegates",
        delegates_congress=result["congress"]["kind"] == "delegates",
    )
    return build_minutes(result, info, language)
