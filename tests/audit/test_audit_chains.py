"""One audit chain per organization (issue 14): a branch's entries go to its grassroots organization's chain,
a new chain is opened by an entry of its own and recorded once in the system chain, and `daihoi audit
verify` checks each chain and the whole forest — tampering is found and attributed to its chain."""

from __future__ import annotations

import hashlib
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from daihoi.audit import triggers
from daihoi.audit.chain import GENESIS_HASH, entry_hash
from daihoi.audit.keys import audit_key
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.services import (
    OPENED_ACTION,
    START_ACTION,
    AuditChainError,
    audit_anchor,
    chain_entries,
    chain_name,
    log_action,
)
from daihoi.audit.verify import DELETED, EDITED, INSERTED, MISSING, UNRECORDED, verify_chain
from daihoi.organizations.models import Organization, OrganizationKind


@pytest.fixture
def peers(organization):
    """The seed's organization (with two branches) and a peer under a bloc committee."""
    bloc = Organization.objects.create(
        code="khoi", name="Đảng bộ Khối", kind=OrganizationKind.UPPER_COMMITTEE
    )
    Organization.objects.filter(pk=organization.pk).update(parent=bloc)
    organization.refresh_from_db()
    peer = Organization.objects.create(
        code="so-tc", name="Đảng bộ Sở Tài chính", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=bloc
    )
    return organization, peer, bloc


def _log(organization, n: int = 1, action: str = "test.thing.done") -> list[AuditEntry]:
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(log_action(action, actor="tester", organization=organization, data={"i": i}))
    return entries


def _tamper(sql: str, params: list | None = None) -> None:
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


def test_chain_name_is_the_roll_owner(peers):
    organization, peer, bloc = peers
    branch = organization.children.get(code="vp-ubnd-cb1")
    assert chain_name(organization) == chain_name(branch) == "vp-ubnd"
    assert chain_name(peer) == "so-tc"
    assert chain_name(bloc) == "khoi"
    assert chain_name(None) == ""


