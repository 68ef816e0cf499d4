"""Importing a signed package into the province server: every check, in order, then one transaction.

1. the zip: well-formed, within the size limits, only expected names (no path out of the package);
2. manifest.json: its schema;
3. every file: present, listed, its size and SHA-256 as the manifest says, nothing more;
4. the signature: Ed25519 over the manifest's bytes, by the key the manifest names;
5. the organization: the same code on this server (and within the importer's reach);
6. the signer's key: trusted for that organization (TrustedKey);
7. the audit chain: seq contiguous, each prev_hash the previous entry's hash (the HMAC itself cannot be
   checked without the laptop's audit key);
8. the congress: not yet here (the identical package again: "already imported", nothing changes);
9. the rows, created with new ids; members matched by Party card number in the organization's roll.
"""

from __future__ import annotations

import binascii
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from daihoi.accounts.permissions import subtree_ids
from daihoi.audit.chain import GENESIS_HASH
from daihoi.audit.services import log_action
from daihoi.congresses.models import Congress, CongressStatus, new_checkin_code
from daihoi.organizations.models import Member, Organization
from daihoi.transfer import keys
from daihoi.transfer.errors import PackageError
from daihoi.transfer.models import ImportedPackage, TrustedKey
from daihoi.transfer.package import CHAIN, DATA, FILE_PREFIXES, FORMAT, MANIFEST, SIGNATURE, VERSION, sha256
from daihoi.transfer.serialize import LABELS, concrete_fields, model_of, parse_value, ref_kind
from daihoi.upload_limits import limits, size_text

HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_FILES = 5000


def max_bytes() -> int:
    return int(getattr(settings, "DAIHOI_PACKAGE_MAX_BYTES", 50 * 1024 * 1024))


def max_unpacked_bytes() -> int:
    return int(getattr(settings, "DAIHOI_PACKAGE_MAX_UNPACKED_BYTES", limits().max_unpacked_bytes))


@dataclass(frozen=True)
class Checked:
    """A package that passed checks 1-4: its manifest and files."""

    manifest: dict[str, Any]
    files: dict[str, bytes]
    sha256: str
    public_key: str
    fingerprint: str


@dataclass(frozen=True)
class Imported:
    package: ImportedPackage
    created: bool  # False: the identical package was imported before; nothing changed


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or "\x00" in name:
        return False
    parts = PurePosixPath(name).parts
    if any(p in ("", ".", "..") for p in parts) or name.endswith("/"):
        return False
    return name in (MANIFEST, SIGNATURE, DATA, CHAIN) or (name.startswith(FILE_PREFIXES) and len(parts) >= 2)


