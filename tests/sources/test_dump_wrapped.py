"""Dumps that bend the listing (issue 14): hard-wrapped leads, date and byline lines between
headline and lead, rubric lines above a headline."""

from __future__ import annotations

import textwrap

import pytest

from steppe.sources.dump import articles_from_dump, segment_dump
from tests.sources.reading import segments_as_read

ITEMS = [
    ("Kazakhstan : le Sénat adopte le nouveau code fiscal",
     "Le Sénat du Kazakhstan a adopté ce 12 mars 2025 le nouveau code fiscal. Le texte, débattu "
     "pendant trois mois à Astana, relève la TVA de deux points et entre en vigueur le 1er "
     "janvier 2026, selon le ministère des Finances, qui attend 5,9 milliards de tenges de "
     "recettes supplémentaires."),
    ("Ouzbékistan : Tachkent ouvre un corridor ferroviaire vers la Chine",
     "Le premier train de marchandises a quitté Tachkent ce lundi en direction de Kachgar, par "
     "la ligne qui traverse le Kirghizstan. Les trois pays espèrent réduire de moitié les délais "
     "de transport. Les travaux sur le tronçon kirghiz doivent s’achever en 2027."),
    ("Le Tadjikistan relance le chantier du barrage de Rogoun",
     "Douchanbé a annoncé un nouveau financement de la Banque mondiale pour le barrage de Rogoun, "
     "dont la première turbine tourne depuis 2018. Le projet, qui doit faire du pays un "
     "exportateur d’électricité vers l’Afghanistan et le Pakistan, reste contesté par les "
     "défenseurs de l’environnement."),
    ("Kirghizstan : les élections anticipées fixées au 30 novembre",
     "Le parlement du Kirghizstan a voté sa propre dissolution. Les députés, réunis en séance "
     "plénière à Bichkek, ont choisi d’abréger leur mandat. Cette initiative, qui a recueilli "
     "un soutien quasi unanime, marque une étape dans la vie politique du pays."),
    ("Turkménistan : Achgabat signe un accord gazier avec l’Azerbaïdjan",
     "Le Turkménistan et l’Azerbaïdjan ont signé à Bakou un accord sur l’exploitation commune "
     "du gisement de Dostlug, en mer Caspienne. Le gaz pourrait rejoindre l’Europe par le "
     "corridor gazier sud d’ici la fin de la décennie, selon les deux gouvernements."),
]
DATES = [("12 septembre 2025", "2025-09-12"),
         ("Publié le 12/09/2025 à 10:32", "2025-09-12T10:32:00"),
         ("Mardi 3 mars 2025", "2025-03-03"),
         ("Mis à jour le 1er octobre 2025 à 8h05", "2025-10-01T08:05:00")]
BYLINES = ["Par Aïgerim Seitkali", "Par Daniyar Ospanov et Madina Karimova",
           "Par Aïgerim Seitkali, à Almaty"]
RUBRICS = ["ÉCONOMIE", "Politique", "ASIE CENTRALE", "Société", "INTERNATIONAL"]


def wrapped(lead: str, width: int | None) -> str:
    return lead if width is None else "\n".join(textwrap.wrap(lead, width))


def listing(width: int | None, blank: bool, items=ITEMS, head=lambda i: "",
            between=lambda i: "") -> str:
    sep = "\n\n" if blank else "\n"
    return sep.join(f"{head(i)}{title}\n{between(i)}{wrapped(lead, width)}"
                    for i, (title, lead) in enumerate(items))


def pairs(dump: str) -> list[tuple]:
    return [(s.title, s.text) for s in segment_dump(dump)]


@pytest.mark.parametrize("width", [70, 72, 75, 78, 80])
def test_issue_hard_wrapped_leads_with_blank_lines_one_record_per_article(width):
    """The issue's dump: 4 articles, leads wrapped at ~80 columns, a blank line between items."""
    dump = listing(width, blank=True, items=ITEMS[:4])
    assert dump.count("\n") > 16  # the leads really are wrapped over several lines
    assert pairs(dump) == ITEMS[:4]  # one record each, wrapped lines joined by single spaces


@pytest.mark.parametrize("width", [64, 68, 70, 72, 75, 78, 80, 85])
@pytest.mark.parametrize("blank", [True, False])
def test_hard_wrapped_leads_any_width_with_or_without_blank_lines(width, blank):
    dump = ("\n\n" if blank else "\n").join([listing(width, blank)] * 3)
    segments = segment_dump(dump)
    assert [(s.title, s.text) for s in segments] == ITEMS * 3
    assert not any(s.truncated for s in segments)


def test_wrapped_lead_line_numbers_point_at_its_first_line():
    dump = listing(72, blank=True, items=ITEMS[:2])
    lines = dump.splitlines()
    for seg in segment_dump(dump):
        assert lines[seg.line_title - 1] == seg.title
        assert seg.text.startswith(lines[seg.line_text - 1])


