"""Altered packages are refused, one alteration at a time, each with a Vietnamese message naming the file
or field at fault; nothing is written."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.utils import translation
from nacl.signing import SigningKey

from daihoi.congresses.models import Congress
from daihoi.organizations.models import Member
from daihoi.transfer.errors import PackageError
from daihoi.transfer.importer import import_package, trust_key
from daihoi.transfer.package import write_package

pytestmark = pytest.mark.django_db

OTHER_KEY = SigningKey(bytes.fromhex("22" * 32))


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pack(files: dict[str, bytes]) -> bytes:
    """A zip of exactly these entries (the manifest and signature untouched unless changed here)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def resign(data: bytes, key: SigningKey, change=None) -> bytes:
    """The package rebuilt and signed by `key`, after `change(manifest_header, files)`."""
    files = unpack(data)
    manifest = json.loads(files.pop("manifest.json"))
    files.pop("signature")
    header = {k: v for k, v in manifest.items() if k not in ("files", "signer")}
    if change is not None:
        change(header, files)
    return write_package(header, files, key)


def refused(data: bytes) -> PackageError:
    with pytest.raises(PackageError) as caught, translation.override("vi"):
        import_package(data, actor="test")
    assert not Congress.objects.filter(organization__code="vp-ubnd-tinh").exists()
    return caught.value


def _document(files: dict[str, bytes]) -> str:
    return next(n for n in files if n.startswith("documents/") and n.endswith(".pdf"))


def test_a_changed_data_byte(world):
    files = unpack(world.package)
    data = bytearray(files["data/congress.json"])
    data[data.index(b'"votes": 41')] ^= 0x01  # one byte of one count
    files["data/congress.json"] = bytes(data)
    error = refused(pack(files))
    assert error.code == "file_altered"
    assert error.message == "Tệp data/congress.json đã bị sửa: SHA-256 không khớp với bản kê."


def test_a_changed_document(world):
    files = unpack(world.package)
    name = _document(files)
    files[name] = files[name].replace(b"%%EOF", b"%%EOF\n%", 1)
    error = refused(pack(files))
    assert (error.code, name in error.message) == ("file_altered", True)


def test_a_file_added(world):
    files = unpack(world.package)
    files["documents/99-ket-qua-khac.pdf"] = b"%PDF-1.7 forged"
    error = refused(pack(files))
    assert error.code == "file_unlisted"
    assert "documents/99-ket-qua-khac.pdf" in error.message


def test_a_file_removed(world):
    files = unpack(world.package)
    name = _document(files)
    del files[name]
    error = refused(pack(files))
    assert (error.code, name in error.message) == ("file_missing", True)


def test_the_manifest_edited(world):
    files = unpack(world.package)
    files["manifest.json"] = files["manifest.json"].replace(b'"number": 10', b'"number": 11', 1)
    assert error_code(pack(files)) == "bad_signature"


def error_code(data: bytes) -> str:
    return refused(data).code


def test_a_signature_by_another_key(world):
    files = unpack(world.package)
    files["signature"] = OTHER_KEY.sign(files["manifest.json"]).signature.hex().encode()
    error = refused(pack(files))
    assert error.code == "bad_signature"
    assert "chữ ký" in error.message.lower()


def test_a_package_signed_by_an_untrusted_key(world):
    error = refused(resign(world.package, OTHER_KEY))
    assert error.code == "untrusted_key"
    assert "tin cậy" in error.message


def test_a_key_trusted_for_another_organization_only(world):
    from daihoi.organizations.models import Organization

    other = Organization.objects.exclude(pk=world.organization.pk).exclude(code__endswith="-laptop").first()
    trust_key(other, bytes(OTHER_KEY.verify_key).hex(), actor="test")
    assert error_code(resign(world.package, OTHER_KEY)) == "untrusted_key"


