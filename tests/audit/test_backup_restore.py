"""`daihoi backup` / `daihoi restore` on the test database (SQLite or PostgreSQL), and their refusals."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from daihoi.audit.models import AuditEntry
from daihoi.audit.services import log_action
from daihoi.audit.verify import verify_chain
from daihoi.management.dbcopy import sqlite_backup
from daihoi.organizations.models import Organization, OrganizationKind


def _org(code: str, name: str) -> Organization:
    with transaction.atomic():
        org = Organization.objects.create(code=code, name=name, kind=OrganizationKind.GRASSROOTS_BRANCH)
        log_action("organizations.organization.created", actor="tester", obj=org, organization=org)
    return org


def _backup_name(tmp_path: Path) -> Path:
    return tmp_path / ("daihoi.dump" if connection.vendor == "postgresql" else "daihoi.sqlite3")


@pytest.mark.django_db(transaction=True)
def test_backup_change_restore_brings_the_data_back(tmp_path):
    org = _org("cb-a", "Chi bộ A")
    path = _backup_name(tmp_path)
    call_command("backup", str(path), stdout=io.StringIO())
    assert path.stat().st_size > 0

    Organization.objects.filter(pk=org.pk).update(name="Đã đổi tên")
    _org("cb-b", "Chi bộ B")

    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    connections.close_all()
    assert Organization.objects.get(code="cb-a").name == "Chi bộ A"
    assert not Organization.objects.filter(code="cb-b").exists()
    report = verify_chain()
    assert report.ok, report
    # The chain continues from the backup: its creation entry, then the restore itself.
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-1] == "system.database.restored"
    assert "organizations.organization.created" in actions
    assert actions.count("organizations.organization.created") == 1


@pytest.mark.django_db(transaction=True)
def test_backup_is_audited(tmp_path):
    path = _backup_name(tmp_path)
    call_command("backup", str(path), stdout=io.StringIO())
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "system.database.backed_up"
    assert entry.data["path"] == str(path)
    assert entry.data["bytes"] == path.stat().st_size


@pytest.mark.django_db(transaction=True)
def test_backup_while_another_thread_writes_is_consistent(tmp_path):
    """A writer appends to the audit chain during the backup; the restored chain is whole and verifies."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip(
            "the in-memory SQLite test database cannot be shared with a writer thread; "
            "see test_sqlite_backup_of_a_file_under_concurrent_writes"
        )
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                with transaction.atomic():
                    written.append(log_action("test.concurrent", actor="writer").seq)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.3)
        path = _backup_name(tmp_path)
        call_command("backup", str(path), stdout=io.StringIO())
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    assert len(written) > 5
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    connections.close_all()
    report = verify_chain()
    assert report.ok, report
    restored = AuditEntry.objects.filter(action="test.concurrent").count()
    assert 0 < restored <= len(written)


def test_sqlite_backup_of_a_file_under_concurrent_writes(tmp_path):
    """The SQLite online backup of a live WAL database is a snapshot: never half a transaction."""
    live = tmp_path / "live.sqlite3"
    with closing(sqlite3.connect(live)) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, half INTEGER NOT NULL)")
        setup.commit()
    stop = threading.Event()

    def writer() -> None:
        with closing(sqlite3.connect(live, timeout=20, isolation_level=None)) as conn:
            while not stop.is_set():
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO pairs (half) VALUES (1)")
                conn.execute("INSERT INTO pairs (half) VALUES (2)")
                conn.execute("COMMIT")

    thread = threading.Thread(target=writer)
    thread.start()
    counts = []
    try:
        time.sleep(0.1)
        with closing(sqlite3.connect(live, timeout=20)) as source:
            for i in range(5):
                copy = tmp_path / f"copy{i}.sqlite3"
                sqlite_backup(source, copy)
                with closing(sqlite3.connect(copy)) as check:
                    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
                    ones, twos = check.execute("SELECT sum(half = 1), sum(half = 2) FROM pairs").fetchone()
                counts.append(ones or 0)
                assert ones == twos  # both rows of every committed transaction, or neither
                time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
    assert counts[-1] > counts[0] > 0  # the writer really ran during the copies
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.django_db
def test_unwritable_path_is_refused_with_code_2(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("backup", str(tmp_path / "no-such-folder" / "x.bak"), stdout=io.StringIO())
    assert info.value.returncode == 2
    assert "no-such-folder" in str(info.value)


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("danh sách đảng viên\n")
    with pytest.raises(CommandError) as info:
        call_command("restore", str(bogus), "--yes", stdout=io.StringIO())
    assert info.value.returncode == 2
    assert str(bogus) in str(info.value)


@pytest.mark.django_db
def test_restore_refuses_a_foreign_sqlite_file(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("an SQLite file is no PostgreSQL backup at all (covered by the test above)")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    with pytest.raises(CommandError) as info:
        call_command("restore", str(other), "--yes", stdout=io.StringIO())
    assert info.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_restore_without_yes_changes_nothing(tmp_path):
    _org("cb-a", "Chi bộ A")
    path = _backup_name(tmp_path)
    call_command("backup", str(path), stdout=io.StringIO())
    _org("cb-b", "Chi bộ B")
    with pytest.raises(CommandError) as info:
        call_command("restore", str(path), stdout=io.StringIO())
    assert info.value.returncode == 2
    assert "--yes" in str(info.value)
    assert Organization.objects.filter(code="cb-b").exists()


def test_command_line_exit_code_2_and_no_traceback(tmp_path):
    bogus = tmp_path / "bogus.bak"
    bogus.write_bytes(b"not a database")
    env = {
        **os.environ,
        "DAIHOI_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "daihoi.settings.base",
    }
    daihoi = Path(sys.executable).with_name("daihoi")
    done = subprocess.run(
        [str(daihoi), "restore", str(bogus), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(bogus) in done.stderr


@pytest.mark.django_db
def test_backup_over_the_live_sqlite_file_is_refused(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has no database file")
    from daihoi.management.dbcopy import CopyError, check_not_live

    live = tmp_path / "live.sqlite3"
    live.write_bytes(b"")
    with pytest.raises(CopyError) as info:
        check_not_live(tmp_path / "." / "live.sqlite3", live)
    assert info.value.code == "same_file"
    check_not_live(tmp_path / "other.sqlite3", live)  # another file is fine
    check_not_live(tmp_path / "x.sqlite3", "file:memorydb_default?mode=memory&cache=shared")
