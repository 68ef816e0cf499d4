"""Electronic polls of a round: open (the presidium), cast (a bound phone), a paper ballot at the desk
(hybrid), close (the presidium). Every step asks daihoi.core.procedure.poll under the round's lock.

The cast path stores, in one transaction, who voted (`Participation`, no time) and what was voted
(`Ballot`, random id, no voter, no time); the answer is sent only after the commit, so an acknowledged
vote survives a crash. `BallotContent` is the one thing the path knows of a ballot's inside: the
verifiable-ballot issue replaces it with a ciphertext made on the phone without changing the rest.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.db.models.base import DEFERRED
from django.utils import timezone

from daihoi.audit.services import log_action
from daihoi.congresses.figures import voters
from daihoi.congresses.models import Congress, Delegate
from daihoi.core.procedure import CongressStage
from daihoi.core.procedure.poll import (
    BallotForm,
    Channel,
    PollAction,
    PollFacts,
    PollStage,
    VoterFacts,
    on_phones,
    poll_refusal,
    voter_refusal,
)
from daihoi.elections.errors import ElectionError
from daihoi.elections.models import ElectionStatus, Round
from daihoi.elections.services.common import locked_round
from daihoi.live_signals import changed
from daihoi.voting.errors import VotingError
from daihoi.voting.models import Ballot, Device, Participation, Poll, PollStatus

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: threads of one process take turns only
    fcntl = None  # type: ignore[assignment]

MAX_MINUTES = 240


def _refuse(refusal: Any) -> None:
    if refusal is not None:
        raise VotingError.refused(refusal)


def poll_of(rnd: Round) -> Poll | None:
    return Poll.objects.filter(round=rnd).first()


def facts(rnd: Round, poll: Poll | None) -> PollFacts:
    election = rnd.election
    congress = election.congress
    return PollFacts(
        stage=PollStage(poll.status) if poll is not None else PollStage.NONE,
        congress=CongressStage(congress.status) if congress.archived_at is None else CongressStage.CLOSED,
        form=BallotForm(congress.ballot_form),
        list_approved=election.status == ElectionStatus.LIST_APPROVED
        and election.rounds.order_by("-number").values_list("pk", flat=True).first() == rnd.pk,
        counts_entered=rnd.returned is not None or rnd.ballot_entries.exists() or bool(rnd.totals),
        deadline_passed=bool(poll and poll.deadline and poll.deadline <= timezone.now()),
        key_ready=_key_ready(congress),
        verifiable=bool(poll and poll.verifiable),
        decrypted=bool(poll and poll.result is not None),
    )


def _key_ready(congress: Congress) -> bool:
    from daihoi.voting.services.verifiable import complete_ceremony

    return complete_ceremony(congress) is not None


def open_refusal(rnd: Round) -> Any:
    """Why a poll cannot open on `rnd` now (None when it can): for pages to show or hide the button."""
    return poll_refusal(PollAction.OPEN, facts(rnd, poll_of(rnd)))


def _deadline(minutes: int | None) -> Any:
    if minutes is None:
        return None
    if not 1 <= minutes <= MAX_MINUTES:
        raise VotingError("deadline_bad", value=minutes, max=MAX_MINUTES)
    return timezone.now() + timedelta(minutes=minutes)


def open_poll(rnd: Round, *, minutes: int | None = None, actor: Any = None) -> Poll:
    """Open the electronic poll of the round whose ballot list the congress approved."""
    with transaction.atomic():
        election, rnd = locked_round(rnd)
        _refuse(poll_refusal(PollAction.OPEN, facts(rnd, poll_of(rnd))))
        poll_uuid = uuid.uuid4()
        encrypted: dict[str, Any] = {}
        if election.congress.ballot_form == BallotForm.VERIFIABLE:  # the manifest is fixed now (§4.1)
            from daihoi.voting.services import verifiable

            ceremony = verifiable.complete_ceremony(election.congress)
            assert ceremony is not None  # poll_refusal: poll_no_election_key
            encrypted = verifiable.poll_fields(rnd, ceremony, poll_uuid)
        poll = Poll.objects.create(
            round=rnd,
            uuid=poll_uuid,
            deadline=_deadline(minutes),
            opened_by=actor if _user(actor) else None,
            **encrypted,
        )
        log_action(
            "voting.poll.opened",
            actor=actor,
            obj=poll,
            organization=election.congress.organization,
            data={"election": election.pk, "round": rnd.number, "minutes": minutes},
        )
    return poll


def extend_poll(poll: Poll, *, minutes: int | None, actor: Any = None) -> Poll:
    """A new deadline (None: no deadline) while the poll is open."""
    with transaction.atomic():
        election, rnd = locked_round(poll.round)
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        _refuse(poll_refusal(PollAction.EXTEND, facts(rnd, poll)))
        poll.deadline = _deadline(minutes)
        poll.save(update_fields=["deadline"])
        log_action(
            "voting.poll.extended",
            actor=actor,
            obj=poll,
            organization=election.congress.organization,
            data={"election": election.pk, "round": rnd.number, "minutes": minutes},
        )
    return poll


@dataclass(frozen=True)
class Progress:
    entitled: int  # delegates present with a vote now (frozen when the poll closed)
    electronic: int
    paper: int

    @property
    def voted(self) -> int:
        return self.electronic + self.paper


def progress(poll: Poll) -> Progress:
    """ "x of y have voted": counts of who voted, never what."""
    by_channel = dict(
        Participation.objects.filter(poll=poll)
        .values_list("channel")
        .annotate(n=Count("id"))
        .values_list("channel", "n")
    )
    if poll.status == PollStatus.CLOSED:
        entitled = len(poll.entitled)
    else:
        entitled = voters(poll.round.election.congress).filter(present=True).count()
    return Progress(
        entitled=entitled,
        electronic=int(by_channel.get(Channel.ELECTRONIC.value, 0)),
        paper=int(by_channel.get(Channel.PAPER.value, 0)),
    )


# ---------------------------------------------------------------- casting


@dataclass(frozen=True)
class BallotContent:
    """What a phone's ballot says, as the paper count writes it (canonical `content`)."""

    content: str


