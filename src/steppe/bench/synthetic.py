"""A deterministic synthetic news corpus for search benchmarks: pre-annotated, no spaCy.

Words follow a Zipf–Mandelbrot law over a French vocabulary: the words of the bundled demo
corpus, most frequent first, then a long tail of made-up French-looking words (so rare words
stay rare at a million articles). Each article names a few knowledge-base entities, Central
Asian ones far more often, sometimes under another alias (Tokayev for Tokaïev, Bishkek for
Bichkek), and carries the annotation the enrichment would give it: entities with their
mentions, countries, one or two IPTC topics. Dates spread over ten years, denser lately.

Article ``i`` depends only on (seed, i), so any article can be regenerated on its own (and on
the demo corpus, whose words make the vocabulary: editing it changes every article).
``bench.story_corpus`` builds the story benchmark's corpus on top of this one.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib.resources import files
from typing import Any, Callable, Iterator

from steppe.kb import KnowledgeBase, fold, load_kb
from steppe.kb.loader import KBEntity
from steppe.model import Annotation, Article, CountryRef, Entity, Mention, Topic

VOCABULARY = 50_000
ZIPF_S = 1.0
ZIPF_Q = 2.7
CENTRAL_ASIA = {"KZ", "KG", "UZ", "TJ", "TM"}
FIRST_DAY = 736_330          # 2016-01-01 as a proleptic ordinal
DAYS = 3_653                 # ten years, to 2025-12-31
# the entities the region's news names most, most named first; the rest of the KB follows
HEAD = ("country:KZ", "country:UZ", "person:kassym-jomart-tokaiev", "country:KG", "place:astana",
        "person:chavkat-mirzioiev", "country:TJ", "place:tachkent", "country:RU", "place:bichkek",
        "person:sadyr-japarov", "country:CN", "place:almaty", "country:TM", "person:emomali-rahmon",
        "place:douchanbe", "person:vladimir-poutine", "place:achgabat", "place:samarcande",
        "person:xi-jinping")
SOURCES = (
    "Le Courrier des steppes", "Carnets d’Asie centrale", "Route de la soie Hebdo",
    "La Gazette de l’Altaï", "Écho de Samarcande", "Le Journal de la Caspienne",
    "Revue du Pamir", "Lettre de Boukhara", "Le Messager d’Almaty", "Dépêches du Ferghana",
    "Observatoire eurasien", "Le Veilleur de l’Aral", "Chronique de Douchanbé",
    "Le Petit Tachkentois", "Nouvelles d’Achgabat", "Le Fil d’Astana", "Bulletin de Bichkek",
    "Regards sur l’Oxus", "La Tribune des steppes", "Le Relais de Khiva",
)
_SYLLABLES = ("ba be bi bo ca ce ci co da de di do fa fe fi fo ga ge gi la le li lo ma me mi "
              "mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo "
              "bra cre dri fro gla pla pro tra vre chan mon ter vel sor gar bel pen").split()
_ENDINGS = ("ment", "tion", "ique", "eur", "age", "ette", "isme", "ance", "ier", "on", "é",
            "ée", "ais", "aux", "el", "ine", "oir", "ure", "ard", "eux")


@dataclass(frozen=True)
class SynthEntity:
    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]


class SyntheticCorpus:
    """``corpus.article(i)`` is the i-th (Article, Annotation) pair; ``iter(n)`` the first n."""

    def __init__(self, seed: int = 1, kb: KnowledgeBase | None = None) -> None:
        self.seed = seed
        self.kb = kb or load_kb()

    # -- vocabulary and weights (built once) ------------------------------------------------
    @cached_property
    def words(self) -> list[str]:
        """Real French words by frequency, then made-up ones; KB names left to the entities."""
        names = {fold(n) for e in self.kb for n in e.all_names()}
        real = [w for w in _demo_words() if fold(w) not in names]
        rng = random.Random(self.seed * 7919)
        seen = set(real)
        tail: list[str] = []
        while len(real) + len(tail) < VOCABULARY:
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3)))
            word += rng.choice(_ENDINGS)
            if word not in seen:
                seen.add(word)
                tail.append(word)
        return real + tail

    @cached_property
    def _word_cum(self) -> list[float]:
        return list(itertools.accumulate(1.0 / (r + ZIPF_Q) ** ZIPF_S for r in range(1, len(self.words) + 1)))

    @cached_property
    def entities(self) -> list[SynthEntity]:
        """KB entities by popularity: the usual heads, Central Asian ones, then the rest."""
        rng = random.Random(self.seed * 104_729)
        head = [e for e in (self.kb.get(i) for i in HEAD) if e is not None]
        pool = [e for e in self.kb if e.type in ("person", "place", "organization", "country")
                and e.id not in HEAD]
        rng.shuffle(pool)
        pool.sort(key=lambda e: e.country not in CENTRAL_ASIA)
        return [_synth(e) for e in head + pool]

    @cached_property
    def _entity_cum(self) -> list[float]:
        return list(itertools.accumulate(1.0 / (r + 1.5) ** 1.1 for r in range(len(self.entities))))

    @cached_property
    def topics(self) -> list[tuple[str, str]]:
        data = json.loads(files("steppe.enrich.resources").joinpath("topics.json").read_text("utf-8"))
        return [(t["id"], t["label"]["fr"]) for t in data["topics"]]

    @cached_property
    def _topic_weights(self) -> list[float]:
        # politics and economy dominate the region's news; the rest share what is left
        heavy = {"medtop:11000000": 30.0, "medtop:04000000": 25.0, "medtop:16000000": 8.0}
        return [heavy.get(topic_id, 3.0) for topic_id, _ in self.topics]

    # -- articles ---------------------------------------------------------------------------
    def iter(self, n: int, start: int = 0) -> Iterator[tuple[Article, Annotation]]:
        for i in range(start, start + n):
            yield self.article(i)

    def article(self, i: int) -> tuple[Article, Annotation]:
        rng = random.Random(self.seed * 1_000_003 + i)
        chosen = self._pick_entities(rng)
        builder = _TextBuilder()
        self._title(rng, chosen, builder)
        title, title_mentions = builder.finish()
        for sentence in range(rng.randint(8, 16)):
            self._sentence(rng, [e for e in chosen if rng.random() < 0.3] or chosen[:sentence == 0], builder)
        text, text_mentions = builder.finish()
        published = _date(rng)
        article = Article(id=f"syn{self.seed}-{i:08d}", title=title, text=text, published=published,
                          source=SOURCES[min(int(rng.paretovariate(1.2)) - 1, len(SOURCES) - 1)],
                          lang="fr", ingested_at="2026-01-01T00:00:00+00:00")
        return article, self._annotation(article, rng, chosen, title_mentions + text_mentions)

    def _pick_entities(self, rng: random.Random) -> list[SynthEntity]:
        count = rng.choice((1, 2, 2, 3, 3, 4, 5))
        total = self._entity_cum[-1]
        picked = {bisect.bisect(self._entity_cum, rng.random() * total) for _ in range(count)}
        return [self.entities[min(p, len(self.entities) - 1)] for p in sorted(picked)]

    def _words(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self._word_cum, k=k)

    def _title(self, rng: random.Random, chosen: list[SynthEntity], builder: "_TextBuilder") -> None:
        words = self._words(rng, rng.randint(6, 11))
        builder.add(words[0].capitalize())
        if chosen:
            builder.mention(chosen[0], _alias(rng, chosen[0]))
        builder.add(" ".join(words[1:]))

    def _sentence(self, rng: random.Random, chosen: list[SynthEntity], builder: "_TextBuilder") -> None:
        words = self._words(rng, rng.randint(8, 24))
        cut = rng.randint(1, len(words) - 1)
        builder.add(words[0].capitalize() + (" " + " ".join(words[1:cut]) if cut > 1 else ""))
        for entity in chosen:
            builder.mention(entity, _alias(rng, entity))
        builder.add(" ".join(words[cut:]) + ".")

    def _annotation(self, article: Article, rng: random.Random, chosen: list[SynthEntity],
                    mentions: list[tuple[SynthEntity, Mention]]) -> Annotation:
        by_id: dict[str, Entity] = {}
        for entity, mention in mentions:
            target = by_id.setdefault(entity.id, Entity(id=entity.id, name=entity.name,
                                                        type=entity.type, country=entity.country))
            target.mentions.append(mention)
        countries: dict[str, int] = {}
        for entity in by_id.values():
            if entity.country:
                countries[entity.country] = countries.get(entity.country, 0) + len(entity.mentions)
        picks = list(dict.fromkeys(rng.choices(range(len(self.topics)), weights=self._topic_weights,
                                                k=rng.choice((1, 1, 2)))))
        topics = [Topic(id=self.topics[p][0], label=self.topics[p][1], score=round(0.9 - 0.3 * n, 2))
                  for n, p in enumerate(picks)]
        return Annotation(
            id=article.id, lang="fr", title=article.title, text=article.text,
            published=article.published,
            countries=[CountryRef(code=c, name=self.kb.country_name(c), count=n)
                       for c, n in sorted(countries.items(), key=lambda kv: -kv[1])],
            entities=list(by_id.values()), topics=topics)


class _TextBuilder:
    """Joins pieces with spaces and records the offsets of entity mentions."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.mentions: list[tuple[SynthEntity, Mention]] = []
        self.marks: list[Any] = []      # dates, amounts, percents (kept across fields)
        self.field = "title"

    def add(self, piece: str) -> None:
        if not piece:
            return
        if self.parts and piece[0] not in ",.;:":
            self.parts.append(" ")
            self.length += 1
        self.parts.append(piece)
        self.length += len(piece)

    def mention(self, entity: SynthEntity, surface: str) -> None:
        self.add(surface)
        start = self.length - len(surface)
        self.mentions.append((entity, Mention(field=self.field, start=start, end=self.length,
                                              text=surface)))

    def mark(self, surface: str, make: Callable[[str, int, int, str], Any]) -> None:
        """Add a date or figure and record it, built by ``make(field, start, end, text)``."""
        self.add(surface)
        self.marks.append(make(self.field, self.length - len(surface), self.length, surface))

    def finish(self) -> tuple[str, list[tuple[SynthEntity, Mention]]]:
        text, mentions = "".join(self.parts), self.mentions
        self.parts, self.length, self.mentions, self.field = [], 0, [], "text"
        return text, mentions


def _synth(entity: KBEntity) -> SynthEntity:
    latin = tuple(a for a in entity.aliases if not re.search(r"[\u0400-\u04FF]", a)) or (entity.name,)
    return SynthEntity(entity.id, entity.name, entity.type, entity.country, latin)


def _alias(rng: random.Random, entity: SynthEntity) -> str:
    """The canonical name most of the time, another spelling now and then."""
    return entity.name if rng.random() < 0.7 else rng.choice(entity.aliases[:6])


def _date(rng: random.Random) -> str:
    offset = int(DAYS * rng.random() ** 0.7)   # more articles in recent years
    return date.fromordinal(FIRST_DAY + min(offset, DAYS - 1)).isoformat()


def _demo_words() -> list[str]:
    counts: dict[str, int] = {}
    path = files("steppe.resources").joinpath("demo_corpus.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("lang", "fr") != "fr":  # the vocabulary stays French
                continue
            for word in re.findall(r"[^\W\d_]{2,}", f"{record.get('title') or ''} {record['text']}"):
                word = word.lower()
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))
