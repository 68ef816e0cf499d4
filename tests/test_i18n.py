"""The Vietnamese catalogs are complete and up to date with the source strings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

import daihoi

PACKAGE_DIR = Path(daihoi.__file__).resolve().parent


def _catalog_dirs() -> list[Path]:
    """The project and every app that has source strings of its own."""
    apps = [p for p in sorted(PACKAGE_DIR.iterdir()) if (p / "apps.py").exists() and p.name != "core"]
    return [PACKAGE_DIR, *apps]


def _has_strings(directory: Path) -> bool:
    markers = ("gettext", "{% translate", "{% trans ", "{% blocktranslate", "{% blocktrans", "_(")
    for path in directory.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        if directory == PACKAGE_DIR and any(
            (PACKAGE_DIR / part / "apps.py").exists() for part in path.relative_to(PACKAGE_DIR).parts[:1]
        ):
            continue
        if any(m in path.read_text(encoding="utf-8", errors="ignore") for m in markers):
            return True
    return False


@pytest.mark.parametrize("directory", _catalog_dirs(), ids=lambda p: p.name)
def test_catalog_is_complete(directory: Path) -> None:
    po_path = directory / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        assert not _has_strings(directory), f"{directory.name} has translatable strings but no vi catalog"
        return
    catalog = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not untranslated, f"{po_path}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{po_path}: fuzzy {fuzzy[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize("directory", _catalog_dirs(), ids=lambda p: p.name)
def test_catalog_is_up_to_date(directory: Path, tmp_path: Path) -> None:
    """makemessages on a copy of the sources finds no msgid that the committed catalog lacks."""
    po_path = directory / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        pytest.skip(f"{directory.name} has no catalog (checked by test_catalog_is_complete)")
    copy = tmp_path / directory.name
    ignore_apps = shutil.ignore_patterns("locale", "__pycache__", "migrations")
    shutil.copytree(directory, copy, ignore=ignore_apps)
    # Without a locale/ of its own, makemessages would write into settings.LOCALE_PATHS, i.e. the real
    # project catalog in the source tree.
    (copy / "locale").mkdir()
    args = ["-l", "vi", "--no-obsolete"]
    if directory == PACKAGE_DIR:
        args += [f"--ignore={p.name}" for p in PACKAGE_DIR.iterdir() if (p / "apps.py").exists()]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "daihoi.settings.test"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", *args],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))}
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
    missing = sorted(m for _, m in fresh - committed)
    assert not missing, (
        f"{po_path} lacks {len(missing)} msgid(s); run make messages APP={directory.name}: {missing[:10]}"
    )


def test_vietnamese_is_the_default_language(settings) -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert translation.gettext("Your organizations") == "Tổ chức của bạn"


def test_no_message_is_translated_two_ways():
    """Django merges every app's catalog into one: a msgid translated differently in two apps would show
    the first app's words on the other's pages. A word that means two things takes a context
    (pgettext), as the audit's labels do."""
    import collections
    from pathlib import Path

    import polib

    import daihoi

    seen: dict[tuple[str | None, str], dict[str, str]] = collections.defaultdict(dict)
    for path in sorted(Path(daihoi.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr:
                seen[(entry.msgctxt, entry.msgid)][str(path.parent.parent.parent.parent)] = entry.msgstr
    clashes = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not clashes, clashes


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("directory", _catalog_dirs(), ids=lambda p: p.name)
def test_catalog_passes_msgfmt_check(directory: Path) -> None:
    """`msgfmt -c` accepts every catalog: valid syntax, and a msgstr keeps its msgid's placeholders
    (a literal percent sign is flagged no-python-format in the source)."""
    po_path = directory / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        pytest.skip(f"{directory.name} has no catalog")
    run = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(po_path)], capture_output=True, text=True, check=False
    )
    errors = [line for line in run.stderr.splitlines() if "warning:" not in line]
    assert run.returncode == 0, f"{po_path}: " + "\n".join(errors)
