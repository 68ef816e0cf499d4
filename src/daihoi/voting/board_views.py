"""The public board of a verifiable poll, in HTML (docs/verifiable-voting.md §4.3-§5): no login.

`/board/<uuid>/`: the poll's status, its trackers (mã phiếu) with a search by their first characters
(server-side, works without JavaScript), the audited ballots, the result once decrypted, the board's
fingerprint and how to check the JSON with `daihoi verify`. `/board/<uuid>/check/<tracker>/`: one audited
ballot, checked in the viewer's own browser by protocol.js (board_check.js) against the manifest, so
the check does not rest on this server's word. The JSON itself (`/board/<uuid>.json`) and its fingerprint are
the poll service's (voting.board).

Nothing here names a voter: the board holds ballots and trackers only (who voted is kept apart).
"""

from __future__ import annotations

import hashlib
import uuid as uuid_module
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from daihoi.core.verifiable import tracker_key
from daihoi.voting.models import AuditedBallot, EncryptedBallot, Poll, PollStatus

MAX_QUERY = 64  # a tracker is 52 characters; more is not one
MAX_SHOWN = 5000  # far above a congress's ballots; a longer list would still be one page


def urlpatterns() -> list[Any]:
    return [
        path("<uuid:poll_uuid>/", board, name="page"),
        path("<uuid:poll_uuid>/check/<str:tracker>/", check, name="check"),
        path("<uuid:poll_uuid>/check/<str:tracker>/qr.svg", check_qr, name="check_qr"),
    ]


# ---------------------------------------------------------------- helpers


def _poll(poll_uuid: uuid_module.UUID) -> Poll:
    """The verifiable poll of this uuid with its manifest (a plain poll has no board: 404)."""
    poll = (
        Poll.objects.select_related("round__election__congress")
        .filter(uuid=poll_uuid, ceremony__isnull=False, manifest__isnull=False)
        .first()
    )
    if poll is None:
        raise Http404
    return poll


