from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    """What demo loaders hand on to each other (the organization, members, users...)."""

    objects: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)  # strings, or objects written when the log is printed
    start: list[str] = field(default_factory=list)  # where a newcomer starts: pages, logins, steps

    def summary(self) -> str:
        return "; ".join(str(note) for note in self.notes)
