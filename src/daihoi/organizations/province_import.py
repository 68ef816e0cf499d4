"""Import a province's organization tree, its rolls and its users from one workbook (issue 14).

Sheets (docs/province-import.md): «Tổ chức» (the tree: code, name, kind, parent code, locality, term),
«Đảng viên» (optional: the roll columns of docs/roll-format.md plus «Mã tổ chức»), «Người dùng»
(optional: username, full name, organization code, roles). A .csv file holds the organizations sheet only.

check_province() reads and checks everything without writing (every problem named by sheet, row, column
and value); apply_province() writes it all in one transaction with one audit entry in the top
organization. Existing codes are updated (name, kind, parent, locality, term), never deleted; members are
matched by Party card number within their organization's roll, as the roll import does.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.audit.services import log_action
from daihoi.core.organizations.tree import (
    SUPERIOR_KINDS,
    depth_order,
    find_cycles,
    may_sit_under,
)
from daihoi.organizations import legacy
from daihoi.organizations.errors import ImportIssue, RollImportRefused
from daihoi.organizations.models import Member, Organization, OrganizationKind
from daihoi.organizations.roll_format import cell_text, header_key
from daihoi.organizations.roll_import import (
    BATCH,
    _convert_legacy,
    _csv_rows,
    _insert,
    _plan,
    _row_input,
    raw_from_rows,
)
from daihoi.organizations.services import CODE_RE, MemberInput
from daihoi.upload_limits import (
    LimitExceeded,
    check_workbook,
    limits,
    more_issues_message,
    open_workbook,
    sheet_rows,
)

SHEET_ORGS = "Tổ chức"
SHEET_MEMBERS = "Đảng viên"
SHEET_USERS = "Người dùng"
# A province's workbook is one file for hundreds of rolls: its bounds are ten times a roll's.
SCALE = 10

ORG_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("Mã", "mã tổ chức", "mã đơn vị", "code"),
    "name": ("Tên", "tên tổ chức", "tên đơn vị", "name"),
    "kind": ("Loại", "loại tổ chức", "kind"),
    "parent": ("Mã cấp trên", "mã tổ chức cấp trên", "cấp trên", "parent", "parent code"),
    "locality": ("Địa danh", "locality"),
    "term": ("Nhiệm kỳ", "term"),
}
USER_HEADERS: dict[str, tuple[str, ...]] = {
    "username": ("Tên đăng nhập", "tài khoản", "username"),
    "full_name": ("Họ tên", "họ và tên", "full name"),
    "org_code": ("Mã tổ chức", "mã đơn vị", "organization code"),
    "roles": ("Vai trò", "role", "roles"),
}
MEMBER_ORG_COLUMN = {header_key(h): "org_code" for h in ("Mã tổ chức", "mã đơn vị", "organization code")}

KIND_WORDS: dict[str, str] = {
    "dang bo tinh": OrganizationKind.PROVINCE_COMMITTEE,
    "tinh uy": OrganizationKind.PROVINCE_COMMITTEE,
    "dang bo thanh pho truc thuoc trung uong": OrganizationKind.PROVINCE_COMMITTEE,
    "dang bo cap tren co so": OrganizationKind.UPPER_COMMITTEE,
    "dang bo cap tren truc tiep co so": OrganizationKind.UPPER_COMMITTEE,
    "dang bo khoi": OrganizationKind.UPPER_COMMITTEE,
    "dang bo huyen": OrganizationKind.UPPER_COMMITTEE,
    "dang bo quan": OrganizationKind.UPPER_COMMITTEE,
    "dang bo thi xa": OrganizationKind.UPPER_COMMITTEE,
    "dang bo thanh pho": OrganizationKind.UPPER_COMMITTEE,
    "dang bo co so": OrganizationKind.GRASSROOTS_COMMITTEE,
    "chi bo co so": OrganizationKind.GRASSROOTS_BRANCH,
    "dang bo bo phan": OrganizationKind.PARTIAL_COMMITTEE,
    "chi bo": OrganizationKind.BRANCH,
    "chi bo truc thuoc": OrganizationKind.BRANCH,
    **{header_key(value): value for value in OrganizationKind.values},
    **{header_key(value.replace("_", " ")): value for value in OrganizationKind.values},
}
ROLE_WORDS: dict[str, str] = {
    "can bo to chuc": Role.ORGANIZER,
    "to chuc": Role.ORGANIZER,
    "doan chu tich": Role.PRESIDIUM,
    "chu tich doan": Role.PRESIDIUM,
    "ban kiem phieu": Role.COUNTING_COMMITTEE,
    "kiem phieu": Role.COUNTING_COMMITTEE,
    "dai bieu": Role.DELEGATE,
    "quan sat vien": Role.OBSERVER,
    "quan sat": Role.OBSERVER,
    **{header_key(value): value for value in Role.values},
    **{header_key(value.replace("_", " ")): value for value in Role.values},
}
# Kinds as the file writes them (the first of KIND_WORDS for each kind), for messages and the template.
KIND_LABELS: dict[str, str] = {
    OrganizationKind.PROVINCE_COMMITTEE: "Đảng bộ tỉnh",
    OrganizationKind.UPPER_COMMITTEE: "Đảng bộ cấp trên cơ sở",
    OrganizationKind.GRASSROOTS_COMMITTEE: "Đảng bộ cơ sở",
    OrganizationKind.GRASSROOTS_BRANCH: "Chi bộ cơ sở",
    OrganizationKind.PARTIAL_COMMITTEE: "Đảng bộ bộ phận",
    OrganizationKind.BRANCH: "Chi bộ",
}
USERNAME_RE = re.compile(r"^[\w.@+-]{1,150}$")
TERM_RE = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{4})$")
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - letters


@dataclass
class Sheet:
    title: str
    rows: list[tuple[int, list[Any]]]


@dataclass
class UserPlan:
    line: int
    username: str
    full_name: str
    organization: Organization
    roles: list[str]
    existing: Any = None  # the user, when the username is already taken (roles are added)
    password: str = ""
    password_hash: str = ""


@dataclass
class ProvincePlan:
    """What an import will write, worked out and checked without writing anything."""

    sha256: str = ""
    filename: str = ""
    nodes: dict[str, Organization] = field(default_factory=dict)  # every organization, by code
    order: list[str] = field(default_factory=list)  # the sheet's codes, parents first
    new_codes: set[str] = field(default_factory=set)
    changed: dict[str, list[str]] = field(default_factory=dict)  # existing code -> changed fields
    members: dict[str, list[MemberInput]] = field(default_factory=dict)  # roll owner code -> rows
    users: list[UserPlan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    within: set[int] | None = None  # the committees the importing user organizes (None: anywhere)

    def reaches(self, org: Organization) -> bool:
        """Whether the import may write in `org`: anywhere for a system administrator, else strictly
        below a committee the importing user organizes (in the tree as the file leaves it)."""
        if self.within is None:
            return True
        node, steps = org.parent, 0
        while node is not None and steps <= len(self.nodes):
            if node.pk is not None and node.pk in self.within:
                return True
            node, steps = node.parent, steps + 1
        return False

    @property
    def top(self) -> Organization:
        """The import's top organization (the shallowest of the sheet): its audit chain gets the entry."""
        return self.nodes[self.order[0]]

    @property
    def organizations_created(self) -> int:
        return len(self.new_codes)

    @property
    def organizations_updated(self) -> int:
        return len(self.changed)

    @property
    def organizations_unchanged(self) -> int:
        return len(self.order) - len(self.new_codes) - len(self.changed)

    @property
    def member_rows(self) -> int:
        return sum(len(rows) for rows in self.members.values())

    @property
    def rolls(self) -> int:
        return len(self.members)

    @property
    def users_created(self) -> int:
        return sum(1 for u in self.users if u.existing is None)

    @property
    def users_existing(self) -> int:
        return sum(1 for u in self.users if u.existing is not None)

    def kind_counts(self) -> list[tuple[str, int]]:
        """(kind label, number of the sheet's organizations of that kind), in the tree's order of kinds."""
        counts: dict[str, int] = defaultdict(int)
        for code in self.order:
            counts[self.nodes[code].kind] += 1
        return [(str(OrganizationKind(k).label), counts[k]) for k in OrganizationKind.values if counts[k]]


