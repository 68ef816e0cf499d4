"""The phones' JSON API: /api/voting/... (filled by the voting-on-phones work)."""

from ninja import Router

router = Router(tags=["voting"])
