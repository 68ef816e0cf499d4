"""Real boards for the verifier's tests, made with the server's code (daihoi.core.verifiable): a 3-of-5
key ceremony, ballots encrypted from the phone's contents, the tally, decryption shares, the result."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from daihoi.core import verifiable as vv

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


@dataclass
class Ceremony:
    n: int
    k: int
    commitments: dict[int, list[bytes]]
    shares: dict[int, vv.KeyShare] = field(default_factory=dict)


def run_ceremony(n: int = 5, k: int = 3) -> Ceremony:
    ctx_k = vv.ceremony_context(str(uuid.uuid4()))
    secrets, comm = {}, {}
    for i in range(1, n + 1):
        secrets[i], msg = vv.comm_key(ctx_k, i)
        comm[i] = vv.check_comm_key(ctx_k, i, msg)
    deals = {j: vv.deal(ctx_k, j, k, comm)[1] for j in range(1, n + 1)}
    commitments = {j: vv.check_deal(ctx_k, j, k, n, deals[j]) for j in deals}
    ceremony = Ceremony(n, k, commitments)
    h = vv.public_key(commitments)
    for i in range(1, n + 1):
        x_i, complaints = vv.receive(ctx_k, i, secrets[i], deals)
        assert not complaints
        ceremony.shares[i] = vv.KeyShare(
            ceremony=ctx_k, congress="Đại hội", index=i, threshold=k, trustees=n, public_key=h,
            verification_key=vv.verification_key(commitments, i), share=x_i,
        )  # fmt: skip
    return ceremony


_CEREMONY: list[Ceremony] = []


def ceremony_3_of_5() -> Ceremony:
    """One ceremony for the whole run (it is the slow part and every board may share it)."""
    if not _CEREMONY:
        _CEREMONY.append(run_ceremony())
    return _CEREMONY[0]


def manifest_for(
    ceremony: Ceremony, *, form: str = "surplus", names: list[str] | None = None, limit: int = 3,
    reasons: list[str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    names = names or NAMES
    if reasons is None:
        reasons = {"surplus": ["too_many", "all_struck"], "single": ["single_both_or_neither"]}.get(form, [])
    return vv.build_manifest(
        poll_uuid=str(uuid.uuid4()), congress="Đại hội Đảng bộ xã Hòa Bình", election="Bầu Ban Chấp hành",
        round=1, public_key=vv.public_key(ceremony.commitments), threshold=ceremony.k,
        trustees=[(i, f"Ủy viên {i}", vv.verification_key(ceremony.commitments, i)) for i in
                  range(1, ceremony.n + 1)],
        commitments=[ceremony.commitments[j] for j in range(1, ceremony.n + 1)],
        candidates=names, form=form, limit=limit, reasons=reasons,
    )  # fmt: skip


@dataclass
class Built:
    board: dict[str, Any]
    manifest: dict[str, Any]
    ballots: list[dict[str, Any]]
    secrets: list[vv.Secrets]
    ceremony: Ceremony
    tally: list[tuple[bytes, bytes]]


def build_board(
    contents: list[str],
    *,
    audited: list[str] = (),  # type: ignore[assignment]
    trustees: list[int] = (1, 3, 5),  # type: ignore[assignment]
    ceremony: Ceremony | None = None,
    **manifest_options: Any,
) -> Built:
    """The board of a closed poll whose phones sent `contents` (and challenged `audited`)."""
    ceremony = ceremony or ceremony_3_of_5()
    manifest = manifest_for(ceremony, **manifest_options)
    ballots, secrets = [], []
    for content in contents:
        ballot, secret = vv.encrypt_ballot(manifest, vv.choice_from_content(manifest, content))
        ballots.append(ballot)
        secrets.append(secret)
    opened = []
    for content in audited:
        ballot, secret = vv.encrypt_ballot(manifest, vv.choice_from_content(manifest, content))
        opened.append({"ballot": ballot, "reveal": vv.reveal(secret)})
    tally = vv.tally(manifest, [vv.verify_ballot(manifest, b) for b in ballots])
    shares = [vv.decryption_share(manifest, tally, ceremony.shares[i]) for i in trustees]
    result = vv.combine(manifest, tally, shares, len(ballots))
    board = vv.board(manifest, ballots, opened, tally, shares, result)
    return Built(board, manifest, ballots, secrets, ceremony, tally)


def plain_count(contents: list[str], n_names: int, limit: int) -> tuple[list[int], dict[str, int]]:
    """The paper count of surplus-form contents (struck positions), all_struck invalid."""
    votes, invalid = [0] * n_names, {"too_many": 0, "all_struck": 0}
    for content in contents:
        struck = {int(p) for p in content.split(",") if p}
        kept = [p for p in range(1, n_names + 1) if p not in struck]
        if len(kept) > limit:
            invalid["too_many"] += 1
        elif not kept:
            invalid["all_struck"] += 1
        else:
            for p in kept:
                votes[p - 1] += 1
    return votes, invalid
