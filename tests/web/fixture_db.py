"""A small hand-written newsroom: eight annotated articles (no spaCy), one source, one
near-duplicate, and a title that tries to inject a script. Offsets are computed from the
texts, so the annotations always match them. The articles are clustered into stories as
ingestion would; ``STORY_SPECS`` adds follow-ups (other outlets, days and languages) for the
stories pages' own database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from steppe.index import rebuild
from steppe.model import (Amount, Annotation, Article, CountryRef, DateRef, Entity, Mention,
                          Provenance, Quote, Source, Topic)
from steppe.store import open_store
from steppe.stories import cluster_new

ENTITIES = {
    "tokaiev": ("person:kassym-jomart-tokaiev", "Kassym-Jomart Tokaïev", "person", "KZ"),
    "mirzioiev": ("person:chavkat-mirzioiev", "Chavkat Mirzioïev", "person", "UZ"),
    "japarov": ("person:sadyr-japarov", "Sadyr Japarov", "person", "KG"),
    "rahmon": ("person:emomali-rahmon", "Emomali Rahmon", "person", "TJ"),
    "bnk": ("org:banque-nationale-du-kazakhstan", "Banque nationale du Kazakhstan", "organization", "KZ"),
    "gazprom": ("org:gazprom", "Gazprom", "organization", "RU"),
    "astana": ("place:astana", "Astana", "place", "KZ"),
    "tachkent": ("place:tachkent", "Tachkent", "place", "UZ"),
    "rogoun": ("place:rogoun", "Rogoun", "place", "TJ"),
    "KZ": ("country:KZ", "Kazakhstan", "country", "KZ"),
    "UZ": ("country:UZ", "Ouzbékistan", "country", "UZ"),
    "KG": ("country:KG", "Kirghizstan", "country", "KG"),
    "TJ": ("country:TJ", "Tadjikistan", "country", "TJ"),
    "TM": ("country:TM", "Turkménistan", "country", "TM"),
    "RU": ("country:RU", "Russie", "country", "RU"),
    "asie": ("region:asie-centrale", "Asie centrale", "region", None),
    "inconnu": ("person:aigerim-seitkali", "Aïgerim Seitkali", "person", "KZ"),
}
TOPICS = {"politique": "medtop:11000000", "économie, affaires et finances": "medtop:04000000",
          "environnement": "medtop:06000000"}
XSS_TITLE = "<script>alert(1)</script> Astana : un titre piégé & <b>gras</b>"


@dataclass
class Spec:
    id: str
    title: str
    text: str
    published: str | None
    source: str
    names: dict[str, list[str]]                     # entity key → surface forms to find
    topics: list[str] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)        # (text, value)
    money: list[tuple[str, float, str]] = field(default_factory=list)  # (text, amount, currency)
    quotes: list[tuple[str, str]] = field(default_factory=list)       # (speaker key, quoted text)
    url: str | None = None
    lang: str = "fr"


SPECS = [
    Spec("kz-001", "Kazakhstan : Tokaïev annonce une réforme de la Banque nationale",
         "Le président Kassym-Jomart Tokaïev a annoncé le 4 mars 2025 à Astana une réforme de la "
         "Banque nationale du Kazakhstan, dotée de 5,9 milliards de tenges.\n\n"
         "« Nous devons protéger l'épargne des Kazakhstanais », a déclaré Tokaïev devant le "
         "gouvernement. La réforme entrera en vigueur le 1er juillet 2025.",
         "2025-03-04", "Le Courrier des steppes",
         {"tokaiev": ["Kassym-Jomart Tokaïev", "Tokaïev"], "bnk": ["Banque nationale du Kazakhstan"],
          "astana": ["Astana"], "KZ": ["Kazakhstan"]},
         topics=["économie, affaires et finances", "politique"],
         dates=[("4 mars 2025", "2025-03-04"), ("1er juillet 2025", "2025-07-01")],
         money=[("5,9 milliards de tenges", 5.9e9, "KZT")],
         quotes=[("tokaiev", "Nous devons protéger l'épargne des Kazakhstanais")],
         url="https://example.org/kz-001"),
    Spec("uz-001", "Ouzbékistan : Mirzioïev reçoit Tokaïev à Tachkent",
         "Chavkat Mirzioïev a reçu Kassym-Jomart Tokaïev à Tachkent pour parler d'eau et d'énergie "
         "en Asie centrale. « Tokaïev est un partenaire fiable », a dit Mirzioïev.",
         "2025-03-04", "Carnets d'Asie centrale",
         {"mirzioiev": ["Chavkat Mirzioïev", "Mirzioïev"], "tokaiev": ["Kassym-Jomart Tokaïev", "Tokaïev"],
          "tachkent": ["Tachkent"], "UZ": ["Ouzbékistan"], "asie": ["Asie centrale"]},
         topics=["politique"], quotes=[("mirzioiev", "Tokaïev est un partenaire fiable")]),
    Spec("kg-001", "Kirghizstan : Japarov inaugure une centrale solaire",
         "Le président Sadyr Japarov a inauguré une centrale solaire près de Bichkek, la plus grande "
         "du pays.", "2025-03-03", "Le Courrier des steppes",
         {"japarov": ["Sadyr Japarov", "Japarov"], "KG": ["Kirghizstan"]},
         topics=["environnement"]),
    Spec("xss-001", XSS_TITLE,
         "Ce texte contient <img src=x onerror=alert(2)> et des & esperluettes, à Astana.",
         "2025-02-20", "Source <i>piégée</i>", {"astana": ["Astana"]}, topics=["politique"],
         url="javascript:alert(3)"),
    Spec("tj-001", "Tadjikistan : Rahmon visite le chantier de Rogoun",
         "Emomali Rahmon a visité le barrage de Rogoun le 15 janvier 2025. Le Tadjikistan espère "
         "exporter son électricité.", "2025-01-15", "Le Courrier des steppes",
         {"rahmon": ["Emomali Rahmon"], "rogoun": ["Rogoun"], "TJ": ["Tadjikistan"]},
         topics=["économie, affaires et finances"], dates=[("15 janvier 2025", "2025-01-15")]),
    Spec("kz-002", "Tokaïev veut réformer la Banque nationale du Kazakhstan",
         "Kassym-Jomart Tokaïev a annoncé à Astana une réforme de la Banque nationale du "
         "Kazakhstan, dotée de 5,9 milliards de tenges.", "2025-03-05", "Carnets d'Asie centrale",
         {"tokaiev": ["Kassym-Jomart Tokaïev"], "bnk": ["Banque nationale du Kazakhstan"],
          "astana": ["Astana"]},
         topics=["économie, affaires et finances"], money=[("5,9 milliards de tenges", 5.9e9, "KZT")]),
    Spec("tm-001", "Turkménistan : Gazprom reprend ses achats de gaz",
         "Gazprom reprend ses achats de gaz au Turkménistan, selon Aïgerim Seitkali, analyste.",
         "2024-12-10", "Route de la soie Hebdo",
         {"gazprom": ["Gazprom"], "TM": ["Turkménistan"], "inconnu": ["Aïgerim Seitkali"]},
         topics=["économie, affaires et finances"]),
    Spec("nodate-001", "Asie centrale : un article sans date",
         "Un article sans date de publication sur l'Asie centrale.", None, "Route de la soie Hebdo",
         {"asie": ["Asie centrale"]}),
]


# Follow-ups of the Banque nationale story (another outlet the next day; Russian) and of the
# Rogoun visit (English): they join their stories by score, so each has a "why" to show.
STORY_SPECS = [
    Spec("kz-003", "Le gouvernement valide la réforme de la Banque nationale du Kazakhstan",
         "À Astana, le gouvernement a validé la réforme de la Banque nationale du Kazakhstan "
         "voulue par Kassym-Jomart Tokaïev, annoncée le 4 mars 2025 et dotée de 5,9 milliards de "
         "tenges. Elle entrera en vigueur le 1er juillet 2025.",
         "2025-03-06", "Kazinform",
         {"tokaiev": ["Kassym-Jomart Tokaïev"], "bnk": ["Banque nationale du Kazakhstan"],
          "astana": ["Astana"]},
         topics=["économie, affaires et finances"],
         dates=[("4 mars 2025", "2025-03-04"), ("1er juillet 2025", "2025-07-01")],
         money=[("5,9 milliards de tenges", 5.9e9, "KZT")]),
    Spec("kz-004", "Токаев объявил о реформе Национального банка Казахстана",
         "Касым-Жомарт Токаев 4 марта 2025 года объявил в Астане о реформе Национального банка "
         "Казахстана стоимостью 5,9 млрд тенге.",
         "2025-03-05", "Tengrinews",
         {"tokaiev": ["Касым-Жомарт Токаев", "Токаев"], "bnk": ["Национального банка Казахстана"],
          "astana": ["Астане"]},
         topics=["économie, affaires et finances"], dates=[("4 марта 2025", "2025-03-04")],
         money=[("5,9 млрд тенге", 5.9e9, "KZT")], lang="ru"),
    Spec("tj-002", "Tajikistan: Rahmon inspects the Rogun dam",
         "Emomali Rahmon inspected the Rogun dam on 15 January 2025; Tajikistan hopes to export "
         "its electricity.", "2025-01-16", "Asia-Plus",
         {"rahmon": ["Emomali Rahmon"], "rogoun": ["Rogun"], "TJ": ["Tajikistan"]},
         topics=["économie, affaires et finances"], dates=[("15 January 2025", "2025-01-15")],
         lang="en"),
]


def _mentions(article: Article, surfaces: list[str]) -> list[Mention]:
    found, taken = [], set()
    for field_name in ("title", "text"):
        text = article.field_text(field_name)
        for surface in sorted(surfaces, key=len, reverse=True):
            start = text.find(surface)
            while start >= 0:
                span = range(start, start + len(surface))
                end = start + len(surface)
                whole = (start == 0 or not text[start - 1].isalnum()) and \
                    (end == len(text) or not text[end].isalnum())
                if whole and not any(i in taken for i in ((field_name, j) for j in span)):
                    found.append(Mention(field_name, start, start + len(surface), surface))
                    taken.update((field_name, j) for j in span)
                start = text.find(surface, start + 1)
    return sorted(found, key=lambda m: (m.field != "title", m.start))


def build(spec: Spec) -> tuple[Article, Annotation]:
    article = Article(id=spec.id, title=spec.title, text=spec.text, published=spec.published,
                      source=spec.source, url=spec.url, lang=spec.lang,
                      ingested_at="2025-03-06T08:00:00+00:00")
    entities = []
    for key, surfaces in spec.names.items():
        eid, name, etype, country = ENTITIES[key]
        entities.append(Entity(eid, name, etype, country, _mentions(article, surfaces)))
    countries = {}
    for e in entities:
        if e.country and e.type in ("country", "place", "organization"):
            countries[e.country] = countries.get(e.country, 0) + len(e.mentions)
    names = {e.id: e.name for e in entities}
    ann = Annotation(
        id=spec.id, lang=spec.lang, title=spec.title, text=spec.text, published=spec.published,
        countries=[CountryRef(c, ENTITIES[c][1], n) for c, n in countries.items()],
        entities=entities,
        dates=[DateRef("text", spec.text.find(t), spec.text.find(t) + len(t), t, v,
                       "day" if len(v) == 10 else "month") for t, v in spec.dates],
        money=[Amount("text", spec.text.find(t), spec.text.find(t) + len(t), t, a, c)
               for t, a, c in spec.money],
        topics=[Topic(TOPICS[t], t, round(0.9 - 0.2 * i, 2)) for i, t in enumerate(spec.topics)],
        quotes=[Quote(names[ENTITIES[k][0]], ENTITIES[k][0], q, "text", spec.text.find(q),
                      spec.text.find(q) + len(q)) for k, q in spec.quotes])
    return article, ann


def build_fixture_db(url: str, index_dir: str | Path, extra: list[Spec] | None = None) -> str:
    """Fill the store at ``url`` (SQLite path or PostgreSQL URL), cluster its stories and build
    its index; ``extra`` articles are written after the eight of ``SPECS``."""
    store = open_store(url)
    try:
        with store.transaction():
            for spec in SPECS + (extra or []):
                store.put_article(*build(spec))
        store.put_provenance(Provenance("kz-002", canonical_url="https://example.net/kz-002",
                                        published_source="feed", near_duplicate_of="kz-001",
                                        similarity=0.86, author="A. Nurpeisova", content_from="page"))
        store.add_source(Source(name="courrier-steppes", url="https://example.org/feed.xml",
                                every_s=3600, lang="fr", created=1.0, next_due=1.0))
        cluster_new(store)
        rebuild(store, index_dir)
    finally:
        store.close()
    return url
