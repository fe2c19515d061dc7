"""Curation of the knowledge base as data: validate an operation, and build the overlay.

People correct what a machine-built KB gets wrong: two entries that are one man (merge), one
entry that is two (split), a missing or wrong spelling (alias, unalias), a headline word taken
for an organisation (reject), a wrong type or country (retype). Each change is recorded in the
store's audit log (``store.curation_sql``); the active changes, replayed oldest first, make an
``Overlay`` applied over the bundled KB and the user's file. Two places apply it:

* ``apply_overlay``: the KB the enricher links with (aliases added or removed, merged and
  rejected entities gone, types and countries corrected, split-off entities added);
* ``adjust_annotation``: what only an article can say (a split moves these articles' or this
  mention's links to the new entity; a rejected entity's text never makes an entity again;
  a merged id becomes its survivor's wherever it still shows).

Everything here is pure (no store, no spaCy), so it is tested on plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from steppe.errors import InputError, NotFound, quoted
from steppe.kb.loader import KBEntity, KnowledgeBase, fold, slug
from steppe.model import ENTITY_TYPES, Annotation, Entity

OPS = ("merge", "split", "alias", "unalias", "reject", "retype")
ID_PREFIX = {"person": "person", "organization": "org", "place": "place", "country": "country",
             "region": "region", "other": "other"}
_MENTION = re.compile(r"^(?P<article>[^:\s]+):(?P<start>\d+)-(?P<end>\d+)$")


@dataclass
class Split:
    """An entity split in two: these articles' (or these mentions') links move to ``new``."""

    source: str
    new: dict[str, Any]                       # id, name, type, country
    articles: set[str] = field(default_factory=set)
    mentions: set[tuple[str, int, int]] = field(default_factory=set)


@dataclass(eq=False)  # hashed by identity: a cache key of the curated KB
class Overlay:
    """What the active curation changes do to the KB, replayed in order."""

    version: int = 0
    added: dict[str, list[str]] = field(default_factory=dict)        # id → names added
    removed: dict[str, set[str]] = field(default_factory=dict)       # id → folded names
    redirects: dict[str, str] = field(default_factory=dict)          # merged → survivor
    rejected: dict[str, set[str]] = field(default_factory=dict)      # id → folded forms
    retyped: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → type, country
    splits: list[Split] = field(default_factory=list)

    def survivor(self, entity_id: str) -> str:
        """The id a (possibly merged, possibly twice) entity now lives under."""
        seen = set()
        while entity_id in self.redirects and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.redirects[entity_id]
        return entity_id

    def rejected_forms(self) -> set[str]:
        return {form for forms in self.rejected.values() for form in forms}

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.redirects or self.rejected
                    or self.retyped or self.splits)


def build_overlay(changes: Iterable[Any], version: int = 0) -> Overlay:
    """The overlay of ``changes`` (store ``KBChange`` rows, active ones, oldest first)."""
    overlay = Overlay(version)
    for change in changes:
        p = change.payload
        if change.op == "alias":
            overlay.added.setdefault(p["id"], []).append(p["name"])
            overlay.removed.get(p["id"], set()).discard(fold(p["name"]))
        elif change.op == "unalias":
            overlay.removed.setdefault(p["id"], set()).add(fold(p["name"]))
            overlay.added[p["id"]] = [n for n in overlay.added.get(p["id"], [])
                                      if fold(n) != fold(p["name"])]
        elif change.op == "merge":
            overlay.redirects[p["other"]] = p["keep"]
            overlay.added.setdefault(p["keep"], []).extend(p.get("names", []))
        elif change.op == "reject":
            overlay.rejected[p["id"]] = {fold(f) for f in p.get("forms", [])}
        elif change.op == "retype":
            overlay.retyped[p["id"]] = {"type": p["type"], "country": p.get("country")}
        elif change.op == "split":
            overlay.splits.append(Split(p["id"], p["new"], set(p.get("articles", [])),
                                        {tuple(m) for m in p.get("mentions", [])}))
    return overlay


def apply_overlay(kb: KnowledgeBase, overlay: Overlay) -> KnowledgeBase:
    """A new KB: ``kb`` with the overlay's changes (``kb`` itself is shared, never changed)."""
    if overlay.is_empty():
        return kb
    gone = set(overlay.redirects) | set(overlay.rejected)
    out = [_curated(e, overlay) for e in kb if e.id not in gone]
    known = {e.id for e in out}
    for split in overlay.splits:
        if split.new["id"] not in known:
            out.append(_curated(KBEntity.from_record({**split.new, "curated": True}), overlay))
    curated = KnowledgeBase(out)
    curated.redirects = {old: overlay.survivor(old) for old in overlay.redirects}
    return curated


def _curated(entity: KBEntity, overlay: Overlay) -> KBEntity:
    added = overlay.added.get(entity.id, [])
    removed = overlay.removed.get(entity.id, set())
    retype = overlay.retyped.get(entity.id)
    if not (added or removed or retype):
        return entity
    keep = lambda names: tuple(n for n in names if fold(n) not in removed)  # noqa: E731
    aliases = tuple(dict.fromkeys([*keep(entity.aliases), *(n for n in added
                                                             if fold(n) not in removed)]))
    changes: dict[str, Any] = {"aliases": aliases, "acronyms": keep(entity.acronyms),
                               "ambiguous": keep(entity.ambiguous)}
    raw = {**entity.raw, "curated": True, "aliases": {"fr": [a for a in aliases
                                                             if a != entity.name]}}
    if retype:
        changes.update(type=retype["type"], country=retype.get("country"))
        raw.update(type=retype["type"], country=retype.get("country"))
    return replace(entity, **changes, raw=raw)


