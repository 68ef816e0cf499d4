"""A package refused: a code (for tests and the command's output) and a Vietnamese message naming the
file or field at fault."""

from __future__ import annotations


class PackageError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
