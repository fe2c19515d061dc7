"""Pure builders and renderers: time series, SVG charts, highlighted text, quotes."""

from __future__ import annotations

import xml.dom.minidom

from steppe.model import Annotation, Entity, Mention
from steppe.reports.charts import column_chart, meter, month_name, nice_ceiling, number
from steppe.reports.highlight import entity_spans, highlight, paragraphs_html, title_html, types_present
from steppe.reports.quotes import quotes_about, quotes_by
from steppe.reports.timeline import group_by_day, month_series, pad_months


def test_month_series_fills_gaps_and_crosses_years():
    assert month_series([["2025-02", 3], ["2024-11", 1]]) == [
        ("2024-11", 1), ("2024-12", 0), ("2025-01", 0), ("2025-02", 3)]
    assert month_series([]) == []
    assert month_series([["2025-01", 1], ["2025-03", 2]], last=2) == [("2025-02", 0), ("2025-03", 2)]


def test_pad_months_keeps_a_year_of_context():
    padded = pad_months([("2025-02", 4)], minimum=4)
    assert padded == [("2024-11", 0), ("2024-12", 0), ("2025-01", 0), ("2025-02", 4)]


def test_group_by_day_keeps_order_and_undated_last():
    items = [{"published": "2025-03-04T10:00"}, {"published": "2025-03-04"}, {"published": "2025-03"},
             {"published": None}]
    assert [(d, len(g)) for d, g in group_by_day(items)] == [("2025-03-04", 2), ("2025-03", 1), (None, 1)]


def test_numbers_and_months_in_french():
    assert number(1234567) == "1\u202f234\u202f567"
    assert month_name("2025-08") == "août 2025" and month_name("2025-02", short=True) == "févr. 25"
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 480, 1001)] == [1, 1, 5, 10, 20, 500, 2000]


def test_column_chart_is_well_formed_escaped_svg_without_style():
    svg = column_chart([("2025-01", 3), ("2025-02", 0), ("2025-03", 7)], "Articles <b>&</b>",
                       href=lambda m: f"/search?q=from:{m}&x=1")
    xml.dom.minidom.parseString(svg)                      # well-formed
    assert "<b>" not in svg and "Articles &lt;b&gt;&amp;&lt;/b&gt;" in svg
    assert "style=" not in svg and "<script" not in svg
    assert svg.count('<rect class="bar"') == 3 and svg.count("<a href=") == 2   # no link on 0
    assert 'href="/search?q=from:2025-01&amp;x=1"' in svg
    assert "mars 2025 : 7 articles" in svg
    assert "février 2025 : 0 article<" in svg                     # 0 and 1 in the singular
    one = column_chart([("2025-01", 1)], "Un")
    assert "janvier 2025 : 1 article<" in one and "janvier 2025 : 1 article ;" in one
    assert "aucune donnée" in column_chart([], "Vide")


def test_meter_bounds():
    assert 'width="100.0"' in meter(5, 5) and 'class="fill" width="0.0"' in meter(1, 0)


def _annotation(title: str, text: str, entities: list[Entity]) -> Annotation:
    return Annotation(id="a", lang="fr", title=title, text=text, entities=entities)


def test_highlight_escapes_text_and_marks_mentions_by_type():
    text = "<b>Tokaïev</b> & Astana"
    tok = Entity("person:tok", "Kassym-Jomart Tokaïev", "person", "KZ", [Mention("text", 3, 10, "Tokaïev")])
    ast = Entity("place:astana", "Astana", "place", "KZ", [Mention("text", 17, 23, "Astana")])
    html = highlight(text, entity_spans(_annotation("", text, [tok, ast]), "text", text),
                     lambda e: f"/entities/{e.id}")
    assert html == ('&lt;b&gt;<a class="ent ent-person" href="/entities/person:tok" '
                    'title="Kassym-Jomart Tokaïev · Personne">Tokaïev</a>&lt;/b&gt; &amp; '
                    '<a class="ent ent-place" href="/entities/place:astana" title="Astana · Lieu">Astana</a>')


def test_highlight_drops_stale_and_overlapping_mentions():
    text = "Banque nationale du Kazakhstan"
    bank = Entity("org:bnk", "Banque nationale du Kazakhstan", "organization", "KZ",
                  [Mention("text", 0, 30, text)])
    kz = Entity("country:KZ", "Kazakhstan", "country", "KZ",
                [Mention("text", 20, 30, "Kazakhstan"), Mention("text", 0, 4, "Oops")])
    spans = entity_spans(_annotation("", text, [kz, bank]), "text", text)
    assert [(s, e, ent.id) for s, e, ent in spans] == [(0, 30, "org:bnk")]
    assert types_present(_annotation("", text, [kz, bank])) == ["organization", "country"]