@dataclass
class ProvinceResult:
    plan: ProvincePlan
    members_created: int = 0
    members_updated: int = 0
    members_unchanged: int = 0
    roles_granted: int = 0
    passwords: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, name, org, pw


# ----------------------------------------------------------------------------------------------------
# Issues


def _issue(
    code: str, message: str, sheet: str = "", row: int | None = None, column: str = "", value: str = ""
) -> ImportIssue:
    detail = message
    if row is not None and column:
        message = _("Sheet «%(sheet)s», row %(row)s, column «%(column)s»: %(detail)s") % {
            "sheet": sheet,
            "row": row,
            "column": column,
            "detail": detail,
        }
    elif row is not None:
        message = _("Sheet «%(sheet)s», row %(row)s: %(detail)s") % {
            "sheet": sheet,
            "row": row,
            "detail": detail,
        }
    elif sheet:
        message = _("Sheet «%(sheet)s»: %(detail)s") % {"sheet": sheet, "detail": detail}
    return ImportIssue(code=code, message=message, row=row, column=column, value=value, detail=detail)


def _in_sheet(issue: ImportIssue, sheet: str) -> ImportIssue:
    """An issue of the roll's checks (row and column named) placed in its sheet."""
    return ImportIssue(
        code=issue.code,
        message=_("Sheet «%(sheet)s»: %(detail)s") % {"sheet": sheet, "detail": issue.message},
        row=issue.row,
        column=issue.column,
        value=issue.value,
        detail=issue.detail,
    )


