from django.apps import AppConfig


class CongressesConfig(AppConfig):
    name = "daihoi.congresses"
    label = "congresses"