def test_paragraphs_and_title():
    text = "Premier paragraphe sur Astana.\n\n  \nSecond paragraphe."
    ast = Entity("place:astana", "Astana", "place", "KZ",
                 [Mention("text", 23, 29, "Astana"), Mention("title", 0, 6, "Astana")])
    ann = _annotation("Astana <i>", text, [ast])
    paragraphs = paragraphs_html(text, ann, lambda e: "/x")
    assert len(paragraphs) == 2 and 'href="/x"' in paragraphs[0] and paragraphs[1] == "Second paragraphe."
    assert title_html("Astana <i>", ann, lambda e: "/x").endswith("</a> &lt;i&gt;")
    assert paragraphs_html("<p>", None, lambda e: "/x") == ["&lt;p&gt;"]


def test_quotes_by_and_about():
    records = [{"id": "a1", "title": "T", "published": "2025-01-01", "source": "S", "annotation": {
        "entities": [{"id": "person:a", "mentions": [{"field": "text", "start": 12, "end": 13}]}],
        "quotes": [{"speaker": "A", "speaker_id": "person:a", "text": "moi", "field": "text", "start": 0, "end": 5},
                   {"speaker": "B", "speaker_id": "person:b", "text": "A est là", "field": "text",
                    "start": 10, "end": 20}]}},
        {"id": "a2", "title": "U", "published": None, "source": None, "annotation": None}]
    assert [q["text"] for q in quotes_by("person:a", records)] == ["moi"]
    about = quotes_about("person:a", records)
    assert [q["speaker_id"] for q in about] == ["person:b"] and about[0]["article"]["id"] == "a1"
    assert quotes_about("person:b", records) == []
    assert len(quotes_by("person:a", records * 3, limit=2)) == 2


# -- French for readers (issue 13) ----------------------------------------------------------------
def test_numbers_percentages_and_amounts_in_french():
    from steppe.reports.french import amount_compact, amount_exact, decimal, percent

    assert number(12345) == "12\u202f345" and number(3.0) == "3"
    assert decimal(15.25) == "15,25" and decimal(16.0) == "16" and decimal(1.5) == "1,5"
    assert percent(70) == "70\u00a0%" and percent(16.0) == "16\u00a0%" and percent(15.25) == "15,25\u00a0%"
    assert amount_compact(1.5e9, "USD") == "1,5 milliard USD"
    assert amount_compact(5.9e9, "KZT") == "5,9 milliards KZT"
    assert amount_compact(350e6, "USD") == "350 millions USD"
    assert amount_compact(4500, "KZT") is None                # small amounts read well as they are
    assert amount_exact(1.5e9, "USD") == "1\u202f500\u202f000\u202f000\u00a0USD"


def test_plurals_put_zero_and_one_in_the_singular():
    from steppe.reports.french import plural, word

    assert plural(0, "article") == "0 article" and plural(1, "article") == "1 article"
    assert plural(2, "article") == "2 articles" and plural(1200, "résultat") == "1\u202f200 résultats"
    assert plural(3, "fait daté", "faits datés") == "3 faits datés" and word(1, "daté") == "daté"


def test_country_names_take_their_article_from_data():
    from steppe.reports.french import country_phrase

    assert country_phrase("Kirghizstan", "KG", "sur") == "sur le Kirghizstan"
    assert country_phrase("Ouzbékistan", "UZ", "sur") == "sur l’Ouzbékistan"
    assert country_phrase("États-Unis", "US", "sur") == "sur les États-Unis"
    assert country_phrase("Chine", "CN") == "la Chine" and country_phrase("Russie", "RU", "de") == "de la Russie"
    assert country_phrase("Afghanistan", "AF", "de") == "de l’Afghanistan"
    assert country_phrase("Tadjikistan", "TJ", "de") == "du Tadjikistan"
    assert country_phrase("Turkménistan", "TM", "à") == "au Turkménistan"
    assert country_phrase("États-Unis", "US", "à") == "aux États-Unis"
    assert country_phrase("Chypre", "CY", "à") == "à Chypre" and country_phrase("Israël", "IL", "de") == "d’Israël"
    assert country_phrase("Mexique", "MX") == "le Mexique"                  # an -e that is masculine
    assert country_phrase("Bordurie", None, "sur") == "sur la Bordurie"     # unknown: a fair guess