def read_ballot(rnd: Round, *, struck: list[int] | None = None, marks: str | None = None) -> BallotContent:
    """The phone's ballot as canonical content: the struck names' numbers on a list with surplus, else
    one mark per name (1 agree, 2 disagree, 0 neither). A ballot the rules make invalid is still read
    (the voter may cast it, as on paper); one that cannot be a ballot of this round is refused.

    The content is the paper count's canonical text (`engine.parse_entry`: "2,5", or "1202..."); it needs
    only the number of names and places, counted here in one light query."""
    from daihoi.elections.models import RoundCandidate

    cached = getattr(rnd, "_candidates_cache", None)
    n = len(cached) if cached is not None else RoundCandidate.objects.filter(round_id=rnd.pk).count()
    return _read(n, rnd.seats + rnd.alternates, struck, marks)


def _read(n: int, places: int, struck: list[int] | None, marks: str | None) -> BallotContent:
    """`read_ballot` for a round of `n` names and `places` seats (with alternates)."""
    from daihoi.core.election import BallotForm as EngineForm
    from daihoi.core.election.ballots import ballot_form

    if ballot_form(n, places) is EngineForm.SURPLUS:
        if marks is not None or struck is None:
            raise VotingError("ballot_malformed", detail="struck")
        if len(struck) > n or any(not isinstance(x, int) or isinstance(x, bool) for x in struck):
            raise VotingError("ballot_malformed", detail="struck")
        for x in struck:
            if not 1 <= x <= n:
                error = ElectionError("bad_number", position=0, value=x, count=n)
                raise VotingError("ballot_malformed", detail=error.message)
        if len(set(struck)) != len(struck):
            repeated = next(x for x in struck if struck.count(x) > 1)
            error = ElectionError("repeated_number", position=0, value=repeated)
            raise VotingError("ballot_malformed", detail=error.message)
        return BallotContent(",".join(str(x) for x in sorted(struck)))
    if struck is not None or marks is None:
        raise VotingError("ballot_malformed", detail="marks")
    if len(marks) != n or any(ch not in "012" for ch in marks):
        raise VotingError("ballot_malformed", detail="marks")
    return BallotContent(marks)


# PostgreSQL advisory lock class of a poll (the two-key form: this class, the poll's id).
_POLL_LOCK = 1212


def _lock_poll(poll_id: int, *, exclusive: bool) -> None:
    """Casts hold a poll's advisory lock shared, the close takes it exclusive. Unlike a row lock (a
    waiting FOR UPDATE lets new FOR SHARE lockers pass, so a close could wait as long as casts keep
    coming), the lock manager queues a cast that comes after a waiting close behind it: the close
    happens when pressed, and the casts behind it find the poll closed."""
    if connection.vendor == "postgresql":
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s, %s)", [_POLL_LOCK, poll_id])


# SQLite has one writer at a time: casts take turns here (threads of a process on a lock, processes on a
# file lock beside the database) and not in SQLite's busy handler, whose sleeps (up to 100 ms each) left
# the database idle under load while every request waited. PostgreSQL casts run side by side.
_turn = threading.Lock()


