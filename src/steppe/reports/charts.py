"""Inline SVG charts, rendered on the server: no script, no style attribute (the page's
Content-Security-Policy forbids both), colours from the stylesheet through class names.

Every renderer returns markup whose text parts are escaped here, so pages may insert it as is.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any, Callable, Sequence

from steppe.reports.french import number, plural

MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")


def month_name(month: str, short: bool = False) -> str:
    """'2025-03' → 'mars 2025' (or 'mars 25' when short)."""
    try:
        year, mon = month[:4], int(month[5:7])
        names = MONTHS_SHORT if short else MONTHS
        return f"{names[mon - 1]} {year[2:] if short else year}"
    except (ValueError, IndexError):
        return month


def nice_ceiling(value: float) -> int:
    """The round number just above ``value`` an axis should end at (1, 2, 5 × 10^k)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return int(math.ceil(step * power))
    return int(10 * power)


def column_chart(series: Sequence[tuple[str, int]], label: str, unit: str = "article",
                 href: Callable[[str], str] | None = None, width: int = 720, height: int = 180,
                 css_class: str = "chart") -> str:
    """Monthly columns (``[(YYYY-MM, n), …]`` oldest first) with a light axis; each column has
    a tooltip and, with ``href``, links to that month. Text is drawn at 11 units, so pick a
    ``width`` close to the width the chart is shown at. ``unit`` is singular: counts agree
    with it ("1 article", "3 articles")."""
    if not series:
        return f'<p class="chart-empty">{escape(label)} : aucune donnée.</p>'
    left, right, top, bottom = 40, 6, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    ceiling = nice_ceiling(max(n for _, n in series))
    step = plot_w / len(series)
    bar_w = min(max(step - (1 if step > 4 else 0), 0.6), 28)
    best = max(series, key=lambda kv: kv[1])
    out = [f'<svg class="{escape(css_class)}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(label)}">',
           f"<title>{escape(label)}</title>",
           f"<desc>{escape(_summary(series, best, unit))}</desc>"]
    out += y_grid(left, width - right, top, plot_h, ceiling)
    for i, (month, n) in enumerate(series):
        h = plot_h * n / ceiling
        x, y = left + i * step + (step - bar_w) / 2, top + plot_h - h
        bar = (f'<rect class="bar" x="{x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" '
               f'height="{max(h, 0):.2f}"><title>{escape(month_name(month))} : '
               f"{escape(plural(n, unit))}</title></rect>")
        if href and n:
            bar = f'<a href="{escape(href(month))}">{bar}</a>'
        out.append(bar)
    out += x_labels(series, left, step, height)
    out.append("</svg>")
    return "".join(out)


def _summary(series: Sequence[tuple[str, int]], best: tuple[str, int], unit: str) -> str:
    total = sum(n for _, n in series)
    return (f"De {month_name(series[0][0])} à {month_name(series[-1][0])} : {plural(total, unit)} ; "
            f"maximum {number(best[1])} en {month_name(best[0])}.")


def y_grid(left: float, right: float, top: float, plot_h: float, ceiling: float) -> list[str]:
    """Three light grid lines (0, half, top) with their values at the left, for a column chart
    whose plot spans [left, right] × [top, top + plot_h]."""
    out = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        out.append(f'<line class="grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        if fraction == 0 or ceiling * fraction == int(ceiling * fraction):
            out.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                       f"{escape(number(ceiling * fraction))}</text>")
    return out


def x_labels(series: Sequence[tuple[str, Any]], left: float, step: float, height: int) -> list[str]:
    """The x axis's labels of a monthly series (``[(YYYY-MM, value), …]``, any values; the
    column charts here and ``web.quad_chart``'s): years under their January when the series
    is long, months otherwise; never closer than about 40 units, so labels do not run into
    each other."""
    out: list[str] = []
    long = len(series) > 24
    min_gap = 34 if long else 46
    last_x = -1e9
    for i, (month, _) in enumerate(series):
        x = left + i * step
        if long and not month.endswith("-01"):
            continue
        if x - last_x < min_gap or x + min_gap * 0.8 > left + len(series) * step + 6:
            continue
        text = month[:4] if long else month_name(month, short=True)
        out.append(f'<text class="axis" x="{x:.1f}" y="{height - 6}">{escape(text)}</text>')
        last_x = x
    return out


def meter(value: float, maximum: float, kind: str = "") -> str:
    """A thin horizontal bar (value / maximum) to sit beside a count in a ranked list."""
    width = 0 if maximum <= 0 else max(1.5, 100 * value / maximum)
    cls = f"meter {escape(kind)}".strip()
    return (f'<svg class="{cls}" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false"><rect class="track" width="100" height="6"/>'
            f'<rect class="fill" width="{width:.1f}" height="6"/></svg>')
