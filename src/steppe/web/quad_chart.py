"""Events over time by quad class (verbal / material × cooperation / conflict): stacked
monthly columns drawn on the server as inline SVG, like ``reports.charts`` (no script, no
style attribute; colours come from the stylesheet by class, ``q-verbal_cooperation`` …).

Cooperation is stacked above the axis' base, conflict on top of it, so a month's mix reads
at a glance; every segment has a French tooltip. Text is escaped here; pages insert the
markup as is."""

from __future__ import annotations

from html import escape
from typing import Any, Iterable, Mapping, Sequence

from markupsafe import Markup

from steppe.reports.charts import month_name, nice_ceiling, x_labels, y_grid
from steppe.reports.event_labels import QUADS, quad_label
from steppe.reports.french import number, plural
from steppe.reports.timeline import month_series, pad_months

Series = list[tuple[str, dict[str, int]]]


def quad_series(months: Iterable[Mapping[str, Any]]) -> Series:
    """``[{"month": "2025-03", "by_quad": {"verbal_cooperation": 2, …}}, …]`` (as
    ``reports.relations`` gives them) → every month from the first to the last, oldest
    first, at least a year."""
    known: dict[str, dict[str, int]] = {}
    for row in months:
        month = str(row.get("month") or "")
        counts = row.get("by_quad") or {}
        if len(month) == 7:
            known[month] = {q: int(counts.get(q) or 0) for q in QUADS}
    totals = pad_months(month_series([(m, sum(c.values())) for m, c in known.items()]))
    return [(m, known.get(m, dict.fromkeys(QUADS, 0))) for m, _ in totals]


def quad_chart(series: Sequence[tuple[str, Mapping[str, int]]], label: str,
               width: int = 720, height: int = 200, css_class: str = "chart") -> str:
    """Stacked monthly columns of events by quad class, with a light axis."""
    if not series or not any(sum(c.values()) for _, c in series):
        return f'<p class="chart-empty">{escape(label)} : aucun événement.</p>'
    left, right, top, bottom = 40, 6, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    ceiling = nice_ceiling(max(sum(c.values()) for _, c in series))
    step = plot_w / len(series)
    bar_w = min(max(step - (1 if step > 4 else 0), 0.6), 28)
    out = [f'<svg class="{escape(css_class)} quad-chart" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(label)}">', f"<title>{escape(label)}</title>",
           f"<desc>{escape(_summary(series))}</desc>"]
    out += y_grid(left, width - right, top, plot_h, ceiling)
    for i, (month, counts) in enumerate(series):
        x = left + i * step + (step - bar_w) / 2
        base = top + plot_h
        for quad in QUADS:
            n = int(counts.get(quad, 0))
            if not n:
                continue
            h = plot_h * n / ceiling
            base -= h
            out.append(f'<rect class="bar q-{quad}" x="{x:.2f}" y="{base:.2f}" width="{bar_w:.2f}" '
                       f'height="{h:.2f}"><title>{escape(month_name(month))} · '
                       f"{escape(quad_label(quad))} : {escape(plural(n, 'événement'))}</title></rect>")
    out += x_labels(series, left, step, height)
    out.append("</svg>")
    return "".join(out)


def _summary(series: Sequence[tuple[str, Mapping[str, int]]]) -> str:
    totals = {q: sum(int(c.get(q, 0)) for _, c in series) for q in QUADS}
    parts = " ; ".join(f"{quad_label(q)} {number(n)}" for q, n in totals.items() if n)
    return (f"De {month_name(series[0][0])} à {month_name(series[-1][0])} : "
            f"{plural(sum(totals.values()), 'événement')} ({parts}).")


def quad_charts(months: Iterable[Mapping[str, Any]], label: str) -> Markup:
    """A wide chart for desktops and a narrow one for phones (CSS shows one), as the
    article charts are drawn."""
    series = quad_series(months)
    wide = quad_chart(series, label, width=1000, height=220, css_class="chart chart-wide")
    if wide.startswith("<p"):
        return Markup(wide)
    narrow = quad_chart(series, label, width=360, height=200, css_class="chart chart-narrow")
    return Markup(wide + narrow)
