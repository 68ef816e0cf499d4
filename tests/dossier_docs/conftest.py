"""The demo congress (the seed's 10th: 50 official members convened, 48 present, 2 excused, 3 probationary
members without a vote, D = 48; an 8-member executive committee and 3 + 1 delegates elected), loaded once
per module and rolled back at the end."""

from __future__ import annotations

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def demo_congress(django_db_setup, django_db_blocker):
    from daihoi.congresses import demo as congress_demo
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo as election_demo

    with django_db_blocker.unblock(), transaction.atomic():
        ctx = DemoContext()
        load_roll(ctx)
        congress_demo.load(ctx)
        election_demo.load(ctx)
        congress = ctx.objects["congress"]
        congress.refresh_from_db()
        yield congress
        transaction.set_rollback(True)
