"""Refining a search by clicking: add a filter to the query text, show the filters a query
holds as removable chips. The query stays what the user can read and edit in the box."""

from __future__ import annotations

import re
from typing import Any

from steppe.kb import KnowledgeBase
from steppe.reports.charts import month_name
from steppe.reports.french import language_name
from steppe.reports.highlight import TYPE_LABELS
from steppe.web.render import fr_date

_TOKEN = re.compile(r'(?<!\S)(-?)(country|entity|topic|source|type|lang|from|to):("[^"]*"|\S+)')
_DATES = re.compile(r'(?<!\S)(from|to):\S+')
_TYPES = {"person": "person", "personne": "person", "organization": "organization",
          "organisation": "organization", "place": "place", "lieu": "place", "country": "country",
          "pays": "country", "region": "region", "région": "region", "other": "other"}
NAMES = {"country": "Pays", "entity": "Entité", "topic": "Thème", "source": "Source",
         "type": "Type", "lang": "Langue", "from": "Depuis", "to": "Jusqu’à"}


def _tidy(q: str) -> str:
    return " ".join(q.split())


def refine(q: str, token: str, replace_dates: bool = False) -> str:
    """``q`` with ``token`` added (once); dates replaced when asked (from:/to: appear once)."""
    if replace_dates:
        q = _DATES.sub("", q)
    if token in q.split():
        return _tidy(q)
    return _tidy(f"{q} {token}")


def remove(q: str, token: str) -> str:
    return _tidy(re.sub(r"(?<!\S)" + re.escape(token) + r"(?!\S)", " ", q))


def month_range(month: str) -> str:
    return f"from:{month} to:{month}"


def with_sort(q: str, sort: str) -> str:
    """The query run for a sort choice; a ``sort:`` written in the query wins."""
    if sort in ("date", "relevance") and "sort:" not in q:
        return f"{q} sort:{sort}".strip()
    return q


def quoted(value: str) -> str:
    return f'"{value}"' if re.search(r'[\s():"]', value) else value


def active_filters(q: str, kb: KnowledgeBase, labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The filters ``q`` holds: the token, a French label, and the query without it."""
    out = []
    for match in _TOKEN.finditer(q):
        negated, name, raw = match.group(1), match.group(2), match.group(3)
        value = raw.strip('"')
        shown = _value_label(name, value, kb, labels or {})
        out.append({"token": match.group(0), "negated": bool(negated),
                    "label": f"{'Sans ' + NAMES[name].lower() if negated else NAMES[name]} : {shown}",
                    "without": remove(q, match.group(0))})
    return out


def _value_label(name: str, value: str, kb: KnowledgeBase, labels: dict[str, str]) -> str:
    if name == "country" and len(value) == 2:
        return kb.country_name(value.upper())
    if name == "entity":
        entity = kb.get(value)
        return entity.name if entity else labels.get(value, value)
    if name == "topic":
        return labels.get(value.lower(), value)
    if name == "type":
        kind = _TYPES.get(value.lower())
        return TYPE_LABELS[kind] if kind else value
    if name in ("from", "to") and re.fullmatch(r"\d{4}-\d{2}", value):
        return month_name(value)
    if name in ("from", "to") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return fr_date(value)
    if name == "lang":
        return language_name(value)
    return value
