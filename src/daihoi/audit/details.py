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
from django.utils.translation import pgettext, pgettext_lazy

KEY_LABELS: dict[str, Promise] = {
    # who and where from
    "username": pgettext_lazy("audit detail", "user name"),
    "full_name": pgettext_lazy("audit detail", "full name"),
    "role": pgettext_lazy("audit detail", "role"),
    "ip": pgettext_lazy("audit detail", "IP address"),
    "agent": pgettext_lazy("audit detail", "browser"),
    "user": pgettext_lazy("audit detail", "login"),
    "address": pgettext_lazy("audit detail", "client address"),
    "failures": pgettext_lazy("audit detail", "failed attempts"),
    "minutes": pgettext_lazy("audit detail", "locked for (minutes)"),
    "records": pgettext_lazy("audit detail", "records removed"),
    "all": pgettext_lazy("audit detail", "everything"),
    # organizations and the roll
    "code": pgettext_lazy("audit detail", "code"),
    "name": pgettext_lazy("audit detail", "name"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "superior_body": pgettext_lazy("audit detail", "superior body"),
    "place": pgettext_lazy("audit detail", "place"),
    "locality": pgettext_lazy("audit detail", "locality of the date line"),
    # the congress's dossier
    "key": pgettext_lazy("audit detail", "dossier document"),
    "series": pgettext_lazy("audit detail", "number series"),
    "format": pgettext_lazy("audit detail", "file format"),
    "election_regulation": pgettext_lazy("audit detail", "election regulation cited"),
    "congress_directive": pgettext_lazy("audit detail", "directive on congresses cited"),
    "ballot_form": pgettext_lazy("audit detail", "secret ballots cast"),
    "term_start_year": pgettext_lazy("audit detail", "term starts"),
    "term_end_year": pgettext_lazy("audit detail", "term ends"),
    "parent": pgettext_lazy("audit detail", "superior organization"),
    "changes": pgettext_lazy("audit detail", "changes"),
    "member_code": pgettext_lazy("audit detail", "member code"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "file": pgettext_lazy("audit detail", "file"),
    "sha256": pgettext_lazy("audit detail", "file fingerprint (SHA-256)"),
    "fingerprint": pgettext_lazy("audit detail", "signing key fingerprint"),
    "note": pgettext_lazy("audit detail", "note"),
    "rows": pgettext_lazy("audit detail", "rows"),
    "created": pgettext_lazy("audit detail", "created"),
    "updated": pgettext_lazy("audit detail", "updated"),
    "unchanged": pgettext_lazy("audit detail", "unchanged"),
    "organizations_created": pgettext_lazy("audit detail", "organizations created"),
    "organizations_updated": pgettext_lazy("audit detail", "organizations updated"),
    "members_created": pgettext_lazy("audit detail", "members added"),
    "members_updated": pgettext_lazy("audit detail", "members updated"),
    "users_created": pgettext_lazy("audit detail", "users created"),
    "roles_granted": pgettext_lazy("audit detail", "roles granted"),
    "updated_codes": pgettext_lazy("audit detail", "members updated"),
    "fields": pgettext_lazy("audit detail", "fields changed"),
    # congresses
    "number": pgettext_lazy("audit detail", "number"),
    "term": pgettext_lazy("audit detail", "term"),
    "status": pgettext_lazy("audit detail", "status"),
    "starts_on": pgettext_lazy("audit detail", "starts on"),
    "delegates": pgettext_lazy("audit detail", "delegates"),
    "agenda_items": pgettext_lazy("audit detail", "agenda items"),
    "open_votes": pgettext_lazy("audit detail", "show-of-hands votes"),
    "documents": pgettext_lazy("audit detail", "documents"),
    "elections": pgettext_lazy("audit detail", "elections"),
    "votes_started": pgettext_lazy("audit detail", "votes started"),
    "election_rounds": pgettext_lazy("audit detail", "election rounds"),
    "checked_in": pgettext_lazy("audit detail", "checked in"),
    "comments": pgettext_lazy("audit detail", "comments"),
    "listed": pgettext_lazy("audit detail", "on the list"),
    "convened": pgettext_lazy("audit detail", "convened"),
    "alternate": pgettext_lazy("audit detail", "alternate delegate"),
    "replaces": pgettext_lazy("audit detail", "replaces"),
    "quorum": pgettext_lazy("audit detail", "quorum"),
    "by": pgettext_lazy("audit detail", "how"),
    "accepted": pgettext_lazy("audit detail", "reason accepted"),
    "title": pgettext_lazy("audit detail", "title"),
    "position": pgettext_lazy("audit detail", "position"),
    "item": pgettext_lazy("audit detail", "agenda item"),
    "nominees": pgettext_lazy("audit detail", "nominees"),
    "seats": pgettext_lazy("audit detail", "places"),
    "paper": pgettext_lazy("audit detail", "ballot paper size"),
    "election": pgettext_lazy("audit detail", "election"),
    "candidate": pgettext_lazy("audit detail", "candidate"),
    "round": pgettext_lazy("audit detail", "round"),
    "agree": pgettext_lazy("audit detail", "agree"),
    "disagree": pgettext_lazy("audit detail", "disagree"),
    "abstain": pgettext_lazy("audit detail", "abstain"),
    "passed": pgettext_lazy("audit detail", "passed"),
    "base": pgettext_lazy("audit detail", "threshold base"),
    "document": pgettext_lazy("audit detail", "document"),
    "section": pgettext_lazy("audit detail", "section"),
    "delegate": pgettext_lazy("audit detail", "delegate"),
    # the quorum and the threshold base (nested in "quorum")
    "basis": pgettext_lazy("audit detail", "counted among"),
    "present": pgettext_lazy("audit detail", "present"),
    "needed": pgettext_lazy("audit detail", "needed"),
    "met": pgettext_lazy("audit detail", "reached"),
    "branches_total": pgettext_lazy("audit detail", "branches"),
    "branches_present": pgettext_lazy("audit detail", "branches present"),
    "branches_needed": pgettext_lazy("audit detail", "branches needed"),
    "branches_met": pgettext_lazy("audit detail", "branches reached"),
    "voters_convened": pgettext_lazy("audit detail", "voters convened"),
    "voters_present": pgettext_lazy("audit detail", "voters present"),
    "nonvoters_present": pgettext_lazy("audit detail", "present without a vote"),
    "guests_present": pgettext_lazy("audit detail", "guests present"),
    "absent_with_reason": pgettext_lazy("audit detail", "absent with a reason"),
    "absent_without_reason": pgettext_lazy("audit detail", "absent without a reason"),
    "people_convened": pgettext_lazy("audit detail", "people convened"),
    "attending": pgettext_lazy("audit detail", "attending"),
    "valid": pgettext_lazy("audit detail", "valid"),
    "absent": pgettext_lazy("audit detail", "absent"),
    # elections
    "alternates": pgettext_lazy("audit detail", "alternates"),
    "clerks": pgettext_lazy("audit detail", "counting clerks"),
    "vote": pgettext_lazy("audit detail", "show-of-hands vote"),
    "member": pgettext_lazy("audit detail", "member"),
    "source": pgettext_lazy("audit detail", "nominated by"),
    "support": pgettext_lazy("audit detail", "supporters"),
    "proposal": pgettext_lazy("audit detail", "presidium's proposal"),
    "votes": pgettext_lazy("audit detail", "votes"),
    "dropped": pgettext_lazy("audit detail", "dropped from the list"),
    "names": pgettext_lazy("audit detail", "names on the list"),
    "issued": pgettext_lazy("audit detail", "ballots issued"),
    "returned": pgettext_lazy("audit detail", "ballots returned"),
    "device": pgettext_lazy("audit detail", "phone"),
    "entitled": pgettext_lazy("audit detail", "delegates entitled to vote"),
    "electronic": pgettext_lazy("audit detail", "ballots cast on phones"),
    "key_holder": pgettext_lazy("audit detail", "key holder number"),
    "key_holders": pgettext_lazy("audit detail", "key holders who decrypted"),
    "paper_issued": pgettext_lazy("audit detail", "paper ballots issued"),
    "clerk": pgettext_lazy("audit detail", "clerk"),
    "content": pgettext_lazy("audit detail", "ballot content"),
    "flag": pgettext_lazy("audit detail", "committee's mark"),
    "proposed": pgettext_lazy("audit detail", "proposed by the software"),
    "invalid": pgettext_lazy("audit detail", "invalid ballots"),
    "totals": pgettext_lazy("audit detail", "totals"),
    "aggregate": pgettext_lazy("audit detail", "totals counted by hand"),
    "elected": pgettext_lazy("audit detail", "elected"),
    "reference": pgettext_lazy("audit detail", "reference"),
    "congress": pgettext_lazy("audit detail", "congress"),
    "submission": pgettext_lazy("audit detail", "submission no."),
    "decision_number": pgettext_lazy("audit detail", "decision number"),
    "decision_date": pgettext_lazy("audit detail", "decision date"),
    "length": pgettext_lazy("audit detail", "length (characters)"),
    "candidates": pgettext_lazy("audit detail", "candidates"),
    # the key ceremony of a verifiable ballot
    "trustees": pgettext_lazy("audit detail", "key holders"),
    "threshold": pgettext_lazy("audit detail", "key holders needed to decrypt"),
    "holder_names": pgettext_lazy("audit detail", "key holders' names"),
    "dealer": pgettext_lazy("audit detail", "key holder whose share does not check out"),
    "election_key": pgettext_lazy("audit detail", "election key"),
    # targets
    "year": pgettext_lazy("audit detail", "year"),
    "branches": pgettext_lazy("audit detail", "branches"),
    "units": pgettext_lazy("audit detail", "units"),
    "members": pgettext_lazy("audit detail", "members"),
    "targets": pgettext_lazy("audit detail", "targets"),
    "replaced": pgettext_lazy("audit detail", "replaced"),
    "ranges": pgettext_lazy("audit detail", "ranges"),
    "figures": pgettext_lazy("audit detail", "figures"),
    "unit": pgettext_lazy("audit detail", "unit"),
    "level": pgettext_lazy("audit detail", "rating"),
    "score": pgettext_lazy("audit detail", "score"),
    "allowed": pgettext_lazy("audit detail", "allowed"),
    "decided_on": pgettext_lazy("audit detail", "decided on"),
    "form": pgettext_lazy("audit detail", "measure"),
    "target": pgettext_lazy("audit detail", "target"),
    "value": pgettext_lazy("audit detail", "value"),
    # the season (issue 14)
    "organizations": pgettext_lazy("audit detail", "organizations"),
    "organization": pgettext_lazy("audit detail", "organization"),
    "window_start": pgettext_lazy("audit detail", "congress window opens"),
    "window_end": pgettext_lazy("audit detail", "congress window closes"),
    "committee_seats": pgettext_lazy("audit detail", "committee seats"),
    "upper_seats": pgettext_lazy("audit detail", "delegates convened in all"),
    "minimum_seats": pgettext_lazy("audit detail", "minimum delegates per organization"),
    "ex_officio": pgettext_lazy("audit detail", "ex officio delegates"),
    # the system
    "path": pgettext_lazy("audit detail", "file"),
    "bytes": pgettext_lazy("audit detail", "size (bytes)"),
    "chain_ok": pgettext_lazy("audit detail", "audit chain intact"),
    "entries": pgettext_lazy("audit detail", "entries"),
    "rechained": pgettext_lazy("audit detail", "earlier entries re-signed"),
    "key_id": pgettext_lazy("audit detail", "key identifier"),
    "legacy_head": pgettext_lazy("audit detail", "newest hash before the key"),
    "legacy_problem": pgettext_lazy("audit detail", "fault found before the key"),
    "forced": pgettext_lazy("audit detail", "forced"),
    "refused": pgettext_lazy("audit detail", "grounds for refusal"),
    # the delegates' congress built from below (issue 14)
    "flagged": pgettext_lazy("audit detail", "delegates flagged"),
    "credential_flag": pgettext_lazy("audit detail", "credentials"),
    "credential_note": pgettext_lazy("audit detail", "credentials note"),
    "decision": pgettext_lazy("audit detail", "decision"),
    "chain": pgettext_lazy("audit detail", "audit chain"),
    "first_hash": pgettext_lazy("audit detail", "hash of the chain's first entry"),
    "chains": pgettext_lazy("audit detail", "audit chains"),
    "previous_head": pgettext_lazy("audit detail", "newest hash of the single chain"),
    "previous_problem": pgettext_lazy("audit detail", "fault found in the single chain"),
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
    "code": pgettext_lazy("audit detail", "by the code on the card"),
    "number": pgettext_lazy("audit detail", "by the number on the list"),
    "list": pgettext_lazy("audit detail", "from the list"),
}
BOUND_BY: dict[str, Promise] = {
    "code": pgettext_lazy("audit detail", "with the desk's one-time code"),
    "login": pgettext_lazy("audit detail", "with the delegate's own login"),
}
ROUND_KINDS: dict[str, Promise] = {
    "revote": pgettext_lazy("audit detail", "revote among the tied"),
    "next_round": pgettext_lazy("audit detail", "further round"),
}
CHAIN_STARTED_BY: dict[str, Promise] = {
    "migrate": pgettext_lazy("audit detail", "installation or upgrade"),
    "flush": pgettext_lazy("audit detail", "database emptied"),
    "restore": pgettext_lazy("audit detail", "restore of a backup with an empty log"),
    "organization": pgettext_lazy("audit detail", "first entry of an organization"),
}
QUORUM_BASES: dict[str, Promise] = {
    "voters": pgettext_lazy("audit detail", "those with a vote"),
    "all_convened": pgettext_lazy("audit detail", "everyone convened"),
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
    ("congress", "ballot_form"): _choices("congresses", "BallotForm"),
    ("congress.delegate", "kind"): _choices("congresses", "DelegateKind"),
    ("congress.delegate", "by"): lambda: CHECKED_IN_BY,
    ("voting.device", "by"): lambda: BOUND_BY,
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
    ("system.audit.chain_started", "reason"): lambda: CHAIN_STARTED_BY,
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
    ("approval", "congress"): "congresses.congress",
    ("approval", "elections"): "elections.election",
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
    return pgettext("audit detail", "other")


def _scalar(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return pgettext("audit detail", "yes") if value else pgettext("audit detail", "no")
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
        return {
            "None": "—",
            "True": pgettext("audit detail", "yes"),
            "False": pgettext("audit detail", "no"),
        }[text]
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
