from django.apps import AppConfig


class DaihoiConfig(AppConfig):
    """The project-wide app: base templates, template tags and the `serve` command."""

    name = "daihoi"
    verbose_name = "daihoi"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from daihoi.files import restrict_sqlite_file

        connection_created.connect(restrict_sqlite_file, dispatch_uid="daihoi.files.restrict_sqlite_file")
