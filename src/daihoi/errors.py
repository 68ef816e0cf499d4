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

    @classmethod
    def refused(cls, refusal: Any) -> CodedError:
        """The error for a refusal of daihoi.core.procedure (a `Refusal` or a `ProcedureError`), its
        codes put into words."""
        from daihoi.congresses.procedure import words

        return cls(refusal.code, **words(refusal.code, dict(refusal.params)))

    @property
    def message(self) -> str:
        template = self.MESSAGES.get(self.code)
        if template is None:
            return self.code
        return str(template) % {key: str(value) for key, value in self.params.items()}

    def __str__(self) -> str:
        return self.message
