"""The JSON API (django-ninja, OpenAPI at /api/docs and /api/openapi.json). Apps add routers in api.py."""

from django.urls import path
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(title="daihoi API", version="1", auth=django_auth, urls_namespace="api")

urlpatterns = [path("", api.urls)]
