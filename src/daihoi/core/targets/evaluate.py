"""How well `extract` reads real texts: precision and recall per category against hand annotations.

A case is a text (`<id>.txt`) and its annotation (`<id>.json`, docs/targets.md "The development set"):
the facts the text states and the targets it sets, each target with an `anchor`, a short verbatim piece
of the clause it comes from. A proposed target matches an annotated one when indicator, scope,
comparator, value and unit are equal and the anchor lies inside the proposed quote; each annotated
target is matched at most once. The period is scored apart (agreement among the matched).

Categories: `party` (shares and counts of members and branches: ratings, admissions, Charter, study,
discipline), `level` (a body rated at a level, unit "level"), `locality` (scope "locality": the
commune's economy and society, with or without a number). A level of the locality counts as `locality`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from daihoi.core.targets.extract import CongressFacts  # also where older releases kept it
from daihoi.core.targets.text import clean, fold

CATEGORIES = ("party", "level", "locality")
FACT_KEYS = tuple(f.name for f in fields(CongressFacts))  # the facts of `daihoi targets extract`
TARGET_KEYS = ("indicator", "scope", "comparator", "value", "unit", "period")


class AnnotationError(ValueError):
    """An annotation file that cannot be scored: the file, the target's position and the field."""


def category(target: dict[str, Any]) -> str:
    if target["scope"] == "locality":
        return "locality"
    if target["unit"] == "level":
        return "level"
    return "party"


@dataclass
class Case:
    id: str
    text: str
    annotation: dict[str, Any]

    @property
    def facts(self) -> dict[str, Any]:
        return dict(self.annotation.get("facts") or {})

    @property
    def targets(self) -> list[dict[str, Any]]:
        return list(self.annotation.get("targets") or [])


def load_cases(directory: Path) -> list[Case]:
    """Every `<id>.json` of `directory` with its `<id>.txt`, checked (AnnotationError names the file)."""
    cases = []
    for path in sorted(directory.glob("*.json")):
        text_path = path.with_suffix(".txt")
        if not text_path.exists():
            raise AnnotationError(f"{path.name}: no text file {text_path.name}")
        annotation = json.loads(path.read_text(encoding="utf-8"))
        case = Case(path.stem, clean(text_path.read_text(encoding="utf-8")), annotation)
        check_case(case)
        cases.append(case)
    return cases


def check_case(case: Case) -> None:
    source = case.annotation.get("source", "")
    if not str(source).startswith(("http://", "https://")):
        raise AnnotationError(f"{case.id}: 'source' must be the page's address")
    unknown = set(case.facts) - set(FACT_KEYS)
    if unknown:
        raise AnnotationError(f"{case.id}: unknown facts {sorted(unknown)}")
    folded = fold(case.text)
    for i, target in enumerate(case.targets, 1):
        for key in (*TARGET_KEYS, "anchor"):
            if key not in target:
                raise AnnotationError(f"{case.id}: target {i} has no '{key}'")
        if fold(clean(target["anchor"])) not in folded:
            raise AnnotationError(f"{case.id}: target {i}: anchor {target['anchor']!r} is not in the text")


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if a is None or b is None:
        return a is b
    return Decimal(str(a)) == Decimal(str(b))


def _matches(expected: dict[str, Any], proposed: dict[str, Any]) -> bool:
    return (
        all(expected[k] == proposed[k] for k in ("indicator", "scope", "comparator", "unit"))
        and _same_value(expected["value"], proposed["value"])
        and fold(clean(expected["anchor"])) in fold(proposed["quote"])
    )


@dataclass
class Tally:
    proposed: int = 0
    expected: int = 0
    matched_proposed: int = 0
    matched_expected: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched_proposed / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.matched_expected / self.expected if self.expected else None


@dataclass
class Miss:
    case: str
    kind: str  # "missed" (annotated, not proposed) or "wrong" (proposed, not annotated)
    target: dict[str, Any]


