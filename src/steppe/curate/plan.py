"""Validate one curation operation against the curated KB and the store, and say what it does.

``plan`` returns a ``Planned``: the entities touched (whose versions the write checks), the
payload the overlay replays (``kb.curation.build_overlay``), the state before and after for
the audit log, and the search query that finds the articles to re-annotate: the names
involved as phrases (an article where a new alias is written, no entity linked yet) and the
entities' postings (``entity:ID``). Bad input is one French line naming what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from steppe.errors import InputError, quoted
from steppe.kb import KnowledgeBase
from steppe.kb.curation import (OPS, check_country, check_type, fold, missing, parse_mention,
                                snapshot, split_id)
from steppe.search.matches import matching_ids
from steppe.store.base import Store


@dataclass
class Planned:
    op: str
    entity_ids: list[str]
    payload: dict[str, Any]
    before: dict[str, Any]
    after: dict[str, Any]
    query: str                                    # finds the articles to re-annotate
    articles: list[str] = field(default_factory=list)   # named outright (a split's)


def plan(store: Store, kb: KnowledgeBase, op: str, args: dict[str, Any],
         index_dir: str | Path) -> Planned:
    if op not in OPS:
        raise InputError(f"opération de curation inconnue {quoted(op)} (au choix : "
                         f"{', '.join(OPS)})")
    return _PLANS[op](store, kb, args, index_dir)


def _phrases(names: list[str]) -> list[str]:
    """Search phrases of names (the query language has no escape for a double quote)."""
    out = []
    for name in dict.fromkeys(n.replace('"', " ").strip() for n in names):
        if name:
            out.append(f'"{name}"')
    return out


def _query(entity_ids: list[str], names: list[str]) -> str:
    return " OR ".join([f"entity:{i}" for i in entity_ids] + _phrases(names))


def _entity(store: Store, kb: KnowledgeBase, op: str, entity_id: str) -> dict[str, Any]:
    """The snapshot of an entity the KB or the articles know, else NotFound."""
    entity_id = (entity_id or "").strip()
    if not entity_id:
        raise InputError(f"kb {op} : l’identifiant d’entité est vide")
    known = kb.get(entity_id)
    if known is not None:
        return snapshot(known)
    if entity_id in kb.redirects:
        raise InputError(f"kb {op} : {entity_id} a été fusionnée dans "
                         f"{kb.redirects[entity_id]} ; travaillez sur celle-ci")
    facts = store.entity_facts(entity_id)
    if facts is None:
        raise missing(op, entity_id)
    return {**snapshot(None, facts), "names": [facts["name"]]}


def _kb_entity(store: Store, kb: KnowledgeBase, op: str, entity_id: str) -> dict[str, Any]:
    """A KB entity's snapshot: names are changed in the KB, so an entity only the articles
    know (unknown: NotFound) cannot take one."""
    known = kb.get(entity_id)
    if known is None:
        _entity(store, kb, op, entity_id)
        raise InputError(f"kb {op} : {entity_id} n’est pas dans la base de connaissances (seuls "
                         "ses noms y sont modifiables ; « steppe kb add » l’y ajoute)")
    return snapshot(known)


def _merge(store: Store, kb: KnowledgeBase, args: dict[str, Any], index_dir: Any) -> Planned:
    keep, other = (args.get("keep") or "").strip(), (args.get("other") or "").strip()
    if keep and keep == other:
        raise InputError(f"kb merge : une entité ne peut pas être fusionnée avec elle-même "
                         f"({keep})")
    kept, merged = _entity(store, kb, "merge", keep), _entity(store, kb, "merge", other)
    if kept["type"] != merged["type"] and not args.get("any_type"):
        raise InputError(f"kb merge : {keep} est de type {kept['type']}, {other} de type "
                         f"{merged['type']} ; corrigez d’abord le type (kb retype)")
    known = {fold(n) for n in kept["names"]}
    names = [n for n in merged["names"] if fold(n) not in known]
    after_keep = {**kept, "names": kept["names"] + names}
    return Planned("merge", [keep, other], {"keep": keep, "other": other, "names": names},
                   {keep: kept, other: merged}, {keep: after_keep, other: {"redirect": keep}},
                   _query([other], merged["names"]))


def _split(store: Store, kb: KnowledgeBase, args: dict[str, Any], index_dir: Any) -> Planned:
    eid = (args.get("id") or "").strip()
    entity = _entity(store, kb, "split", eid)
    name = (args.get("name") or "").strip()
    if not name:
        raise InputError("kb split : le nom de la nouvelle entité (--name) est vide")
    etype = args.get("type") or entity["type"]
    check_type("split", etype)
    country = args.get("country") or entity.get("country")
    check_country("split", country, kb)
    new_id = split_id(name, etype)
    if new_id == eid or kb.get(new_id) is not None:
        raise InputError(f"kb split : {new_id} existe déjà ; choisissez un autre nom, ou "
                         f"fusionnez (kb merge)")
    postings = set(matching_ids(store, index_dir, f"entity:{eid}", kb))
    articles = [a.strip() for a in args.get("articles") or [] if a.strip()]
    mentions = [parse_mention(m) for m in args.get("mentions") or []]
    if not articles and not mentions:
        raise InputError("kb split : un côté est vide ; donnez les articles (--articles A1,A2) "
                         "ou les mentions (--mention ARTICLE:DÉBUT-FIN) qui passent à "
                         "la nouvelle entité")
    _check_split_side(store, eid, postings, articles, mentions)
    new = {"id": new_id, "name": name, "type": etype, "country": country}
    moved = sorted(set(articles) | {m[0] for m in mentions})
    return Planned("split", [eid, new_id],
                   {"id": eid, "new": new, "articles": articles,
                    "mentions": [list(m) for m in mentions], "articles_hint": moved},
                   {eid: entity}, {eid: entity, new_id: {**new, "names": [name]},
                                   "moved": moved}, "", moved)


def _check_split_side(store: Store, eid: str, postings: set[str], articles: list[str],
                      mentions: list[tuple[str, int, int]]) -> None:
    """Each article named mentions the entity, each mention is one of its mentions, and
    something stays with the entity: neither side of a split may be empty."""
    strays = [a for a in articles if a not in postings]
    if strays:
        raise InputError(f"kb split : l’article {strays[0]} ne mentionne pas {eid}")
    stored = store.get_articles([m[0] for m in mentions]) if mentions else {}
    left_in_mentioned: set[str] = set()
    for article_id, start, end in mentions:
        pair = stored.get(article_id)
        spans = [(m.start, m.end) for e in (pair[1].entities if pair and pair[1] else [])
                 if e.id == eid for m in e.mentions]
        if (start, end) not in spans:
            raise InputError(f"kb split : {article_id}:{start}-{end} n’est pas une mention de "
                             f"{eid}")
        named = {(s, e) for a, s, e in mentions if a == article_id}
        if set(spans) - named:
            left_in_mentioned.add(article_id)
    untouched = postings - set(articles) - {m[0] for m in mentions}
    if not untouched and not (left_in_mentioned - set(articles)):
        raise InputError(f"kb split : un côté est vide ; toutes les mentions de {eid} "
                         "passeraient à la nouvelle entité (renommez-la plutôt : kb alias)")


def _alias(store: Store, kb: KnowledgeBase, args: dict[str, Any], index_dir: Any) -> Planned:
    eid, name = (args.get("id") or "").strip(), (args.get("name") or "").strip()
    if not name:
        raise InputError("kb alias : le nom est vide")
    entity = _kb_entity(store, kb, "alias", eid)
    if fold(name) in {fold(n) for n in entity["names"]}:
        raise InputError(f"kb alias : {quoted(name)} est déjà un nom de {eid}")
    after = {**entity, "names": entity["names"] + [name]}
    return Planned("alias", [eid], {"id": eid, "name": name}, {eid: entity}, {eid: after},
                   _query([], [name]))


def _unalias(store: Store, kb: KnowledgeBase, args: dict[str, Any], index_dir: Any) -> Planned:
    eid, name = (args.get("id") or "").strip(), (args.get("name") or "").strip()
    entity = _kb_entity(store, kb, "unalias", eid)
    if fold(name) == fold(entity["name"]):
        raise InputError(f"kb unalias : {quoted(name)} est le nom principal de {eid} ; il ne "
                         "peut pas être retiré")
    names = [n for n in entity["names"] if fold(n) != fold(name)]
    if len(names) == len(entity["names"]):
        raise InputError(f"kb unalias : {quoted(name)} n’est pas un nom de {eid} (noms : "
                         f"{', '.join(entity['names'])})")
    return Planned("unalias", [eid], {"id": eid, "name": name}, {eid: entity},
                   {eid: {**entity, "names": names}}, _query([eid], [name]))


def _reject(store: Store, kb: KnowledgeBase, args: dict[str, Any], index_dir: Any) -> Planned:
    eid = (args.get("id") or "").strip()
    entity = _entity(store, kb, "reject", eid)
    forms = list(dict.fromkeys([*entity["names"], *args.get("forms", [])]))
    return Planned("reject", [eid], {"id": eid, "forms": forms}, {eid: entity},
                   {eid: {"rejected": True}}, _query([eid], forms))


def _retype(store: Store, kb: KnowledgeBase, args: dict[str, Any], index_dir: Any) -> Planned:
    eid = (args.get("id") or "").strip()
    entity = _entity(store, kb, "retype", eid)
    etype = args.get("type") or entity["type"]
    check_type("retype", etype)
    country = args.get("country", entity.get("country")) or None
    check_country("retype", country, kb)
    if etype == entity["type"] and country == entity.get("country"):
        raise InputError(f"kb retype : {eid} est déjà de type {etype}"
                         f"{', pays ' + country if country else ''} ; rien à changer")
    return Planned("retype", [eid], {"id": eid, "type": etype, "country": country},
                   {eid: entity}, {eid: {**entity, "type": etype, "country": country}},
                   _query([eid], []))


_PLANS = {"merge": _merge, "split": _split, "alias": _alias, "unalias": _unalias,
          "reject": _reject, "retype": _retype}
