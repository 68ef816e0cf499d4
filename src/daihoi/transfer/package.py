"""The signed package: one closed congress of a hall laptop, its documents and its audit chain.

    manifest.json      format, organization, congress, exported_at, software, signer, files (path,
                       SHA-256, size)
    signature          Ed25519 signature of the manifest's bytes, in hexadecimal
    data/congress.json the congress's rows (daihoi.transfer.serialize)
    documents/…        the approval dossier's documents (Word and PDF, minutes included)
    files/…            the congress's uploaded documents (political report, drafts…)
    audit/chain.json   the organization's audit entries with their hashes, in chain order

See docs/transfer.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.utils import timezone
from nacl.signing import SigningKey

from daihoi.audit.chain import time_text
from daihoi.audit.services import log_action
from daihoi.congresses.models import Congress, CongressStatus
from daihoi.organizations.models import Organization
from daihoi.transfer import keys
from daihoi.transfer.serialize import rows_of

FORMAT = "daihoi-package"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "signature"
DATA = "data/congress.json"
CHAIN = "audit/chain.json"
FILE_PREFIXES = ("documents/", "files/")


def software_version() -> str:
    try:
        return metadata.version("daihoi")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout
        return "0"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()


def chain_rows(organization: Organization) -> list[dict[str, Any]]:
    """The organization's audit chain (its roll owner's) in order, each row as hashed (daihoi.audit.chain)."""
    from daihoi.audit.services import chain_entries

    entries = chain_entries(organization)
    return [
        {
            "chain": e.chain,
            "seq": e.seq,
            "at": time_text(e.at),
            "actor_id": e.actor_id,
            "actor_label": e.actor_label,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "organization_code": e.organization_code,
            "data": e.data,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in entries
    ]


def dossier_documents(congress: Congress) -> dict[str, bytes]:
    """The approval dossier's Word and PDF documents (as the approval dossier zip has them)."""
    from daihoi.dossier_docs.results import approval_dossier

    out: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(approval_dossier(congress))) as archive:
        for info in archive.infolist():
            out["documents/" + PurePosixPath(info.filename).name] = archive.read(info)
    return out


def uploaded_files(congress: Congress) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for document in congress.documents.order_by("pk"):
        if document.file:
            with document.file.open("rb") as handle:
                out[f"files/{document.pk}/{PurePosixPath(document.file.name or '').name}"] = handle.read()
    return out


def write_package(header: dict[str, Any], files: dict[str, bytes], key: SigningKey) -> bytes:
    """Zip `files` with a manifest (`header` + the files' hashes and the signer) signed by `key`."""
    public = bytes(key.verify_key).hex()
    manifest = {
        **header,
        "signer": {"public_key": public, "fingerprint": keys.fingerprint(public)},
        "files": [{"path": p, "sha256": sha256(b), "size": len(b)} for p, b in sorted(files.items())],
    }
    manifest_bytes = dumps(manifest)
    signature = key.sign(manifest_bytes).signature.hex().encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, signature)
        for path, data in sorted(files.items()):
            archive.writestr(path, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Exported:
    data: bytes
    sha256: str
    fingerprint: str
    filename: str


class NotClosed(Exception):
    """Only a closed congress is exported."""


def export_package(congress: Congress, *, actor: Any) -> Exported:
    """The signed package of a closed congress; the export is logged in the organization's audit."""
    if congress.status != CongressStatus.CLOSED:
        raise NotClosed(congress.status)
    organization = congress.organization
    key = keys.signing_key()
    header = {
        "format": FORMAT,
        "version": VERSION,
        "organization": {"code": organization.code, "name": organization.name},
        "congress": {
            "number": congress.number,
            "term_start_year": congress.term_start_year,
            "term_end_year": congress.term_end_year,
        },
        "exported_at": time_text(timezone.now()),
        "software": software_version(),
    }
    files = {DATA: dumps(rows_of(congress)), CHAIN: dumps(chain_rows(organization))}
    files.update(dossier_documents(congress))
    files.update(uploaded_files(congress))
    data = write_package(header, files, key)
    digest = sha256(data)
    fingerprint = keys.fingerprint(bytes(key.verify_key))
    with transaction.atomic():
        log_action(
            "transfer.package.exported",
            actor=actor,
            obj=congress,
            organization=organization,
            data={"number": congress.number, "sha256": digest, "fingerprint": fingerprint},
        )
    return Exported(data, digest, fingerprint, f"{organization.code}-dai-hoi-{congress.number}.zip")
