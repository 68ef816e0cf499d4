"""Refusals of the procedure: a machine `code` and `params`; the Django layer translates the code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """Why an action may not happen now: `code` names the rule, `params` the figures in question."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


class ProcedureError(ValueError):
    """A step refused by the congress's procedure (wrong state, wrong decision, impossible figure)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")

    @classmethod
    def of(cls, refusal: Refusal) -> ProcedureError:
        return cls(refusal.code, **refusal.params)
