"""Verifiable polls (docs/verifiable-voting.md §4-§5): the manifest at open, encrypted casts, challenged
(audited) ballots, the encrypted tally at close, the trustees' decryption shares and their combination.

The crypto is `daihoi.core.verifiable`; this module stores and refuses. The cast of an encrypted ballot
goes through the plain cast's transaction (`polls._cast`): the same voter checks, the same writer turn,
who voted (`Participation`) apart from what (`EncryptedBallot`, random id, no voter, no time). Proofs are
verified before that transaction: it is CPU work that needs no lock.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid as uuid_module
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.audit.services import log_action
from daihoi.congresses.models import Congress, Delegate
from daihoi.core import verifiable as core
from daihoi.core.procedure.poll import PollAction, poll_refusal, voter_refusal
from daihoi.core.verifiable.ballot import Parsed
from daihoi.core.verifiable.elgamal import Ciphertext
from daihoi.elections.models import Round
from daihoi.elections.services.common import locked_round
from daihoi.voting.errors import VotingError
from daihoi.voting.models import (
    AuditedBallot,
    CeremonyStatus,
    CiphertextKey,
    DecryptionShare,
    Device,
    EncryptedBallot,
    KeyCeremony,
    Poll,
    PollStatus,
    Trustee,
)

# ---------------------------------------------------------------- lookups


def manifest_of(poll: Poll) -> dict[str, Any]:
    """The poll's manifest (§4.1); VotingError `poll_not_verifiable` for a plain poll."""
    if not poll.verifiable or poll.manifest is None:
        raise VotingError("poll_not_verifiable")
    return dict(poll.manifest)


def poll_by_uuid(value: Any) -> Poll:
    """The verifiable poll with this uuid, or Http404 (a malformed uuid included)."""
    try:
        key = uuid_module.UUID(str(value))
    except ValueError:
        raise Http404 from None
    poll = (
        Poll.objects.select_related("round__election__congress__organization", "ceremony")
        .filter(uuid=key, ceremony__isnull=False)
        .first()
    )
    if poll is None:
        raise Http404
    return poll


def key_fingerprint(public_key_hex: str) -> str:
    """The election key as people compare it by eye: the first 80 bits of its SHA-256, in groups of four
    upper-case hex digits (the ceremony page, the poll page and the minutes show the same)."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest().upper()[:20]
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def complete_ceremony(congress: Congress) -> KeyCeremony | None:
    """The congress's complete key ceremony (whose election key polls use), else None."""
    return KeyCeremony.objects.filter(congress=congress, status=CeremonyStatus.COMPLETE).first()


# ---------------------------------------------------------------- open


def poll_fields(rnd: Round, ceremony: KeyCeremony, poll_uuid: uuid_module.UUID) -> dict[str, Any]:
    """The verifiable part of a new poll: ceremony, manifest (names in ballot order, the form and limit of
    the engine, the invalidity reasons of the round's rule profile), context."""
    from daihoi.elections.services.engine import engine_input, round_candidates

    e = engine_input(rnd)
    trustees = list(Trustee.objects.filter(ceremony=ceremony).order_by("index"))
    form = str(e.form)
    reasons = core.rule_reasons(
        form,
        all_struck_invalid=e.profile.all_struck_invalid,
        single_both_or_neither_invalid=e.profile.single_both_or_neither_invalid,
    )
    try:
        manifest = core.build_manifest(
            poll_uuid=str(poll_uuid),
            congress=str(rnd.election.congress),
            election=rnd.election.title,
            round=rnd.number,
            public_key=ceremony.public_key,
            threshold=ceremony.threshold,
            trustees=[(t.index, t.name, t.verification_key) for t in trustees],
            commitments=[list((t.deal or {}).get("commitments", [])) for t in trustees],
            candidates=[rc.candidate.full_name for rc in round_candidates(rnd)],
            form=form,
            limit=e.vote_limit,
            reasons=reasons,
        )
        core.check_manifest_keys(manifest)
    except core.VerifiableError as exc:  # a vote limit below the names of a list without surplus
        raise VotingError("poll_manifest_invalid") from exc
    return {"ceremony": ceremony, "manifest": manifest, "context": core.context(manifest)}


# ---------------------------------------------------------------- what a refused ballot got wrong


