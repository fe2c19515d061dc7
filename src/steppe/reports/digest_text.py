"""French words and numbers of a digest, and one story's entry as HTML and plain text.

Only labels and headings are written here ("3 médias", "Chiffres clés", "Semaine du 24 au
30 novembre 2025"); every sentence shown comes from the entry, copied from an article, and
is escaped (titles and sentences come from the web: a ``<script>`` in an article is text).

``entry_html`` is a self-contained fragment with inline styles only (mail clients drop style
sheets and never run scripts), so the alerts' e-mails and the HTML digest share it.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from babel.numbers import format_decimal

from steppe.reports.charts import MONTHS, MONTHS_SHORT

FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
INK, MUTED, RULE, ACCENT, QUOTE_BG = "#1d2733", "#5b6673", "#d9dee4", "#8a4b10", "#f5f2ec"
CURRENCIES = {"KZT": "tenges", "USD": "dollars", "EUR": "euros", "RUB": "roubles",
              "UZS": "soums", "KGS": "soms", "TJS": "somonis", "TMT": "manats", "CNY": "yuans"}


# -- French --------------------------------------------------------------------------------------
def number(value: float, digits: int = 1) -> str:
    """French number: 12 345 (narrow no-break space), 5,9; through Babel's fr data."""
    if float(value).is_integer():
        return format_decimal(int(value), locale="fr_FR")
    return format_decimal(round(value, digits), locale="fr_FR")


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 média', '3 médias': French puts 0 and 1 in the singular."""
    return f"{number(n)} {singular if abs(n) < 2 else (plural_form or singular + 's')}"


def day_label(value: date | str, year: bool = True) -> str:
    """'1er décembre 2025', '24 novembre' (without the year)."""
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    text = f"{'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if year else text


def short_day(value: date | str) -> str:
    """'24 nov.' for chart and table labels."""
    d = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{'1er' if d.day == 1 else d.day} {MONTHS_SHORT[d.month - 1]}"


def period_label(first: date, last: date) -> str:
    """'Semaine du 24 au 30 novembre 2025' for seven days, 'Journée du 3 mars 2025' for one,
    'Du 28 octobre au 3 décembre 2025' otherwise (the year once when both share it)."""
    days = (last - first).days + 1
    if days == 1:
        return f"Journée du {day_label(first)}"
    text = span_label(first, last)
    return ("Semaine " + text) if days == 7 else text[0].upper() + text[1:]


def span_label(first: date | str, last: date | str) -> str:
    """'du 24 au 30 novembre 2025', 'du 28 novembre au 4 décembre 2025', 'du 30 décembre 2024
    au 2 janvier 2025'; one day: '3 mars 2025'."""
    first = date.fromisoformat(first[:10]) if isinstance(first, str) else first
    last = date.fromisoformat(last[:10]) if isinstance(last, str) else last
    if first == last:
        return day_label(first)
    if first.year != last.year:
        return f"du {day_label(first)} au {day_label(last)}"
    if first.month != last.month:
        return f"du {day_label(first, year=False)} au {day_label(last)}"
    return f"du {'1er' if first.day == 1 else first.day} au {day_label(last)}"


def published_label(value: str | None, received: str | None = None) -> str:
    """'4 mars 2025'; an undated article: 'reçu le 3 décembre 2026' (its ingestion day)."""
    if not value:
        return f"reçu le {day_label(received)}" if received else "sans date"
    try:
        return day_label(value) if len(value) >= 10 else value
    except ValueError:
        return value


def when(item: dict[str, Any]) -> str:
    return published_label(item.get("published"), item.get("received"))


# -- one entry -----------------------------------------------------------------------------------
def _a(href: str, text: str, style: str = "") -> str:
    extra = f' style="{style}"' if style else ""
    return f'<a href="{escape(href)}"{extra}>{escape(text)}</a>'


def _credit(item: dict[str, Any]) -> str:
    """'— Outlet, 4 mars 2025' linking the article."""
    return (f'<span style="color:{MUTED};font-size:13px;white-space:nowrap"> — '
            f'{_a(item["href"], item["outlet"], f"color:{MUTED}")}, {escape(when(item))}</span>')