@contextmanager
def _writer_turn() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    name = str(connection.settings_dict.get("NAME") or "")
    with _turn:
        if fcntl is None or not os.path.isabs(name):  # an in-memory test database: one process
            yield
            return
        with open(name + ".cast-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _voter(poll: Poll, delegate: Delegate, *, bound: bool) -> VoterFacts:
    taken = (
        Participation.objects.filter(poll=poll, delegate=delegate).values_list("channel", flat=True).first()
    )
    return VoterFacts(
        present=delegate.present,
        has_vote=delegate.has_vote,
        voted=Channel(taken) if taken else None,
        bound=bound,
    )


# ---------------------------------------------------------------- the cast, in plain SQL


@dataclass(frozen=True)
class Cast:
    """What the phone is told after a cast: the election's title and the round's number, nothing else."""

    title: str
    round_number: int


# One statement for every fact the cast needs: the poll's (the same as `facts()`), the round's shape (for
# reading the ballot), and the voter's (`VoterFacts`, and the delegate's congress). Plain SQL: the ORM's
# building of this query cost more than the database's answering it. Portable: SQLite and PostgreSQL.
_CAST_FACTS_SQL = """
SELECT p.status, CASE WHEN p.deadline IS NOT NULL AND p.deadline <= %s THEN 1 ELSE 0 END,
       p.round_id, r.number, r.seats, r.alternates, r.returned, r.totals, e.title, e.status,
       c.id, c.status, c.archived_at, c.ballot_form,
       (SELECT r2.id FROM elections_round r2 WHERE r2.election_id = e.id ORDER BY r2.number DESC LIMIT 1),
       CASE WHEN EXISTS (SELECT 1 FROM elections_ballotentry be WHERE be.round_id = r.id) THEN 1 ELSE 0 END,
       (SELECT COUNT(*) FROM elections_roundcandidate rc WHERE rc.round_id = r.id),
       d.congress_id, d.present, d.kind, d.replaces_id, d.convened, d.is_official, d.attached_elsewhere,
       d.suspended,
       CASE WHEN EXISTS (SELECT 1 FROM voting_device v
                         WHERE v.id = %s AND v.delegate_id = d.id AND v.revoked_at IS NULL) THEN 1 ELSE 0 END,
       (SELECT pa.channel FROM voting_participation pa WHERE pa.poll_id = p.id AND pa.delegate_id = d.id),
       p.ceremony_id, d.credential_flag
FROM voting_poll p
JOIN elections_round r ON r.id = p.round_id
JOIN elections_election e ON e.id = r.election_id
JOIN congresses_congress c ON c.id = e.congress_id
CROSS JOIN congresses_delegate d
WHERE p.id = %s AND d.id = %s
"""
# PostgreSQL: the poll row share-locked (casts run side by side, a close's FOR UPDATE waits for them and
# a cast after the close sees it closed). SQLite's IMMEDIATE transactions serialize writers anyway.
_CAST_FACTS_SQL_PG = _CAST_FACTS_SQL + "FOR SHARE OF p"
_INSERT_PARTICIPATION = "INSERT INTO voting_participation (poll_id, delegate_id, channel) VALUES (%s, %s, %s)"
_INSERT_BALLOT = "INSERT INTO voting_ballot (id, poll_id, content) VALUES (%s, %s, %s)"
_VOTER_COLUMNS = (
    "congress_id", "present", "kind", "replaces_id", "convened", "is_official", "attached_elsewhere",
    "suspended",
)  # fmt: skip


def _cast(
    poll_id: int,
    device: Device,
    read: Callable[[int, int], BallotContent],
    *,
    check_congress: bool,
    write: Callable[[Any, int], None] | None = None,
) -> Cast | None:
    """The cast in one transaction of three statements (the facts, then who voted, then what): None when
    the poll does not exist (or, `check_congress`, is not of the phone's congress). `read(names, places)`
    reads the ballot once the poll is known (VotingError `ballot_malformed`); the refusals are the core's
    `voter_refusal` on the same PollFacts and VoterFacts as everywhere else.

    `write(cursor, poll_id)`: an encrypted ballot's writes (services.verifiable) instead of the plain
    ballot's; a verifiable poll takes nothing else, a plain poll never takes them."""
    vendor = connection.vendor
    with _writer_turn(), transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":  # the poll's advisory lock first (main's close-waits-for-no-one rule)
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [_POLL_LOCK, poll_id])
        sql = _CAST_FACTS_SQL_PG if vendor == "postgresql" else _CAST_FACTS_SQL
        now = connection.ops.adapt_datetimefield_value(timezone.now())  # after the waits for the locks
        cursor.execute(sql, [now, device.pk, poll_id, device.delegate_id])
        row = cursor.fetchone()
        if row is None:
            return None
        status, deadline_passed, round_id, number, seats, alternates, returned, totals, title = row[:9]
        election_status, congress_id, congress_status, archived_at, form, latest, entered, names = row[9:17]
        if check_congress and row[17] != congress_id:
            return None
        if (row[27] is not None) != (write is not None):
            raise VotingError("poll_encrypted_only" if row[27] is not None else "poll_not_verifiable")
        content = read(int(names), seats + alternates)
        if isinstance(totals, str):
            totals = json.loads(totals)
        facts_now = PollFacts(
            stage=PollStage(status),
            congress=CongressStage(congress_status) if archived_at is None else CongressStage.CLOSED,
            form=BallotForm(form),
            list_approved=election_status == ElectionStatus.LIST_APPROVED and latest == round_id,
            counts_entered=returned is not None or bool(entered) or bool(totals),
            deadline_passed=bool(deadline_passed),
            verifiable=row[27] is not None,
        )
        if row[17] != congress_id:
            raise VotingError("not_this_congress")
        known = dict(zip(_VOTER_COLUMNS, row[17:25], strict=True), id=device.delegate_id)
        known["credential_flag"] = row[28]  # a delegate flagged at the credentials check has no vote
        values = [known.get(f.attname, DEFERRED) for f in Delegate._meta.concrete_fields]
        delegate = Delegate.from_db(connection.alias, list(known), values)  # `has_vote` reads these only
        taken = row[26]
        voter = VoterFacts(
            present=bool(delegate.present),
            has_vote=bool(delegate.has_vote),
            voted=Channel(taken) if taken else None,
            bound=bool(row[25]),
        )
        _refuse(voter_refusal(PollAction.CAST, facts_now, voter))
        try:
            cursor.execute(_INSERT_PARTICIPATION, [poll_id, device.delegate_id, Channel.ELECTRONIC.value])
        except IntegrityError as exc:  # a simultaneous submission of the same delegate won the race
            raise VotingError("voted_electronically") from exc
        if write is not None:
            write(cursor, poll_id)
        else:
            ballot_id = Ballot._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
            cursor.execute(_INSERT_BALLOT, [ballot_id, poll_id, content.content])
        changed(f"congress:{congress_id}")  # a secret ballot is not audited: the live pages' version
    return Cast(title=title, round_number=number)


