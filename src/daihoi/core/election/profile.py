"""Rule profiles as data. "party" (Reg. 190, the default) and "generic" (other organizations).

Every rule the spec marks UNCONFIRMED is a named setting here with the spec's default, listed in
`UNCONFIRMED` so that the minutes and the tally output can show which assumptions were used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

from .errors import ElectionInputError

ThresholdBase = Literal["congress", "valid_ballots", "ballots_cast", "none"]


@dataclass(frozen=True)
class RuleProfile:
    name: str = "party"
    # Base of the "more than half" rule. Party: D from the congress figures (Reg. 190 Art. 30), never
    # the valid ballots; "none" means plurality.
    threshold_base: ThresholdBase = "congress"
    # The revote among candidates tied at the cut-off is plurality (Charter 12.3).
    revote_threshold: bool = False
    # Every name struck on a list with surplus makes the ballot invalid (244, English text).
    all_struck_invalid: bool = True
    # UNCONFIRMED: a written-in name makes the ballot invalid when the committee flags it.
    added_name_invalid: bool = True
    # UNCONFIRMED: a signature, mark or extra writing makes the ballot invalid when flagged.
    identifying_mark_invalid: bool = True
    # UNCONFIRMED: a one-person list with both or neither box marked is invalid.
    single_both_or_neither_invalid: bool = True
    # UNCONFIRMED: surplus <= floor(30% of seats); bodies of 3-5 seats at most 1 extra name.
    surplus_max_percent: int = 30
    surplus_rounding: Literal["floor", "half_up"] = "floor"
    small_body_max_surplus: int = 1
    # UNCONFIRMED: which absentees are deducted from "convened" for the 2/3 quorum: none.
    quorum_deducts_exclusions: bool = False
    # UNCONFIRMED: first meeting of a new committee: D = the sitting committee members.
    committee_meeting_deducts_absent_with_reason: bool = False
    # UNCONFIRMED: a delegates' ballot may keep as many names as officials + alternates.
    delegates_vote_limit: Literal["officials_plus_alternates", "officials"] = "officials_plus_alternates"
    # UNCONFIRMED: alternates (above the threshold) rank by votes descending; a tie at the
    # official/alternate boundary is settled by a revote among the tied.
    boundary_tie: Literal["revote"] = "revote"
    # UNCONFIRMED: opinion ballots keep nominees from the highest vote down, no majority needed.
    opinion_ballot_threshold: bool = False
    # QĐ 294: after this many failed rounds for a branch secretary the superior appoints one.
    secretary_max_rounds: int = 3

    def settings(self) -> dict[str, Any]:
        return asdict(self)


UNCONFIRMED: tuple[str, ...] = (
    "added_name_invalid",
    "identifying_mark_invalid",
    "single_both_or_neither_invalid",
    "surplus_max_percent",
    "surplus_rounding",
    "small_body_max_surplus",
    "quorum_deducts_exclusions",
    "committee_meeting_deducts_absent_with_reason",
    "delegates_vote_limit",
    "boundary_tie",
    "opinion_ballot_threshold",
)

PARTY = RuleProfile()
# Other organizations: majority of the valid ballots (or of ballots cast), ties at the cut-off by revote.
GENERIC = RuleProfile(name="generic", threshold_base="valid_ballots")

PROFILES: dict[str, RuleProfile] = {"party": PARTY, "generic": GENERIC}

_CHOICES: dict[str, tuple[Any, ...]] = {
    "threshold_base": ("congress", "valid_ballots", "ballots_cast", "none"),
    "surplus_rounding": ("floor", "half_up"),
    "delegates_vote_limit": ("officials_plus_alternates", "officials"),
    "boundary_tie": ("revote",),
}


def load_profile(spec: str | Mapping[str, Any] | None, field: str = "rules") -> RuleProfile:
    """ "party", "generic", or {"profile": "generic", "threshold_base": "ballots_cast", ...}."""
    if spec is None:
        return PARTY
    if isinstance(spec, str):
        if spec not in PROFILES:
            raise ElectionInputError("unknown_profile", field=field, value=spec)
        return PROFILES[spec]
    if not isinstance(spec, Mapping):
        raise ElectionInputError("wrong_type", field=field, value=repr(spec), expected="string or object")
    overrides = dict(spec)
    profile = load_profile(overrides.pop("profile", "party"), f"{field}.profile")
    types = {f.name: f.type for f in fields(RuleProfile)}
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        where = f"{field}.{key}"
        if key not in types or key == "name":
            raise ElectionInputError("unknown_field", field=where, value=key)
        current = getattr(profile, key)
        if isinstance(current, bool):
            if not isinstance(value, bool):
                raise ElectionInputError("wrong_type", field=where, value=repr(value), expected="boolean")
        elif isinstance(current, int):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ElectionInputError("wrong_type", field=where, value=repr(value), expected="integer ≥ 0")
        elif value not in _CHOICES.get(key, ()):
            choices = ", ".join(_CHOICES.get(key, ()))
            raise ElectionInputError("not_a_choice", field=where, value=repr(value), expected=choices)
        changes[key] = value
    return replace(profile, **changes)
