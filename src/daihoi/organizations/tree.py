"""The organization tree below one organization, with the members counted at every node (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from daihoi.organizations.models import Member, MemberStatus, Organization, OrganizationKind


@dataclass
class TreeNode:
    organization: Organization
    children: list[TreeNode] = field(default_factory=list)
    members: int = 0  # active members of the node's roll (a branch: those attending it), any depth below
    official: int = 0
    congresses: int = 0  # congresses held by the node's roll (grassroots) or committee (delegates')
    depth: int = 0

    @property
    def is_roll_owner(self) -> bool:
        return self.organization.kind not in (OrganizationKind.BRANCH, OrganizationKind.PARTIAL_COMMITTEE)

    @property
    def descendants(self) -> int:
        return sum(1 + child.descendants for child in self.children)


def build_tree(root: Organization, *, include_inactive: bool = False) -> TreeNode:
    """The subtree of `root` (any depth), children sorted by name, with member and congress counts.
    A fixed number of queries, whatever the size of the tree."""
    from daihoi.congresses.models import Congress

    nodes: dict[int, TreeNode] = {root.pk: TreeNode(root)}
    level = [root.pk]
    while level:
        qs = Organization.objects.filter(parent_id__in=level)
        if not include_inactive:
            qs = qs.filter(is_active=True)
        level = []
        for org in qs.order_by("name", "code"):
            node = TreeNode(org, depth=nodes[org.parent_id].depth + 1)  # type: ignore[index]
            nodes[org.pk] = node
            nodes[org.parent_id].children.append(node)  # type: ignore[index]
            level.append(org.pk)
    ids = list(nodes)
    active = Member.objects.filter(is_active=True)
    official = Count("id", filter=Q(status=MemberStatus.OFFICIAL))
    for column in ("organization_id", "branch_id"):  # a roll's members; a branch's
        counted = (
            active.filter(**{f"{column}__in": ids}).values_list(column).annotate(n=Count("id"), o=official)
        )
        for org_id, members, officials in counted:
            nodes[org_id].members, nodes[org_id].official = members, officials
    held = (
        Congress.objects.filter(organization_id__in=ids)
        .values_list("organization_id")
        .annotate(n=Count("id"))
    )
    for org_id, congresses in held:
        nodes[org_id].congresses = congresses

    def total(node: TreeNode) -> None:
        for child in node.children:
            total(child)
        # A committee above the grassroots and a partial committee count what lies below them; a
        # grassroots organization's roll already counts its branches' members.
        if (
            node.organization.is_superior_committee
            or node.organization.kind == OrganizationKind.PARTIAL_COMMITTEE
        ):
            node.members += sum(c.members for c in node.children)
            node.official += sum(c.official for c in node.children)

    total(nodes[root.pk])
    return nodes[root.pk]
