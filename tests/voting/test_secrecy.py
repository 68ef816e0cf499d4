"""Secrecy of electronic ballots (issue 12, "Secrecy and integrity"; docs/security.md, "Electronic voting").

Nothing stored, logged, audited or answered lets anyone with full database and log access link a
delegate to what their ballot says: who voted (`Participation`) is kept apart from what was voted
(`Ballot`: random id, no voter, no time), and once the poll is closed not even the ballots' order, ids,
row positions or (PostgreSQL) transaction ids follow the order of casting.
"""

from __future__ import annotations

import copy
import logging
import math
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test import Client
from django.utils.log import configure_logging
from secrecy_setup import build, distinct_struck

from daihoi.audit.models import AuditEntry
from daihoi.voting.models import Ballot, Device, Participation, Poll
from daihoi.voting.phone_auth import COOKIE_NAME
from daihoi.voting.services import polls

TIME_FIELDS = (models.DateField, models.TimeField, models.DurationField)  # DateTimeField is a DateField


# ---------------------------------------------------------------- the schema


def _project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("daihoi.")]


@pytest.mark.django_db
def test_the_ballot_table_holds_no_voter_no_time_and_a_random_id():
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert set(fields) == {"id", "poll", "content"}, "a new field on Ballot must be weighed for secrecy"
    relations = [f for f in fields.values() if f.is_relation]
    assert [(f.name, f.related_model) for f in relations] == [("poll", Poll)]
    assert not any(isinstance(f, TIME_FIELDS) for f in fields.values())
    pk = Ballot._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4  # random (version 4), not uuid1 (time and MAC) nor a sequence
    assert not pk.editable
    # The table itself, as the database has it (a column added by raw SQL would show here).
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "voting_ballot")}
    assert columns == {"id", "poll_id", "content"}


@pytest.mark.django_db
def test_the_participation_table_has_no_time_and_no_ballot():
    fields = {f.name: f for f in Participation._meta.get_fields()}
    assert set(fields) == {"id", "poll", "delegate", "channel"}
    assert not any(isinstance(f, TIME_FIELDS) for f in fields.values())
    assert {f.related_model for f in fields.values() if f.is_relation} == {
        Poll,
        apps.get_model("congresses", "Delegate"),
    }
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, "voting_participation")
    columns = {c.name for c in table}
    assert columns == {"id", "poll_id", "delegate_id", "channel"}


@pytest.mark.django_db
def test_no_model_and_no_table_links_anything_to_a_ballot():
    """No foreign key, one-to-one or many-to-many of any model points at Ballot (so nothing can tie a
    delegate, a device, a user or an audit entry to one), and Ballot points only at its Poll."""
    for model in _project_models():
        for f in model._meta.get_fields(include_hidden=True):
            if model is Ballot or not f.is_relation or f.auto_created:
                continue
            assert f.related_model is not Ballot, f"{model.__name__}.{f.name} links to a ballot"
    # The same in the database's own constraints (a table made by a raw migration would show here).
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            for column, (_other_column, other_table) in connection.introspection.get_relations(
                cursor, table
            ).items():
                if table != "voting_ballot":
                    assert other_table != "voting_ballot", f"{table}.{column} references a ballot"
                else:
                    assert (column, other_table) == ("poll_id", "voting_poll")


def test_a_device_or_delegate_model_carries_no_ballot_field():
    """The models that name a voter (Device, Participation, Delegate) hold no JSON, text or id field
    that could be filled with a ballot's id or content: every field is accounted for."""
    allowed = {
        Device: {"id", "delegate", "token_hash", "label", "bound_at", "revoked_at", "revoked_by"},
        Participation: {"id", "poll", "delegate", "channel"},
    }
    for model, names in allowed.items():
        assert {f.name for f in model._meta.concrete_fields} == names


@pytest.mark.django_db(transaction=True)
def test_after_a_cast_no_row_outside_the_ballot_table_holds_a_ballot_id():
    """A JSON field or a generic relation (an audit entry's object id, say) could carry a ballot's id
    where no foreign key shows: every column of every table is read after casts and after the close."""
    setup = build(13)
    poll = polls.open_poll(setup.round)
    for n, struck in zip(sorted(setup.devices), distinct_struck(13), strict=True):
        polls.cast_ballot(poll, setup.devices[n], polls.read_ballot(setup.round, struck=struck))
    during = [str(b) for b in Ballot.objects.filter(poll=poll).values_list("id", flat=True)]
    polls.close_poll(poll)
    after = [str(b) for b in Ballot.objects.filter(poll=poll).values_list("id", flat=True)]
    assert not set(during) & set(after), "closing gives every ballot a new random id"
    needles = [v for i in during + after for v in (i, i.replace("-", ""))]
    found = _rows_holding(needles, skip={"voting_ballot"})
    assert found == []