def grouped(key: str) -> str:
    """A tracker's lookup key shown as on the phone: groups of four."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def status_label(poll: Poll) -> str:
    if poll.status == PollStatus.OPEN:
        return pgettext("board", "Voting in progress")
    if poll.result is None:
        return pgettext("board", "Voting ended, awaiting decryption")
    return pgettext("board", "Decrypted")


def reason_label(reason: str) -> str:
    """An invalidity reason of the manifest in words (the codes are the core's)."""
    labels = {
        "too_many": _("more names kept than places"),
        "all_struck": _("every name struck out"),
        "single_both_or_neither": _("neither or both boxes marked"),
    }
    return labels.get(reason, _("other reason"))


def _fingerprint(poll: Poll) -> str:
    """SHA-256 of the board's JSON file as `/board/<uuid>.json` serves it (the poll service's bytes).

    A closed board is tens of megabytes and changes only as decryption shares arrive: its digest is
    cached under the poll's state (closed at, shares in, decrypted at), so a page view does not hash it
    again."""
    from django.core.cache import cache

    from daihoi.voting.board import board_fingerprint
    from daihoi.voting.models import DecryptionShare

    shares = DecryptionShare.objects.filter(poll=poll).count()
    state = f"{poll.uuid}|{poll.closed_at}|{shares}|{poll.decrypted_at}"
    key = "board-fingerprint:" + hashlib.sha256(state.encode()).hexdigest()
    digest = cache.get(key)
    if digest is None:
        digest = board_fingerprint(poll)
        cache.set(key, digest, 3600)
    return str(digest)


def _result_rows(manifest: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    votes = result.get("votes") or []
    names = [
        {"position": c["position"], "name": c["name"], "votes": votes[i] if i < len(votes) else 0}
        for i, c in enumerate(manifest["candidates"])
    ]
    invalid = [
        {"reason": reason_label(r), "count": int((result.get("invalid") or {}).get(r, 0))}
        for r in manifest.get("reasons", [])
    ]
    by_index = {t["index"]: t["name"] for t in manifest.get("trustees", [])}
    used = [{"index": i, "name": by_index.get(i, "")} for i in result.get("trustees", [])]
    return {
        "names": names,
        "invalid": invalid,
        "invalid_total": sum(row["count"] for row in invalid),
        "valid": result.get("valid", 0),
        "ballots": result.get("ballots", 0),
        "trustees_used": used,
    }


# ---------------------------------------------------------------- pages


@never_cache
@require_http_methods(["GET"])
def board(request: HttpRequest, poll_uuid: uuid_module.UUID) -> HttpResponse:
    poll = _poll(poll_uuid)
    manifest: dict[str, Any] = poll.manifest  # type: ignore[assignment]
    query = tracker_key(request.GET.get("q", ""))[:MAX_QUERY]
    ballots = EncryptedBallot.objects.filter(poll=poll)
    total = ballots.count()
    shown = ballots.filter(tracker__startswith=query) if query else ballots
    trackers = [grouped(t) for t in shown.order_by("tracker").values_list("tracker", flat=True)[:MAX_SHOWN]]
    audited = [
        {"tracker": grouped(t), "url": reverse("board_pages:check", args=[poll.uuid, t])}
        for t in AuditedBallot.objects.filter(poll=poll).order_by("tracker").values_list("tracker", flat=True)
    ]
    closed = poll.status == PollStatus.CLOSED
    context: dict[str, Any] = {
        "poll": poll,
        "round": poll.round,
        "election": poll.round.election,
        "congress": poll.round.election.congress,
        "manifest": manifest,
        "status": status_label(poll),
        "closed": closed,
        "total": total,
        "query": query,
        "trackers": trackers,
        "audited": audited,
        "result": _result_rows(manifest, poll.result) if poll.result else None,
        "json_url": reverse("board:board_json", args=[str(poll.uuid)]),
        "fingerprint": _fingerprint(poll) if closed else "",
    }
    return render(request, "voting/board/board.html", context)


def _audited(poll: Poll, tracker: str) -> AuditedBallot | None:
    key = tracker_key(tracker)[:MAX_QUERY]
    return AuditedBallot.objects.filter(poll=poll, tracker=key).first() if key else None


@never_cache
@require_http_methods(["GET"])
def check(request: HttpRequest, poll_uuid: uuid_module.UUID, tracker: str) -> HttpResponse:
    """One audited ballot, checked by the browser: the page carries the manifest, the ballot and its
    reveal as JSON data; board_check.js recomputes every ciphertext and shows the names it keeps."""
    poll = _poll(poll_uuid)
    found = _audited(poll, tracker)
    context: dict[str, Any] = {
        "poll": poll,
        "election": poll.round.election,
        "round": poll.round,
        "congress": poll.round.election.congress,
        "board_url": reverse("board_pages:page", args=[poll.uuid]),
    }
    if found is None:
        key = tracker_key(tracker)[:MAX_QUERY]
        cast = bool(key) and EncryptedBallot.objects.filter(poll=poll, tracker=key).exists()
        context.update({"tracker": grouped(key), "cast": cast})
        return render(request, "voting/board/check_missing.html", context, status=404)
    context.update(
        {
            "tracker": grouped(found.tracker),
            "data": {
                "manifest": poll.manifest,
                "ballot": _json_loads(found.body),
                "reveal": found.reveal,
                "tracker": found.tracker,
            },
            "form": poll.manifest["form"] if poll.manifest else "",
        }
    )
    return render(request, "voting/board/check.html", context)


@never_cache
@require_http_methods(["GET"])
def check_qr(request: HttpRequest, poll_uuid: uuid_module.UUID, tracker: str) -> HttpResponse:
    """The check page's address as a QR code (SVG), for the phone to show after a challenge: another
    device scans it and checks the ballot itself."""
    import io

    import segno

    poll = _poll(poll_uuid)
    found = _audited(poll, tracker)
    if found is None:
        raise Http404
    url = request.build_absolute_uri(reverse("board_pages:check", args=[poll.uuid, found.tracker]))
    image = io.BytesIO()  # a standalone SVG file (with its namespace), not the inline kind
    segno.make(url, micro=False, error="m").save(image, kind="svg", scale=10, border=2, xmldecl=False)
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")


def _json_loads(text: str) -> Any:
    import json

    return json.loads(text)
