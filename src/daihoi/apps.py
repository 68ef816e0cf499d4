from django.apps import AppConfig


class DaihoiConfig(AppConfig):
    """The project-wide app: base templates, template tags and the `serve` command."""

    name = "daihoi"
    verbose_name = "daihoi"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from daihoi.files import restrict_sqlite_file

        connection_created.connect(restrict_sqlite_file, dispatch_uid="daihoi.files.restrict_sqlite_file")

        from django.db.models.signals import pre_save
        from django.urls import register_converter

        from daihoi.inputs import IdConverter, check_field_bounds

        # Every model: a text longer than its column or a number outside its column's range is refused
        # (400, naming the field) on SQLite as on PostgreSQL.
        pre_save.connect(check_field_bounds, dispatch_uid="daihoi.inputs.check_field_bounds")
        # `<id:pk>` in the apps' addresses: an id beyond the database's integers is a 404.
        register_converter(IdConverter, "id")

        from django.db.models.signals import post_migrate, post_save

        from daihoi.live_signals import audit_entry_saved, create_version_table

        # The live pages' versions (daihoi.live_signals): an audited change re-renders its organization's;
        # on PostgreSQL without Redis they are kept in a table that `migrate` makes.
        post_save.connect(audit_entry_saved, sender="audit.AuditEntry", dispatch_uid="daihoi.live_signals")
        post_migrate.connect(create_version_table, dispatch_uid="daihoi.live_signals.table")
