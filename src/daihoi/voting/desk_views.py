"""The staff's desks of voting on phones, under the congress (/c/<org>/<congress>/...).

- Phones (`congress.checkin`): the delegates and their phones; a one-time binding code for a delegate
  checked in (a large QR code of the phone's bind link, and the code as text), shown once as the answer
  of the POST and never cached (only its hash is stored); revoking a lost phone (with a confirmation).
- The paper-ballot desk of a hybrid poll (`election.count`): the counting committee scans the card (or
  types the number) and hands out a paper ballot, refused to who voted on a phone or took one already.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from daihoi.accounts.permissions import require_permission
from daihoi.congresses.models import Congress, Delegate
from daihoi.congresses.views import get_congress
from daihoi.voting.errors import VotingError
from daihoi.voting.models import Channel, Device, Participation, Poll, PollStatus
from daihoi.voting.services import devices, polls


def staff_url(congress: Congress, name: str, **kwargs: Any) -> str:
    return reverse(
        f"voting_staff:{name}", kwargs={"org_code": congress.organization.code, "pk": congress.pk, **kwargs}
    )


# ------------------------------------------------------------------------------------ phones


def phone_states(congress: Congress) -> dict[int, Device]:
    """Each delegate's latest device (active, or else the last revoked)."""
    latest: dict[int, Device] = {}
    for device in Device.objects.filter(delegate__congress=congress).order_by("bound_at", "pk"):
        current = latest.get(device.delegate_id)
        if current is None or current.revoked_at is not None or device.revoked_at is None:
            latest[device.delegate_id] = device
    return latest


@require_permission("congress.checkin")
@require_http_methods(["GET", "HEAD"])
def phones(request: HttpRequest, org_code: str, pk: int) -> HttpResponse:
    congress = get_congress(request, pk)
    delegates = list(congress.delegates.filter(convened=True).select_related("branch").order_by("number"))
    states = phone_states(congress)
    for d in delegates:
        d.phone = states.get(d.pk)  # type: ignore[attr-defined]
    bound = sum(1 for dev in states.values() if dev.revoked_at is None)
    return render(
        request,
        "voting/desk/phones.html",
        {
            "congress": congress,
            "delegates": delegates,
            "bound": bound,
            "present_voters": sum(1 for d in delegates if d.present and d.has_vote),
        },
    )


def qr_svg(data: str) -> str:
    """A QR code as inline SVG (segno, as the cards and ballot papers use): no image request, no CDN."""
    qr = segno.make(data, micro=False, error="m")
    return str(qr.svg_inline(scale=10, border=2, dark="#000", light="#fff", omitsize=True))


def group_code(code: str) -> str:
    return " ".join(code[i : i + 5] for i in range(0, len(code), 5))


@never_cache
@require_POST
@require_permission("congress.checkin")
def phone_code(request: HttpRequest, org_code: str, pk: int, delegate_id: int) -> HttpResponse:
    """Issue a binding code; the answer shows it once (no-store) — there is no GET URL of a code."""
    congress = get_congress(request, pk)
    delegate = get_object_or_404(Delegate, pk=delegate_id, congress=congress)
    try:
        issued = devices.issue_binding_code(delegate, actor=request.user)
    except VotingError as exc:
        messages.error(request, f"{delegate.number} – {delegate.full_name}: {exc.message}")
        back = _desk_url(congress) if request.POST.get("back") == "desk" else staff_url(congress, "phones")
        return redirect(back)
    # The phone's bind page (/v/b/<code>/): the link the phone's own camera app opens.
    link = request.build_absolute_uri(reverse("voting:phone_bind", kwargs={"code": issued.code}))
    response = render(
        request,
        "voting/desk/code.html",
        {
            "congress": congress,
            "delegate": delegate,
            "code": group_code(issued.code),
            "link": link,
            "qr": qr_svg(link),
            "expires_at": timezone.localtime(issued.expires_at),
            "minutes": devices.binding_minutes(),
        },
    )
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0, private"
    response["Pragma"] = "no-cache"
    return response


