"""Vietnamese from any install: the wheel carries compiled catalogs (setup.py's build_py hook), and a
start-up fallback compiles a missing catalog (editable install with no `make`)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import polib
import pytest

from daihoi import i18n_build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "docs" / "examples" / "seed-executive-committee.json"


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_prints_vietnamese_minutes(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet", "-w", str(wheels)],
        check=True,
        timeout=600,
    )
    wheel = next(wheels.glob("daihoi-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for po in i18n_build.catalogs():
        mo = po.with_suffix(".mo").relative_to(i18n_build.PACKAGE_DIR.parent).as_posix()
        assert mo in names, mo
    venv = tmp_path / "venv"  # a plain venv: nothing from this one's site-packages
    # Nor from PYTHONPATH: a source tree on it (with its egg-info) would count as installed already.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DAIHOI_", "PYTHONPATH"))}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=env)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        timeout=900,
        env=env,
    )
    home = tmp_path / "home"
    home.mkdir()
    env |= {"DAIHOI_HOME": str(home), "DAIHOI_VAR_DIR": str(home / "var")}
    daihoi = str(venv / "bin" / "daihoi")
    text = subprocess.run(
        [daihoi, "tally", str(SEED)],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    assert "KẾT QUẢ KIỂM PHIẾU" in text
    assert "Số phiếu cần để trúng cử: 25" in text
    out = home / "minutes.pdf"
    subprocess.run([daihoi, "tally", str(SEED), "--format", "pdf", "-o", str(out)], env=env, cwd=home,
                   check=True, timeout=300)  # fmt: skip
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(out.read_bytes())
    minutes = " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert "BIÊN BẢN KIỂM PHIẾU" in minutes
    assert "Biên bản lập xong vào hồi 10 giờ 45 phút" in minutes
    assert "Counting" not in minutes
    assert "These minutes" not in minutes


def _tree(root: Path) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "vi"}
    po.append(polib.POEntry(msgid="Counting minutes", msgstr="Biên bản kiểm phiếu"))
    path = root / "pkg" / "elections" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def test_a_missing_catalog_is_compiled_at_start_up(tmp_path, monkeypatch):
    po = _tree(tmp_path)
    monkeypatch.setattr(i18n_build, "PACKAGE_DIR", tmp_path / "pkg")
    assert i18n_build.ensure_compiled(tmp_path / "var") == []  # compiled in place
    mo = polib.mofile(str(po.with_suffix(".mo")))
    assert mo.find("Counting minutes").msgstr == "Biên bản kiểm phiếu"
    stamp = po.with_suffix(".mo").stat().st_mtime
    assert i18n_build.ensure_compiled(tmp_path / "var") == []  # fresh: not rewritten
    assert po.with_suffix(".mo").stat().st_mtime == stamp


def test_a_read_only_package_compiles_into_the_var_dir(tmp_path, monkeypatch):
    po = _tree(tmp_path)
    monkeypatch.setattr(i18n_build, "PACKAGE_DIR", tmp_path / "pkg")
    real = i18n_build._write_mo

    def refuse_package(po_path: Path, mo_path: Path) -> None:
        if (tmp_path / "pkg") in mo_path.parents:
            raise PermissionError(mo_path)
        real(po_path, mo_path)

    monkeypatch.setattr(i18n_build, "_write_mo", refuse_package)
    extra = i18n_build.ensure_compiled(tmp_path / "var")
    assert extra == [tmp_path / "var" / "elections" / "locale"]
    mo = extra[0] / "vi" / "LC_MESSAGES" / "django.mo"
    assert polib.mofile(str(mo)).find("Counting minutes").msgstr == "Biên bản kiểm phiếu"
    assert not po.with_suffix(".mo").exists()


def test_settings_put_the_fallback_catalogs_first():
    from django.conf import settings

    assert settings.LOCALE_PATHS[-1] == i18n_build.PACKAGE_DIR / "locale"