def _where(manifest: dict[str, Any], field: str) -> str:
    """A core error's field ("answers[3].proof", "flags[0].A", "range", "A[7]") in the voter's words."""
    from daihoi.elections.tally_io import REASON_LABELS

    head = field.split(".", 1)[0]
    names = manifest.get("candidates", [])
    reasons = manifest.get("reasons", [])
    if head.startswith("answers[") and head.endswith("]"):
        j = int(head[8:-1])
        name = names[j]["name"] if 0 <= j < len(names) else ""
        return _("the encrypted choice for name %(position)s (%(name)s) does not check") % {
            "position": j + 1,
            "name": name,
        }
    if head.startswith("flags[") and head.endswith("]"):
        j = int(head[6:-1])
        label = REASON_LABELS.get(reasons[j], "") if 0 <= j < len(reasons) else ""
        return _("the encrypted mark of an invalid ballot (%(reason)s) does not check") % {"reason": label}
    if head == "range":
        return _("the proof that the ballot keeps no more names than the rules allow does not check")
    if head == "poll":
        return _("it was made for another poll")
    if head == "answers":
        return _("it does not have one encrypted choice per name of the list")
    if head == "flags":
        return _("its marks of an invalid ballot are not those of this election's rules")
    return _("it is not an encrypted ballot of this poll")


def _rejected(manifest: dict[str, Any], exc: core.VerifiableError) -> VotingError:
    if exc.code == "duplicate_ciphertext" and not exc.field.startswith(("answers", "flags")):
        return VotingError("duplicate_ciphertext")
    return VotingError("ballot_rejected", detail=_where(manifest, exc.field))


# ---------------------------------------------------------------- cast


def _poll_row(poll_id: int, device: Device) -> tuple[dict[str, Any], str]:
    """The manifest and context of a verifiable poll of the phone's congress (before any lock)."""
    row = (
        Poll.objects.filter(pk=poll_id)
        .values_list("ceremony_id", "manifest", "context", "round__election__congress_id")
        .first()
    )
    if row is None or row[3] != device.delegate.congress_id:
        raise Poll.DoesNotExist
    if row[0] is None or row[1] is None:
        raise VotingError("poll_not_verifiable")
    return row[1], row[2]


_INSERT_KEY = "INSERT INTO voting_ciphertextkey (poll_id, a) VALUES "
_INSERT_ENCRYPTED = "INSERT INTO voting_encryptedballot (id, poll_id, tracker, body) VALUES (%s, %s, %s, %s)"


def _insert_keys(cursor: Any, poll_id: int, parsed: Parsed) -> None:
    """Every A of the ballot into the poll's unique index: a copied ciphertext fails here."""
    values = [x for a in parsed.a_values for x in (poll_id, a.hex())]
    cursor.execute(_INSERT_KEY + ", ".join(["(%s, %s)"] * len(parsed.a_values)), values)


def _verify(manifest: dict[str, Any], context: str, ballot: object) -> Parsed:
    try:
        return core.verify_ballot(manifest, ballot, ctx=context)
    except core.VerifiableError as exc:
        raise _rejected(manifest, exc) from None


def cast_encrypted(poll_id: int, device: Device, ballot: dict[str, Any]) -> str:
    """Cast an encrypted ballot from a bound phone; returns its tracker (grouped by four).

    The proofs are checked first, outside any lock; then, in one transaction under the writer turn, the
    voter checks of a plain cast, who voted, every A of the ballot (unique in the poll) and the ballot.
    Raises Poll.DoesNotExist for a poll the phone's congress does not have; VotingError otherwise."""
    from daihoi.voting.services import polls

    manifest, context = _poll_row(poll_id, device)
    parsed = _verify(manifest, context, ballot)
    body = core.canonical_json(ballot).decode("utf-8")

    def write(cursor: Any, poll: int) -> None:
        try:
            _insert_keys(cursor, poll, parsed)
            ballot_id = EncryptedBallot._meta.pk.get_db_prep_value(uuid_module.uuid4(), connection)
            cursor.execute(_INSERT_ENCRYPTED, [ballot_id, poll, core.tracker_key(parsed.tracker), body])
        except IntegrityError as exc:
            raise VotingError("duplicate_ciphertext") from exc

    done = polls._cast(
        poll_id, device, lambda _n, _places: polls.BallotContent(""), check_congress=True, write=write
    )
    if done is None:
        raise Poll.DoesNotExist
    return parsed.tracker


