"""An event as extraction finds it (``EventHit``), its date, and the merging of repeats.

Why apart from ``extract``: what makes two mentions one event (a state's organs are the state,
sides sharing a party are one side) and which date an event takes are rules of their own, read
and changed without the parse around them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from steppe.enrich.events.actors import Actor
from steppe.kb import fold


@dataclass(frozen=True)
class EventHit:
    type: str
    mode: str | None
    source: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: str | None      # the date the sentence gives, or None
    status: str
    start: int            # the sentence that states it, in the Doc's text
    end: int
    trigger: str          # the trigger word as written
    confidence: float
    place: str | None = None
    text: str = ""        # the sentence
    joint: bool = False   # a reciprocal act: every party on both sides (a summit, talks)


def event_date(values: list[str], status: str, published: str | None) -> str | None:
    """The date a sentence gives its event (``values``: the sentence's dates in the text's
    order): the first; but an announced event takes the first one after the publication day
    (« a annoncé le 3 mars que le sommet se tiendra le 15 avril »: the 15th of April), a
    month or a year counting from its first day, and, without a publication day, the latest
    (what is announced comes after the announcement)."""
    if not values:
        return None
    if status != "announced" or len(values) == 1:
        return values[0]
    day = (published or "")[:10]
    if not day:
        return max(values, key=_first_day)
    return next((v for v in values if _first_day(v) > day), values[0])


def _first_day(value: str) -> str:
    """'2025-11' → '2025-11-01', '2026' → '2026-01-01' (a day stays as it is)."""
    value = value[:10]
    return value + "-01-01"[len(value) - 4:] if len(value) < 10 else value


def one_per_state(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """A side lists each state once (« Poutine » and « la Russie » are one party), whoever
    else once each."""
    seen, out = set(), []
    for actor in actors:
        key = actor_key(actor)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return tuple(out)


def with_members(actors: tuple[Actor, ...], kb) -> tuple[Actor, ...]:
    """« l’Asie centrale » as a party is listed with its states (EVENTS_FORMAT: the region and
    the five states), so that the relations of each state count the act."""
    out = list(actors)
    for actor in actors:
        entity = kb.get(actor.entity_id) if kb is not None and actor.kind == "region" \
            and actor.entity_id else None
        for code in entity.countries if entity is not None else ():
            out.append(Actor(actor.start, actor.end, kb.country_name(code), code,
                             f"country:{code}", "state"))
    return tuple(out)


def both_sides(event: EventHit) -> list[Actor]:
    """Every party of an event once (« les deux présidents » stand for both sides before)."""
    seen, out = set(), []
    for actor in event.source + event.recipient:
        if (actor.country or actor.name) not in seen:
            seen.add(actor.country or actor.name)
            out.append(actor)
    return out


def actor_key(a: Actor, persons: bool = False) -> str:
    """Who one actor is: its state for a state's organs, else its KB entry or its name
    (``persons``: a person the KB knows is themself, not their state)."""
    return a.country if a.country and (a.kind != "person" or (a.entity_id or "")
                                       .startswith("person:") and not persons) \
        and a.kind != "org" else a.entity_id or fold(a.name)


def side_key(actors, persons: bool = False) -> frozenset[str]:
    """Who an event's side is, for merging repeats: a state's organs (its name, capital,
    leaders and officials the KB knows, ministries) are the state; anyone else is themself,
    by KB entry when linked (« ONU » and « Nations unies » are one)."""
    keys = {actor_key(a, persons) for a in actors}
    # a body the KB seats in a country also meets that country (« les talibans » and
    # « les autorités talibanes » free the same drivers)
    return frozenset(keys | {a.country for a in actors if a.kind == "org" and a.country})


def _people(hit: EventHit) -> bool:
    """Whether an event's targets are people (a group, a person, a state's)."""
    return all(a.kind in ("group", "person", "state") for a in hit.recipient)


# the one type whose two directions in one sentence are two events (each side's pledge)
TWO_WAY = frozenset({"AGREE"})
# the one joint type whose acts between any different numbers of parties are different acts:
# the summit's declaration of five states and the accord two of them signed on its margins (for
# the other joint types, only a meeting of two beside one of many is: ``_margins``)
PER_DOCUMENT = frozenset({"SUPPORT"})


def acted_before(source, history: list[EventHit] | None) -> list:
    """Who did the last act the article told, when it is another state than ``source``'s
    (what a greeting with no one named greets)."""
    own = {a.country for a in source if a.country}
    last = next((e for e in reversed(history or []) if not e.joint and e.source), None)
    if last is None or not own or own & {a.country for a in last.source} or \
            not all(a.country or a.kind == "org" for a in last.source):
        return []
    return list(last.source)


_PER_PERSON = frozenset({"COERCE", "RETREAT"})  # (dev set: +4 events found for 2 wrong)


def deduplicated(hits: list[EventHit]) -> list[EventHit]:
    """One event per (type, source, recipient): the first mention, with the first date given.
    Sides are the same when they share a party (« Bruxelles salue … » in the title and « Kaja
    Kallas, la cheffe de la diplomatie de l’Union européenne, a salué … » in the text); a
    group the KB cannot name (« deux journalistes ») is the same as any person or state it
    targets, not as a platform or a company (« a bloqué TikTok … a arrêté trois blogueurs »
    are two coercions); a target left unnamed (a resignation) is no group; a person the KB
    knows who is arrested or freed is themself (two journalists jailed, or a state of emergency
    and a jailed opponent, are two coercions, not one of their state's). A reciprocal
    act (a summit) and a directed one between the same parties (a visit) stay two events. The
    same act the other way in the same sentence is the parse reading a purpose clause as a
    second act (« X a choisi Y pour construire … »): the first, the main verb's, stands."""
    out: list[EventHit] = []
    keys: list[tuple[frozenset[str], frozenset[str]]] = []
    for hit in hits:
        source = side_key(hit.source)
        recipient = side_key(hit.recipient, hit.type in _PER_PERSON)
        if hit.type not in TWO_WAY and not hit.joint and recipient and any(
                kept.start == hit.start and kept.type == hit.type and not kept.joint
                and side_key(kept.source) & recipient and side_key(kept.recipient) & source
                for kept in out):
            continue  # « a retenu le groupe saoudien ACWA Power pour construire »: one way
        grouped = all(a.kind == "group" for a in hit.recipient)
        at = next((i for i, kept in enumerate(out) if kept.type == hit.type
                   and kept.joint == hit.joint
                   and not (hit.type in PER_DOCUMENT and hit.joint
                            and len(sides_of(kept.source)) != len(sides_of(hit.source)))
                   and not (hit.joint and _margins(kept, hit))
                   and keys[i][0] & source and (keys[i][1] & recipient
                                                or grouped and _people(kept)
                                                or keys[i][1] == recipient
                                                or kept.recipient and _people(hit) and all(
                                                    a.kind == "group" for a in kept.recipient))),
                  None)
        if at is None:
            out.append(hit)
            keys.append((source, recipient))
            continue
        kept = out[at]
        if all(a.kind == "group" for a in kept.recipient) and not grouped and hit.recipient:
            kept = replace(kept, recipient=hit.recipient)  # a named target tells more
            keys[at] = (keys[at][0], recipient)
        if kept.date is None and hit.date is not None:
            kept = replace(kept, date=hit.date)
        out[at] = kept
    return out


def _margins(one: EventHit, other: EventHit) -> bool:
    """Whether two joint acts are a meeting of many and a meeting of two on its margins
    (« le sommet a réuni les cinq présidents … En marge du sommet, Xi s’est entretenu avec
    Mirziyoyev »): two events, where the same summit told twice with parties missing is one."""
    sizes = sorted((len(sides_of(one.source)), len(sides_of(other.source))))
    return sizes[0] == 2 and sizes[1] >= 3


def sides_of(actors, regions: bool = False) -> set[str]:
    """The distinct parties among actors: a person the KB does not place, named with an
    organisation, is its envoy (« l’envoyé spécial de l’UE, David O’Sullivan »), not a party
    of their own; a region counts only when asked."""
    bodies = any(a.kind in ("org", "state_org") for a in actors)
    return {a.country or a.entity_id or a.name for a in actors
            if (regions or a.kind != "region") and not (
                a.kind == "person" and not a.country and bodies)}
