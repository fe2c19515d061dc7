"""Stories for people: lists ranked by outlets and recency, one story with its timeline and why.

Builders return plain data (the CLI prints it, the web app renders it and its ``/api`` twin
returns it as JSON), with dates as ``YYYY-MM-DD`` strings and every membership explained.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterator

from steppe.reports.story_cache import WindowRow, live_story_count, story_window
from steppe.store.base import Store
from steppe.stories.days import iso_day, parse_since

RECENCY_DAYS = 7.0  # a story's weight halves... roughly every five days without news


def summary(row: dict[str, Any], entities: int = 6) -> dict[str, Any]:
    """The face of a story in a list: label, size, outlets, span, top entities and tags."""
    prof = row["profile"]
    ranked = sorted(prof["entities"].items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    return {
        "id": row["id"],
        "label": row["label"],
        "label_article": row["label_id"],
        "articles": row["size"],
        "outlets": row["sources"],
        "first_seen": iso_day(row["first_day"]),
        "last_seen": iso_day(row["last_day"]),
        "languages": sorted(prof["langs"]),
        "countries": [c for c, _ in sorted(prof["countries"].items(),
                                           key=lambda kv: (-kv[1], kv[0]))],
        "topics": [t for t, _ in sorted(prof["topics"].items(), key=lambda kv: (-kv[1], kv[0]))],
        "entities": [{"id": eid, "name": name, "type": kind, "count": count}
                     for eid, (count, name, kind) in ranked[:entities]],
    }


def _tag(country: str | None, topic: str | None, entity: str | None) -> str | None:
    if country:
        return f"country:{country.upper()}"
    if topic:
        return f"topic:{topic}"
    if entity:
        return f"entity:{entity}"
    return None


def list_stories(store: Store, since: str | None = None, country: str | None = None,
                 topic: str | None = None, entity: str | None = None, limit: int = 50,
                 offset: int = 0, rank: str = "recent") -> dict[str, Any]:
    """Live stories, latest first (``rank="outlets"``: outlets × recency among the 200 most
    recent, for the front page). The ranking reads the candidates without their profiles
    and loads whole only the stories shown (``story_cache``: kept until the stories change)."""
    since_day = parse_since(since)
    tag = _tag(country, topic, entity)
    total = live_story_count(store, since_day, tag)
    if rank == "outlets":
        window = story_window(store, since_day, tag, max(200, limit + offset))
        newest = max((r.last_day for r in window), default=0)
        window = sorted(window, key=lambda r: (-_weight(r, newest), -r.last_day, -r.pk))
    else:
        window = story_window(store, since_day, tag, limit + offset)
    shown = [r.pk for r in window[offset:offset + limit]]
    rows = store.stories_by_pk(shown)
    return {"total": total, "stories": [summary(rows[pk]) for pk in shown if pk in rows]}


def _weight(row: WindowRow, newest: int) -> float:
    return row.sources * (1 + math.log(row.size)) * \
        math.exp(-(newest - row.last_day) / RECENCY_DAYS)


def story_detail(store: Store, story_id: str) -> dict[str, Any]:
    """One story: summary, every article with its outlet, score and why, figures, quotes."""
    row = store.resolve_story(story_id)
    members = store.story_member_rows(row["pk"])
    briefs = store.article_cards([m["article_id"] for m in members])
    out = summary(row, entities=20)
    if row["id"] != story_id:
        out["redirected_from"] = story_id
    out["members"] = [_member(m, briefs.get(m["article_id"], {})) for m in members]
    prof = row["profile"]
    out["dates"] = [{"value": v, "text": t, "articles": n}
                    for v, (n, t) in sorted(prof["dates"].items())]
    out["figures"] = [{"value": k, "text": t, "articles": n}
                      for k, (n, t) in sorted(prof["figures"].items(), key=lambda kv: -kv[1][0])]
    out["quotes"] = _quotes(store, [m["article_id"] for m in members])
    return out


def _member(m: dict[str, Any], brief: dict[str, Any]) -> dict[str, Any]:
    return {"id": m["article_id"], "title": brief.get("title"), "source": brief.get("source"),
            "published": brief.get("published"), "lang": brief.get("lang"),
            "url": brief.get("url"), "day": iso_day(m["day"]), "score": m["score"],
            "centrality": m["centrality"], "why": m["why"]}


def _quotes(store: Store, ids: list[str], limit: int = 20) -> list[dict[str, Any]]:
    out = []
    for record in store.annotation_records(ids[:200]):
        for q in (record.get("annotation") or {}).get("quotes") or []:
            out.append({"speaker": q.get("speaker"), "speaker_id": q.get("speaker_id"),
                        "text": q.get("text"), "article": record.get("id")})
    return out[:limit]


def _two_decimals(value: float) -> str:
    return f"{value:.2f}"


def why_parts(member: dict[str, Any],
              number: Callable[[float], str] = _two_decimals) -> list[str]:
    """Why an article is in its story, in French, as short phrases: the first says how it came
    in (founded, near-duplicate, or its score and the parts of it), the others what it shares.
    ``number`` formats the scores (the web app writes French decimals)."""
    why = member.get("why") or {}
    if why.get("founded"):
        near = why.get("nearest")
        extra = f" (plus proche : {near['story']}, score {number(near['score'])})" if near else ""
        return ["fonde l’histoire" + extra]
    if why.get("near_duplicate"):
        return ["quasi-doublon d’un article de l’histoire"]
    parts = ", ".join(f"{label} {number(why.get(key) or 0.0)}" for key, label in _EVIDENCE)
    bits = [f"score {number(member.get('score') or 0.0)} = {parts}, écart {why.get('gap_days', 0)} j"]
    if why.get("cross_language"):
        bits.append("autre langue")
    for key, label in (("shared_entities", "entités"), ("shared_terms", "mots"),
                       ("shared_dates", "dates"), ("shared_figures", "chiffres")):
        if why.get(key):
            bits.append(f"{label} : {', '.join(why[key])}")
    if why.get("merged"):
        bits.append("a fusionné " + ", ".join(why["merged"]))
    return bits


_EVIDENCE = (("text", "texte"), ("entities", "entités"), ("dates", "dates"),
             ("figures", "chiffres"), ("countries", "pays"))


def why_text(member: dict[str, Any]) -> str:
    """The one-line French explanation of a membership (``steppe stories show``)."""
    return " · ".join(why_parts(member))


def export_rows(store: Store) -> Iterator[dict[str, Any]]:
    """One row per clustered article: ``{"id", "story", "score"}``, in clustering order."""
    for aid, sid, score in store.iter_story_members():
        yield {"id": aid, "story": sid, "score": score}
