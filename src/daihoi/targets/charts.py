"""Charts as inline SVG made on the server: no script, no CDN, printable, readable without colour.

Colours are the Okabe–Ito palette (safe for colour-blind readers); every bar also carries its figure
and its status as text, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from daihoi.core.numbers import format_number
from daihoi.core.targets import progress, rating
from daihoi.targets.models import Level, Target, Unit
from daihoi.targets.tracking import STATUS_LABELS, TargetProgress

STATUS_COLORS = {
    progress.MET: "#0072B2",
    progress.ON_TRACK: "#56B4E9",
    progress.AT_RISK: "#E69F00",
    progress.MISSED: "#D55E00",
    progress.NO_DATA: "#BBBBBB",
    "": "#7A7A7A",
}
LEVEL_COLORS = {
    rating.EXCELLENT: "#0072B2",
    rating.GOOD: "#56B4E9",
    rating.COMPLETED: "#F0E442",
    rating.NOT_COMPLETED: "#D55E00",
    rating.CLEAN_STRONG_EXEMPLARY: "#0072B2",
    rating.CLEAN_STRONG: "#56B4E9",
    rating.STRONG: "#009E73",
    rating.FAIR: "#56B4E9",
    rating.AVERAGE: "#F0E442",
    rating.WEAK: "#D55E00",
    rating.MODEL_NEW_RURAL: "#0072B2",
    rating.ADVANCED_NEW_RURAL: "#56B4E9",
    rating.NEW_RURAL: "#009E73",
    rating.NOT_NEW_RURAL: "#D55E00",
}
LEVEL_SHORT = {
    rating.EXCELLENT: "HTXS",
    rating.GOOD: "HTT",
    rating.COMPLETED: "HT",
    rating.NOT_COMPLETED: "KHT",
    rating.CLEAN_STRONG_EXEMPLARY: "TSVM-TB",
    rating.CLEAN_STRONG: "TSVM",
    rating.STRONG: "VM",
    rating.FAIR: "Khá",
    rating.AVERAGE: "TB",
    rating.WEAK: "Yếu",
    rating.MODEL_NEW_RURAL: "NTM-KM",
    rating.ADVANCED_NEW_RURAL: "NTM-NC",
    rating.NEW_RURAL: "NTM",
    rating.NOT_NEW_RURAL: "Chưa NTM",
}
OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
FONT = 'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif"'


def _fmt(value: Decimal) -> str:
    return format_number(value.normalize())


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" role="img" '
        f'class="chart" {FONT} font-size="12"><title>{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped above


def target_chart(tp: TargetProgress) -> SafeString:
    """One target across the term: a bar per year (or a level box), the target line, labels."""
    cells = tp.whole.cells
    target = tp.target
    width, height, left, top, bottom = 560, 210, 44, 34, 44
    slot = (width - left - 10) / max(len(cells), 1)
    body: list[str] = []
    if target.unit == Unit.LEVEL:
        for i, cell in enumerate(cells):
            x = left + i * slot + slot * 0.1
            level = cell.actual if isinstance(cell.actual, str) else None
            color = LEVEL_COLORS.get(level or "", "#FFFFFF")
            body.append(
                f'<rect x="{x:.1f}" y="{top + 30}" width="{slot * 0.8:.1f}" height="60" fill="{color}" '
                f'stroke="#333" stroke-dasharray="{"" if level else "4 3"}"/>'
            )
            text = LEVEL_SHORT.get(level, "?") if level else "—"
            body.append(_text(x + slot * 0.4, top + 66, text, bold=True, size=15))
            body.append(_status_text(x + slot * 0.4, height - 12, cell.status))
            body.append(_text(x + slot * 0.4, height - 28, str(cell.year)))
        goal = str(dict(Level.choices).get(target.value_level, target.value_level))
        body.append(_text(left, 14, _("Target: %(level)s or better") % {"level": goal}, anchor="start"))
        return _svg(width, height, tp.label, body)

    values = [c.actual for c in cells if isinstance(c.actual, Decimal)]
    threshold = target.value_number if target.base_value is None else None
    if target.period == "term" and target.unit == Unit.COUNT:
        threshold = None  # a term total is not a yearly bar height; shown as text below
    ceiling = max([*values, threshold or Decimal(0), Decimal(1)])
    if target.unit == Unit.PERCENT and target.base_value is None:
        ceiling = Decimal(100)
    plot_h = height - top - bottom

    def y_of(v: Decimal) -> float:
        return top + plot_h - float(v / ceiling) * plot_h

    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#333"/>'
    )
    # Whole numbers only: a mid tick of 0,5 on a count axis would print as a second "0".
    for tick in (t for t in (Decimal(0), ceiling / 2, ceiling) if t == t.to_integral_value()):
        body.append(_text(left - 6, y_of(tick) + 4, _fmt(tick.quantize(Decimal(1))), anchor="end", size=10))
    for i, cell in enumerate(cells):
        x = left + i * slot + slot * 0.2
        bar_w = slot * 0.6
        cx = x + bar_w / 2
        if isinstance(cell.actual, Decimal):
            y = y_of(cell.actual)
            color = STATUS_COLORS.get(cell.status, STATUS_COLORS[""])
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{top + plot_h - y:.1f}" '
                f'fill="{color}"/>'
            )
            suffix = "%" if target.unit == Unit.PERCENT and target.base_value is None else ""
            body.append(_text(cx, y - 4, _fmt(cell.actual) + suffix, bold=True))
        else:
            body.append(_text(cx, top + plot_h - 4, "—"))
        body.append(_text(cx, height - 28, str(cell.year)))
        body.append(_status_text(cx, height - 12, cell.status))
    if threshold is not None:
        ty = y_of(threshold)
        body.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - 10}" y2="{ty:.1f}" stroke="#000" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        suffix = "%" if target.unit == Unit.PERCENT else ""
        body.append(
            f'<line x1="{left}" y1="10" x2="{left + 24}" y2="10" stroke="#000" stroke-width="1.5" '
            f'stroke-dasharray="6 4"/>'
        )
        label = _("target %(value)s") % {"value": f"{OPS[target.comparator]} {_fmt(threshold)}{suffix}"}
        body.append(_text(left + 30, 14, label, anchor="start"))
    if tp.term and tp.term.cumulative is not None:
        text = _("Term so far: %(sum)s; forecast %(forecast)s; target %(op)s %(target)s") % {
            "sum": _fmt(tp.term.cumulative),
            "forecast": _fmt(tp.term.forecast.quantize(Decimal("0.1")))
            if tp.term.forecast is not None
            else "—",
            "op": OPS[target.comparator],
            "target": _fmt(_term_threshold(target)),
        }
        body.append(_text(left, 14, text, anchor="start"))
    return _svg(width, height, tp.label, body)


def _term_threshold(target: Target) -> Decimal:
    goal = progress.Goal(
        target.comparator, target.value_number or Decimal(0), target.unit, target.period, target.base_value
    )
    threshold = goal.threshold
    return threshold if isinstance(threshold, Decimal) else Decimal(0)


def _text(
    x: float, y: float, text: str, *, anchor: str = "middle", bold: bool = False, size: int = 12
) -> str:
    # A white halo keeps a label legible where it crosses the target line or a bar.
    weight = ' font-weight="700" paint-order="stroke" stroke="#fff" stroke-width="3"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight} '
        f'fill="#1a1a1a">{escape(text)}</text>'
    )


def _status_text(x: float, y: float, status: str) -> str:
    if not status:
        return ""
    return _text(x, y, str(STATUS_LABELS.get(status, status)), size=11)


def ratings_chart(
    branch_rows: list[tuple[str, dict[int, list[str]], dict[int, str]]], years: list[int]
) -> SafeString:
    """Members' levels per branch and year as 100% stacked bars, the branch's own level beneath.

    `branch_rows`: (branch name, year -> member levels, year -> the branch's own level).
    """
    order = [rating.EXCELLENT, rating.GOOD, rating.COMPLETED, rating.NOT_COMPLETED]
    group_w = 34 * len(years) + 24
    left, top, plot_h = 10, 56, 150
    width = max(left + group_w * len(branch_rows) + 10, 560)
    height = top + plot_h + 70
    body: list[str] = []
    for k, level in enumerate(order):
        lx, ly = left + (k % 2) * 280, 6 + (k // 2) * 20
        body.append(
            f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{LEVEL_COLORS[level]}" stroke="#333"/>'
        )
        label = f"{LEVEL_SHORT[level]}: {dict(Level.choices)[level]}".split(" (")[0]
        body.append(_text(lx + 20, ly + 11, label, anchor="start", size=11))
    for g, (name, member_levels, own) in enumerate(branch_rows):
        gx = left + g * group_w
        for i, year in enumerate(years):
            x = gx + i * 34
            levels = member_levels.get(year, [])
            counts = Counter(levels)
            y = float(top + plot_h)
            total = len(levels)
            if not total:
                body.append(
                    f'<rect x="{x}" y="{top}" width="26" height="{plot_h}" fill="none" stroke="#999" '
                    f'stroke-dasharray="3 3"/>'
                )
            for level in reversed(order):
                n = counts.get(level, 0)
                if not n:
                    continue
                h = plot_h * n / total
                y -= h
                body.append(
                    f'<rect x="{x}" y="{y:.1f}" width="26" height="{h:.1f}" fill="{LEVEL_COLORS[level]}" '
                    f'stroke="#fff"/>'
                )
                if h >= 13:
                    fill = "#000" if level in (rating.COMPLETED, rating.GOOD) else "#fff"
                    body.append(
                        f'<text x="{x + 13}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" font-size="10" '
                        f'fill="{fill}">{n}</text>'
                    )
            body.append(_text(x + 13, top + plot_h + 14, str(year)[2:], size=10))
            body.append(
                _text(x + 13, top + plot_h + 28, LEVEL_SHORT.get(own.get(year, ""), "—"), size=9, bold=True)
            )
        body.append(_text(gx + (34 * len(years)) / 2, top + plot_h + 48, name, size=11, bold=True))
    return _svg(width, height, _("Ratings by branch and year"), body)
