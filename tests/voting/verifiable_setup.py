"""A complete key ceremony made directly in the database with the core's math (the trustees' devices
simulated in Python), and encrypted ballots made as a phone makes them (core.encrypt_ballot)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from daihoi.core import verifiable as core
from daihoi.core.verifiable.group import point_hex
from daihoi.voting.models import CeremonyStatus, KeyCeremony, Trustee

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]

# The 30 voters of the shared conftest's congress: delegates 1..33 but the probationary 11, 22 and 33.
VOTERS_30 = [n for n in range(1, 34) if n not in (11, 22, 33)]


def make_ceremony(congress: Any, n: int = 5, k: int = 3) -> tuple[KeyCeremony, dict[int, core.KeyShare]]:
    """A complete ceremony of `n` trustees, threshold `k`: (ceremony, the trustees' key shares)."""
    ceremony = KeyCeremony.objects.create(congress=congress, trustees=n, threshold=k)
    ctx = ceremony.context
    comm_secrets, comm_msgs, comm_points = {}, {}, {}
    for i in range(1, n + 1):
        comm_secrets[i], comm_msgs[i] = core.comm_key(ctx, i)
        comm_points[i] = core.check_comm_key(ctx, i, comm_msgs[i])
    deals = {j: core.deal(ctx, j, k, comm_points)[1] for j in range(1, n + 1)}
    commitments = {j: core.check_deal(ctx, j, k, n, deals[j]) for j in deals}
    h = core.public_key(commitments)
    shares = {}
    for i in range(1, n + 1):
        x, complaints = core.receive(ctx, i, comm_secrets[i], deals)
        assert not complaints
        confirmation = core.confirm(ctx, i, x)
        xi = core.check_confirm(ctx, i, confirmation, commitments)
        Trustee.objects.create(
            ceremony=ceremony,
            index=i,
            name=NAMES[(i - 1) % len(NAMES)],
            token_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
            comm_key=comm_msgs[i],
            deal=deals[i],
            confirmation=confirmation,
            verification_key=point_hex(xi),
        )
        shares[i] = core.KeyShare(str(ceremony.uuid), str(congress), i, k, n, h, xi, x)
    ceremony.status, ceremony.public_key = CeremonyStatus.COMPLETE, point_hex(h)
    ceremony.completed_at = timezone.now()
    ceremony.save(update_fields=["status", "public_key", "completed_at"])
    return ceremony, shares


def encrypted(manifest: dict[str, Any], content: str) -> dict[str, Any]:
    """The ballot a phone sends for this canonical content ("9,10" struck; "1202..." marks)."""
    ballot, _secrets = core.encrypt_ballot(manifest, core.choice_from_content(manifest, content))
    return ballot


def challenged(manifest: dict[str, Any], content: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ballot, opened = core.encrypt_ballot(manifest, core.choice_from_content(manifest, content))
    return ballot, core.reveal(opened)
