"""Dump segmentation: the seed gives the gold's 21 articles; other sites' habits hold too."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from steppe.sources.decode import read_text
from steppe.sources.dump import segment_dump
from tests.fuzz.invariants import check_dump

TITLE = "Kazakhstan : le Sénat adopte la réforme fiscale"
LEAD = ("Le Sénat a adopté ce 12 mars 2025 le nouveau code fiscal. Le texte, débattu pendant "
        "trois mois, entre en vigueur le 1er janvier 2026 selon le ministère des Finances.")


def test_seed_gives_the_gold_articles(shared, seed_gold):
    segments = segment_dump(read_text(shared / "data" / "seed.txt"))
    assert [(s.title, s.text) for s in segments] == [(g["title"], g["text"]) for g in seed_gold]
    assert segments[0].title is None
    assert [s.truncated for s in segments] == [False] * 20 + [True]
    assert [(s.line_title, s.line_text) for s in segments] == \
        [(g["line_title"], g["line_text"]) for g in seed_gold]


def test_windows_line_ends_and_blank_lines():
    dump = f"{TITLE}\r\n\r\n{LEAD}\r\n\r\n\r\n{TITLE} (bis)\r\n{LEAD}\r\n"
    segs = segment_dump(dump.replace("\r\n", "\n"))
    assert [(s.title, s.text) for s in segs] == [(TITLE, LEAD), (TITLE + " (bis)", LEAD)]


def test_titles_with_final_period_and_guillemets():
    titles = ["Ouzbékistan : « Nous ouvrons le pays », dit le ministre.",
              "Le Tadjikistan lance le chantier de Rogoun."]
    dump = "\n".join(f"{t}\n{LEAD}" for t in titles)
    assert [s.title for s in segment_dump(dump)] == titles


def test_lead_wrapped_over_two_lines():
    first, second = LEAD[:70].rstrip(), LEAD[70:].lstrip()
    segs = segment_dump(f"{TITLE}\n{first}\n{second}\nAutre titre court\n{LEAD}")
    assert len(segs) == 2
    assert segs[0].text == f"{first} {second}"


def test_orphan_lead_then_pairs_and_cut_last_lead():
    segs = segment_dump(f"{LEAD}\n{TITLE}\n{LEAD}\nDernier titre\nUn texte coupé au milieu d’une")
    assert [s.title for s in segs] == [None, TITLE, "Dernier titre"]
    assert segs[-1].truncated and not segs[1].truncated


def test_title_only_at_end_keeps_its_text():
    segs = segment_dump(f"{TITLE}\n{LEAD}\nUn titre sans chapeau")
    assert segs[-1].title == "Un titre sans chapeau" and segs[-1].text == ""


line = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
               min_size=0, max_size=300)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(line, st.sampled_from([TITLE, LEAD, "", "  ", LEAD[:40]])), max_size=30))
def test_segments_rejoin_to_the_input(lines):
    """Nothing dropped, nothing duplicated: segments re-join to the input modulo whitespace,
    and the rubric, date and byline lines a segment keeps in their own fields (« KAZAKHSTAN »
    above a title): the fuzz harness's invariant (tests/fuzz/invariants.py)."""
    check_dump("\n".join(lines))


def test_a_rubric_line_is_kept_in_its_field():
    segs = segment_dump("KAZAKHSTAN\n0")
    assert [(s.rubric, s.title) for s in segs] == [("KAZAKHSTAN", "0")]
