"""The counting committee's key ceremony (docs/verifiable-voting.md §2): start, the trustees' three steps,
complaint, cancel, and the one-time links of the trustees' devices.

Every step asks `daihoi.core.procedure.ceremony` under the ceremony row's lock (so two trustees posting
the last message of a stage at the same time cannot both miss the stage's advance) and checks the posted
message with `daihoi.core.verifiable.ceremony`. The server stores public messages only: it never sees a
trustee's communication secret, coefficients or key share. Every change is audited.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from daihoi.audit.services import log_action
from daihoi.congresses.models import Congress
from daihoi.core.procedure import CongressStage
from daihoi.core.procedure.ceremony import (
    CeremonyAction,
    CeremonyFacts,
    CeremonyStage,
    TrusteeFacts,
    ceremony_refusal,
    size_refusal,
    stage_after,
    trustee_refusal,
)
from daihoi.core.procedure.poll import BallotForm
from daihoi.core.verifiable import ceremony as vc
from daihoi.core.verifiable.errors import VerifiableError
from daihoi.core.verifiable.group import Point, point_hex
from daihoi.voting.errors import VotingError
from daihoi.voting.models import CeremonyStatus, KeyCeremony, Poll, Trustee
from daihoi.voting.services.devices import digest

MAX_NAME = 255
MAX_TOKEN = 128  # a longer "token" is not one of ours

# What a refused ceremony message got wrong, in words (never a field's code name alone).
CEREMONY_MESSAGES = {
    "ceremony_names_empty": _("Write the name of each key holder, one per line."),
    "ceremony_name_too_long": _("A key holder's name is too long (at most %(max)s characters)."),
    "ceremony_names_repeated": _("“%(value)s” is written twice: each key holder once."),
    "ceremony_threshold_bad": _(
        "The number of key holders needed to decrypt must be a whole number (got “%(value)s”)."
    ),
    "ceremony_reason_missing": _("Say why the key ceremony is cancelled."),
    "ceremony_trustee_unknown": _("There is no key holder number %(value)s in this ceremony."),
    "ceremony_bad_message": _("The key holder's device sent a message the server refuses: %(detail)s"),
    "ceremony_ballot_form_in_use": _(
        "A poll has already been opened with this congress's election key: the ballot form can no "
        "longer change."
    ),
}

# VerifiableError codes in words (the device sent something that does not check out).
PROBLEMS = {
    "bad_point": _("%(field)s is not a valid point of the group"),
    "bad_scalar": _("%(field)s is not a valid number of the group"),
    "wrong_shape": _("the message has the wrong form (%(field)s)"),
    "bad_proof": _("the proof %(field)s does not verify"),
    "bad_deal": _("the deal has the wrong form (%(field)s)"),
    "bad_commitment": _("%(field)s does not match the dealers' commitments"),
}
PROBLEM_FALLBACK = _("the message does not check out (%(field)s)")


class CeremonyError(VotingError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {**VotingError.MESSAGES, **CEREMONY_MESSAGES}


def describe(exc: VerifiableError) -> str:
    """A VerifiableError in words for the person at the device."""
    template = PROBLEMS.get(exc.code, PROBLEM_FALLBACK)
    return str(template) % {"field": exc.field or pgettext("ceremony field", "message")}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def fingerprint(public_key_hex: str) -> str:
    """The election key as people compare it by eye (the poll page's and the minutes' format)."""
    from daihoi.voting.services.verifiable import key_fingerprint

    return key_fingerprint(public_key_hex) if public_key_hex else ""


# ------------------------------------------------------------------------------------ reading


def live_ceremony(congress: Congress) -> KeyCeremony | None:
    """The congress's ceremony in progress or complete (at most one), else None."""
    return KeyCeremony.objects.filter(congress=congress).exclude(status=CeremonyStatus.CANCELLED).first()


def latest_ceremony(congress: Congress) -> KeyCeremony | None:
    return live_ceremony(congress) or KeyCeremony.objects.filter(congress=congress).order_by("-pk").first()