def adjust_annotation(article_id: str, annotation: Annotation, overlay: Overlay,
                      kb: KnowledgeBase) -> Annotation:
    """``annotation`` as the curated KB says it should be (see the module's docstring)."""
    if overlay.is_empty():
        return annotation
    forms = overlay.rejected_forms()
    by_id: dict[str, Entity] = {}
    for entity in annotation.entities:
        for target, mentions in _targets(article_id, entity, overlay):
            mentions = [m for m in mentions
                        if not (fold(m.text) in forms and (target in overlay.rejected
                                                          or kb.get(target) is None))]
            if target in overlay.rejected or not mentions:
                continue
            into = by_id.get(target)
            if into is None:
                by_id[target] = into = _renamed(entity, target, kb, overlay)
            into.mentions.extend(m for m in mentions if m not in into.mentions)
    annotation.entities = list(by_id.values())
    for quote in annotation.quotes:
        if quote.speaker_id:
            speaker = overlay.survivor(quote.speaker_id)
            quote.speaker_id = None if speaker in overlay.rejected else speaker
    return annotation


def _targets(article_id: str, entity: Entity,
             overlay: Overlay) -> list[tuple[str, list[Any]]]:
    """Where an entity's mentions go: its survivor, or a split-off entity for some of them."""
    home = overlay.survivor(entity.id)
    moved: dict[str, list[Any]] = {}
    stay = []
    for mention in entity.mentions:
        target = home
        for split in overlay.splits:
            if split.source == home and (article_id in split.articles or (
                    article_id, mention.start, mention.end) in split.mentions):
                target = split.new["id"]
        if target == home:
            stay.append(mention)
        else:
            moved.setdefault(target, []).append(mention)
    return [(home, stay), *moved.items()]


def _renamed(entity: Entity, target: str, kb: KnowledgeBase, overlay: Overlay) -> Entity:
    known = kb.get(target)
    if known is not None:
        return Entity(target, known.name, known.type, known.country, [])
    retype = overlay.retyped.get(target, {})
    return Entity(target, entity.name, retype.get("type", entity.type),
                  retype.get("country", entity.country), [])


# -- validation ------------------------------------------------------------------------------

def parse_mention(value: str) -> tuple[str, int, int]:
    """``ARTICLE:START-END`` → (article, start, end); else a one-line error."""
    match = _MENTION.match(value.strip())
    if not match or int(match["start"]) >= int(match["end"]):
        raise InputError(f"kb split : mention {quoted(value)} illisible ; attendu "
                         "ARTICLE:DÉBUT-FIN, par exemple a1b2c3:120-135")
    return match["article"], int(match["start"]), int(match["end"])


def check_type(op: str, etype: str | None) -> None:
    if etype is not None and etype not in ENTITY_TYPES:
        raise InputError(f"kb {op} : type inconnu {quoted(etype)} (au choix : "
                         f"{', '.join(ENTITY_TYPES)})")


def check_country(op: str, country: str | None, kb: KnowledgeBase) -> None:
    if country and (not re.fullmatch(r"[A-Z]{2}", country) or country not in kb.country_by_code):
        raise InputError(f"kb {op} : code pays inconnu {quoted(country)} (ISO 3166-1 alpha-2 "
                         "d’un pays de la base, ex. KZ, KG, UZ, TJ, TM)")


def snapshot(entity: KBEntity | None, facts: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the audit log shows of an entity (before → after)."""
    if entity is None:
        return dict(facts or {})
    return {"id": entity.id, "name": entity.name, "type": entity.type,
            "country": entity.country, "names": entity.all_names()}


def split_id(name: str, etype: str) -> str:
    return f"{ID_PREFIX[etype]}:{slug(name)}"


def missing(op: str, entity_id: str) -> NotFound:
    return NotFound(f"kb {op} : entité inconnue {quoted(entity_id)} (ni dans la base de "
                    "connaissances ni dans les articles ; « steppe kb show NOM » donne les ids)")


def change_lines(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What a change did, entity by entity, in French: « person:x : noms + KJT », « type :
    person → organization », « fusionnée dans person:y », for the log and the entity page."""
    lines = []
    for eid in dict.fromkeys([*before, *after]):
        old, new = before.get(eid) or {}, after.get(eid) or {}
        if not isinstance(new, dict) or not isinstance(old, dict):
            lines.append(f"{eid} : {', '.join(map(str, new))}")  # a split's moved articles
            continue
        parts = []
        if "redirect" in new:
            parts.append(f"fusionnée dans {new['redirect']}")
        if new.get("rejected"):
            parts.append("rejetée")
        if not old and new.get("name"):
            parts.append(f"créée « {new['name']} » ({new.get('type')}, "
                         f"{new.get('country') or '-'})")
        elif old and "name" in new:
            gained = [n for n in new.get("names", []) if n not in old.get("names", [])]
            lost = [n for n in old.get("names", []) if n not in new.get("names", [])]
            parts += [f"noms + {', '.join(gained)}"] if gained else []
            parts += [f"noms − {', '.join(lost)}"] if lost else []
            for key, word in (("type", "type"), ("country", "pays")):
                if old.get(key) != new.get(key):
                    parts.append(f"{word} : {old.get(key) or '-'} → {new.get(key) or '-'}")
        lines.append(f"{eid} : {'; '.join(parts) or 'inchangée'}")
    return lines
