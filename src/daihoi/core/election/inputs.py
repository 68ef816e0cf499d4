"""Read the tally input (a JSON-like mapping, docs/tally-format.md) into an `ElectionInput`.

Every error names the field, e.g. ``congress.present`` or ``ballots[12].kept[3]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from daihoi.core.names import NameParts

from .ballots import Ballot, BallotFile, Ruling
from .base import EXCLUSION_FIELDS, CongressFigures, CongressKind
from .errors import ElectionInputError
from .kinds import ElectionKind
from .model import Candidate, ElectionInput, RoundInfo
from .profile import load_profile

TOP_FIELDS = frozenset({
    "rules", "election", "congress", "seats", "alternates", "candidates", "ballots_issued",
    "ballots_returned", "ballots", "ballots_file", "round", "title", "minutes",
})  # fmt: skip
BALLOT_FIELDS = frozenset({"kept", "marks", "flags", "invalid", "valid", "reason"})


def _mapping(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ElectionInputError("wrong_type", field=field, value=_show(value), expected="object")
    return value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _int(data: Mapping[str, Any], key: str, field: str, default: int | None = None) -> int:
    if key not in data:
        if default is None:
            raise ElectionInputError("missing_field", field=field)
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ElectionInputError("wrong_type", field=field, value=_show(value), expected="integer")
    if value < 0:
        raise ElectionInputError("negative", field=field, value=value)
    return value


def _str(data: Mapping[str, Any], key: str, field: str) -> str:
    if key not in data:
        raise ElectionInputError("missing_field", field=field)
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ElectionInputError("wrong_type", field=field, value=_show(value), expected="non-empty string")
    return value.strip()


def _choice(value: Any, choices: type[ElectionKind] | type[CongressKind], field: str) -> Any:
    try:
        return choices(value)
    except ValueError:
        expected = ", ".join(c.value for c in choices)
        raise ElectionInputError("not_a_choice", field=field, value=_show(value), expected=expected) from None


def _unknown_keys(data: Mapping[str, Any], allowed: frozenset[str], field: str) -> None:
    for key in data:
        if key not in allowed:
            raise ElectionInputError("unknown_field", field=f"{field}.{key}" if field else key, value=key)


def _congress(data: Any) -> CongressFigures:
    c = _mapping(data, "congress")
    _unknown_keys(c, frozenset({"kind", "convened", "present", "exclusions"}), "congress")
    exclusions_data = _mapping(c.get("exclusions", {}), "congress.exclusions")
    _unknown_keys(exclusions_data, frozenset(EXCLUSION_FIELDS), "congress.exclusions")
    exclusions = {k: _int(exclusions_data, k, f"congress.exclusions.{k}") for k in exclusions_data}
    return CongressFigures(
        kind=_choice(c.get("kind", "members"), CongressKind, "congress.kind"),
        convened=_int(c, "convened", "congress.convened"),
        present=_int(c, "present", "congress.present"),
        exclusions=exclusions,
    )


def _candidate(data: Any, i: int) -> Candidate:
    where = f"candidates[{i}]"
    c = _mapping(data, where)
    _unknown_keys(c, frozenset({"id", "name", "birth_date", "family", "middle", "given"}), where)
    birth = None
    if c.get("birth_date") is not None:
        try:
            birth = date.fromisoformat(c["birth_date"])
        except (TypeError, ValueError):
            raise ElectionInputError(
                "wrong_type", field=f"{where}.birth_date", value=_show(c["birth_date"]), expected="YYYY-MM-DD"
            ) from None
    parts = None
    if "given" in c:
        parts = NameParts(
            str(c.get("family", "")), str(c.get("middle", "")), _str(c, "given", f"{where}.given")
        )
    cid = c.get("id")
    if not isinstance(cid, str) or not cid:
        raise ElectionInputError(
            "wrong_type", field=f"{where}.id", value=_show(cid), expected="non-empty string"
        )
    return Candidate(id=cid, name=_str(c, "name", f"{where}.name"), birth_date=birth, parts=parts)


def _ruling(b: Mapping[str, Any], where: str) -> Ruling | None:
    if not any(k in b for k in ("flags", "invalid", "valid", "reason")):
        return None
    flags = b.get("flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise ElectionInputError(
            "wrong_type", field=f"{where}.flags", value=_show(flags), expected="list of codes"
        )
    invalid = b.get("invalid")
    if invalid is not None and not isinstance(invalid, str):
        raise ElectionInputError(
            "wrong_type", field=f"{where}.invalid", value=_show(invalid), expected="reason code"
        )
    valid = b.get("valid", False)
    if not isinstance(valid, bool):
        raise ElectionInputError("wrong_type", field=f"{where}.valid", value=_show(valid), expected="boolean")
    if valid and invalid:
        raise ElectionInputError("valid_and_invalid", field=where)
    reason = b.get("reason", "")
    if not isinstance(reason, str):
        raise ElectionInputError(
            "wrong_type", field=f"{where}.reason", value=_show(reason), expected="string"
        )
    return Ruling(flags=frozenset(flags), invalid=invalid, valid=valid, reason=reason)


def parse_ballot(data: Any, i: int) -> Ballot:
    where = f"ballots[{i}]"
    b = _mapping(data, where)
    _unknown_keys(b, BALLOT_FIELDS, where)
    kept, marks = b.get("kept"), b.get("marks")
    if kept is not None and marks is not None:
        raise ElectionInputError("kept_and_marks", field=where, index=i)
    if kept is None and marks is None:
        raise ElectionInputError("missing_field", field=f"{where}.kept", index=i)
    if kept is not None and not isinstance(kept, list):
        raise ElectionInputError("wrong_type", field=f"{where}.kept", value=_show(kept), expected="list")
    if marks is not None:
        marks = _mapping(marks, f"{where}.marks")
    return Ballot(kept=kept, marks=marks, ruling=_ruling(b, where))


def _ballots_file(data: Any, base_dir: Path | None) -> BallotFile:
    f = _mapping(data, "ballots_file")
    _unknown_keys(f, frozenset({"path", "encoding", "count", "rulings"}), "ballots_file")
    path = Path(_str(f, "path", "ballots_file.path"))
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    encoding = f.get("encoding", "u8")
    if encoding not in ("u8", "bits"):
        raise ElectionInputError(
            "not_a_choice", field="ballots_file.encoding", value=_show(encoding), expected="u8, bits"
        )
    rulings_data = f.get("rulings", [])
    if not isinstance(rulings_data, list):
        raise ElectionInputError(
            "wrong_type", field="ballots_file.rulings", value=_show(rulings_data), expected="list"
        )
    rulings: dict[int, Ruling] = {}
    for j, item in enumerate(rulings_data):
        where = f"ballots_file.rulings[{j}]"
        r = _mapping(item, where)
        _unknown_keys(r, frozenset({"index", "flags", "invalid", "valid", "reason"}), where)
        ruling = _ruling(r, where)
        rulings[_int(r, "index", f"{where}.index")] = ruling or Ruling()
    count = _int(f, "count", "ballots_file.count") if "count" in f else None
    return BallotFile(path=path, encoding=encoding, count=count, rulings=rulings)


def parse_input(data: Any, base_dir: Path | None = None) -> ElectionInput:
    """A mapping in the documented shape -> ElectionInput; `base_dir` resolves `ballots_file.path`."""
    top = _mapping(data, "")
    _unknown_keys(top, TOP_FIELDS, "")
    profile = load_profile(top.get("rules"))
    candidates_data = top.get("candidates")
    if not isinstance(candidates_data, list):
        code = "missing_field" if candidates_data is None else "wrong_type"
        raise ElectionInputError(code, field="candidates", value=_show(candidates_data), expected="list")
    ballots_data = top.get("ballots", [])
    if not isinstance(ballots_data, list):
        raise ElectionInputError("wrong_type", field="ballots", value=_show(ballots_data), expected="list")
    round_data = _mapping(top.get("round", {}), "round")
    _unknown_keys(round_data, frozenset({"number", "revote"}), "round")
    revote = round_data.get("revote", False)
    if not isinstance(revote, bool):
        raise ElectionInputError("wrong_type", field="round.revote", value=_show(revote), expected="boolean")
    return ElectionInput(
        kind=_choice(_str(top, "election", "election"), ElectionKind, "election"),
        congress=_congress(top.get("congress")) if "congress" in top else _missing("congress"),
        seats=_int(top, "seats", "seats"),
        alternates=_int(top, "alternates", "alternates", 0),
        candidates=[_candidate(c, i) for i, c in enumerate(candidates_data)],
        ballots_issued=_int(top, "ballots_issued", "ballots_issued"),
        ballots_returned=_int(top, "ballots_returned", "ballots_returned")
        if "ballots_returned" in top
        else None,
        ballots=[parse_ballot(b, i) for i, b in enumerate(ballots_data)],
        ballots_file=_ballots_file(top["ballots_file"], base_dir)
        if top.get("ballots_file") is not None
        else None,
        profile=profile,
        title=_title(top),
        round=RoundInfo(number=max(1, _int(round_data, "number", "round.number", 1)), revote=revote),
    )


def _title(top: Mapping[str, Any]) -> str:
    title = top.get("title", "")
    if not isinstance(title, str):
        raise ElectionInputError("wrong_type", field="title", value=_show(title), expected="string")
    return title.strip()


def _missing(field: str) -> Any:
    raise ElectionInputError("missing_field", field=field)