def trustee_for_token(token: str | None) -> Trustee | None:
    """The trustee whose one-time link (or device cookie) holds `token`; None for anything else."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return (
        Trustee.objects.select_related("ceremony__congress__organization")
        .filter(token_hash=digest(token))
        .first()
    )


def trustee_facts(trustee: Trustee) -> TrusteeFacts:
    return TrusteeFacts(
        joined=trustee.comm_key is not None,
        dealt=trustee.deal is not None,
        confirmed=trustee.confirmation is not None,
    )


def key_used(ceremony: KeyCeremony) -> bool:
    return Poll.objects.filter(ceremony=ceremony).exists()


def facts(congress: Congress, ceremony: KeyCeremony | None) -> CeremonyFacts:
    archived = congress.archived_at is not None
    return CeremonyFacts(
        stage=CeremonyStage(ceremony.status) if ceremony is not None else None,
        congress=CongressStage.CLOSED if archived else CongressStage(congress.status),
        form=BallotForm(congress.ballot_form),
        key_used=ceremony is not None and key_used(ceremony),
        archived=archived,
    )


def start_refusal(congress: Congress) -> VotingError | None:
    """Why a ceremony cannot start now (None when it can): for the page to show or hide the form."""
    found = ceremony_refusal(CeremonyAction.START, facts(congress, live_ceremony(congress)))
    return VotingError.refused(found) if found is not None else None  # type: ignore[return-value]


def _refuse(refusal: Any) -> None:
    if refusal is not None:
        raise VotingError.refused(refusal)


def _locked(ceremony_id: int) -> KeyCeremony:
    return (
        KeyCeremony.objects.select_for_update().select_related("congress__organization").get(pk=ceremony_id)
    )


def _about(ceremony: KeyCeremony, actor: Any = None) -> dict[str, Any]:
    """log_action's who and where for a ceremony (a key holder's device acts without a login)."""
    return {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "obj": ceremony,
        "organization": ceremony.congress.organization,
    }


# ------------------------------------------------------------------------------------ the organizer


def clean_names(names: Sequence[str]) -> list[str]:
    cleaned = [" ".join(str(n).split()) for n in names]
    cleaned = [n for n in cleaned if n]
    if not cleaned:
        raise CeremonyError("ceremony_names_empty")
    seen: set[str] = set()
    for name in cleaned:
        if len(name) > MAX_NAME:
            raise CeremonyError("ceremony_name_too_long", max=MAX_NAME)
        if name.casefold() in seen:
            raise CeremonyError("ceremony_names_repeated", value=name)
        seen.add(name.casefold())
    return cleaned


def start_ceremony(
    congress: Congress, *, names: list[str], threshold: int, actor: Any = None
) -> tuple[KeyCeremony, dict[int, str]]:
    """Start the ceremony with one trustee per name (numbered in order) and threshold k.

    Returns the ceremony and each trustee's one-time link token (by index): shown once, only their
    SHA-256 is stored."""
    cleaned = clean_names(names)
    _refuse(size_refusal(len(cleaned), threshold))
    tokens: dict[int, str] = {}
    with transaction.atomic():
        # The congress row serializes starts (and the ballot form's change, which locks it too).
        congress = Congress.objects.select_for_update().select_related("organization").get(pk=congress.pk)
        _refuse(ceremony_refusal(CeremonyAction.START, facts(congress, live_ceremony(congress))))
        ceremony = KeyCeremony.objects.create(
            congress=congress,
            trustees=len(cleaned),
            threshold=threshold,
            status=CeremonyStatus.KEYS,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for index, name in enumerate(cleaned, start=1):
            tokens[index] = new_token()
            Trustee.objects.create(
                ceremony=ceremony, index=index, name=name, token_hash=digest(tokens[index])
            )
        ceremony.congress = congress
        log_action(
            "voting.ceremony.started",
            **_about(ceremony, actor),
            data={"trustees": len(cleaned), "threshold": threshold, "holder_names": cleaned},
        )
    return ceremony, tokens


def reissue_link(trustee: Trustee, actor: Any = None) -> str:
    """A new one-time link for a trustee who lost theirs; the old link (and its device cookie) stop
    working. Refused once the ceremony is cancelled."""
    with transaction.atomic():
        ceremony = _locked(trustee.ceremony_id)
        if ceremony.status == CeremonyStatus.CANCELLED:
            raise VotingError("ceremony_none")
        token = new_token()
        Trustee.objects.filter(pk=trustee.pk).update(token_hash=digest(token))
        log_action(
            "voting.ceremony.link_reissued", **_about(ceremony, actor), data={"key_holder": trustee.index}
        )
    return token


def _cancel(ceremony: KeyCeremony, reason: str) -> None:
    ceremony.status = CeremonyStatus.CANCELLED
    ceremony.cancelled_at = timezone.now()
    ceremony.cancel_reason = reason
    ceremony.save(update_fields=["status", "cancelled_at", "cancel_reason"])


def cancel_ceremony(ceremony: KeyCeremony, reason: str, actor: Any = None) -> KeyCeremony:
    """Cancel the ceremony (refused once a poll was opened with its key); another may then start."""
    reason = " ".join(str(reason or "").split())[:1000]
    if not reason:
        raise CeremonyError("ceremony_reason_missing")
    with transaction.atomic():
        ceremony = _locked(ceremony.pk)
        _refuse(ceremony_refusal(CeremonyAction.CANCEL, facts(ceremony.congress, ceremony)))
        _cancel(ceremony, reason)
        log_action("voting.ceremony.cancelled", **_about(ceremony, actor), data={"reason": reason})
    return ceremony


def cancel_for_ballot_form(congress: Congress, value: str, *, actor: Any = None) -> None:
    """The congress's ballot form changes away from "verifiable" (inside set_ballot_form's transaction,
    the congress row locked): its live ceremony is cancelled — refused if a poll used the key (the
    ballot form's own lock refuses that case first)."""
    ceremony = live_ceremony(congress)
    if ceremony is None or value == BallotForm.VERIFIABLE:
        return
    ceremony = _locked(ceremony.pk)
    if key_used(ceremony):
        raise CeremonyError("ceremony_ballot_form_in_use")
    reason = str(_("The congress's ballots are no longer encrypted and verifiable."))
    _cancel(ceremony, reason)
    log_action("voting.ceremony.cancelled", **_about(ceremony, actor), data={"reason": reason})


# ------------------------------------------------------------------------------------ the trustees


def _step(trustee: Trustee, action: CeremonyAction) -> tuple[KeyCeremony, Trustee, list[Trustee]]:
    """Lock the ceremony, read its trustees, refuse the step if the state machine says so."""
    ceremony = _locked(trustee.ceremony_id)
    everyone = list(ceremony.trustee_set.order_by("index"))
    me = next(t for t in everyone if t.pk == trustee.pk)
    _refuse(trustee_refusal(action, facts(ceremony.congress, ceremony), trustee_facts(me)))
    return ceremony, me, everyone


def _checked(check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except VerifiableError as exc:
        raise CeremonyError("ceremony_bad_message", detail=describe(exc)) from None


def _advance(ceremony: KeyCeremony, everyone: list[Trustee], field: str) -> None:
    done = sum(1 for t in everyone if getattr(t, field) is not None)
    stage = CeremonyStage(ceremony.status)
    following = stage_after(stage, trustees=ceremony.trustees, done=done)
    if following is not stage and following is not CeremonyStage.COMPLETE:
        ceremony.status = following.value
        ceremony.save(update_fields=["status"])


def post_comm_key(trustee: Trustee, message: object) -> KeyCeremony:
    """Step 1: the trustee's communication key E_i with its proof."""
    with transaction.atomic():
        ceremony, me, everyone = _step(trustee, CeremonyAction.JOIN)
        e = _checked(vc.check_comm_key, ceremony.context, me.index, message)
        assert isinstance(message, dict)
        me.comm_key = {"E": point_hex(e), "pok": message["pok"]}
        me.save(update_fields=["comm_key"])
        _advance(ceremony, everyone, "comm_key")
        log_action("voting.ceremony.key_posted", **_about(ceremony), data={"key_holder": me.index})
    return ceremony


def post_deal(trustee: Trustee, message: object) -> KeyCeremony:
    """Step 2: the trustee's commitments, proof and encrypted shares (one per trustee)."""
    with transaction.atomic():
        ceremony, me, everyone = _step(trustee, CeremonyAction.DEAL)
        _checked(vc.check_deal, ceremony.context, me.index, ceremony.threshold, ceremony.trustees, message)
        assert isinstance(message, dict)
        me.deal = {"commitments": message["commitments"], "pok": message["pok"], "shares": message["shares"]}
        me.save(update_fields=["deal"])
        _advance(ceremony, everyone, "deal")
        log_action("voting.ceremony.dealt", **_about(ceremony), data={"key_holder": me.index})
    return ceremony


def commitments_of(everyone: Sequence[Trustee]) -> dict[int, list[Point]]:
    """Every dealer's commitments as points (checked when the deal was posted)."""
    return {t.index: [bytes.fromhex(c) for c in t.deal["commitments"]] for t in everyone if t.deal}


def post_confirmation(trustee: Trustee, message: object) -> KeyCeremony:
    """Step 3: the trustee's verification key X_i with its proof. The last one completes the ceremony:
    the election key H and every X_i are computed from the commitments and stored."""
    with transaction.atomic():
        ceremony, me, everyone = _step(trustee, CeremonyAction.CONFIRM)
        commitments = commitments_of(everyone)
        x = _checked(vc.check_confirm, ceremony.context, me.index, message, commitments)
        assert isinstance(message, dict)
        me.confirmation = {"X": message["X"], "pok": message["pok"]}
        me.verification_key = point_hex(x)
        me.save(update_fields=["confirmation", "verification_key"])
        log_action("voting.ceremony.confirmed", **_about(ceremony), data={"key_holder": me.index})
        if all(t.confirmation is not None for t in everyone):
            _complete(ceremony, everyone, commitments)
    return ceremony


def _complete(ceremony: KeyCeremony, everyone: list[Trustee], commitments: dict[int, list[Point]]) -> None:
    for t in everyone:
        # Each X_i was checked on arrival (the commitments and the proof); checked again here as the
        # key that goes into every manifest.
        expected = point_hex(vc.verification_key(commitments, t.index))
        _checked(vc.check_confirm, ceremony.context, t.index, t.confirmation, commitments)
        if t.verification_key != expected:  # pragma: no cover - check_confirm compares the same point
            raise CeremonyError(
                "ceremony_bad_message", detail=describe(VerifiableError("bad_commitment", field="X"))
            )
    ceremony.public_key = point_hex(vc.public_key(commitments))
    ceremony.status = CeremonyStatus.COMPLETE
    ceremony.completed_at = timezone.now()
    ceremony.save(update_fields=["public_key", "status", "completed_at"])
    log_action("voting.ceremony.completed", **_about(ceremony), data={"election_key": ceremony.public_key})


def post_complaint(trustee: Trustee, dealer: int) -> KeyCeremony:
    """A share from `dealer` did not check on the trustee's device: the ceremony is cancelled (it is run
    again), audited naming the dealer."""
    with transaction.atomic():
        ceremony, me, everyone = _step(trustee, CeremonyAction.COMPLAIN)
        accused = next((t for t in everyone if t.index == dealer), None)
        if accused is None or isinstance(dealer, bool):
            raise CeremonyError("ceremony_trustee_unknown", value=str(dealer)[:16])
        me.complaint_against = dealer
        me.save(update_fields=["complaint_against"])
        reason = str(
            _(
                "Key holder no. %(i)s (%(name)s) found that the share dealt by key holder no. %(j)s "
                "(%(dealer)s) does not check out."
            )
            % {"i": me.index, "name": me.name, "j": accused.index, "dealer": accused.name}
        )
        _cancel(ceremony, reason)
        log_action(
            "voting.ceremony.complaint", **_about(ceremony), data={"key_holder": me.index, "dealer": dealer}
        )
    return ceremony


# ------------------------------------------------------------------------------------ what a device sees


def progress(ceremony: KeyCeremony) -> list[dict[str, Any]]:
    """Each trustee's steps, for the organizer's page."""
    return [
        {
            "index": t.index,
            "name": t.name,
            "joined": t.comm_key is not None,
            "dealt": t.deal is not None,
            "confirmed": t.confirmation is not None,
            "complaint_against": t.complaint_against,
        }
        for t in ceremony.trustee_set.order_by("index")
    ]


def device_state(trustee: Trustee) -> dict[str, Any]:
    """Everything public a trustee's device needs to take the current step (§2): the others'
    communication keys once all are in, every deal once all are in, the keys once complete."""
    ceremony = KeyCeremony.objects.select_related("congress").get(pk=trustee.ceremony_id)
    everyone = list(ceremony.trustee_set.order_by("index"))
    me = next(t for t in everyone if t.pk == trustee.pk)
    stage = ceremony.status
    state: dict[str, Any] = {
        "ceremony": str(ceremony.uuid),
        "context": ceremony.context,
        "congress": str(ceremony.congress),
        "index": me.index,
        "name": me.name,
        "trustees": ceremony.trustees,
        "threshold": ceremony.threshold,
        "stage": stage,
        "stage_label": str(CeremonyStatus(stage).label),
        "joined": me.comm_key is not None,
        "dealt": me.deal is not None,
        "confirmed": me.confirmation is not None,
        "done": {
            "joined": sum(1 for t in everyone if t.comm_key is not None),
            "dealt": sum(1 for t in everyone if t.deal is not None),
            "confirmed": sum(1 for t in everyone if t.confirmation is not None),
        },
        "comm_keys": None,
        "deals": None,
        "public_key": ceremony.public_key or None,
        "verification_key": me.verification_key or None,
        "fingerprint": fingerprint(ceremony.public_key) or None,
        "cancel_reason": ceremony.cancel_reason if stage == CeremonyStatus.CANCELLED else None,
    }
    if stage != CeremonyStatus.KEYS and all(t.comm_key for t in everyone):
        state["comm_keys"] = {str(t.index): t.comm_key["E"] for t in everyone}  # type: ignore[index]
    if stage in (CeremonyStatus.CONFIRMING, CeremonyStatus.COMPLETE) or (
        stage == CeremonyStatus.CANCELLED and all(t.deal for t in everyone)
    ):
        state["deals"] = {str(t.index): t.deal for t in everyone}
    return state