def _rows_holding(needles: list[str], skip: set[str]) -> list[tuple[str, str]]:
    """(table, needle) for every row of every table (but `skip`) whose text holds one of `needles`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in skip:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(_text(v) for v in row)
                found += [(table, n) for n in needles if n in text]
    return found


def _text(value: object) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex() + " " + bytes(value).decode("latin-1")
    return str(value)


# ---------------------------------------------------------------- the order of casting


def spearman(order: list[int]) -> float:
    """Spearman's rank correlation between positions 0..n-1 and `order` (a permutation of 0..n-1)."""
    n = len(order)
    d2 = sum((i - r) ** 2 for i, r in enumerate(order))
    return 1 - 6 * d2 / (n * (n * n - 1))


# 200 ballots: under a uniformly random order Spearman's rho is ~normal with sd 1/sqrt(n-1) = 0.0709, so
# |rho| >= 0.5 is a 7-sigma event, P ~ 2e-12 per check: this never fails by chance. Kept order (no
# shuffle, a sequence, physical insertion order) gives rho = 1.
ORDER_BALLOTS = 200
RHO_LIMIT = 0.5


def test_the_rank_check_tells_a_kept_order_from_a_shuffled_one():
    import random

    n = ORDER_BALLOTS
    assert spearman(list(range(n))) == 1
    assert spearman(list(reversed(range(n)))) == -1
    shuffled = list(range(n))
    random.Random(12).shuffle(shuffled)
    assert abs(spearman(shuffled)) < RHO_LIMIT
    assert 1 / math.sqrt(n - 1) < RHO_LIMIT / 7


@pytest.fixture
def cast_in_order(transactional_db):
    """200 ballots of distinct content cast in a known order, then the poll closed (for real: committed,
    so the close's after-commit compaction runs). Returns (poll, contents in casting order, ids as cast)."""
    setup = build(ORDER_BALLOTS)
    poll = polls.open_poll(setup.round)
    cast: list[str] = []
    ids_as_cast: list[str] = []
    for n, struck in zip(sorted(setup.devices), distinct_struck(ORDER_BALLOTS), strict=True):
        content = polls.read_ballot(setup.round, struck=struck)
        before = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
        polls.cast_ballot(poll, setup.devices[n], content)
        (new,) = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True)) - before
        cast.append(content.content)
        ids_as_cast.append(new.hex)
    assert len(set(cast)) == ORDER_BALLOTS
    poll = polls.close_poll(poll)
    return poll, cast, ids_as_cast


def _ranks(contents_in_some_order: list[str], cast: list[str]) -> list[int]:
    position = {c: i for i, c in enumerate(cast)}
    return [position[c] for c in contents_in_some_order]


def test_closed_ballots_keep_no_order_of_casting(cast_in_order):
    poll, cast, _ids = cast_in_order
    by_pk = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("content", flat=True))
    assert sorted(by_pk) == sorted(cast)
    assert abs(spearman(_ranks(by_pk, cast))) < RHO_LIMIT
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # No hidden rowid growing with each insert: the rows are stored in the order of their ids.
            with pytest.raises(Exception, match="rowid"):
                cursor.execute("SELECT rowid FROM voting_ballot")
            cursor.execute("SELECT content FROM voting_ballot WHERE poll_id = %s", [poll.pk])
        else:
            cursor.execute("SELECT content FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", [poll.pk])
        physical = [row[0] for row in cursor.fetchall()]
    assert sorted(physical) == sorted(cast)
    assert abs(spearman(_ranks(physical, cast))) < RHO_LIMIT


