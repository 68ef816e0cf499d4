"""The phones' protocol module (voting/static/voting/verifiable/protocol.js) against the Python one
(daihoi.core.verifiable), in Debian's Chromium: the shared test vectors reproduce byte for byte, ballots
and key-ceremony messages made on one side are accepted (and, tampered, refused) on the other, and both
sides' decryption shares combine. docs/verifiable-voting.md is the protocol both implement.

The module is served by a small HTTP server (ES modules need http, not file://) with the project's
Content-Security-Policy, from the test page in tests/voting/verifiable_js/."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from daihoi.core.verifiable import ballot as vb
from daihoi.core.verifiable import ceremony as vc
from daihoi.core.verifiable import group, hashing
from daihoi.core.verifiable.errors import VerifiableError
from daihoi.core.verifiable.manifest import build_manifest
from daihoi.core.verifiable.tally import combine, decryption_share, tally, verify_share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "daihoi" / "voting" / "static"
PAGES = Path(__file__).parent / "verifiable_js"
VECTORS = ROOT / "tests" / "core" / "verifiable" / "vectors.json"

TYPES = {".js": "text/javascript", ".html": "text/html; charset=utf-8"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """/static/… from the app's static folder, /test/… from the test page's folder, with the CSP."""

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return TYPES.get(Path(path).suffix, "application/octet-stream")

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        for prefix, folder in (("/static/", STATIC), ("/test/", PAGES)):
            if path.startswith(prefix):
                target = (folder / path[len(prefix) :]).resolve()
                if folder.resolve() in target.parents:
                    return str(target)
        return str(PAGES / "missing")

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def js_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def js(chromium: Any, js_server: str) -> Iterator[Any]:
    """The test page with the module loaded: window.V (protocol.js) and window.T (harness.js)."""
    context = chromium.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    response = page.goto(f"{js_server}/test/index.html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("window.V !== undefined && window.T !== undefined", timeout=15_000)
    page.problems = problems
    yield page
    context.close()


def call(page: Any, body: str, arg: Any = None) -> Any:
    """Runs `body` (a JS function body with `arg` in scope) in the page; returns its JSON-safe result,
    or {"error": code, "field": field} when it throws."""
    out = page.evaluate(f"(arg) => T.attempt(() => {{ {body} }})", arg)
    return out.get("ok", out)


def refused(thunk: Any) -> tuple[str, str | None]:
    with pytest.raises(VerifiableError) as info:
        thunk()
    return info.value.code, info.value.params.get("field")


# --- a ceremony and manifests made in Python --------------------------------------------------------


def python_ceremony(n: int, k: int, seed: str) -> tuple[dict[int, list[bytes]], dict[int, int]]:
    ctx_k = vc.ceremony_context(f"00000000-0000-0000-0000-{seed:0>12}")
    rng = group.deterministic_rng(seed)
    secrets, keys = {}, {}
    for i in range(1, n + 1):
        secrets[i], msg = vc.comm_key(ctx_k, i, rng)
        keys[i] = bytes.fromhex(msg["E"])
    deals = {j: vc.deal(ctx_k, j, k, keys, rng)[1] for j in range(1, n + 1)}
    shares = {}
    for i in range(1, n + 1):
        shares[i], complaints = vc.receive(ctx_k, i, secrets[i], deals)
        assert complaints == []
    commitments = {j: [bytes.fromhex(c) for c in d["commitments"]] for j, d in deals.items()}
    return commitments, shares


@functools.cache
def keys_3_of_5() -> tuple[dict[int, list[bytes]], dict[int, int]]:
    return python_ceremony(5, 3, "js")


def make_manifest(form: str, n_names: int, limit: int, reasons: list[str]) -> dict[str, Any]:
    commitments, _shares = keys_3_of_5()
    return build_manifest(
        poll_uuid=f"11111111-2222-3333-4444-{n_names:012d}",
        congress="Đại hội Đảng bộ Văn phòng UBND tỉnh lần thứ XV",
        election="Bầu Ban Chấp hành Đảng bộ khoá XV",
        round=1,
        public_key=vc.public_key(commitments),
        threshold=3,
        trustees=[(i, f"Ủy viên {i}", vc.verification_key(commitments, i)) for i in range(1, 6)],
        commitments=[commitments[j] for j in range(1, 6)],
        candidates=[f"Nguyễn Văn {p}" for p in range(1, n_names + 1)],
        form=form,
        limit=limit,
        reasons=reasons,
    )


MANIFESTS = {
    "surplus": lambda: make_manifest("surplus", 12, 8, ["too_many", "all_struck"]),
    "surplus_lenient": lambda: make_manifest("surplus", 5, 3, ["too_many"]),
    "no_surplus": lambda: make_manifest("no_surplus", 4, 4, []),
    "single": lambda: make_manifest("single", 1, 1, ["single_both_or_neither"]),
}
CONTENTS = {
    "surplus": ["1,2,3,4", "", "1,2,3,4,5,6,7,8,9,10,11,12", "5,,6,7,8"],
    "surplus_lenient": ["1,2", "1,2,3,4,5", "4"],
    "no_surplus": ["1120", "3333", "1111"],
    "single": ["1", "2", "0", "3"],
}


# --- encodings ---------------------------------------------------------------------------------------


def test_module_loads_under_the_policy_without_eval(js: Any) -> None:
    bundle = (STATIC / "voting" / "vendor" / "noble.js").read_text()
    assert "@noble/curves 2.4.0 - MIT License" in bundle
    for forbidden in ("eval(", "new Function", "Function("):
        assert forbidden not in bundle
    assert call(js, "return V.L.toString()") == str(group.L)
    assert js.problems == []


def test_canonical_json_and_hash_to_scalar_match_python(js: Any) -> None:
    value = {
        "tên": 'Nguyễn Thị Ánh "Hồng"\n\t\\ \u0001 \u2028 😀',
        "b": [1, -2, 0, 10**15, {"z": None, "a": []}],
        "a": {"😀": 1, "\uffff": 2, "ä": 3},
    }
    got = call(js, "return T.plain(Array.from(V.canonicalJson(arg)))", value)
    assert bytes(got) == hashing.canonical_json(value)
    p, s = group.base_mul(12345), 2**250 + 7
    expected = hashing.hash_to_scalar(
        "disj", hashing.Text("ctx ờ"), hashing.Num(42), hashing.Pt(p), hashing.Sc(s), hashing.Num(0)
    )
    got = call(
        js,
        "const P = V.pointFromHex(arg.p, 'p');"
        "return V.hashToScalar('disj', V.Text('ctx ờ'), V.Num(42), V.Pt(P), V.Sc(BigInt(arg.s)), V.Num(0))",
        {"p": p.hex(), "s": str(s)},
    )
    assert got == group.scalar_hex(expected)


def _torsion_points() -> list[bytes]:
    """Encodings of the points of small order (orders 1, 2, 4 and 8, with their sign-bit twins)."""
    return [
        bytes.fromhex(h)
        for h in (
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        )
    ]


def test_point_and_scalar_checks_agree_with_libsodium(js: Any) -> None:
    good = group.base_mul(987654321)
    order_8 = _torsion_points()[4]
    candidates = [good, group.base_mul(1), group.base_mul(group.L - 1), *_torsion_points()]
    candidates.append(group.add(good, order_8))  # on the curve, outside the prime-order subgroup
    # Non-canonical y (p <= y < 2^255) with either sign bit; small y's; and 64 hashes, of which about
    # half decode to a curve point and most of those lie outside the prime-order subgroup.
    for low in range(0xED, 0x100):
        candidates.append(bytes([low]) + b"\xff" * 30 + b"\x7f")
        candidates.append(bytes([low]) + b"\xff" * 31)
    candidates += [bytes([t]) + bytes(31) for t in range(2, 12)]
    candidates += [hashlib.sha256(b"point %d" % t).digest() for t in range(64)]
    hexes = [c.hex() for c in candidates]
    js_ok = call(
        js,
        "return arg.map((h) => { try { V.pointFromHex(h, 'p'); return true } catch (e) {"
        " if (e.code !== 'bad_point') throw e; return false } })",
        hexes,
    )
    assert js_ok == [group.is_valid(c) and c != group.IDENTITY for c in candidates]
    assert js_ok[0]
    assert not js_ok[3 + len(_torsion_points())]
    assert 3 <= js_ok.count(True) < len(candidates) - 50
    bad_text = [good.hex().upper(), good.hex()[:-2], "zz" + good.hex()[2:], 7]
    assert (
        call(js, "return arg.map((h) => T.attempt(() => V.pointFromHex(h, 'x')).error)", bad_text)
        == ["bad_point"] * 4
    )
    scalars = [
        group.scalar_hex(0),
        group.scalar_hex(group.L - 1),
        group.L.to_bytes(32, "little").hex(),
        "ff" * 32,
    ]
    got = call(js, "return arg.map((h) => T.attempt(() => V.scalarFromHex(h, 's')))", scalars)
    assert [g["ok"] for g in got[:2]] == scalars[:2]
    assert [g["error"] for g in got[2:]] == ["bad_scalar", "bad_scalar"]


# --- (a) the shared test vectors ---------------------------------------------------------------------


def test_vectors_reproduce_byte_for_byte(js: Any) -> None:
    vectors = json.loads(VECTORS.read_text())
    got = call(js, "return T.runVectors(V, arg)", vectors)
    assert "error" not in got, got
    names = [name for name, _pair in got]
    for section in ("group", "hash", "rng", "invalid", "ceremony", "key_file", "ballot", "share", "audited"):
        assert any(section in name for name in names), section
    assert len(got) > 100
    for name, (mine, theirs) in got:
        assert mine == theirs, name


# --- (b) ballots both ways ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(MANIFESTS))
def test_same_randomness_gives_the_same_ballot(js: Any, kind: str) -> None:
    manifest = MANIFESTS[kind]()
    for n, content in enumerate(CONTENTS[kind]):
        seed = f"{kind}-{n}"
        choice = vb.choice_from_content(manifest, content)
        ballot, secrets = vb.encrypt_ballot(manifest, choice, group.deterministic_rng(seed))
        got = call(
            js,
            "const c = V.choiceFromContent(arg.m, arg.content);"
            "const {ballot, secrets} = V.encryptBallot(arg.m, c, T.deterministicRng(arg.seed));"
            "return {choice: c, ballot, reveal: V.reveal(secrets), tracker: V.tracker(ballot)}",
            {"m": manifest, "content": content, "seed": seed},
        )
        assert got["choice"] == {"xs": choice.xs, "flags": choice.flags}
        assert hashing.canonical_json(got["ballot"]) == hashing.canonical_json(ballot)
        assert got["reveal"] == vb.reveal(secrets)
        assert got["tracker"] == hashing.tracker(ballot)


@pytest.mark.parametrize("kind", list(MANIFESTS))
def test_ballots_made_on_one_side_verify_on_the_other(js: Any, kind: str) -> None:
    manifest = MANIFESTS[kind]()
    for content in CONTENTS[kind]:
        made_in_js = call(
            js,
            "return V.encryptBallot(arg.m, V.choiceFromContent(arg.m, arg.c)).ballot",
            {"m": manifest, "c": content},
        )
        vb.verify_ballot(manifest, made_in_js)
        ballot, _secrets = vb.encrypt_ballot(manifest, vb.choice_from_content(manifest, content))
        assert call(js, "V.verifyBallot(arg.m, arg.b); return true", {"m": manifest, "b": ballot}) is True


def _tamperings(ballot: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []

    def variant(label: str, change: Any) -> None:
        copy = json.loads(json.dumps(ballot))
        change(copy)
        out.append((label, copy))

    other = group.base_mul(5).hex()
    variant("B replaced", lambda b: b["answers"][0].update(B=other))
    variant("A replaced", lambda b: b["answers"][-1].update(A=other))
    variant(
        "challenges swapped", lambda b: b["answers"][1]["proof"].update(c=b["answers"][1]["proof"]["c"][::-1])
    )
    variant("response changed", lambda b: b["flags"][0]["proof"]["v"].__setitem__(0, group.scalar_hex(1)))
    variant("range changed", lambda b: b["range"]["v"].__setitem__(3, group.scalar_hex(2)))
    variant(
        "answers swapped", lambda b: b.update(answers=[b["answers"][1], b["answers"][0], *b["answers"][2:]])
    )
    variant("wrong poll", lambda b: b.update(poll="0" * 64))
    variant("identity B", lambda b: b["answers"][2].update(B=group.IDENTITY.hex()))
    variant("name dropped", lambda b: b["answers"].pop())
    variant("extra key", lambda b: b["answers"][0]["proof"].update(x=[]))
    variant("same A twice", lambda b: b["answers"][1].update(A=b["answers"][0]["A"]))
    return out


def test_a_tampered_ballot_fails_on_both_sides(js: Any) -> None:
    manifest = MANIFESTS["surplus"]()
    ballot = call(js, "return V.encryptBallot(arg, V.choiceFromContent(arg, '2,4,6,8')).ballot", manifest)
    vb.verify_ballot(manifest, ballot)
    for label, bad in _tamperings(ballot):
        py = refused(lambda bad=bad: vb.verify_ballot(manifest, bad))
        got = call(js, "return V.verifyBallot(arg.m, arg.b)", {"m": manifest, "b": bad})
        assert "error" in got, label
        assert got["error"] == py[0], (label, got, py)
    # A malicious encoder's ballot: 9 votes (more than the 8 places) without the too_many flag, with
    # honest 0/1 proofs; only the range proof can be forged and it fails on both sides.
    forged = call(
        js,
        "const c = {xs: Array(12).fill(0).map((_, p) => (p < 9 ? 1 : 0)), flags: [0, 0]};"
        "try { V.encryptBallot(arg, c); return 'encrypted' } catch (e) { return e.code }",
        manifest,
    )
    assert forged == "not_a_ballot_choice"


# --- (c) a ceremony with trustees on both sides ---------------------------------------------------


def test_ceremony_two_js_trustees_three_python_trustees(js: Any) -> None:
    n, k = 5, 3
    ctx_k = vc.ceremony_context("9a1f0c3e-5b7d-4e2a-8c6f-0d1e2f3a4b5c")
    js_side = {2, 4}
    rng = group.deterministic_rng("ceremony-python")
    secrets: dict[int, Any] = {}
    comm: dict[int, dict[str, Any]] = {}
    for i in range(1, n + 1):
        if i in js_side:
            got = call(
                js,
                "const {secret, message} = V.commKey(arg.ctx, arg.i); return {secret, message}",
                {"ctx": ctx_k, "i": i},
            )
            secrets[i], comm[i] = got["secret"], got["message"]
        else:
            secrets[i], comm[i] = vc.comm_key(ctx_k, i, rng)
    keys = {i: vc.check_comm_key(ctx_k, i, comm[i]) for i in range(1, n + 1)}
    # JS checks the Python trustees' communication keys too.
    assert call(
        js,
        "return Object.entries(arg.comm).every(([i, m]) => V.pokVerify(V.pointFromHex(m.E, 'E'), m.pok,"
        " 'pok-comm', arg.ctx, Number(i)))",
        {"comm": comm, "ctx": ctx_k},
    )
    hex_keys = {i: keys[i].hex() for i in keys}
    deals: dict[int, dict[str, Any]] = {}
    for j in range(1, n + 1):
        if j in js_side:
            deals[j] = call(js, "return V.deal(arg.ctx, arg.j, arg.k, arg.keys).message", {
                "ctx": ctx_k, "j": j, "k": k, "keys": hex_keys})  # fmt: skip
        else:
            deals[j] = vc.deal(ctx_k, j, k, keys, rng)[1]
    commitments = {j: vc.check_deal(ctx_k, j, k, n, deals[j]) for j in deals}
    confirmations: dict[int, dict[str, Any]] = {}
    shares: dict[int, Any] = {}
    for i in range(1, n + 1):
        if i in js_side:
            got = call(
                js,
                "const e = V.scalarFromHex(arg.e, 'e');"
                "const r = V.receive(arg.ctx, arg.i, e, arg.deals);"
                "return {share: r.share, complaints: r.complaints,"
                " confirm: V.confirm(arg.ctx, arg.i, r.share)}",
                {"ctx": ctx_k, "i": i, "e": secrets[i], "deals": {str(j): d for j, d in deals.items()}},
            )
            assert got["complaints"] == []
            shares[i], confirmations[i] = got["share"], got["confirm"]
        else:
            shares[i], complaints = vc.receive(ctx_k, i, secrets[i], deals)
            assert complaints == []
            confirmations[i] = vc.confirm(ctx_k, i, shares[i], rng)
        vc.check_confirm(ctx_k, i, confirmations[i], commitments)
    h = vc.public_key(commitments)
    hex_commitments = {str(j): [c.hex() for c in cs] for j, cs in commitments.items()}
    assert call(js, "return V.pointHex(V.publicKey(arg))", hex_commitments) == h.hex()
    for i in range(1, n + 1):
        x_i = call(js, "return V.pointHex(V.verificationKey(arg.c, arg.i))", {"c": hex_commitments, "i": i})
        assert x_i == confirmations[i]["X"] == vc.verification_key(commitments, i).hex()

    manifest = build_manifest(
        poll_uuid="5c4b3a2f-1e0d-4c6f-8a2e-7d5b3f1a0c9e",
        congress="Đại hội",
        election="Bầu Ban Chấp hành",
        round=1,
        public_key=h,
        threshold=k,
        trustees=[(i, f"Ủy viên {i}", confirmations[i]["X"]) for i in range(1, n + 1)],
        commitments=[commitments[j] for j in range(1, n + 1)],
        candidates=["An", "Bình", "Chi", "Dũng"],
        form="surplus",
        limit=2,
        reasons=["too_many", "all_struck"],
    )
    vc.check_manifest_keys(manifest)
    assert call(js, "V.checkManifestKeys(arg); return true", manifest) is True
    swapped = json.loads(json.dumps(manifest))
    swapped["trustees"][0]["verification_key"], swapped["trustees"][1]["verification_key"] = (
        manifest["trustees"][1]["verification_key"],
        manifest["trustees"][0]["verification_key"],
    )
    assert call(js, "return V.checkManifestKeys(arg)", swapped) == {
        "error": "bad_commitment",
        "field": "trustees[0].verification_key",
    }
    assert refused(lambda: vc.check_manifest_keys(swapped)) == (
        "bad_commitment",
        "trustees[0].verification_key",
    )
    contents = ["1,2", "3,4", "2,3", "1,4", "1,2,3,4", "", "4"]
    parsed = []
    for t, content in enumerate(contents):
        if t % 2:
            ballot, _s = vb.encrypt_ballot(manifest, vb.choice_from_content(manifest, content))
        else:
            ballot = call(js, "return V.encryptBallot(arg.m, V.choiceFromContent(arg.m, arg.c)).ballot", {
                "m": manifest, "c": content})  # fmt: skip
        parsed.append(vb.verify_ballot(manifest, ballot))
    sums = tally(manifest, parsed)
    tally_json = [{"A": a.hex(), "B": b.hex()} for a, b in sums]
    key_files = {
        i: vc.key_file(
            ceremony=ctx_k.removeprefix("ceremony:"),
            congress="Đại hội",
            index=i,
            threshold=k,
            trustees=n,
            public_key=h,
            verification_key=bytes.fromhex(confirmations[i]["X"]),
            share=shares[i] if isinstance(shares[i], int) else group.scalar_from_hex(shares[i], "share"),
        )
        for i in range(1, n + 1)
    }
    # JS trustee 4 and Python trustees 1 and 5 decrypt; JS's key file equals Python's for the same share.
    made_in_js = call(js, """
        return V.keyFile({ceremony: arg.f.ceremony, congress: arg.f.congress, index: arg.f.index,
          threshold: arg.f.threshold, trustees: arg.f.trustees, publicKey: arg.f.public_key,
          share: V.scalarFromHex(arg.f.share, 's')})""", {"f": key_files[4]})  # fmt: skip
    assert made_in_js == key_files[4]
    js_share = call(
        js,
        "return V.decryptionShare(arg.m, arg.t, V.loadKeyFile(arg.f, arg.m))",
        {"m": manifest, "t": tally_json, "f": key_files[4]},
    )
    decryption = [js_share] + [
        decryption_share(manifest, sums, vc.load_key_file(key_files[i], manifest)) for i in (1, 5)
    ]
    for share in decryption:
        verify_share(manifest, sums, share)
    result = combine(manifest, sums, decryption, len(parsed))
    # Plain count: "1,2" keeps Chi, Dũng; "3,4" keeps An, Bình; "2,3" An, Dũng; "1,4" Bình, Chi;
    # "1,2,3,4" is all struck; "" keeps 4 > 2 names (too many); "4" keeps 3 (too many).
    assert result.votes == [2, 2, 2, 2]
    assert result.invalid == {"too_many": 2, "all_struck": 1}
    assert result.valid == 4
    # A JS share whose proof is bent is refused by the server.
    bent = json.loads(json.dumps(js_share))
    bent["D"][0] = group.base_mul(3).hex()
    assert refused(lambda: verify_share(manifest, sums, bent))[0] == "bad_proof"
    # A key file that does not match the manifest is refused by the page before any share is made.
    wrong = dict(key_files[4], index=2)
    assert (
        call(js, "return V.loadKeyFile(arg.f, arg.m)", {"f": wrong, "m": manifest})["error"] == "bad_key_file"
    )


# --- (d) the check page's audit of a challenged ballot -----------------------------------------------


@pytest.mark.parametrize("kind", list(MANIFESTS))
def test_check_audited_opens_a_python_challenged_ballot(js: Any, kind: str) -> None:
    manifest = MANIFESTS[kind]()
    for content in CONTENTS[kind]:
        choice = vb.choice_from_content(manifest, content)
        ballot, secrets = vb.encrypt_ballot(manifest, choice)
        opened = vb.reveal(secrets)
        got = call(
            js, "return V.checkAudited(arg.m, arg.b, arg.r)", {"m": manifest, "b": ballot, "r": opened}
        )
        assert got == {"xs": choice.xs, "flags": choice.flags}
        assert vb.check_audited(manifest, ballot, opened) == choice
        # A reveal that claims another plaintext, or another randomness, is refused on both sides.
        lie = json.loads(json.dumps(opened))
        lie["answers"][0][0] = 1 - lie["answers"][0][0]
        other_r = json.loads(json.dumps(opened))
        other_r["answers"][0][1] = group.scalar_hex(group.scalar_from_hex(other_r["answers"][0][1], "r") + 1)
        for bad in (lie, other_r):
            got = call(
                js, "return V.checkAudited(arg.m, arg.b, arg.r)", {"m": manifest, "b": ballot, "r": bad}
            )
            assert got == {"error": "bad_reveal", "field": "reveal.answers[0]"}
            assert refused(lambda bad=bad, ballot=ballot: vb.check_audited(manifest, ballot, bad)) == (
                "bad_reveal",
                "reveal.answers[0]",
            )


def test_choice_from_content_agrees_with_python(js: Any) -> None:
    cases = {
        "surplus": ["", "1", "12", "0", "13", "1,1", "a", "1;2", ",3,", "03"],
        "no_surplus": ["1111", "112", "11205", "0000", ""],
        "single": ["1", "2", "0", "3", "11", "", "4"],
    }
    for kind, contents in cases.items():
        manifest = MANIFESTS[kind]()
        for content in contents:
            try:
                c = vb.choice_from_content(manifest, content)
                expected: Any = {"xs": c.xs, "flags": c.flags}
            except VerifiableError as exc:
                expected = {"error": exc.code, "field": exc.params.get("field")}
            got = call(js, "return V.choiceFromContent(arg.m, arg.c)", {"m": manifest, "c": content})
            assert got == expected, (kind, content)


def test_decryption_share_matches_python_also_on_an_empty_tally(js: Any) -> None:
    manifest = MANIFESTS["surplus_lenient"]()
    commitments, shares = keys_3_of_5()
    key = vc.key_file(
        ceremony="00000000-0000-0000-0000-0000000000js",
        congress="Đại hội",
        index=2,
        threshold=3,
        trustees=5,
        public_key=vc.public_key(commitments),
        verification_key=vc.verification_key(commitments, 2),
        share=shares[2],
    )
    ballots = [vb.encrypt_ballot(manifest, vb.choice_from_content(manifest, c))[0] for c in ("1,2", "")]
    cast = tally(manifest, [vb.verify_ballot(manifest, b) for b in ballots])
    empty = tally(manifest, [])  # no ballot cast: every A is the identity (§5)
    assert all(a == group.IDENTITY for a, _b in empty)
    for sums in (cast, empty):
        expected = decryption_share(
            manifest, sums, vc.load_key_file(key, manifest), group.deterministic_rng("d")
        )
        got = call(
            js,
            "return V.decryptionShare(arg.m, arg.t, V.loadKeyFile(arg.f, arg.m), T.deterministicRng('d'))",
            {"m": manifest, "t": [{"A": a.hex(), "B": b.hex()} for a, b in sums], "f": key},
        )
        assert got == expected
    # Only the cast tally is ever decrypted (§4.5: with no ballot there is nothing to decrypt).
    arg = {"m": manifest, "t": [{"A": a.hex(), "B": b.hex()} for a, b in cast], "f": key}
    verify_share(
        manifest, cast, call(js, "return V.decryptionShare(arg.m, arg.t, V.loadKeyFile(arg.f, arg.m))", arg)
    )
