"""Make the audit log append-only in the database itself and create the chain's single head row.

The SQL is frozen here (a copy of daihoi.audit.triggers at the time of writing).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditentry"
MESSAGE = "audit entries are append-only"

SQL = {
    "sqlite": (
        [
            f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        ],
        ["DROP TRIGGER IF EXISTS audit_entry_no_update", "DROP TRIGGER IF EXISTS audit_entry_no_delete"],
    ),
    "postgresql": (
        [
            "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
            f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
            f"CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
        ],
        [
            f"DROP TRIGGER IF EXISTS audit_entry_no_update ON {TABLE}",
            f"DROP TRIGGER IF EXISTS audit_entry_no_delete ON {TABLE}",
            "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
        ],
    ),
}


def _run(schema_editor, index):
    statements = SQL.get(schema_editor.connection.vendor, ([], []))[index]
    for sql in statements:
        schema_editor.execute(sql, params=None)


def install_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


def create_head(apps, schema_editor):
    apps.get_model("audit", "AuditHead").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Users who acted are deactivated, never deleted: SET_NULL would have to UPDATE entries.
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="user",
            ),
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
