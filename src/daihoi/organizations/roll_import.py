"""Import the roll from .xlsx or .csv: all or nothing, idempotent by Party card number.

read_roll_file() turns bytes into rows; import_roll() checks every row (each refusal names the row, the
column and the value), then writes with bulk operations in one transaction and one audit entry.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from daihoi.audit.services import log_action
from daihoi.core.names import NameParts
from daihoi.organizations import legacy
from daihoi.organizations.errors import ImportIssue, RollImportRefused, RollWarning
from daihoi.organizations.models import Member, Organization
from daihoi.organizations.roll_format import (
    BY_KEY,
    COLUMNS,
    DATE_COLUMNS,
    EDUCATION_WORDS,
    FLAG_COLUMNS,
    GENDER_WORDS,
    HEADER_LOOKUP,
    STATUS_WORDS,
    TEXT_COLUMNS,
    THEORY_WORDS,
    CellError,
    cell_text,
    header_key,
    parse_choice,
    parse_date,
    parse_flag,
)
from daihoi.organizations.services import (
    MEMBER_FIELDS,
    MemberInput,
    branches_of,
    changed_fields,
    check_member,
    member_values,
    organization_warnings,
)
from daihoi.upload_limits import (
    MAX_COLUMNS,
    LimitExceeded,
    check_size,
    check_workbook,
    limits,
    more_issues_message,
    open_workbook,
    sheet_rows,
    too_many_rows,
)

BATCH = 500  # rows per UPDATE statement of bulk_update


@dataclass
class RawRoll:
    """The file's data rows: (row number as Excel/an editor shows it, {column key: cell value})."""

    header_row: int
    columns: dict[str, str]  # column key -> header as written in the file
    rows: list[tuple[int, dict[str, Any]]]
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[RollWarning] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _issue(code: str, message: str, row: int | None = None, column: str = "", value: str = "") -> ImportIssue:
    detail = message
    if row is not None and column:
        message = _("Row %(row)s, column «%(column)s»: %(detail)s") % {
            "row": row,
            "column": column,
            "detail": message,
        }
    elif row is not None:
        message = _("Row %(row)s: %(detail)s") % {"row": row, "detail": message}
    return ImportIssue(code=code, message=message, row=row, column=column, value=value, detail=detail)


# ----------------------------------------------------------------------------------------------------
# Reading files


