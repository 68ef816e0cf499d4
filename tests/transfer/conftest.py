"""The demo congress run to the end and closed on the "hall laptop", exported as a signed package; then
the laptop's organization is renamed away and a fresh organization takes its code, with the same roll
(the province server that has never seen the congress). Loaded once per module, rolled back at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from nacl.signing import SigningKey

LAPTOP_SEED = "11" * 32


@dataclass
class World:
    package: bytes
    original: Any  # the laptop's congress (its organization renamed "<code>-laptop")
    organization: Any  # the server's organization, same code, same roll
    laptop_key: SigningKey


def _fresh_organization(old: Any) -> Any:
    """Rename `old` and its branches away and make a copy of them (and of the roll) under their codes."""
    from daihoi.organizations.models import Member, Organization

    code = old.code
    branches = list(old.children.order_by("pk"))
    Organization.objects.filter(pk=old.pk).update(code=f"{code}-laptop")
    for branch in branches:
        Organization.objects.filter(pk=branch.pk).update(code=f"{branch.code}-laptop")
    copy = Organization.objects.create(
        code=code,
        name=old.name,
        kind=old.kind,
        parent=old.parent,
        superior_body=old.superior_body,
        locality=old.locality,
        term_start_year=old.term_start_year,
        term_end_year=old.term_end_year,
    )
    new_branch = {}
    for branch in branches:
        new_branch[branch.pk] = Organization.objects.create(
            code=branch.code, name=branch.name, kind=branch.kind, parent=copy
        )
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    for member in Member.objects.filter(organization=old).order_by("pk"):
        values = {f.attname: getattr(member, f.attname) for f in fields}
        values["organization_id"] = copy.pk
        if member.branch_id:
            values["branch_id"] = new_branch[member.branch_id].pk
        Member.objects.create(**values)
    return copy


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from daihoi.congresses import demo as congress_demo
    from daihoi.congresses.services import close_congress
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo as election_demo
    from daihoi.transfer.importer import trust_key
    from daihoi.transfer.package import export_package

    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(PACKAGE_KEY=LAPTOP_SEED, MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        ctx = DemoContext()
        load_roll(ctx)
        congress_demo.load(ctx)
        election_demo.load(ctx)
        congress = ctx.objects["congress"]
        congress = close_congress(congress, actor="test")
        package = export_package(congress, actor="test").data
        organization = _fresh_organization(congress.organization)
        congress.refresh_from_db()
        key = SigningKey(bytes.fromhex(LAPTOP_SEED))
        trust_key(organization, bytes(key.verify_key).hex(), actor="test")
        yield World(package, congress, organization, key)
        transaction.set_rollback(True)
