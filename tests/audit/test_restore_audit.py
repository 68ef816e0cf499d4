"""`daihoi restore` checks the backup's audit log before replacing anything: a backup whose triggers were
dropped, whose chain is broken or whose log is empty is refused (exit 2) unless --force, which is itself
audited; after any restore the append-only triggers are installed again (issue 10)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from daihoi.audit import triggers
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import log_action
from daihoi.audit.verify import verify_chain
from daihoi.management.backup_audit import parse_copy
from daihoi.organizations.models import Organization, OrganizationKind


def _org(code: str) -> Organization:
    with transaction.atomic():
        org = Organization.objects.create(code=code, name=f"Chi bộ {code}", kind=OrganizationKind.BRANCH)
        log_action("organizations.organization.created", actor="tester", obj=org, organization=org)
    return org


def _path(tmp_path: Path) -> Path:
    return tmp_path / ("daihoi.dump" if connection.vendor == "postgresql" else "daihoi.sqlite3")


def _backup(tmp_path: Path) -> Path:
    path = _path(tmp_path)
    call_command("backup", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return path


def _sql(sql: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        triggers.drop(connection)
        cursor.execute(sql, params or [])
        triggers.install(connection)


def _restore(path: Path, *extra: str) -> str:
    err = io.StringIO()
    call_command("restore", str(path), "--yes", *extra, stdout=io.StringIO(), stderr=err)
    connections.close_all()
    return err.getvalue()


def _refused(path: Path) -> CommandError:
    with pytest.raises(CommandError) as info:
        _restore(path)
    assert info.value.returncode == 2
    assert "--force" in str(info.value)
    return info.value


@pytest.mark.django_db(transaction=True)
def test_a_backup_without_triggers_is_refused_then_forced_and_the_triggers_come_back(tmp_path):
    _org("a")
    with transaction.atomic():
        triggers.drop(connection)
    path = _backup(tmp_path)
    triggers.install(connection)
    _org("b")  # made after the backup: still here when the restore is refused
    error = _refused(path)
    assert "trigger" in str(error).lower() or "trình kích hoạt" in str(error)
    assert Organization.objects.filter(code="b").exists()

    _restore(path, "--force")
    assert not Organization.objects.filter(code="b").exists()
    assert triggers.installed(connection) == triggers.NAMES
    last = AuditEntry.objects.order_by("-seq").first()
    assert last.action == "system.database.restored"
    assert last.data["forced"] is True
    assert last.data["refused"]
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_a_broken_chain_is_refused(tmp_path):
    _org("a")
    _org("b")
    seq = AuditEntry.objects.get(
        action="organizations.organization.created", object_id=str(Organization.objects.get(code="a").pk)
    ).seq
    _sql("UPDATE audit_auditentry SET actor_label = 'someone else' WHERE seq = %s", [seq])
    path = _backup(tmp_path)
    error = _refused(path)
    assert f"#{seq} " in str(error)
    assert "(edited)" in str(error)


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_an_empty_log_is_refused_then_forced_starts_a_new_log(tmp_path):
    _org("a")
    _sql("DELETE FROM audit_auditentry")
    with transaction.atomic():  # every chain's head
        AuditHead.objects.update(last_seq=0, last_hash="0" * 64)
    path = _backup(tmp_path)  # the backup says it cannot record itself, and still copies
    assert AuditEntry.objects.count() == 0
    _refused(path)
    _restore(path, "--force")
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "data"))
    assert [a for a, _d in actions] == ["system.audit.chain_started", "system.database.restored"]
    assert actions[0][1]["reason"] == "restore"
    assert actions[1][1]["forced"] is True
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_another_installation_is_refused(tmp_path, settings):
    from daihoi.audit.keys import _load

    _org("a")
    path = _backup(tmp_path)
    settings.AUDIT_KEY = "the key of another installation, long enough"
    _load.cache_clear()
    try:
        error = _refused(path)
        assert "(edited)" in str(error)
    finally:
        _load.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_an_intact_backup_restores_without_force_and_triggers_are_in_place(tmp_path):
    _org("a")
    path = _backup(tmp_path)
    _org("b")
    _restore(path)
    assert not Organization.objects.filter(code="b").exists()
    assert triggers.installed(connection) == triggers.NAMES
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.data["forced"], last.data["refused"]) == ("system.database.restored", False, "")
    assert verify_chain().ok


def test_copy_text_is_parsed_with_its_escapes():
    dump = (
        "SET x = 1;\n"
        "COPY public.audit_auditentry (id, seq, data, actor_id) FROM stdin;\n"
        '1\t1\t{"note": "Chi bộ\\\\số 1\\tA"}\t\\N\n'
        "\\.\n"
    )
    rows = parse_copy(dump)["audit_auditentry"]
    assert rows == [{"id": "1", "seq": "1", "data": '{"note": "Chi bộ\\số 1\tA"}', "actor_id": None}]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_the_keyed_chain_is_checked_the_old_way_and_rechained(tmp_path):
    """A backup made by the previous version (unkeyed chain, no key id in the head): checked with the old
    scheme, restored without --force, then re-chained by the migration it lacks."""
    import sqlite3
    from contextlib import closing

    from daihoi.audit.chain import GENESIS_HASH, legacy_hash

    if connection.vendor != "sqlite":
        pytest.skip("an old-version backup is made here by editing an SQLite file")
    _org("a")
    path = _backup(tmp_path)
    with closing(sqlite3.connect(path)) as db:  # turn the copy into what the previous version wrote
        db.row_factory = sqlite3.Row
        for sql in triggers.SQLITE_DROP:
            db.execute(sql)
        # The tables as the previous version had them: one chain (no chain column), one head row.
        db.execute("ALTER TABLE audit_auditentry RENAME TO audit_old")
        db.execute(
            "CREATE TABLE audit_auditentry (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
            "seq bigint NOT NULL UNIQUE, at datetime NOT NULL, actor_id integer NULL, "
            "actor_label varchar(150) NOT NULL, action varchar(100) NOT NULL, "
            "object_type varchar(100) NOT NULL, object_id varchar(64) NOT NULL, "
            "organization_code varchar(64) NOT NULL, data text NOT NULL, "
            "prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL UNIQUE)"
        )
        db.execute(
            "INSERT INTO audit_auditentry SELECT id, row_number() OVER (ORDER BY id), at, actor_id, "
            "actor_label, action, object_type, object_id, organization_code, data, prev_hash, hash "
            "FROM audit_old"
        )
        db.execute("DROP TABLE audit_old")
        db.execute("DROP TABLE audit_audithead")
        db.execute(
            "CREATE TABLE audit_audithead (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
            "last_seq bigint NOT NULL, last_hash varchar(64) NOT NULL)"
        )
        db.execute("INSERT INTO audit_audithead SELECT 1, COUNT(*), '' FROM audit_auditentry")
        db.execute("DELETE FROM django_migrations WHERE app = 'audit' AND name >= '0003'")
        prev = GENESIS_HASH
        for row in [dict(r) for r in db.execute("SELECT * FROM audit_auditentry ORDER BY seq")]:
            row["prev_hash"] = prev
            prev = legacy_hash(row)
            db.execute(
                "UPDATE audit_auditentry SET prev_hash = ?, hash = ? WHERE id = ?",
                [row["prev_hash"], prev, row["id"]],
            )
        db.execute("UPDATE audit_audithead SET last_hash = ? WHERE id = 1", [prev])
        for sql in triggers.SQLITE_INSTALL:
            db.execute(sql)
        db.commit()
    _org("b")
    _restore(path)
    assert not Organization.objects.filter(code="b").exists()
    assert verify_chain().ok
    actions = list(AuditEntry.objects.filter(chain="").order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["system.audit.chains_split", "system.database.restored"]
    started = AuditEntry.objects.filter(chain="", action="system.audit.chain_started", data__reason="migrate")
    marker = started.order_by("-seq").first()  # the one 0003 wrote on restoring
    assert marker.data["legacy_problem"] == ""
    assert AuditEntry.objects.get(action="system.audit.chains_split").data["previous_problem"] == ""
    assert AuditEntry.objects.filter(chain="a", action="organizations.organization.created").exists()
    assert AuditHead.objects.get(chain="").key_id
