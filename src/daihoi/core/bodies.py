"""Names of Party bodies as documents write them (pure text rules, no Django)."""

from __future__ import annotations

import re

# The organization's name starts with its kind; its committee has the matching name.
_COMMITTEE_OF = (
    (re.compile(r"^Đảng bộ\b", re.IGNORECASE), "Đảng ủy"),
    (re.compile(r"^Chi bộ\b", re.IGNORECASE), "Chi ủy"),
)


def committee_name(organization_name: str) -> str:
    """The committee of an organization: "Đảng bộ Khối cơ quan và doanh nghiệp tỉnh" -> "Đảng ủy Khối cơ
    quan và doanh nghiệp tỉnh", "Chi bộ Phòng Tổng hợp" -> "Chi ủy Phòng Tổng hợp"; a name that is already
    a committee's (or of another form) is returned as it is."""
    name = " ".join(organization_name.split())
    for pattern, committee in _COMMITTEE_OF:
        if pattern.match(name):
            return pattern.sub(committee, name, count=1)
    return name