def _refuse(issues: list[ImportIssue]) -> RollImportRefused:
    max_issues = limits().max_issues
    if len(issues) > max_issues:
        more = len(issues) - max_issues
        issues = [*issues[:max_issues], _issue("more_issues", more_issues_message(more))]
    return RollImportRefused(issues)


# ----------------------------------------------------------------------------------------------------
# Reading


def _sheet_key(title: str) -> str:
    return header_key(title)


def read_sheets(data: bytes, filename: str) -> dict[str, Sheet]:
    """The workbook's three sheets by name (SHEET_ORGS, SHEET_MEMBERS, SHEET_USERS), those present."""
    max_bytes = limits().max_bytes * SCALE
    if len(data) > max_bytes:
        raise RollImportRefused(
            [_issue("file_too_large", _("The file is larger than the limit of a province's workbook."))]
        )
    name = filename.lower()
    if name.endswith((".csv", ".txt")):
        rows, _notes = _csv_rows(data)
        return {SHEET_ORGS: Sheet(SHEET_ORGS, rows)}
    if not (name.endswith(".xlsx") or data[:2] == b"PK"):
        raise RollImportRefused(
            [
                _issue(
                    "bad_file_type",
                    _("«%(value)s» is neither an .xlsx nor a .csv file.") % {"value": filename},
                    value=filename,
                )
            ]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits().max_unpacked_bytes * SCALE:
            check_workbook(data)  # raises with the roll's message and limit
    except LimitExceeded as error:
        raise RollImportRefused([_issue(error.code, error.message)]) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    try:
        workbook = open_workbook(data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise RollImportRefused(
            [
                _issue(
                    "bad_file",
                    _(
                        "The file is not an Excel .xlsx workbook that can be read. "
                        "Save it as «Excel Workbook (.xlsx)»."
                    ),
                )
            ]
        ) from None
    wanted = {_sheet_key(t): t for t in (SHEET_ORGS, SHEET_MEMBERS, SHEET_USERS)}
    sheets: dict[str, Sheet] = {}
    try:
        for worksheet in workbook.worksheets:
            title = wanted.get(_sheet_key(worksheet.title))
            if title is None or title in sheets:
                continue
            try:
                rows = list(sheet_rows(worksheet, limits().max_rows * SCALE))
            except LimitExceeded as error:
                raise RollImportRefused([_issue(error.code, error.message, title)]) from None
            sheets[title] = Sheet(title, rows)
    finally:
        workbook.close()
    if SHEET_ORGS not in sheets:
        raise RollImportRefused(
            [
                _issue(
                    "no_organizations_sheet",
                    _("The workbook has no sheet «%(sheet)s»: use the template.") % {"sheet": SHEET_ORGS},
                )
            ]
        )
    return sheets


def _header(
    sheet: Sheet, headers: dict[str, tuple[str, ...]], required: Iterable[str]
) -> tuple[int, dict[str, int], dict[str, str], list[ImportIssue]]:
    """The header row's index, the position and the written header of each known column, and issues."""
    lookup = {header_key(h): key for key, names in headers.items() for h in names}
    required = list(required)
    for index, (line, cells) in enumerate(sheet.rows[:10]):
        texts = legacy.header_cells([cell_text(c) for c in cells])
        keys = {lookup.get(header_key(t)) for t in texts if t}
        if set(required[:2]) <= keys:
            positions: dict[str, int] = {}
            written: dict[str, str] = {}
            for pos, text in enumerate(texts):
                key = lookup.get(header_key(text)) if text else None
                if key is not None and key not in positions:
                    positions[key], written[key] = pos, text
            issues = [
                _issue(
                    "missing_column",
                    _("The required column «%(column)s» is missing.") % {"column": headers[key][0]},
                    sheet.title,
                    line,
                )
                for key in required
                if key not in positions
            ]
            return index, positions, written, issues
    names = ", ".join(f"«{headers[k][0]}»" for k in required)
    return (
        -1,
        {},
        {},
        [
            _issue(
                "no_header",
                _("No header row found: the first rows must name the columns %(columns)s.")
                % {"columns": names},
                sheet.title,
            )
        ],
    )


def _records(sheet: Sheet, index: int, positions: dict[str, int]) -> list[tuple[int, dict[str, str]]]:
    records = []
    for line, cells in sheet.rows[index + 1 :]:
        values = {k: cell_text(cells[p]) if p < len(cells) else "" for k, p in positions.items()}
        if any(values.values()):
            records.append((line, values))
    return records


# ----------------------------------------------------------------------------------------------------
# Checking the tree


def _load_tree() -> dict[str, Organization]:
    """Every organization in the database by code, each one's parent set from memory (no query)."""
    orgs = list(Organization.objects.all())
    by_id = {o.pk: o for o in orgs}
    for org in orgs:
        parent = by_id.get(org.parent_id) if org.parent_id else None
        org.parent = parent
    return {o.code: o for o in orgs}


def _kind_text(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _check_tree(
    sheet: Sheet, plan: ProvincePlan, within: set[int] | None, issues: list[ImportIssue]
) -> dict[str, int]:
    """Read the organizations sheet into plan.nodes (existing objects updated in memory, new ones
    unsaved) and check it; returns code -> sheet row."""
    index, positions, written, found = _header(sheet, ORG_HEADERS, ("code", "name", "kind"))
    issues.extend(found)
    if found:
        return {}

    def col(key: str) -> str:
        return written.get(key, ORG_HEADERS[key][0])

    nodes = plan.nodes
    existing_parent = {code: (o.parent.code if o.parent else None) for code, o in nodes.items()}
    parents = dict(existing_parent)
    rows: dict[str, int] = {}
    values_of: dict[str, dict[str, Any]] = {}
    for line, values in _records(sheet, index, positions):
        problems = len(issues)
        code = values.get("code", "").strip().lower()
        if not code:
            issues.append(_issue("code_required", _("the value is required"), sheet.title, line, col("code")))
        elif not CODE_RE.match(code):
            issues.append(
                _issue(
                    "bad_code",
                    _(
                        "«%(value)s» is not a valid code: use lowercase letters without accents, "
                        "digits and hyphens"
                    )
                    % {"value": values["code"]},
                    sheet.title,
                    line,
                    col("code"),
                    values["code"],
                )
            )
        elif code in rows:
            issues.append(
                _issue(
                    "duplicate_in_file",
                    _("«%(value)s» is also on row %(other)s") % {"value": code, "other": rows[code]},
                    sheet.title,
                    line,
                    col("code"),
                    code,
                )
            )
        name = " ".join(values.get("name", "").split())
        if not name:
            issues.append(_issue("name_required", _("the value is required"), sheet.title, line, col("name")))
        kind_text = values.get("kind", "")
        kind = KIND_WORDS.get(header_key(kind_text))
        if kind is None:
            issues.append(
                _issue(
                    "unknown_kind",
                    _("«%(value)s» is not a kind of organization: write %(choices)s")
                    % {"value": kind_text, "choices": ", ".join(KIND_LABELS.values())},
                    sheet.title,
                    line,
                    col("kind"),
                    kind_text,
                )
            )
        parent_code = values.get("parent", "").strip().lower() or None
        if parent_code is not None and parent_code == code:
            issues.append(
                _issue(
                    "own_parent",
                    _("«%(value)s» cannot be its own parent") % {"value": parent_code},
                    sheet.title,
                    line,
                    col("parent"),
                    values["parent"],
                )
            )
        term: tuple[int | None, int | None] = (None, None)
        term_text = values.get("term", "")
        if term_text:
            match = TERM_RE.match(term_text)
            if match is None or int(match.group(2)) <= int(match.group(1)):
                issues.append(
                    _issue(
                        "bad_term",
                        _("«%(value)s» is not a term: write the years as 2025–2030") % {"value": term_text},
                        sheet.title,
                        line,
                        col("term"),
                        term_text,
                    )
                )
            else:
                term = (int(match.group(1)), int(match.group(2)))
        if len(issues) > problems or not code:
            continue
        rows[code] = line
        parents[code] = parent_code
        values_of[code] = {
            "name": name,
            "kind": kind,
            "locality": " ".join(values.get("locality", "").split()),
            "term": term,
            "parent_text": values.get("parent", ""),
            "kind_text": kind_text,
        }
    # Parents: known (in the file or in daihoi), and no cycle.
    for code, line in rows.items():
        parent_code = parents[code]
        if parent_code is not None and parent_code not in parents:
            issues.append(
                _issue(
                    "unknown_parent",
                    _("«%(value)s» is neither an organization of the file nor one in daihoi")
                    % {"value": values_of[code]["parent_text"]},
                    sheet.title,
                    line,
                    col("parent"),
                    values_of[code]["parent_text"],
                )
            )
    if issues:
        return rows
    for cycle in find_cycles(parents):
        code = next((c for c in cycle if c in rows), cycle[0])
        issues.append(
            _issue(
                "parent_cycle",
                _("«%(value)s» makes a loop of parents: %(cycle)s")
                % {"value": parents[code], "cycle": " → ".join([*cycle, cycle[0]])},
                sheet.title,
                rows.get(code),
                col("parent"),
                str(parents[code]),
            )
        )
    if issues:
        return rows
    # Kinds: each organization's kind fits its parent's, for the file's rows and the children in daihoi.
    kind_of = {code: o.kind for code, o in nodes.items()} | {c: v["kind"] for c, v in values_of.items()}
    for code, line in rows.items():
        parent_code = parents[code]
        parent_kind = kind_of[parent_code] if parent_code else None
        if not may_sit_under(kind_of[code], parent_kind):
            issues.append(
                _issue(
                    "kind_under_parent",
                    _("«%(value)s» cannot sit under %(parent)s")
                    % {
                        "value": values_of[code]["kind_text"],
                        "parent": _("«%(name)s» (%(kind)s)")
                        % {
                            "name": parent_code,
                            "kind": _kind_text(parent_kind or ""),
                        }
                        if parent_code
                        else _("nothing: it needs a parent organization"),
                    },
                    sheet.title,
                    line,
                    col("kind") if parent_code is None else col("parent"),
                    values_of[code]["kind_text"] if parent_code is None else values_of[code]["parent_text"],
                )
            )
    for code, org in nodes.items():
        parent_code = parents.get(code)
        if code in rows or parent_code not in rows:
            continue
        if not may_sit_under(org.kind, kind_of[parent_code]):  # a child in daihoi under a changed kind
            issues.append(
                _issue(
                    "kind_breaks_children",
                    _("«%(value)s» cannot have «%(child)s» (%(kind)s) under it")
                    % {
                        "value": values_of[parent_code]["kind_text"],
                        "child": code,
                        "kind": _kind_text(org.kind),
                    },
                    sheet.title,
                    rows[parent_code],
                    col("kind"),
                    values_of[parent_code]["kind_text"],
                )
            )
    if within is not None:
        _check_within(sheet, rows, parents, existing_parent, nodes, within, col("code"), issues)
    if issues:
        return rows
    # The file's organizations in memory: existing ones changed, new ones unsaved.
    for code in rows:
        v = values_of[code]
        existing = nodes.get(code)
        org = existing if existing is not None else Organization(code=code)
        if existing is None:
            nodes[code] = org
            plan.new_codes.add(code)
        new = {
            "name": v["name"],
            "kind": v["kind"],
            "locality": v["locality"] or org.locality,
            "term_start_year": v["term"][0] or org.term_start_year,
            "term_end_year": v["term"][1] or org.term_end_year,
        }
        changed = [f for f, value in new.items() if getattr(org, f) != value]
        for f in changed:
            setattr(org, f, new[f])
        old_parent = org.parent.code if org.pk and org.parent else None
        if org.pk and old_parent != parents[code]:
            changed.append("parent")
        if org.pk and changed:
            plan.changed[code] = changed
    for code in rows:
        parent_code = parents[code]
        nodes[code].parent = nodes[parent_code] if parent_code else None
    plan.order = [c for c in depth_order({c: parents[c] for c in parents}) if c in rows]
    return rows


def _check_within(
    sheet: Sheet,
    rows: dict[str, int],
    parents: dict[str, str | None],
    existing_parent: dict[str, str | None],
    nodes: dict[str, Organization],
    within: set[int],
    column: str,
    issues: list[ImportIssue],
) -> None:
    """A committee's organizer imports below the committees they organize only (before and after)."""
    managed = {code for code, org in nodes.items() if org.pk in within}

    def below(code: str, mapping: dict[str, str | None]) -> bool:
        node = mapping.get(code)
        seen = 0
        while node is not None and seen < len(mapping) + 1:
            if node in managed:
                return True
            node, seen = mapping.get(node), seen + 1
        return False

    for code, line in rows.items():
        if not below(code, parents) or (code in existing_parent and not below(code, existing_parent)):
            issues.append(
                _issue(
                    "outside_your_tree",
                    _("«%(value)s» is not below a committee you organize") % {"value": code},
                    sheet.title,
                    line,
                    column,
                    code,
                )
            )


# ----------------------------------------------------------------------------------------------------
# Checking the rolls and the users


def _check_members(sheet: Sheet, plan: ProvincePlan, issues: list[ImportIssue]) -> None:
    notes: list[str] = []
    found: list[ImportIssue] = []
    try:
        raw = raw_from_rows(sheet.rows, notes, extra=MEMBER_ORG_COLUMN)
    except RollImportRefused as refused:
        issues.extend(_in_sheet(i, sheet.title) for i in refused.issues)
        return
    if "org_code" not in raw.columns:
        issues.append(
            _issue(
                "missing_column",
                _("The required column «%(column)s» is missing.") % {"column": "Mã tổ chức"},
                sheet.title,
                raw.header_row,
            )
        )
        return
    plan.notes.extend(notes)
    found.extend(_convert_legacy(raw))
    nodes = plan.nodes
    branches: dict[str, tuple[dict[str, Organization], set[str]]] = {}
    for org in nodes.values():
        if org.kind != OrganizationKind.BRANCH or not org.is_active:
            continue
        lookup, ambiguous = branches.setdefault(org.roll_owner.code, ({}, set()))
        lookup[org.code.casefold()] = org
        key = " ".join(org.name.split()).casefold()
        if key in lookup and lookup[key] is not org:
            ambiguous.add(key)
        lookup.setdefault(key, org)
    column = raw.columns["org_code"]
    first_row_of: dict[tuple[str, str], int] = {}
    for line, values in raw.rows:
        text = cell_text(values.get("org_code"))
        node = nodes.get(text.strip().lower())
        if node is None:
            found.append(
                _issue(
                    "unknown_organization",
                    _("«%(value)s» is neither an organization of the file nor one in daihoi")
                    % {"value": text}
                    if text
                    else _("the value is required"),
                    sheet.title,
                    line,
                    column,
                    text,
                )
            )
            continue
        if node.kind in SUPERIOR_KINDS or node.kind == OrganizationKind.PARTIAL_COMMITTEE:
            found.append(
                _issue(
                    "not_a_roll",
                    _(
                        "«%(value)s» (%(kind)s) keeps no roll: write the code of the grassroots "
                        "organization or of the branch the member attends"
                    )
                    % {"value": text, "kind": _kind_text(node.kind)},
                    sheet.title,
                    line,
                    column,
                    text,
                )
            )
            continue
        if not plan.reaches(node):
            found.append(
                _issue(
                    "outside_your_tree",
                    _("«%(value)s» is not below a committee you organize") % {"value": text},
                    sheet.title,
                    line,
                    column,
                    text,
                )
            )
            continue
        owner = node.roll_owner
        if node.kind == OrganizationKind.BRANCH:
            values["branch"] = node.code
            raw.columns.setdefault("branch", "Chi bộ")
        row_issues: list[ImportIssue] = []
        inp = _row_input(owner, line, values, raw, branches.get(owner.code, ({}, set())), row_issues)
        found.extend(_in_sheet(i, sheet.title) for i in row_issues)
        code = cell_text(values.get("member_code"))
        if code and (owner.code, code) in first_row_of:
            found.append(
                _issue(
                    "duplicate_in_file",
                    _("«%(value)s» is also on row %(other)s")
                    % {"value": code, "other": first_row_of[(owner.code, code)]},
                    sheet.title,
                    line,
                    raw.columns["member_code"],
                    code,
                )
            )
        elif code:
            first_row_of[(owner.code, code)] = line
        if inp is not None:
            plan.members.setdefault(owner.code, []).append(inp)
    issues.extend(found)


def _check_users(sheet: Sheet, plan: ProvincePlan, issues: list[ImportIssue]) -> None:
    index, positions, written, found = _header(sheet, USER_HEADERS, ("username", "org_code", "roles"))
    issues.extend(found)
    if found:
        return

    def col(key: str) -> str:
        return written.get(key, USER_HEADERS[key][0])

    user_model = get_user_model()
    records = _records(sheet, index, positions)
    names = {r[1].get("username", "").casefold() for r in records}
    existing = {
        u.username.casefold(): u
        for u in user_model.objects.all()
        if u.username.casefold() in names  # a province has a few thousand users at most
    }
    seen: dict[str, int] = {}
    for line, values in records:
        problems = len(issues)
        username = values.get("username", "").strip()
        if not username:
            issues.append(
                _issue("username_required", _("the value is required"), sheet.title, line, col("username"))
            )
        elif not USERNAME_RE.match(username):
            issues.append(
                _issue(
                    "bad_username",
                    _("«%(value)s» is not a username: use letters, digits and . @ + - _ without spaces")
                    % {"value": username},
                    sheet.title,
                    line,
                    col("username"),
                    username,
                )
            )
        elif username.casefold() in seen:
            issues.append(
                _issue(
                    "duplicate_in_file",
                    _("«%(value)s» is also on row %(other)s")
                    % {"value": username, "other": seen[username.casefold()]},
                    sheet.title,
                    line,
                    col("username"),
                    username,
                )
            )
        else:
            seen[username.casefold()] = line
        org_text = values.get("org_code", "")
        organization = plan.nodes.get(org_text.strip().lower())
        if organization is None:
            issues.append(
                _issue(
                    "unknown_organization",
                    _("«%(value)s» is neither an organization of the file nor one in daihoi")
                    % {"value": org_text}
                    if org_text
                    else _("the value is required"),
                    sheet.title,
                    line,
                    col("org_code"),
                    org_text,
                )
            )
        elif not plan.reaches(organization):
            issues.append(
                _issue(
                    "outside_your_tree",
                    _("«%(value)s» is not below a committee you organize") % {"value": org_text},
                    sheet.title,
                    line,
                    col("org_code"),
                    org_text,
                )
            )
        account = existing.get(username.casefold())
        if account is not None and plan.within is not None:
            elsewhere = RoleAssignment.objects.filter(user=account).select_related("organization")
            if account.is_superuser or any(
                not plan.reaches(plan.nodes.get(r.organization.code, r.organization)) for r in elsewhere
            ):
                issues.append(
                    _issue(
                        "username_taken",
                        _("«%(value)s» is already the username of someone outside your tree")
                        % {"value": username},
                        sheet.title,
                        line,
                        col("username"),
                        username,
                    )
                )
        roles_text = values.get("roles", "")
        roles: list[str] = []
        for word in re.split(r"[,;/\n]+", roles_text):
            if not word.strip():
                continue
            role = ROLE_WORDS.get(header_key(word))
            if role is None:
                issues.append(
                    _issue(
                        "unknown_role",
                        _("«%(value)s» is not a role: write %(choices)s")
                        % {"value": word.strip(), "choices": ", ".join(str(r.label) for r in Role)},
                        sheet.title,
                        line,
                        col("roles"),
                        roles_text,
                    )
                )
            elif role not in roles:
                roles.append(role)
        if not roles_text.strip():
            issues.append(
                _issue("role_required", _("the value is required"), sheet.title, line, col("roles"))
            )
        if len(issues) > problems or organization is None:
            continue
        full_name = " ".join(values.get("full_name", "").split())
        plan.users.append(
            UserPlan(
                line, username, full_name, organization, roles, existing=existing.get(username.casefold())
            )
        )


def check_province(data: bytes, filename: str, *, within: set[int] | None = None) -> ProvincePlan:
    """Read and check a province workbook; RollImportRefused lists every problem. Nothing is written.

    `within`: when given, the ids of the committees whose tree the importing user organizes; every
    organization of the file must lie below one of them (before and after the import)."""
    sheets = read_sheets(data, filename)
    plan = ProvincePlan(sha256=hashlib.sha256(data).hexdigest(), filename=filename, within=within)
    plan.nodes = _load_tree()
    issues: list[ImportIssue] = []
    rows = _check_tree(sheets[SHEET_ORGS], plan, within, issues)
    if not rows and not issues:
        issues.append(
            _issue("empty_file", _("The sheet has no organization rows under the header."), SHEET_ORGS)
        )
    if issues:  # the rolls and users refer to the tree: check them once it is right
        raise _refuse(issues)
    if SHEET_MEMBERS in sheets:
        _check_members(sheets[SHEET_MEMBERS], plan, issues)
    if SHEET_USERS in sheets:
        _check_users(sheets[SHEET_USERS], plan, issues)
    if issues:
        raise _refuse(issues)
    return plan


# ----------------------------------------------------------------------------------------------------
# Writing


def generate_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(12))


def _save_organizations(plan: ProvincePlan) -> None:
    fields = ["name", "kind", "parent", "locality", "term_start_year", "term_end_year", "updated_at"]
    for code in plan.order:  # parents first: a new child's parent has its id by then
        org = plan.nodes[code]
        if code in plan.new_codes:
            org.save(force_insert=True)
        elif code in plan.changed:
            org.save(update_fields=fields)


def apply_province(plan: ProvincePlan, *, actor: Any) -> ProvinceResult:
    """Write a checked plan: organizations, rolls, users and roles, in one transaction, one audit entry."""
    result = ProvinceResult(plan)
    # Hashing is slow by design (PBKDF2): done before the transaction, on every core (hashlib's PBKDF2
    # releases the GIL).
    new = [u for u in plan.users if u.existing is None]
    for user in new:
        user.password = generate_password()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for user, hashed in zip(new, pool.map(make_password, [u.password for u in new]), strict=True):
            user.password_hash = hashed
    now = timezone.now()
    user_model = get_user_model()
    with transaction.atomic():
        _save_organizations(plan)
        insert_rows: list[list[Any]] = []
        for owner_code, inputs in plan.members.items():
            owner = plan.nodes[owner_code]
            Organization.objects.select_for_update().filter(pk=owner.pk).first()
            for inp in inputs:  # the branch objects of the plan now have their ids
                if inp.branch is not None:
                    inp.branch = plan.nodes[inp.branch.code]
            member_plan = _plan(owner, inputs, now)
            insert_rows.extend(member_plan.insert_rows)
            if member_plan.to_update:
                Member.objects.bulk_update(
                    member_plan.to_update,
                    [*sorted(member_plan.update_fields), "updated_at"],
                    batch_size=BATCH,
                )
            result.members_created += member_plan.result.created
            result.members_updated += member_plan.result.updated
            result.members_unchanged += member_plan.result.unchanged
        _insert(insert_rows)  # every roll's new members in one statement (COPY on PostgreSQL)
        new_users = [
            user_model(username=u.username, first_name=u.full_name, password=u.password_hash, is_active=True)
            for u in plan.users
            if u.existing is None
        ]
        user_model.objects.bulk_create(new_users)
        by_name = {
            u.username: u for u in user_model.objects.filter(username__in=[u.username for u in new_users])
        }
        assignments: list[RoleAssignment] = []
        for u in plan.users:
            account = u.existing if u.existing is not None else by_name[u.username]
            have = set(
                RoleAssignment.objects.filter(user=account, organization=u.organization).values_list(
                    "role", flat=True
                )
            )
            for role in u.roles:
                if role not in have:
                    assignments.append(RoleAssignment(user=account, organization=u.organization, role=role))
            if u.existing is None:
                result.passwords.append((u.username, u.full_name, u.organization.code, u.password))
        RoleAssignment.objects.bulk_create(assignments)
        result.roles_granted = len(assignments)
        log_action(
            "organizations.province.imported",
            actor=actor,
            organization=plan.top,
            obj=plan.top,
            data={
                "file": plan.filename,
                "sha256": plan.sha256,
                "organizations_created": plan.organizations_created,
                "organizations_updated": plan.organizations_updated,
                "members_created": result.members_created,
                "members_updated": result.members_updated,
                "users_created": plan.users_created,
                "roles_granted": result.roles_granted,
            },
        )
    return result


def import_province(
    data: bytes, filename: str, *, actor: Any, within: set[int] | None = None
) -> ProvinceResult:
    """check_province then apply_province: all or nothing."""
    return apply_province(check_province(data, filename, within=within), actor=actor)


# ----------------------------------------------------------------------------------------------------
# Workbooks: the template, the passwords


def _workbook(sheets: list[tuple[str, list[str], list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        ws = workbook.create_sheet(title)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for index, header in enumerate(headers):
            ws.column_dimensions[ws.cell(1, index + 1).column_letter].width = max(14, len(header) + 4)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def province_template() -> bytes:
    """The workbook to fill: the three sheets with their headers and a small example tree."""
    from daihoi.organizations.roll_format import COLUMNS

    roll_headers = ["Mã tổ chức", *(c.header for c in COLUMNS if c.key != "row_number")]
    return _workbook(
        [
            (
                SHEET_ORGS,
                [names[0] for names in ORG_HEADERS.values()],
                [
                    ["dbt-vd", "Đảng bộ tỉnh Ví Dụ", "Đảng bộ tỉnh", "", "Ví Dụ", "2025–2030"],
                    ["dbk-vd", "Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ khối", "dbt-vd", "Ví Dụ", ""],
                    ["cb-vd1", "Chi bộ Sở Ví Dụ", "Chi bộ cơ sở", "dbk-vd", "Ví Dụ", ""],
                ],
            ),
            (SHEET_MEMBERS, roll_headers, []),
            (SHEET_USERS, [names[0] for names in USER_HEADERS.values()], []),
        ]
    )


def passwords_workbook(passwords: list[tuple[str, str, str, str]]) -> bytes:
    return _workbook(
        [
            (
                SHEET_USERS,
                ["Tên đăng nhập", "Họ tên", "Mã tổ chức", "Mật khẩu"],
                [list(row) for row in passwords],
            )
        ]
    )
