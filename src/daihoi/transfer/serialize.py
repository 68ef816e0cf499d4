"""The rows of one congress as JSON, and back (data/congress.json of a package).

A whitelist of models, each with the lookup that ties its rows to the congress. Every concrete field is
written; a foreign key to a model of the whitelist as the old id (remapped on import), to a member as
its member_code (matched in the organization's roll), to an organization as its code, to a user as the
username (not carried over: the laptop's logins are not the server's; set to nothing on import).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from daihoi.congresses.models import Congress

# (model label, lookup to the congress), in the order rows are created on import: a required foreign key
# always points to a model above; a nullable one to a model at or below is set in a second pass.
WHITELIST: tuple[tuple[str, str], ...] = (
    ("congresses.congress", "pk"),
    ("congresses.agendaitem", "congress"),
    ("congresses.delegate", "congress"),
    ("elections.election", "congress"),
    ("congresses.openvote", "congress"),
    ("elections.candidate", "election__congress"),
    ("elections.round", "election__congress"),
    ("elections.roundcandidate", "round__election__congress"),
    ("elections.ballotentry", "round__election__congress"),
    ("elections.resolution", "round__election__congress"),
    ("elections.entrylog", "round__election__congress"),
    ("congresses.congressdocument", "congress"),
    ("congresses.documentcomment", "document__congress"),
    ("congresses.dossiernumber", "congress"),
)
LABELS = tuple(label for label, _lookup in WHITELIST)


def model_of(label: str) -> type[models.Model]:
    return apps.get_model(label)


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def ref_kind(field: models.Field[Any, Any]) -> str:
    """How a relation is written: "row" (whitelisted), "member", "organization", "user"."""
    target = field.related_model
    assert target is not None
    label = label_of(target)
    if label in LABELS:
        return "row"
    if label == "organizations.member":
        return "member"
    if label == "organizations.organization":
        return "organization"
    if label == settings.AUTH_USER_MODEL.lower():
        return "user"
    raise ValueError(f"{field} points to {label}, outside the package")


def concrete_fields(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _value(obj: models.Model, field: Any) -> Any:
    if field.is_relation:
        kind = ref_kind(field)
        if kind == "row":
            return getattr(obj, field.attname)
        target = getattr(obj, field.name)
        if target is None:
            return None
        if kind == "member":
            return target.member_code
        if kind == "organization":
            return target.code
        return target.get_username()
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def rows_of(congress: Congress) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for label, lookup in WHITELIST:
        model = model_of(label)
        fields = concrete_fields(model)
        m2m = list(model._meta.many_to_many)
        related = [f.name for f in fields if f.is_relation and ref_kind(f) != "row"]
        rows = []
        qs = model._default_manager.filter(**{lookup: congress.pk}).select_related(*related).order_by("pk")
        if m2m:
            qs = qs.prefetch_related(*[f.name for f in m2m])
        for obj in qs:
            row: dict[str, Any] = {"pk": obj.pk, "fields": {f.name: _value(obj, f) for f in fields}}
            for f in m2m:
                row["fields"][f.name] = sorted(o.pk for o in getattr(obj, f.name).all())
            rows.append(row)
        out[label] = rows
    return out


def parse_value(field: Any, value: Any) -> Any:
    """A JSON value back into the field's Python value (not for relations)."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date.fromisoformat(value)
    if isinstance(field, models.JSONField):
        return value
    return field.to_python(value)
