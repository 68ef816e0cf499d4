"""Election codes in words: what the pages and the printed records (minutes, entry log) show.

The services store machine codes (entry-log actions, committee flags, the engine's result status, the
presidium's withdrawal proposal, hand-count totals as a dict); nothing here changes what is stored. Every
label goes through gettext, so a Vietnamese page or printout never shows a code, an English word or a
Python value.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.core.election.ballots import BallotForm, ballot_form
from daihoi.elections.tally_io import REASON_LABELS, WARNINGS, _Params

ACTION_LABELS: dict[str, Any] = {
    "counts": gettext_lazy("Issued/returned"),
    "entered": gettext_lazy("Entered"),
    "changed": gettext_lazy("Changed"),
    "resolved": gettext_lazy("Resolved by the committee"),
    "totals": gettext_lazy("Hand-count totals"),
    "closed": gettext_lazy("Round counted"),
}

RESULT_STATUS_LABELS: dict[str, Any] = {
    "complete": gettext_lazy("All places filled"),
    "revote": gettext_lazy("Revote among the tied"),
    "shortfall": gettext_lazy("Places left unfilled"),
}

PROPOSAL_LABELS: dict[str, Any] = {
    "allow": gettext_lazy("allow the withdrawal"),
    "refuse": gettext_lazy("refuse the withdrawal"),
    "remove": gettext_lazy("remove for violation"),
}

# What the threshold base deducts from those convened (Reg. 190 Art. 30; spec §6.1), in its words.
DEDUCTION_WORDS: dict[str, Any] = {
    "attached_elsewhere": gettext_lazy("members attached temporarily to another Party organization"),
    "exempted_absent": gettext_lazy("members exempted from Party work and activities who are absent"),
    "suspended": gettext_lazy("members suspended from Party activities, prosecuted, indicted or detained"),
    "absent_with_reason": gettext_lazy("members absent the whole congress with an accepted reason"),
    "committee_absent": gettext_lazy("convening committee members absent the whole congress"),
    "delegates_absent_unreplaced": gettext_lazy(
        "official delegates absent the whole congress with no alternate replacing them"
    ),
}
# The deductions the regulation names for each kind of congress (core DEDUCTED, in the minutes' order).
DEDUCTED_BY_KIND: dict[str, tuple[str, ...]] = {
    "members": ("attached_elsewhere", "exempted_absent", "suspended", "absent_with_reason"),
    "delegates": ("committee_absent", "delegates_absent_unreplaced"),
}


def _label(labels: dict[str, Any], code: Any) -> str:
    if code in (None, ""):
        return ""
    label = labels.get(str(code))
    return str(label) if label is not None else str(code)


def action_label(code: Any) -> str:
    """An entry-log action ("entered", "totals", …) in words."""
    return _label(ACTION_LABELS, code)


def flag_label(code: Any) -> str:
    """A committee flag or reason an invalid ballot is invalid ("identifying_mark", …) in words."""
    return _label(REASON_LABELS, code)


def result_status_label(code: Any) -> str:
    """The engine's status of a counted round ("complete", "revote", "shortfall"), as a status label."""
    return _label(RESULT_STATUS_LABELS, code)


def proposal_label(code: Any) -> str:
    """The presidium's proposal on a withdrawal request ("allow", "refuse", "remove")."""
    return _label(PROPOSAL_LABELS, code)


def user_label(value: Any) -> str:
    """Who made a log entry: the user name; "system" (no user: a command or the software) in words."""
    return _("the software") if value in (None, "", "system") else str(value)


def warning_text(warning: dict[str, Any], result: dict[str, Any] | None = None) -> str:
    """One of the engine's consistency warnings in words; a candidate is named, never shown by id."""
    params = _Params(warning)
    if "candidate" in params and result:
        names = {str(c["id"]): c["name"] for c in result.get("candidates", [])}
        params["candidate"] = names.get(str(params["candidate"]), params["candidate"])
    template = WARNINGS.get(warning.get("code", ""))
    return str(template) % params if template else _("Check the figures of the count.")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------- list check