def _desk_url(congress: Congress) -> str:
    return reverse("congresses:desk", kwargs={"org_code": congress.organization.code, "pk": congress.pk})


@require_permission("congress.checkin")
@require_http_methods(["GET", "HEAD", "POST"])
def phone_revoke(request: HttpRequest, org_code: str, pk: int, delegate_id: int) -> HttpResponse:
    """GET: the confirmation; POST (confirmed): the delegate's phone no longer votes."""
    congress = get_congress(request, pk)
    delegate = get_object_or_404(Delegate, pk=delegate_id, congress=congress)
    device = devices.active_device(delegate)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        if device is None:
            messages.error(request, _("%(name)s has no phone bound.") % {"name": delegate.full_name})
        else:
            devices.revoke_device(device, actor=request.user)
            messages.success(
                request,
                _(
                    "The phone of %(name)s is revoked: it can no longer vote. "
                    "Issue a new code to bind another."
                )
                % {"name": delegate.full_name},
            )
        return redirect(staff_url(congress, "phones") + f"#d{delegate.number}")
    return render(
        request,
        "voting/desk/revoke.html",
        {"congress": congress, "delegate": delegate, "device": device},
    )


# ------------------------------------------------------------------------------------ paper ballots


def _poll(request: HttpRequest, congress: Congress, poll_id: int) -> Poll:
    return get_object_or_404(
        Poll.objects.select_related("round__election__congress__organization"),
        pk=poll_id,
        round__election__congress=congress,
    )


@require_permission("election.count")
@require_http_methods(["GET", "HEAD", "POST"])
def paper_desk(request: HttpRequest, org_code: str, pk: int, poll_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    poll = _poll(request, congress, poll_id)
    answer: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        value = request.POST.get("code", "").strip()
        try:
            delegate = polls.issue_paper_ballot(poll, value, actor=request.user)
            answer = {"ok": True, "delegate": delegate}
        except VotingError as exc:
            answer = {"ok": False, "message": exc.message, "value": value[:64]}
            status = 409
        if request.htmx:  # type: ignore[attr-defined]
            response = render(request, "voting/desk/_paper_answer.html", {"answer": answer}, status=200)
            response["HX-Trigger"] = "paper-issued"
            return response
    return render(request, "voting/desk/paper.html", _paper_context(poll, answer), status=status)


def _paper_context(poll: Poll, answer: dict[str, Any] | None) -> dict[str, Any]:
    rnd = poll.round
    return {
        "congress": rnd.election.congress,
        "poll": poll,
        "round": rnd,
        "election": rnd.election,
        "answer": answer,
        "is_open": poll.status == PollStatus.OPEN,
        "progress": polls.progress(poll),
        "paper": paper_list(poll),
    }


def paper_list(poll: Poll) -> list[Delegate]:
    """Who took a paper ballot (by number): who, never what."""
    ids = Participation.objects.filter(poll=poll, channel=Channel.PAPER).values("delegate")
    return list(Delegate.objects.filter(pk__in=ids).select_related("branch").order_by("number"))


@never_cache
@require_permission("election.count")
@require_http_methods(["GET", "HEAD"])
def paper_list_fragment(request: HttpRequest, org_code: str, pk: int, poll_id: int) -> HttpResponse:
    congress = get_congress(request, pk)
    poll = _poll(request, congress, poll_id)
    return render(request, "voting/desk/_paper_list.html", _paper_context(poll, None))


def urlpatterns(*prefix: str) -> list[Any]:
    c = prefix[0] if prefix else ""
    return [
        path(c + "phones/", phones, name="phones"),
        path(c + "phones/<id:delegate_id>/code/", phone_code, name="phone_code"),
        path(c + "phones/<id:delegate_id>/revoke/", phone_revoke, name="phone_revoke"),
        path(c + "polls/<id:poll_id>/paper/", paper_desk, name="paper_desk"),
        path(c + "polls/<id:poll_id>/paper/list/", paper_list_fragment, name="paper_list"),
    ]
