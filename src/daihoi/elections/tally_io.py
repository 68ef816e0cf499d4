"""`daihoi tally` input and output: JSON or .xlsx in, JSON or a Vietnamese text summary out.

Formats are documented in docs/tally-format.md. Errors come back as `ElectionInputError` whose code
`error_message` turns into a translated sentence naming the field or the ballot.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.core.election import ElectionInput, ElectionInputError, RoundResult, parse_input
from daihoi.core.election.ballots import BallotForm, ballot_form
from daihoi.core.election.minutes_facts import MinutesFacts, parse_minutes_facts
from daihoi.core.numbers import format_number

XLSX_SHEETS = ("election", "candidates", "ballots")
RULING_COLUMNS = ("invalid", "valid", "reason", "flags")


# ---------------------------------------------------------------------------------------- input


def load_input(path: Path) -> ElectionInput:
    """Read a .json or .xlsx tally file; every failure is an ElectionInputError."""
    return load_tally_file(path)[0]


def load_tally_file(path: Path) -> tuple[ElectionInput, MinutesFacts]:
    """The election and the optional `minutes` block (what the counting minutes print besides the
    count: organization, congress, term, locality, date, counting committee...)."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise ElectionInputError("unsupported_format", field="INPUT", value=path.name)
    if not path.is_file():
        raise ElectionInputError("file_not_found", field="INPUT", value=str(path))
    data = read_json(path) if suffix == ".json" else read_xlsx(path)
    election = parse_input(data, base_dir=path.parent)
    return election, parse_minutes_facts(data.get("minutes") if isinstance(data, dict) else None)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ElectionInputError("not_utf8", field="INPUT", value=path.name) from None
    except json.JSONDecodeError as exc:
        raise ElectionInputError(
            "bad_json", field="INPUT", line=exc.lineno, column=exc.colno, value=exc.msg
        ) from None