def list_check_label(check: Any) -> str:
    """Names against places on the ballot list: a surplus, a shortfall or no name yet."""
    names, places, surplus = check.names, check.places, check.surplus
    if names == 0:
        return _("Nobody is on the list yet for %(p)s places.") % {"p": places}
    if surplus < 0:
        return _("%(n)s names for %(p)s places: %(s)s short.") % {"n": names, "p": places, "s": -surplus}
    if surplus == 0:
        return _("%(n)s names for %(p)s places: no surplus.") % {"n": names, "p": places}
    return _("%(n)s names for %(p)s places: %(s)s more than the places (at most %(l)s).") % {
        "n": names,
        "p": places,
        "s": surplus,
        "l": check.limit,
    }


# --------------------------------------------------------------------------------- threshold base


def _deducted(result: dict[str, Any]) -> tuple[str, ...]:
    kind = (result.get("congress") or {}).get("kind", "")
    if result.get("base_kind") == "committee":
        settings = (result.get("rules") or {}).get("settings") or {}
        return ("absent_with_reason",) if settings.get("committee_meeting_deducts_absent_with_reason") else ()
    return DEDUCTED_BY_KIND.get(kind, ())


def base_name(result: dict[str, Any]) -> str:
    """What the threshold base counts, as a noun (column headers, the projector)."""
    kind = (result.get("congress") or {}).get("kind", "")
    base_kind = result.get("base_kind", "congress")
    if base_kind == "valid_ballots":
        return _("the valid ballots")
    if base_kind == "ballots_cast":
        return _("the ballots returned")
    if base_kind == "committee":
        return _("the committee members convened")
    if kind == "delegates":
        return _("the official delegates convened, less those the regulation deducts")
    return _("the official members convened, less those the regulation deducts")


def percent_of_base_header(result: dict[str, Any]) -> str:
    return _("%% of %(base)s") % {"base": base_name(result)}


def base_sentence(result: dict[str, Any]) -> str:
    """The threshold base as the regulation words it, each deduction named with its count."""
    cg = result.get("congress") or {}
    kind, convened = cg.get("kind", ""), cg.get("convened", 0)
    base_kind = result.get("base_kind", "congress")
    deductions = result.get("base_deductions") or {}
    if base_kind == "valid_ballots":
        who = _("the number of valid ballots")
    elif base_kind == "ballots_cast":
        who = _("the number of ballots returned")
    elif base_kind == "committee":
        who = _("the number of committee members convened (%(n)s)") % {"n": convened}
    elif kind == "delegates":
        who = _("the number of official delegates convened (%(n)s)") % {"n": convened}
    else:
        who = _("the number of official members convened (%(n)s)") % {"n": convened}
    named = [
        f"{DEDUCTION_WORDS[k]} ({deductions.get(k, 0)})" for k in _deducted(result) if k in DEDUCTION_WORDS
    ]
    if named:
        listed = (
            named[0]
            if len(named) == 1
            else _("%(first)s and %(last)s")
            % {
                "first": ", ".join(named[:-1]),
                "last": named[-1],
            }
        )
        basis = _("%(who)s less the %(deducted)s") % {"who": who, "deducted": listed}
    else:
        basis = who
    values = {"basis": basis, "base": result.get("base"), "t": result.get("threshold")}
    if result.get("threshold") is None:
        return (
            _("Basis for the result: %(basis)s, that is %(base)s; this round elects by most votes.") % values
        )
    return (
        _(
            "Basis for the result: %(basis)s, that is %(base)s; elected with more than half of it: at least "
            "%(t)s votes."
        )
        % values
    )


def base_short(result: dict[str, Any]) -> str:
    """One line for the projector: the base as a noun, its value and the votes needed."""
    values = {
        "basis": _capitalized(base_name(result)),
        "base": result.get("base"),
        "t": result.get("threshold"),
    }
    if result.get("threshold") is None:
        return _("%(basis)s: %(base)s; elected by most votes.") % values
    return _("%(basis)s: %(base)s; elected with at least %(t)s votes.") % values


# --------------------------------------------------------------------------------- entry log


class RoundWords:
    """What describing a round's log needs once: the ballot form and the names by ballot position."""

    def __init__(self, rnd: Any) -> None:
        entries = list(rnd.entries.select_related("candidate").order_by("position"))
        self.names = {rc.position: rc.candidate.full_name for rc in entries}
        self.form = ballot_form(len(entries), rnd.seats + rnd.alternates) if entries else None

    @classmethod
    def of(cls, rnd: Any) -> RoundWords:
        words = getattr(rnd, "_round_words", None)
        if words is None:
            words = cls(rnd)
            rnd._round_words = words
        return words