def entry_html(entry: dict[str, Any], heading: str = "h2") -> str:
    """One story as an HTML fragment with inline styles (mail clients, the HTML digest).
    Copied sentences are marked ``class="copied"``: the tests find them there."""
    out = [f'<div class="story" style="margin:0 0 28px 0;padding:0 0 20px 0;'
           f'border-bottom:1px solid {RULE};page-break-inside:avoid;break-inside:avoid">',
           f'<{heading} style="font-size:19px;line-height:1.3;margin:0 0 4px 0;color:{INK}">'
           f'{_a(entry["href"], entry["label"] or "(sans titre)", f"color:{INK};text-decoration:none")}'
           f'</{heading}>',
           f'<p style="margin:0 0 10px 0;color:{MUTED};font-size:13px">'
           f'{escape(_facts(entry))}</p>']
    for s in entry["summary"]:
        out.append(f'<p style="margin:0 0 8px 0;font-size:15px;line-height:1.5;color:{INK}">'
                   f'<span class="copied">{escape(s["text"])}</span>{_credit(s)}</p>')
    if entry["figures"]:
        out.append(f'<p style="margin:12px 0 4px 0;font-size:12px;letter-spacing:.05em;'
                   f'text-transform:uppercase;color:{ACCENT}">Chiffres clés</p>')
        out.append('<ul style="margin:0 0 8px 0;padding:0 0 0 18px">')
        for f in entry["figures"]:
            said = (f'<span class="copied">{escape(f["sentence"])}</span>'
                    if not f.get("said_above") else "<em>dans une phrase citée plus haut</em>")
            out.append(f'<li style="margin:0 0 4px 0;font-size:14px;line-height:1.45;color:{INK}">'
                       f'<strong>{escape(f["text"])}</strong> : {said}{_credit(f)}</li>')
        out.append("</ul>")
    for q in entry["quotes"]:
        out.append(f'<blockquote style="margin:10px 0 8px 0;padding:8px 12px;background:{QUOTE_BG};'
                   f'border-left:3px solid {ACCENT};font-size:14px;line-height:1.45;color:{INK}">'
                   f'« <span class="copied">{escape(q["text"])}</span> »<br>'
                   f'<span style="color:{MUTED};font-size:13px">{escape(q["speaker"])}</span>'
                   f'{_credit(q)}</blockquote>')
    if entry["sources"]:
        links = " · ".join(_a(s["href"], s["outlet"], f"color:{MUTED}") for s in entry["sources"])
        out.append(f'<p style="margin:8px 0 0 0;font-size:13px;color:{MUTED}">À lire : {links}</p>')
    out.append("</div>")
    return "".join(out)


def _facts(entry: dict[str, Any]) -> str:
    bits = [plural(entry["articles"], "article"), plural(entry["outlets"], "média")]
    if entry.get("first_seen") and entry.get("last_seen"):
        bits.append(span_label(entry["first_seen"], entry["last_seen"]))
    return " · ".join(bits)


def entry_text(entry: dict[str, Any]) -> str:
    """One story as plain text (the e-mail's text part): label, then each copied sentence
    with its outlet and link on the next line."""
    lines = [entry["label"] or "(sans titre)", _facts(entry), entry["href"], ""]
    for s in entry["summary"]:
        lines += [s["text"], f"  — {s['outlet']}, {when(s)} : {s['href']}", ""]
    if entry["figures"]:
        lines.append("Chiffres clés :")
        for f in entry["figures"]:
            said = f["sentence"] if not f.get("said_above") else "(dans une phrase citée plus haut)"
            lines += [f"- {f['text']} : {said}", f"  — {f['outlet']} : {f['href']}"]
        lines.append("")
    for q in entry["quotes"]:
        lines += [f"« {q['text']} »", f"  — {q['speaker']} ({q['outlet']} : {q['href']})", ""]
    if entry["sources"]:
        lines.append("À lire :")
        lines += [f"- {s['outlet']} : {s['title'] or '(sans titre)'} {s['href']}"
                  for s in entry["sources"]]
    return "\n".join(lines).rstrip() + "\n"
