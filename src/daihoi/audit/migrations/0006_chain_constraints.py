"""One audit chain per organization, step 3 of 3: a chain's name is unique among heads, and a sequence
number unique within its chain."""

from django.db import migrations, models


def install_triggers(apps, schema_editor):
    """SQLite rebuilds the table to alter it, dropping its triggers: the append-only triggers again."""
    from daihoi.audit import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [("audit", "0005_split_chains")]

    operations = [
        migrations.AlterField(
            model_name="audithead",
            name="chain",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("chain", "seq"), name="audit_entry_chain_seq"),
        ),
        migrations.RunPython(install_triggers, install_triggers),
    ]
