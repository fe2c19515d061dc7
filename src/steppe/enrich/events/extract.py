"""Events of one enriched Doc: the candidate sentences' parse (``candidates``), triggers,
roles, status."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from spacy.tokens import Doc

from steppe.enrich.doc_state import context, doc_text, state
from steppe.enrich.events.actors import Actor
from steppe.enrich.events.asked import acted_on_request, asked, asked_unnamed, on_request
from steppe.enrich.events.candidates import Candidate, candidates, folded_text
from steppe.enrich.events.clauses import answered_body, arrived_for_visit
from steppe.enrich.events.coerced import (expeller, group_country, group_over_nested,
                                         group_recipients, held_by, law_target)
from steppe.enrich.events.hits import (EventHit, acted_before, both_sides, deduplicated,
                                      event_date, one_per_state, sides_of, with_members)
from steppe.enrich.events.joined import (counted_addressees, dative_antecedent, joint_sides,
                                         refers_dispute, relative_antecedent,
                                         reporting_subject, undoing)
from steppe.enrich.events.kinds import (ANSWERS, CHARGES, DOMESTIC_OK, GROUP_TARGET, HABITUAL,
                                       HOSTILE, IMPLICIT_TARGET, JOINT, NO_RECIPIENT_OK,
                                       TOLD_BEFORE)
from steppe.enrich.events.layout import home_of, sections_of
from steppe.enrich.events.lexicon import EventLexicon, Trigger, event_lexicon
from steppe.enrich.events.parser_text import parse_input
from steppe.enrich.events.promises import promised_to
from steppe.enrich.events.parsing import parse
from steppe.enrich.events.parties import (at_risk, body_meets, charge_of, counterpart,
                                          goods_origin, habitual, home_organ_addressed,
                                          implicit_target, named_again, named_before, ongoing,
                                          partner, people_met, people_words, pluperfect,
                                          purpose, subject_before, told_by_another)
from steppe.enrich.events.protests import PEOPLE_SPEAK, crowd, crowd_of, protest_parties
from steppe.enrich.events.roles import Roles, assign
from steppe.enrich.events.sentences import quote_ranges
from steppe.enrich.events.status import (invited, long_ago, names_a_thing, negated,
                                         side_clauses, since_elsewhere, status_of)
from steppe.enrich.events.triggers import confirmed_triggers, inside
from steppe.kb import KnowledgeBase, fold

_DAY_WORD = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier)\b")


def find_events(doc: Doc, kb: KnowledgeBase) -> tuple[list[EventHit], int, int]:
    """(events, sentences, sentences parsed) of a Doc the enrichment pipeline has annotated."""
    chosen, total = candidates(doc, kb)
    return events_of(doc, chosen, parse([parse_input(doc, w0, w1) for *_, w0, w1 in chosen]),
                     kb), total, len(chosen)


def events_of(doc: Doc, chosen: list[Candidate], parsed: list,
              kb: KnowledgeBase | None = None) -> list[EventHit]:
    """The events of the chosen sentences, given their parses (in the same order)."""
    lexicon = event_lexicon()
    folded = folded_text(doc)
    quotes = quote_ranges(doc_text(doc))
    dates = state(doc).get("dates", [])
    home = state(doc).get("event_home", home_of(doc, kb) if kb is not None else None)
    found: list[EventHit] = []
    text = doc_text(doc)
    published = context(doc).published
    everyone = state(doc).get("event_actors", [])
    sections = sections_of(text, everyone)
    headings = [at for at, _ in sections]
    for (start, end, actors, hits, offset, stop), sentence in zip(chosen, parsed):
        at = bisect_left(headings, start + 1) - 1  # « KAZAKHSTAN — Le Sénat a … »
        section = sections[at][1] if at >= 0 else None
        # only the words the lexicon knows need a look: their tokens, not the whole window's
        tokens = {}
        for a, b in hits:
            span = sentence.char_span(a - offset, b - offset, alignment_mode="expand") \
                if offset <= a and b <= stop else None
            if span is not None and len(span):
                tokens[span[0].i] = span[0]
        confirmed = [(token, trigger) for token in tokens.values()
                     for trigger in confirmed_triggers(token, folded, offset, start, end, quotes, lexicon)]
        verbs = {token.i for token, trigger in confirmed if trigger.pos == "VERB"}
        for token, trigger in confirmed:
            if trigger.pos == "NOUN" and token.head.i in verbs and token.head.i != token.i \
                    and not on_request(token):
                continue  # « a rejeté toute accusation »: the verb's event, not the noun's
            hit = _event(token, trigger, actors, sentence, offset, start, end, dates, folded,
                         lexicon, section or home, found[-1].source if found else (),
                         found[-1] if found else None, published, text[offset:stop], found,
                         everyone, text)
            if hit is not None:
                found.append(replace(
                    hit, text=text[start:end], source=one_per_state(with_members(hit.source, kb)),
                    recipient=one_per_state(with_members(hit.recipient, kb))))
    return deduplicated(found)


def _event(token, trigger: Trigger, actors: list[Actor], sentence, offset: int, start: int,
           end: int, dates, folded: str, lexicon: EventLexicon, home: Actor | None = None,
           previous: tuple[Actor, ...] = (), previous_event: EventHit | None = None,
           published: str | None = None, window: str | None = None,
           history: list[EventHit] | None = None,
           earlier: list[Actor] | None = None, article: str = "") -> EventHit | None:
    """The event a confirmed trigger states, or None when its parties are not there.
    ``home`` is the article's main country, the implicit party of some acts (a court
    sentence with no court named; aid, a denunciation or a demand with no target named)."""
    # « ont manifesté pour réclamer … », « ont fait grève, réclamant … »: what the protesters
    # demand, from those the protest is aimed at
    demand = trigger.type == "REQUEST" and previous_event is not None and \
        previous_event.type == "PROTEST" and previous_event.start == start
    proposed = trigger.type == "CONSULT" and invited(token)
    if proposed and "accept" not in folded[start:end]:
        return None  # an invitation is the event (AGREE); the visit, once it is accepted
    if not proposed and negated(token, lexicon) or purpose(token) and not demand or \
            ongoing(token):
        return None
    if trigger.pos == "NOUN" and named_again(token) or trigger.type == "THREATEN" and \
            at_risk(token):  # « … à cet ultimatum »: told before; « menacé d’extradition »
        return None
    if told_by_another(token, trigger, lexicon):
        return None  # (« une visite attendue à Paris », « s’est engagée à financer »)
    if pluperfect(token) and (trigger.type not in TOLD_BEFORE
                              and long_ago(dates, start, end, folded, published)
                              or token.dep_ == "acl:relcl" and trigger.type != "REQUEST") or \
            trigger.type in HABITUAL and habitual(token):
        # (« l’UE, qui avait financé … », « l’UE, qui finance … »); the pluperfect of the
        # news' own days is news (« la police avait interpellé mardi six chauffeurs »)
        return None  # « le Kazakhstan avait interdit le blé russe »: background to the news
    roles: Roles = assign(token, trigger, actors, sentence, offset, window)
    source, recipient = list(roles.source), list(roles.recipient)
    source, recipient = joint_sides(token, trigger, source, recipient, actors, offset, end,
                                    folded, previous_event)
    if trigger.type == "ACCUSE" and charge_of(token, previous_event, start):
        # « a sanctionné trois banques kirghizes, accusées d’avoir aidé … »: the sanction's
        source, recipient = list(previous_event.source), list(previous_event.recipient)
    accused = relative_antecedent(token, actors, window or "", offset) \
        if trigger.type == "ACCUSE" and trigger.pos == "VERB" and previous_event is not None \
        and previous_event.start == start else []
    if accused:  # « … Zhong Ji Mining, qu’ils accusent de polluer »: who acted, about whom
        source, recipient = list(previous_event.source), accused
    told_to = dative_antecedent(token, actors, window or "", offset) \
        if trigger.pos == "VERB" and previous_event is not None and \
        previous_event.start == start else []
    others = [a for a in both_sides(previous_event) if a.country is None or a.country not in
              {b.country for b in told_to}] if told_to else []
    if others:  # « … avec Vladimir Poutine, auquel il a demandé … »: the other party asks him
        source, recipient = others, told_to
    if trigger.type == "ACCUSE":  # « Douchanbé dénonce des raids contre les migrants tadjiks »
        recipient = [a for a in recipient if a.kind != "demonym" or a.country not in {
            s.country for s in source if s.kind != "org"}]  # (its own people are the victims)
    if trigger.type == "REQUEST":
        # « appelle Bichkek à surveiller … vers la Russie »: Bichkek is asked; « a soumis à
        # licence les exportations …, à la demande de l’UE »: who acted was asked
        named = asked(token, actors, offset, window or "") if trigger.pos == "VERB" else \
            acted_on_request(token, actors, offset)
        recipient = named or recipient
        if named and trigger.pos == "NOUN":  # (the act's subject read into « de » X's phrase)
            source = [a for a in source if (a.entity_id or a.name) not in
                      {n.entity_id or n.name for n in named}]
    if trigger.roles != "rec" and not trigger.reciprocal:
        # not the source itself, nor its other name (« … (BAII) »)
        taken = {(a.start, a.end) for a in source} | {a.entity_id for a in source if a.entity_id}
        recipient = [a for a in recipient if (a.start, a.end) not in taken
                     and (a.entity_id is None or a.entity_id not in taken)]
    if trigger.type in ANSWERS and any(a.country for a in source):
        # « a démenti toute implication de Kaboul », « a rejeté ces critiques, assurant que la
        # justice kirghize … »: a denial answers another party, never its own state
        recipient = [a for a in recipient if a.country not in {s.country for s in source}
                     or a.kind not in ("state", "demonym", "capital")]  # (its own people may)
    if not source and roles.anaphor == "home" and home is not None and \
            trigger.roles != "rec" and not trigger.reciprocal:
        source = [home]  # « Le gouvernement a accepté … »: the article's own state
    if not source and trigger.pos == "VERB":
        source = reporting_subject(token, actors, offset)  # (« a confirmé qu’elle accorderait »)
    if not source and roles.anaphor_noun == "direction" and home is not None:
        # « La direction a finalement accepté une augmentation »: the company last named
        source = [replace(a, country=a.country or home.country) for a in earlier or []
                  if a.kind == "org" and a.end <= start][-1:]
        if not source:
            return None
    if not source and roles.anaphor == "one" and roles.anaphor_noun:
        source = named_before(roles.anaphor_noun, earlier or [], start, folded)
    if demand and not any(a.country for a in source):
        source = list(previous_event.source)
        recipient = [a for a in recipient if a.kind != "place"] or list(previous_event.recipient)
    if not source and roles.anaphor == "one" and not roles.anaphor_noun and (
            previous_event is None or previous_event.end <= folded.rfind(". ", 0, start - 2) + 1):
        source = subject_before(earlier or [], start, folded)  # (« Il a condamné … »)
    told = next((e for e in reversed(history or []) if e.type == trigger.type), None) \
        if trigger.type == "AGREE" else previous_event  # (the invitation, not its visit)
    if not source and roles.anaphor == "last" and told is not None and not told.joint:
        source = list(told.recipient)  # « une invitation que ce dernier a acceptée »
    if not source and roles.anaphor and previous_event is not None:
        # « Le ministère y dénonce … », « Les deux présidents ont signé … »: who acted before
        source = list(previous_event.source) if roles.anaphor == "one" else \
            both_sides(previous_event)
        if trigger.roles == "rec" or trigger.reciprocal or \
                roles.anaphor == "both" and trigger.type in JOINT:
            recipient = list(source)  # « Les deux dirigeants sont convenus de … »: each other
    if trigger.type == "COERCE" and trigger.pos == "VERB":  # (a state inside the group's words)
        recipient = [group_country(g, actors, source, home) for g in group_over_nested(
            token, recipient, lexicon, offset, window or "", folded, article)] or recipient
    if not recipient and (trigger.type in GROUP_TARGET or trigger.type in ("ACCUSE", "THREATEN")
                          and trigger.pos == "VERB"):
        recipient = group_recipients(token, trigger, source, actors, home, roles.anaphor,
                                     lexicon, offset, window or "", folded, article)
    if trigger.type == "PROTEST" and home is not None:
        protest = protest_parties(token, trigger, source, recipient, actors, folded, article,
                                  (start, end, offset), home, lexicon)
        if protest is None:
            return None  # « la police a bloqué l’avenue » is no protest
        source, recipient = protest
    if not source and trigger.type in PEOPLE_SPEAK and trigger.pos == "VERB" and recipient \
            and home is not None:
        # « Les grévistes accusent TCO de … », « les villageois réclament à la société … »
        crowd_head = people_words(token, lexicon)
        if crowd_head is not None and crowd_head.dep_.startswith("nsubj"):
            source = [crowd_of(token, crowd_head, actors, folded, start, end, offset, home)]
    if not recipient and trigger.type in GROUP_TARGET and previous_event is not None and \
            previous_event.type == "PROTEST" and previous_event.start == start and \
            any(c.dep_ == "aux:pass" for c in token.children) and \
            not any(c.dep_ == "nsubj:pass" for c in token.children):
        # « ont manifesté dimanche, avant d'être interpellés par la police »: the protesters
        recipient = [a for a in previous_event.source if a.country]
    if not source and (trigger.type == "COERCE" or trigger.mode == "release") and recipient \
            and home is not None and not roles.described:
        # « a été condamné à six ans »: the state; « ont été remis en liberté »: who held them
        source, recipient = held_by(token, trigger, recipient, actors, home, offset, history)
        recipient = [group_country(g, actors, source, home) for g in recipient]  # (its people)
    if not recipient and trigger.home_target and trigger.type == "COERCE":
        recipient = law_target(token, lexicon, offset, window or "")
    if not recipient and trigger.home_target:
        # « a adopté un amendement interdisant le port de … »: its own people
        recipient = [home] if home is not None and home.country in {
            a.country for a in source} else [a for a in source if a.country][:1]
    met = people_met(token, trigger, source, recipient, home, lexicon)
    if met is not None:  # « l’akim s’est rendu auprès des grévistes », « a reçu leurs délégués »
        people = crowd(met, offset, home)  # (named as the sentence names them)
        source, recipient = ([people], recipient or [home]) if trigger.roles == "vs" else \
            ([replace(a, country=home.country) for a in source] or [home], [people])
        # (an official the KB does not know or does not place: the story's state's)
    if not source and trigger.type == "MOBILIZE" and roles.recipient and home is not None:
        # « des unités de la Garde nationale étaient déployées »: the forces deployed
        source = [replace(a, country=a.country or home.country) for a in roles.recipient
                  if a.kind in ("org", "state_org")][:1]
    if not source and trigger.mode == "visit" and trigger.pos == "NOUN":
        source, recipient = arrived_for_visit(actors, start, offset + token.idx, end, folded,
                                              home)
    if not source:
        return None
    counted = counted_addressees(token, source, earlier or [], start) \
        if trigger.pos == "VERB" and trigger.roles != "rec" and not trigger.reciprocal else []
    recipient = counted or recipient  # « a appelé les deux capitales à … »: those told before
    if trigger.type == "THREATEN" and trigger.pos == "VERB" and refers_dispute(token):
        recipient = partner(source, history) or recipient  # « menacé de saisir la CEE »
    if trigger.pos == "VERB" and (not recipient or trigger.type not in DOMESTIC_OK and {
            a.country for a in recipient} <= {a.country for a in source}):
        # « a demandé à son homologue », « a invité le chancelier à … au Kazakhstan » (the
        # place is its own state's, not whom it invites)
        recipient = counterpart(token, source, history) or recipient
    if not recipient and trigger.type in ANSWERS and answered_body(token):
        # « a rejeté les accusations de l’ONG »: the organisation last named
        recipient = [a for a in earlier or [] if a.kind == "org" and a.end <= start][-1:]
    if not recipient and token.dep_ == "conj" and previous_event is not None and \
            previous_event.start == start and not previous_event.joint and \
            {a.country or a.name for a in previous_event.source} == \
            {a.country or a.name for a in source}:
        # « a rejeté ces accusations et dénoncé des mesures illégitimes »: the same target
        recipient = list(previous_event.recipient)
    if not recipient and trigger.type == "ACCUSE" and trigger.pos == "VERB" and any(
            c.dep_ == "obj" and c.pos_ == "PRON" for c in token.children):
        # « Le parquet russe l’accuse de désertion »: the person named last before
        # (one of its own people: a foreigner accused so is mostly the act just told)
        named = [a for a in earlier or [] if a.kind == "person" and a.end <= start][-1:]
        recipient = [a for a in named if a.country in {None} | {s.country for s in source}]
    measure = next((e for e in reversed(history or []) if e.type in HOSTILE), None) \
        if trigger.type == "REQUEST" and trigger.pos == "VERB" and undoing(token) else None
    if measure is not None and \
            not {a.country for a in measure.source} & {a.country for a in source}:
        # « a demandé la levée de la mesure »: its author, the last hostile act told (a call
        # between the two told after it: « s’est entretenu par téléphone … Astana a demandé »)
        recipient = list(measure.source)
    if not recipient and trigger.type in ("ACCUSE", "REJECT") and previous_event is not None \
            and previous_event.type in HOSTILE and \
            not {a.country for a in previous_event.source} & {a.country for a in source}:
        # « Des drones ukrainiens ont frappé … Le Kremlin a condamné « un acte terroriste » »:
        # a condemnation with no target named answers the hostile act just told
        recipient = list(previous_event.source)
    if not recipient and trigger.type in ("ACCUSE", "REJECT") and trigger.pos == "VERB" and \
            any(c.dep_ == "obj" and fold(c.text) in lexicon.denounced_measures
                for c in token.children):
        # « Bichkek a dénoncé des mesures « illégitimes » » (a talk or a reaction told between):
        # the author of the last hostile act of another state
        own = {a.country for a in source}
        recipient = next((list(e.source) for e in reversed(history or []) if e.type in HOSTILE
                          and e.source and not {a.country for a in e.source} & own), [])
    if not recipient and trigger.pos == "VERB" and home is not None and \
            home.country not in {a.country for a in source} and \
            home_organ_addressed(token, lexicon):
        recipient = [home]  # « a appelé les autorités à … »: the story's state
    if not recipient and trigger.type == "REQUEST" and home is not None and all(
            a.kind in ("org", "person") and not a.country for a in source) and \
            any(a.kind == "org" for a in source) and \
            not asked_unnamed(token, actors, offset):
        # « RSF a exigé sa libération »: an NGO or an international body asks the story's
        # state (a state asking with no one named mostly answers what came before: left out)
        recipient = implicit_target(source, actors, home)
    if not recipient and trigger.type == "SUPPORT" and trigger.pos == "VERB":
        # « Le ministère turkmène a salué une décision « juste et attendue » »: the author of
        # the act the article just told, when another state's
        recipient = acted_before(source, history)
    if not recipient and trigger.type in IMPLICIT_TARGET and home is not None and not (
            trigger.type == "AGREE" and len({a.country or a.entity_id or a.name for a in source
                                           if a.kind != "region"}) >= 2):
        recipient = implicit_target(source, actors, home)  # (a joint act is told below)
    if not recipient and trigger.type == "AGREE" and len(sides_of(source)) == 1:
        recipient = partner(source, history)  # « Le Kazakhstan s’est engagé à … »: to whom it met
    if not recipient and trigger.type == "CONCEDE" and home is not None:
        # « la mairie a accepté de suspendre … »: yields to its own people, unless it is a
        # foreign one that yields (« l’Agence ouzbèke a reconnu des manquements » in Moscow)
        recipient = [home] if home.country not in {a.country for a in source} or not any(
            a.country and a.country != home.country for a in actors) \
            else implicit_target(source, actors, home)
    if trigger.type == "MOBILIZE" or trigger.mode == "resign":
        recipient = []  # a deployment, a resignation are coded without a target
    if trigger.promise_clause:
        recipient = promised_to(token, recipient, roles.recipient)
    if not recipient and trigger.type in ANSWERS and previous and \
            {a.country for a in previous} & {a.country for a in source} == set():
        recipient = list(previous)  # « Douchanbé a rejeté cette version »: the one who said it
    if not recipient and trigger.type in ANSWERS:
        # « Le ministère a rejeté ces accusations »: the last one who accused, asked or
        # sanctioned someone else, else the one other state the sentence names
        own = {a.country for a in source}
        accuser = next((e for e in reversed(history or []) if e.type in CHARGES
                        and not {a.country for a in e.source} & own), None)
        if accuser is not None:
            recipient = list(accuser.source)
        elif home is not None:
            recipient = [a for a in implicit_target(source, actors, home)
                         if a.country != home.country]
    if not recipient and trigger.type in JOINT and trigger.mode != "resign" and \
            len(sides_of(source)) >= 2 and not trigger.promise_clause:
        recipient = list(source)  # « Astana et Bakou ont décidé de renforcer … »: a joint act
    if not recipient and trigger.type == "SANCTION":
        recipient = goods_origin(actors, folded, offset + token.idx, end)
    if not recipient and trigger.type not in NO_RECIPIENT_OK and trigger.mode != "resign" \
            and not trigger.promise_clause:
        return None
    if trigger.mode == "deport":
        source, recipient = expeller(token, source, recipient, offset, actors)
        if not source:
            return None
    if trigger.type in GROUP_TARGET and home is not None and \
            home.country in {a.country for a in source}:
        # « la police a interpellé … le militant Jasulan Akhmetov »: a person the story does
        # not place, held by the story's own state, is one of its people
        recipient = [replace(a, country=home.country) if a.kind == "person" and not a.country
                     else a for a in recipient]
    if (trigger.object_actor or lexicon.lemmas.get(fold(token.text)) in trigger.object_actor_for) and not (
            recipient if trigger.roles != "vs" else source):
        return None
    reciprocal = trigger.roles == "rec" or trigger.reciprocal
    parties = sides_of(source, regions=True)
    if reciprocal and len(parties) < 2 and met is None and not body_meets(trigger, source, actors):
        return None  # a meeting needs two parties
    countries = {a.country for a in source} | {a.country for a in recipient}
    # (« un député a appelé le gouvernement à … »: a petition to the state, within it)
    petition = trigger.type == "REQUEST" and any(a.kind in ("person", "org") for a in source) \
        and all(a.kind == "state_org" for a in recipient) or trigger.type == "THREATEN" and \
        all(a.kind == "group" for a in recipient)  # (« a menacé d’éliminer les émeutiers »)
    if trigger.type not in DOMESTIC_OK and not demand and met is None and not petition and \
            recipient and len(countries) == 1 and None not in countries:
        return None  # one state on both sides: talk within a state, not between actors
    if trigger.type == "COERCE" and not trigger.home_target and len(countries) == 1 and \
            None not in countries and all(a.kind in ("state", "capital", "place", "demonym")
                                          for a in recipient):
        return None  # « Les avoirs … aux États-Unis sont gelés »: no state coerces itself
    status = "announced" if proposed else status_of(token, lexicon,
                                                    folded[offset + token.idx:end])
    aside = side_clauses(token, offset)
    date = event_date([d.value for d in sorted(dates, key=lambda d: d.start)
                       if start <= d.start and d.end <= end and not inside(d.start, aside)
                       and not since_elsewhere(token, d.start, offset, folded)
                       and not names_a_thing(token, d.start, offset)],
                      status, published)
    if trigger.status_only and status not in trigger.status_only and not (
            date and len(date) == 10 or _DAY_WORD.search(folded, start, end)):
        # trade that took place is a statistic, unless it happened on a day the news tells
        # (« a livré mardi un premier lot de blé à la Chine »); planned trade is news
        return None
    if date and published and int(date[:4]) < int(published[:4]) - 1:
        return None  # « les journées de juin 2010, quand … »: history that situates the news
    if date and published and date[:4] < published[:4] and trigger.pos == "NOUN" and any(
            c.dep_ == "case" and fold(c.text) in ("depuis", "apres") for c in token.children):
        return None  # « réchauffées depuis la visite du président iranien en 2023 »: background
    confidence = 0.8 - (0.1 if trigger.pos == "NOUN" else 0.0) - (0.1 if not recipient else 0.0)
    place = roles.place[0].name if roles.place else None
    return EventHit(trigger.type, trigger.mode, tuple(source), tuple(recipient), date, status,
                    start, end, token.text, round(confidence, 2), place,
                    joint=reciprocal or source == recipient)
