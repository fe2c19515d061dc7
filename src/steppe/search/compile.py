"""Turn a parsed query into tantivy queries: the French analysis, KB alias expansion, filters.

A word or phrase that names a knowledge-base entity (``Tokayev``, ``Bishkek``, ``Токаев``,
``Chine``, a surname alone written any way the KB knows) is read as that entity: it matches
every article the facets count for it (where the enrichment linked a mention to it, the
``entity`` field; for a country, the ``country`` field, so ``Chine`` finds every article of
``country:CN``) and those whose text says one of its names (« Assemblée générale de l’ONU »
names the UN inside another entity's mention; an entity added to the KB since ingestion is
found by its names before any re-annotation). Names that are ordinary
words once lower-cased (``UN`` / « un », ``EU`` / « eu ») are recognised only as typed, and
match the text only as written (field ``caps``), never through the folded, stemmed text.

A single word also matches its word family (``élection`` ~ ``électeurs``, ``électoral``) at a
lower weight (``families.py``). Filters never change the ranking: they are wrapped in a
zero constant score. Besides the query proper we collect the *marks* of its positive parts
(stems, families, phrases, acronyms, prefixes, linked entities) for the snippets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import tantivy
from tantivy import Occur, Query

from steppe.errors import QueryError, quoted
from steppe.index.schema import ENTITY_TYPES, folding_analyzer, french_analyzer
from steppe.kb import KnowledgeBase, fold
from steppe.kb.loader import slug
from steppe.search.aliases import AliasMap, alias_map, is_common, searchable_names
from steppe.search.days import FIRST_DAY, LAST_DAY, date_range
from steppe.search.families import relatives
from steppe.search.query import And, Filter, Node, Not, Or, ParsedQuery, Phrase, Word
from steppe.search.snippets import Marks

MIN_PREFIX = 3
MAX_ALIAS_WORDS = 6
MAX_ALIAS_TERMS = 64
MAX_ALIAS_PHRASES = 24
FAMILY_WEIGHT = 0.5      # a word's family counts half as much as the word itself
OTHER_NAME_WEIGHT = 0.25  # an entity's other names rank below the name typed (a rare Russian
                          # spelling would otherwise outrank the French articles)
TYPE_NAMES = {"personne": "person", "organisation": "organization", "org": "organization",
              "lieu": "place", "pays": "country", "région": "region", "region": "region",
              "autre": "other", **{t: t for t in ENTITY_TYPES}}
_TOPIC_ID = re.compile(r"medtop:\d{8}$")
_LANG = re.compile(r"[a-z]{2,3}$")

_FR = french_analyzer()
_FOLD = folding_analyzer()


@dataclass
class Compiled:
    """The tantivy query, what to mark in snippets, and what the engine needs to know."""

    query: Query
    marks: Marks
    has_text: bool
    entity_type: str | None = None
    entities: list[str] = field(default_factory=list)


class Compiler:
    """Compiles one parsed query against one searcher (for topic labels and prefix terms)."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher, kb: KnowledgeBase) -> None:
        self.schema, self.searcher, self.kb = schema, searcher, kb
        self.aliases: AliasMap = alias_map(kb)
        self.marks = Marks()
        self.has_text = False
        self.entity_type: str | None = None
        self.entities: list[str] = []
        self._doc_freqs: dict[str, bool] = {}

    def compile(self, parsed: ParsedQuery) -> Compiled:
        clauses: list[tuple[Occur, Query]] = []
        if parsed.root is not None:
            root = self.node(parsed.root, top=True)
            if root is None:
                raise QueryError(f"rien à chercher dans {quoted(parsed.text.strip())} : "
                                 "tapez des mots, une « expression » ou un filtre comme country:KZ")
            clauses.append((Occur.Must, root))
        if parsed.date_from or parsed.date_to:
            days = date_range(self.schema, parsed.date_from or FIRST_DAY, parsed.date_to or LAST_DAY)
            clauses.append((Occur.Must, _filter(days)))
        query = (Query.all_query() if not clauses else clauses[0][1] if len(clauses) == 1
                 else Query.boolean_query(clauses))
        return Compiled(query, self.marks, self.has_text, self.entity_type, self.entities)

    # -- tree ----------------------------------------------------------------------------------
    def node(self, node: Node, top: bool = False, negated: bool = False) -> Query | None:
        if isinstance(node, And):
            return self.conjunction(node.children, top, negated)
        if isinstance(node, Or):
            parts = [q for q in (self.node(c, negated=negated) for c in node.children) if q]
            return Query.boolean_query([(Occur.Should, q) for q in parts]) if parts else None
        if isinstance(node, Not):
            inner = self.node(node.child, negated=not negated)
            if inner is None:
                return None
            return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, inner)])
        return self.leaf(node, negated, top)

    def conjunction(self, children: list[Node], top: bool, negated: bool) -> Query | None:
        clauses: list[tuple[Occur, Query]] = []
        for group in self._alias_runs(children):
            if isinstance(group, list):      # consecutive words naming one KB entity
                q = self.words_as_entity(group, negated)
                clauses.append((Occur.Must, q))
                continue
            if isinstance(group, Not):
                inner = self.node(group.child, negated=not negated)
                if inner is not None:
                    clauses.append((Occur.MustNot, inner))
                continue
            q = self.node(group, top=top, negated=negated)
            if q is not None:
                clauses.append((Occur.Must, q))
        if not clauses:
            return None
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.insert(0, (Occur.Must, Query.all_query()))
        return clauses[0][1] if len(clauses) == 1 and clauses[0][0] == Occur.Must \
            else Query.boolean_query(clauses)

    def _alias_runs(self, children: list[Node]) -> list[Node | list[Word]]:
        """Group consecutive plain words that together name a KB entity (longest first)."""
        out: list[Node | list[Word]] = []
        i = 0
        while i < len(children):
            best = 0
            for j in range(min(len(children), i + MAX_ALIAS_WORDS), i + 1, -1):
                run = children[i:j]
                if all(isinstance(w, Word) and not w.prefix for w in run) and \
                        self.aliases.ids(" ".join(w.text for w in run)):  # type: ignore[union-attr]
                    best = j - i
                    break
            if best:
                out.append(children[i:i + best])  # type: ignore[arg-type]
                i += best
            else:
                out.append(children[i])
                i += 1
        return out

    # -- leaves --------------------------------------------------------------------------------
    def leaf(self, node: Node, negated: bool, top: bool) -> Query | None:
        if isinstance(node, Filter):
            return self.filter(node, negated, top)
        if isinstance(node, Word) and node.prefix:
            return self.prefix(node, negated)
        assert isinstance(node, (Word, Phrase))
        return self.text(node.text, negated)

    def text(self, text: str, negated: bool) -> Query | None:
        ids = self.aliases.ids(text)
        return self.expand(text, ids, negated) if ids else self._analysed(text, negated)

    def words_as_entity(self, words: list[Word], negated: bool) -> Query:
        text = " ".join(w.text for w in words)
        return self.expand(text, self.aliases.ids(text), negated)

    def _analysed(self, text: str, negated: bool) -> Query | None:
        tokens = _FR.analyze(text)
        if not tokens:
            return None
        q = self._tokens_query(tokens)
        family = [s for s in relatives(tokens[0]) if self._indexed(s)] if len(tokens) == 1 else []
        if family:
            related = Query.boost_query(self._terms("text", family), FAMILY_WEIGHT)
            q = Query.boolean_query([(Occur.Should, q), (Occur.Should, related)])
        if not negated:
            self.has_text = True
            self._mark(tokens)
            self.marks.stems.update(family)
        return q

    def _mark(self, tokens: list[str] | tuple[str, ...]) -> None:
        if len(tokens) == 1:
            self.marks.stems.add(tokens[0])
        elif tokens:
            self.marks.phrases.add(tuple(tokens))

    def _tokens_query(self, tokens: list[str]) -> Query:
        if len(tokens) == 1:
            return Query.term_query(self.schema, "text", tokens[0])
        return Query.phrase_query(self.schema, "text", list(enumerate(tokens)))

    def expand(self, text: str, ids: list[str], negated: bool) -> Query:
        """The entities ``text`` names: the articles their facet counts (linked mentions; a
        country's ``country`` field) and those whose text says one of their names."""
        singles: dict[str, None] = {}
        multis: dict[tuple[str, ...], None] = {}
        capitals: dict[str, None] = {}
        names = [text] + [name for entity_id in ids if (entity := self.kb.get(entity_id))
                          for name in searchable_names(entity)]
        for name in names:
            if is_common(name):          # « un », « eu »: as written, in capitals, or not at all
                if name.isupper() and " " not in name:
                    capitals[name] = None
                continue
            tokens = tuple(_FR.analyze(name))
            if len(tokens) == 1:
                singles[tokens[0]] = None
            elif tokens:
                multis[tokens] = None
        # a phrase holding a single-word name adds nothing: that word matches already; and a
        # word the index has never seen (Russian inflections in a French archive) cannot
        # match: both are left out, which keeps the union small
        terms = [t for t in singles if self._indexed(t)][:MAX_ALIAS_TERMS]
        phrases = [m for m in multis if not any(t in singles for t in m)
                   and all(self._indexed(t) for t in m)][:MAX_ALIAS_PHRASES]
        caps = [c for c in capitals if self._indexed(c, "caps")][:MAX_ALIAS_TERMS]
        typed = set(_FR.analyze(text))
        queries = [self._tokens_query([t]) for t in terms]
        queries += [self._tokens_query(list(p)) for p in phrases]
        queries += [Query.term_query(self.schema, "caps", c) for c in caps]
        weights = [1.0 if t in typed else OTHER_NAME_WEIGHT for t in terms]
        weights += [1.0 if set(p) <= typed else OTHER_NAME_WEIGHT for p in phrases]
        weights += [1.0 if c == text else OTHER_NAME_WEIGHT for c in caps]
        if not negated:
            self.has_text = True
            self.marks.stems.update(terms)
            self.marks.phrases.update(phrases)
            self.marks.capitals.update(caps)
            self.marks.entities.update(ids)
            self.entities.extend(ids)
        # the best-scoring name counts (not their sum), plus a constant for a linked mention
        parts: list[Query] = []
        if queries:
            parts.append(Query.disjunction_max_query(
                [q if w == 1.0 else Query.boost_query(q, w) for q, w in zip(queries, weights)]))
        linked = self._linked(ids)
        if linked is not None:
            parts.append(Query.const_score_query(linked, 1.0))
        if not parts:
            return Query.empty_query()
        return parts[0] if len(parts) == 1 else \
            Query.boolean_query([(Occur.Should, q) for q in parts])

    def _linked(self, ids: list[str]) -> Query | None:
        """Articles linked to one of ``ids`` (a country: its ``country`` field, as its facet);
        None when the index links none of them."""
        codes = [e.country for i in ids if (e := self.kb.get(i)) and e.type == "country"
                 and e.country]
        others = [i for i in ids if not ((e := self.kb.get(i)) and e.type == "country")]
        parts = [(field, values) for field, values in (("country", codes), ("entity", others))
                 if values and any(self._indexed(v, field) for v in values)]
        if not parts:
            return None
        queries = [self._terms(field, values) for field, values in parts]
        return queries[0] if len(queries) == 1 else \
            Query.boolean_query([(Occur.Should, q) for q in queries])

    def _indexed(self, token: str, field_name: str = "text") -> bool:
        key = f"{field_name}\x00{token}"
        known = self._doc_freqs.get(key)
        if known is None:
            known = self._doc_freqs[key] = self.searcher.doc_freq(field_name, token) > 0
        return known

    def prefix(self, node: Word, negated: bool) -> Query | None:
        tokens = _FOLD.analyze(node.text)
        if not tokens:
            return None
        last = tokens[-1]
        if len(last) < MIN_PREFIX:
            raise QueryError(f"le préfixe « {node.text}* » à la colonne {node.col} est trop court : "
                             f"donnez au moins {MIN_PREFIX} lettres avant « * »")
        if len(tokens) > 1:
            stems = [_FR.analyze(t)[0] for t in tokens[:-1]]
            q = Query.phrase_prefix_query(self.schema, "text", [*stems, last])
        else:
            stem = _FR.analyze(last)[0]
            pattern = f"{last}.*" if stem == last else f"{stem}|{last}.*"
            q = Query.regex_query(self.schema, "text", pattern)
        if not negated:
            self.has_text = True
            self.marks.prefixes.add(last)
            if len(tokens) > 1:
                self.marks.phrases.add(tuple(_FR.analyze(" ".join(tokens[:-1]))))
        return q

    # -- filters -------------------------------------------------------------------------------
    def filter(self, node: Filter, negated: bool, top: bool) -> Query:
        handler: Callable[[Filter], Query] = getattr(self, f"filter_{node.name}")
        q = handler(node)
        if node.name == "type" and top and not negated:
            self.entity_type = TYPE_NAMES[node.value.lower()]
        return _filter(q)

    def filter_country(self, node: Filter) -> Query:
        value = node.value.strip()
        codes: list[str] = []
        if len(value) == 2 and value.isalpha() and value.upper() in self.kb.country_by_code:
            codes = [value.upper()]
        else:
            codes = [e.country for e in self.kb.lookup(value) if e.type == "country" and e.country]
        if not codes:
            raise QueryError(f"country:{value} à la colonne {node.col} : pays inconnu "
                             "(utilisez un code comme KZ ou un nom comme Kazakhstan)")
        return self._terms("country", codes)

    def filter_entity(self, node: Filter) -> Query:
        value = node.value.strip()
        ids = [e.id for e in self.kb.lookup(value)]
        if ":" in value and value not in ids:
            ids.append(value)
        codes = [e.country for i in ids if (e := self.kb.get(i)) and e.type == "country"
                 and e.country]
        others = [i for i in ids if not ((e := self.kb.get(i)) and e.type == "country")]
        parts = [Query.term_query(self.schema, "entity_key", fold(value))]
        if codes:                        # a country: the articles its facet counts
            parts.append(self._terms("country", codes))
        if others:
            parts.append(self._terms("entity", others))
        return Query.boolean_query([(Occur.Should, q) for q in parts])

    def filter_type(self, node: Filter) -> Query:
        kind = TYPE_NAMES.get(node.value.lower())
        if kind is None:
            raise QueryError(f"type:{node.value} à la colonne {node.col} : type d’entité inconnu "
                             "(utilisez personne, organisation, lieu, pays, région ou autre)")
        return Query.term_query(self.schema, "etype", kind)

    def filter_topic(self, node: Filter) -> Query:
        value = node.value.strip()
        if _TOPIC_ID.match(value.lower()):
            return Query.term_query(self.schema, "topic", value.lower())
        labels = self.topic_labels()
        wanted = fold(value)
        exact = [i for i, label in labels.items() if fold(label) == wanted]
        partial = [i for i, label in labels.items() if wanted in _label_parts(label)]
        found = exact or partial
        if len(found) != 1:
            known = ", ".join(sorted(set(labels.values()))) or "aucun indexé pour l’instant"
            problem = "ambigu" if found else "inconnu"
            raise QueryError(f"topic:{value} à la colonne {node.col} : thème {problem} "
                             f"(thèmes connus : {known} ; ou un identifiant comme medtop:11000000)")
        return Query.term_query(self.schema, "topic", found[0])

    def topic_labels(self) -> dict[str, str]:
        """Topic id → label, as indexed (the annotation carries each topic's French label)."""
        labels: dict[str, str] = {}
        for term, _ in self.searcher.terms_with_prefix("label", "medtop:", limit=1000):
            topic_id, _, label = term.partition("|")
            labels.setdefault(topic_id, label)
        return labels

    def filter_source(self, node: Filter) -> Query:
        return Query.term_query(self.schema, "source_key", slug(node.value))

    def filter_lang(self, node: Filter) -> Query:
        value = node.value.strip().lower()
        if not _LANG.match(value):
            raise QueryError(f"lang:{node.value} à la colonne {node.col} : utilisez un code de langue "
                             "comme fr, en ou ru")
        return Query.term_query(self.schema, "lang", value)

    def _terms(self, field_name: str, values: list[str]) -> Query:
        if len(values) == 1:
            return Query.term_query(self.schema, field_name, values[0])
        return Query.term_set_query(self.schema, field_name, values)


def _filter(query: Query) -> Query:
    """Filters decide what matches, never how it ranks."""
    return Query.const_score_query(query, 0.0)


def _label_parts(label: str) -> set[str]:
    """'criminalité, droit et justice' → {'criminalite', 'droit', 'justice', …} (folded)."""
    folded = fold(label)
    parts = {p.strip() for p in re.split(r",| et | and ", folded) if p.strip()}
    return parts | {folded.split(",")[0].strip()}
