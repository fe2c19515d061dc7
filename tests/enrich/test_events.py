"""Events (issue 15): who did what to whom, read from French text, and bounded on bad input."""

from __future__ import annotations

import pytest

from steppe.enrich.doc_state import join_fields, state
from steppe.enrich.events.candidates import MAX_ACTORS, MAX_SENTENCES
from steppe.enrich.pipeline import Enricher
from steppe.model import Article


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(events=True)


def events(enricher: Enricher, text: str, title: str | None = None, lang: str = "fr",
           published: str | None = "2025-06-02"):
    article = Article(id="t", title=title, text=text, lang=lang, published=published)
    return next(iter(enricher.annotate_many([article]))).events


def sides(event) -> tuple[str, tuple[str, ...], tuple[str, ...], str]:
    show = lambda xs: tuple(sorted({a.country or a.name for a in xs}))  # noqa: E731
    return event.type, show(event.source), show(event.recipient), event.status


def test_a_visit_goes_from_the_guest_to_the_host(enricher):
    found = events(enricher, "Le président Kassym-Jomart Tokaïev a reçu jeudi à Astana le "
                             "président français Emmanuel Macron.")
    assert [sides(e) for e in found] == [("CONSULT", ("FR",), ("KZ",), "occurred")]
    assert found[0].mode == "visit" and found[0].date_from == "published"


def test_tariffs_a_denial_and_a_future_closure(enricher):
    found = events(enricher, "Les États-Unis ont imposé des droits de douane de 25 % au "
                             "Kazakhstan. La Lituanie fermera son centre de visas au Tadjikistan "
                             "le 31 juillet 2025.")
    got = {sides(e) for e in found}
    assert ("SANCTION", ("US",), ("KZ",), "occurred") in got
    assert ("SANCTION", ("LT",), ("TJ",), "announced") in got
    closing = next(e for e in found if e.source[0].country == "LT")
    assert closing.date == "2025-07-31" and closing.date_from == "text"


def test_negated_and_hypothetical_acts(enricher):
    assert events(enricher, "Le président ouzbek n’a pas rencontré son homologue russe.") == []
    found = events(enricher, "Donald Trump pourrait se rendre au Kazakhstan à l’automne.")
    assert [sides(e) for e in found] == [("CONSULT", ("US",), ("KZ",), "hypothetical")]


def test_coordinated_capitals_condemn_together(enricher):
    found = events(enricher, "À l’ONU, Tachkent et Astana condamnent la répression exercée par "
                             "les talibans en Afghanistan.")
    assert ("ACCUSE", ("KZ", "UZ"), ("AF",), "occurred") in {sides(e) for e in found}


def test_english_russian_and_verbless_text_give_no_events(enricher):
    assert events(enricher, "Kazakhstan and China signed an agreement in Astana.", lang="en") == []
    assert events(enricher, "Казахстан и Китай подписали соглашение в Астане.", lang="ru") == []
    assert events(enricher, "Kazakhstan, Ouzbékistan, Chine, Russie, Turquie, Iran.") == []


def test_twenty_coordinated_actors_are_bounded(enricher):
    names = ["le Kazakhstan", "l’Ouzbékistan", "le Kirghizstan", "le Tadjikistan",
             "le Turkménistan", "la Chine", "la Russie", "la Turquie", "l’Iran", "l’Inde",
             "le Pakistan", "l’Azerbaïdjan", "la Géorgie", "l’Arménie", "la Mongolie",
             "le Japon", "la Corée du Sud", "l’Allemagne", "la France", "l’Italie"]
    text = ", ".join(names[:-1]) + " et " + names[-1] + " ont signé un accord sur le climat."
    found = events(enricher, text)
    assert all(len(e.source) <= MAX_ACTORS for e in found)


def test_a_long_article_parses_a_bounded_number_of_sentences(enricher):
    sentence = "Le Kazakhstan a signé un accord avec la Chine. "
    text = sentence * 20_000  # about 1 MB
    article = Article(id="big", title=None, text=text, lang="fr", published="2025-06-02")
    doc = next(iter(enricher.nlp.pipe([join_fields(None, article.text[:200_000])[0]])))
    total, parsed = state(doc)["event_sentences"]
    assert total > MAX_SENTENCES and parsed <= MAX_SENTENCES
    assert len(state(doc)["events"]) == 1  # one event per (type, source, recipient)


def test_the_default_pipeline_runs_events():
    assert "steppe_events" in Enricher().nlp.pipe_names
    assert "steppe_events" not in Enricher(events=False).nlp.pipe_names


def test_an_announced_event_takes_its_planned_date(enricher):
    text = ("Le 3 mars 2026, le Kremlin a annoncé que Vladimir Poutine se rendra au Kazakhstan "
            "le 15 avril 2026.")
    assert [(e.type, e.status, e.date) for e in events(enricher, text, published="2026-03-05")] \
        == [("CONSULT", "announced", "2026-04-15")]
    assert events(enricher, text, published=None)[0].date == "2026-04-15"
    done = events(enricher, "Le 2 juin 2025, les États-Unis ont imposé des droits de douane au "
                            "Kazakhstan, puis le 5 juin 2025 à l'Ouzbékistan.", published="2025-06-03")
    assert done[0].date == "2025-06-02"


def test_numpy_products_parse_as_blis_does():
    # the events parser multiplies with numpy's BLAS instead of blis (parsing.py): the parse
    # must be the same, arc for arc, on sentences of every kind of event
    from steppe.enrich.events.parsing import parser_nlp

    sentences = [
        "Le président Kassym-Jomart Tokaïev a reçu jeudi à Astana le président français Emmanuel Macron.",
        "Les États-Unis ont imposé des droits de douane de 25 % au Kazakhstan.",
        "Le ministère tadjik des Affaires étrangères a remis une note de protestation à l’ambassadeur de Russie.",
        "Des gardes-frontières kirghiz et tadjiks ont échangé des tirs mercredi soir près du village d’Ak-Say.",
        "Pékin pourrait accorder un prêt de 500 millions de dollars au Kirghizstan, selon le ministère.",
        "La Lituanie fermera son centre de visas au Tadjikistan le 31 juillet 2025.",
    ]
    fast = list(parser_nlp().pipe(sentences))
    stock = list(parser_nlp(fast_gemm=False).pipe(sentences))
    assert [[(t.pos_, t.dep_, t.head.i, str(t.morph)) for t in d] for d in fast] == \
        [[(t.pos_, t.dep_, t.head.i, str(t.morph)) for t in d] for d in stock]
