"""The audit chain: append-only in the database, and `daihoi audit verify` finds every kind of tampering."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from daihoi.audit import triggers
from daihoi.audit.chain import entry_hash
from daihoi.audit.keys import audit_key
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import log_action
from daihoi.audit.verify import DELETED, EDITED, INSERTED, verify_chain


def _signed(row: dict) -> str:
    """The hash an insider holding the key would compute for a rewritten row."""
    return entry_hash(audit_key(), row)


def _append(n: int, organization=None) -> list[AuditEntry]:
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(
                log_action("test.thing.done", actor="tester", organization=organization, data={"i": i})
            )
    return entries


def _tamper(sql: str, params: list | None = None) -> None:
    """Raw SQL with the append-only triggers dropped for the statement (as an attacker with DB access)."""
    with transaction.atomic():
        triggers.drop(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
        triggers.install(connection)


def _verify_command() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_migration_installs_both_triggers():
    assert triggers.installed(connection) == {"audit_entry_no_update", "audit_entry_no_delete"}


@pytest.mark.django_db
def test_database_refuses_update_and_delete():
    entry = _append(1)[0]
    for sql in (
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.done"


@pytest.mark.django_db
def test_model_refuses_save_and_delete():
    entry = _append(1)[0]
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.django_db(transaction=True)
def test_log_action_needs_a_transaction():
    with pytest.raises(RuntimeError):
        log_action("test.thing.done")


@pytest.mark.django_db
def test_intact_chain_verifies_and_command_exits_0():
    entries = _append(5)
    report = verify_chain()
    assert report.ok
    assert report.count == AuditEntry.objects.count() == entries[-1].seq
    assert report.last_hash == entries[-1].hash
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    code, out, err = _verify_command()
    assert code == 0, err
    assert f"#{entries[-1].seq}," in out
    assert entries[-1].hash in out


@pytest.mark.django_db
def test_edited_entry_is_named():
    seq = _append(5)[2].seq
    _tamper("UPDATE audit_auditentry SET action = 'test.thing.undone' WHERE seq = %s", [seq])
    report = verify_chain()
    assert (report.problem, report.seq) == (EDITED, seq)
    code, _, err = _verify_command()
    assert code == 1
    assert f"#{seq} " in err
    assert "(edited)" in err


@pytest.mark.django_db
def test_edited_entry_with_recomputed_hash_is_named():
    """Rewriting an entry *and* its own hash (even with the key) still breaks the next entry's link."""
    seq = _append(5)[1].seq
    row = AuditEntry.objects.values().get(seq=seq)
    new_hash = _signed({**row, "data": {"i": 99}})
    _tamper("UPDATE audit_auditentry SET data = %s, hash = %s WHERE seq = %s", ['{"i": 99}', new_hash, seq])
    report = verify_chain()
    assert (report.problem, report.seq) == (EDITED, seq)


@pytest.mark.django_db
def test_deleted_entry_is_named():
    seq = _append(5)[2].seq
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s", [seq])
    report = verify_chain()
    assert (report.problem, report.seq) == (DELETED, seq)
    code, _, err = _verify_command()
    assert code == 1
    assert f"#{seq} " in err
    assert "(deleted)" in err


@pytest.mark.django_db
def test_deleted_newest_entry_is_found_by_the_head():
    seq = _append(4)[-1].seq
    _tamper("DELETE FROM audit_auditentry WHERE seq = %s", [seq])
    report = verify_chain()
    assert (report.problem, report.seq) == (DELETED, seq)


