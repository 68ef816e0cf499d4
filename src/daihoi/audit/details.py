"""An audit entry's data in words: the one place that turns `{"source": "floor", "support": None}` into
"Nguồn giới thiệu: Đề cử tại đại hội; Số tán thành: —".

The log keeps the data as it was written (it is hashed into the chain); the pages and exports show it
through `entry_details`. Every key the code base logs has a label in KEY_LABELS
(tests/audit/test_detail_labels.py reads each `log_action(..., data={...})` and `log_step(..., key=...)` and
fails on a missing one). Coded values read through the choices of their model (roles, candidate source and
status, kinds, statuses, invalid-ballot reasons); ids of elections, members, candidates, open votes and
documents are resolved to their names with one query per model for a whole page. None reads "—", booleans
"có"/"không"; a key without a label reads "khác" and its value still in words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KEY_LABELS: dict[str, Promise] = {
    # who and where from
    "username": _("user name"),
    "full_name": _("full name"),
    "role": _("role"),
    "ip": _("IP address"),
    "agent": _("browser"),
    "user": _("login"),
    # organizations and the roll
    "code": _("code"),
    "name": _("name"),
    "kind": _("kind"),
    "superior_body": _("superior body"),
    "place": _("place"),
    "term_start_year": _("term starts"),
    "term_end_year": _("term ends"),
    "parent": _("superior organization"),
    "changes": _("changes"),
    "member_code": _("member code"),
    "reason": _("reason"),
    "file": _("file"),
    "sha256": _("file fingerprint (SHA-256)"),
    "rows": _("rows"),
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "updated_codes": _("members updated"),
    "fields": _("fields changed"),
    # congresses
    "number": _("number"),
    "term": _("term"),
    "status": _("status"),
    "starts_on": _("starts on"),
    "delegates": _("delegates"),
    "agenda_items": _("agenda items"),
    "open_votes": _("show-of-hands votes"),
    "documents": _("documents"),
    "elections": _("elections"),
    "votes_started": _("votes started"),
    "election_rounds": _("election rounds"),
    "checked_in": _("checked in"),
    "comments": _("comments"),
    "listed": _("on the list"),
    "convened": _("convened"),
    "alternate": _("alternate delegate"),
    "replaces": _("replaces"),
    "quorum": _("quorum"),
    "by": _("how"),
    "accepted": _("reason accepted"),
    "title": _("title"),
    "position": _("position"),
    "item": _("agenda item"),
    "nominees": _("nominees"),
    "seats": _("places"),
    "election": _("election"),
    "candidate": _("candidate"),
    "round": _("round"),
    "agree": _("agree"),
    "disagree": _("disagree"),
    "abstain": _("abstain"),
    "passed": _("passed"),
    "base": _("threshold base"),
    "document": _("document"),
    "section": _("section"),
    "delegate": _("delegate"),
    # the quorum and the threshold base (nested in "quorum")
    "basis": _("counted among"),
    "present": _("present"),
    "needed": _("needed"),
    "met": _("reached"),
    "branches_total": _("branches"),
    "branches_present": _("branches present"),
    "branches_needed": _("branches needed"),
    "branches_met": _("branches reached"),
    "voters_convened": _("voters convened"),
    "voters_present": _("voters present"),
    "nonvoters_present": _("present without a vote"),
    "guests_present": _("guests present"),
    "absent_with_reason": _("absent with a reason"),
    "absent_without_reason": _("absent without a reason"),
    "people_convened": _("people convened"),
    "attending": _("attending"),
    "valid": _("valid"),
    "absent": _("absent"),
    # elections
    "alternates": _("alternates"),
    "clerks": _("counting clerks"),
    "vote": _("show-of-hands vote"),
    "member": _("member"),
    "source": _("nominated by"),
    "support": _("supporters"),
    "proposal": _("presidium's proposal"),
    "votes": _("votes"),
    "dropped": _("dropped from the list"),
    "names": _("names on the list"),
    "issued": _("ballots issued"),
    "returned": _("ballots returned"),
    "clerk": _("clerk"),
    "content": _("ballot content"),
    "flag": _("committee's mark"),
    "proposed": _("proposed by the software"),
    "invalid": _("invalid ballots"),
    "totals": _("totals"),
    "aggregate": _("totals counted by hand"),
    "elected": _("elected"),
    "reference": _("reference"),
    "length": _("length (characters)"),
    "candidates": _("candidates"),
    # targets
    "year": _("year"),
    "branches": _("branches"),
    "units": _("units"),
    "members": _("members"),
    "targets": _("targets"),
    "replaced": _("replaced"),
    "unit": _("unit"),
    "level": _("rating"),
    "score": _("score"),
    "allowed": _("allowed"),
    "decided_on": _("decided on"),
    "form": _("measure"),
    "target": _("target"),
    "value": _("value"),
    # the system
    "path": _("file"),
    "bytes": _("size (bytes)"),
    "chain_ok": _("audit chain intact"),
    "entries": _("entries"),
}


def _choices(model: str, enum: str) -> Callable[[], Mapping[str, Any]]:
    def load() -> Mapping[str, Any]:
        module = apps.get_app_config(model).models_module
        return dict(getattr(module, enum).choices)

    return load


def _mapping(path: str) -> Callable[[], Mapping[str, Any]]:
    def load() -> Mapping[str, Any]:
        module_name, name = path.rsplit(".", 1)
        module = __import__(module_name, fromlist=[name])
        mapping: Mapping[str, Any] = getattr(module, name)
        return mapping

    return load


CHECKED_IN_BY: dict[str, Promise] = {
    "code": _("by the code on the card"),
    "number": _("by the number on the list"),
    "list": _("from the list"),
}
ROUND_KINDS: dict[str, Promise] = {
    "revote": _("revote among the tied"),
    "next_round": _("further round"),
}
QUORUM_BASES: dict[str, Promise] = {
    "voters": _("those with a vote"),
    "all_convened": _("everyone convened"),
}

# (action prefix, key) -> the labels of the key's coded values; the longest prefix of the action wins.
CODED: dict[tuple[str, str], Callable[[], Mapping[str, Any]]] = {
    ("accounts", "role"): _choices("accounts", "Role"),
    ("organizations.organization", "kind"): _choices("organizations", "OrganizationKind"),
    ("organizations.member", "status"): _choices("organizations", "MemberStatus"),
    ("organizations.member", "gender"): _choices("organizations", "Gender"),
    ("congress", "kind"): _choices("congresses", "CongressKind"),
    ("congress", "status"): _choices("congresses", "CongressStatus"),
    ("congress", "basis"): lambda: QUORUM_BASES,
    ("congress.delegate", "kind"): _choices("congresses", "DelegateKind"),
    ("congress.delegate", "by"): lambda: CHECKED_IN_BY,
    ("congress.open_vote", "kind"): _choices("congresses", "OpenVoteKind"),
    ("congress.document", "kind"): _choices("congresses", "DocumentKind"),
    ("election", "kind"): _choices("elections", "ElectionKind"),
    ("election", "source"): _choices("elections", "CandidateSource"),
    ("election", "status"): _choices("elections", "CandidateStatus"),
    ("election", "proposal"): _mapping("daihoi.elections.labels.PROPOSAL_LABELS"),
    ("election", "flag"): _mapping("daihoi.elections.tally_io.REASON_LABELS"),
    ("election", "reason"): _mapping("daihoi.elections.tally_io.REASON_LABELS"),
    ("election", "invalid"): _mapping("daihoi.elections.tally_io.REASON_LABELS"),
    ("election.round.counted", "status"): _mapping("daihoi.elections.labels.RESULT_STATUS_LABELS"),
    ("election.round.started", "kind"): lambda: ROUND_KINDS,
    ("targets", "level"): _choices("targets", "Level"),
    ("targets.discipline", "form"): _choices("targets", "DisciplineForm"),
}

# (action prefix, key) -> the model whose pk the value is (one value or a list, or the keys of a dict);
# shown by the object's name.
REFERENCES: dict[tuple[str, str], str] = {
    ("election", "election"): "elections.election",
    ("election", "member"): "organizations.member",
    ("election", "vote"): "congresses.openvote",
    ("election", "dropped"): "elections.candidate",
    ("election", "elected"): "elections.candidate",
    ("election", "alternates"): "elections.candidate",
    ("election", "candidates"): "elections.candidate",
    ("election", "votes"): "elections.candidate",
    ("congress.open_vote", "election"): "elections.election",
    ("congress.open_vote", "candidate"): "elections.candidate",
    ("congress.document", "document"): "congresses.document",
    ("targets.actual", "target"): "targets.target",
}
# ...except where the same key holds something else (a count, ballot positions).
NOT_REFERENCES: frozenset[tuple[str, str]] = frozenset(
    {
        ("election.created", "alternates"),
        ("election.round.totals_entered", "votes"),
    }
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _lookup(table: Mapping[tuple[str, str], Any], action: str, key: str) -> Any:
    parts = action.split(".")
    for n in range(len(parts), 0, -1):
        found = table.get((".".join(parts[:n]), key))
        if found is not None:
            return found
    return None


def _reference(action: str, key: str) -> str | None:
    if any(action.startswith(prefix) and key == k for prefix, k in NOT_REFERENCES):
        return None
    model: str | None = _lookup(REFERENCES, action, key)
    return model


def _ids(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None and not isinstance(v, dict | list)]
    return [] if value is None or isinstance(value, bool) else [str(value)]


def _name_of(obj: Any) -> str:
    for attr in ("full_name", "title"):
        value = getattr(obj, attr, "")
        if isinstance(value, str) and value:
            return value
    return str(obj)


Names = dict[str, dict[str, str]]  # model label -> pk -> name


def resolve_names(entries: Iterable[Any]) -> Names:
    """The names of every object the entries' data refer to by id: one query per model."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        for key, value in (entry.data or {}).items():
            model = _reference(entry.action, key)
            if model is not None:
                wanted.setdefault(model, set()).update(i for i in _ids(value) if i.isdigit())
    names: Names = {}
    for label, pks in wanted.items():
        if not pks:
            continue
        objects = apps.get_model(label)._default_manager.filter(pk__in=pks)
        names[label] = {str(o.pk): _name_of(o) for o in objects}
    return names


