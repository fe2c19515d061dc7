"""A digest (``reports.digest.build_digest``) as Markdown, as one self-contained HTML file,
or as JSON.

The HTML file is meant to be forwarded and printed: one file, inline CSS only, no script, no
external resource (no ``<link>``, no remote image, no web font), system fonts, a single
680-pixel column of simple blocks that mail clients keep, and an ``@page`` rule for A4 that
keeps each story on one page; the column is a 680-pixel table cell, which Outlook keeps too
(it ignores ``max-width``). Its volume chart is inline SVG drawn with presentation
attributes. Markdown gets a small table instead.

Nothing is written here but labels and headings: every sentence comes from the digest data,
copied from an article, and is escaped (HTML) or kept on its own line (Markdown).
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from steppe.reports.agenda_events import marker_text
from steppe.reports.digest_text import (ACCENT, FONT, INK, MUTED, RULE, day_label, entry_html,
                                        number, plural, when)

EMPTY = "Aucun article dans cette période."
_BREAKS = re.compile(r"[ \t\r\n]+")
UNITS = {"day": "jour", "week": "semaine", "month": "mois"}


def render(digest: dict[str, Any], fmt: str) -> str:
    """``md``, ``html`` or ``json``."""
    if fmt == "html":
        return render_html(digest)
    if fmt == "json":
        return json.dumps(digest, ensure_ascii=False, indent=2) + "\n"
    return render_markdown(digest)


def intro(digest: dict[str, Any]) -> str:
    """'42 articles de 7 médias, 12 histoires.' (or the empty digest's sentence)."""
    t = digest["totals"]
    if digest["empty"]:
        latest = digest.get("latest_day")
        return EMPTY + (f" Les derniers articles datent du {day_label(latest)}." if latest else "")
    return (f"{plural(t['articles'], 'article')} de {plural(t['outlets'], 'média')}, "
            f"{plural(t['stories'], 'histoire')}. Les histoires les plus suivies d’abord ; "
            "chaque phrase est citée telle quelle et renvoie à son article.")


def trimmed_volume(digest: dict[str, Any]) -> list[dict[str, Any]]:
    """The volume series from its first non-empty period (a ten-year window of a young base
    would otherwise be a table of zeros)."""
    series = digest["volume"]["series"]
    first = next((i for i, p in enumerate(series) if p["articles"]), len(series))
    return series[first:]


# -- Markdown ------------------------------------------------------------------------------------
def _md(text: str) -> str:
    """Text safe in a Markdown line: no HTML, no line break, link brackets escaped."""
    text = _BREAKS.sub(" ", str(text)).strip()   # not str.split(): it eats no-break spaces
    for ch in "\\[]<>*_`":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_link(label: str, href: str) -> str:
    return f"[{_md(label)}](<{href.replace('>', '%3E').replace(' ', '%20')}>)"


def _md_credit(item: dict[str, Any]) -> str:
    return f"— {_md_link(item['outlet'], item['href'])}, {when(item)}"


def render_markdown(digest: dict[str, Any]) -> str:
    """The digest as Markdown: quotes of sentences as block quotes, each followed by its
    outlet and link."""
    p = digest["period"]
    out = [f"# {_md(digest['title'])}", "", f"**{p['label']}**", "", intro(digest), ""]
    for i, e in enumerate(digest["stories"], 1):
        out += _md_story(i, e)
    if digest["people"] or digest["organisations"]:
        out += ["## Personnes et organisations de la période", ""]
        for title, items in (("Personnes", digest["people"]), ("Organisations", digest["organisations"])):
            if items:
                names = ", ".join(f"{_md_link(x['name'], x['href'])} ({plural(x['stories'], 'histoire')})"
                                  for x in items)
                out += [f"**{title}** : {names}", ""]
    out += _md_agenda(digest)
    series = trimmed_volume(digest)
    if series:
        unit = digest["volume"]["unit"]
        out += ["## Volume", "", f"| {UNITS[unit].capitalize()} | Articles |", "|---|---:|"]
        out += [f"| {_md(x['label'])} | {number(x['articles'])} |" for x in series]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_story(i: int, e: dict[str, Any]) -> list[str]:
    facts = f"{plural(e['articles'], 'article')} · {plural(e['outlets'], 'média')}"
    out = [f"## {i}. {_md_link(e['label'] or '(sans titre)', e['href'])}", "", f"*{facts}*", ""]
    for s in e["summary"]:
        out += [f"> {_md(s['text'])}", ">", f"> {_md_credit(s)}", ""]
    if e["figures"]:
        out += ["**Chiffres clés**", ""]
        for f in e["figures"]:
            if f.get("said_above"):
                out.append(f"- **{_md(f['text'])}**, dans une phrase citée plus haut")
            else:
                out += [f"- **{_md(f['text'])}**", f"  > {_md(f['sentence'])}",
                        f"  > {_md_credit(f)}"]
        out.append("")
    if e["quotes"]:
        out += ["**Citations**", ""]
        for q in e["quotes"]:
            out += [f"- {_md(q['speaker'])} :", f"  > « {_md(q['text'])} »", f"  > {_md_credit(q)}"]
        out.append("")
    if e["sources"]:
        out += ["À lire : " + " · ".join(_md_link(s["outlet"], s["href"]) for s in e["sources"]), ""]
    return out


def _md_agenda(digest: dict[str, Any]) -> list[str]:
    out = ["## À venir", ""]
    if not digest["agenda"]:
        return out + ["Aucune date annoncée pour les semaines suivantes.", ""]
    for a in digest["agenda"]:
        event = f" · événement : {_md(marker_text(a['event']))}" if a.get("event") else ""
        out += [f"- **{_md(a['label'])}** ({plural(a['outlets'], 'média')}){event}",
                f"  > {_md(a['sentence'])}", f"  > {_md_credit(a)}, {_md(a['said'])}"]
    return out + [""]


# -- HTML ----------------------------------------------------------------------------------------
CSS = f"""
@page {{ size: A4; margin: 18mm 16mm; }}
body {{ margin: 0; padding: 0; background: #ffffff; color: {INK}; font-family: {FONT}; }}
a {{ color: {INK}; }}
.story, .block {{ page-break-inside: avoid; break-inside: avoid; }}
h1, h2, h3 {{ page-break-after: avoid; break-after: avoid; }}
@media print {{ .wrap {{ max-width: none !important; }} a {{ text-decoration: none; }} }}
"""


def _section(title: str) -> str:
    return (f'<h2 style="font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:{ACCENT};'
            f'margin:28px 0 12px 0;padding:0 0 6px 0;border-bottom:2px solid {ACCENT}">{escape(title)}</h2>')


def render_html(digest: dict[str, Any]) -> str:
    """The digest as one standalone HTML document (see the module's docstring)."""
    p = digest["period"]
    parts = [f'<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{escape(digest['title'])} · {escape(p['label'])}</title>\n"
             f"<style>{CSS}</style>\n</head>\n<body>\n",
             # a centred 680-pixel table cell: mail clients that ignore max-width (Outlook's
             # Word engine) keep a table's width; narrow screens shrink it (width:100%)
             '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
             '<tr><td align="center">'
             '<table role="presentation" class="wrap" width="680" cellpadding="0" cellspacing="0" '
             'border="0" style="width:100%;max-width:680px"><tr>'
             f'<td style="padding:24px 16px;font-family:{FONT};color:{INK};text-align:left">',
             f'<p style="margin:0;font-size:12px;letter-spacing:.1em;text-transform:uppercase;'
             f'color:{MUTED}">Steppe · veille Asie centrale</p>',
             f'<h1 style="font-size:26px;line-height:1.2;margin:6px 0 4px 0">{escape(digest["title"])}</h1>',
             f'<p style="margin:0 0 12px 0;font-size:16px;font-weight:bold;color:{ACCENT}">'
             f'{escape(p["label"])}</p>',
             f'<p style="margin:0 0 20px 0;font-size:14px;color:{MUTED}">{escape(intro(digest))}</p>']
    if digest["stories"]:
        parts.append(_section("Les histoires de la période"))
        parts += [entry_html(e, heading="h3") for e in digest["stories"]]
    parts.append(html_people(digest))
    parts.append(html_agenda(digest))
    parts.append(html_volume(digest))
    parts.append(f'<p style="margin:28px 0 0 0;font-size:12px;color:{MUTED}">Synthèse extraite '
                 "par Steppe : aucune phrase n’est rédigée, chacune est copiée de l’article cité.</p>")
    parts.append("</td></tr></table></td></tr></table>\n</body>\n</html>\n")
    return "".join(parts)


def html_people(digest: dict[str, Any]) -> str:
    if not digest["people"] and not digest["organisations"]:
        return ""
    out = [_section("Personnes et organisations")]
    for title, items in (("Personnes", digest["people"]), ("Organisations", digest["organisations"])):
        if not items:
            continue
        names = ", ".join(f'<a href="{escape(x["href"])}" style="color:{INK}">{escape(x["name"])}</a>'
                          f' <span style="color:{MUTED}">({escape(plural(x["stories"], "histoire"))})</span>'
                          for x in items)
        out.append(f'<p class="block" style="margin:0 0 10px 0;font-size:14px;line-height:1.6">'
                   f"<strong>{title} :</strong> {names}</p>")
    return "".join(out)


def html_agenda(digest: dict[str, Any]) -> str:
    out = [_section("À venir")]
    if not digest["agenda"]:
        return out[0] + f'<p style="font-size:14px;color:{MUTED}">Aucune date annoncée pour les semaines suivantes.</p>'
    for a in digest["agenda"]:
        out.append(f'<div class="block" style="margin:0 0 12px 0;font-size:14px;line-height:1.45">'
                   f'<strong style="color:{ACCENT}">{escape(a["label"])}</strong> '
                   f'<span style="color:{MUTED}">({escape(plural(a["outlets"], "média"))})</span>'
                   f'{_html_event(a.get("event"))}<br>'
                   f'<span class="copied">{escape(a["sentence"])}</span>'
                   f'<span style="color:{MUTED};font-size:13px"> — <a href="{escape(a["href"])}" '
                   f'style="color:{MUTED}">{escape(a["outlet"])}</a>, {escape(a["said"])}</span></div>')
    return "".join(out)


def _html_event(event: dict[str, Any] | None) -> str:
    """An agenda line's announced event: « événement : Aide · Chine → Kazakhstan »."""
    if not event:
        return ""
    return (f' <span class="event" style="color:{ACCENT};font-size:13px">· événement : '
            f"{escape(marker_text(event))}</span>")


def html_volume(digest: dict[str, Any]) -> str:
    """The volume section: a heading and the chart."""
    svg = volume_svg(digest)
    if not svg:
        return ""
    label = f"Articles par {UNITS[digest['volume']['unit']]}"
    return _section(f"Volume : {label.lower()}") + f'<div class="block">{svg}</div>'


def volume_svg(digest: dict[str, Any], width: int = 640, height: int = 150) -> str:
    """Articles per period as inline SVG columns, drawn with presentation attributes (no
    style attribute: the web page's Content-Security-Policy forbids them, mail clients drop
    style sheets); empty when the period has no article."""
    series = trimmed_volume(digest)
    if not series:
        return ""
    unit = digest["volume"]["unit"]
    top = max(x["articles"] for x in series) or 1
    left, bottom, plot_h = 4, 20, height - 34
    step = (width - left * 2) / len(series)
    bar = max(min(step * 0.7, 40), 1)
    label = f"Articles par {UNITS[unit]}"
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>',
           f'<line x1="0" x2="{width}" y1="{height - bottom}" y2="{height - bottom}" stroke="{RULE}"/>']
    every = max(1, round(len(series) / 8))
    for i, x in enumerate(series):
        h = plot_h * x["articles"] / top
        cx = left + i * step + (step - bar) / 2
        svg.append(f'<rect x="{cx:.1f}" y="{height - bottom - h:.1f}" width="{bar:.1f}" '
                   f'height="{h:.1f}" fill="{ACCENT}"><title>{escape(x["label"])} : '
                   f'{escape(plural(x["articles"], "article"))}</title></rect>')
        if x["articles"] and step >= 14:
            svg.append(f'<text x="{cx + bar / 2:.1f}" y="{height - bottom - h - 3:.1f}" font-size="10" '
                       f'text-anchor="middle" fill="{MUTED}">{x["articles"]}</text>')
        if i % every == 0:
            svg.append(f'<text x="{cx + bar / 2:.1f}" y="{height - 5}" font-size="10" '
                       f'text-anchor="middle" fill="{MUTED}">{escape(x["label"])}</text>')
    svg.append("</svg>")
    return "".join(svg)
