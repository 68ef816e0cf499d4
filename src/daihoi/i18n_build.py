"""Build steps for the translation catalogs, without needing GNU gettext at install time.

    python -m daihoi.i18n_build compile        # every locale/*/LC_MESSAGES/django.po -> .mo (polib)
    python -m daihoi.i18n_build make APP       # makemessages for one app (needs xgettext); . = project

Each Django app keeps its own catalog in <app>/locale so that work on one app never touches another's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent


def catalogs() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_all() -> int:
    count = 0
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


def _stale(po_path: Path, mo_path: Path) -> bool:
    # 2 s of tolerance: a wheel's files are written in any order at install time
    return not mo_path.exists() or mo_path.stat().st_mtime + 2 < po_path.stat().st_mtime


def _write_mo(po_path: Path, mo_path: Path) -> None:
    """Write atomically: several processes may start at once."""
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    os.close(handle)
    try:
        polib.pofile(str(po_path)).save_as_mofile(tmp)
        os.replace(tmp, mo_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def ensure_compiled(fallback_dir: Path) -> list[Path]:
    """Make sure every catalog has its compiled .mo, whatever installed the package.

    A missing or stale .mo is compiled next to its .po when the package directory is writable (an
    editable install, a venv), else under `fallback_dir` (DAIHOI_VAR_DIR/locale/<app>). Returns the
    fallback locale directories to put first in LOCALE_PATHS (empty when nothing had to go there).
    Cheap when the catalogs are there: one stat per catalog.
    """
    extra: list[Path] = []
    for po_path in catalogs():
        mo_path = po_path.with_suffix(".mo")
        if not _stale(po_path, mo_path):
            continue
        try:
            _write_mo(po_path, mo_path)
            continue
        except OSError:
            pass
        relative = po_path.relative_to(PACKAGE_DIR)  # <app>/locale/vi/LC_MESSAGES/django.po
        locale_dir = fallback_dir / relative.parents[2]  # fallback/<app>/locale
        target = locale_dir / relative.relative_to(relative.parents[2]).with_suffix(".mo")
        if _stale(po_path, target):
            try:
                _write_mo(po_path, target)
            except OSError:
                continue
        extra.append(locale_dir)
    return extra


def make(app: str) -> None:
    target = PACKAGE_DIR if app in ("", ".") else PACKAGE_DIR / app
    if not target.is_dir():
        raise SystemExit(f"no such app: {app}")
    (target / "locale").mkdir(exist_ok=True)
    # Settings must not create ./var inside the app folder that makemessages runs in.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "daihoi.settings.base",
        "DAIHOI_VAR_DIR": tempfile.mkdtemp(prefix="daihoi-i18n-"),
    }
    ignore: list[str] = []
    if target == PACKAGE_DIR:  # the project catalog holds the project-level templates and modules only
        ignore = [f"--ignore={p.name}" for p in PACKAGE_DIR.iterdir() if (p / "apps.py").exists()]
    cmd = [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", *ignore]
    subprocess.run(cmd, cwd=target, env=env, check=True)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"compile", "make"}:
        raise SystemExit(__doc__)
    if argv[0] == "compile":
        print(f"compiled {compile_all()} catalog(s)")
    else:
        make(argv[1] if len(argv) > 1 else ".")


if __name__ == "__main__":
    main(sys.argv[1:])
