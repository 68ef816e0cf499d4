"""Domain errors and warnings of the roll: a machine `code` for programs and tests, a translated message."""

from __future__ import annotations

from dataclasses import dataclass


class RollError(Exception):
    """A refused roll operation. `field` names the form field the message belongs to, if any."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class RollWarning:
    """Something the rules say is irregular but the superior committee may approve (warn, never block)."""

    code: str
    message: str


@dataclass(frozen=True)
class ImportIssue:
    """One reason an import is refused: the file row (1-based, as Excel shows it), column and value."""

    code: str
    message: str
    row: int | None = None
    column: str = ""
    value: str = ""
    detail: str = ""  # the message without its "Row n, column «c»:" prefix, for tables that show both


class RollImportRefused(Exception):
    """The whole import is refused; nothing was written."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues[:5]))
        self.issues = issues

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.issues]
