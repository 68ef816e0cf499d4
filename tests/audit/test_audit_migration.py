"""Migration audit.0003 re-chains a log written before the key (scheme 1) and seals it with a signed entry
that records what the old chain was; afterwards the whole log verifies with the key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from daihoi.audit import triggers
from daihoi.audit.chain import GENESIS_HASH, legacy_hash
from daihoi.audit.models import AuditEntry
from daihoi.audit.verify import verify_chain

KEYED = ("audit", "0003_keyed_chain")


def _at(i: int) -> tuple[dt.datetime, str]:
    moment = dt.datetime(2026, 11, 20, 8, 0, i, 123456, tzinfo=dt.UTC)
    stored = moment.strftime("%Y-%m-%d %H:%M:%S.%f") + ("+00" if connection.vendor == "postgresql" else "")
    return moment, stored


def _write_legacy_log(n: int, break_at: int | None = None) -> str:
    """n entries hashed the old way, straight into the old schema; returns the newest hash."""
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        triggers.drop(connection)
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("DELETE FROM audit_audithead")
        for seq in range(1, n + 1):
            moment, stored = _at(seq)
            row = {
                "seq": seq, "at": moment, "actor_label": "thuky", "action": "organizations.member.updated",
                "object_type": "organizations.member", "object_id": str(seq), "organization_code": "vp",
                "data": {"ho_ten": "Nguyễn Văn An", "i": seq}, "prev_hash": prev,
            }  # fmt: skip
            digest = legacy_hash(row)
            if seq == break_at:
                digest = "e" * 64
            cursor.execute(
                "INSERT INTO audit_auditentry (seq, at, actor_id, actor_label, action, object_type, "
                "object_id, organization_code, data, prev_hash, hash) "
                "VALUES (%s, %s, NULL, %s, %s, %s, %s, %s, %s, %s, %s)",
                [seq, stored, row["actor_label"], row["action"], row["object_type"], row["object_id"],
                 row["organization_code"], f'{{"ho_ten": "Nguyễn Văn An", "i": {seq}}}', prev, digest],
            )  # fmt: skip
            prev = digest
        cursor.execute("INSERT INTO audit_audithead (id, last_seq, last_hash) VALUES (1, %s, %s)", [n, prev])
        triggers.install(connection)
    return prev


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _back_to_the_unkeyed_log_and_forward(n: int, break_at: int | None = None) -> str:
    _migrate([("audit", "0002_append_only")])
    old_head = _write_legacy_log(n, break_at)
    _migrate([KEYED])
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # and whatever came after
    return old_head


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_legacy_log_is_rechained_and_verifies():
    old_head = _back_to_the_unkeyed_log_and_forward(5)
    report = verify_chain()
    assert report.ok, report
    assert report.count == 6
    marker = AuditEntry.objects.get(seq=6)
    assert marker.action == "system.audit.chain_started"
    assert marker.data["reason"] == "migrate"
    assert marker.data["rechained"] == 5
    assert marker.data["legacy_head"] == old_head
    assert marker.data["legacy_problem"] == ""
    # The old entries keep their content; only their hashes changed.
    first = AuditEntry.objects.get(seq=1)
    assert first.data == {"ho_ten": "Nguyễn Văn An", "i": 1}
    assert first.at == _at(1)[0]
    assert first.prev_hash == GENESIS_HASH
    assert triggers.installed(connection) == triggers.NAMES


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_broken_legacy_log_is_recorded_in_the_sealing_entry():
    _back_to_the_unkeyed_log_and_forward(4, break_at=3)
    marker = AuditEntry.objects.order_by("-seq").first()
    assert marker.data["legacy_problem"] == "edited #3"
    assert verify_chain().ok