def post_audited(
    poll_id: int, device: Device, ballot: dict[str, Any], reveal: dict[str, Any]
) -> tuple[str, list[int]]:
    """A challenged ballot (§4.4) goes on the board with its opening: (tracker, positions it keeps).

    Only a delegate who may still cast challenges (the same refusals as a cast); nothing about the voter
    is stored, and nothing is logged (as the cast, so no time links the check to the delegate). Its A's
    join the poll's unique index: a challenged ballot can never be cast, nor a cast one opened."""
    from daihoi.voting.services import polls

    manifest, context = _poll_row(poll_id, device)
    try:
        choice = core.check_audited(manifest, ballot, reveal)
    except core.VerifiableError as exc:
        if exc.code == "bad_reveal":
            raise VotingError("reveal_rejected") from None
        raise _rejected(manifest, exc) from None
    parsed = core.verify_ballot(manifest, ballot, ctx=context)  # cached facts: the A's for the index
    kept = [p for p, x in enumerate(choice.xs, start=1) if x]
    key = core.tracker_key(parsed.tracker)
    with polls._writer_turn(), transaction.atomic():
        poll = Poll.objects.select_related("round__election__congress").get(pk=poll_id)
        delegate = Delegate.objects.get(pk=device.delegate_id)
        voter = polls._voter(poll, delegate, bound=True)
        refusal = voter_refusal(PollAction.CAST, polls.facts(poll.round, poll), voter)
        if refusal is not None:
            raise VotingError.refused(refusal)
        if AuditedBallot.objects.filter(poll=poll, tracker=key).exists():  # the phone sent it again
            return parsed.tracker, kept
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _insert_keys(cursor, poll.pk, parsed)
            AuditedBallot.objects.create(
                id=polls._random_uuid(),
                poll=poll,
                tracker=key,
                body=core.canonical_json(ballot).decode("utf-8"),
                reveal=reveal,
            )
        except IntegrityError as exc:
            raise VotingError("duplicate_ciphertext") from exc
    return parsed.tracker, kept


# ---------------------------------------------------------------- close: the encrypted tally


def _ciphertexts(body: str) -> Parsed:
    """A stored ballot's ciphertexts (checked when cast): names, then flags."""
    data = json.loads(body)
    cts: list[Ciphertext] = [
        (bytes.fromhex(item["A"]), bytes.fromhex(item["B"])) for item in [*data["answers"], *data["flags"]]
    ]
    return Parsed(cts, "")


def close_tally(poll: Poll) -> None:
    """At close (the caller holds the locks and saves the poll): count the ballots, rewrite them in a
    random order with new ids, forget the index of A's (no more casts), sum the ciphertexts into
    `poll.tally`. No ballot on a phone: nothing to decrypt, the result is all zeros at once."""
    from daihoi.voting.services.polls import _random_uuid

    rows = list(EncryptedBallot.objects.filter(poll=poll).values_list("tracker", "body"))
    random.SystemRandom().shuffle(rows)
    EncryptedBallot.objects.filter(poll=poll).delete()
    EncryptedBallot.objects.bulk_create(
        [EncryptedBallot(id=_random_uuid(), poll=poll, tracker=t, body=b) for t, b in rows], batch_size=200
    )
    bodies = [b for _t, b in rows]
    CiphertextKey.objects.filter(poll=poll).delete()
    manifest = manifest_of(poll)
    sums = core.tally(manifest, (_ciphertexts(b) for b in bodies))
    poll.electronic = len(bodies)
    poll.tally = [{"A": a.hex(), "B": b.hex()} for a, b in sums]
    if not bodies:
        poll.result = core.combine(manifest, sums, [], 0).to_dict()
        poll.decrypted_at = timezone.now()


# ---------------------------------------------------------------- decryption


def tally_for_decryption(poll: Poll) -> dict[str, Any]:
    """What a trustee's device needs to compute its share: the manifest, the tally, the ballot count."""
    return {
        "manifest": manifest_of(poll),
        "tally": list(poll.tally or []),
        "ballots": int(poll.electronic or 0),
    }