def read_zip(data: bytes) -> dict[str, bytes]:
    """Check 1: the zip's entries, refused when malformed, too large, or with unexpected names."""
    if len(data) > max_bytes():
        raise PackageError(
            "package_too_large",
            _("The package is %(size)s; at most %(limit)s can be imported.")
            % {"size": size_text(len(data)), "limit": size_text(max_bytes())},
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PackageError(
            "not_a_zip", _("The file is not a package: it is not a valid zip archive.")
        ) from None
    if len(infos) > MAX_FILES:
        raise PackageError(
            "too_many_files", _("The package holds too many files (%(n)s).") % {"n": len(infos)}
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_unpacked_bytes():
        raise PackageError(
            "unpacked_too_large",
            _("The package unpacks to %(size)s; at most %(limit)s can be read.")
            % {"size": size_text(unpacked), "limit": size_text(max_unpacked_bytes())},
        )
    files: dict[str, bytes] = {}
    for info in infos:
        if not _safe_name(info.filename):
            raise PackageError(
                "bad_name",
                _("The package holds a file with a forbidden name: %(path)s") % {"path": info.filename},
            )
        if info.filename in files:
            raise PackageError(
                "duplicate_name", _("The package holds the file %(path)s twice.") % {"path": info.filename}
            )
        try:
            files[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            raise PackageError(
                "bad_file", _("The file %(path)s of the package cannot be read.") % {"path": info.filename}
            ) from None
    return files


def _schema_error(field: str) -> PackageError:
    return PackageError(
        "bad_manifest",
        _("The manifest (manifest.json) is invalid: the field %(field)s is missing or wrong.")
        % {"field": field},
    )


def _require(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _schema_error(f"{where}{key}")
    return value


def parse_manifest(raw: bytes | None) -> dict[str, Any]:
    """Check 2: the manifest's schema."""
    if raw is None:
        raise PackageError("no_manifest", _("The package has no manifest (manifest.json)."))
    try:
        manifest = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise PackageError("bad_manifest", _("The manifest (manifest.json) is not valid JSON.")) from None
    if not isinstance(manifest, dict):
        raise _schema_error("manifest")
    if _require(manifest, "format", str, "") != FORMAT:
        raise _schema_error("format")
    if _require(manifest, "version", int, "") != VERSION:
        raise PackageError(
            "bad_version",
            _("The package's format version %(version)s is not one this server reads (%(expected)s).")
            % {"version": manifest.get("version"), "expected": VERSION},
        )
    org = _require(manifest, "organization", dict, "")
    _require(org, "code", str, "organization.")
    _require(org, "name", str, "organization.")
    congress = _require(manifest, "congress", dict, "")
    for key in ("number", "term_start_year", "term_end_year"):
        _require(congress, key, int, "congress.")
    _require(manifest, "exported_at", str, "")
    _require(manifest, "software", str, "")
    signer = _require(manifest, "signer", dict, "")
    if not HEX64.match(_require(signer, "public_key", str, "signer.")):
        raise _schema_error("signer.public_key")
    if keys.fingerprint(signer["public_key"]) != _require(signer, "fingerprint", str, "signer."):
        raise _schema_error("signer.fingerprint")
    entries = _require(manifest, "files", list, "")
    paths = set()
    for i, entry in enumerate(entries):
        where = f"files[{i}]."
        path = _require(entry, "path", str, where)
        if not HEX64.match(_require(entry, "sha256", str, where)):
            raise _schema_error(where + "sha256")
        if _require(entry, "size", int, where) < 0:
            raise _schema_error(where + "size")
        if path in paths or path in (MANIFEST, SIGNATURE) or not _safe_name(path):
            raise _schema_error(where + "path")
        paths.add(path)
    for required in (DATA, CHAIN):
        if required not in paths:
            raise _schema_error(f"files ({required})")
    return manifest


def check_files(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    """Check 3: every file listed is there with its size and hash, and nothing else is."""
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for path, entry in listed.items():
        if path not in files:
            raise PackageError(
                "file_missing",
                _("The file %(path)s is in the manifest but not in the package: it was removed.")
                % {"path": path},
            )
        data = files[path]
        if len(data) != entry["size"] or sha256(data) != entry["sha256"]:
            raise PackageError(
                "file_altered",
                _("The file %(path)s was altered: its SHA-256 does not match the manifest.") % {"path": path},
            )
    for path in files:
        if path not in listed and path not in (MANIFEST, SIGNATURE):
            raise PackageError(
                "file_unlisted",
                _("The file %(path)s is in the package but not in the manifest: it was added.")
                % {"path": path},
            )


def check_signature(manifest_bytes: bytes, signature: bytes | None, public_key: str) -> None:
    """Check 4: the Ed25519 signature of the manifest's bytes by the key it names."""
    fingerprint = keys.fingerprint(public_key)
    if signature is None:
        raise PackageError("no_signature", _("The package has no signature (the file signature)."))
    try:
        VerifyKey(bytes.fromhex(public_key)).verify(manifest_bytes, binascii.unhexlify(signature.strip()))
    except (BadSignatureError, ValueError, binascii.Error, TypeError):
        raise PackageError(
            "bad_signature",
            _(
                "The package's signature is not valid: the manifest was altered or was not signed by the "
                "key %(fingerprint)s it names."
            )
            % {"fingerprint": fingerprint},
        ) from None


def check_package(data: bytes) -> Checked:
    """Checks 1 to 4: what a package says and that it is intact and signed."""
    files = read_zip(data)
    manifest = parse_manifest(files.get(MANIFEST))
    check_files(manifest, files)
    public_key = manifest["signer"]["public_key"]
    check_signature(files[MANIFEST], files.get(SIGNATURE), public_key)
    return Checked(manifest, files, sha256(data), public_key, keys.fingerprint(public_key))


def organization_for(checked: Checked, within: Organization | None) -> Organization:
    """Check 5: the package's organization, on this server and within the importer's reach."""
    code = checked.manifest["organization"]["code"]
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise PackageError(
            "unknown_organization",
            _("The organization %(code)s of the package does not exist on this server.") % {"code": code},
        )
    if within is not None and organization.pk not in subtree_ids(within):
        raise PackageError(
            "outside_organization",
            _("The package is for %(org)s, which is not %(within)s nor an organization below it.")
            % {"org": organization.name, "within": within.name},
        )
    return organization


def check_trusted(checked: Checked, organization: Organization) -> None:
    """Check 6: the signer's key is trusted for the organization."""
    trusted = TrustedKey.objects.filter(organization=organization, fingerprint=checked.fingerprint)
    if not any(not t.public_key or t.public_key == checked.public_key for t in trusted):
        raise PackageError(
            "untrusted_key",
            _(
                "The signing key %(fingerprint)s is not trusted for %(org)s: the superior committee's "
                "organizer registers the laptop's key before its package is imported."
            )
            % {"fingerprint": checked.fingerprint, "org": organization.name},
        )


CHAIN_KEYS = ("seq", "at", "actor_label", "action", "object_type", "object_id", "organization_code")


def check_chain(raw: bytes) -> list[dict[str, Any]]:
    """Check 7: the audit chain's links (seq contiguous, prev_hash the previous hash)."""
    try:
        rows = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        rows = None
    if not isinstance(rows, list) or not rows:
        raise PackageError("bad_chain", _("The audit log %(path)s is empty or not valid.") % {"path": CHAIN})
    previous: dict[str, Any] | None = None
    for i, row in enumerate(rows):
        valid = (
            isinstance(row, dict)
            and all(k in row for k in CHAIN_KEYS)
            and isinstance(row["seq"], int)
            and isinstance(row.get("hash"), str)
            and HEX64.match(row["hash"])
            and isinstance(row.get("prev_hash"), str)
        )
        if not valid:
            raise PackageError(
                "bad_chain",
                _("The audit log %(path)s is not valid at entry %(n)s.") % {"path": CHAIN, "n": i + 1},
            )
        broken = (
            (previous is None and row["seq"] == 1 and row["prev_hash"] != GENESIS_HASH)
            or (previous is not None and row["seq"] != previous["seq"] + 1)
            or (previous is not None and row["prev_hash"] != previous["hash"])
        )
        if broken:
            raise PackageError(
                "chain_broken",
                _(
                    "The audit log %(path)s is broken at entry no. %(seq)s: it does not follow the entry "
                    "before it (an entry was removed, inserted or altered)."
                )
                % {"path": CHAIN, "seq": row["seq"]},
            )
        previous = row
    return rows


def _data_error(label: str, detail: str) -> PackageError:
    return PackageError(
        "bad_data",
        _("The file %(path)s is not valid (%(model)s: %(detail)s).")
        % {"path": DATA, "model": str(model_of(label)._meta.verbose_name), "detail": detail},
    )


def _rows(data: dict[str, Any], label: str) -> list[dict[str, Any]]:
    rows = data.get(label, [])
    if not isinstance(rows, list) or not all(
        isinstance(r, dict) and isinstance(r.get("pk"), int) and isinstance(r.get("fields"), dict)
        for r in rows
    ):
        raise _data_error(label, label)
    return rows


def _members(data: dict[str, Any], organization: Organization) -> dict[str, Member]:
    wanted: dict[str, str] = {}
    for label in LABELS:
        model = model_of(label)
        for field in concrete_fields(model):
            if field.is_relation and ref_kind(field) == "member":
                for row in _rows(data, label):
                    code = row["fields"].get(field.name)
                    if code is not None:
                        wanted.setdefault(str(code), str(row["fields"].get("full_name", "")))
    found = {
        m.member_code: m
        for m in Member.objects.filter(organization=organization.roll_owner, member_code__in=list(wanted))
    }
    for code, name in wanted.items():
        if code not in found:
            raise PackageError(
                "unknown_member",
                _("The member %(name)s (Party card %(code)s) is not on the roll of %(org)s on this server.")
                % {"name": name or "—", "code": code, "org": organization.roll_owner.name},
            )
    return found


def _organizations(data: dict[str, Any], organization: Organization) -> dict[str, Organization]:
    reach = subtree_ids(organization.roll_owner)
    found: dict[str, Organization] = {}
    for label in LABELS:
        model = model_of(label)
        for field in concrete_fields(model):
            if field.is_relation and ref_kind(field) == "organization":
                for row in _rows(data, label):
                    code = row["fields"].get(field.name)
                    if code is None or str(code) in found:
                        continue
                    org = Organization.objects.filter(code=str(code), pk__in=reach).first()
                    if org is None:
                        raise PackageError(
                            "unknown_branch",
                            _(
                                "The organization or branch %(code)s named in the package is not on this "
                                "server."
                            )
                            % {"code": code},
                        )
                    found[str(code)] = org
    return found


def _remap_result(result: Any, candidates: dict[int, int]) -> Any:
    """A round's stored result names candidates by id (as text): the ids of the rows made here."""
    if not isinstance(result, dict):
        return result

    def new(value: Any) -> str:
        return str(candidates[int(value)])

    out = dict(result)
    out["candidates"] = [{**c, "id": new(c["id"])} for c in result.get("candidates", [])]
    for key in ("elected", "alternates"):
        out[key] = [new(v) for v in result.get(key, [])]
    out["next_rounds"] = [
        {**n, "candidates": [new(v) for v in n.get("candidates", [])]} for n in result.get("next_rounds", [])
    ]
    return out


def _create_rows(data: dict[str, Any], files: dict[str, bytes], organization: Organization) -> Congress:
    members = _members(data, organization)
    organizations = _organizations(data, organization)
    maps: dict[str, dict[int, int]] = {label: {} for label in LABELS}
    created: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    for index, label in enumerate(LABELS):
        model = model_of(label)
        fields = concrete_fields(model)
        objs: list[tuple[dict[str, Any], Any]] = []
        for row in _rows(data, label):
            values = row["fields"]
            kwargs: dict[str, Any] = {}
            try:
                for field in fields:
                    if field.name not in values or isinstance(field, models.FileField):
                        continue
                    value = values[field.name]
                    if not field.is_relation:
                        kwargs[field.name] = parse_value(field, value)
                        continue
                    kind = ref_kind(field)
                    if kind == "row":
                        target = model_of(field.related_model._meta.label_lower)._meta.label_lower
                        if LABELS.index(target) >= index:
                            continue  # second pass
                        if value is None or (target == "congresses.congress" and value not in maps[target]):
                            kwargs[field.attname] = None  # another congress (elected_in): not carried
                        else:
                            kwargs[field.attname] = maps[target][value]
                    elif kind == "member":
                        kwargs[field.name] = None if value is None else members[str(value)]
                    elif kind == "organization":
                        kwargs[field.name] = None if value is None else organizations[str(value)]
                    else:
                        kwargs[field.attname] = None  # the laptop's logins are not this server's
                objs.append((row, model(**kwargs)))
            except (KeyError, ValueError, TypeError, ValidationError) as exc:
                raise _data_error(label, f"{row.get('pk')}: {exc}") from None
        if label == "congresses.congress":
            if len(objs) != 1:
                raise _data_error(label, str(len(objs)))
            congress = objs[0][1]
            if congress.organization_id != organization.pk or congress.status != CongressStatus.CLOSED:
                raise _data_error(label, "organization/status")
        if label == "congresses.delegate":
            codes = [o.checkin_code for _r, o in objs]
            taken = set(
                model._default_manager.filter(checkin_code__in=codes).values_list("checkin_code", flat=True)
            )
            for _r, obj in objs:
                if obj.checkin_code in taken:
                    obj.checkin_code = new_checkin_code()
        if label == "congresses.congressdocument":
            for row, obj in objs:
                name = str(row["fields"].get("file") or "")
                content = files.get(f"files/{row['pk']}/{PurePosixPath(name).name}") if name else None
                if content is not None:
                    obj.file.save(PurePosixPath(name).name, ContentFile(content), save=False)
        model._default_manager.bulk_create([o for _r, o in objs])
        for row, obj in objs:
            maps[label][row["pk"]] = obj.pk
        created[label] = objs
    # Second pass: the links to rows made after (or with) their own, many-to-many sets, and the times
    # that auto_now would otherwise have replaced.
    try:
        for index, label in enumerate(LABELS):
            model = model_of(label)
            later: list[str] = []
            for field in concrete_fields(model):
                if field.is_relation and ref_kind(field) == "row":
                    target = field.related_model._meta.label_lower
                    if LABELS.index(target) >= index:
                        later.append(field.name)
                        for row, obj in created[label]:
                            value = row["fields"].get(field.name)
                            setattr(obj, field.attname, None if value is None else maps[target][value])
                elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    later.append(field.name)
                    for row, obj in created[label]:
                        if row["fields"].get(field.name) is not None:
                            setattr(obj, field.attname, parse_value(field, row["fields"][field.name]))
            if label == "elections.round":
                later.append("result")
                for _row, obj in created[label]:
                    obj.result = _remap_result(obj.result, maps["elections.candidate"])
            if later and created[label]:
                model._default_manager.bulk_update([o for _r, o in created[label]], later, batch_size=500)
            for m2m in model._meta.many_to_many:
                through: Any = m2m.remote_field.through
                target = m2m.related_model._meta.label_lower
                source_col, target_col = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
                links = [
                    through(**{f"{source_col}_id": obj.pk, f"{target_col}_id": maps[target][old]})
                    for row, obj in created[label]
                    for old in row["fields"].get(m2m.name, [])
                ]
                through._default_manager.bulk_create(links)
    except (KeyError, ValueError, TypeError) as exc:
        raise PackageError(
            "bad_data", _("The file %(path)s is not valid (%(detail)s).") % {"path": DATA, "detail": exc}
        ) from None
    congress.refresh_from_db()
    return congress


def import_package(data: bytes, *, actor: Any, within: Organization | None = None) -> Imported:
    """Check the package and create its congress; refused with a PackageError (nothing written)."""
    checked = check_package(data)
    organization = organization_for(checked, within)
    check_trusted(checked, organization)
    chain = check_chain(checked.files[CHAIN])
    foreign = next((row for row in chain if row.get("chain", organization.code) != organization.code), None)
    if foreign is not None:
        raise PackageError(
            "chain_foreign",
            _("The audit log %(path)s holds entry no. %(seq)s of another organization's chain.")
            % {"path": CHAIN, "seq": foreign["seq"]},
        )
    number = checked.manifest["congress"]["number"]
    previous = ImportedPackage.objects.filter(sha256=checked.sha256).first()
    if previous is not None:
        return Imported(previous, created=False)
    if Congress.objects.filter(organization=organization, number=number).exists():
        raise PackageError(
            "congress_exists",
            _(
                "Congress no. %(number)s of %(org)s is already on this server; a different package for the "
                "same congress is refused."
            )
            % {"number": number, "org": organization.name},
        )
    try:
        rows = json.loads(checked.files[DATA])
    except (ValueError, UnicodeDecodeError):
        rows = None
    if not isinstance(rows, dict):
        raise PackageError("bad_data", _("The file %(path)s is not valid JSON.") % {"path": DATA})
    congress_rows = rows.get("congresses.congress")
    if (
        not isinstance(congress_rows, list)
        or len(congress_rows) != 1
        or not isinstance(congress_rows[0], dict)
        or congress_rows[0].get("fields", {}).get("number") != number
        or congress_rows[0].get("fields", {}).get("organization") != organization.code
    ):
        raise _data_error("congresses.congress", _("the congress does not match the manifest"))
    try:
        with transaction.atomic():
            congress = _create_rows(rows, checked.files, organization)
            package = ImportedPackage.objects.create(
                organization=organization,
                congress=congress,
                sha256=checked.sha256,
                signer_public_key=checked.public_key,
                signer_fingerprint=checked.fingerprint,
                manifest=checked.manifest,
                chain=chain,
                package=data,
                imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            log_action(
                "transfer.package.imported",
                actor=actor,
                obj=congress,
                organization=organization,
                data={"number": number, "sha256": checked.sha256, "fingerprint": checked.fingerprint},
            )
    except IntegrityError as exc:
        raise PackageError(
            "bad_data", _("The file %(path)s is not valid (%(detail)s).") % {"path": DATA, "detail": exc}
        ) from None
    return Imported(package, created=True)


def trust_key(organization: Organization, text: str, *, actor: Any, note: str = "") -> TrustedKey:
    """Register a laptop's key for `organization`: its public key (64 hexadecimal digits) or fingerprint."""
    value = text.strip().lower()
    if HEX64.match(value):
        public_key, fingerprint = value, keys.fingerprint(value)
    else:
        public_key, fingerprint = "", keys.normalize_fingerprint(text)
        if len(fingerprint.replace("-", "")) != 32 or not re.fullmatch(r"[A-Z2-7-]+", fingerprint):
            raise PackageError(
                "bad_key",
                _(
                    "“%(value)s” is neither a public key (64 hexadecimal digits) nor a key fingerprint "
                    "(32 letters and digits in groups of four)."
                )
                % {"value": text.strip()[:80]},
            )
    with transaction.atomic():
        existing = TrustedKey.objects.filter(organization=organization, fingerprint=fingerprint).first()
        if existing is not None:
            return existing
        trusted = TrustedKey.objects.create(
            organization=organization,
            public_key=public_key,
            fingerprint=fingerprint,
            note=note,
            added_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            "transfer.key.trusted",
            actor=actor,
            obj=trusted,
            organization=organization,
            data={"fingerprint": fingerprint, "note": note},
        )
    return trusted