def cast_by_id(poll_id: int, device: Device, read: Callable[[int, int], BallotContent]) -> Cast | None:
    """The phone API's cast: the poll by its id, the ballot read by `read(names, places)` (e.g. `_read`
    on the request's body) once the poll is known, then `cast_ballot`'s writes, in one transaction of
    three statements. None: no such poll in the phone's congress (a 404, never a 409)."""
    return _cast(poll_id, device, read, check_congress=True)


def read_for(struck: list[int] | None, marks: str | None) -> Callable[[int, int], BallotContent]:
    """`read_ballot` of a round known only by its number of names and places (for `cast_by_id`)."""
    return lambda n, places: _read(n, places, struck, marks)


def cast_ballot(poll: Poll, device: Device, ballot: BallotContent) -> Poll:
    """One ballot from a bound phone: who voted and what, in one transaction, apart (`_cast`)."""
    if _cast(poll.pk, device, lambda n, places: ballot, check_congress=False) is None:
        raise Poll.DoesNotExist
    return poll


def issue_paper_ballot(poll: Poll, value: str, *, actor: Any = None) -> Delegate:
    """The ballot desk hands a paper ballot to a delegate (by card code or number) who has not voted."""
    from daihoi.congresses.services import find_delegate

    with transaction.atomic():
        election, rnd = locked_round(poll.round)
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        congress = election.congress
        delegate = find_delegate(congress, value)
        if delegate is None:
            raise VotingError("delegate_unknown", value=value)
        _refuse(voter_refusal(PollAction.ISSUE_PAPER, facts(rnd, poll), _voter(poll, delegate, bound=False)))
        Participation.objects.create(poll=poll, delegate=delegate, channel=Channel.PAPER)
        log_action(
            "voting.paper_ballot.issued",
            actor=actor,
            obj=poll,
            organization=congress.organization,
            data={"election": election.pk, "round": rnd.number, "number": delegate.number},
        )
    return delegate


# ---------------------------------------------------------------- closing