def _chain_change(mutate):
    def change(header, files):
        chain = json.loads(files["audit/chain.json"])
        mutate(chain)
        files["audit/chain.json"] = json.dumps(chain).encode()

    return change


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda chain: chain[3].update(prev_hash="ab" * 32), id="prev_hash"),
        pytest.param(lambda chain: chain.pop(5), id="entry_removed"),
        pytest.param(lambda chain: chain[4].update(hash="cd" * 32), id="entry_hash"),
        pytest.param(lambda chain: chain.insert(2, dict(chain[2])), id="entry_repeated"),
    ],
)
def test_a_broken_audit_chain_even_signed_by_the_trusted_key(world, mutate):
    error = refused(resign(world.package, world.laptop_key, _chain_change(mutate)))
    assert error.code == "chain_broken"
    assert "audit/chain.json" in error.message


def test_the_organization_not_on_the_server(world):
    def change(header, files):
        header["organization"] = {"code": "khong-co", "name": "Không có"}

    error = refused(resign(world.package, world.laptop_key, change))
    assert (error.code, "khong-co" in error.message) == ("unknown_organization", True)


def test_a_member_not_on_the_servers_roll(world):
    member = Member.objects.filter(organization=world.organization).order_by("pk").first()
    code, name = member.member_code, member.full_name
    member.delete()
    error = refused(world.package)
    assert error.code == "unknown_member"
    assert code in error.message
    assert name in error.message


def test_another_package_for_a_congress_already_imported(world):
    import_package(world.package, actor="test")

    def change(header, files):
        header["exported_at"] = "2026-01-01T00:00:00.000000Z"

    with pytest.raises(PackageError) as caught:
        import_package(resign(world.package, world.laptop_key, change), actor="test")
    assert caught.value.code == "congress_exists"
    assert world.organization.congresses.count() == 1


def test_bad_rows_signed_by_the_trusted_key_write_nothing(world):
    def change(header, files):
        data = json.loads(files["data/congress.json"])
        data["elections.ballotentry"][-1]["fields"]["clerk"] = None  # a required field
        files["data/congress.json"] = json.dumps(data).encode()

    assert error_code(resign(world.package, world.laptop_key, change)) == "bad_data"


def test_path_traversal_names(world):
    for name in (
        "../evil.txt",
        "documents/../../evil.txt",
        "/etc/passwd",
        "documents\\..\\evil",
        "other.txt",
    ):
        files = unpack(world.package)
        files[name] = b"x"
        error = refused(pack(files))
        assert error.code == "bad_name", name
        assert name in error.message


def test_a_zip_bomb(world, settings):
    settings.DAIHOI_PACKAGE_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    files = unpack(world.package)
    files["documents/bom.pdf"] = b"\0" * (3 * 1024 * 1024)  # compresses to a few kilobytes
    data = pack(files)
    assert len(data) < len(world.package) + 64 * 1024
    error = refused(data)
    assert error.code == "unpacked_too_large"
    assert "MB" in error.message


def test_too_large_or_not_a_zip(world, settings):
    assert error_code(b"not a zip at all") == "not_a_zip"
    assert error_code(world.package[: len(world.package) // 2]) == "not_a_zip"
    settings.DAIHOI_PACKAGE_MAX_BYTES = 100 * 1024
    assert error_code(world.package) == "package_too_large"


def test_a_manifest_that_breaks_the_schema(world):
    files = unpack(world.package)
    manifest = json.loads(files["manifest.json"])
    del manifest["congress"]["number"]
    files["manifest.json"] = json.dumps(manifest).encode()
    error = refused(pack(files))
    assert (error.code, "congress.number" in error.message) == ("bad_manifest", True)


def test_the_package_carries_only_its_organization_s_chain(world):
    chain = json.loads(unpack(world.package)["audit/chain.json"])
    assert {row["chain"] for row in chain} == {world.organization.code}
    assert chain[0]["seq"] == 1


def test_an_entry_of_another_organization_s_chain_even_signed_by_the_trusted_key(world):
    error = refused(
        resign(world.package, world.laptop_key, _chain_change(lambda chain: chain[2].update(chain="khac")))
    )
    assert error.code == "chain_foreign"
    assert "audit/chain.json" in error.message
