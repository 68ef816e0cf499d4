"""Domain errors of the targets app: a machine `code` for programs and tests, a translated message."""

from __future__ import annotations

from dataclasses import dataclass


class TargetsError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ImportIssue:
    """One reason an import is refused: sheet, row (1-based, as Excel shows it), column and value."""

    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""


class RatingsImportRefused(Exception):
    """The whole import is refused; nothing was written."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__("; ".join(i.message for i in issues[:5]))
        self.issues = issues

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.issues]
