"""Reading the documented input shape: every error names the field."""

from __future__ import annotations

import copy

import pytest

from daihoi.core.election import (
    PARTY,
    UNCONFIRMED,
    ElectionInputError,
    ElectionKind,
    RuleProfile,
    load_profile,
    parse_input,
    tally,
)

BASE = {
    "election": "executive_committee",
    "congress": {"kind": "members", "convened": 11, "present": 10, "exclusions": {"absent_with_reason": 1}},
    "seats": 2,
    "candidates": [
        {"id": "a", "name": "Nguyễn Văn An", "birth_date": "1975-03-02"},
        {"id": "b", "name": "Trần Thị Bình"},
        {"id": "c", "name": "Lê Văn Cường"},
    ],
    "ballots_issued": 10,
    "ballots": [{"kept": ["a", "b"]}, {"kept": ["b"], "invalid": "not_issued"}],
}


def _with(path: str, value):
    data = copy.deepcopy(BASE)
    target = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is KeyError:
        del target[keys[-1]]
    elif isinstance(target, list):
        target[int(keys[-1])] = value
    else:
        target[keys[-1]] = value
    return data


def test_documented_shape_parses_and_counts():
    e = parse_input(BASE)
    assert e.kind is ElectionKind.EXECUTIVE_COMMITTEE
    assert e.profile == PARTY
    result = tally(e)
    assert (result.base, result.valid, result.invalid) == (10, 1, 1)


@pytest.mark.parametrize(
    ("path", "value", "code", "field"),
    [
        ("seats", KeyError, "missing_field", "seats"),
        ("seats", "8", "wrong_type", "seats"),
        ("seats", True, "wrong_type", "seats"),
        ("ballots_issued", -1, "negative", "ballots_issued"),
        ("congress.present", -3, "negative", "congress.present"),
        ("congress.exclusions.absent_with_reason", -1, "negative", "congress.exclusions.absent_with_reason"),
        ("congress.exclusions.sick", 1, "unknown_field", "congress.exclusions.sick"),
        ("congress.kind", "village", "not_a_choice", "congress.kind"),
        ("congress", KeyError, "missing_field", "congress"),
        ("election", "mayor", "not_a_choice", "election"),
        ("rules", "state_law", "unknown_profile", "rules"),
        ("rules", {"all_struck_invalid": "yes"}, "wrong_type", "rules.all_struck_invalid"),
        ("rules", {"threshold_base": "half"}, "not_a_choice", "rules.threshold_base"),
        ("candidates", KeyError, "missing_field", "candidates"),
        ("candidates.0.name", KeyError, "missing_field", "candidates[0].name"),
        ("candidates.1.birth_date", "02/03/1975", "wrong_type", "candidates[1].birth_date"),
        ("candidates.1.id", "a", "duplicate_candidate_id", "candidates[1].id"),
        ("ballots.0", ["a"], "wrong_type", "ballots[0]"),
        ("ballots.0.kept", "a", "wrong_type", "ballots[0].kept"),
        ("ballots.1.kept", ["zz"], "unknown_candidate", "ballots[1].kept[0]"),
        ("ballots.1.kept", [3], "wrong_type", "ballots[1].kept[0]"),
        ("ballots.0.kept", ["a", "a"], "duplicate_candidate", "ballots[0].kept"),
        ("ballots.0.color", "red", "unknown_field", "ballots[0].color"),
        ("ballots.1.invalid", "coffee_stain", "unknown_reason", "ballots[1].invalid"),
        ("ballots.1", {"kept": ["a"], "marks": {}}, "kept_and_marks", "ballots[1]"),
        ("ballots.1", {"invalid": "not_issued"}, "missing_field", "ballots[1].kept"),
        (
            "ballots.1",
            {"kept": ["a"], "valid": True, "invalid": "too_many"},
            "valid_and_invalid",
            "ballots[1]",
        ),
        ("alternates", 1, "alternates_not_allowed", "alternates"),
        ("seats", 0, "no_places", "seats"),
        ("unexpected", 1, "unknown_field", "unexpected"),
    ],
)
def test_bad_input_names_the_field(path, value, code, field):
    with pytest.raises(ElectionInputError) as err:
        tally(parse_input(_with(path, value)))
    assert err.value.code == code
    assert err.value.field == field


def test_not_an_object_at_all():
    with pytest.raises(ElectionInputError) as err:
        parse_input([1, 2])
    assert err.value.code == "wrong_type"


def test_marks_with_unknown_value_names_the_candidate():
    data = _with("seats", 3)
    data["ballots"] = [{"marks": {"a": "agree", "b": "maybe"}}]
    with pytest.raises(ElectionInputError) as err:
        tally(parse_input(data))
    assert (err.value.code, err.value.field) == ("unknown_mark", "ballots[0].marks.b")


def test_name_part_override_changes_the_ballot_order():
    data = copy.deepcopy(BASE)
    # "Tôn Nữ Thị Hoa": given name Hoa by default; an override can make the family name two words.
    data["candidates"][2] = {
        "id": "c",
        "name": "Âu Dương Phong",
        "family": "Âu Dương",
        "middle": "",
        "given": "Phong",
    }
    e = parse_input(data)
    assert e.candidates[2].parts is not None
    assert e.candidates[2].parts.family == "Âu Dương"


def test_profiles_are_data_and_every_unconfirmed_rule_is_a_named_setting():
    names = set(RuleProfile.__dataclass_fields__)
    assert set(UNCONFIRMED) <= names
    assert load_profile("generic").threshold_base == "valid_ballots"
    custom = load_profile(
        {"profile": "generic", "threshold_base": "ballots_cast", "all_struck_invalid": False}
    )
    assert (custom.name, custom.threshold_base, custom.all_struck_invalid) == (
        "generic",
        "ballots_cast",
        False,
    )
    assert load_profile(None) is PARTY
