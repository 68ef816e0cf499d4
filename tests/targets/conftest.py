from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "seed" / "resolution.txt"


@pytest.fixture
def members(organization):
    """Ten members in the two branches of the shared organization fixture, two admitted in 2021."""
    from daihoi.organizations.models import Member

    branches = list(organization.children.order_by("code"))
    out = []
    for i in range(10):
        out.append(
            Member.objects.create(
                organization=organization,
                branch=branches[i % 2],
                member_code=f"{1000 + i}",
                full_name=f"Nguyễn Văn {chr(65 + i)}",
                given_name=chr(65 + i),
                birth_date=date(1980, 1, 1),
                gender="male",
                status="official",
                admitted_on=date(2021 if i < 2 else 2005, 3, 1),
            )
        )
    return out


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")
