"""Migration audit.0003 re-chains a log written before the key (scheme 1) and seals it with a signed entry
that records what the old chain was; afterwards the whole log verifies with the key. Migration audit.0005
splits the single keyed chain (scheme 2) into one chain per organization (scheme 3), verifying it first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from daihoi.audit import triggers
from daihoi.audit.chain import GENESIS_HASH, entry_hash_v2, legacy_hash
from daihoi.audit.keys import audit_key, current_key_id
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.verify import verify_chain

KEYED = ("audit", "0003_keyed_chain")
SPLIT = ("audit", "0005_split_chains")


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
    # 5 entries of "vp" (its own chain now, after its first entry), and in the system chain the sealing
    # entry of 0003, the record of the chain "vp" and the sealing entry of 0005.
    assert report.count == 9
    assert {c.chain: c.count for c in report.chains} == {"": 3, "vp": 6}
    marker = AuditEntry.objects.get(chain="", seq=1)
    assert marker.action == "system.audit.chain_started"
    assert marker.data["reason"] == "migrate"
    assert marker.data["rechained"] == 5
    assert marker.data["legacy_head"] == old_head
    assert marker.data["legacy_problem"] == ""
    # The old entries keep their content and order; only their place and hashes changed.
    first = AuditEntry.objects.get(chain="vp", seq=2)
    assert first.data == {"ho_ten": "Nguyễn Văn An", "i": 1}
    assert first.at == _at(1)[0]
    assert first.prev_hash == AuditEntry.objects.get(chain="vp", seq=1).hash
    assert AuditEntry.objects.get(chain="vp", seq=1).prev_hash == GENESIS_HASH
    assert triggers.installed(connection) == triggers.NAMES


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_broken_legacy_log_is_recorded_in_the_sealing_entry():
    _back_to_the_unkeyed_log_and_forward(4, break_at=3)
    marker = AuditEntry.objects.get(chain="", action="system.audit.chain_started")
    assert marker.data["legacy_problem"] == "edited #3"
    assert verify_chain().ok


# --- 0005: the single keyed chain split into one chain per organization ------------------------------

ORGS = [  # code, kind, parent code
    ("khoi", "upper_committee", None),
    ("vp", "grassroots_committee", "khoi"),
    ("vp-cb1", "branch", "vp"),
    ("vp-cb1-to", "branch", "vp-cb1"),  # a branch of a branch: still vp's roll
    ("stc", "grassroots_committee", "khoi"),
]


def _write_keyed_log(codes: list[str], break_at: int | None = None) -> str:
    """Entries hashed with scheme 2 straight into the schema of 0003 (single chain, head id 1)."""
    key, prev = audit_key(), GENESIS_HASH
    with connection.cursor() as cursor:
        triggers.drop(connection)
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("DELETE FROM audit_audithead")
        for seq, code in enumerate(codes, start=1):
            moment, stored = _at(seq)
            row = {
                "seq": seq, "at": moment, "actor_id": None, "actor_label": "thuky",
                "action": "test.thing.done", "object_type": "", "object_id": "", "organization_code": code,
                "data": {"i": seq}, "prev_hash": prev,
            }  # fmt: skip
            digest = entry_hash_v2(key, row) if seq != break_at else "e" * 64
            cursor.execute(
                "INSERT INTO audit_auditentry (seq, at, actor_id, actor_label, action, object_type, "
                "object_id, organization_code, data, prev_hash, hash) "
                "VALUES (%s, %s, NULL, 'thuky', 'test.thing.done', '', '', %s, %s, %s, %s)",
                [seq, stored, code, f'{{"i": {seq}}}', prev, digest],
            )
            prev = digest
        cursor.execute(
            "INSERT INTO audit_audithead (id, last_seq, last_hash, key_id) VALUES (1, %s, %s, %s)",
            [len(codes), prev, current_key_id()],
        )
        triggers.install(connection)
    return prev


def _split(codes: list[str], break_at: int | None = None) -> str:
    from daihoi.organizations.models import Organization

    ids: dict[str, int] = {}
    for code, kind, parent in ORGS:
        ids[code] = Organization.objects.create(
            code=code, name=code, kind=kind, parent_id=ids[parent] if parent else None
        ).pk
    _migrate([KEYED])
    old_head = _write_keyed_log(codes, break_at)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return old_head


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_single_chain_is_split_per_roll_owner_and_verifies():
    codes = ["", "vp", "vp-cb1", "stc", "", "vp-cb1-to", "khoi", "gone", "vp"]
    old_head = _split(codes)
    report = verify_chain()
    assert report.ok, report.problems
    # Each chain: its first entry, then its entries in the old order.
    chains = {
        c: list(AuditEntry.objects.filter(chain=c).order_by("seq").values_list("data", flat=True))
        for c in ("vp", "stc", "khoi", "gone")
    }
    assert chains["vp"] == [{"reason": "migrate", "chain": "vp"}, {"i": 2}, {"i": 3}, {"i": 6}, {"i": 9}]
    assert chains["stc"] == [{"reason": "migrate", "chain": "stc"}, {"i": 4}]
    assert chains["khoi"][1:] == [{"i": 7}]
    assert chains["gone"][1:] == [{"i": 8}]  # an organization no longer in the database: its own code
    system = list(AuditEntry.objects.filter(chain="").order_by("seq"))
    assert [e.data.get("i") for e in system[:2]] == [1, 5]
    opened = [e.data["chain"] for e in system if e.action == "system.audit.chain_opened"]
    assert opened == ["vp", "stc", "khoi", "gone"]
    seal = system[-1]
    assert seal.action == "system.audit.chains_split"
    assert seal.data == {"chains": 4, "rechained": 9, "previous_head": old_head, "previous_problem": ""}
    heads = dict(AuditHead.objects.values_list("chain", "last_seq"))
    assert heads == {"": len(system), "vp": 5, "stc": 2, "khoi": 2, "gone": 2}
    assert triggers.installed(connection) == triggers.NAMES
    # Appending goes on in each chain.
    from daihoi.audit.services import log_action
    from daihoi.organizations.models import Organization

    with transaction.atomic():
        entry = log_action("test.after", organization=Organization.objects.get(code="vp-cb1"))
    assert (entry.chain, entry.seq) == ("vp", 6)
    assert verify_chain().ok


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_broken_single_chain_is_recorded_when_split():
    _split(["vp", "stc", "vp"], break_at=2)
    seal = AuditEntry.objects.get(action="system.audit.chains_split")
    assert seal.data["previous_problem"] == "edited #2"
    assert verify_chain().ok  # re-signed: from now on the forest verifies; the seal keeps the fault
