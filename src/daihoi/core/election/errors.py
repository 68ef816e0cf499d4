"""Errors of the election engine: a machine `code` and `params`; the Django layer translates the code."""

from __future__ import annotations

from typing import Any


class ElectionInputError(ValueError):
    """Bad input: `params["field"]` names the field (e.g. ``ballots[12].kept[3]``), `params` the value."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")

    @property
    def field(self) -> str:
        return str(self.params.get("field", ""))
