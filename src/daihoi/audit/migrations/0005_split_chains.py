"""One audit chain per organization, step 2 of 3: split the single keyed chain (scheme 2) into a forest
of chains hashed with scheme 3 (daihoi.audit.chain: the chain's name is in the hashed text).

The old chain is verified first (like 0003 did for scheme 1); what it was (its length, newest hash and the
fault found, if any) is recorded in the system chain's sealing entry `system.audit.chains_split`. Every
entry goes to the chain of its organization's roll owner (a branch's to its grassroots organization's; an
organization no longer in the database: its own code), in the old order, numbered from 2 after the
chain's first entry `system.audit.chain_started` (reason "migrate"); entries without an organization stay
in the system chain "". Each chain is recorded in the system chain (`system.audit.chain_opened`, with its
first entry's hash). The append-only triggers are dropped for the rewrite and installed again.

The scheme code is imported, not frozen (as in 0003): a change of it is a new scheme and a new migration.
"""

from django.core.management.color import no_style
from django.db import migrations
from django.utils import timezone

V2_FIELDS = (
    "seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "organization_code",
    "data", "prev_hash", "hash",
)
ROLL_KINDS = ("branch", "partial_committee")  # kinds whose members are on their parent's roll


def _owners(Organization, db):
    """Organization code -> its roll owner's code (OrganizationKind and Organization.roll_owner, frozen)."""
    rows = {pk: (code, kind, parent) for pk, code, kind, parent in
            Organization.objects.using(db).values_list("pk", "code", "kind", "parent_id")}  # fmt: skip
    owners = {}
    for code, kind, parent in rows.values():
        node_kind, node_parent, owner = kind, parent, code
        seen = set()
        while node_parent is not None and node_kind in ROLL_KINDS and node_parent not in seen:
            seen.add(node_parent)
            owner, node_kind, node_parent = rows[node_parent]
        owners[code] = owner
    return owners


def split(apps, schema_editor):
    from daihoi.audit import triggers
    from daihoi.audit.chain import GENESIS_HASH, entry_hash, key_id
    from daihoi.audit.keys import audit_key
    from daihoi.audit.verify import verify_rows

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    Organization = apps.get_model("organizations", "Organization")
    db = schema_editor.connection.alias
    key = audit_key()
    head = Head.objects.using(db).order_by("pk").first()
    if head is None:
        head = Head.objects.using(db).create(chain="")
    Head.objects.using(db).exclude(pk=head.pk).delete()
    entries = Entry.objects.using(db).order_by("seq")
    old = verify_rows(
        entries.values(*V2_FIELDS).iterator(chunk_size=2000), (head.last_seq, head.last_hash), key, scheme=2
    )
    owners = _owners(Organization, db)
    now = timezone.now()
    state = {}  # chain -> [last seq, last hash]
    opened = []  # (chain, first hash) in order of first appearance
    new_rows = []
    changed = []

    def sign(entry):
        row = {name: getattr(entry, name) for name in ("chain", *V2_FIELDS) if name != "hash"}
        entry.hash = entry_hash(key, row)
        state[entry.chain] = [entry.seq, entry.hash]

    def place(entry, chain):
        last_seq, last_hash = state.get(chain, (0, GENESIS_HASH))
        entry.chain, entry.seq, entry.prev_hash = chain, last_seq + 1, last_hash
        sign(entry)

    def new_entry(chain, action, organization_code, data):
        entry = Entry(at=now, actor_id=None, actor_label="system", action=action, object_type="",
                      object_id="", organization_code=organization_code, data=data)  # fmt: skip
        place(entry, chain)
        new_rows.append(entry)
        return entry

    connection = schema_editor.connection
    present = bool(triggers.installed(connection))
    if present:
        triggers.drop(connection)
    count = 0
    for entry in entries.iterator(chunk_size=2000):
        code = entry.organization_code or ""
        chain = owners.get(code, code) if code else ""
        if chain and chain not in state:
            first = new_entry(chain, "system.audit.chain_started", "", {"reason": "migrate", "chain": chain})
            opened.append((chain, first.hash))
        place(entry, chain)
        changed.append(entry)
        count += 1
        if len(changed) >= 1000:
            Entry.objects.using(db).bulk_update(changed, ["chain", "seq", "prev_hash", "hash"])
            changed = []
    if changed:
        Entry.objects.using(db).bulk_update(changed, ["chain", "seq", "prev_hash", "hash"])
    if present:
        triggers.install(connection)
    for chain, first_hash in opened:
        new_entry("", "system.audit.chain_opened", "", {"chain": chain, "first_hash": first_hash})
    if opened or old.problem:
        data = {
            "chains": len(opened),
            "rechained": count,
            "previous_head": head.last_hash,
            "previous_problem": f"{old.problem} #{old.seq}" if old.problem else "",
        }
        new_entry("", "system.audit.chains_split", "", data)
    for i in range(0, len(new_rows), 1000):
        Entry.objects.using(db).bulk_create(new_rows[i : i + 1000])
    kid = key_id(key)
    system_seq, system_hash = state.get("", (0, GENESIS_HASH))
    head.chain, head.last_seq, head.last_hash, head.key_id = "", system_seq, system_hash, kid
    head.save(using=db)
    # 0002 made the head row with an explicit id 1: move PostgreSQL's id sequence past it first.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Head]):
            cursor.execute(sql)
    Head.objects.using(db).bulk_create(
        [Head(chain=c, last_seq=s, last_hash=h, key_id=kid) for c, (s, h) in state.items() if c]
    )


def join(apps, schema_editor):
    """Back to the single chain of scheme 2: every entry in the order of appending (id), numbered from 1
    and re-signed; one head row (id 1)."""
    from daihoi.audit import triggers
    from daihoi.audit.chain import GENESIS_HASH, entry_hash_v2, key_id
    from daihoi.audit.keys import audit_key

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    db = schema_editor.connection.alias
    key = audit_key()
    connection = schema_editor.connection
    present = bool(triggers.installed(connection))
    if present:
        triggers.drop(connection)
    seq, prev, batch = 0, GENESIS_HASH, []
    for entry in Entry.objects.using(db).order_by("id").iterator(chunk_size=2000):
        seq += 1
        entry.chain, entry.seq, entry.prev_hash = "", seq, prev
        entry.hash = prev = entry_hash_v2(key, {name: getattr(entry, name) for name in V2_FIELDS if name != "hash"})
        batch.append(entry)
        if len(batch) >= 1000:
            Entry.objects.using(db).bulk_update(batch, ["chain", "seq", "prev_hash", "hash"])
            batch = []
    if batch:
        Entry.objects.using(db).bulk_update(batch, ["chain", "seq", "prev_hash", "hash"])
    if present:
        triggers.install(connection)
    Head.objects.using(db).all().delete()
    Head.objects.using(db).create(pk=1, chain="", last_seq=seq, last_hash=prev, key_id=key_id(key))


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_chains"),
        ("organizations", "0006_alter_organization_kind"),
    ]

    operations = [migrations.RunPython(split, join)]