def test_every_kb_country_has_an_article():
    import json
    from importlib.resources import files

    from steppe.reports.french import _country_articles

    table = _country_articles()
    kb = files("steppe.kb").joinpath("data/countries.jsonl").read_text(encoding="utf-8").splitlines()
    for line in kb:
        row = json.loads(line)
        assert row["code"] in table and table[row["code"]][0] == row["name"], row["code"]
    assert {a for _, a, _ in table.values()} <= {"le", "la", "l’", "les", ""}


def test_language_names_and_ordinals():
    from steppe.reports.french import day_ordinal, language_name

    assert language_name("fr") == "français" and language_name("ru") == "russe"
    assert language_name("ky") == "kirghize" and language_name(None) == "inconnue"
    assert day_ordinal(1) == "1er" and day_ordinal(2) == "2"


def test_excerpts_and_untitled_titles():
    from steppe.reports.french import first_sentence, tidy_excerpt
    from steppe.reports.listing import untitled_title

    assert tidy_excerpt("au parc, à Tachkent.…") == "au parc, à Tachkent."
    assert tidy_excerpt("une phrase coupée…") == "une phrase coupée…"
    assert tidy_excerpt("Fin ?…") == "Fin ?"
    assert first_sentence("Le Kazakhstan vote. Puis autre chose.") == "Le Kazakhstan vote."
    assert first_sentence("mot " * 60).endswith("…") and len(first_sentence("mot " * 60)) <= 141
    assert untitled_title("…le <mark>Kazakhstan</mark> vote. Puis.") == "le Kazakhstan vote."
    assert untitled_title("") == "Article sans titre"


def test_article_side_panel_merges_and_orders():
    from steppe.model import Amount, DateRef, Percent
    from steppe.reports.article import origin_label, side_amounts, side_dates, side_percents

    ann = Annotation(id="a", lang="fr", title="TVA à 16 %", text="x")
    ann.percents = [Percent("text", 30, 34, "16 %", 16.0), Percent("title", 7, 11, "16 %", 16.0),
                    Percent("text", 10, 14, "12 %", 12.0)]
    ann.dates = [DateRef("text", 0, 5, "1er janvier 2026", "2026-01-01", "day"),
                 DateRef("text", 9, 12, "décembre", "2025-12", "month"),
                 DateRef("title", 0, 5, "1er janvier", "2026-01-01", "day")]
    ann.money = [Amount("text", 0, 5, "1,5 milliard de dollars", 1.5e9, "USD"),
                 Amount("title", 0, 5, "1,5 milliard $", 1.5e9, "USD")]
    assert [p["value"] for p in side_percents(ann)] == [16.0, 12.0]
    assert [d["value"] for d in side_dates(ann)] == ["2025-12", "2026-01-01"]
    assert side_dates(ann)[1]["said"] == ["1er janvier 2026", "1er janvier"]
    assert side_amounts(ann) == [{"amount": 1.5e9, "currency": "USD",
                                  "said": ["1,5 milliard $", "1,5 milliard de dollars"]}]
    assert origin_label("/srv/steppe/data/demo_corpus.jsonl:87") == "demo_corpus.jsonl, ligne 87"
    assert origin_label("C:\\data\\x.txt") == "x.txt" and origin_label(None) is None


def test_listing_items_tidy_excerpts_and_title_untitled_articles():
    from steppe.kb import KnowledgeBase
    from steppe.reports.listing import listing_item
    from steppe.search import Hit

    kb = KnowledgeBase([])
    cut = Hit(id="a", title="Fête", title_html="Fête", snippet="concerts au parc, à Tachkent.…",
              published=None, score=None, source=None, url=None, lang="fr")
    item = listing_item(cut, kb, [])
    assert item["lead"] == "concerts au parc, à Tachkent." and item["snippet"].endswith("Tachkent.")
    untitled = Hit(id="b", title=None, title_html="", snippet="Le <mark>Parlement</mark> a voté. Puis…",
                   published=None, score=None, source=None, url=None, lang="fr")
    item = listing_item(untitled, kb, [])
    assert item["title"] == "Le Parlement a voté." and item["untitled"]
    assert item["title_html"] == "Le Parlement a voté."
