"""Attacks on the audit trail by someone with database access but not the key (issue 10, "The audit trail").

Each test plays one attack and checks that `daihoi audit verify` (with the anchor printed on the counting
minutes where only an anchor can tell) now fails. The PostgreSQL-only attacks (TRUNCATE) are skipped on
SQLite and run in the PostgreSQL pass.
"""

from __future__ import annotations

import io
import os
import stat

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from daihoi.audit import triggers
from daihoi.audit.chain import entry_hash, key_id
from daihoi.audit.keys import _load, audit_key, key_path
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import AuditChainError, audit_anchor, log_action
from daihoi.audit.verify import (
    ANCHOR,
    DELETED,
    EDITED,
    EMPTY,
    KEY,
    TRUNCATED,
    AnchorError,
    parse_anchor,
    verify_chain,
)

ATTACKER_KEY = b"an attacker's guess at the key, 32+ bytes long"


def _append(n: int, actor: object = "tester") -> list[AuditEntry]:
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(log_action("test.thing.done", actor=actor, data={"i": i, "note": "Chi bộ số 1"}))
    return entries


def _tamper(sql: str, params: list | None = None) -> None:
    """Raw SQL with the append-only triggers dropped for the statement (as an attacker with DB access)."""
    with transaction.atomic():
        triggers.drop(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
        triggers.install(connection)


def _verify(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _anchor_arg() -> str:
    head, length = audit_anchor()
    return f"{head}:{length}"


# --- every field is covered by the keyed hash ----------------------------------------------------------


@pytest.mark.django_db
def test_changing_the_actor_fails_verify(django_user_model):
    """The attack of the issue: the actor (the user's id) was not hashed; now it is."""
    alice = django_user_model.objects.create_user(username="alice", password="x" * 10)
    mallory = django_user_model.objects.create_user(username="mallory", password="x" * 10)
    entry = _append(3, actor=alice)[1]
    assert verify_chain().ok
    _tamper("UPDATE audit_auditentry SET actor_id = %s WHERE seq = %s", [mallory.pk, entry.seq])
    assert AuditEntry.objects.get(seq=entry.seq).actor_id == mallory.pk
    report = verify_chain()
    assert (report.problem, report.seq) == (EDITED, entry.seq)
    code, _out, err = _verify()
    assert code == 1
    assert "(edited)" in err


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_id", None),
        ("actor_label", "mallory"),
        ("at", "2020-01-01 00:00:00"),
        ("action", "test.thing.undone"),
        ("object_type", "organizations.member"),
        ("object_id", "42"),
        ("organization_code", "other-org"),
        ("data", '{"i": 1, "note": "Chi bộ số 2"}'),
        ("prev_hash", "0" * 64),
    ],
)
@pytest.mark.django_db
def test_changing_any_field_fails_verify(column, value, django_user_model):
    user = django_user_model.objects.create_user(username="alice", password="x" * 10)
    entry = _append(3, actor=user)[1]
    _tamper(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = %s", [value, entry.seq])  # noqa: S608
    report = verify_chain()
    assert not report.ok
    assert report.problem == EDITED
    assert report.seq in (entry.seq, entry.seq - 1)


@pytest.mark.django_db
def test_renumbering_an_entry_fails_verify():
    entries = _append(3)
    _tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [entries[-1].seq + 5, entries[1].seq])
    report = verify_chain()
    assert (report.problem, report.seq) == (DELETED, entries[1].seq)


# --- forging needs the key ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_rewriting_an_entry_and_every_later_hash_without_the_key_fails():
    """Today's attack: rewrite one entry, recompute it and every later hash and the head. Without the key
    the recomputed hashes are not the installation's: verify names the rewritten entry."""
    entries = _append(5)
    target = entries[1].seq
    rows = list(AuditEntry.objects.filter(seq__gte=target).order_by("seq").values())
    prev = rows[0]["prev_hash"]
    with transaction.atomic():
        triggers.drop(connection)
        for row in rows:
            if row["seq"] == target:
                row["data"] = {"i": 99}
            row["prev_hash"] = prev
            row["hash"] = prev = entry_hash(ATTACKER_KEY, row)
            AuditEntry.objects.filter(pk=row["id"]).update(
                data=row["data"], prev_hash=row["prev_hash"], hash=row["hash"]
            )
        AuditHead.objects.filter(chain="").update(last_hash=prev)
        triggers.install(connection)
    report = verify_chain()
    assert (report.problem, report.seq) == (EDITED, target)


