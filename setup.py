"""Build hook: compile the translation catalogs (.po -> .mo) whenever the package is built.

`pip install .`, `pip wheel .` and `python -m build` all run build_py; the compiled catalogs go into the
build tree, so every wheel carries them and daihoi speaks Vietnamese with no `make`. Pure Python (polib,
listed in build-system.requires). Editable installs (`pip install -e .`) compile in the source tree
here too, and `daihoi.i18n_build.ensure_compiled` covers any install at start-up.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def compile_catalogs(root: Path) -> int:
    import polib

    count = 0
    for po_path in sorted(root.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


class BuildPyWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            # the package is imported from src/: compile next to the sources
            compile_catalogs(Path(__file__).resolve().parent / "src" / "daihoi")
        else:
            compile_catalogs(Path(self.build_lib) / "daihoi")


setup(cmdclass={"build_py": BuildPyWithCatalogs})
