"""A small hand-made annotated corpus for index and search tests: every case the query
language must handle has an article that shows it (accents, aliases, linked mentions, dates,
sources, HTML in a title, an undated article without annotation, a page-able series)."""

from __future__ import annotations

from pathlib import Path

from steppe.model import Annotation, Article, CountryRef, Entity, Mention, Topic
from steppe.store import Store, open_store

POLITICS = ("medtop:11000000", "politique")
ECONOMY = ("medtop:04000000", "économie, affaires et finances")
TOKAIEV = ("person:kassym-jomart-tokaiev", "Kassym-Jomart Tokaïev", "person", "KZ")
BICHKEK = ("place:bichkek", "Bichkek", "place", "KG")
TACHKENT = ("place:tachkent", "Tachkent", "place", "UZ")
SERIES = 25          # articles "coton" c00…c24, one a month from 2021-01


def pair(article_id: str, title: str | None, text: str, published: str | None,
         source: str | None = "Le Courrier des steppes", lang: str | None = "fr",
         entities: tuple = (), countries: tuple = (), topics: tuple = (),
         annotated: bool = True) -> tuple[Article, Annotation | None]:
    article = Article(id=article_id, title=title, text=text, published=published, source=source,
                      lang=lang)
    if not annotated:
        return article, None
    found = []
    for entity_id, name, kind, country, surface in entities:
        start = text.find(surface)
        mentions = [Mention("text", start, start + len(surface), surface)] if start >= 0 else []
        found.append(Entity(id=entity_id, name=name, type=kind, country=country, mentions=mentions))
    annotation = Annotation(
        id=article_id, lang=lang, title=title, text=text, published=published,
        countries=[CountryRef(code=c, name=c) for c in countries], entities=found,
        topics=[Topic(id=i, label=label, score=0.8) for i, label in topics])
    return article, annotation


def articles() -> list[tuple[Article, Annotation | None]]:
    out = [
        pair("a1", "Tokaïev réélu : les élections au Kazakhstan",
             "Le président Kassym-Jomart Tokaïev a remporté l'élection présidentielle anticipée "
             "avec 81 % des voix, selon la Commission électorale centrale.",
             "2025-06-10", entities=(TOKAIEV + ("Kassym-Jomart Tokaïev",),),
             countries=("KZ",), topics=(POLITICS,)),
        pair("a2", "Sommet régional à Bichkek",
             "Les dirigeants d'Asie centrale se sont réunis à Bichkek pour un sommet consacré "
             "à l'eau et à l'énergie.",
             "2025-07-02", source="Carnets d’Asie centrale",
             entities=(BICHKEK + ("Bichkek",),), countries=("KG",), topics=(POLITICS,)),
        pair("a3", "Un décret sur les investissements étrangers",
             "Le chef de l'État kazakh a signé un décret qui simplifie les investissements "
             "étrangers dans les mines.",
             "2024-12-01", entities=(TOKAIEV + ("chef de l'État kazakh",),),
             countries=("KZ",), topics=(ECONOMY,)),
        pair("a4", "<script>alert(1)</script> Gaz ouzbek vers la Chine",
             "Les exportations de gaz <b>vers</b> la Chine ont doublé, selon Tachkent & Pékin.",
             "2023-03-05", source="Route de la soie Hebdo",
             entities=(TACHKENT + ("Tachkent",),), countries=("UZ", "CN"), topics=(ECONOMY,)),
        pair("a5", "Coupures d'électricité à Tachkent",
             "Le réseau électrique ouzbek a cédé : des coupures d'électricité ont touché la "
             "capitale pendant trois jours.",
             "2022-01-15", entities=(TACHKENT + ("Tachkent",),), countries=("UZ",),
             topics=(ECONOMY,)),
        pair("a6", "Elections in Kyrgyzstan",
             "The electoral commission in Bishkek confirmed the results of the vote.",
             "2025-08-20", source="Steppe Wire", lang="en",
             entities=(BICHKEK + ("Bishkek",),), countries=("KG",), topics=(POLITICS,)),
        pair("a7", None, "Une note sans date ni annotation sur le coton et la laine.",
             None, source=None, annotated=False),
    ]
    for i in range(SERIES):
        year, month = 2021 + i // 12, i % 12 + 1
        extra = " Le manque d'irrigation inquiète." if i % 2 == 0 else ""
        out.append(pair(f"c{i:02d}", f"Rapport numéro {i} sur le coton",
                        f"La récolte de coton du mois progresse.{extra}",
                        f"{year}-{month:02d}-15", source="Bulletin agricole",
                        countries=("UZ",), topics=(ECONOMY,)))
    return out


def build_store(path: Path, items: list | None = None) -> Store:
    store = open_store(str(path))
    with store.transaction():
        for article, annotation in items if items is not None else articles():
            store.put_article(article, annotation)
    return store
