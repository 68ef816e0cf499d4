"""The organization tree's rules (issue 14): which kind of organization may sit under which, and the
checks of a whole tree given as (code -> parent code) before anything is stored. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping

PROVINCE = "province_committee"
UPPER = "upper_committee"
GRASSROOTS_COMMITTEE = "grassroots_committee"
GRASSROOTS_BRANCH = "grassroots_branch"
PARTIAL = "partial_committee"
BRANCH = "branch"

KINDS = (PROVINCE, UPPER, GRASSROOTS_COMMITTEE, GRASSROOTS_BRANCH, PARTIAL, BRANCH)
SUPERIOR_KINDS = frozenset({PROVINCE, UPPER})
GRASSROOTS_KINDS = frozenset({GRASSROOTS_COMMITTEE, GRASSROOTS_BRANCH})

# kind -> the kinds its parent may have (None: it may be a root of the tree).
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    PROVINCE: frozenset({None}),
    UPPER: frozenset({None, PROVINCE, UPPER}),
    GRASSROOTS_COMMITTEE: frozenset({None, PROVINCE, UPPER}),
    GRASSROOTS_BRANCH: frozenset({None, PROVINCE, UPPER}),
    PARTIAL: frozenset({GRASSROOTS_COMMITTEE}),
    BRANCH: frozenset({GRASSROOTS_COMMITTEE, PARTIAL}),
}


def may_sit_under(kind: str, parent_kind: str | None) -> bool:
    """Whether an organization of `kind` may have a parent of `parent_kind` (None: no parent)."""
    return parent_kind in ALLOWED_PARENTS.get(kind, frozenset())


def find_cycles(parents: Mapping[str, str | None]) -> list[list[str]]:
    """The cycles of a code -> parent code mapping (each once, in walking order, starting from its
    smallest code); parents that are not keys end a walk."""
    state: dict[str, int] = {}  # 1: being walked, 2: done
    cycles: list[list[str]] = []
    for start in sorted(parents):
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parents and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
        for code in path:
            state[code] = 2
    return cycles


def depth_order(parents: Mapping[str, str | None]) -> list[str]:
    """The codes ordered so that each parent comes before its children (the mapping has no cycle)."""
    depth: dict[str, int] = {}

    def level(code: str) -> int:
        chain: list[str] = []
        node: str | None = code
        while node is not None and node in parents and node not in depth:
            chain.append(node)
            node = parents[node]
        base = depth[node] if node is not None and node in depth else -1
        for item in reversed(chain):
            base += 1
            depth[item] = base
        return depth[code]

    return sorted(parents, key=lambda c: (level(c), c))
