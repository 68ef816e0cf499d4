"""vectors.json (for the JS and verifier engineers) is what scripts/verifiable_vectors.py makes, and
everything in it checks."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from daihoi.core.verifiable import (
    Choice,
    VerifiableError,
    check_audited,
    check_comm_key,
    check_confirm,
    check_deal,
    check_manifest_keys,
    combine,
    context,
    tally,
    tracker,
    verify_ballot,
    verify_share,
)
from daihoi.core.verifiable.group import point_from_hex, scalar_from_hex

ROOT = Path(__file__).resolve().parents[3]
VECTORS = json.loads((Path(__file__).parent / "vectors.json").read_text(encoding="utf-8"))


def test_the_file_is_what_the_script_makes():
    spec = importlib.util.spec_from_file_location(
        "verifiable_vectors", ROOT / "scripts" / "verifiable_vectors.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert json.loads(json.dumps(module.build(), ensure_ascii=False)) == VECTORS


def test_the_ceremony_transcript_checks():
    c = VECTORS["ceremony"]
    ctx, n, k = c["context"], c["trustees"], c["threshold"]
    for entry in c["comm_keys"]:
        check_comm_key(ctx, entry["index"], entry["message"])
    commitments = {d["dealer"]: check_deal(ctx, d["dealer"], k, n, d["message"]) for d in c["deals"]}
    for entry in c["confirms"]:
        x = check_confirm(ctx, entry["index"], entry["message"], commitments)
        assert x.hex() == c["verification_keys"][str(entry["index"])]


@pytest.mark.parametrize("poll", VECTORS["polls"], ids=lambda p: p["name"])
def test_every_poll_checks(poll):
    m = poll["manifest"]
    assert context(m) == poll["context"]
    check_manifest_keys(m)
    for entry in poll["ballots"]:
        verify_ballot(m, entry["ballot"])
        assert tracker(entry["ballot"]) == entry["tracker"]
        assert check_audited(m, entry["ballot"], entry["reveal"]) == Choice(**entry["choice"])
    b = poll["board"]
    parsed = [verify_ballot(m, ballot) for ballot in b["ballots"]]
    t = tally(m, parsed)
    assert [{"A": a.hex(), "B": bb.hex()} for a, bb in t] == b["tally"]
    for share in b["shares"]:
        verify_share(m, t, share)
    assert combine(m, t, b["shares"], len(parsed)).to_dict() == b["result"]


@pytest.mark.parametrize("name", sorted(VECTORS["invalid_points"]))
def test_invalid_points_of_the_vectors_are_refused(name):
    with pytest.raises(VerifiableError, match="bad_point"):
        point_from_hex(VECTORS["invalid_points"][name], name)


@pytest.mark.parametrize("name", sorted(VECTORS["invalid_scalars"]))
def test_invalid_scalars_of_the_vectors_are_refused(name):
    with pytest.raises(VerifiableError, match="bad_scalar"):
        scalar_from_hex(VECTORS["invalid_scalars"][name], name)
