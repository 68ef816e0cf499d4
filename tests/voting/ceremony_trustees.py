"""Python key holders for the ceremony's tests: each takes its step with daihoi.core.verifiable from
what the server shows its device (`ceremony.device_state`) and posts through the services."""

from __future__ import annotations

from typing import Any

from daihoi.core.verifiable import ceremony as vc
from daihoi.voting.models import KeyCeremony, Trustee
from daihoi.voting.services import ceremony as ceremonies


class PyTrustee:
    def __init__(self, trustee: Trustee) -> None:
        self.trustee = trustee
        self.secret: int | None = None
        self.share: int | None = None

    @property
    def state(self) -> dict[str, Any]:
        return ceremonies.device_state(self.trustee)

    def join(self) -> None:
        s = self.state
        self.secret, message = vc.comm_key(s["context"], s["index"])
        ceremonies.post_comm_key(self.trustee, message)

    def deal_message(self) -> dict[str, Any]:
        s = self.state
        keys = {int(j): bytes.fromhex(e) for j, e in s["comm_keys"].items()}
        _coefficients, message = vc.deal(s["context"], s["index"], s["threshold"], keys)
        return message

    def deal(self) -> None:
        ceremonies.post_deal(self.trustee, self.deal_message())

    def received(self) -> tuple[int, list[int]]:
        s = self.state
        assert self.secret is not None
        return vc.receive(s["context"], s["index"], self.secret, {int(j): d for j, d in s["deals"].items()})

    def confirm(self) -> None:
        share, complaints = self.received()
        assert complaints == []
        self.share = share
        s = self.state
        ceremonies.post_confirmation(self.trustee, vc.confirm(s["context"], s["index"], share))


def trustees(ceremony: KeyCeremony, only: Any = None) -> list[PyTrustee]:
    found = ceremony.trustee_set.order_by("index")
    return [PyTrustee(t) for t in found if only is None or t.index in only]


def run_ceremony(ceremony: KeyCeremony) -> list[PyTrustee]:
    """Every trustee in Python, stage by stage; returns them (with their shares)."""
    people = trustees(ceremony)
    for step in ("join", "deal", "confirm"):
        for p in people:
            getattr(p, step)()
    return people
