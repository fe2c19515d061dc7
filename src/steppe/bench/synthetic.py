"""A deterministic synthetic news corpus for search benchmarks: pre-annotated, no spaCy.

Words follow a Zipf–Mandelbrot law over a French vocabulary: the words of the bundled demo
corpus, most frequent first, then a long tail of made-up French-looking words (so rare words
stay rare at a million articles). Each article names a few knowledge-base entities, Central
Asian ones far more often, sometimes under another alias (Tokayev for Tokaïev, Bishkek for
Bichkek), and carries the annotation the enrichment would give it: entities with their
mentions, countries, one or two IPTC topics. Dates spread over ten years, denser lately.

Article ``i`` depends only on (seed, i), so any article can be regenerated on its own.
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
from steppe.model import (Amount, Annotation, Article, CountryRef, DateRef, Entity, Mention, Percent,
                          Topic)

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


# -- stories: the same event told by several outlets ------------------------------------------
STORY_FIRST_DAY = date(2023, 1, 2).toordinal()
ARTICLES_PER_DAY = 1_000     # a million articles: about 2.7 years of news
BLOCK = 256                  # articles planned together (a quarter of a day): their events
EVENT_SIZES = (1, 2, 3, 4, 5, 6, 7, 8)
EVENT_SIZE_WEIGHTS = (20, 20, 16, 13, 10, 8, 7, 6)
LANG_CUM = (("fr", 0.80), ("en", 0.92), ("ru", 1.0))
OUTLETS = {"fr": SOURCES, "en": ("Steppe Times", "Central Asia Wire", "Silk Road Monitor",
                                 "Eurasia Report", "Caspian Ledger", "Pamir Post"),
           "ru": ("Вести степи", "Азия-Пресс", "Ферганский курьер", "Новости Астаны",
                  "Ташкентский вестник")}
MONTHS = {"fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
                "décembre".split(),
          "en": "January February March April May June July August September October November "
                "December".split(),
          "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября "
                "декабря".split()}
CURRENCIES = {"USD": ("dollars", "dollars", "долларов"), "EUR": ("euros", "euros", "евро"),
              "KZT": ("tengués", "tenge", "тенге"), "UZS": ("soums", "soums", "сумов")}
VAGUE = {"money": {"fr": "plusieurs millions", "en": "several million", "ru": "несколько миллионов"},
         "percent": {"fr": "une part notable", "en": "a notable share", "ru": "заметную долю"}}
UNDATED = {"fr": "lendemain", "en": "yesterday", "ru": "вчера"}
FOLLOW = {"fr": "Selon {C}, le dossier {V} reste suivi de près.|{C} évoque aussi {V}.|"
                "Le cas {V} préoccupe {C}.|{C} n’a pas commenté le volet {V}.",
          "en": "According to {C}, the {V} file is being closely watched.|{C} also cited {V}.",
          "ru": "По словам {C}, ситуация вокруг {V} остаётся под контролем.|{C} упомянул {V}."}
FILLER = {"en": ("the of and to in a is that for on was with as by it from at said government "
                 "officials new year country region minister would also after more than its "
                 "which public plans local people week report market news support state "
                 "agency talks process according statement project development").split(),
          "ru": ("и в не на что с по как это из за от для о к при также после года страны "
                 "правительство министр заявил проект регион власти неделе рынок развитие "
                 "агентство переговоры источник решение работы будет более было").split()}
# one event kind: topic, figure kind, then per language "nouns", "titles", "leads" ("|" between)
KINDS = (
    ("medtop:04000000", "money", {
        "fr": ("accord|entente|protocole", "{A} signe un {K} {W} avec {B}|{K} {W} : {A} s’engage "
               "à {B}", "Le {D}, {A} a signé à {B} un {K} de {X} pour le projet {W}.|{A} a conclu "
               "{D} à {B} un {K} {W} évalué à {X}."),
        "en": ("deal|agreement", "{A} signs {W} {K} in {B}|{A} agrees {W} {K} with {B}",
               "On {D}, {A} signed a {X} {K} in {B} for the {W} project."),
        "ru": ("соглашение|договор", "{A} подписал {K} {W} в {B}",
               "{D} {A} подписал в {B} {K} по проекту {W} на сумму {X}.")}),
    ("medtop:11000000", "percent", {
        "fr": ("scrutin|élection|vote", "{A} remporte le {K} de {B}|{K} à {B} : victoire de {A}",
               "Le {D}, {A} a obtenu {X} des voix lors du {K} de {B}, selon la commission {W}.|"
               "Avec {X} des suffrages, {A} gagne le {K} organisé {D} à {B} ({W})."),
        "en": ("election|vote|ballot", "{A} wins {B} {K}|{A} claims victory in {B} {K}",
               "On {D}, {A} won {X} of the vote in the {B} {K}, the {W} commission said."),
        "ru": ("выборы|голосование", "{A} побеждает на выборах в {B}",
               "{D} {A} набрал {X} голосов на выборах в {B}, сообщила комиссия {W}.")}),
    ("medtop:03000000", "money", {
        "fr": ("crue|inondation|coulée de boue", "{K} meurtrière à {B}|{B} : la {K} {W} "
               "inquiète {A}", "Le {D}, une {K} a frappé {B} ; {A} évalue les dégâts du secteur "
               "{W} à {X}.|{A} chiffre à {X} les dégâts de la {K} survenue {D} à {B} ({W})."),
        "en": ("flood|flooding|mudslide", "Deadly {K} hits {B}|{A} counts {W} {K} damage in {B}",
               "On {D}, a {K} struck {B}; {A} puts the damage in the {W} area at {X}."),
        "ru": ("наводнение|паводок", "{K} в {B}: {A} оценивает ущерб",
               "{D} {K} обрушилось на {B}; {A} оценивает ущерб в районе {W} в {X}.")}),
    ("medtop:04000000", "percent", {
        "fr": ("inflation|hausse des prix", "{B} : {A} annonce une {K} de {X}|{K} {W} : {A} "
               "s’inquiète", "Le {D}, {A} a annoncé une {K} de {X} à {B}, tirée par le secteur "
               "{W}.|{A} fait état {D} d’une {K} de {X} à {B} ({W})."),
        "en": ("inflation|price rise", "{A} reports {X} {K} in {B}|{W} drives {K} in {B}",
               "On {D}, {A} reported {K} of {X} in {B}, driven by the {W} sector."),
        "ru": ("инфляция|рост цен", "{A}: {K} в {B} составила {X}",
               "{D} {A} сообщил, что {K} в {B} достигла {X} из-за сектора {W}.")}),
    ("medtop:02000000", None, {
        "fr": ("arrestation|interpellation|mise en examen", "{K} de {A} à {B}|Affaire {W} : {K} "
               "de {A}", "Le {D}, {A} a été visé par une {K} à {B} dans l’affaire {W}.|L’affaire "
               "{W} a conduit {D} à la {K} de {A} à {B}."),
        "en": ("arrest|detention", "{A} {K} in {B}|{W} case: {K} of {A}",
               "On {D}, {A} faced {K} in {B} over the {W} case."),
        "ru": ("арест|задержание", "{K} {A} в {B}: дело {W}",
               "{D} в {B} произошло {K} {A} по делу {W}.")}),
    ("medtop:11000000", None, {
        "fr": ("sommet|réunion|conférence", "{A} au {K} de {B}|{K} {W} : {A} à {B}",
               "Le {D}, {A} a ouvert à {B} le {K} {W} consacré à la coopération régionale.|"
               "{A} participe {D} au {K} {W} de {B}."),
        "en": ("summit|meeting|conference", "{A} attends {B} {K}|{W} {K}: {A} in {B}",
               "On {D}, {A} opened the {W} {K} in {B} on regional cooperation."),
        "ru": ("саммит|встреча", "{A} на {K} в {B}",
               "{D} {A} открыл в {B} {K} {W} по региональному сотрудничеству.")}),
    ("medtop:04000000", "money", {
        "fr": ("gazoduc|pipeline|chantier gazier", "{A} lance le {K} {W} à {B}|{K} {W} : "
               "{X} pour {A}", "Le {D}, {A} a lancé à {B} le {K} {W}, un investissement de "
               "{X}.|{A} consacre {X} au {K} {W} inauguré {D} à {B}."),
        "en": ("pipeline|gas project", "{A} launches {W} {K} in {B}|{X} for {W} {K}",
               "On {D}, {A} launched the {W} {K} in {B}, a {X} investment."),
        "ru": ("газопровод|трубопровод", "{A} запускает {K} {W} в {B}",
               "{D} {A} запустил в {B} {K} {W} стоимостью {X}.")}),
    ("medtop:09000000", "percent", {
        "fr": ("grève|débrayage|mouvement social", "{K} à {B} : {A} sous pression|{K} {W} à {B}",
               "Le {D}, {X} des salariés du site {W} ont suivi la {K} à {B}, selon {A}.|Selon "
               "{A}, la {K} du site {W} a mobilisé {X} du personnel {D} à {B}."),
        "en": ("strike|walkout", "{K} at {B} {W} site|{A} faces {K} in {B}",
               "On {D}, {X} of workers at the {W} site joined the {K} in {B}, {A} said."),
        "ru": ("забастовка|стачка", "{K} в {B}: давление на {A}",
               "{D} {X} работников объекта {W} в {B} присоединились к забастовке, сообщил {A}.")}),
)


@dataclass(frozen=True)
class SynthEvent:
    """One event: what every outlet's report of it shares."""

    id: str
    kind: int
    day: int                      # proleptic ordinal of the day it happened
    actor: SynthEntity
    place: SynthEntity
    other: SynthEntity
    words: tuple[str, str]        # made-up names (a project, a site) every report repeats
    figure: tuple[float, str] | None
    size: int