def _cell(value: Any) -> Any:
    """Excel gives floats for integers and datetimes for dates; the input wants ints and ISO dates."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _rows(sheet: Any) -> list[list[Any]]:
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return [r for r in rows if any(v not in (None, "") for v in r)]


def _set_path(target: dict[str, Any], key: str, value: Any) -> None:
    """ "congress.exclusions.absent_with_reason" -> nested dicts; "exclusions.x" is short for it."""
    if key.startswith("exclusions."):
        key = "congress." + key
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def read_xlsx(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ElectionInputError("unreadable_file", field="INPUT", value=path.name) from None
    try:
        for name in XLSX_SHEETS:
            if name not in book.sheetnames:
                raise ElectionInputError("xlsx_missing_sheet", field=name, value=path.name)
        data: dict[str, Any] = {}
        for row in _rows(book["election"]):
            key = row[0]
            if not isinstance(key, str) or key == "key":
                continue
            value = row[1] if len(row) > 1 else None
            if key == "round":
                key = "round.number"
            if value not in (None, ""):
                _set_path(data, key, value)
        cand_rows = _rows(book["candidates"])
        header = [str(h) for h in cand_rows[0]] if cand_rows else []
        data["candidates"] = [
            {h: str(v) if h == "id" else v for h, v in zip(header, row, strict=False) if h and h != "None"
             and v not in (None, "")}
            for row in cand_rows[1:]
        ]  # fmt: skip
        data["ballots"] = _xlsx_ballots(_rows(book["ballots"]), data)
        return data
    finally:
        book.close()


def _xlsx_ballots(rows: list[list[Any]], data: dict[str, Any]) -> list[dict[str, Any]]:
    if not rows:
        return []
    header = ["" if h is None else str(h) for h in rows[0]]
    seats, alternates = data.get("seats", 0), data.get("alternates", 0)
    places = (seats if isinstance(seats, int) else 0) + (alternates if isinstance(alternates, int) else 0)
    surplus = ballot_form(len(data["candidates"]), places) is BallotForm.SURPLUS
    ballots = []
    for row in rows[1:]:
        ballot: dict[str, Any] = {}
        kept: list[str] = []
        marks: dict[str, Any] = {}
        for column, value in zip(header, row, strict=False):
            if column in ("", "ballot", "no", "stt"):
                continue
            if column in RULING_COLUMNS:
                if value in (None, ""):
                    continue
                if column == "flags":
                    ballot["flags"] = [f.strip() for f in str(value).split(",") if f.strip()]
                elif column == "valid":
                    ballot["valid"] = value in (1, True, "1", "x", "X", "true", "yes")
                else:
                    ballot[column] = str(value)
            elif surplus:
                if value in (1, True, "1", "x", "X", "kept"):
                    kept.append(column)
                elif value not in (None, "", 0, "0"):
                    marks[column] = value  # a wrong value: the parser names the ballot and candidate
            elif value not in (None, ""):
                marks[column] = value
        if surplus and not marks:
            ballot["kept"] = kept
        else:
            ballot["marks"] = marks if not surplus else {**dict.fromkeys(kept, "agree"), **marks}
        ballots.append(ballot)
    return ballots


# ---------------------------------------------------------------------------------------- errors


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


ERRORS: dict[str, Any] = {
    "missing_field": gettext_lazy("Missing field “%(field)s”."),
    "wrong_type": gettext_lazy("Field “%(field)s” has the value %(value)s; expected: %(expected)s."),
    "negative": gettext_lazy("Field “%(field)s” must not be negative (it is %(value)s)."),
    "unknown_field": gettext_lazy("Unknown field “%(field)s”."),
    "not_a_choice": gettext_lazy("Field “%(field)s” has the value %(value)s; expected one of: %(expected)s."),
    "unknown_profile": gettext_lazy("Field “%(field)s”: unknown rule profile “%(value)s”."),
    "unknown_candidate": gettext_lazy("“%(field)s”: no candidate has the id “%(value)s”."),
    "duplicate_candidate": gettext_lazy(
        "Ballot no. %(number)s (“%(field)s”) names the same candidate twice."
    ),
    "duplicate_candidate_id": gettext_lazy("“%(field)s”: the candidate id “%(value)s” is used twice."),
    "ballot_form_mismatch": gettext_lazy(
        "Ballot no. %(number)s (“%(field)s”): this ballot list is a list %(form_label)s; use “kept” for a "
        "list with surplus and “marks” otherwise."
    ),
    "kept_and_marks": gettext_lazy("Ballot no. %(number)s (“%(field)s”) has both “kept” and “marks”."),
    "unknown_mark": gettext_lazy("“%(field)s”: unknown mark %(value)s (use agree, disagree, both or none)."),
    "unknown_reason": gettext_lazy("“%(field)s”: unknown reason code “%(value)s”."),
    "override_without_reason": gettext_lazy(
        "Ballot no. %(number)s: the committee's ruling differs from the proposal, so “%(field)s” must give "
        "the reason."
    ),
    "valid_and_invalid": gettext_lazy("“%(field)s” is ruled both valid and invalid."),
    "wrong_count": gettext_lazy("“%(field)s” has %(value)s figures, not one per candidate."),
    "votes_above_valid": gettext_lazy(
        "“%(field)s”: %(value)s votes for one name, more than the %(valid)s valid ballots."
    ),
    "votes_above_limit": gettext_lazy(
        "“%(field)s”: %(value)s votes in all, more than the valid ballots can hold (%(limit)s names each)."
    ),
    "bad_cell": gettext_lazy("Ballot no. %(number)s (“%(field)s”) has a cell value above %(maximum)s."),
    "file_not_found": gettext_lazy("“%(field)s”: the file %(value)s does not exist."),
    "ballots_file_size": gettext_lazy(
        "“%(field)s”: the file size %(value)s is not a whole number of ballots of %(row_bytes)s bytes."
    ),
    "ballots_file_count": gettext_lazy("“%(field)s” says %(value)s ballots but the file holds %(found)s."),
    "ruling_out_of_range": gettext_lazy("“%(field)s”: ballot index %(value)s is outside 0…%(count)s."),
    "ballots_and_file": gettext_lazy("Give the ballots either in “ballots” or in “ballots_file”, not both."),
    "exclusion_not_applicable": gettext_lazy(
        "“%(field)s” (%(value)s) does not apply to a congress of kind “%(kind)s”."
    ),
    "base_not_positive": gettext_lazy(
        "The threshold base D computed from “%(field)s” is %(value)s; it must be > 0."
    ),
    "no_places": gettext_lazy("“%(field)s”: there must be at least one place to fill."),
    "alternates_not_allowed": gettext_lazy(
        "“%(field)s”: an election of kind “%(kind)s” elects no alternates."
    ),
    "no_candidates": gettext_lazy("“%(field)s”: the ballot list is empty."),
    "bad_json": gettext_lazy("The file is not valid JSON (line %(line)s, column %(column)s: %(value)s)."),
    "not_utf8": gettext_lazy("The file %(value)s is not UTF-8 text."),
    "unsupported_format": gettext_lazy("%(value)s: the input must be a .json or .xlsx file."),
    "unreadable_file": gettext_lazy("%(value)s cannot be read as an Excel workbook."),
    "xlsx_missing_sheet": gettext_lazy("%(value)s has no sheet named “%(field)s”."),
}

FORM_LABELS: dict[str, Any] = {
    "surplus": gettext_lazy("with surplus"),
    "no_surplus": gettext_lazy("without surplus"),
    "single": gettext_lazy("of one person"),
}


def error_message(error: ElectionInputError) -> str:
    params = _Params(error.params)
    if "index" in params:
        params["number"] = params["index"] + 1
    if "form" in params:
        params["form_label"] = str(FORM_LABELS.get(str(params["form"]), params["form"]))
    template = ERRORS.get(error.code)
    if template is None:
        return _("Bad input (%(code)s) in “%(field)s”.") % _Params(code=error.code, field=error.field)
    return str(template) % params


# ---------------------------------------------------------------------------------------- output


def render_json(result: RoundResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


KIND_LABELS: dict[str, Any] = {
    "executive_committee": gettext_lazy("the executive committee"),
    "branch_committee": gettext_lazy("the branch committee"),
    "standing_committee": gettext_lazy("the standing committee"),
    "secretary": gettext_lazy("the secretary"),
    "deputy_secretary": gettext_lazy("the deputy secretary"),
    "inspection_committee": gettext_lazy("the inspection committee"),
    "delegates": gettext_lazy("delegates to the upper congress"),
    "opinion_ballot": gettext_lazy("opinion ballot on nominees"),
}

REASON_LABELS: dict[str, Any] = {
    "not_issued": gettext_lazy("not issued by the counting committee"),
    "too_many": gettext_lazy("votes for more people than the number to elect"),
    "all_struck": gettext_lazy("every name struck"),
    "added_name": gettext_lazy("a name added from outside the list"),
    "identifying_mark": gettext_lazy("a signature, mark or extra writing"),
    "single_both_or_neither": gettext_lazy("one-person list with both or neither box marked"),
}

DEDUCTION_LABELS: dict[str, Any] = {
    "attached_elsewhere": gettext_lazy("attached temporarily elsewhere"),
    "exempted_absent": gettext_lazy("exempted from Party work, absent"),
    "suspended": gettext_lazy("suspended, prosecuted, indicted or detained"),
    "absent_with_reason": gettext_lazy("absent the whole congress with an accepted reason"),
    "committee_absent": gettext_lazy("convening committee members absent"),
    "delegates_absent_unreplaced": gettext_lazy("official delegates absent and not replaced"),
}

WARNINGS: dict[str, Any] = {
    "quorum_not_met": gettext_lazy(
        "Quorum not met: %(present)s present of %(convened)s convened (2/3 needed)."
    ),
    "seats_above_maximum": gettext_lazy("%(seats)s seats is above the usual maximum of %(maximum)s."),
    "surplus_above_limit": gettext_lazy(
        "The list has %(surplus)s more names than the %(seats)s places; the limit is %(limit)s."
    ),
    "present_exceeds_convened": gettext_lazy("Present (%(present)s) exceeds convened (%(convened)s)."),
    "issued_exceeds_present": gettext_lazy("Ballots issued (%(issued)s) exceed those present (%(present)s)."),
    "returned_exceeds_issued": gettext_lazy(
        "Ballots returned (%(returned)s) exceed ballots issued (%(issued)s)."
    ),
    "valid_plus_invalid_differs_from_returned": gettext_lazy(
        "Valid (%(valid)s) + invalid (%(invalid)s) ballots differ from ballots returned (%(returned)s)."
    ),
    "votes_exceed_valid": gettext_lazy(
        "Candidate %(candidate)s has %(votes)s votes, more than the %(valid)s valid ballots."
    ),
    "total_votes_exceed_limit": gettext_lazy(
        "Total votes (%(total)s) exceed valid ballots × names allowed (%(valid)s × %(limit)s)."
    ),
    "superior_appoints": gettext_lazy(
        "Round %(rounds)s failed to elect the secretary: the superior committee appoints one (QĐ 294)."
    ),
}


PROFILE_LABELS: dict[str, Any] = {
    "party": gettext_lazy("Party rules (Regulation on elections in the Party)"),
    "generic": gettext_lazy("generic rules (majority of the valid ballots)"),
}
# The rule settings in words, for the text output (their keys stay in the JSON output).
SETTING_LABELS: dict[str, Any] = {
    "threshold_base": gettext_lazy("base of “more than half”"),
    "revote_threshold": gettext_lazy("a revote among the tied needs more than half"),
    "all_struck_invalid": gettext_lazy("a ballot with every name struck is invalid"),
    "added_name_invalid": gettext_lazy("a ballot with a name added from outside the list is invalid"),
    "identifying_mark_invalid": gettext_lazy("a ballot with a signature, mark or extra writing is invalid"),
    "single_both_or_neither_invalid": gettext_lazy(
        "a one-person ballot with both or neither box marked is invalid"
    ),
    "surplus_max_percent": gettext_lazy("largest surplus, in percent of the places"),
    "surplus_rounding": gettext_lazy("rounding of the largest surplus"),
    "small_body_max_surplus": gettext_lazy("largest surplus for a body of 3 to 5"),
    "quorum_deducts_exclusions": gettext_lazy("the quorum deducts the exclusions from those convened"),
    "committee_meeting_deducts_absent_with_reason": gettext_lazy(
        "a committee meeting deducts the members absent with reason from the base"
    ),
    "delegates_vote_limit": gettext_lazy("names a delegates' ballot may keep"),
    "boundary_tie": gettext_lazy("a tie between the last official and the first alternate"),
    "opinion_ballot_threshold": gettext_lazy("an opinion ballot needs more than half"),
    "secretary_max_rounds": gettext_lazy("rounds before the superior appoints a secretary"),
}
SETTING_VALUES: dict[str, Any] = {
    "congress": gettext_lazy("the official members (delegates) convened, less the exclusions"),
    "valid_ballots": gettext_lazy("the valid ballots"),
    "ballots_cast": gettext_lazy("the ballots returned"),
    "none": gettext_lazy("none (most votes)"),
    "floor": gettext_lazy("down"),
    "half_up": gettext_lazy("half up"),
    "officials_plus_alternates": gettext_lazy("officials and alternates"),
    "officials": gettext_lazy("officials only"),
    "revote": gettext_lazy("revote among the tied"),
}


def setting_text(name: str, value: Any) -> str:
    """ "a ballot with every name struck is invalid: yes" — a rule setting in the active language."""
    if isinstance(value, bool):
        shown = _("yes") if value else _("no")
    elif isinstance(value, str):
        shown = str(SETTING_VALUES.get(value, value))
    else:
        shown = format_number(value) if isinstance(value, int | float) else str(value)
    return f"{SETTING_LABELS.get(name, name)}: {shown}"


def _pct(value: str | None) -> str:
    return "—" if value is None else format_number(value, 2) + "%"


def render_text(result: RoundResult) -> str:
    """A readable summary for the counting committee, in the active language."""
    d = result.to_dict()
    names = {c["id"]: c["name"] for c in d["candidates"]}
    lines = [
        _("TALLY RESULT — election of %(what)s, round %(round)s")
        % {"what": KIND_LABELS.get(d["election"], d["election"]), "round": d["round"]},
    ]
    if d["title"]:
        lines.insert(0, d["title"])
    if d["revote_round"]:
        lines.append(_("Revote among the tied candidates: plurality, no threshold."))
    profile = d["rules"]["profile"]
    lines.append(_("Rule profile: %(profile)s") % {"profile": PROFILE_LABELS.get(profile, profile)})
    settings = d["rules"]["settings"]
    lines.append(_("Unconfirmed rules, as set:"))
    lines.extend(f"  - {setting_text(name, settings[name])}" for name in d["rules"]["unconfirmed"])
    lines.append(_("Convened: %(convened)s; present: %(present)s") % d["congress"])
    if d["election"] == "delegates":
        lines.append(_("Official delegates to elect: %(seats)s") % {"seats": d["seats"]})
    else:
        lines.append(_("Places to fill: %(seats)s") % {"seats": d["seats"]})
    if d["alternates_sought"]:
        lines.append(_("Alternates to elect: %(count)s") % {"count": d["alternates_sought"]})
    from daihoi.elections.labels import base_sentence

    lines.append(base_sentence(d))  # the base as the regulation words it, each deduction named
    if d["threshold"] is not None:
        lines.append(_("Votes needed to be elected: %(threshold)s (more than half of %(base)s)") % d)
    b = d["ballots"]
    lines.append(
        _("Ballots issued: %(issued)s; returned: %(returned)s; valid: %(valid)s; invalid: %(invalid)s") % b
    )
    for code, n in b["invalid_reasons"].items():
        lines.append(f"  - {REASON_LABELS.get(code, code)}: {n}")
    lines.append("")
    lines.append(_("Votes in ballot order (percentage of the base above, percentage of valid ballots):"))
    width = max(len(c["name"]) for c in d["candidates"])
    role_labels = {"official": _("elected"), "alternate": _("alternate")}
    if d["election"] == "delegates":
        role_labels["official"] = _("official delegate")
    for n, c in enumerate(d["candidates"], start=1):
        name = c["name"] + (f" ({c['birth_date']})" if c["show_birth_date"] and c["birth_date"] else "")
        role = role_labels.get(c["role"] or "", "")
        lines.append(
            f"{n:>3}. {name:<{width}}  {c['votes']:>7}  {_pct(c['percent_of_base']):>8}  "
            f"{_pct(c['percent_of_valid']):>8}  {role}".rstrip()
        )
    lines.append("")
    if d["elected"]:
        lines.append(
            _("Elected (votes descending): %(names)s") % {"names": ", ".join(names[i] for i in d["elected"])}
        )
    if d["alternates"]:
        lines.append(_("Alternates: %(names)s") % {"names": ", ".join(names[i] for i in d["alternates"])})
    for r in d["next_rounds"]:
        who = ", ".join(names[i] for i in r["candidates"])
        values = {
            "names": who or "—",
            "seats": r["seats"],
            "alternates": r["alternates"],
            "round": r["round"],
        }
        if r["kind"] == "revote" and r["alternates"]:
            text = _("Revote needed among %(names)s for %(seats)s place(s) and %(alternates)s alternate(s).")
        elif r["kind"] == "revote":
            text = _("Revote needed among %(names)s for %(seats)s place(s).")
        elif r["alternates"]:
            text = _(
                "Shortfall: %(seats)s place(s) and %(alternates)s alternate(s) unfilled; the congress "
                "decides whether to hold round %(round)s (remaining: %(names)s)."
            )
        else:
            text = _(
                "Shortfall: %(seats)s place(s) unfilled; the congress decides whether to hold round "
                "%(round)s (remaining: %(names)s)."
            )
        lines.append(text % values)
    status = {"complete": _("complete"), "revote": _("revote needed"), "shortfall": _("shortfall")}
    lines.append(_("Status: %(status)s") % {"status": status[d["status"]]})
    for o in d["overrides"]:
        lines.append(
            _("Committee ruling on ballot no. %(number)s: %(ruled)s instead of %(proposed)s (%(reason)s)")
            % {
                "number": o["ballot"] + 1,
                "ruled": REASON_LABELS.get(o["ruled"], _("valid")) if o["ruled"] else _("valid"),
                "proposed": REASON_LABELS.get(o["proposed"], _("valid")) if o["proposed"] else _("valid"),
                "reason": o["reason"],
            }
        )
    for w in d["warnings"]:
        template = WARNINGS.get(w["code"])
        text = str(template) % _Params(w) if template else w["code"]
        lines.append(_("Warning: %(text)s") % {"text": text})
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[RoundResult], str]] = {"json": render_json, "text": render_text}
