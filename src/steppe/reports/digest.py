"""Digests: the top stories of a period, each summarised by sentences copied from its
articles, then the people and organisations of the period, the agenda ahead and the volume.

``build_digest`` returns plain data (the CLI renders it as Markdown, HTML or JSON; the web
page and its ``/api/digest`` twin call it too); ``story_entry`` is one story's entry, which
alert e-mails send with ``entry_html`` and ``entry_text``.

**Window.** ``since`` is a duration (``7d``: the seven days ending ``until``, today by
default) or a first day; an article's day is its publication day or, when it has none, the
day it was ingested (``store.digest_sql``), so a freshly ingested dump is in this week's
digest.

**Ranking.** A story's weight in the window is

    outlets × (1 + ln articles) × (1 + ½·min(growth, 3)) × ½^(age / half-life)

where outlets and articles count its articles *of the window* (coverage), growth is its
articles in the latest quarter of the window over those before (a story picking up), and age
is the days from its last article of the window to the window's end (half-life: half the
window, at least two days), so a big story of the window's start still outranks a fresh
single item.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files
from typing import Any, Collection
from urllib.parse import quote, urlsplit

from steppe.errors import InputError, quoted
from steppe.reports.agenda import agenda
from steppe.reports.charts import month_name
from steppe.reports.digest_entry import MAX_MEMBERS, build_entry, read_members, steppe_href
from steppe.reports.digest_text import entry_html, entry_text, period_label, short_day
from steppe.store.base import Store
from steppe.stories.days import iso_day

__all__ = ["DigestFilterError", "agenda_ahead", "build_digest", "digest_scope", "entity_id_for",
           "entry_html", "entry_text", "story_entry"]

TOP_STORIES = 8
PEOPLE = 12
MAX_DAYS = 36_600
GROWTH_WEIGHT, GROWTH_CAP = 0.5, 3.0
AGENDA_LINES, AGENDA_DAYS, MAX_AGENDA_SCAN = 8, 90, 300


class DigestFilterError(InputError):
    """A digest filter that cannot be read; ``option`` names it (since, until, country…)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"--{option} : {message}")
        self.option, self.reason = option, message