class StoryCorpus:
    """Articles grouped into events, in publication order: ``article(i)`` is the i-th
    (Article, Annotation) pair, ``event_of(i)`` its event's id; both depend only on (seed, i).

    Each block of ``BLOCK`` consecutive articles holds whole events of 1–8 reports (outlets
    differ per report, as do wording, language — French mostly, some English and Russian —
    and publication day, up to three days after the event); blocks follow one another at
    ``ARTICLES_PER_DAY``, so a week always holds the same number of live stories.
    """

    def __init__(self, seed: int = 1, kb: KnowledgeBase | None = None) -> None:
        self.seed = seed
        self.base = SyntheticCorpus(seed, kb)
        self._plan: tuple[int, list[tuple[SynthEvent, int]]] = (-1, [])

    @cached_property
    def _pools(self) -> dict[str, tuple[list[SynthEntity], list[float]]]:
        out = {}
        for name, types in (("actor", ("person", "organization")), ("place", ("place",)),
                            ("other", ("person", "organization", "place"))):
            pool = [e for e in self.base.entities if e.type in types]
            out[name] = (pool, list(itertools.accumulate(1.0 / (r + 2) ** 0.9
                                                         for r in range(len(pool)))))
        return out

    @cached_property
    def _cyrillic(self) -> dict[str, str]:
        return {e.id: next((a for a in e.aliases if re.search(r"[\u0400-\u04FF]", a)), e.name)
                for e in self.base.kb}

    def iter(self, n: int, start: int = 0) -> Iterator[tuple[Article, Annotation]]:
        for i in range(start, start + n):
            yield self.article(i)

    def event_of(self, i: int) -> str:
        return self._block(i // BLOCK)[i % BLOCK][0].id

    def _block(self, b: int) -> list[tuple[SynthEvent, int]]:
        """(event, report number) for each article of block ``b``, shuffled."""
        if self._plan[0] != b:
            rng = random.Random(self.seed * 15_485_863 + b)
            slots: list[tuple[SynthEvent, int]] = []
            while len(slots) < BLOCK:
                size = rng.choices(EVENT_SIZES, weights=EVENT_SIZE_WEIGHTS)[0]
                event = self._event(rng, b, len(slots), size)
                slots += [(event, n) for n in range(size)]
            slots = slots[:BLOCK]
            rng.shuffle(slots)
            self._plan = (b, slots)
        return self._plan[1]

    def _event(self, rng: random.Random, b: int, first: int, size: int) -> SynthEvent:
        kind = rng.randrange(len(KINDS))
        figure_kind = KINDS[kind][1]
        figure = None
        if figure_kind == "money":
            figure = (float(rng.randint(2, 950) * 1_000_000), rng.choice(tuple(CURRENCIES)))
        elif figure_kind == "percent":
            figure = (round(rng.uniform(1, 90), 1), "%")
        pick = lambda name: self._pick(rng, name)  # noqa: E731
        words = tuple(rng.choice(self.base.words[5_000:]).capitalize() for _ in range(2))
        day = STORY_FIRST_DAY + (b * BLOCK + first) // ARTICLES_PER_DAY - rng.choice((0, 0, 1, 2))
        return SynthEvent(f"ev{self.seed}-{b}-{first}", kind, day, pick("actor"), pick("place"),
                          pick("other"), words, figure, size)  # type: ignore[arg-type]

    def _pick(self, rng: random.Random, name: str) -> SynthEntity:
        pool, cum = self._pools[name]
        return pool[min(bisect.bisect(cum, rng.random() * cum[-1]), len(pool) - 1)]

    # -- one report --------------------------------------------------------------------------
    def article(self, i: int) -> tuple[Article, Annotation]:
        event, report = self._block(i // BLOCK)[i % BLOCK]
        rng = random.Random(self.seed * 2_750_159 + i)
        draw = rng.random()
        lang = next(code for code, cum in LANG_CUM if draw < cum) if report else "fr"
        nouns, titles, leads = (part.split("|") for part in KINDS[event.kind][2][lang])
        slots = {"K": rng.choice(nouns), "W": event.words[0], "V": event.words[1]}
        builder = _TextBuilder()
        self._render(rng.choice(titles), slots, event, lang, rng, builder)
        title, title_mentions = builder.finish()
        title = title[:1].upper() + title[1:]
        for _, mention in title_mentions:
            mention.text = title[mention.start:mention.end]
        self._render(rng.choice(leads), slots, event, lang, rng, builder)
        if rng.random() < 0.7:
            self._render(rng.choice(FOLLOW[lang].split("|")), slots, event, lang, rng, builder)
        background = [e for e in self.base._pick_entities(rng)[:1] if rng.random() < 0.4]
        for n in range(rng.randint(6, 12)):
            if lang == "fr":
                self.base._sentence(rng, background if n == 2 else [], builder)
            else:
                words = rng.choices(FILLER[lang], k=rng.randint(8, 18))
                builder.add(" ".join([words[0].capitalize()] + words[1:]) + ".")
        text, text_mentions = builder.finish()
        published = date.fromordinal(event.day + rng.choice((0, 0, 0, 1, 1, 2, 3)))
        outlets = OUTLETS[lang]
        source = outlets[(report + sum(map(ord, event.id))) % len(outlets)]
        article = Article(id=f"sty{self.seed}-{i:08d}", title=title, text=text,
                          published=published.isoformat(), source=source, lang=lang,
                          ingested_at="2026-01-01T00:00:00+00:00")
        annotation = self.base._annotation(article, rng, [], title_mentions + text_mentions)
        annotation.lang = lang
        annotation.topics = [Topic(id=KINDS[event.kind][0], label=self._topic_label(event), score=0.9)]
        annotation.dates = [m for m in builder.marks if isinstance(m, DateRef)]
        annotation.money = [m for m in builder.marks if isinstance(m, Amount)]
        annotation.percents = [m for m in builder.marks if isinstance(m, Percent)]
        return article, annotation

    def _topic_label(self, event: SynthEvent) -> str:
        return dict(self.base.topics).get(KINDS[event.kind][0], "")

    def _render(self, template: str, slots: dict[str, str], event: SynthEvent, lang: str,
                rng: random.Random, builder: _TextBuilder) -> None:
        """Fill a template: entities as mentions, the date and the figure as marks."""
        entities = {"A": event.actor, "B": event.place, "C": event.other}
        for piece in re.split(r"(\{[A-Z]\})", template):
            name = piece[1:-1] if piece.startswith("{") else None
            if name in entities:
                entity = entities[name]
                surface = self._cyrillic[entity.id] if lang == "ru" else _alias(rng, entity)
                builder.mention(entity, surface)
            elif name == "D":
                self._date(event, lang, rng, builder)
            elif name == "X":
                self._figure(event, lang, rng, builder)
            else:
                builder.add(slots[name] if name else piece.strip())

    @staticmethod
    def _date(event: SynthEvent, lang: str, rng: random.Random, builder: _TextBuilder) -> None:
        if rng.random() < 0.25:
            builder.add(UNDATED[lang])
            return
        day = date.fromordinal(event.day)
        month = MONTHS[lang][day.month - 1]
        text = (f"{month} {day.day}, {day.year}" if lang == "en"
                else f"{day.day} {month} {day.year}")
        builder.mark(text, lambda f, s, e, t: DateRef(f, s, e, t, day.isoformat(), "day"))

    @staticmethod
    def _figure(event: SynthEvent, lang: str, rng: random.Random, builder: _TextBuilder) -> None:
        kind = KINDS[event.kind][1]
        if event.figure is None or rng.random() < 0.2:
            builder.add(VAGUE[kind or "money"][lang])
            return
        value, unit = event.figure
        if unit == "%":
            number = f"{value:g}" if lang == "en" else f"{value:g}".replace(".", ",")
            text = number + (" %" if lang == "fr" else "%")
            builder.mark(text, lambda f, s, e, t: Percent(f, s, e, t, value))
            return
        millions = int(value // 1_000_000)
        name = CURRENCIES[unit][("fr", "en", "ru").index(lang)]
        text = {"fr": f"{millions} millions de {name}", "en": f"{millions} million {name}",
                "ru": f"{millions} млн {name}"}[lang]
        builder.mark(text, lambda f, s, e, t: Amount(f, s, e, t, value, unit))