@pytest.mark.django_db
def test_inserted_entry_is_named():
    """An entry appended by hand, correctly hashed (with the key) and linked, is still not in the head."""
    last = _append(3)[-1]
    seq = last.seq + 1
    row = {
        "chain": "",
        "seq": seq,
        "at": last.at,
        "actor_id": None,
        "actor_label": "intruder",
        "action": "test.thing.done",
        "object_type": "",
        "object_id": "",
        "organization_code": "",
        "data": {},
        "prev_hash": last.hash,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (seq, at, actor_label, action, object_type, object_id, "
            "organization_code, data, prev_hash, hash) "
            "VALUES (%s, %s, 'intruder', 'test.thing.done', '', '', '', '{}', %s, %s)",
            [seq, last.at, last.hash, _signed(row)],
        )
    report = verify_chain()
    assert (report.problem, report.seq) == (INSERTED, seq)
    code, _, err = _verify_command()
    assert code == 1
    assert "(inserted)" in err


@pytest.mark.django_db
def test_head_row_is_created_by_the_migration():
    assert AuditHead.objects.filter(chain="").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain():
    """Several threads, each with its own connection, append at once: no duplicate seq, chain intact."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...); SQLite serializes writers by IMMEDIATE")
    from django.db import connections

    threads_n, per_thread = 6, 20
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    log_action("test.concurrent", actor=f"thread-{t}", data={"i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert not errors, errors
    seqs = list(AuditEntry.objects.filter(action="test.concurrent").values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) == threads_n * per_thread
    report = verify_chain()
    assert report.ok, report
    assert report.count == AuditEntry.objects.count()
    per_actor = {f"thread-{t}": per_thread for t in range(threads_n)}
    for label, n in per_actor.items():
        assert AuditEntry.objects.filter(actor_label=label).count() == n


@pytest.mark.django_db
def test_entry_numbered_before_the_chain_is_an_insertion():
    first = _append(2)[0]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (seq, at, actor_label, action, object_type, object_id, "
            "organization_code, data, prev_hash, hash) "
            "VALUES (0, %s, 'intruder', 'test.thing.done', '', '', '', '{}', %s, %s)",
            [first.at, "0" * 64, "f" * 64],
        )
    report = verify_chain()
    assert (report.problem, report.seq) == (INSERTED, 0)


@pytest.mark.django_db
def test_newest_entry_replaced_is_found_by_the_head_hash():
    """The newest entry rewritten and re-signed (with the key): no successor to notice, the head does."""
    seq = _append(3)[-1].seq
    row = AuditEntry.objects.values().get(seq=seq)
    new_hash = _signed({**row, "action": "test.thing.undone"})
    _tamper(
        "UPDATE audit_auditentry SET action = 'test.thing.undone', hash = %s WHERE seq = %s", [new_hash, seq]
    )
    report = verify_chain()
    assert (report.problem, report.seq) == (EDITED, seq)


APPENDER = """
import sys, django
django.setup()
from django.db import transaction
from daihoi.audit.services import log_action
for i in range(int(sys.argv[2])):
    with transaction.atomic():
        log_action("test.concurrent", actor=sys.argv[1], data={"i": i})
"""


@pytest.mark.slow
def test_concurrent_processes_on_a_sqlite_file_keep_one_chain(tmp_path):
    """The default deployment: several server processes append to one SQLite file at once.

    BEGIN IMMEDIATE (settings) makes each writer wait for the others, so the chain stays whole.
    """
    import os
    import sqlite3
    import subprocess
    import sys
    from contextlib import closing

    env = {
        **os.environ,
        "DAIHOI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "daihoi.settings.base",
        "DATABASE_URL": "",
    }
    subprocess.run([sys.executable, "-m", "daihoi", "migrate", "-v0"], env=env, check=True, timeout=300)
    procs_n, per_proc = 4, 40
    procs = [
        subprocess.Popen([sys.executable, "-c", APPENDER, f"proc-{p}", str(per_proc)], env=env)
        for p in range(procs_n)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * procs_n
    with closing(sqlite3.connect(tmp_path / "daihoi.sqlite3")) as db:
        seqs = [r[0] for r in db.execute("SELECT seq FROM audit_auditentry WHERE action = 'test.concurrent'")]
    assert len(seqs) == len(set(seqs)) == procs_n * per_proc
    verify = subprocess.run(
        [sys.executable, "-m", "daihoi", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert verify.returncode == 0, verify.stderr
    assert f"#{procs_n * per_proc + 1}," in verify.stdout  # after the entry that started the log
