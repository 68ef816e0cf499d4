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
from daihoi.core.targets.units import MONEY_SCALES, money_parts
from daihoi.targets.models import Level, Target, Unit
from daihoi.targets.tracking import STATUS_LABELS, TargetProgress
from daihoi.targets.units import number_text, unit_label

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

    return _number_chart(tp, width, height, left, top, bottom)


def _nice(x: Decimal) -> Decimal:
    """The round figure at or above `x` an axis ends on: 1, 2, 2,5 or 5 times a power of ten."""
    if x <= 0:
        return Decimal(1)
    power = Decimal(10) ** x.adjusted()
    return next(
        m * power for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m * power >= x
    )


def _scale(peak: Decimal, unit: str) -> tuple[Decimal, str]:
    """The divisor of the figures written on a chart and the caption of their unit: money in the scale
    of the largest amount ("triệu đồng"), other units as they are."""
    if unit == "VND":
        _amount, word = money_parts(peak)
        caption = {"tỷ": _("billion đồng"), "triệu": _("million đồng"), "": _("đồng")}[word]
        return MONEY_SCALES.get(word, Decimal(1)), caption
    return Decimal(1), "" if unit in ("%", "‰") else unit_label(unit)


def _number_chart(
    tp: TargetProgress, width: int, height: int, left: int, top: int, bottom: int
) -> SafeString:
    """Bars of a figure per year against the target: its line, a range's band, a term target's path."""
    cells = tp.whole.cells
    target = tp.target
    upper = tp.upper.value_number if tp.upper is not None else None
    trajectory = tp.trajectory
    term_end = trajectory[-1][0] if trajectory else None
    years = [c.year for c in cells]
    slots = [*years, term_end] if term_end is not None and term_end not in years else years
    if trajectory:
        top += 16  # a second legend line
    values = [c.actual for c in cells if isinstance(c.actual, Decimal)]
    relative = target.base_value is not None
    threshold = target.value_number if not relative else None
    if target.period == "term" and target.unit == Unit.COUNT:
        threshold = None  # a term total is not a yearly bar height; shown as text below
    bounds = [b for b in (threshold, upper) if b is not None]
    peak = max([*values, *bounds, *(v for _y, v in trajectory), Decimal(0)])
    if tp.kind != "locality":
        ceiling = max(peak, Decimal(1))
        if target.unit == Unit.PERCENT and not relative:
            ceiling = Decimal(100)
    else:
        ceiling = _nice(peak * Decimal("1.15"))
        if target.unit == Unit.PERCENT and peak <= 100:
            ceiling = min(ceiling, Decimal(100))
    divisor, caption = _scale(peak, target.unit)
    suffix = target.unit if target.unit in (Unit.PERCENT, Unit.PER_MILLE) and not relative else ""
    slot = (width - left - 10) / max(len(slots), 1)
    plot_h = height - top - bottom
    body: list[str] = []

    def y_of(v: Decimal) -> float:
        return top + plot_h - float(v / ceiling) * plot_h

    def x_of(year: int) -> float:
        return left + slots.index(year) * slot + slot / 2

    def figure(v: Decimal) -> str:
        return number_text(v / divisor) + suffix

    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#333"/>'
    )
    whole_only = target.unit in (Unit.COUNT, Unit.PEOPLE, Unit.HOUSEHOLDS)
    for tick in (Decimal(0), ceiling / 2, ceiling):
        # A count's axis has whole numbers only: a mid tick of 0,5 would read as a second "0" or a half.
        if whole_only and tick != tick.to_integral_value():
            continue
        body.append(_text(left - 6, y_of(tick) + 4, number_text(tick / divisor), anchor="end", size=10))
    if caption:
        body.append(_text(width - 10, 14, _("Unit: %(unit)s") % {"unit": caption}, anchor="end", size=11))
    if upper is not None and threshold is not None:  # a range: the band between its bounds
        y_hi, y_lo = y_of(upper), y_of(threshold)
        body.append(
            f'<rect x="{left}" y="{y_hi:.1f}" width="{width - 10 - left}" '
            f'height="{max(y_lo - y_hi, 1.5):.1f}" '
            f'fill="#0072B2" fill-opacity="0.15" stroke="none"/>'
        )
        for y in (y_hi, y_lo):
            body.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#000" '
                f'stroke-width="1" stroke-dasharray="6 4"/>'
            )
        body.append(
            '<rect x="44" y="4" width="24" height="12" fill="#0072B2" fill-opacity="0.15" stroke="#000" '
            'stroke-dasharray="6 4"/>'
        )
        body.append(
            _text(left + 30, 14, _("target band %(value)s") % {"value": tp.goal_text}, anchor="start")
        )
    elif threshold is not None and not trajectory:
        ty = y_of(threshold)
        body.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{width - 10}" y2="{ty:.1f}" stroke="#000" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        body.append(
            f'<line x1="{left}" y1="10" x2="{left + 24}" y2="10" stroke="#000" stroke-width="1.5" '
            f'stroke-dasharray="6 4"/>'
        )
        goal = tp.goal_text or f"{OPS[target.comparator]} {_fmt(threshold)}{suffix}"
        body.append(_text(left + 30, 14, _("target %(value)s") % {"value": goal}, anchor="start"))
    for cell in cells:
        cx = x_of(cell.year)
        bar_w = slot * 0.6
        x = cx - bar_w / 2
        if isinstance(cell.actual, Decimal):
            y = y_of(cell.actual)
            color = STATUS_COLORS.get(cell.status, STATUS_COLORS[""])
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{top + plot_h - y:.1f}" '
                f'fill="{color}"/>'
            )
            body.append(_text(cx, y - 4, figure(cell.actual), bold=True))
        else:
            body.append(_text(cx, top + plot_h - 4, "—"))
        body.append(_text(cx, height - 28, str(cell.year)))
        body.append(_status_text(cx, height - 12, cell.status))
    if trajectory and term_end is not None and threshold is not None:
        # The straight path from the first figure to the target at the term's end, its end marked.
        points = " ".join(f"{x_of(y):.1f},{y_of(v):.1f}" for y, v in trajectory if y in slots)
        body.append(
            f'<polyline points="{points}" fill="none" stroke="#009E73" stroke-width="2" '
            f'stroke-dasharray="2 3"/>'
        )
        ex, ey = x_of(term_end), y_of(threshold)
        body.append(
            f'<path d="M{ex:.1f},{ey - 7:.1f} L{ex + 7:.1f},{ey:.1f} L{ex:.1f},{ey + 7:.1f} '
            f'L{ex - 7:.1f},{ey:.1f} Z" fill="#009E73" stroke="#1a1a1a"/>'
        )
        body.append(_text(ex, ey - 11, figure(threshold), bold=True))
        if term_end not in years:
            body.append(_text(ex, height - 28, str(term_end)))
            body.append(_text(ex, height - 12, _("target"), size=11))
        body.append(
            f'<line x1="{left}" y1="26" x2="{left + 24}" y2="26" stroke="#009E73" stroke-width="2" '
            f'stroke-dasharray="2 3"/>'
        )
        body.append(
            f'<path d="M{left + 12},4 L{left + 18},10 L{left + 12},16 L{left + 6},10 Z" fill="#009E73" '
            f'stroke="#1a1a1a"/>'
        )
        body.append(_text(left + 30, 14, _("target %(value)s") % {"value": tp.goal_text}, anchor="start"))
        body.append(
            _text(
                left + 30,
                30,
                _("path from the first figure to the target in %(year)s") % {"year": term_end},
                anchor="start",
            )
        )
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
    return _svg(width, height, tp.goal_text or tp.label, body)


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
