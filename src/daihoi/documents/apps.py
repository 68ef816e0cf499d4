from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "daihoi.documents"
    label = "documents"
