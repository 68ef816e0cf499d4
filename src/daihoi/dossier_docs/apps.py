from django.apps import AppConfig


class DossierDocsConfig(AppConfig):
    name = "daihoi.dossier_docs"
    label = "dossier_docs"
    verbose_name = "Congress dossier documents"
