"""The verifier's own pieces: it imports nothing of the server, and its group, hash, tracker and
manifest rules agree with the document (and so with the server's independent code)."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import daihoi_verify
from daihoi.core import verifiable as vv
from daihoi.core.verifiable import hashing as server_hashing
from daihoi_verify import group
from daihoi_verify.checks import CODES, Failure, allowed_values, lagrange, point, scalar, verify_board
from daihoi_verify.hashing import hs, num, pt, sc, text, tracker
from daihoi_verify.messages import FAILURES

PACKAGE = Path(daihoi_verify.__file__).resolve().parent


def test_imports_only_the_standard_library_and_pynacl() -> None:
    allowed = set(sys.stdlib_module_names) | {"nacl", "daihoi_verify", "__future__"}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert roots <= allowed, f"{path.name} imports {roots - allowed}"


def test_every_code_has_a_text_in_both_languages() -> None:
    assert set(FAILURES) == set(CODES)
    assert all(vi and en and vi != en for vi, en in FAILURES.values())


def test_group_identity_only_inside_computations() -> None:
    g = group.G
    assert group.base_mul(0) == group.IDENTITY == group.mul(group.L, g) == group.mul(5, group.IDENTITY)
    assert not group.is_valid(group.IDENTITY)
    assert group.is_valid(g)
    assert group.sub(group.base_mul(7), group.mul(7, g)) == group.IDENTITY
    assert group.add(group.base_mul(2), group.base_mul(3)) == group.base_mul(5) == group.mul(5, g)


def test_hash_to_scalar_is_the_documents() -> None:
    """Hs("t", "ab", 7, P, s): the bytes of §1 written out by hand."""
    import hashlib

    p, s = group.base_mul(3), 12345
    message = (
        b"daihoi/v1/t\x00"
        + b"\x00\x00\x00\x02ab"
        + b"\x00\x00\x00\x017"
        + b"\x00\x00\x00\x20" + p
        + b"\x00\x00\x00\x20" + s.to_bytes(32, "little")
    )  # fmt: skip
    expected = int.from_bytes(hashlib.sha512(message).digest(), "little") % group.L
    assert hs("t", text("ab"), num(7), pt(p), sc(s)) == expected
    # and the server, written apart, agrees
    items = (server_hashing.Text("ab"), server_hashing.Num(7), server_hashing.Pt(p), server_hashing.Sc(s))
    assert server_hashing.hash_to_scalar("t", *items) == expected


def test_tracker_is_base32_of_sha256_in_groups_of_four() -> None:
    ballot = {"poll": "ab", "answers": [], "flags": [], "range": None, "ý": "ê"}
    code = tracker(ballot)
    groups = code.split(" ")
    assert len(groups) == 13
    assert all(len(g) == 4 for g in groups)
    assert code == vv.tracker(ballot)


@pytest.mark.parametrize(
    ("form", "limit", "n", "reasons", "expected"),
    [
        ("surplus", 3, 5, ["too_many", "all_struck"], [1, 2, 3, 6, 12]),
        ("surplus", 2, 4, ["too_many"], [0, 1, 2, 5]),
        ("single", 1, 1, ["single_both_or_neither"], [0, 1, 2]),
        ("single", 1, 1, [], [0, 1]),
        ("no_surplus", 3, 3, [], []),
    ],
)
def test_allowed_values(form: str, limit: int, n: int, reasons: list[str], expected: list[int]) -> None:
    assert allowed_values(form, limit, n, reasons) == expected == vv.allowed_values(form, limit, n, reasons)


def test_lagrange_interpolates_at_zero() -> None:
    """f(x) = 11 + 5x + 7x^2: any three points give f(0) = 11."""
    for q in ([1, 2, 3], [1, 3, 5], [2, 4, 5]):
        f = {i: 11 + 5 * i + 7 * i * i for i in q}
        assert sum(lagrange(i, q) * f[i] for i in q) % group.L == 11


# --- the shared test vectors (tests/core/verifiable/vectors.json, made by the server's script) -------

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "core" / "verifiable" / "vectors.json").read_text(encoding="utf-8")
)


def _item(kind: str, value: Any) -> bytes:
    if kind == "point":
        return pt(bytes.fromhex(value))
    if kind == "scalar":
        return sc(int.from_bytes(bytes.fromhex(value), "little"))
    return text(value) if kind == "text" else num(value)


@pytest.mark.parametrize("vector", VECTORS["hash_to_scalar"], ids=lambda v: v["tag"])
def test_hash_vectors(vector: dict[str, Any]) -> None:
    value = hs(vector["tag"], *(_item(kind, x) for kind, x in vector["items"]))
    assert sc(value).hex() == vector["scalar"]


def test_group_vectors() -> None:
    assert group.G.hex() == VECTORS["group"]["G"]
    assert int(VECTORS["group"]["L"]) == group.L
    for row in VECTORS["group"]["multiples"]:
        assert group.base_mul(int.from_bytes(bytes.fromhex(row["scalar"]), "little")).hex() == row["point"]


@pytest.mark.parametrize("name", sorted(VECTORS["invalid_points"]))
def test_invalid_point_vectors(name: str) -> None:
    with pytest.raises(Failure) as caught:
        point(VECTORS["invalid_points"][name], ())
    assert caught.value.code == "bad_point"


@pytest.mark.parametrize("name", sorted(VECTORS["invalid_scalars"]))
def test_invalid_scalar_vectors(name: str) -> None:
    with pytest.raises(Failure) as caught:
        scalar(VECTORS["invalid_scalars"][name], ())
    assert caught.value.code == "bad_scalar"


@pytest.mark.parametrize("poll", VECTORS["polls"], ids=lambda p: p["name"])
def test_board_vectors(poll: dict[str, Any]) -> None:
    report = verify_board(poll["board"], workers=1)
    assert report.poll.ctx == poll["context"]
    assert report.result == poll["board"]["result"]
    assert report.n_ballots == len(poll["board"]["ballots"])
