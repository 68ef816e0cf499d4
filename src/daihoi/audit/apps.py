from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "daihoi.audit"
    label = "audit"