def _numbers(positions: list[int]) -> str:
    return ", ".join(str(p) for p in positions)


MARKS: dict[str, Any] = {
    "1": gettext_lazy("agree: %(numbers)s"),
    "2": gettext_lazy("disagree: %(numbers)s"),
    "3": gettext_lazy("both boxes marked: %(numbers)s"),
    "0": gettext_lazy("no box marked: %(numbers)s"),
}


def describe_ballot(content: str, flag: str = "", form: BallotForm | None = None) -> str:
    """One ballot as entered: "9,10" (struck names) or "1120" (one mark per name), and a committee flag."""
    content = content.strip()
    compact = content.replace(" ", "")
    if content in ("", "—"):
        text = "—" if form in (BallotForm.NO_SURPLUS, BallotForm.SINGLE) else _("no name struck")
    elif form is BallotForm.SURPLUS or (form is None and "," in compact):
        text = _("names struck: %(numbers)s") % {"numbers": compact.replace(",", ", ")}
    elif compact.isdigit() and set(compact) <= set("0123"):
        groups = []
        for mark in ("1", "2", "3", "0"):
            positions = [i for i, ch in enumerate(compact, start=1) if ch == mark]
            if positions:
                groups.append(str(MARKS[mark]) % {"numbers": _numbers(positions)})
        text = "; ".join(groups)
    else:
        text = content
    if flag:
        text = _("%(ballot)s; invalid: %(reason)s") % {"ballot": text, "reason": flag_label(flag)}
    return _capitalized(text)


def _parse_dict(text: str) -> dict[str, Any] | None:
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return None


def describe_totals(totals: dict[str, Any], names: dict[int, str] | None = None) -> str:
    """Hand-count totals {"valid": n, "invalid": {reason: n}, "votes": {position: n}} in words."""
    names = names or {}
    invalid = totals.get("invalid") or {}
    reasons = "; ".join(f"{flag_label(k)}: {v}" for k, v in invalid.items() if v)
    n_invalid = sum(int(v) for v in invalid.values())
    parts = [_("Valid %(n)s") % {"n": totals.get("valid", 0)}]
    if reasons:
        parts.append(_("invalid %(n)s (%(reasons)s)") % {"n": n_invalid, "reasons": reasons})
    else:
        parts.append(_("invalid %(n)s") % {"n": n_invalid})
    votes = []
    for key, n in sorted((totals.get("votes") or {}).items(), key=lambda kv: int(kv[0])):
        position = int(key)
        name = names.get(position)
        votes.append(f"{position}. {name} {n}" if name else f"{position}: {n}")
    if votes:
        parts.append(_("votes: %(votes)s") % {"votes": ", ".join(votes)})
    return "; ".join(parts)


RULED_VALID_SOURCE = "ruled valid: "


def describe_log_entry(entry: Any, words: RoundWords | None = None) -> str:
    """An EntryLog row's content in words, whatever its stored format (see the services that write it)."""
    content = (entry.content or "").strip()
    action = entry.action
    rnd = getattr(entry, "round", None)
    if words is None and rnd is not None and action in ("entered", "changed", "resolved", "totals"):
        words = RoundWords.of(rnd)
    if action == "counts":
        issued, sep, returned = content.partition("/")
        if sep and issued.strip().isdigit() and returned.strip().isdigit():
            return _("Issued %(issued)s, returned %(returned)s") % {
                "issued": issued.strip(),
                "returned": returned.strip(),
            }
        return content
    if action == "closed":
        return result_status_label(content)
    if action == "totals":
        totals = _parse_dict(content)
        return describe_totals(totals, words.names if words else None) if totals is not None else content
    if action in ("entered", "changed", "resolved"):
        ballot, _sep, note = content.partition(" — ")
        text, _bang, flag = ballot.partition("!")
        described = describe_ballot(text.strip(), flag.strip(), words.form if words else None)
        if note:
            if note.startswith(RULED_VALID_SOURCE):
                note = _("ruled valid: %(reason)s") % {"reason": note[len(RULED_VALID_SOURCE) :]}
            described += " — " + note
        return described
    return content
