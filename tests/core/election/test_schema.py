"""docs/tally.schema.json stays in step with the reader and the rule profile."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from daihoi.core.election import RuleProfile, parse_input, tally
from daihoi.core.election.inputs import BALLOT_FIELDS, TOP_FIELDS

DOCS = Path(__file__).resolve().parents[3] / "docs"
SCHEMA = json.loads((DOCS / "tally.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid_and_the_seed_example_conforms():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    example = json.loads((DOCS / "examples" / "seed-executive-committee.json").read_text(encoding="utf-8"))
    VALIDATOR.validate(example)
    assert tally(parse_input(example)).status == "complete"


def test_schema_fields_match_the_reader_and_the_profile():
    assert set(SCHEMA["properties"]) == TOP_FIELDS
    assert set(SCHEMA["$defs"]["ballot"]["properties"]) == BALLOT_FIELDS
    settings = set(SCHEMA["properties"]["rules"]["oneOf"][1]["properties"]) - {"profile"}
    assert settings == {f.name for f in dataclasses.fields(RuleProfile)} - {"name"}


@pytest.mark.parametrize(
    "ballot",
    [
        {"kept": ["a"], "marks": {}},
        {"kept": "a"},
        {"marks": {"a": "yes"}},
        {"kept": ["a"], "invalid": "smudge"},
    ],
)
def test_schema_refuses_what_the_reader_refuses(ballot):
    data = {
        "election": "secretary",
        "congress": {"convened": 3, "present": 3},
        "seats": 1,
        "candidates": [{"id": "a", "name": "Lê Văn An"}],
        "ballots_issued": 1,
        "ballots": [ballot],
    }
    assert not VALIDATOR.is_valid(data)