def decode_csv(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else the Windows code pages Vietnamese offices save CSV in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Excel on a Vietnamese Windows writes cp1258 (tone marks as combining characters); on a Western one
    # cp1252, which is also how TCVN3/VNI bytes arrive (the legacy check then converts them).
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        if legacy.is_clean_vietnamese(text):
            return text, "Windows-1258"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise RollImportRefused(
            [
                _issue(
                    "bad_encoding",
                    _("The CSV file is neither UTF-8 nor a Windows code page; save it again as «CSV UTF-8»."),
                )
            ]
        ) from None


def _csv_rows(data: bytes) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    text, encoding = decode_csv(data)
    notes = []
    if not encoding.startswith("UTF-8"):
        notes.append(_("The CSV file was read as %(encoding)s.") % {"encoding": encoding})
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    max_rows = limits().max_rows
    rows = []
    line = 1
    for cells in reader:  # streamed; blank lines are not kept, and the rows stop at the limit
        if any(c.strip() for c in cells):
            rows.append((line, cells[:MAX_COLUMNS]))
            if len(rows) > max_rows + 10:
                raise _refused(too_many_rows(max_rows))
        line = reader.line_num + 1
    return rows, notes


def _refused(error: LimitExceeded) -> RollImportRefused:
    return RollImportRefused([_issue(error.code, error.message)])


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:

    try:
        check_workbook(data)  # a zip bomb is refused before openpyxl inflates anything
    except LimitExceeded as error:
        raise _refused(error) from None
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
    try:
        best: list[tuple[int, list[Any]]] = []
        for sheet in workbook.worksheets:
            try:
                rows = list(sheet_rows(sheet, limits().max_rows))
            except LimitExceeded as error:
                raise _refused(error) from None
            if _find_header(rows) is not None:
                return rows
            best = best or rows
        return best
    finally:
        workbook.close()


def _find_header(rows: list[tuple[int, list[Any]]]) -> int | None:
    """The index of the header row: the first of the first 10 rows naming the card number and the name."""
    for index, (_line, cells) in enumerate(rows[:10]):
        keys = {HEADER_LOOKUP.get(header_key(c)) for c in legacy.header_cells(cells) if c}
        if {"member_code", "full_name"} <= keys:
            return index
    return None


def read_roll_file(data: bytes, filename: str) -> RawRoll:
    name = filename.lower()
    notes: list[str] = []
    if name.endswith((".csv", ".txt")):
        rows, notes = _csv_rows(data)
    elif name.endswith(".xlsx") or data[:2] == b"PK":
        rows = _xlsx_rows(data)
    elif name.endswith(".xls"):
        raise RollImportRefused(
            [
                _issue(
                    "old_excel",
                    _("Old Excel files (.xls) cannot be read: open the file in Excel and save it as .xlsx."),
                )
            ]
        )
    else:
        raise RollImportRefused(
            [
                _issue(
                    "bad_file_type",
                    _("«%(value)s» is neither an .xlsx nor a .csv file.") % {"value": filename},
                    value=filename,
                )
            ]
        )
    return raw_from_rows(rows, notes)


def raw_from_rows(
    rows: list[tuple[int, list[Any]]], notes: list[str], extra: dict[str, str] | None = None
) -> RawRoll:
    """The roll's header and data rows from a sheet's rows. `extra` adds columns beyond the roll's
    (folded header -> key), e.g. the province import's organization code."""
    extra = extra or {}
    header_index = _find_header(rows)
    if header_index is None:
        raise RollImportRefused(
            [
                _issue(
                    "no_header",
                    _(
                        "No header row found: the first rows must contain the columns «Số thẻ đảng viên» "
                        "and «Họ và tên». "
                        "Use the template."
                    ),
                )
            ]
        )
    header_line, header_cells = rows[header_index]
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    issues = []
    for pos, cell in enumerate(legacy.header_cells([cell_text(c) for c in header_cells])):
        text = cell

        if not text:
            continue
        key = extra.get(header_key(text)) or HEADER_LOOKUP.get(header_key(text))
        if key is None:
            notes.append(
                _("The column «%(column)s» is not part of the roll and was ignored.") % {"column": text}
            )
            continue
        if key in columns:
            issues.append(
                _issue(
                    "duplicate_column",
                    _("«%(value)s» is the same column as «%(other)s».")
                    % {"value": text, "other": columns[key]},
                    header_line,
                    text,
                    text,
                )
            )
            continue
        columns[key], positions[key] = text, pos
    for column in COLUMNS:
        if column.required and column.key not in columns:
            issues.append(
                _issue(
                    "missing_column",
                    _("The required column «%(column)s» is missing.") % {"column": column.header},
                    header_line,
                )
            )
    if issues:
        raise RollImportRefused(issues)
    data_rows = []
    for line, cells in rows[header_index + 1 :]:
        values = {k: (cells[p] if p < len(cells) else None) for k, p in positions.items()}
        if all(cell_text(v) == "" for k, v in values.items() if k != "row_number"):
            continue  # empty rows (and rows with only an STT) are not members
        data_rows.append((line, values))
    return RawRoll(header_row=header_line, columns=columns, rows=data_rows, notes=notes)


# ----------------------------------------------------------------------------------------------------
# Checking rows


def _convert_legacy(raw: RawRoll) -> list[ImportIssue]:
    """Detect TCVN3 (ABC) / VNI text in the text columns; convert it, or refuse the cells it cannot read."""
    texts = [
        v for _l, values in raw.rows for k, v in values.items() if k in TEXT_COLUMNS and isinstance(v, str)
    ]
    verdict = legacy.examine([t for t in texts if t.strip()])
    issues = []
    suspect = set(verdict.suspect)
    for line, values in raw.rows:
        for key in TEXT_COLUMNS:
            value = values.get(key)
            if not isinstance(value, str):
                continue
            if value in suspect and key != "note":  # free text may hold «», ©...: never refused
                issues.append(
                    _issue(
                        "legacy_encoding",
                        _(
                            "«%(value)s» looks like text typed in an old font (TCVN3 or VNI) and "
                            "cannot be read safely; convert the file to Unicode (for example with "
                            "UniKey) and import it again"
                        )
                        % {"value": value},
                        line,
                        raw.columns.get(key, BY_KEY[key].header),
                        value,
                    )
                )
            elif value in verdict.converted:
                values[key] = verdict.converted[value]
    if verdict.converted and not issues:
        raw.notes.append(
            _(
                "Some text was typed in the old %(encoding)s font encoding and was converted to "
                "Unicode. Check a few names."
            )
            % {"encoding": verdict.label}
        )
    return issues


def _branch_lookup(organization: Organization) -> tuple[dict[str, Organization], set[str]]:
    """Branches by code and by name (case-insensitive, exact letters); names used twice are ambiguous."""
    lookup: dict[str, Organization] = {}
    ambiguous: set[str] = set()
    for branch in branches_of(organization):
        lookup[branch.code.casefold()] = branch
        key = " ".join(branch.name.split()).casefold()
        if key in lookup and lookup[key] != branch:
            ambiguous.add(key)
        lookup.setdefault(key, branch)
    return lookup, ambiguous


# The messages of cells that are not a value of their column (lazy: built only for a refused cell).
CELL_MESSAGES = {
    "bad_date": gettext_lazy("«%(value)s» is not a valid date"),
    "bad_gender": gettext_lazy("«%(value)s» is not a gender: write Nam or Nữ"),
    "bad_status": gettext_lazy("«%(value)s» is not a member status: write Chính thức or Dự bị"),
    "bad_flag": gettext_lazy("«%(value)s» is not a yes/no mark: write x or leave it empty"),
    "bad_education": gettext_lazy(
        "«%(value)s» is not a professional qualification: write Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, "
        "Trung cấp or Chưa qua đào tạo"
    ),
    "bad_political_theory": gettext_lazy(
        "«%(value)s» is not a political-theory level: write Cử nhân, Cao cấp, Trung cấp, Sơ cấp "
        "or Chưa qua đào tạo"
    ),
}


def _row_input(
    organization: Organization,
    line: int,
    values: dict[str, Any],
    raw: RawRoll,
    branches: tuple[dict[str, Organization], set[str]],
    issues: list[ImportIssue],
) -> MemberInput | None:
    def header(key: str) -> str:
        return raw.columns.get(key, BY_KEY[key].header)

    failed: set[str] = set()

    def bad(key: str, code: str, message: str, value: str) -> None:
        failed.add(key)
        issues.append(_issue(code, message, line, header(key), value))

    parsed: dict[str, Any] = {}
    for key in DATE_COLUMNS:
        try:
            parsed[key] = parse_date(values.get(key))
        except CellError as e:
            bad(
                key,
                e.code,
                str(CELL_MESSAGES[e.code]) % {"value": cell_text(values.get(key))},
                cell_text(values.get(key)),
            )
    for key, words, code in (("gender", GENDER_WORDS, "bad_gender"), ("status", STATUS_WORDS, "bad_status")):
        if cell_text(values.get(key)) == "":
            bad(key, f"{key}_required", _("the value is required"), "")
            continue
        try:
            parsed[key] = parse_choice(values.get(key), words, code)
        except CellError as e:
            bad(
                key,
                e.code,
                str(CELL_MESSAGES[e.code]) % {"value": cell_text(values.get(key))},
                cell_text(values.get(key)),
            )
    # Optional columns added later: a file without them leaves the stored values as they are (None).
    for key, words, code in (
        ("education", EDUCATION_WORDS, "bad_education"),
        ("political_theory", THEORY_WORDS, "bad_political_theory"),
    ):
        if key not in raw.columns:
            parsed[key] = None
            continue
        if cell_text(values.get(key)) == "":
            parsed[key] = ""
            continue
        try:
            parsed[key] = parse_choice(values.get(key), words, code)
        except CellError as e:
            bad(
                key,
                e.code,
                str(CELL_MESSAGES[e.code]) % {"value": cell_text(values.get(key))},
                cell_text(values.get(key)),
            )
    for key in FLAG_COLUMNS:
        try:
            parsed[key] = parse_flag(values.get(key))
        except CellError as e:
            bad(
                key,
                e.code,
                str(CELL_MESSAGES[e.code]) % {"value": cell_text(values.get(key))},
                cell_text(values.get(key)),
            )
    if parsed.get("birth_date") is None and "birth_date" not in failed:
        bad("birth_date", "birth_date_required", _("the value is required"), "")
    branch = None
    branch_text = cell_text(values.get("branch"))
    if branch_text:
        lookup, ambiguous = branches
        key = branch_text.casefold()
        if key in ambiguous:
            bad(
                "branch",
                "ambiguous_branch",
                _("«%(value)s» names two branches: write the branch code") % {"value": branch_text},
                branch_text,
            )
        elif key not in lookup:
            bad(
                "branch",
                "unknown_branch",
                _("«%(value)s» is not a branch of %(organization)s")
                % {"value": branch_text, "organization": organization.name},
                branch_text,
            )
        else:
            branch = lookup[key]
    elif organization.has_branches:
        bad("branch", "branch_required", _("the value is required"), "")
    if failed:
        return None
    parts_given = [cell_text(values.get(k)) for k in ("family_name", "middle_name", "given_name")]
    inp = MemberInput(
        member_code=cell_text(values.get("member_code")),
        full_name=cell_text(values.get("full_name")),
        birth_date=parsed["birth_date"],
        gender=parsed["gender"],
        status=parsed["status"],
        branch=branch,
        ethnicity=cell_text(values.get("ethnicity")) or "Kinh",
        # optional column added later: a file without it keeps the stored home town (None)
        home_town=cell_text(values.get("home_town")) if "home_town" in raw.columns else None,
        admitted_on=parsed["admitted_on"],
        official_on=parsed["official_on"],
        education=parsed["education"],
        political_theory=parsed["political_theory"],
        attached_elsewhere=parsed["attached_elsewhere"],
        exempted=parsed["exempted"],
        suspended=parsed["suspended"],
        note=cell_text(values.get("note")),
        name_parts=NameParts(*parts_given) if any(parts_given) else None,
    )
    for problem in check_member(organization, inp):
        key = problem.field if problem.field in BY_KEY else "full_name"
        if problem.code == "name_parts_mismatch":  # point at the part the office typed
            parts = ("family_name", "middle_name", "given_name")
            key = next((k for k in parts if cell_text(values.get(k))), "full_name")
        bad(key, problem.code, problem.message.rstrip("."), cell_text(values.get(key)))
    return inp


def check_roll(organization: Organization, raw: RawRoll) -> list[MemberInput]:
    """Every row turned into a MemberInput, or RollImportRefused listing every problem found."""
    max_issues = limits().max_issues
    issues = _convert_legacy(raw)
    if not raw.rows:
        issues.append(_issue("empty_file", _("The file has no member rows under the header.")))
    branches = _branch_lookup(organization)
    inputs: list[MemberInput] = []
    first_row_of: dict[str, int] = {}
    example = {c.key: c.example for c in COLUMNS if c.example and c.key != "row_number"}
    for line, values in raw.rows:
        if all(cell_text(values.get(k)) == v for k, v in example.items() if k in raw.columns):
            issues.append(_issue("example_row", _("this is the template's example row; delete it"), line))
            continue
        inp = _row_input(organization, line, values, raw, branches, issues)
        code = cell_text(values.get("member_code"))
        if code and code in first_row_of:
            issues.append(
                _issue(
                    "duplicate_in_file",
                    _("«%(value)s» is also on row %(other)s") % {"value": code, "other": first_row_of[code]},
                    line,
                    raw.columns["member_code"],
                    code,
                )
            )
        elif code:
            first_row_of[code] = line
        if inp is not None:
            inputs.append(inp)
    if issues:  # every row is checked; the first max_issues problems are listed, then how many more
        if len(issues) > max_issues:
            more = len(issues) - max_issues
            issues = [*issues[:max_issues], _issue("more_issues", more_issues_message(more))]
        raise RollImportRefused(issues)
    return inputs


# ----------------------------------------------------------------------------------------------------
# Writing


def import_roll(organization: Organization, data: bytes, filename: str, *, actor: Any) -> ImportResult:
    """Read, check and apply a roll file; raises RollImportRefused (nothing written) on any problem."""
    organization = organization.roll_owner
    try:
        check_size(len(data))
    except LimitExceeded as error:
        raise _refused(error) from None
    raw = read_roll_file(data, filename)
    inputs = check_roll(organization, raw)
    result = apply_roll(
        organization,
        inputs,
        actor=actor,
        source={"file": filename, "sha256": hashlib.sha256(data).hexdigest(), "rows": len(inputs)},
    )
    result.notes = raw.notes + result.notes
    return result


def import_roll_upload(organization: Organization, upload: Any, *, actor: Any) -> ImportResult:
    """import_roll for an uploaded file: its size is checked before a byte of it is read."""
    try:
        check_size(upload.size)
    except LimitExceeded as error:
        raise _refused(error) from None
    return import_roll(organization, upload.read(), upload.name, actor=actor)


def _insert_rows(members: list[Member], now: Any) -> list[list[Any]]:
    """The database values of new members, prepared before the write transaction (Python work that
    would otherwise hold the database's write lock)."""
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    for member in members:
        member.created_at = member.updated_at = now
    return [[f.get_db_prep_save(getattr(m, f.attname), connection) for f in fields] for m in members]


def _insert(rows: list[list[Any]]) -> None:
    """Insert new members without the ORM's per-object SQL building (most of a 10,000-row import's time):
    COPY on PostgreSQL, one prepared INSERT run by executemany elsewhere. IDs come from the database."""
    if not rows:
        return
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(str(Member._meta.db_table))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


@dataclass
class _Plan:
    """What an import will write, worked out before the write transaction; `snapshot` is the state of
    the roll it was worked out from."""

    snapshot: tuple[Any, ...]
    result: ImportResult
    insert_rows: list[list[Any]]
    to_update: list[Member]
    update_fields: set[str]


def _snapshot(organization: Organization) -> tuple[Any, ...]:
    """The roll's state: a member added, removed or edited since changes it."""
    agg = Member.objects.filter(organization=organization).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id")
    )
    return agg["n"], agg["last"], agg["top"]