def test_on_postgresql_the_ballots_carry_the_close_transaction_only(cast_in_order):
    """Every cast commits its Participation and its Ballot in one transaction, so while the poll is open
    they share an xmin. The close rewrites every ballot: all carry the close's xmin, none a cast's."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    poll, _cast, _ids = cast_in_order
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT xmin::text FROM voting_ballot WHERE poll_id = %s", [poll.pk])
        ballot_xmins = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM voting_participation WHERE poll_id = %s", [poll.pk])
        participation_xmins = [row[0] for row in cursor.fetchall()]
    assert len(ballot_xmins) == 1
    assert len(participation_xmins) == ORDER_BALLOTS
    assert not ballot_xmins & set(participation_xmins)


def test_the_ballots_as_cast_leave_no_trace_in_the_database_files(cast_in_order):
    """The rows as cast (their ids, in the order of casting) are gone after the close, dead rows too:
    SQLite overwrites deleted content (secure_delete) and its write-ahead log is emptied; PostgreSQL's
    table is rewritten (VACUUM FULL) so no dead tuple of the casts stays in its pages."""
    poll, _cast, ids_as_cast = cast_in_order
    if connection.vendor == "sqlite":
        db = Path(connection.settings_dict["NAME"])
        data = b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())
        left = [i for i in ids_as_cast if i.encode() in data]
    else:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
            cursor.execute("SELECT pg_relation_size('voting_ballot') / current_setting('block_size')::int")
            (pages,) = cursor.fetchone()
            data = b""
            for page in range(pages):
                cursor.execute(
                    "SELECT t_data FROM heap_page_items(get_raw_page('voting_ballot', %s))", [page]
                )
                data += b"".join(bytes(row[0]) for row in cursor.fetchall() if row[0] is not None)
        left = [i for i in ids_as_cast if uuid.UUID(i).bytes in data]
        assert len(data) > 0
    assert left == []
    current = [b.hex for b in Ballot.objects.filter(poll=poll).values_list("id", flat=True)]
    assert len(current) == ORDER_BALLOTS


# ---------------------------------------------------------------- logs, audit, answers, sessions

CSRF = "b" * 32


def _phone(token: str) -> Client:
    c = Client(enforce_csrf_checks=True)
    c.cookies[COOKIE_NAME] = token
    c.cookies["csrftoken"] = CSRF
    return c


def _cast_api(c: Client, poll: Poll, body: dict):
    return c.post(
        f"/api/voting/polls/{poll.pk}/ballot", body, content_type="application/json", HTTP_X_CSRFTOKEN=CSRF
    )


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _record_text(record: logging.LogRecord) -> str:
    """Everything a handler could write of a record: the message and every attribute (the SQL and
    its parameters of django.db.backends, the request of django.request, ...)."""
    return record.getMessage() + " " + " ".join(f"{k}={v!r}" for k, v in vars(record).items())


@contextmanager
def every_log_record(*, sql_cursor: bool, config: dict | None = None) -> Iterator[_Capture]:
    """Every record any logger emits, at DEBUG, under the production logging configuration (its root
    raised to DEBUG, as DAIHOI_LOG_LEVEL=DEBUG does). `sql_cursor`: Django's debug cursor on, as with
    DAIHOI_DEBUG=1, so the database layer emits its SQL records (which only the configuration filters)."""
    config = copy.deepcopy(settings.LOGGING if config is None else config)
    config["root"]["level"] = "DEBUG"
    configure_logging(settings.LOGGING_CONFIG, config)  # as at start-up: Django's defaults, then ours
    capture = _Capture()
    logging.root.addHandler(capture)
    forced = connection.force_debug_cursor
    connection.force_debug_cursor = sql_cursor
    try:
        yield capture
    finally:
        connection.force_debug_cursor = forced
        logging.root.removeHandler(capture)
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def _ballot_marks(poll: Poll) -> list[str]:
    """What would point at a ballot in a log line: its id (both spellings), the table's name."""
    ids = [str(i) for i in Ballot.objects.filter(poll=poll).values_list("id", flat=True)]
    return [*ids, *(i.replace("-", "") for i in ids), "voting_ballot"]


@pytest.fixture
def api_poll(db):
    setup = build(13)
    return setup, polls.open_poll(setup.round)


def test_a_cast_through_the_api_logs_and_audits_nothing_of_the_ballot(api_poll):
    """A cast with every logger at DEBUG and Django's SQL cursor on: no record names the ballot (its
    id, its table: the SQL inserting it beside the SQL inserting the voter's participation would tie
    them), and no audit entry is written (the Participation row is the only record of who voted)."""
    setup, poll = api_poll
    audit_before = AuditEntry.objects.count()
    with every_log_record(sql_cursor=True) as logs:
        r = _cast_api(_phone(setup.tokens[7]), poll, {"struck": [3, 7]})
    assert r.status_code == 201, r.content
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert AuditEntry.objects.count() == audit_before
    marks = _ballot_marks(poll)
    leaks = [_record_text(rec) for rec in logs.records if any(m in _record_text(rec) for m in marks)]
    assert leaks == []


