"""Extractive summaries: sentences chosen whole for their support across a story's articles."""

from __future__ import annotations

from steppe.model import Annotation, Article, Entity, Mention
from steppe.reports.summarise import candidates, cosine, sentence_vector, summarise

LEAD_A = ("Le parlement du Kirghizstan a voté sa dissolution et fixé des élections anticipées "
          "au 30 novembre 2025.")
LEAD_B = ("Les députés kirghiz ont voté la dissolution du parlement ; les élections anticipées "
          "auront lieu le 30 novembre 2025.")
BACKGROUND = ("Le bâtiment du Jogorku Kenesh, construit à l'époque soviétique, a été rénové en "
              "2019 pour un coût resté confidentiel.")
SECOND = ("La commission électorale centrale doit publier le calendrier de la campagne et "
          "les règles d'enregistrement des candidats.")


def article(aid: str, text: str, lang: str = "fr", source: str = "A", truncated: bool = False,
            entities: list[Entity] | None = None) -> tuple[Article, Annotation]:
    a = Article(id=aid, text=text, title=f"Titre {aid}", source=source, lang=lang, truncated=truncated)
    return a, Annotation(id=aid, lang=lang, title=a.title, text=text, entities=entities or [])


def test_candidates_are_whole_sentences_that_can_stand_alone():
    a, ann = article("a", "Trop court. " + LEAD_A + " Et puis la suite sans point", truncated=True)
    found = candidates(a, ann)
    assert [c.text for c in found] == [LEAD_A]          # too short, cut-off end: left out
    c = found[0]
    assert a.text[c.start:c.end] == c.text and c.position == 1


def test_the_sentence_other_outlets_also_write_wins_over_a_long_background_one():
    pairs = [article("a", BACKGROUND + " " + LEAD_A, source="A"),
             article("b", LEAD_B + " " + SECOND, source="B"),
             article("c", LEAD_A.replace("Le parlement du Kirghizstan", "Le parlement kirghiz"),
                     source="C")]
    chosen = summarise(pairs)
    assert chosen[0].text in (LEAD_A, LEAD_B, pairs[2][0].text)
    assert BACKGROUND not in [c.text for c in chosen]
    assert all(c.support > 0 for c in chosen)
    for c in chosen:                                    # copied verbatim from its article
        text = {a.id: a.text for a, _ in pairs}[c.article_id]
        assert text[c.start:c.end] == c.text


def test_a_near_duplicate_is_never_the_second_sentence():
    pairs = [article("a", LEAD_A, source="A"), article("b", LEAD_A, source="B"),
             article("c", LEAD_B, source="C")]
    chosen = summarise(pairs)
    texts = [c.text for c in chosen]
    assert texts.count(LEAD_A) <= 1
    if len(chosen) == 2:
        assert cosine(chosen[0].vector, chosen[1].vector) < 0.6


def test_one_article_story_gives_its_lead_sentence():
    chosen = summarise([article("a", LEAD_A + " " + SECOND)])
    assert [c.text for c in chosen] == [LEAD_A]


def test_french_sentences_are_preferred_when_the_story_has_some():
    ru = "Парламент Кыргызстана проголосовал за самороспуск и назначил досрочные выборы на 30 ноября."
    chosen = summarise([article("r", ru, lang="ru", source="R"), article("a", LEAD_A, source="A")])
    assert chosen[0].text == LEAD_A
    only_ru = summarise([article("r", ru, lang="ru", source="R")])
    assert only_ru[0].text == ru


def test_linked_entities_let_sentences_in_two_languages_support_each_other():
    tok = "person:kassym-jomart-tokaiev"
    fr = "Kassym-Jomart Tokaïev a signé le décret sur la réforme de la Banque nationale."
    en = "Kassym-Jomart Tokayev signed the decree on reforming the National Bank today."
    v_fr = sentence_vector(fr, "fr", [tok])
    v_en = sentence_vector(en, "en", [tok])
    assert cosine(v_fr, v_en) > cosine(sentence_vector(fr, "fr"), sentence_vector(en, "en"))
    a, ann = article("a", fr, entities=[Entity(tok, "Kassym-Jomart Tokaïev", "person", "KZ",
                                               [Mention("text", 0, 21, "Kassym-Jomart Tokaïev")])])
    assert "E:" + tok in candidates(a, ann)[0].vector
