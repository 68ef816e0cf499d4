"""Fixtures of the approval tests: the demo congress (its executive committee and its delegation elected
and announced) closed, its organization placed under a bloc committee held in daihoi, with one organizer
in each and an organizer of a peer bloc committee. Loaded once per module; each test's changes are rolled
back (the `db` fixture's savepoint)."""

from __future__ import annotations

import pytest
from approval_world import build_approval_world
from django.db import transaction


@pytest.fixture(scope="module")
def approval_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_approval_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(approval_world, db):
    """The module's world, each test in its own savepoint; objects re-read."""
    for key in ("congress", "lower", "superior", "peer"):
        approval_world[key].refresh_from_db()
    return approval_world
