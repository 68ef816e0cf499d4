"""On SQLite, the ballot table has no hidden rowid: a rowid grows with every insert and would keep the
order in which ballots were cast. WITHOUT ROWID stores the rows by their random id instead. PostgreSQL
has no rowid; closing a poll rewrites its ballots in a random order there (services.polls)."""

from django.db import migrations


def without_rowid(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name='voting_ballot'")
        (create,) = cursor.fetchone()
        if "WITHOUT ROWID" in create.upper():
            return
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='voting_ballot' AND sql IS NOT NULL"
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute('ALTER TABLE "voting_ballot" RENAME TO "voting_ballot_old"')
        cursor.execute(create + " WITHOUT ROWID")
        cursor.execute('INSERT INTO "voting_ballot" SELECT * FROM "voting_ballot_old"')
        cursor.execute('DROP TABLE "voting_ballot_old"')
        for sql in indexes:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("voting", "0001_initial")]
    operations = [migrations.RunPython(without_rowid, migrations.RunPython.noop)]
