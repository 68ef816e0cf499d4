"""The public board of a verifiable poll (docs/verifiable-voting.md §5) and its JSON download.

While the poll is open the board shows the manifest, the trackers of the ballots cast (`trackers`, an
addition to §5 for the open poll only) and the audited ballots; once closed, every ballot, the tally,
the decryption shares and the result. The closed board's bytes are its canonical JSON, so its SHA-256
(the fingerprint the minutes print) is what `sha256sum` gives on the downloaded file.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from daihoi.core import verifiable as core
from daihoi.core.verifiable.tally import BOARD_FORMAT, Result
from daihoi.voting.models import AuditedBallot, DecryptionShare, EncryptedBallot, Poll, PollStatus
from daihoi.voting.services.verifiable import manifest_of, poll_by_uuid


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _audited(poll: Poll) -> list[dict[str, Any]]:
    return [
        {"ballot": json.loads(body), "reveal": reveal}
        for body, reveal in AuditedBallot.objects.filter(poll=poll)
        .order_by("tracker")
        .values_list("body", "reveal")
    ]


def _shares(poll: Poll) -> list[dict[str, Any]]:
    return list(
        DecryptionShare.objects.filter(poll=poll).order_by("trustee__index").values_list("body", flat=True)
    )


def _result(poll: Poll) -> Result | None:
    return Result(**poll.result) if poll.result is not None else None


def _open_board(poll: Poll) -> dict[str, Any]:
    data = core.board(manifest_of(poll), [], _audited(poll), None, [], None)
    keys = EncryptedBallot.objects.filter(poll=poll).order_by("tracker").values_list("tracker", flat=True)
    data["trackers"] = [_grouped(k) for k in keys]
    return data


def board_json(poll: Poll) -> dict[str, Any]:
    """The board as a dict (§5; `trackers` instead of ballots while the poll is open)."""
    if poll.status == PollStatus.OPEN:
        return _open_board(poll)
    ballots = [
        json.loads(b) for b in EncryptedBallot.objects.filter(poll=poll).values_list("body", flat=True)
    ]
    tally = [(bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in poll.tally or []]
    return core.board(manifest_of(poll), ballots, _audited(poll), tally, _shares(poll), _result(poll))


def board_bytes(poll: Poll) -> bytes:
    """The board's canonical JSON (= canonical_json(board_json(poll))), assembled from the stored
    ballots' canonical texts without parsing them: a board of 2,000 ballots of 30 names is ~30 MB."""
    if poll.status == PollStatus.OPEN:
        return core.canonical_json(_open_board(poll))

    def cj(value: Any) -> str:
        return core.canonical_json(value).decode("utf-8")

    bodies = EncryptedBallot.objects.filter(poll=poll).order_by("tracker").values_list("body", flat=True)
    result = _result(poll)
    text = "".join(
        [
            '{"audited":', cj(_audited(poll)),
            ',"ballots":[', ",".join(bodies), "]",
            ',"format":', cj(BOARD_FORMAT),
            ',"manifest":', cj(manifest_of(poll)),
            ',"result":', cj(result.to_dict() if result is not None else None),
            ',"shares":', cj(_shares(poll)),
            ',"tally":', cj(list(poll.tally or [])),
            "}",
        ]
    )  # fmt: skip
    return text.encode("utf-8")


def board_fingerprint(poll: Poll) -> str:
    """SHA-256 (lowercase hex) of the board's bytes, as `sha256sum bang-phieu-<uuid>.json` prints it."""
    return hashlib.sha256(board_bytes(poll)).hexdigest()


def fingerprint_shown(digest: str) -> str:
    """A 64-digit fingerprint in four groups of 16, for a printed page."""
    return " ".join(digest[i : i + 16] for i in range(0, len(digest), 16))


@require_GET
def board_download(request: HttpRequest, uuid: str) -> HttpResponse:
    """GET /board/<uuid>.json: public, no login (anyone may verify)."""
    poll = poll_by_uuid(uuid)
    response = HttpResponse(board_bytes(poll), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bang-phieu-{poll.uuid}.json"'
    response["Cache-Control"] = "no-cache"
    return response


__all__ = ["board_bytes", "board_download", "board_fingerprint", "board_json", "fingerprint_shown"]
