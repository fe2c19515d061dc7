"""Hand-annotated articles for the agenda and timeline tests: no spaCy, offsets found in the text."""

from __future__ import annotations

from typing import Any

from steppe.model import Annotation, Article, CountryRef, DateRef, Entity, Mention
from steppe.stories import cluster_new

ENTITIES = {
    "kg": ("country:KG", "Kirghizstan", "country", "KG"),
    "kz": ("country:KZ", "Kazakhstan", "country", "KZ"),
    "kenesh": ("org:jogorku-kenesh", "Jogorku Kenesh", "organization", "KG"),
    "tokaiev": ("person:kassym-jomart-tokaiev", "Kassym-Jomart Tokaïev", "person", "KZ"),
}


def spans(article: Article, surface: str) -> list[tuple[str, int, int]]:
    out = []
    for name in ("title", "text"):
        text = article.field_text(name)
        start = text.find(surface)
        while start >= 0:
            out.append((name, start, start + len(surface)))
            start = text.find(surface, start + 1)
    return out


def make(aid: str, title: str, text: str, published: str | None = None, source: str = "Akipress",
         dates: list[tuple[str, str]] = (), names: dict[str, str] | None = None,
         ingested: str = "2026-01-10T08:00:00+00:00") -> tuple[Article, Annotation]:
    """An article and its annotation: every occurrence of each date text and entity surface."""
    article = Article(id=aid, title=title, text=text, published=published, source=source,
                      lang="fr", ingested_at=ingested)
    refs, taken = [], set()
    for surface, value in sorted(dates, key=lambda d: -len(d[0])):   # "mars 2026" before "2026"
        gran = {4: "year", 7: "month"}.get(len(value), "day")
        for f, s, e in spans(article, surface):
            if not any((f, i) in taken for i in range(s, e)):
                refs.append(DateRef(f, s, e, surface, value, gran))
                taken.update((f, i) for i in range(s, e))
    entities, counts = [], {}
    for key, surface in (names or {}).items():
        eid, name, etype, country = ENTITIES[key]
        mentions = [Mention(f, s, e, surface) for f, s, e in spans(article, surface)]
        entities.append(Entity(eid, name, etype, country, mentions))
        if country:
            counts[country] = counts.get(country, 0) + len(mentions)
    countries = [CountryRef(c, ENTITIES[c.lower()][1], n) for c, n in counts.items()]
    ann = Annotation(id=aid, lang="fr", title=title, text=text, published=published,
                     entities=entities, countries=countries, dates=refs)
    return article, ann


def fill(store: Any, pairs: list[tuple[Article, Annotation]]) -> None:
    """Store the articles and cluster them into stories, as ingestion does."""
    with store.transaction():
        for article, ann in pairs:
            store.put_article(article, ann)
    cluster_new(store)


KENESH = make(
    "kg-dissolution", "Kirghizstan : les élections anticipées fixées au 30 novembre 2025",
    "Le parlement du Kirghizstan a pris ce 25 septembre 2025 une décision sans précédent. "
    "Les députés ont choisi d'organiser des élections anticipées, désormais fixées au "
    "30 novembre 2025.",
    dates=[("25 septembre 2025", "2025-09-25"), ("30 novembre 2025", "2025-11-30")],
    names={"kg": "Kirghizstan", "kenesh": "parlement du Kirghizstan"})
SUMMIT = make(
    "kz-summit", "Astana accueillera le sommet en 2026",
    "Kassym-Jomart Tokaïev a confirmé que le sommet se tiendra en mars 2026 au Kazakhstan. "
    "Les travaux commencent en 2026.",
    published="2025-10-02", source="Kazinform",
    dates=[("mars 2026", "2026-03"), ("2026", "2026")],
    names={"tokaiev": "Kassym-Jomart Tokaïev", "kz": "Kazakhstan"})
DATELINE = make(
    "kz-dateline", "Kazakhstan : 30 ans de Constitution",
    "Le 30 août 2025, le Kazakhstan célèbre sa Constitution. Une réforme suivra le "
    "1er janvier 2026.",
    dates=[("30 août 2025", "2025-08-30"), ("1er janvier 2026", "2026-01-01")],
    names={"kz": "Kazakhstan"})
NEARBY = make(
    "kz-nearby", "Un forum à Almaty",
    "Réunis le 3 octobre 2025, les ministres ont fixé le forum au 12 décembre 2025. "
    "L'OCS s'est réunie du 31 août au 1er septembre 2025.",
    dates=[("3 octobre 2025", "2025-10-03"), ("12 décembre 2025", "2025-12-12"),
           ("31 août", "2025-08-31"), ("1er septembre 2025", "2025-09-01")],
    names={})
UNSAID = make(
    "kg-unsaid", "Bichkek : une échéance",
    "Une échéance est fixée au 15 février 2027 <script>alert(1)</script> & co.",
    dates=[("15 février 2027", "2027-02-15")])
ALL = [KENESH, SUMMIT, DATELINE, NEARBY, UNSAID]