@dataclass
class Report:
    cases: int = 0
    targets: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    facts: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in FACT_KEYS})
    period_agree: int = 0
    period_matched: int = 0
    misses: list[Miss] = field(default_factory=list)
    fact_misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def total(self, tallies: Iterable[Tally]) -> Tally:
        out = Tally()
        for t in tallies:
            out.proposed += t.proposed
            out.expected += t.expected
            out.matched_proposed += t.matched_proposed
            out.matched_expected += t.matched_expected
        return out

    @property
    def all_targets(self) -> Tally:
        return self.total(self.targets.values())

    @property
    def all_facts(self) -> Tally:
        return self.total(self.facts.values())


def _same_fact(key: str, expected: Any, proposed: Any) -> bool:
    if key == "organization" and isinstance(expected, str) and isinstance(proposed, str):
        return " ".join(fold(expected).split()) == " ".join(fold(proposed).split())
    return bool(expected == proposed)


def score(cases: list[Case], extract: Callable[[str], dict[str, Any]]) -> Report:
    """Score `extract` (text -> the JSON shape of `daihoi targets extract`) on `cases`."""
    report = Report(cases=len(cases))
    for case in cases:
        out = extract(case.text)
        proposed = list(out["targets"])
        expected = case.targets
        used: set[int] = set()
        matched_proposed: set[int] = set()
        for e in expected:
            report.targets[category(e)].expected += 1
            hit = next(
                (j for j, p in enumerate(proposed) if j not in used and _matches(e, p)),
                None,
            )
            if hit is None:
                report.misses.append(Miss(case.id, "missed", e))
                continue
            used.add(hit)
            matched_proposed.add(hit)
            report.targets[category(e)].matched_expected += 1
            report.period_matched += 1
            report.period_agree += int(e["period"] == proposed[hit]["period"])
        for j, p in enumerate(proposed):
            report.targets[category(p)].proposed += 1
            if j in matched_proposed:
                report.targets[category(p)].matched_proposed += 1
            else:
                report.misses.append(Miss(case.id, "wrong", p))
        facts = case.facts
        for key in FACT_KEYS:
            exp, got = facts.get(key), out["facts"].get(key)
            tally = report.facts[key]
            if exp is not None:
                tally.expected += 1
            if got is not None:
                tally.proposed += 1
            if exp is not None and got is not None and _same_fact(key, exp, got):
                tally.matched_expected += 1
                tally.matched_proposed += 1
            elif exp != got:
                report.fact_misses.append((case.id, key, exp, got))
    return report


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:5.1f}%"


def format_report(report: Report, *, name: str = "", details: bool = False) -> str:
    lines = [f"{name} {report.cases} texts".strip()]
    lines.append(f"{'category':<16}{'annotated':>10}{'proposed':>10}{'precision':>11}{'recall':>9}")
    rows = [*((c, report.targets[c]) for c in CATEGORIES), ("targets (all)", report.all_targets)]
    rows += [("facts (all)", report.all_facts)]
    for label, t in rows:
        lines.append(f"{label:<16}{t.expected:>10}{t.proposed:>10}{_pct(t.precision):>11}{_pct(t.recall):>9}")
    period = report.period_agree / report.period_matched if report.period_matched else None
    lines.append(f"period agrees on {report.period_agree}/{report.period_matched} matched ({_pct(period)})")
    lines.append(
        "facts: " + ", ".join(f"{k} {_pct(t.recall)}/{_pct(t.precision)}" for k, t in report.facts.items())
    )
    if details:
        for miss in report.misses:
            row = miss.target
            where = row.get("anchor") or row.get("quote", "")[:90]
            lines.append(
                f"  {miss.kind:<7}{miss.case}: {row['indicator']} {row['scope']} {row['comparator']} "
                f"{row['value']} {row['unit']} {row['period']} | {where}"
            )
        for case_id, key, exp, got in report.fact_misses:
            lines.append(f"  fact   {case_id}: {key} expected {exp!r}, got {got!r}")
    return "\n".join(lines)
