"""`daihoi package …` exit codes, and the pages: the export of a closed congress, the upload and the
trusted keys, for the right and the wrong roles."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from daihoi.accounts.models import Role, RoleAssignment
from daihoi.congresses.models import Congress
from daihoi.organizations.models import Organization, OrganizationKind
from daihoi.transfer import keys
from daihoi.transfer.models import ImportedPackage, TrustedKey

pytestmark = pytest.mark.django_db

OTHER_SEED = "33" * 32


def _client(organization, role: Role, name: str) -> Client:
    user = get_user_model().objects.create_user(name, password="x-Password-123")
    RoleAssignment.objects.create(user=user, organization=organization, role=role)
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, org_code: str, data: bytes):
    return client.post(
        reverse("transfer:import", kwargs={"org_code": org_code}),
        {"package": SimpleUploadedFile("goi.zip", data, content_type="application/zip")},
    )


@pytest.fixture
def superior(world):
    """A bloc committee above the organization, as on the province server."""
    bloc = Organization.objects.create(
        code="dang-uy-khoi", name="Đảng ủy Khối", kind=OrganizationKind.UPPER_COMMITTEE
    )
    Organization.objects.filter(pk=world.organization.pk).update(parent=bloc)
    world.organization.refresh_from_db()
    return bloc


# ------------------------------------------------------------------------------------ the command


def test_command_exit_codes(world, tmp_path, capsys):
    package = tmp_path / "goi.zip"
    package.write_bytes(world.package)
    call_command("package", "import", str(package))
    assert "Đã nhập" in capsys.readouterr().out
    call_command("package", "import", str(package))  # the same again: exit 0, nothing changed
    assert "đã được nhập trước đây" in capsys.readouterr().out
    assert Congress.objects.filter(organization=world.organization).count() == 1

    tampered = tmp_path / "sua.zip"
    files = {}
    with zipfile.ZipFile(io.BytesIO(world.package)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    files["data/congress.json"] = files["data/congress.json"].replace(b'"votes": 41', b'"votes": 47', 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    tampered.write_bytes(buffer.getvalue())
    with pytest.raises(CommandError) as refused:
        call_command("package", "import", str(tampered))
    assert refused.value.returncode == 2
    assert "data/congress.json đã bị sửa" in str(refused.value)
    with pytest.raises(CommandError) as missing:
        call_command("package", "import", str(tmp_path / "khong-co.zip"))
    assert missing.value.returncode == 1


def test_command_export_key_and_trust(world, tmp_path, capsys, settings):
    settings.PACKAGE_KEY = OTHER_SEED
    call_command("package", "key")
    out = capsys.readouterr().out
    fingerprint = keys.fingerprint(keys.public_key_hex())
    assert fingerprint in out
    target = tmp_path / "out.zip"
    call_command(
        "package", "export", "--org", world.original.organization.code, "--congress", "10", "-o", str(target)
    )
    assert zipfile.ZipFile(target).read("manifest.json").count(fingerprint.encode()) == 1
    with pytest.raises(CommandError) as unknown:
        call_command("package", "export", "--org", "khong-co", "--congress", "10", "-o", str(target))
    assert unknown.value.returncode == 1
    with pytest.raises(CommandError) as bad_key:
        call_command("package", "trust", "--org", world.organization.code, "not a key")
    assert bad_key.value.returncode == 2
    call_command("package", "trust", "--org", world.organization.code, fingerprint.lower())
    assert TrustedKey.objects.filter(organization=world.organization, fingerprint=fingerprint).exists()


# ------------------------------------------------------------------------------------ the pages


def test_export_page_for_the_organizer_of_a_closed_congress(world, settings):
    settings.PACKAGE_KEY = OTHER_SEED
    laptop = world.original.organization
    url = reverse("transfer:export", kwargs={"org_code": laptop.code, "pk": world.original.pk})
    organizer = _client(laptop, Role.ORGANIZER, "tochuc-laptop")
    page = organizer.get(url)
    assert page.status_code == 200
    assert keys.fingerprint(keys.public_key_hex()) in page.content.decode()
    detail = organizer.get(
        reverse("congresses:detail", kwargs={"org_code": laptop.code, "pk": world.original.pk})
    )
    assert url in detail.content.decode()  # the menu's link on a closed congress
    response = organizer.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert _client(laptop, Role.OBSERVER, "quansat-laptop").post(url).status_code == 403
    assert _client(laptop, Role.PRESIDIUM, "chutich-laptop").get(url).status_code == 403


def test_export_refused_for_a_congress_not_closed(world):
    laptop = world.original.organization
    Congress.objects.filter(pk=world.original.pk).update(status="open")
    url = reverse("transfer:export", kwargs={"org_code": laptop.code, "pk": world.original.pk})
    organizer = _client(laptop, Role.ORGANIZER, "tochuc-laptop")
    assert organizer.get(url).status_code == 200
    response = organizer.post(url)
    assert response.status_code == 409
    assert "Chỉ xuất được đại hội đã bế mạc" in response.content.decode()


def test_upload_by_the_organizations_organizer(world):
    organizer = _client(world.organization, Role.ORGANIZER, "t-tochuc")
    response = _upload(organizer, world.organization.code, world.package)
    assert response.status_code == 200, response.content.decode()
    assert "Đã nhập gói dữ liệu." in response.content.decode()
    package = ImportedPackage.objects.get()
    assert package.imported_by.username == "t-tochuc"
    again = _upload(organizer, world.organization.code, world.package)
    assert "đã được nhập trước đây" in again.content.decode()
    listing = organizer.get(reverse("transfer:packages", kwargs={"org_code": world.organization.code}))
    assert package.signer_fingerprint in listing.content.decode()


def test_upload_refused_shows_the_reason(world):
    organizer = _client(world.organization, Role.ORGANIZER, "t-tochuc")
    response = _upload(organizer, world.organization.code, b"PK\x03\x04 hong")
    assert response.status_code == 422
    assert "không phải tệp nén zip hợp lệ" in response.content.decode()
    assert not ImportedPackage.objects.exists()


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.PRESIDIUM, Role.COUNTING_COMMITTEE, Role.DELEGATE])
def test_upload_refused_to_other_roles(world, role):
    client = _client(world.organization, role, "khac")
    assert _upload(client, world.organization.code, world.package).status_code == 403
    assert not ImportedPackage.objects.exists()


def test_the_superiors_organizer_trusts_the_key_and_imports(world, superior):
    TrustedKey.objects.all().delete()
    boss = _client(superior, Role.ORGANIZER, "tochuc-khoi")
    refused = _upload(boss, superior.code, world.package)
    assert refused.status_code == 422
    assert "chưa được tin cậy" in refused.content.decode()
    fingerprint = keys.fingerprint(bytes(world.laptop_key.verify_key))
    trusted = boss.post(
        reverse("transfer:trust", kwargs={"org_code": superior.code}),
        {"organization": world.organization.code, "key": fingerprint, "note": "Máy hội trường"},
    )
    assert trusted.status_code == 302
    assert TrustedKey.objects.get().added_by.username == "tochuc-khoi"
    assert _upload(boss, superior.code, world.package).status_code == 200
    assert ImportedPackage.objects.get().organization == world.organization
    # The superior's organizer reaches the organization below read-only: not at its own URL.
    assert _upload(boss, world.organization.code, world.package).status_code == 403


def test_an_organizer_cannot_trust_a_key_for_their_own_organization(world):
    organizer = _client(world.organization, Role.ORGANIZER, "t-tochuc")
    response = organizer.post(
        reverse("transfer:trust", kwargs={"org_code": world.organization.code}),
        {"organization": world.organization.code, "key": "A" * 32},
    )
    assert response.status_code == 400
    assert TrustedKey.objects.filter(organization=world.organization).count() == 1  # the fixture's


def test_a_peer_organizer_cannot_import_for_another_organization(world, superior):
    peer = Organization.objects.create(
        code="dang-bo-khac", name="Đảng bộ khác", kind=world.organization.kind, parent=superior
    )
    client = _client(peer, Role.ORGANIZER, "tochuc-khac")
    assert _upload(client, world.organization.code, world.package).status_code == 403
    response = _upload(client, peer.code, world.package)
    assert response.status_code == 422
    assert "không phải Đảng bộ khác hay một tổ chức trực thuộc" in response.content.decode()
    assert not ImportedPackage.objects.exists()