# -- filters and window -------------------------------------------------------------------------
def _day(value: str, option: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise DigestFilterError(option, f"{quoted(value)} n’est pas une date AAAA-MM-JJ") from None


def window(since: str | None, until: str | None = None,
           today: date | None = None) -> tuple[date, date]:
    """First and last day of a digest: ``since`` a duration (``7d``, ``2w``, ``3m``, ``1y``:
    that many days ending ``until``) or a first day; ``until`` a day (default today)."""
    last = _day(until.strip(), "until") if until and until.strip() else (today or date.today())
    value = (since or "7d").strip()
    units = {"d": 1, "w": 7, "m": 30, "y": 365}
    if value[:-1].isdigit() and value[-1:] in units:
        days = int(value[:-1]) * units[value[-1]]
        if not 1 <= days <= MAX_DAYS:
            raise DigestFilterError("since", f"{quoted(value)} : entre 1d et 100y")
        try:
            return last - timedelta(days=days - 1), last
        except OverflowError:
            raise DigestFilterError("since", f"{quoted(value)} : commence avant l’an 1") from None
    if len(value) != 10:
        raise DigestFilterError("since", f"{quoted(value)} : une durée est attendue, par exemple "
                                         "7d, 2w, 3m ou 1y, ou une date AAAA-MM-JJ")
    first = _day(value, "since")
    if first > last:
        raise DigestFilterError("since", f"{quoted(value)} est postérieur au dernier jour "
                                         f"{last.isoformat()}")
    if (last - first).days >= MAX_DAYS:
        raise DigestFilterError("since", f"{quoted(value)} : une période de 100 ans au plus")
    return first, last


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """IPTC topic id → French label, from the enrichment's topic lexicons (data, not code)."""
    raw = files("steppe.enrich.resources").joinpath("topics.json").read_text(encoding="utf-8")
    return {t["id"]: t["label"]["fr"] for t in json.loads(raw)["topics"]}


def digest_scope(country: str | None = None, topic: str | None = None,
                 entity: str | None = None, countries: Collection[str] | None = None,
                 entity_names: dict[str, str] | None = None) -> dict[str, Any]:
    """The filters, normalised and checked: a known country code (``countries``: the KB's;
    any two letters without it), a topic id or French label, an entity id. Each becomes a
    story tag; a digest keeps the stories that carry all of them."""
    scope: dict[str, Any] = {"country": None, "topic": None, "entity": None, "tags": [], "labels": []}
    if country and country.strip():
        code = country.strip().upper()
        if len(code) != 2 or not code.isalpha() or (countries is not None and code not in countries):
            raise DigestFilterError("country", f"code de pays inconnu {quoted(country)} "
                                               "(un code ISO comme KZ)")
        scope["country"] = code
        scope["tags"].append(f"country:{code}")
    if topic and topic.strip():
        wanted = topic.strip().lower()
        found = [tid for tid, label in topic_labels().items() if wanted in (tid, label.lower())]
        if not found:
            raise DigestFilterError("topic", f"thème inconnu {quoted(topic)} (un identifiant IPTC "
                                             "comme medtop:11000000 ou son libellé français)")
        scope["topic"] = found[0]
        scope["tags"].append(f"topic:{found[0]}")
        scope["labels"].append(topic_labels()[found[0]])
    if entity and entity.strip():
        scope["entity"] = entity.strip()
        scope["tags"].append(f"entity:{scope['entity']}")
    if scope["country"]:
        scope["labels"].insert(0, (entity_names or {}).get(f"country:{scope['country']}",
                                                          scope["country"]))
    if scope["entity"]:
        scope["labels"].append((entity_names or {}).get(scope["entity"], scope["entity"]))
    return scope


def entity_id_for(kb: Any, value: str | None) -> str | None:
    """An entity filter as an id: an id (``kind:slug``) is kept as given, a name is looked up
    in the knowledge base (``Tokaïev`` → ``person:kassym-jomart-tokaiev``)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if ":" in value:
        return value
    found = kb.lookup(value)
    if not found:
        raise DigestFilterError("entity", f"aucune entité ne s’appelle {quoted(value)} (utilisez "
                                          "un identifiant comme person:kassym-jomart-tokaiev)")
    return found[0].id


# -- ranking --------------------------------------------------------------------------------------
def rank_stories(rows: list[tuple[str, int, str | None, str]], first: date,
                 last: date) -> list[dict[str, Any]]:
    """Stories of the window's articles with their coverage, growth and weight, heaviest first."""
    span = (last - first).days + 1
    recent_from = (last - timedelta(days=math.ceil(span / 4) - 1)).isoformat()
    half_life = max(2.0, span / 2)
    stats: dict[int, dict[str, Any]] = {}
    for aid, pk, source, day in rows:
        s = stats.setdefault(pk, {"pk": pk, "ids": [], "outlets": set(), "first": day,
                                  "last": day, "recent": 0})
        s["ids"].append((day, aid))
        s["outlets"].add(source or "-")
        s["first"], s["last"] = min(s["first"], day), max(s["last"], day)
        s["recent"] += day >= recent_from
    for s in stats.values():
        n = len(s["ids"])
        earlier = n - s["recent"]
        s["growth"] = s["recent"] / max(1, earlier)
        age = (last - date.fromisoformat(s["last"])).days
        s["weight"] = len(s["outlets"]) * (1 + math.log(n)) * \
            (1 + GROWTH_WEIGHT * min(s["growth"], GROWTH_CAP)) * 0.5 ** (max(0, age) / half_life)
    return sorted(stats.values(), key=lambda s: (-s["weight"], -len(s["ids"]), s["pk"]))


def rerank_by_substance(store: Store, ranked: list[dict[str, Any]], limit: int,
                        pool: int = 40) -> list[dict[str, Any]]:
    """The ``limit`` first of the heaviest ``pool`` stories once their substance counts:
    × (1 + 0.1 per key figure, up to 3, + 0.05 per person or organisation, up to 4). Among
    stories of equal coverage (a one-outlet dump: all of them) the one with figures and
    named actors says more; a story told by more outlets still comes first."""
    head = ranked[:max(pool, limit)]
    rows = store.stories_by_pk([s["pk"] for s in head])
    for s in head:
        s["row"] = rows.get(s["pk"])
        prof = (s["row"] or {}).get("profile", {})
        actors = sum(1 for _, _, kind in prof.get("entities", {}).values()
                     if kind in ("person", "organization"))
        s["substance"] = 1 + 0.1 * min(len(prof.get("figures", {})), 3) + 0.05 * min(actors, 4)
        s["weight"] *= s["substance"]
    return [s for s in sorted(head, key=lambda s: (-s["weight"], -len(s["ids"]), s["pk"]))
            if s["row"] is not None][:limit]


# -- building -----------------------------------------------------------------------------------
def build_digest(store: Store, since: str | None = "7d", until: str | None = None,
                 country: str | None = None, topic: str | None = None,
                 entity: str | None = None, limit: int = TOP_STORIES,
                 today: date | None = None, base_url: str | None = None,
                 countries: Collection[str] | None = None,
                 entity_names: dict[str, str] | None = None) -> dict[str, Any]:
    """The digest of a period (see the module's docstring); an empty period gives an empty
    digest (``empty``: true), never an error. Bad filters raise ``DigestFilterError``."""
    first, last = window(since, until, today)
    scope = digest_scope(country, topic, entity, countries, entity_names)
    rows = store.digest_articles(first.isoformat(), last.isoformat(), scope["tags"])
    ranked = rank_stories(rows, first, last)
    stories = _entries(store, rerank_by_substance(store, ranked, limit), base_url)
    people, orgs = (_actors(store, first, last, scope["tags"], kind) if rows else []
                    for kind in ("person", "organization"))
    return {
        "title": "Synthèse" + (" · " + " · ".join(scope["labels"]) if scope["labels"] else ""),
        "period": {"first": first.isoformat(), "last": last.isoformat(),
                   "days": (last - first).days + 1, "label": period_label(first, last)},
        "filters": {k: scope[k] for k in ("country", "topic", "entity")},
        "empty": not rows,
        "latest_day": None if rows else store.digest_latest_day(last.isoformat(), scope["tags"]),
        "totals": {"articles": len(rows), "stories": len(ranked),
                   "outlets": len({r[2] or "-" for r in rows})},
        "stories": stories,
        "people": [_named(e, base_url) for e in people],
        "organisations": [_named(e, base_url) for e in orgs],
        "agenda": agenda_ahead(store, last, country=scope["country"], entity=scope["entity"],
                               stories=_story_ids(store, ranked) if scope["topic"] else None,
                               base_url=base_url),
        "volume": volume(rows, first, last),
    }


def _entries(store: Store, ranked: list[dict[str, Any]], base_url: str | None) -> list[dict[str, Any]]:
    """Each ranked story's entry (``row``: its story row, read by the ranking), from its
    latest ``MAX_MEMBERS`` articles of the period."""
    out = []
    for s in ranked:
        ids = [aid for _, aid in sorted(s["ids"])][-MAX_MEMBERS:]
        entry = build_entry(s["row"], read_members(store, ids), base_url,
                            outlets=len(s["outlets"]))
        entry.update(articles=len(s["ids"]), first_seen=s["first"], last_seen=s["last"],
                     story_articles=s["row"]["size"],
                     rank={"weight": round(s["weight"], 3), "growth": round(s["growth"], 3),
                           "recent_articles": s["recent"], "substance": round(s["substance"], 3)})
        out.append(entry)
    return out


def _actors(store: Store, first: date, last: date, tags: list[str],
            kind: str) -> list[tuple[str, str, str, int, int]]:
    """The period's persons or organisations by stories, without names the enrichment cut
    at a hyphen ("Kok-" of "Kok-borou"): a digest is read as it is, nobody corrects it."""
    found = store.digest_entities(first.isoformat(), last.isoformat(), tags, (kind,), PEOPLE + 8)
    return [row for row in found if len(row[1].strip()) > 2 and not row[1].endswith("-")][:PEOPLE]


def _story_ids(store: Store, ranked: list[dict[str, Any]]) -> set[str]:
    return {row["id"] for row in store.stories_by_pk([s["pk"] for s in ranked[:500]]).values()}


def _named(row: tuple[str, str, str, int, int], base_url: str | None) -> dict[str, Any]:
    eid, name, kind, stories, articles = row
    return {"id": eid, "name": name, "type": kind, "stories": stories, "articles": articles,
            "href": steppe_href(f"/entities/{quote(eid, safe=':')}", base_url)}


def volume(rows: list[tuple[str, int, str | None, str]], first: date,
           last: date) -> dict[str, Any]:
    """Articles per day (a window up to 31 days), per week (up to 26 weeks) or per month,
    every period of the window listed, empty ones included."""
    span = (last - first).days + 1
    unit = "day" if span <= 31 else "week" if span <= 182 else "month"
    counts: dict[str, int] = {}
    for _, _, _, day in rows:
        key = _period(date.fromisoformat(day), unit)
        counts[key] = counts.get(key, 0) + 1
    series, cursor = [], _period(first, unit)
    while cursor <= last.isoformat():
        series.append({"period": cursor, "label": _period_label(cursor, unit),
                       "articles": counts.get(cursor, 0)})
        cursor = _next(cursor, unit)
    return {"unit": unit, "series": series}


def _period(d: date, unit: str) -> str:
    if unit == "week":
        d -= timedelta(days=d.weekday())
    elif unit == "month":
        d = d.replace(day=1)
    return d.isoformat()


def _next(period: str, unit: str) -> str:
    d = date.fromisoformat(period)
    if unit == "month":
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1).isoformat()
    return (d + timedelta(days=7 if unit == "week" else 1)).isoformat()


