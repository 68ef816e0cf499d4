"""One audit chain per organization (issue 14), step 1 of 3: the chain columns, `seq` no longer unique
across the whole log. Step 2 (0005) re-chains the entries, step 3 (0006) adds the per-chain constraints
once every row has its place."""

from django.db import migrations, models


def install_triggers(apps, schema_editor):
    """SQLite rebuilds the table to alter it, dropping its triggers: the append-only triggers again."""
    from daihoi.audit import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [("audit", "0003_keyed_chain")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, install_triggers),  # after a rollback of this one
        migrations.AlterModelOptions(
            name="auditentry",
            options={"ordering": ["id"], "verbose_name": "audit entry", "verbose_name_plural": "audit entries"},
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=64, verbose_name="audit chain"
            ),
        ),
        migrations.AddField(
            model_name="audithead",
            name="chain",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(verbose_name="sequence"),
        ),
    ]
