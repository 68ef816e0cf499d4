"""The base of daihoi's domain errors (style.md item 3): a machine `code` that kiosks, pages and tests
switch on, and a message translated from the subclass's templates with the error's parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class CodedError(Exception):
    MESSAGES: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        template = self.MESSAGES.get(self.code)
        if template is None:
            return self.code
        return str(template) % {key: str(value) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.message
