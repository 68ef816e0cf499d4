"""Key the audit chain: every entry re-hashed with HMAC-SHA256 over all its fields (daihoi.audit.chain,
scheme 2) under the installation's key (daihoi.audit.keys), then a first signed entry
`system.audit.chain_started` that records what the old, unkeyed chain was (its length, newest hash,
and whether it verified before it was re-chained).

On an empty database (a new installation) that entry starts the log. The code of scheme 2 is imported,
not frozen: the scheme is versioned inside the hashed text, a change of it is a new scheme and a new
migration.
"""

from django.db import migrations, models
from django.utils import timezone

ROW_FIELDS = (
    "seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "organization_code",
    "data", "prev_hash", "hash",
)


def rechain(apps, schema_editor):
    from daihoi.audit import triggers
    # Scheme 2 (the single keyed chain): 0005 re-chains it into scheme 3.
    from daihoi.audit.chain import GENESIS_HASH, key_id
    from daihoi.audit.chain import entry_hash_v2 as entry_hash
    from daihoi.audit.keys import audit_key
    from daihoi.audit.verify import verify_rows

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditHead")
    db = schema_editor.connection.alias
    key = audit_key()
    head, _ = Head.objects.using(db).get_or_create(pk=1)
    entries = Entry.objects.using(db).order_by("seq")
    legacy = verify_rows(entries.values(*ROW_FIELDS).iterator(chunk_size=2000), (head.last_seq, head.last_hash), None)
    count = entries.count()
    prev = GENESIS_HASH
    last_seq = 0
    if count:
        connection = schema_editor.connection
        present = bool(triggers.installed(connection))
        if present:
            triggers.drop(connection)
        batch = []
        for entry in entries.iterator(chunk_size=2000):
            entry.prev_hash = prev
            row = {name: getattr(entry, name) for name in ROW_FIELDS if name != "hash"}
            entry.hash = prev = entry_hash(key, row)
            last_seq = entry.seq
            batch.append(entry)
            if len(batch) >= 1000:
                Entry.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])
                batch = []
        if batch:
            Entry.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])
        if present:
            triggers.install(connection)
    data = {"reason": "migrate", "rechained": count, "key_id": key_id(key)}
    if count:
        data["legacy_head"] = head.last_hash
        data["legacy_problem"] = f"{legacy.problem} #{legacy.seq}" if legacy.problem else ""
    marker = Entry(
        seq=last_seq + 1,
        at=timezone.now(),
        actor_id=None,
        actor_label="system",
        action="system.audit.chain_started",
        object_type="",
        object_id="",
        organization_code="",
        data=data,
        prev_hash=prev,
    )
    marker.hash = entry_hash(key, {name: getattr(marker, name) for name in ROW_FIELDS if name != "hash"})
    marker.save(using=db)
    head.last_seq, head.last_hash, head.key_id = marker.seq, marker.hash, key_id(key)
    head.save(using=db)


class Migration(migrations.Migration):

    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="audithead",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]