@pytest.mark.django_db
def test_a_whole_chain_forged_with_another_key_is_named():
    """Deleting everything and writing a complete new chain (the head's key id copied too) fails at #1."""
    _append(3)
    rows = list(AuditEntry.objects.order_by("seq").values())
    prev = "0" * 64
    with transaction.atomic():
        triggers.drop(connection)
        for row in rows:
            row["prev_hash"] = prev
            row["hash"] = prev = entry_hash(ATTACKER_KEY, row)
            AuditEntry.objects.filter(pk=row["id"]).update(prev_hash=row["prev_hash"], hash=row["hash"])
        AuditHead.objects.filter(chain="").update(last_hash=prev, key_id=key_id(ATTACKER_KEY))
        triggers.install(connection)
    report = verify_chain()
    assert (report.problem, report.seq) == (KEY, 1)
    code, _out, err = _verify()
    assert code == 1
    assert "(key)" in err


@pytest.mark.django_db
def test_replacing_the_newest_entry_fails_verify():
    """The newest entry deleted and a new one inserted in its place (linked, hashed without the key)."""
    last = _append(3)[-1]
    row = AuditEntry.objects.values().get(seq=last.seq)
    forged = {**row, "action": "test.thing.undone", "actor_label": "intruder"}
    forged["hash"] = entry_hash(ATTACKER_KEY, forged)
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s", [last.seq])
    with transaction.atomic():
        AuditEntry.objects.bulk_create([AuditEntry(**{k: v for k, v in forged.items() if k != "id"})])
        AuditHead.objects.filter(chain="").update(last_hash=forged["hash"])
    report = verify_chain()
    assert (report.problem, report.seq) == (EDITED, last.seq)


# --- deleting everything, the tail, truncation ---------------------------------------------------------


@pytest.mark.django_db
def test_deleting_every_entry_fails_verify_and_refuses_appends():
    _append(3)
    _tamper("DELETE FROM audit_auditentry")
    with transaction.atomic():
        AuditHead.objects.filter(chain="").update(last_seq=0, last_hash="0" * 64)
    report = verify_chain()
    assert (report.problem, report.count) == (EMPTY, 0)
    code, _out, err = _verify()
    assert code == 1
    assert "(empty)" in err
    # The app does not quietly start a new log over the emptied one.
    with pytest.raises(AuditChainError), transaction.atomic():
        log_action("test.thing.done")
    assert verify_chain().problem == EMPTY


@pytest.mark.django_db
def test_deleting_the_head_row_too_fails_verify():
    _append(2)
    _tamper("DELETE FROM audit_auditentry")
    with transaction.atomic():
        AuditHead.objects.all().delete()
    assert verify_chain().problem == EMPTY


@pytest.mark.django_db
def test_deleting_the_tail_and_moving_the_head_back_fails_against_the_anchor():
    """The issue's attack: delete the last 10 entries, copy an earlier hash into the head. The chain left
    is valid in itself — only the anchor printed on a document (or any record outside the database) tells."""
    _append(15)
    anchor = _anchor_arg()
    assert _verify("--anchor", anchor)[0] == 0
    last = AuditEntry.objects.filter(chain="").order_by("-seq").first()
    keep = AuditEntry.objects.get(chain="", seq=last.seq - 10)
    _tamper("DELETE FROM audit_auditentry WHERE chain = '' AND seq > %s", [keep.seq])
    with transaction.atomic():
        AuditHead.objects.filter(chain="").update(last_seq=keep.seq, last_hash=keep.hash)
    assert verify_chain().ok  # without an anchor nothing inside the database can tell (docs/security.md)
    # The anchored entry is gone: without its chain named, no chain holds it.
    assert (
        verify_chain(anchor=parse_anchor(anchor)).problem,
        verify_chain(anchor=parse_anchor(anchor)).seq,
    ) == (
        ANCHOR,
        last.seq,
    )
    report = verify_chain(anchor=parse_anchor(anchor), chain="")
    assert (report.problem, report.seq) == (TRUNCATED, keep.seq + 1)
    assert _verify("--anchor", anchor)[0] == 1
    code, _out, err = _verify("--org", "", "--anchor", anchor)  # the system chain
    assert code == 1
    assert "(truncated)" in err
    assert f"#{last.seq} " in err