def decryption_tasks(trustee: Trustee) -> list[Poll]:
    """Closed polls under the trustee's key with a tally still encrypted and no share of this trustee."""
    return list(
        Poll.objects.filter(
            ceremony_id=trustee.ceremony_id,
            status=PollStatus.CLOSED,
            tally__isnull=False,
            result__isnull=True,
        )
        .exclude(decryption_shares__trustee=trustee)
        .select_related("round__election")
        .order_by("pk")
    )


def _tally_points(poll: Poll) -> list[Ciphertext]:
    """The stored tally (computed here at close; an all-zero figure's A may be the identity)."""
    return [(bytes.fromhex(t["A"]), bytes.fromhex(t["B"])) for t in poll.tally or []]


def _share_detail(exc: core.VerifiableError) -> str:
    if exc.field == "trustee":
        return _("it was made with another key holder's key")
    if exc.code == "bad_proof":
        return _("its proof of correct decryption does not check (a wrong key file?)")
    return _("it does not have one decrypted part per figure of the tally")


def submit_decryption_share(poll: Poll, trustee: Trustee, body: dict[str, Any], actor: Any = None) -> Poll:
    """A trustee's decryption share (§4.5): its proofs checked on arrival, stored; with `threshold`
    shares of distinct trustees the tally is decrypted into `poll.result`. Audited."""
    from daihoi.voting.services import polls

    with transaction.atomic():
        election, rnd = locked_round(poll.round)
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        refusal = poll_refusal(PollAction.DECRYPT, polls.facts(rnd, poll))
        if refusal is not None:
            raise VotingError.refused(refusal)
        if trustee.ceremony_id != poll.ceremony_id:
            raise VotingError("trustee_other_key", name=trustee.name)
        if DecryptionShare.objects.filter(poll=poll, trustee=trustee).exists():
            raise VotingError("decryption_share_exists", name=trustee.name)
        manifest = manifest_of(poll)
        tally = _tally_points(poll)
        try:
            if not isinstance(body, dict) or body.get("trustee") != trustee.index:
                raise core.VerifiableError("bad_share", field="trustee")
            core.verify_share(manifest, tally, body)
        except core.VerifiableError as exc:
            raise VotingError(
                "decryption_share_rejected", name=trustee.name, detail=_share_detail(exc)
            ) from None
        DecryptionShare.objects.create(poll=poll, trustee=trustee, body=body)
        organization = election.congress.organization
        log_action(
            "voting.poll.share_received",
            actor=actor,
            obj=poll,
            organization=organization,
            data={
                "election": election.pk,
                "round": rnd.number,
                "key_holder": trustee.index,
                "name": trustee.name,
            },
        )
        rows = list(
            DecryptionShare.objects.filter(poll=poll)
            .order_by("trustee__index")
            .values_list("body", flat=True)
        )
        if len(rows) >= int(manifest["threshold"]):
            result = core.combine(manifest, tally, rows, int(poll.electronic or 0))
            poll.result, poll.decrypted_at = result.to_dict(), timezone.now()
            poll.save(update_fields=["result", "decrypted_at"])
            names = dict(Trustee.objects.filter(ceremony_id=poll.ceremony_id).values_list("index", "name"))
            log_action(
                "voting.poll.decrypted",
                actor=actor,
                obj=poll,
                organization=organization,
                data={
                    "election": election.pk,
                    "round": rnd.number,
                    "electronic": result.ballots,
                    "key_holders": ", ".join(names.get(i, str(i)) for i in result.trustees),
                },
            )
    return poll


def shares_in(poll: Poll) -> int:
    return DecryptionShare.objects.filter(poll=poll).count()


def decrypting_trustees(poll: Poll) -> list[str]:
    """The names of the key holders whose shares decrypted the tally (empty before)."""
    if not poll.result:
        return []
    used: Sequence[int] = poll.result.get("trustees", [])
    names = dict(Trustee.objects.filter(ceremony_id=poll.ceremony_id).values_list("index", "name"))
    return [names.get(i, str(i)) for i in used]


__all__ = [
    "cast_encrypted",
    "close_tally",
    "complete_ceremony",
    "decrypting_trustees",
    "decryption_tasks",
    "key_fingerprint",
    "manifest_of",
    "poll_by_uuid",
    "poll_fields",
    "post_audited",
    "shares_in",
    "submit_decryption_share",
    "tally_for_decryption",
]