def test_the_log_check_finds_sql_logging_of_a_cast(api_poll):
    """The check above is able to fail: with django.db.backends at DEBUG (a configuration that turns
    Django's loggers up; the production LOGGING pins that logger at INFO), the SQL of a cast names the
    ballot table and its id, in the same request as the voter's participation."""
    setup, poll = api_poll
    config = copy.deepcopy(settings.LOGGING)
    config["loggers"] = {"django.db.backends": {"level": "DEBUG"}}
    with every_log_record(sql_cursor=True, config=config) as logs:
        assert _cast_api(_phone(setup.tokens[7]), poll, {"struck": [3, 7]}).status_code == 201
    marks = _ballot_marks(poll)
    texts = [_record_text(rec) for rec in logs.records]
    assert any("voting_participation" in t for t in texts)
    assert any(m in t for t in texts for m in marks)


def test_the_production_config_logs_no_sql():
    """Whatever DAIHOI_LOG_LEVEL says (and even with Django's logger turned up), the database layer's
    DEBUG records (every statement with its parameters) are dropped by the production configuration."""
    config = copy.deepcopy(settings.LOGGING)
    config["root"]["level"] = "DEBUG"
    config["loggers"]["django"] = {"level": "DEBUG"}  # even with Django's own logger turned up
    configure_logging(settings.LOGGING_CONFIG, config)
    try:
        assert not logging.getLogger("django.db.backends").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("django.db.backends.schema").isEnabledFor(logging.DEBUG)
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_the_cast_answer_and_the_receipt_carry_no_ballot(api_poll):
    setup, poll = api_poll
    c = _phone(setup.tokens[7])
    r = _cast_api(c, poll, {"struck": [3, 7]})
    assert r.status_code == 201
    assert set(r.json()) == {"accepted", "title", "round"}
    assert r.json()["accepted"] is True
    receipt = c.get(f"/v/polls/{poll.pk}/?cast=1")
    assert receipt.status_code == 200
    page = receipt.content.decode()
    (ballot,) = Ballot.objects.filter(poll=poll)
    names = list(setup.round.entries.values_list("candidate__full_name", flat=True))
    assert len(names) == 10
    for text in (r.content.decode(), page):
        assert str(ballot.id) not in text
        assert ballot.id.hex not in text
        assert ballot.content not in text.replace(" ", "")  # "3,7"
        assert not [n for n in names if n in text], "the receipt names no candidate"
    # The phone's own page (no JavaScript: review, then cast) answers the same way.
    c8 = _phone(setup.tokens[8])
    form = {"csrfmiddlewaretoken": CSRF, "step": "cast", "struck": ["2", "9"]}
    r = c8.post(f"/v/polls/{poll.pk}/", form, follow=True)
    assert r.status_code == 200
    assert Participation.objects.filter(poll=poll).count() == 2
    page = r.content.decode()
    assert not [str(b.id) for b in Ballot.objects.filter(poll=poll) if str(b.id) in page or b.id.hex in page]
    assert not [n for n in names if n in page]


def test_a_cast_writes_no_session(api_poll, django_user_model):
    """Even in a browser with a staff login (a session row), casting on the API or the phone page does
    not write the session table: no row added, changed or given a new expiry."""
    setup, poll = api_poll
    user = django_user_model.objects.create_user(username="sec-staff", password="x")

    def sessions() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_key, session_data, expire_date FROM django_session ORDER BY 1")
            return cursor.fetchall()

    c = _phone(setup.tokens[7])
    c.force_login(user)
    c8 = _phone(setup.tokens[8])
    c8.force_login(user)
    before = sessions()
    assert len(before) == 2
    assert _cast_api(c, poll, {"struck": [3, 7]}).status_code == 201
    form = {"csrfmiddlewaretoken": CSRF, "step": "cast", "struck": ["2", "9"]}
    assert c8.post(f"/v/polls/{poll.pk}/", form).status_code == 303
    assert Participation.objects.filter(poll=poll).count() == 2
    assert sessions() == before


def test_no_backup_while_a_poll_is_open(api_poll, tmp_path):
    """A copy taken during the poll would keep the ballots in the order of casting beside the
    participations (pg_dump writes rows in their physical order): `daihoi backup` refuses it."""
    from django.core.management import CommandError, call_command

    _setup, poll = api_poll
    with pytest.raises(CommandError) as err:
        call_command("backup", str(tmp_path / "during.bak"))
    assert err.value.returncode == 2
    assert "--during-poll" in str(err.value)
    assert not (tmp_path / "during.bak").exists()
    polls.close_poll(poll)
    from daihoi.management.commands.backup import _poll_open

    assert not _poll_open("default")  # closed: the backup goes ahead
