"""Digests: the period's top stories, each summarised by sentences copied from its articles;
every sentence of the Markdown and HTML digests occurs verbatim in a stored article."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from steppe.errors import UnknownStory
from steppe.model import Annotation, Article, DateRef
from steppe.reports.digest import (DigestFilterError, agenda_ahead, build_digest, digest_scope,
                                   entry_html, entry_text, story_entry, window)
from steppe.reports.digest_render import EMPTY, render_html, render_markdown
from steppe.reports.digest_text import period_label
from steppe.store import open_store
from steppe.stories import cluster_new
from tests.web.fixture_db import STORY_SPECS, XSS_TITLE, build_fixture_db

BNK = "Le gouvernement valide la réforme de la Banque nationale du Kazakhstan"
WEEK = {"since": "7d", "until": "2025-03-06"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digest")
    s = open_store(build_fixture_db(str(folder / "digest.db"), folder / "index", STORY_SPECS))
    yield s
    s.close()


def stored_texts(store) -> list[str]:
    return [t for a, _ in store.iter_articles() for t in (a.title or "", a.text)]


# -- what the Markdown and HTML say is copied ------------------------------------------------------
def markdown_sentences(md: str) -> list[str]:
    """Text of every block-quote line that is not a credit (— outlet), unescaped."""
    out = []
    for line in md.splitlines():
        line = line.strip()
        if line.startswith(">") and line[1:].strip() and not line[1:].strip().startswith("—"):
            text = re.sub(r"\\(.)", r"\1", line[1:].strip())
            out.append(text.removeprefix("« ").removesuffix(" »"))
    return out


def html_sentences(doc: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'class="[^"]*copied[^"]*">(.*?)</', doc)]


def verbatim(sentences: list[str], texts: list[str]) -> list[str]:
    """The sentences found in no stored text (none, when the digest is honest)."""
    return [s for s in sentences if not any(s in t for t in texts)]


def test_every_sentence_of_the_markdown_and_html_digests_is_copied_from_an_article(store):
    data = build_digest(store, since="2024-12-01", until="2025-03-06", limit=20)
    data["agenda"] = agenda_ahead(store, date(2025, 3, 6), days=180)   # the 1st of July
    assert data["agenda"]
    md, doc = render_markdown(data), render_html(data)
    in_md, in_html = markdown_sentences(md), html_sentences(doc)
    assert len(in_md) >= 8 and len(in_html) >= 8
    texts = stored_texts(store)
    assert verbatim(in_md, texts) == [] and verbatim(in_html, texts) == []
    summaries = [s["text"] for e in data["stories"] for s in e["summary"]]
    summaries += [a["sentence"] for a in data["agenda"]]
    assert set(summaries) <= set(in_md) and set(summaries) <= set(in_html)


def test_the_week_top_story_is_the_one_most_outlets_report(store):
    data = build_digest(store, **WEEK)
    assert data["period"] == {"first": "2025-02-28", "last": "2025-03-06", "days": 7,
                              "label": "Semaine du 28 février au 6 mars 2025"}
    top = data["stories"][0]
    assert top["label"] == BNK and top["outlets"] == 4 and top["articles"] == 4
    assert top["summary"] and top["summary"][0]["text"].startswith("Le président Kassym-Jomart Tokaïev")
    first = top["summary"][0]
    assert first["outlet"] == "Le Courrier des steppes" and first["href"] == "https://example.org/kz-001"
    figure = top["figures"][0]
    assert figure["text"] == "5,9 milliards de tenges" and figure["articles"] >= 3
    assert "5,9 milliards de tenges" in figure["sentence"]
    assert top["quotes"][0]["speaker"] == "Kassym-Jomart Tokaïev"
    assert top["quotes"][0]["text"] == "Nous devons protéger l'épargne des Kazakhstanais"
    assert top["rank"]["weight"] > data["stories"][1]["rank"]["weight"]
    people = {p["name"]: p["stories"] for p in data["people"]}
    assert people["Kassym-Jomart Tokaïev"] == 2
    assert data["organisations"][0]["name"] == "Banque nationale du Kazakhstan"
    series = data["volume"]["series"]
    assert data["volume"]["unit"] == "day" and len(series) == 7
    assert sum(p["articles"] for p in series) == data["totals"]["articles"] == 7
    assert series[1]["label"] == "1er mars"


def test_an_article_without_a_web_address_links_to_its_steppe_page(store):
    data = build_digest(store, **WEEK, base_url="https://steppe.example.org/")
    hrefs = [s["href"] for e in data["stories"] for s in e["summary"]]
    assert "https://steppe.example.org/articles/uz-001" in hrefs
    assert data["stories"][0]["href"].startswith("https://steppe.example.org/stories/")


def test_filters_keep_the_stories_that_carry_them(store):
    kz = build_digest(store, **WEEK, country="kz")
    assert kz["filters"]["country"] == "KZ" and kz["stories"][0]["label"] == BNK
    assert all("Japarov" not in e["label"] for e in kz["stories"])
    kg = build_digest(store, **WEEK, country="KG")
    assert [e["label"] for e in kg["stories"]] == ["Kirghizstan : Japarov inaugure une centrale solaire"]
    topic = build_digest(store, **WEEK, topic="environnement")
    assert topic["filters"]["topic"] == "medtop:06000000" and len(topic["stories"]) == 1
    assert "Environnement" in topic["title"] or "environnement" in topic["title"].lower()
    ent = build_digest(store, **WEEK, entity="person:chavkat-mirzioiev")
    assert [e["label"] for e in ent["stories"]] == ["Ouzbékistan : Mirzioïev reçoit Tokaïev à Tachkent"]


def test_an_empty_period_is_an_honest_empty_digest(store):
    data = build_digest(store, since="7d", until="2020-01-07")
    assert data["empty"] and data["stories"] == [] and data["totals"]["articles"] == 0
    assert EMPTY in render_markdown(data) and EMPTY in render_html(data)
    assert data["period"]["label"] == "Semaine du 1er au 7 janvier 2020"
    assert data["latest_day"] is None                    # nothing before either
    later = build_digest(store, since="7d", until="2025-06-30")
    assert later["empty"] and later["latest_day"] == "2025-03-06"
    assert "Les derniers articles datent du 6 mars 2025." in render_markdown(later)
    assert build_digest(store, since="7d", until="2025-06-30", country="KG")["latest_day"] == "2025-03-03"


@pytest.mark.parametrize("kwargs, option", [
    ({"since": "7x"}, "since"), ({"since": "2025-13-01"}, "since"), ({"since": "0d"}, "since"),
    ({"since": "2025-03-10", "until": "2025-03-01"}, "since"), ({"until": "hier"}, "until"),
    ({"country": "ZZ"}, "country"), ({"country": "Kazakhstan"}, "country"),
    ({"topic": "astrologie"}, "topic"), ({"since": "9d", "until": "0001-01-02"}, "since"),
    ({"since": "1800-01-01", "until": "2025-01-01"}, "since"), ({"since": "99999999999999d"}, "since"),
])
def test_bad_filters_name_their_option(store, kwargs, option):
    with pytest.raises(DigestFilterError) as caught:
        build_digest(store, **{"since": "7d", **kwargs}, countries={"KZ", "KG"})
    assert caught.value.option == option and caught.value.message.startswith(f"--{option} : ")
    assert "\n" not in caught.value.message


def test_windows_and_french_period_labels():
    assert window("7d", "2025-11-30") == (date(2025, 11, 24), date(2025, 11, 30))
    assert window("2w", None, today=date(2025, 12, 1)) == (date(2025, 11, 18), date(2025, 12, 1))
    assert window("2025-11-01", "2025-11-30") == (date(2025, 11, 1), date(2025, 11, 30))
    assert period_label(date(2025, 11, 24), date(2025, 11, 30)) == "Semaine du 24 au 30 novembre 2025"
    assert period_label(date(2025, 11, 28), date(2025, 12, 4)) == "Semaine du 28 novembre au 4 décembre 2025"
    assert period_label(date(2025, 3, 3), date(2025, 3, 3)) == "Journée du 3 mars 2025"
    assert period_label(date(2024, 12, 6), date(2025, 1, 5)) == "Du 6 décembre 2024 au 5 janvier 2025"
    assert digest_scope(country="kz", topic="Politique")["tags"] == ["country:KZ", "topic:medtop:11000000"]


def test_text_from_the_web_is_escaped(store):
    data = build_digest(store, since="2025-02-01", until="2025-03-06", limit=20)
    doc, md = render_html(data), render_markdown(data)
    assert XSS_TITLE in [e["label"] for e in data["stories"]]
    assert "<script>" not in doc and "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "<img" not in doc and "javascript:" not in doc
    assert "<script>" not in md and "\\<script\\>" in md


def test_the_html_digest_is_one_self_contained_printable_file(store):
    doc = render_html(build_digest(store, **WEEK))
    lowered = doc.lower()
    for forbidden in ("<script", "<link", "<iframe", "@import", "url(", "@font-face", "src="):
        assert forbidden not in lowered, forbidden
    assert "@page { size: a4" in lowered and "max-width:680px" in lowered
    assert "page-break-inside:avoid" in lowered and "<svg" in lowered
    assert "Semaine du 28 février au 6 mars 2025" in doc and "4 médias" in doc
    assert unbalanced(doc) == []


def unbalanced(doc: str) -> list[str]:
    """Tags closed out of order or left open (mail clients forgive less than browsers)."""
    from html.parser import HTMLParser

    void = {"meta", "br", "img", "line", "rect", "input", "hr"}
    stack: list[str] = []
    wrong: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in void:
                stack.append(tag)

        def handle_endtag(self, tag):
            if tag in void:
                return
            if stack and stack[-1] == tag:
                stack.pop()
            else:
                wrong.append(tag)

    Parser().feed(doc)
    return wrong + stack


def test_story_entry_and_its_renderers_for_alert_emails(store):
    top = build_digest(store, **WEEK)["stories"][0]
    entry = story_entry(store, top["id"], base_url="https://steppe.example.org")
    assert entry["label"] == BNK and entry["summary"] and entry["figures"] and entry["quotes"]
    assert entry["href"] == f"https://steppe.example.org/stories/{top['id']}"
    fragment, text = entry_html(entry), entry_text(entry)
    assert fragment.startswith("<div") and "<style" not in fragment and "<script" not in fragment
    assert html_sentences(fragment) and verbatim(html_sentences(fragment), stored_texts(store)) == []
    assert BNK in text and entry["summary"][0]["text"] in text and "https://example.org/kz-001" in text
    with pytest.raises(UnknownStory):
        story_entry(store, "s000000000000")


def test_an_undated_article_counts_on_the_day_it_was_ingested(tmp_path):
    """A dump's article mentioning an old date: the stories file it under that date, the
    digest under the day it arrived (so it is in that week's digest)."""
    text = "Le Kazakhstan commémore le 16 décembre 1986, date des manifestations de Jeltoqsan à Almaty."
    old = "16 décembre 1986"
    article = Article(id="dump-1", text=text, title="Jeltoqsan", source="dump.txt",
                      ingested_at="2025-11-28T09:00:00+00:00")
    ann = Annotation(id="dump-1", lang="fr", title="Jeltoqsan", text=text,
                     dates=[DateRef("text", text.index(old), text.index(old) + len(old), old,
                                    "1986-12-16", "day")])
    with open_store(str(tmp_path / "d.db")) as s:
        with s.transaction():
            s.put_article(article, ann)
        cluster_new(s)
        data = build_digest(s, since="7d", until="2025-11-30")
        assert [e["label"] for e in data["stories"]] == ["Jeltoqsan"]
        assert data["stories"][0]["summary"][0]["received"] == "2025-11-28"
        assert build_digest(s, since="7d", until="1986-12-20")["empty"]


@pytest.mark.postgres
def test_postgres_gives_the_same_digest(store, pg_url, tmp_path):
    """Both stores read the window the same way (store/digest_sql.py: one text)."""
    with open_store(build_fixture_db(pg_url, tmp_path / "index", STORY_SPECS)) as pg:
        for kwargs in ({"since": "2024-12-01", "until": "2025-03-06", "limit": 20},
                       {**WEEK, "country": "KZ"}, {**WEEK, "entity": "person:kassym-jomart-tokaiev"},
                       {"since": "7d", "until": "2020-01-07"}):
            mine, theirs = build_digest(store, **kwargs), build_digest(pg, **kwargs)
            strip = lambda d: [{k: v for k, v in e.items() if k not in ("id", "href")}  # noqa: E731
                               for e in d["stories"]]
            assert strip(mine) == strip(theirs)
            assert {k: mine[k] for k in ("totals", "people", "organisations", "volume", "period")} == \
                {k: theirs[k] for k in ("totals", "people", "organisations", "volume", "period")}
        assert pg.digest_articles("2025-03-06", "2025-03-06") == \
            store.digest_articles("2025-03-06", "2025-03-06")
        assert pg.digest_latest_day("2025-06-30", ["country:KG"]) == "2025-03-03"


def test_the_agenda_ahead_quotes_the_sentence_announcing_a_date(store):
    lines = agenda_ahead(store, date(2025, 3, 6), days=180)
    july = [ln for ln in lines if ln["date"] == "2025-07-01"]
    assert len(july) == 1 and july[0]["outlets"] >= 2
    assert "1er juillet 2025" in july[0]["sentence"] and july[0]["announced"]
    assert verbatim([july[0]["sentence"]], stored_texts(store)) == []
    assert agenda_ahead(store, date(2025, 3, 6), days=30) == []
    kg = agenda_ahead(store, date(2025, 3, 6), country="KG", days=180)
    assert all(ln["date"] != "2025-07-01" for ln in kg)


def test_names_cut_at_a_hyphen_are_not_listed_as_people():
    from steppe.reports.digest import _actors

    class Found:
        def digest_entities(self, *args):
            return [("person:kok", "Kok-", "person", 3, 3), ("person:x", "Aïgerim Seitkali", "person", 1, 1)]

    assert [r[1] for r in _actors(Found(), date(2025, 1, 1), date(2025, 1, 7), [], "person")] == \
        ["Aïgerim Seitkali"]
