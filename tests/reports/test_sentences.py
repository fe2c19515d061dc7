"""Sentence boundaries found from a span: what agenda, timeline and digest lines quote."""

from __future__ import annotations

from steppe.reports.sentences import sentence_at, sentence_spans, sentence_text

TEXT = ("Le parlement du Kirghizstan a pris ce 25 septembre 2025 une décision. "
        "M. Japarov a signé le décret n° 12. « C'est fini. » Puis K.-J. Tokaïev est venu… "
        "Les députés ont voté 5,9 milliards de tenges.\nTitre sans point final")


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentences_end_at_stops_not_at_abbreviations_initials_or_decimals():
    assert sentences(TEXT) == [
        "Le parlement du Kirghizstan a pris ce 25 septembre 2025 une décision.",
        "M. Japarov a signé le décret n° 12.",
        "« C'est fini. »",
        "Puis K.-J. Tokaïev est venu…",
        "Les députés ont voté 5,9 milliards de tenges.",
        "Titre sans point final",
    ]


def test_the_sentence_of_a_span_is_copied_whole_and_verbatim():
    i = TEXT.index("5,9 milliards")
    assert sentence_text(TEXT, i, i + 13) == "Les députés ont voté 5,9 milliards de tenges."
    j = TEXT.index("25 septembre")
    s, e = sentence_at(TEXT, j, j + 17)
    assert TEXT[s:e].startswith("Le parlement") and TEXT[s:e] in TEXT


def test_a_span_across_two_sentences_gets_both_and_a_run_on_list_is_cut():
    i = TEXT.index("décision.")
    assert sentence_text(TEXT, i, TEXT.index("Japarov") + 3).endswith("n° 12.")
    long = "Montants : " + ", ".join(f"{n} tenges" for n in range(400)) + "."
    k = long.index("200 tenges")
    s, e = sentence_at(long, k, k + 10)
    assert s <= k and e >= k + 10 and e - s <= 600
