"""Which sentences of an enriched Doc are worth parsing for events: a trigger word the text
around it allows, outside a quotation, and an actor that can be a party (or two).

Bounded by design: at most ``MAX_SENTENCES`` candidate sentences per article are parsed, each at
most ``sentences.MAX_SENTENCE`` characters, with at most ``MAX_ACTORS`` actors each, so a 1 MB
article or a sentence listing twenty countries costs a bounded time.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from spacy.tokens import Doc

from steppe.enrich.components.countries import same_length_fold
from steppe.enrich.doc_state import context, doc_text, state
from steppe.enrich.events.actors import Actor, actors_in, by_section, with_region_words
from steppe.enrich.events.kinds import ONE_PARTY
from steppe.enrich.events.layout import (dateline_agency, dateline_country, dateline_town,
                                         home_of, sections_of, title_scene)
from steppe.enrich.events.lexicon import event_lexicon
from steppe.enrich.events.parties import names_people
from steppe.enrich.events.roles import PARTY_KINDS
from steppe.enrich.events.sentences import quote_ranges, sentence_ranges
from steppe.enrich.events.syntax import COUNTERPARTS, POSSESSIVES
from steppe.enrich.events.triggers import inside, text_allows
from steppe.enrich.events.window import window
from steppe.kb import KnowledgeBase

MAX_SENTENCES = 120
MAX_ACTORS = 24
_WORD = re.compile(r"[^\W\d_]+")
# « livrera de l’électricité à son voisin »: the other party is one told before
_COUNTERPART = re.compile(rf"\b(?:{'|'.join(sorted(POSSESSIVES, key=len, reverse=True))}) "
                          rf"(?:{'|'.join(sorted(COUNTERPARTS, key=len, reverse=True))})\b")
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")  # « cessez-le-feu », one word to the lexicon
# a sentence's range, its actors, and the window of it that is parsed
Candidate = tuple[int, int, list[Actor], list[tuple[int, int]], int, int]


def candidates(doc: Doc, kb: KnowledgeBase) -> tuple[list[Candidate], int]:
    """(the sentences worth parsing, the number of sentences): a trigger stem outside a
    quotation and an actor that can be a party."""
    if (context(doc).lang or "fr") != "fr":
        return [], 0  # French only: no events rather than wrong ones
    lexicon = event_lexicon()
    text = doc_text(doc)
    folded = folded_text(doc)
    quotes = quote_ranges(text)
    sentences = sentence_ranges(text)
    main = home_of(doc, kb)
    home = main.country if main else None
    found = actors_in(doc, kb, 0, len(text), lexicon.non_actor_nouns, home,
                      lexicon.actor_words, lexicon.actor_countries)
    dateline = dateline_country(doc, text, found) or title_scene(doc, text, found)
    if dateline and dateline != home:  # « BICHKEK, 14 juin – »: the story is Kyrgyzstan's
        main = Actor(0, 0, kb.country_name(dateline), dateline, f"country:{dateline}", "state")
        home = dateline
        found = actors_in(doc, kb, 0, len(text), lexicon.non_actor_nouns, home,
                          lexicon.actor_words, lexicon.actor_countries)
    found = with_region_words(found, doc, kb, lexicon.region_words, lexicon.region_ids, home)
    sections = sections_of(text, found)
    if sections:
        found = by_section(doc, kb, found, sections)
    state(doc)["event_home"] = main
    state(doc)["event_actors"] = found
    chosen: list[Candidate] = []
    agency = dateline_agency(doc, text) or (0, 0)
    town = dateline_town(doc, text, found)
    everyone = [a for a in found if (a.kind in PARTY_KINDS or a.kind in ("place", "thing"))
                and not inside(a.start, quotes) and a is not town
                and not (a.kind == "org" and agency[0] <= a.start < agency[1])]
    starts = [a.start for a in everyone]
    for start, end in sentences:
        # the words of the lexicon whose phrase, needed and excluded words the text already
        # allows (the parse then only confirms part of speech and roles): a sentence whose
        # every trigger word fails these is not parsed, a window spans only those that pass
        hits, passing = [], set()
        words = _WORD.finditer(folded, start, end)
        if "-" in folded[start:end]:
            words = sorted(chain(words, _COMPOUND.finditer(folded, start, end)),
                           key=lambda m: m.start())
        for m in words:
            if m.group() in lexicon.forms and not inside(m.start(), quotes):
                allowed = {t for pos in ("VERB", "NOUN")
                           for t, lemma in lexicon.by_form.get((pos, m.group()), ())
                           if text_allows(t, lemma, folded, m.start(), start, end)}
                if allowed:
                    hits.append(m)
                    passing |= allowed
        if not hits:
            continue
        actors = [a for a in everyone[bisect_left(starts, start):bisect_left(starts, end)]
                  if a.end <= end][:MAX_ACTORS]
        parties = {a.country or a.entity_id or a.name for a in actors if a.kind in PARTY_KINDS}
        if any(t.to_place or t.mode == "visit" for t in passing):
            # « doit se rendre à Samarcande »: a visit's host is the place it goes to
            parties |= {a.country for a in actors if a.kind == "place" and a.country}
        one_party = {t.type for t in passing} & ONE_PARTY or any(
            t.mode == "multilateral" for t in passing) and any(a.kind == "org" for a in actors)
        people = home and (any(t.type == "PROTEST" for t in passing) or any(
            t.type == "CONSULT" for t in passing) and names_people(folded, start, end, lexicon))
        if people:  # « des habitants ont manifesté », « l’akim a reçu les grévistes »: the
            parties.add(home)  # country's own people
            one_party = True
        named_before_it = chosen or starts and starts[0] < start
        if len(parties) >= 2 or parties and one_party or named_before_it and (
                lexicon.anaphors is not None
                and lexicon.anaphors.search(folded, start, min(end, start + 60))
                or parties and _COUNTERPART.search(folded, start, end)):
            # (an anaphor: « Le ministère a dénoncé »)
            w0, w1 = window(text, start, end, hits, actors)
            if any(t.home_target for t in passing):
                w1 = end  # a law's content, whom it binds, comes at the end of its sentence
            chosen.append((start, end, actors, [m.span() for m in hits], w0, w1))
        if len(chosen) >= MAX_SENTENCES:
            break
    return chosen, len(sentences)


def folded_text(doc: Doc) -> str:
    st = state(doc)
    folded = st.get("folded_text")
    if folded is None:
        folded = st["folded_text"] = same_length_fold(doc_text(doc))
    return folded
