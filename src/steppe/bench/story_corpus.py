"""Story-structured synthetic articles for ``steppe bench stories``.

``StoryCorpus`` arranges articles into events told by several outlets, in publication order:
the same entities, date, figure and made-up names in different words and languages, which is
what story clustering must group. It draws its entities, aliases and text pieces from
``bench.synthetic`` (one vocabulary for every benchmark corpus).
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Iterator

from steppe.bench.synthetic import (SOURCES, SynthEntity, SyntheticCorpus, _alias, _TextBuilder)
from steppe.kb import KnowledgeBase
from steppe.model import Amount, Annotation, Article, DateRef, Percent, Topic

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
VAGUE = {"money": {"fr": "plusieurs millions", "en": "several million",
                   "ru": "несколько миллионов"},
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
        annotation.topics = [Topic(id=KINDS[event.kind][0], label=self._topic_label(event),
                                   score=0.9)]
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
