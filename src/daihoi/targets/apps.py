from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "daihoi.targets"
    label = "targets"