@pytest.mark.django_db
def test_deleting_the_tail_without_moving_the_head_fails_verify():
    entries = _append(12)
    _tamper("DELETE FROM audit_auditentry WHERE seq > %s", [entries[1].seq])
    report = verify_chain()
    assert (report.problem, report.seq) == (DELETED, entries[1].seq + 1)


@pytest.mark.django_db
def test_the_anchor_still_verifies_after_more_entries_and_names_a_changed_entry():
    entries = _append(4)
    anchor = _anchor_arg()
    _append(3)
    code, out, err = _verify("--anchor", anchor)
    assert code == 0, err
    assert f"#{entries[-1].seq} " in out
    # An anchor whose hash is not the entry's (a rewritten history, or a typo) fails.
    head, length = parse_anchor(anchor)
    wrong = ("f" if head[0] != "f" else "e") + head[1:]
    code, _out, err = _verify("--anchor", f"{wrong}:{length}")
    assert code == 1
    assert "(anchor)" in err
    # A prefix of 32 hex digits is enough; the length may carry Vietnamese thousands dots.
    assert verify_chain(anchor=parse_anchor(f"{head[:32]}:{length}")).ok


def test_malformed_anchors_are_refused():
    for text in ("", "abc", "abcd:12", "g" * 40 + ":3", "a" * 40 + ":0", "a" * 40 + ":x", "a" * 65 + ":1"):
        with pytest.raises(AnchorError):
            parse_anchor(text)
    assert parse_anchor(" " + "AB" * 20 + ":1.234 ") == ("ab" * 20, 1234)


@pytest.mark.django_db
def test_malformed_anchor_is_exit_2():
    from django.core.management import CommandError

    with pytest.raises(CommandError) as info:
        _verify("--anchor", "1234")
    assert info.value.returncode == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_truncate_of_both_tables_fails_verify_on_postgresql():
    """TRUNCATE does not fire row triggers: the emptied log must still fail verify."""
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE of the audit tables: PostgreSQL only (SQLite has no TRUNCATE)")
    _append(3)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry, audit_audithead")
    assert AuditEntry.objects.count() == 0
    report = verify_chain()
    assert report.problem == EMPTY
    assert _verify()[0] == 1
    with pytest.raises(AuditChainError), transaction.atomic():
        log_action("test.thing.done")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_truncate_of_the_entries_only_fails_verify_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE: PostgreSQL only")
    _append(3)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    report = verify_chain()
    assert report.problem == EMPTY


# --- the key -------------------------------------------------------------------------------------------


def test_the_key_file_is_made_once_readable_by_its_owner_only(tmp_path, settings):
    settings.AUDIT_KEY = ""
    settings.AUDIT_KEY_FILE = tmp_path / "var" / "audit_key"
    _load.cache_clear()
    try:
        key = audit_key()
        assert len(key) == 64
        mode = stat.S_IMODE(os.stat(key_path()).st_mode)
        assert mode == 0o600
        _load.cache_clear()
        assert audit_key() == key  # read back, not made again
        assert not [p for p in (tmp_path / "var").iterdir() if p.name != "audit_key"]  # no temp file left
    finally:
        _load.cache_clear()


def test_the_key_can_come_from_the_environment(settings):
    settings.AUDIT_KEY = "k" * 40
    _load.cache_clear()
    try:
        assert audit_key() == b"k" * 40
        settings.AUDIT_KEY = "short"
        _load.cache_clear()
        from daihoi.audit.keys import AuditKeyError

        with pytest.raises(AuditKeyError):
            audit_key()
    finally:
        _load.cache_clear()


@pytest.mark.django_db
def test_an_app_server_with_another_key_refuses_to_append(settings):
    _append(1)
    ours = settings.AUDIT_KEY
    settings.AUDIT_KEY = "another installation's key, long enough"
    try:
        with pytest.raises(AuditChainError), transaction.atomic():
            log_action("test.thing.done")
        assert verify_chain().problem == KEY
    finally:
        settings.AUDIT_KEY = ours
    assert verify_chain().ok
