from django.apps import AppConfig


class DaihoiConfig(AppConfig):
    """The project-wide app: base templates, template tags and the `serve` command."""

    name = "daihoi"
    verbose_name = "daihoi"
