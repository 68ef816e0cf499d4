"""Builders for the verifiable-ballot tests: a 3-of-5 key ceremony run in Python, manifests."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from daihoi.core.verifiable import (
    KeyShare,
    build_manifest,
    ceremony_context,
    check_comm_key,
    check_confirm,
    check_deal,
    comm_key,
    confirm,
    deal,
    key_file,
    load_key_file,
    public_key,
    receive,
    verification_key,
)
from daihoi.core.verifiable.group import Point, deterministic_rng

CEREMONY = "0b7f6a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


@dataclass
class Ceremony:
    n: int
    k: int
    ctx: str
    commitments: dict[int, list[Point]]
    shares: dict[int, int]
    comm_secrets: dict[int, int]
    deals: dict[int, dict[str, Any]]

    @property
    def public_key(self) -> Point:
        return public_key(self.commitments)

    def key_share(self, i: int, manifest: dict[str, Any] | None = None) -> KeyShare:
        data = key_file(ceremony=CEREMONY, congress="Đại hội", index=i, threshold=self.k, trustees=self.n,
                        public_key=self.public_key, verification_key=verification_key(self.commitments, i),
                        share=self.shares[i])  # fmt: skip
        return load_key_file(data, manifest)


def run_ceremony(n: int, k: int, seed: str = "ceremony") -> Ceremony:
    rng = deterministic_rng(seed)
    ctx = ceremony_context(CEREMONY)
    comm = {i: comm_key(ctx, i, rng) for i in range(1, n + 1)}
    keys = {i: check_comm_key(ctx, i, msg) for i, (_e, msg) in comm.items()}
    dealt = {j: deal(ctx, j, k, keys, rng) for j in range(1, n + 1)}
    deals = {j: msg for j, (_a, msg) in dealt.items()}
    commitments = {j: check_deal(ctx, j, k, n, msg) for j, msg in deals.items()}
    shares = {}
    for i in range(1, n + 1):
        x, complaints = receive(ctx, i, comm[i][0], deals)
        assert complaints == []
        check_confirm(ctx, i, confirm(ctx, i, x, rng), commitments)
        shares[i] = x
    return Ceremony(n, k, ctx, commitments, shares, {i: e for i, (e, _m) in comm.items()}, deals)


@cache
def ceremony_3_of_5() -> Ceremony:
    return run_ceremony(5, 3)


def manifest(
    form: str, n_names: int, limit: int, reasons: list[str], ceremony: Ceremony | None = None
) -> dict[str, Any]:
    c = ceremony or ceremony_3_of_5()
    return build_manifest(
        poll_uuid="5d1c9a0e-2b3f-4c5d-9e8f-7a6b5c4d3e2f",
        congress="Đại hội Đảng bộ xã",
        election="Bầu Ban Chấp hành",
        round=1,
        public_key=c.public_key,
        threshold=c.k,
        trustees=[(i, f"Uỷ viên {i}", verification_key(c.commitments, i)) for i in range(1, c.n + 1)],
        commitments=[c.commitments[j] for j in range(1, c.n + 1)],
        candidates=[f"Người Thứ {p:02d}" for p in range(1, n_names + 1)],
        form=form,
        limit=limit,
        reasons=reasons,
    )
