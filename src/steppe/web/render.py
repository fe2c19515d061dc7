"""Server-side HTML: one Jinja environment (autoescape on), French formatting filters, and the
helpers pages use to build links. Text from articles is always escaped by Jinja; only markup
built by ``steppe.reports`` or ``steppe.search`` (escaped there) is inserted as is."""

from __future__ import annotations

import re
import time
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from steppe import __version__
from steppe.reports.charts import MONTHS, meter, month_name
from steppe.reports.french import (amount_compact, amount_exact, country_phrase, day_ordinal,
                                   decimal as fr_decimal, language_name, number, percent, plural,
                                   word)
from steppe.reports.highlight import TYPE_LABELS, TYPE_LABELS_PLURAL
from steppe.reports.stories import why_parts
from steppe.web.identity import csrf_field, viewer
from steppe.web.messages import source_error

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ERROR_TITLES = {400: "Requête incorrecte", 401: "Authentification requise", 403: "Accès refusé",
                404: "Page introuvable", 405: "Méthode non permise", 422: "Paramètres invalides",
                500: "Erreur interne", 502: "Source injoignable", 503: "Base de données indisponible"}
STATUS_LABELS = {"new": "nouvelle", "ok": "à jour", "late": "en retard", "silent": "silencieuse",
                 "failing": "en échec"}
DATE_SOURCES = {"feed": "le flux", "page": "la page", "url": "l’adresse", "text": "le texte"}


def _parse_day(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        return (int(parts[0]), int(parts[1]) if len(parts) > 1 else None,
                int(parts[2]) if len(parts) > 2 else None)
    except ValueError:
        return None


def fr_date(value: str | None, weekday: bool = False) -> str:
    """'2025-03-04' → '4 mars 2025' ('mardi 4 mars 2025'); '2025-03' → 'mars 2025'."""
    parsed = _parse_day(value)
    if parsed is None:
        return value or "date inconnue"
    year, month, day = parsed
    if not month or not 1 <= month <= 12:
        return str(year)
    if not day:
        return f"{MONTHS[month - 1]} {year}"
    label = f"{day_ordinal(day)} {MONTHS[month - 1]} {year}"
    if weekday:
        try:
            label = f"{WEEKDAYS[date(year, month, day).weekday()]} {label}"
        except ValueError:
            pass
    return label


def fr_span(first: str | None, last: str | None) -> str:
    """Two days as one span: '4 mars 2025', 'du 4 au 5 mars 2025', 'du 28 février au
    2 mars 2025', 'du 30 décembre 2024 au 2 janvier 2025'."""
    if not first or not last or first[:10] == last[:10]:
        return fr_date(first or last)
    start, end = fr_date(first), fr_date(last)
    if first[:4] == last[:4] and _parse_day(first) and _parse_day(last):
        start = start.rsplit(" ", 1)[0]                     # the year once
        if first[:7] == last[:7]:
            start = start.split(" ", 1)[0]                  # and the month once
    return f"du {start} au {end}"


def why_fr(member: dict[str, Any]) -> list[str]:
    """Why an article is in its story, scores with French decimals (0,62) and the gap's
    unit kept beside its number."""
    parts = [typographic(p) for p in why_parts(member, number=lambda x: f"{x:.2f}".replace(".", ","))]
    return [re.sub(r"écart (\d+) j$", "écart \\1\u00a0j", parts[0])] + parts[1:]


def typographic(text: str) -> str:
    """French UI text from the library with the typographic apostrophe: l'histoire → l’histoire."""
    return re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)


def decimal(value: float) -> str:
    """French decimal with one place at most: 2,5 (and 3 rather than 3,0)."""
    return fr_decimal(round(value, 1), 1)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links leave the app (a javascript: URL in a feed stays text)."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


def entity_href(entity_id: str, entity_type: str | None = None, country: str | None = None) -> str:
    """An entity's page; a country's dashboard for a country."""
    if entity_type == "country" or (entity_type is None and entity_id.startswith("country:")):
        code = country or entity_id.partition(":")[2]
        if len(code) == 2:
            return f"/countries/{quote(code.upper())}"
    return f"/entities/{quote(entity_id, safe=':')}"


def search_href(q: str, **params: Any) -> str:
    args = {"q": q, **{k: v for k, v in params.items() if v not in (None, "", 1)}}
    return "/search?" + urlencode(args)


def page_href(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value in (None, "") or (key == "page" and value == 1):
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def ago(moment: float | None) -> str:
    """'il y a 3 h' for a Unix time; '–' when never."""
    if moment is None:
        return "jamais"
    seconds = max(0, int(time.time() - moment))
    for unit, size in (("j", 86_400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"il y a {seconds // size} {unit}"
    return f"il y a {seconds} s"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("steppe.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(fr_date=fr_date, num=number, month=month_name, dec=decimal,
                       type_label=lambda t: TYPE_LABELS.get(t, "Autre"),
                       type_plural=lambda t: TYPE_LABELS_PLURAL.get(t, "Autres"),
                       status_label=lambda s: STATUS_LABELS.get(s, s),
                       safe_url=safe_url, markup=Markup, plural=plural, word=word,
                       lang_name=language_name, pct=percent, amount=amount_exact,
                       amount_words=lambda a, c=None: amount_compact(a, c),
                       country=lambda name, code=None, form="": country_phrase(name, code, form),
                       source_error=source_error, why=why_fr, typo=typographic)
    env.globals.update(entity_href=entity_href, search_href=search_href, ago=ago, meter=meter, version=__version__,
                       type_labels=TYPE_LABELS, date_sources=DATE_SOURCES, fr_span=fr_span,
                       csrf_field=csrf_field, viewer=viewer)
    return env


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(
        request=request, page_href=lambda **kw: page_href(request, **kw), **context)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str, title: str | None = None,
                 help: str | None = None, detail: str | None = None) -> HTMLResponse:
    """The error page: ``message`` in French; ``detail`` (a library line we have no French
    for) folded under it, for whoever reports the problem."""
    return render(request, "error.html", status=status, status_code=status,
                  title=title or ERROR_TITLES.get(status, "Erreur"), message=message, help=help,
                  detail=detail)
