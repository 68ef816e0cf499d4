"""The key ceremony's pages (docs/verifiable-voting.md §2).

Staff, under the congress (/c/<org>/<congress>/keys/...): the organizer starts the ceremony with the
names of the counting committee's members who hold a key share and the threshold (`election.manage`),
then shows each one their one-time link as a QR code (once: only its hash is stored); everybody with
`election.view` follows each key holder's steps live and sees the election key's fingerprint.

Trustee device (/k/...): the one-time link asks on GET (a link previewer must not bind) and on POST keeps
the token in an HttpOnly cookie, then /k/ runs voting/trustee.js, which does the ceremony's steps in the
browser (secrets never leave the device) and later the decryption shares.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.permissions import has_permission, require_permission
from daihoi.congresses.models import Congress
from daihoi.congresses.views import get_congress
from daihoi.core.procedure.ceremony import MAX_TRUSTEES, MIN_THRESHOLD
from daihoi.voting.desk_views import qr_svg
from daihoi.voting.errors import VotingError
from daihoi.voting.models import CeremonyStatus, KeyCeremony, Trustee
from daihoi.voting.services import ceremony as ceremonies
from daihoi.voting.trustee_auth import COOKIE_MAX_AGE, COOKIE_NAME, trustee_from_request

NO_STORE = "no-store, no-cache, must-revalidate, max-age=0, private"


def keys_url(congress: Congress) -> str:
    return reverse(
        "voting_staff:ceremony", kwargs={"org_code": congress.organization.code, "pk": congress.pk}
    )


def default_threshold(n: int) -> int:
    """A majority of the key holders (3 of 5), never fewer than the minimum."""
    return max(MIN_THRESHOLD, n // 2 + 1) if n else 3


def committee_names(congress: Congress) -> list[str]:
    """The counting committee as the latest round recorded it, else as the congress approved it."""
    from daihoi.elections.models import Round
    from daihoi.elections.services.entry import committee_names as approved

    rnd = (
        Round.objects.filter(election__congress=congress)
        .exclude(counting_committee=[])
        .order_by("-pk")
        .values_list("counting_committee", flat=True)
        .first()
    )
    return [str(n) for n in rnd] if rnd else approved(congress)


def _page_context(request: HttpRequest, congress: Congress) -> dict[str, Any]:
    ceremony = ceremonies.latest_ceremony(congress)
    live = ceremony is not None and ceremony.status != CeremonyStatus.CANCELLED
    can_manage = congress.archived_at is None and has_permission(
        request.user, congress.organization, "election.manage"
    )
    refusal = ceremonies.start_refusal(congress) if not live else None
    names = committee_names(congress)
    return {
        "congress": congress,
        "ceremony": ceremony,
        "live": live,
        "can_manage": can_manage,
        "refusal": refusal.message if refusal is not None else "",
        "names_text": "\n".join(names),
        "threshold": default_threshold(len(names)),
        "max_trustees": MAX_TRUSTEES,
        "min_threshold": MIN_THRESHOLD,
        "key_used": live and ceremony is not None and ceremonies.key_used(ceremony),
        **(_progress_context(ceremony) if ceremony is not None else {}),
    }


def _progress_context(ceremony: KeyCeremony) -> dict[str, Any]:
    return {
        "ceremony": ceremony,
        "rows": ceremonies.progress(ceremony),
        "fingerprint": ceremonies.fingerprint(ceremony.public_key),
        "complete": ceremony.status == CeremonyStatus.COMPLETE,
        "cancelled": ceremony.status == CeremonyStatus.CANCELLED,
    }


@require_permission("election.view")
@require_http_methods(["GET", "HEAD"])
def ceremony_page(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    response = render(request, "voting/ceremony.html", _page_context(request, congress))
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_permission("election.view")
@require_http_methods(["GET", "HEAD"])
def ceremony_progress(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    ceremony = ceremonies.latest_ceremony(congress)
    if ceremony is None:
        return HttpResponse("")
    response = render(
        request, "voting/ceremony_progress.html", {"congress": congress, **_progress_context(ceremony)}
    )
    if request.headers.get("HX-Request") and ceremony.status in (
        CeremonyStatus.COMPLETE,
        CeremonyStatus.CANCELLED,
    ):
        # Complete or cancelled: nothing changes any more. htmx swaps this last answer and stops
        # polling on 286 (the page left open on the organizer's screen polled every 2 s for ever).
        response.status_code = 286
    return response


def _links(
    request: HttpRequest, congress: Congress, ceremony: KeyCeremony, tokens: dict[int, str]
) -> HttpResponse:
    """The one-time links, shown once (no-store): each key holder scans their own QR code."""
    names = dict(ceremony.trustee_set.values_list("index", "name"))
    links = []
    for index, token in sorted(tokens.items()):
        url = request.build_absolute_uri(reverse("trustee:join", kwargs={"token": token}))
        links.append({"index": index, "name": names[index], "url": url, "qr": qr_svg(url)})
    response = render(
        request,
        "voting/ceremony_links.html",
        {"congress": congress, "ceremony": ceremony, "links": links},
    )
    response["Cache-Control"] = NO_STORE
    response["Pragma"] = "no-cache"
    return response


def _threshold(request: HttpRequest) -> int:
    raw = request.POST.get("threshold", "").strip()
    if not raw.isdigit() or len(raw) > 3:
        raise ceremonies.CeremonyError("ceremony_threshold_bad", value=raw[:8])
    return int(raw)


@never_cache
@require_POST
@require_permission("election.manage")
def ceremony_start(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    names = request.POST.get("names", "")[:20000].splitlines()
    try:
        ceremony, tokens = ceremonies.start_ceremony(
            congress, names=names, threshold=_threshold(request), actor=request.user
        )
    except VotingError as exc:
        messages.error(request, exc.message)
        return redirect(keys_url(congress))
    return _links(request, congress, ceremony, tokens)


@never_cache
@require_POST
@require_permission("election.manage")
def ceremony_reissue(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    ceremony = ceremonies.live_ceremony(congress)
    index = request.POST.get("index", "")
    trustee = (
        Trustee.objects.filter(ceremony=ceremony, index=int(index)).first()
        if ceremony is not None and index.isdigit() and len(index) < 4
        else None
    )
    if ceremony is None or trustee is None:
        messages.error(request, ceremonies.CeremonyError("ceremony_trustee_unknown", value=index[:8]).message)
        return redirect(keys_url(congress))
    try:
        token = ceremonies.reissue_link(trustee, actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
        return redirect(keys_url(congress))
    return _links(request, congress, ceremony, {trustee.index: token})


@require_POST
@require_permission("election.manage")
def ceremony_cancel(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    ceremony = ceremonies.live_ceremony(congress)
    try:
        if ceremony is None:
            raise VotingError("ceremony_none")
        ceremonies.cancel_ceremony(ceremony, request.POST.get("reason", ""), actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The key ceremony is cancelled. Start it again when the key holders are ready.")
        )
    return redirect(keys_url(congress))


def urlpatterns(*prefix: str) -> list[Any]:
    c = (prefix[0] if prefix else "") + "keys/"
    return [
        path(c, ceremony_page, name="ceremony"),
        path(c + "progress/", ceremony_progress, name="ceremony_progress"),
        path(c + "start/", ceremony_start, name="ceremony_start"),
        path(c + "reissue/", ceremony_reissue, name="ceremony_reissue"),
        path(c + "cancel/", ceremony_cancel, name="ceremony_cancel"),
    ]


# ------------------------------------------------------------------------------------ the trustee's device


def _problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "voting/trustee_problem.html", {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def trustee_join(request: HttpRequest, token: str) -> HttpResponse:
    """GET: whose link this is, and a button; POST: this browser becomes that key holder's device."""
    trustee = ceremonies.trustee_for_token(token)
    if trustee is None:
        return _problem(
            request,
            _(
                "This key holder's link is not valid (wrong, or replaced by a new one). "
                "Ask the organizer for the link."
            ),
            404,
        )
    if request.method == "POST":
        response = HttpResponseRedirect(reverse("trustee:home"))
        response.set_cookie(
            COOKIE_NAME,
            token,
            max_age=COOKIE_MAX_AGE,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    return render(
        request,
        "voting/trustee_join.html",
        {"trustee": trustee, "ceremony": trustee.ceremony, "congress": trustee.ceremony.congress},
    )


def _device_texts() -> dict[str, str]:
    """Everything trustee.js says, in the page's language (no English in the script)."""
    return {
        "working": _("Working on this device…"),
        "waiting_keys": _("Waiting for the other key holders to join (%(done)s of %(n)s)."),
        "waiting_deals": _("Waiting for the other key holders' shares (%(done)s of %(n)s)."),
        "waiting_confirm": _("Waiting for the other key holders to check their shares (%(done)s of %(n)s)."),
        "joined": _("This device has joined the ceremony."),
        "dealt": _("This device has dealt its shares."),
        "confirmed": _("This device has checked its shares and holds its key share."),
        "complete": _(
            "The election key is created. Its fingerprint, to compare with the organizer's screen:"
        ),
        "mismatch": _(
            "The election key this device computed is not the server's: tell the organizer at once."
        ),
        "cancelled": _("The key ceremony was cancelled:"),
        "lost": _(
            "This device does not hold the secret of this key holder's earlier step (another browser, or "
            "its data was erased). Tell the organizer: the ceremony must be cancelled and run again."
        ),
        "complaint": _(
            "A share dealt by key holder no. %(j)s does not check out: the ceremony is cancelled."
        ),
        "error": _("The server refused: %(message)s"),
        "offline": _("No connection to the server; trying again…"),
        "key_file": _("Download the key file"),
        "key_kept": _("This browser also keeps the key file."),
        "no_key": _("This browser does not hold the key file: choose it."),
        "polls_none": _("No poll is awaiting your decryption share."),
        "decrypt": _("Decrypt my share of the count"),
        "decrypted": _("Your decryption share is sent and checked."),
        "bad_key": _("This key file is not the key of this congress's key holder."),
        "round": pgettext("trustee page", "round %(n)s"),
    }


@never_cache
@require_http_methods(["GET", "HEAD"])
def trustee_home(request: HttpRequest) -> HttpResponse:
    trustee = trustee_from_request(request)
    if trustee is None:
        return _problem(
            request, _("Open this page with the link the organizer gave you (scan its QR code)."), 403
        )
    get_token(request)  # the CSRF cookie for the script's POSTs
    return render(
        request,
        "voting/trustee.html",
        {
            "trustee": trustee,
            "ceremony": trustee.ceremony,
            "congress": trustee.ceremony.congress,
            "texts": _device_texts(),
            "api": reverse("api:trustee_state").rsplit("/state", 1)[0],
        },
    )


def device_urlpatterns() -> list[Any]:
    return [
        path("", trustee_home, name="home"),
        path("<str:token>/", trustee_join, name="join"),
    ]