def key_label(key: str, object_type: str = "") -> str:
    """A data key in words; a field name of the entry's object by the field's verbose name."""
    label = KEY_LABELS.get(key)
    if label is not None:
        return str(label)
    if object_type:
        try:
            return str(apps.get_model(object_type)._meta.get_field(key).verbose_name)
        except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
            pass
    return gettext("other")


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return str(formats.localize(value))
    text = str(value)
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return text
    if _DATETIME.match(text):
        try:
            return dt.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return text
    if text in ("None", "True", "False"):  # a Python value that was logged as text
        return {"None": "—", "True": gettext("yes"), "False": gettext("no")}[text]
    return text


@dataclass(frozen=True)
class _Context:
    action: str
    object_type: str
    names: Names


def _value(key: str, value: Any, ctx: _Context) -> str:
    model = _reference(ctx.action, key)
    if model is not None:
        known = ctx.names.get(model, {})
        if isinstance(value, dict):
            return (
                ", ".join(f"{known.get(str(k), '#' + str(k))}: {_scalar(v)}" for k, v in value.items()) or "—"
            )
        ids = _ids(value)
        return ", ".join(known.get(i, f"#{i}") for i in ids) or "—"
    coded = _lookup(CODED, ctx.action, key)
    if coded is not None:
        labels = coded()
        if isinstance(value, dict):
            return ", ".join(f"{labels.get(str(k), k)}: {_scalar(v)}" for k, v in value.items()) or "—"
        if isinstance(value, str) and value in labels:
            return str(labels[value])
    if isinstance(value, dict):
        return (
            ", ".join(
                f"{key_label(str(k), ctx.object_type)}: {_value(str(k), v, ctx)}" for k, v in value.items()
            )
            or "—"
        )
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, v, ctx) for v in value) or "—"
    return _scalar(value)


def entry_details(entry: Any, names: Names | None = None) -> list[tuple[str, str]]:
    """(label, value) pairs for an entry's data, in the order it was logged."""
    ctx = _Context(entry.action, entry.object_type, names or {})
    return [
        (key_label(key, entry.object_type), _value(key, value, ctx))
        for key, value in (entry.data or {}).items()
    ]


def details_text(entry: Any, names: Names | None = None) -> str:
    """The details as one line: "Nguồn giới thiệu: Đề cử tại đại hội; Số tán thành: 20"."""
    return "; ".join(
        f"{label[:1].upper()}{label[1:]}: {value}" for label, value in entry_details(entry, names)
    )
