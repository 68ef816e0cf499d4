"""The README and docs/ point only at files of this repository, and every doc is listed in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
# [text](target) — the target up to a space (a title) or the closing bracket; images too.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# A file named in a code span: `docs/targets.md`, `tally.schema.json`.
NAMED_FILE = re.compile(r"`([^`\s]+\.(?:md|json))`")
EXTERNAL = ("http://", "https://", "mailto:")


def _in_repo(base: Path, target: str) -> Path | None:
    path = (base / target).resolve()
    return path if path.is_relative_to(ROOT) and path.is_file() else None


def _links(doc: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)  # code blocks
    return [t for t in LINK.findall(text) if not t.startswith(EXTERNAL) and not t.startswith("#")]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_to_a_file_in_the_repository(doc: Path) -> None:
    broken = [t for t in _links(doc) if _in_repo(doc.parent, t.split("#")[0]) is None]
    assert not broken, f"{doc.relative_to(ROOT)}: links to no file of the repository: {broken}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_named_in_code_spans_are_in_the_repository(doc: Path) -> None:
    """`/work/…/spec.md` or `shared/spec/x.md` name a file a newcomer does not have."""
    named = NAMED_FILE.findall(doc.read_text(encoding="utf-8"))
    missing = [
        n for n in named if not n.startswith(".") and not (_in_repo(doc.parent, n) or _in_repo(ROOT, n))
    ]
    assert not missing, f"{doc.relative_to(ROOT)} names files outside the repository: {missing}"


def test_the_readme_lists_every_doc() -> None:
    linked = {_in_repo(ROOT, t.split("#")[0]) for t in _links(ROOT / "README.md")}
    unlisted = [p.name for p in (ROOT / "docs").glob("*.md") if p.resolve() not in linked]
    assert not unlisted, f"README.md does not link to docs: {unlisted}"


def test_the_checker_sees_a_broken_link(tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("[spec](../../work/shared/spec/rules.md) [ok](https://example.org) [here](#top)\n")
    assert _links(doc) == ["../../work/shared/spec/rules.md"]
    assert _in_repo(ROOT / "docs", "../../work/shared/spec/rules.md") is None
    assert _in_repo(ROOT / "docs", "targets.md") == ROOT / "docs" / "targets.md"
