"""The approval tests' world: the demo congress closed, under a bloc committee held in daihoi."""

from __future__ import annotations

SUPERIOR_NAME = "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh"


def build_approval_world() -> dict:
    """The closed demo congress under the bloc committee "dbk"; logins lower/superior/peer/lower-observer."""
    from django.contrib.auth import get_user_model

    from daihoi.accounts.models import Role, RoleAssignment
    from daihoi.congresses import demo as congress_demo
    from daihoi.congresses import services as congress_services
    from daihoi.demo.context import DemoContext
    from daihoi.demo.roll import load as load_roll
    from daihoi.elections import demo as election_demo
    from daihoi.organizations.models import Organization, OrganizationKind

    ctx = DemoContext()
    load_roll(ctx)
    congress_demo.load(ctx)
    election_demo.load(ctx)
    congress = ctx.objects["congress"]
    congress.refresh_from_db()
    congress = congress_services.close_congress(congress, actor="demo")
    superior = Organization.objects.create(
        code="dbk", name=SUPERIOR_NAME, kind=OrganizationKind.UPPER_COMMITTEE, locality="Tuyên Quang"
    )
    peer = Organization.objects.create(
        code="dbk-peer", name="Đảng bộ Khối cơ quan huyện", kind=OrganizationKind.UPPER_COMMITTEE
    )
    lower = congress.organization
    lower.parent = superior
    lower.superior_body = ""
    lower.save(update_fields=["parent", "superior_body"])
    users = {}
    for username, org, role in (
        ("lower-organizer", lower, Role.ORGANIZER),
        ("lower-observer", lower, Role.OBSERVER),
        ("superior-organizer", superior, Role.ORGANIZER),
        ("superior-observer", superior, Role.OBSERVER),
        ("peer-organizer", peer, Role.ORGANIZER),
    ):
        user = get_user_model().objects.create_user(username=username, password="pw-" + username)
        RoleAssignment.objects.create(user=user, organization=org, role=role)
        users[username] = user
    congress.refresh_from_db()
    return {"congress": congress, "lower": lower, "superior": superior, "peer": peer, "users": users}
