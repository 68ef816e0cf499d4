from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "daihoi.demo"
    label = "demo"