def test_a_first_entry_opens_the_chain_and_the_system_chain_records_it(peers):
    organization, peer, _bloc = peers
    system_before = AuditHead.objects.get(chain="").last_seq
    branch = organization.children.get(code="vp-ubnd-cb2")
    entry = _log(branch)[0]
    assert (entry.chain, entry.seq) == ("vp-ubnd", 2)
    assert entry.organization_code == "vp-ubnd-cb2"
    first = AuditEntry.objects.get(chain="vp-ubnd", seq=1)
    assert first.action == START_ACTION
    assert first.data == {"reason": "organization", "chain": "vp-ubnd"}
    assert first.prev_hash == GENESIS_HASH
    assert entry.prev_hash == first.hash
    record = AuditEntry.objects.get(chain="", action=OPENED_ACTION)
    assert record.data == {"chain": "vp-ubnd", "first_hash": first.hash}
    assert AuditHead.objects.get(chain="").last_seq == system_before + 1
    # Later entries of the organization never touch the system head.
    _log(organization, 3)
    assert AuditHead.objects.get(chain="").last_seq == system_before + 1
    assert list(chain_entries(branch).values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert audit_anchor(branch) == (AuditHead.objects.get(chain="vp-ubnd").last_hash, 5)
    # The peer's chain is numbered on its own.
    assert [e.seq for e in _log(peer, 2)] == [2, 3]
    assert audit_anchor(peer)[1] == 3
    report = verify_chain()
    assert report.ok, report
    assert {c.chain for c in report.chains} == {"", "vp-ubnd", "so-tc"}
    assert report.count == AuditEntry.objects.count()


def test_the_whole_log_digest_and_the_command(peers):
    organization, peer, _bloc = peers
    _log(organization, 2)
    _log(peer, 1)
    report = verify_chain()
    heads = sorted(AuditHead.objects.values_list("chain", "last_seq", "last_hash"))
    text = "".join(f"{c}\t{s}\t{h}\n" for c, s, h in heads)
    assert report.digest == hashlib.sha256(text.encode()).hexdigest()
    code, out, err = _verify()
    assert code == 0, err
    assert report.digest in out
    for _chain, seq, last in heads:
        assert f"#{seq}," in out
        assert last in out
    code, out, err = _verify("--org", "vp-ubnd-cb1")  # a branch: its grassroots organization's chain
    assert code == 0, err
    assert AuditHead.objects.get(chain="vp-ubnd").last_hash in out
    assert AuditHead.objects.get(chain="so-tc").last_hash not in out


def test_edit_in_one_chain_is_attributed_to_it(peers):
    organization, peer, _bloc = peers
    target = _log(organization, 4)[1]
    _log(peer, 3)
    _tamper("UPDATE audit_auditentry SET action = 'test.thing.undone' WHERE id = %s", [target.pk])
    report = verify_chain()
    assert [(c.chain, c.problem, c.seq) for c in report.problems] == [("vp-ubnd", EDITED, target.seq)]
    assert report.of("so-tc").ok
    assert report.of("").ok
    code, _out, err = _verify()
    assert code == 1
    assert "vp-ubnd" in err
    assert f"#{target.seq} " in err
    assert "(edited)" in err
    assert _verify("--org", "so-tc")[0] == 0  # the peer's chain alone still verifies
    assert _verify("--org", "vp-ubnd")[0] == 1


def test_delete_and_insert_in_one_chain_are_attributed(peers):
    organization, peer, _bloc = peers
    entries = _log(organization, 4)
    last_peer = _log(peer, 2)[-1]
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    row = {
        "chain": "so-tc", "seq": last_peer.seq + 1, "at": last_peer.at, "actor_id": None,
        "actor_label": "intruder", "action": "test.thing.done", "object_type": "", "object_id": "",
        "organization_code": "so-tc", "data": {}, "prev_hash": last_peer.hash,
    }  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (chain, seq, at, actor_label, action, object_type, object_id, "
            "organization_code, data, prev_hash, hash) "
            "VALUES ('so-tc', %s, %s, 'intruder', 'test.thing.done', '', '', 'so-tc', '{}', %s, %s)",
            [row["seq"], last_peer.at, last_peer.hash, entry_hash(audit_key(), row)],
        )
    report = verify_chain()
    problems = {c.chain: (c.problem, c.seq) for c in report.problems}
    assert problems == {"vp-ubnd": (DELETED, entries[1].seq), "so-tc": (INSERTED, row["seq"])}


def test_a_whole_chain_deleted_is_detected(peers):
    organization, peer, _bloc = peers
    _log(organization, 3)
    _log(peer, 2)
    _tamper("DELETE FROM audit_auditentry WHERE chain = 'so-tc'")
    with transaction.atomic():
        AuditHead.objects.filter(chain="so-tc").delete()
    report = verify_chain()
    assert [(c.chain, c.problem) for c in report.problems] == [("so-tc", MISSING)]
    code, _out, err = _verify()
    assert code == 1
    assert "so-tc" in err
    assert "(missing)" in err
    assert _verify("--org", "so-tc")[0] == 1
    # And the organization cannot silently start a new chain in its place.
    with pytest.raises(AuditChainError), transaction.atomic():
        log_action("test.thing.done", organization=peer)


def test_a_chain_made_outside_log_action_is_unrecorded(peers):
    organization, _peer, _bloc = peers
    _log(organization, 1)
    row = {
        "chain": "fake", "seq": 1, "at": AuditEntry.objects.last().at, "actor_id": None,
        "actor_label": "intruder", "action": "test.thing.done", "object_type": "", "object_id": "",
        "organization_code": "fake", "data": {}, "prev_hash": GENESIS_HASH,
    }  # fmt: skip
    with transaction.atomic():
        AuditEntry(**row, hash=entry_hash(audit_key(), row)).save()
        AuditHead.objects.create(chain="fake", last_seq=1, last_hash=entry_hash(audit_key(), row))
    report = verify_chain()
    assert [(c.chain, c.problem) for c in report.problems] == [("fake", UNRECORDED)]


def test_moving_an_entry_to_another_chain_is_detected(peers):
    organization, peer, _bloc = peers
    moved = _log(organization, 3)[1]
    last_peer = _log(peer, 2)[-1]
    # Renumbered to follow the peer's newest entry, relinked, the peer's head moved along: the hash
    # covers the chain's name, so the entry does not verify in its new chain.
    _tamper(
        "UPDATE audit_auditentry SET chain = 'so-tc', seq = %s, prev_hash = %s WHERE id = %s",
        [last_peer.seq + 1, last_peer.hash, moved.pk],
    )
    with transaction.atomic():
        AuditHead.objects.filter(chain="so-tc").update(last_seq=last_peer.seq + 1, last_hash=moved.hash)
    report = verify_chain()
    problems = {c.chain: (c.problem, c.seq) for c in report.problems}
    assert problems == {"vp-ubnd": (DELETED, moved.seq), "so-tc": (EDITED, last_peer.seq + 1)}


def test_replacing_a_chain_by_a_new_one_is_detected(peers):
    """A chain deleted, then rebuilt from scratch with the key: its first entry is not the recorded one."""
    organization, _peer, _bloc = peers
    _log(organization, 2)
    _tamper("DELETE FROM audit_auditentry WHERE chain = 'vp-ubnd'")
    prev, rows = GENESIS_HASH, []
    for seq in (1, 2):
        row = {
            "chain": "vp-ubnd", "seq": seq, "at": AuditEntry.objects.last().at, "actor_id": None,
            "actor_label": "forger", "action": "test.thing.done", "object_type": "", "object_id": "",
            "organization_code": "vp-ubnd", "data": {}, "prev_hash": prev,
        }  # fmt: skip
        prev = entry_hash(audit_key(), row)
        rows.append(AuditEntry(**row, hash=prev))
    with transaction.atomic():
        for entry in rows:
            entry.save()
        AuditHead.objects.filter(chain="vp-ubnd").update(last_seq=2, last_hash=prev)
    report = verify_chain()
    assert [(c.chain, c.problem, c.seq) for c in report.problems] == [("vp-ubnd", EDITED, 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_entries_of_a_new_organization_give_one_chain():
    """Threads (own connections) all logging the first entries of the same new organizations at once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    from django.db import connections

    orgs = [
        Organization.objects.create(
            code=f"org{i}", name=f"Đảng bộ {i}", kind=OrganizationKind.GRASSROOTS_COMMITTEE
        )
        for i in range(3)
    ]
    threads_n, per_thread = 8, 5
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    log_action("test.concurrent", actor=f"thread-{t}", organization=orgs[(t + i) % 3])
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
    for org in orgs:
        assert AuditHead.objects.filter(chain=org.code).count() == 1
        assert AuditEntry.objects.filter(chain=org.code, action=START_ACTION).count() == 1
        assert AuditEntry.objects.filter(chain="", action=OPENED_ACTION, data__chain=org.code).count() == 1
    assert AuditEntry.objects.filter(action="test.concurrent").count() == threads_n * per_thread
    report = verify_chain()
    assert report.ok, report.problems
