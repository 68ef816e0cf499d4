"""Fixtures shared by every test: an organization with branches and one user per role."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis runs derandomized, without an example database, unless asked otherwise: the same examples on
# every run and every machine, so a red run in CI is red again on a laptop (docs/architecture.md, Testing).
# `HYPOTHESIS_PROFILE=explore` draws fresh random examples (and keeps failures in .hypothesis/) to hunt.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,  # a loaded CI machine must not turn a slow example into a failure
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Playwright's sync API runs an event loop in the test thread; Django's ORM guard would trip on it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def organization(db):
    from daihoi.organizations.models import Organization, OrganizationKind

    org = Organization.objects.create(
        code="vp-ubnd",
        name="Đảng bộ Văn phòng UBND tỉnh",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        superior_body="Đảng bộ Khối cơ quan và doanh nghiệp tỉnh",
    )
    for i in range(1, 3):
        Organization.objects.create(
            code=f"vp-ubnd-cb{i}", name=f"Chi bộ {i}", kind=OrganizationKind.BRANCH, parent=org
        )
    return org


@pytest.fixture
def role_users(organization, django_user_model):
    """username -> user, one per role, plus an outsider with no role."""
    from daihoi.accounts.models import Role, RoleAssignment

    users = {}
    for role in Role:
        user = django_user_model.objects.create_user(username=role.value, password="pw-" + role.value)
        RoleAssignment.objects.create(user=user, organization=organization, role=role)
        users[role.value] = user
    users["outsider"] = django_user_model.objects.create_user(username="outsider", password="pw-outsider")
    return users
