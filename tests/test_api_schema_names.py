"""django-ninja names an OpenAPI component after its schema class: two routers with a class of the same
name publish one schema for both (the second replaces the first), and a client or a fuzzer then checks
one endpoint's answers against the other's schema. Every schema class of the API has its own name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from ninja import Schema

import daihoi


def test_every_api_schema_class_has_its_own_name():
    owners: dict[str, list[str]] = {}
    for info in pkgutil.iter_modules(daihoi.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"daihoi.{info.name}.api")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(name, []).append(module.__name__)
    assert len(owners) > 20  # the API's schemas were found
    clashes = {name: mods for name, mods in owners.items() if len(mods) > 1}
    assert not clashes, clashes


def test_the_published_schema_keeps_each_endpoints_answer(client, django_user_model):
    from daihoi.api_urls import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    progress = components["PollProgressOut"]["properties"]
    assert {"entitled", "electronic", "paper"} <= set(progress)
    assert "targets" in components["ProgressOut"]["properties"]