@pytest.mark.parametrize("width", [None, 72, 78])
@pytest.mark.parametrize("blank", [True, False])
def test_date_and_byline_lines_are_neither_headline_nor_lead(width, blank):
    def between(i: int) -> str:
        date = DATES[i % len(DATES)][0]
        return [f"{date}\n", f"{BYLINES[i % 3]}\n", f"{BYLINES[i % 3]}\n{date}\n",
                f"{date}\n{BYLINES[i % 3]}\n", f"{date}\n"][i]

    segments = segment_dump(listing(width, blank, between=between))
    assert [(s.title, s.text) for s in segments] == ITEMS
    assert [s.published for s in segments] == [
        "2025-09-12", None, "2025-03-03", "2025-10-01T08:05:00", "2025-09-12"]
    assert [s.byline for s in segments] == [None, BYLINES[1], BYLINES[2], BYLINES[0], None]
    assert segments[1].dateline is None and segments[0].dateline == "12 septembre 2025"


def test_a_date_line_becomes_the_articles_published_date():
    dump = listing(75, blank=True, items=ITEMS[:2],
                   between=lambda i: f"{DATES[i][0]}\n")
    articles = list(articles_from_dump(dump))
    assert [(a.title, a.text, a.published) for a in articles] == [
        (ITEMS[0][0], ITEMS[0][1], "2025-09-12"), (ITEMS[1][0], ITEMS[1][1], "2025-09-12T10:32:00")]


def test_no_such_day_is_no_date_line():
    dump = f"{ITEMS[0][0]}\n31 juin 2025\n{ITEMS[0][1]}"
    assert "31 juin 2025" in "".join((s.title or "") + s.text for s in segment_dump(dump))


@pytest.mark.parametrize("width", [None, 72, 78])
@pytest.mark.parametrize("blank", [True, False])
def test_rubric_line_above_a_headline_is_no_article(width, blank):
    segments = segment_dump(listing(width, blank, head=lambda i: f"{RUBRICS[i]}\n",
                                    between=lambda i: f"{DATES[0][0]}\n" if i == 2 else ""))
    assert [(s.title, s.text) for s in segments] == ITEMS
    assert [s.rubric for s in segments] == RUBRICS


def test_rubric_line_after_a_blank_line_above_a_headline():
    dump = f"{ITEMS[0][0]}\n{ITEMS[0][1]}\n\nÉCONOMIE / ÉNERGIE\n{ITEMS[4][0]}\n{ITEMS[4][1]}"
    segments = segment_dump(dump)
    assert [(s.title, s.text) for s in segments] == [ITEMS[0], ITEMS[4]]
    assert segments[1].rubric == "ÉCONOMIE / ÉNERGIE"


def test_rubric_word_not_above_a_headline_stays_text():
    """A rubric name only counts right above a headline; elsewhere nothing is dropped."""
    title, lead = ITEMS[0]
    for dump in (f"{title}\n{lead}\nPolitique", f"{title}\n{lead}\n\nPolitique\n\n{lead}"):
        rejoined = "".join((s.title or "") + s.text for s in segment_dump(dump))
        assert "Politique" in rejoined and all(s.rubric is None for s in segment_dump(dump))


def test_only_date_and_byline_lines_keep_their_text():
    segments = segment_dump("12 septembre 2025\nPar Aïgerim Seitkali")
    assert [(s.title, s.text) for s in segments] == [
        (None, "12 septembre 2025 Par Aïgerim Seitkali")]


def test_wrapped_listing_is_segmented_as_it_is_read():
    """A segment comes out a few lines after its end: rubric, headline, date, first lead line."""
    lines = listing(72, blank=True, head=lambda i: f"{RUBRICS[i]}\n",
                    between=lambda i: f"{DATES[0][0]}\n").splitlines() * 40
    segments = segments_as_read(lines)
    assert len(segments) == 5 * 40
    starts = [seg.line_title for seg, _ in segments]
    for (seg, at), following in zip(segments, starts[1:]):
        assert at - following <= 2  # read at most the next headline's date and first lead line


def test_a_headline_wrapped_over_two_lines_keeps_both():
    """Issue 14: a hard-wrapped headline's second line (lower-case, or after a dangling word)
    ends the headline; it does not open the lead nor turn the item into a headless lead."""
    text = ("Le Kazakhstan et l'Ouzbékistan signent un accord sur le partage\n"
            "des eaux du Syr-Daria\n"
            "Les deux pays se sont entendus mardi à Tachkent sur un calendrier de lâchers\n"
            "d'eau pour la saison d'irrigation, a annoncé le ministère kazakh de l'Eau.\n\n"
            "Bichkek relève le tarif de l'électricité pour les ménages\n"
            "Le gouvernement kirghiz a décidé d'augmenter de 10 % le prix du kilowattheure\n"
            "à partir du 1er mai, une mesure destinée à financer la rénovation du réseau.\n\n"
            "Douchanbé accueille un sommet régional consacré au climat et à la\n"
            "gestion des glaciers\n"
            "Les chefs d'État des cinq pays d'Asie centrale sont attendus jeudi dans la\n"
            "capitale tadjike pour adopter une déclaration commune sur les glaciers.\n")
    segments = segment_dump(text)
    assert [s.title for s in segments] == [
        "Le Kazakhstan et l'Ouzbékistan signent un accord sur le partage des eaux du Syr-Daria",
        "Bichkek relève le tarif de l'électricité pour les ménages",
        "Douchanbé accueille un sommet régional consacré au climat et à la gestion des glaciers"]
    assert [s.text.split()[:2] for s in segments] == [["Les", "deux"], ["Le", "gouvernement"],
                                                     ["Les", "chefs"]]
    assert segments_as_read(text.splitlines()) and [s.title for s, _ in segments_as_read(
        text.splitlines())] == [s.title for s in segments]