def ballot_taken_in_open_poll(delegate: Delegate) -> bool:
    """The delegate took a ballot (phone or paper) in a poll still open."""
    return Participation.objects.filter(delegate=delegate, poll__status=PollStatus.OPEN).exists()


def close_poll(poll: Poll, *, actor: Any = None) -> Poll:
    """Close the poll (the presidium): the entitled list and the counts are frozen, the ballots are
    rewritten in a random order, and a poll without paper ballots goes straight to counting."""
    from daihoi.elections.services.engine import congress_figures
    from daihoi.elections.services.entry import freeze_counts

    with transaction.atomic():
        election, rnd = locked_round(poll.round)
        _lock_poll(poll.pk, exclusive=True)
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        _refuse(poll_refusal(PollAction.CLOSE, facts(rnd, poll)))
        congress = election.congress
        poll.entitled = sorted(voters(congress).filter(present=True).values_list("number", flat=True))
        poll.paper_issued = Participation.objects.filter(poll=poll, channel=Channel.PAPER).count()
        if poll.verifiable:  # the ciphertexts summed into the tally the trustees decrypt (§4.5)
            from daihoi.voting.services import verifiable

            verifiable.close_tally(poll)
        else:
            poll.electronic = Ballot.objects.filter(poll=poll).count()
            _shuffle(poll)
        poll.status, poll.closed_at = PollStatus.CLOSED, timezone.now()
        poll.closed_by = actor if _user(actor) else None
        poll.save(
            update_fields=[
                "entitled",
                "electronic",
                "paper_issued",
                "status",
                "closed_at",
                "closed_by",
                "tally",
                "result",
                "decrypted_at",
            ]
        )
        rnd.electronic = poll.electronic
        rnd.save(update_fields=["electronic"])
        if poll.paper_issued == 0:  # nothing on paper: the count is complete as the poll closes
            try:
                freeze_counts(
                    election,
                    rnd,
                    issued=poll.electronic or 0,
                    returned=poll.electronic or 0,
                    frozen=congress_figures(congress),
                )
            except ElectionError as err:
                raise VotingError(err.code, **err.params) from err
        log_action(
            "voting.poll.closed",
            actor=actor,
            obj=poll,
            organization=congress.organization,
            data={
                "election": election.pk,
                "round": rnd.number,
                "entitled": len(poll.entitled),
                "electronic": poll.electronic,
                "paper_issued": poll.paper_issued,
            },
        )
        transaction.on_commit(_compact_ballots)
    return poll


def _shuffle(poll: Poll) -> None:
    """Rewrite the poll's ballots in a random order with new random ids: once closed, neither the row
    order, nor PostgreSQL's transaction ids (every row now carries the close's), follows the casting."""
    contents = list(Ballot.objects.filter(poll=poll).values_list("content", flat=True))
    random.SystemRandom().shuffle(contents)
    Ballot.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create(
        [Ballot(id=_random_uuid(), poll=poll, content=c) for c in contents], batch_size=500
    )


def _random_uuid() -> Any:
    import uuid

    return uuid.UUID(bytes=secrets.token_bytes(16), version=4)


def _compact_ballots() -> None:
    """Reclaim the space of the ballots as cast (dead rows that still hold them in the file), where the
    database allows it outside a transaction (DAIHOI_COMPACT_BALLOTS, on by default).

    PostgreSQL: VACUUM FULL rewrites the table without the dead tuples of the casts. SQLite overwrites
    deleted content (secure_delete, settings) but its write-ahead log still holds every cast's pages,
    frame after frame in the order of casting: a TRUNCATE checkpoint copies the close into the database
    file and empties the log (retried while readers of an older snapshot hold it)."""
    if not getattr(settings, "DAIHOI_COMPACT_BALLOTS", True) or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table in ("voting_ballot", "voting_encryptedballot", "voting_ciphertextkey"):
                    cursor.execute(f"VACUUM FULL {table}")
            elif connection.vendor == "sqlite":
                for _ in range(100):
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    row = cursor.fetchone()
                    if row is None or not row[0]:  # not busy: done (or not in WAL mode)
                        break
                    time.sleep(0.05)
    except Exception:
        return


def _user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def congress_allows_phones(congress: Congress) -> bool:
    return on_phones(BallotForm(congress.ballot_form))


__all__ = [
    "BallotContent",
    "Cast",
    "Progress",
    "cast_ballot",
    "cast_by_id",
    "close_poll",
    "congress_allows_phones",
    "extend_poll",
    "facts",
    "issue_paper_ballot",
    "open_poll",
    "open_refusal",
    "poll_of",
    "progress",
    "read_ballot",
    "read_for",
]