def _plan(organization: Organization, inputs: list[MemberInput], now: Any) -> _Plan:
    snapshot = _snapshot(organization)
    existing = {m.member_code: m for m in Member.objects.filter(organization=organization)}
    result = ImportResult()
    to_create: list[Member] = []
    to_update: list[Member] = []
    update_fields: set[str] = set()
    seen: set[str] = set()
    for inp in inputs:
        values = member_values(inp)
        seen.add(values["member_code"])
        member = existing.get(values["member_code"])
        if member is None:
            to_create.append(Member(organization=organization, **values))
            continue
        diff = changed_fields(member, values)
        if not diff:
            result.unchanged += 1
            continue
        for name in diff:
            setattr(member, name, values[name])
        member.updated_at = now
        update_fields.update(diff)
        to_update.append(member)
    result.created, result.updated = len(to_create), len(to_update)
    result.not_in_file = sum(1 for code, m in existing.items() if code not in seen and m.is_active)
    return _Plan(snapshot, result, _insert_rows(to_create, now), to_update, update_fields)


def apply_roll(
    organization: Organization,
    inputs: list[MemberInput],
    *,
    actor: Any,
    source: dict[str, Any] | None = None,
) -> ImportResult:
    """Create or update the members of `inputs` by card number; members not listed are left alone.

    All or nothing, and short: the rows are compared and prepared first, outside any transaction; the
    transaction then only locks the organization, checks that the roll has not changed since (else it
    prepares again, under the lock) and writes in bulk. A 20,000-member import holds the database's
    write lock for the inserts alone, so another organization's clerk is not kept waiting (issue 10).
    """
    now = timezone.now()
    plan = _plan(organization, inputs, now)
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one import at a time
        if _snapshot(organization) != plan.snapshot:  # another import or an edit came in between
            plan = _plan(organization, inputs, now)
        _insert(plan.insert_rows)
        if plan.to_update:
            Member.objects.bulk_update(
                plan.to_update, [*sorted(plan.update_fields), "updated_at"], batch_size=BATCH
            )
        result = plan.result
        if result.created or result.updated:
            log_action(
                "organizations.roll.imported",
                actor=actor,
                organization=organization,
                obj=organization,
                data={
                    **(source or {}),
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "updated_codes": [m.member_code for m in plan.to_update][:200],
                    "fields": sorted(plan.update_fields & set(MEMBER_FIELDS)),
                },
            )
    result.warnings = organization_warnings(organization)
    return result
