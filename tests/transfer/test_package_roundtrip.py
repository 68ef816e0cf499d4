"""A congress run to the end on the laptop, exported and imported into the server: the same congress."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.congresses.models import CongressStatus
from daihoi.elections.models import Candidate
from daihoi.elections.services import outcome
from daihoi.transfer.importer import _remap_result, import_package
from daihoi.transfer.models import ImportedPackage
from daihoi.transfer.serialize import LABELS, concrete_fields, model_of, ref_kind, rows_of

pytestmark = pytest.mark.django_db


def _comparable(congress):
    """The congress's rows with ids replaced by each row's position, users and check-in codes left out."""
    rows = rows_of(congress)
    position = {label: {row["pk"]: i for i, row in enumerate(rows[label])} for label in LABELS}
    out = {}
    for label in LABELS:
        model = model_of(label)
        kinds = {f.name: (ref_kind(f) if f.is_relation else "") for f in concrete_fields(model)}
        targets = {f.name: f.related_model._meta.label_lower for f in concrete_fields(model) if f.is_relation}
        m2m = {f.name: f.related_model._meta.label_lower for f in model._meta.many_to_many}
        table = []
        for row in rows[label]:
            fields = {}
            for name, value in row["fields"].items():
                kind = kinds.get(name, "")
                if kind == "user" or name in ("checkin_code", "file", "organization"):
                    continue
                if kind == "organization" and value is not None:
                    value = value.removesuffix("-laptop")  # the laptop's branches, renamed away
                if kind == "row" and value is not None:
                    value = position[targets[name]].get(value, "other congress")
                if name in m2m:
                    value = sorted(position[m2m[name]][v] for v in value)
                if label == "elections.round" and name == "result":
                    candidate = {str(k): v for k, v in position["elections.candidate"].items()}
                    value = _remap_result(value, {int(k): v for k, v in candidate.items()})
                fields[name] = value
            table.append(fields)
        out[label] = table
    return out


def test_the_imported_congress_equals_the_original(world):
    result = import_package(world.package, actor="test")
    assert result.created
    congress = result.package.congress
    original = world.original
    assert congress.pk != original.pk
    assert congress.organization == world.organization
    assert congress.status == CongressStatus.CLOSED
    assert (congress.number, congress.term) == (original.number, original.term)
    mine, theirs = _comparable(congress), _comparable(original)
    for label in LABELS:
        assert mine[label] == theirs[label], label
    # The demo congress: 53 on the list, two elections counted and announced, hundreds of ballot entries.
    assert congress.delegates.count() == original.delegates.count() == 53
    assert {d.member.organization_id for d in congress.delegates.exclude(member=None)} == {
        world.organization.pk
    }
    assert len(mine["elections.ballotentry"]) > 100
    assert set(congress.delegates.values_list("checkin_code", flat=True)).isdisjoint(
        original.delegates.values_list("checkin_code", flat=True)
    )
    # Who was elected, in the same order, with the same votes (rounds' results as stored).
    for new, old in zip(congress.elections.order_by("pk"), original.elections.order_by("pk"), strict=True):
        assert new.status == old.status
        for group in ("elected", "alternates"):
            mine_ = [Candidate.objects.get(pk=e["id"]) for e in getattr(outcome(new), group)]
            theirs_ = [Candidate.objects.get(pk=e["id"]) for e in getattr(outcome(old), group)]
            assert [(c.member.member_code, c.full_name) for c in mine_] == [
                (c.member.member_code, c.full_name) for c in theirs_
            ]
            assert {c.election_id for c in mine_} <= {new.pk}
            assert {c.member.organization_id for c in mine_} <= {world.organization.pk}
        assert [e["votes"] for e in outcome(new).elected] == [e["votes"] for e in outcome(old).elected]
    assert len(outcome(congress.elections.order_by("pk")[0]).elected) == 8
    # The uploaded draft resolution, its file carried in the package.
    (new_doc,), (old_doc,) = congress.documents.all(), original.documents.all()
    assert new_doc.file.name != old_doc.file.name
    assert new_doc.file.read() == old_doc.file.read()


def test_the_package_holds_the_dossier_and_the_chain_and_the_import_is_logged(world):
    with zipfile.ZipFile(io.BytesIO(world.package)) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        chain = json.loads(archive.read("audit/chain.json"))
    assert names[:2] == ["manifest.json", "signature"]
    documents = [n for n in names if n.startswith("documents/")]
    assert any(n.endswith("bien-ban-dai-hoi.docx") for n in documents)
    assert any(n.endswith("bien-ban-dai-hoi.pdf") for n in documents)
    assert sum("bien-ban-kiem-phieu" in n for n in documents) >= 4  # two elections' rounds, Word and PDF
    assert {f["path"] for f in manifest["files"]} == set(names) - {"manifest.json", "signature"}
    assert manifest["organization"]["code"] == world.organization.code
    assert manifest["congress"]["number"] == world.original.number
    assert manifest["signer"]["public_key"] == bytes(world.laptop_key.verify_key).hex()
    assert "congress.closed" in [row["action"] for row in chain]

    result = import_package(world.package, actor="test")
    stored = ImportedPackage.objects.get(pk=result.package.pk)
    assert stored.chain == chain
    assert bytes(stored.package) == world.package
    entry = AuditEntry.objects.filter(action="transfer.package.imported").latest("seq")
    assert entry.organization_code == world.organization.code
    assert entry.data["sha256"] == stored.sha256
    with pytest.raises(PermissionError):
        stored.save()


def test_the_identical_package_again_is_already_imported(world):
    first = import_package(world.package, actor="test")
    count = AuditEntry.objects.count()
    again = import_package(world.package, actor="test")
    assert not again.created
    assert again.package.pk == first.package.pk
    assert AuditEntry.objects.count() == count
    assert world.organization.congresses.count() == 1