def _period_label(period: str, unit: str) -> str:
    if unit == "month":
        return month_name(period[:7], short=True)
    return ("sem. du " if unit == "week" else "") + short_day(period)


# -- the agenda ahead -----------------------------------------------------------------------------
def agenda_ahead(store: Store, after: date, country: str | None = None,
                 entity: str | None = None, stories: Collection[str] | None = None,
                 base_url: str | None = None, limit: int = AGENDA_LINES,
                 days: int = AGENDA_DAYS) -> list[dict[str, Any]]:
    """What the press dates in the ``days`` after the period (``reports.agenda``: one line per
    story and date, the sentence that says it, copied whole), soonest first. ``stories``
    (ids), when given, keeps only the lines of those stories (a topic filter: the agenda
    knows countries and entities, not topics). A line keeps the announced event it carries
    (``event``, as ``reports.agenda`` marks it; None for none)."""
    start = after + timedelta(days=1)
    found = agenda(store, start.isoformat(), (after + timedelta(days=days)).isoformat(),
                   country=country, entity=entity, today=start, limit=MAX_AGENDA_SCAN)
    out = []
    for line in found["lines"]:
        story = line.get("story")
        if line["granularity"] == "year":
            continue                 # "en 2027": too vague for the weeks ahead
        if stories is not None and (story is None or story["id"] not in stories):
            continue
        card = line["article"]
        out.append({"date": line["date"], "label": line["label"], "granularity": line["granularity"],
                    "sentence": line["sentence"], "announced": line["announced"],
                    "said": line["said_label"], "outlets": line["outlets"],
                    "story": story, "event": line.get("event"),
                    "article": card["id"], "title": card.get("title"),
                    "outlet": card.get("source") or "source inconnue",
                    "href": _card_href(card, base_url)})
        if len(out) >= limit:
            break
    return out


def _card_href(card: dict[str, Any], base_url: str | None) -> str:
    url = card.get("url")
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return steppe_href(f"/articles/{quote(card['id'], safe='')}", base_url)


# -- one story, for alerts ------------------------------------------------------------------------
def story_entry(store: Store, story_id: str, base_url: str | None = None) -> dict[str, Any]:
    """One story's digest entry (label, summary sentences, key figures, quotes, links),
    from its latest ``MAX_MEMBERS`` articles: what an alert e-mail sends. UnknownStory when
    no story has this id (a merged story's id gives the story that absorbed it)."""
    row = store.resolve_story(story_id)
    members = store.story_member_rows(row["pk"], limit=10_000)
    ids = [m["article_id"] for m in members][-MAX_MEMBERS:]
    entry = build_entry(row, read_members(store, ids), base_url, outlets=row["sources"])
    entry.update(articles=row["size"], first_seen=iso_day(row["first_day"]),
                 last_seen=iso_day(row["last_day"]), story_articles=row["size"])
    return entry
