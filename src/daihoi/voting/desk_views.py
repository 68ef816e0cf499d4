"""(filled by the voting-on-phones work)."""

from __future__ import annotations

from typing import Any


def urlpatterns(*prefix: str) -> list[Any]:
    return []
