"""``steppe reannotate``: targets, idempotence, a KB change reaching the archive, resuming after
an interruption (an error, Ctrl-C, ``kill -9``); on SQLite and PostgreSQL.

Most tests use ``Names``, a stand-in enricher that links the names it knows (a KB in
miniature: teaching it a name is the KB change), so a run takes milliseconds; one CLI test runs
the real pipeline on a few demo articles. ``python -m tests.test_reannotate ARGS`` is the CLI
with a slow ``Names`` enricher: the child the ``kill -9`` test kills.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import pytest

from steppe.errors import EnrichmentError
from steppe.model import Annotation, Article, CountryRef, Entity, Mention
from steppe.reannotate import TargetSpec, reannotate, reannotate_batch, select_targets
from steppe.store import open_store
from steppe.store.base import annotation_json

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "steppe" / "resources" / "demo_corpus.jsonl"
OLD = {"Astana": ("place:astana", "place", "KZ")}
NEW = {**OLD, "Tokaïev": ("person:kassym-jomart-tokaiev", "person", "KZ"),
       "Bichkek": ("place:bichkek", "place", "KG")}
TEXTS = [  # (published, text): Tokaïev in 0, 3, 6, 9; Bichkek in 2, 5, 8
    ("2024-03-01", "Tokaïev a reçu des investisseurs à Astana."),
    ("2024-06-15", "Le marché d'Astana a ouvert en hausse."),
    ("2024-11-20", "Des pluies fortes ont touché Bichkek."),
    ("2025-01", "Tokaïev signe un décret sur les retraites."),
    (None, "Astana accueille une exposition de peinture."),
    ("2025-02-10", "Une délégation de Bichkek est attendue à Astana."),
    ("2025-04-01", "Tokaïev et son homologue parlent d'énergie."),
    ("2025-05-30", "Le tramway d'Astana transporte ses premiers voyageurs."),
    ("2025-08-08", "Bichkek prépare un sommet régional."),
    ("2025-09-01", "Tokaïev annonce un référendum à Astana."),
]
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


class Names:
    """Links the names it knows, like the pipeline would; ``fail_after`` raises once that many
    articles were annotated (an interruption); ``delay`` slows each article (the kill test)."""

    def __init__(self, names: dict[str, tuple[str, str, str]], fail_after: int | None = None,
                 error: type[BaseException] = RuntimeError, delay: float = 0.0) -> None:
        self.names, self.fail_after, self.error, self.delay = names, fail_after, error, delay
        self.seen: list[str] = []

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        for article in articles:
            if self.fail_after is not None and len(self.seen) >= self.fail_after:
                raise self.error("enrichment stopped")
            time.sleep(self.delay)
            self.seen.append(article.id)
            yield article, self.annotation(article)

    def annotation(self, article: Article) -> Annotation:
        entities, countries = [], {}
        for name, (eid, kind, country) in self.names.items():
            at = article.text.find(name)
            if at >= 0:
                entities.append(Entity(eid, name, kind, country,
                                       [Mention("text", at, at + len(name), name)]))
                countries[country] = countries.get(country, 0) + 1
        return Annotation(id=article.id, lang="fr", title=article.title, text=article.text,
                          published=article.published, entities=entities,
                          countries=[CountryRef(c, c, n) for c, n in countries.items()])


def articles() -> list[Article]:
    return [Article(id=f"a{i:02d}", title=f"Dépêche {i}", text=text, published=published,
                    lang="fr") for i, (published, text) in enumerate(TEXTS)]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A base holding TEXTS annotated with the OLD names (before the KB change)."""
    url = str(tmp_path / "steppe.db") if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    with open_store(url) as store:
        store.put_articles(list(Names(OLD).annotate_pairs(articles())))
    return url


def stored(url: str) -> dict[str, str | None]:
    with open_store(url, create=False) as store:
        return {a.id: annotation_json(ann) for a, ann in store.iter_articles()}


def expected(names: dict) -> dict[str, str | None]:
    return {a.id: annotation_json(Names(names).annotation(a)) for a in articles()}


# -- library ------------------------------------------------------------------------------------

def test_kb_change_reaches_the_archive_and_a_second_run_writes_nothing(url):
    with open_store(url) as store:
        seq = store.last_seq()
        seen: list[tuple[int, int]] = []
        result = reannotate(store, Names(NEW), select_targets(store), batch=3,
                            on_batch=lambda r: seen.append((r.batches, r.done)))
        assert (result.targets, result.done, result.batches) == (10, 10, 4)
        assert (result.reannotated, result.unchanged, result.missing) == (7, 3, 0)
        assert seen == [(0, 0), (1, 3), (2, 6), (3, 9), (4, 10)]
        assert store.last_seq() == seq + 7                 # a change row per written article
        assert store.ingest_progress(result.key) is None   # a finished run forgets its position
        again = reannotate(store, Names(NEW), select_targets(store), batch=3)
        assert (again.reannotated, again.unchanged) == (0, 10)
        assert store.last_seq() == seq + 7
    assert stored(url) == expected(NEW)


def test_targets_since_are_in_pk_order_and_leave_undated_out(url):
    with open_store(url) as store:
        targets = select_targets(store, since="2025-01-01")
        ids = [aid for page in targets.pages(store, 0, 2) for _, aid in page]
        assert ids == ["a03", "a05", "a06", "a07", "a08", "a09"]   # 2025-01 counts as 2025-01-01
        assert targets.count(store) == 6
        result = reannotate(store, Names(NEW), targets, batch=4)
        assert (result.reannotated, result.unchanged) == (5, 1)
    after = stored(url)
    assert after["a00"] != expected(NEW)["a00"]                     # before --since: untouched
    assert all(after[i] == expected(NEW)[i] for i in ids)


def test_targets_where_use_the_search_index(url, tmp_path):
    with open_store(url) as store:
        where = select_targets(store, where="Bichkek", index_dir=tmp_path / "index")
        assert [aid for _, aid in where.matched or []] == ["a02", "a05", "a08"]
        both = select_targets(store, since="2025-01-01", where="Bichkek OR Tokaïev",
                              index_dir=tmp_path / "index")
        assert [aid for _, aid in both.matched or []] == ["a03", "a05", "a06", "a08", "a09"]
        result = reannotate(store, Names(NEW), where)
        assert (result.targets, result.reannotated) == (3, 3)
        assert select_targets(store, where="Samarcande", index_dir=tmp_path / "index").matched == []
        # the index caught up with the new annotations: Bichkek is now a linked place
        linked = select_targets(store, where="country:KG", index_dir=tmp_path / "index")
        assert [aid for _, aid in linked.matched or []] == ["a02", "a05", "a08"]


def test_interrupted_run_resumes_after_the_committed_batch(url):
    with open_store(url) as store:
        targets = select_targets(store)
        with pytest.raises(RuntimeError):
            reannotate(store, Names(NEW, fail_after=4), targets, batch=4)  # dies in batch 2
        row = store.ingest_progress(TargetSpec().key())
        assert row is not None and row["articles"] == 4
        assert json.loads(row["position"])["pk"] == store.article_keys_after(0, 4)[-1][0]
        assert sum(a != b for a, b in zip(stored(url).values(), expected(OLD).values())) == 3
        rest = Names(NEW)
        result = reannotate(store, rest, select_targets(store), batch=4)
        assert rest.seen == [f"a{i:02d}" for i in range(4, 10)]     # starts after batch 1
        assert (result.resumed_after, result.targets, result.done) == (4, 6, 6)
        assert store.ingest_progress(result.key) is None
    assert stored(url) == expected(NEW)                             # = an uninterrupted run


def test_restart_starts_over(url):
    with open_store(url) as store:
        with pytest.raises(RuntimeError):
            reannotate(store, Names(NEW, fail_after=3), select_targets(store), batch=3)
        again = Names(NEW)
        result = reannotate(store, again, select_targets(store), batch=3, restart=True)
        assert len(again.seen) == 10 and result.resumed_after == 0
        assert (result.reannotated, result.unchanged) == (5, 5)      # batch 1 was committed


def test_other_targets_keep_their_own_position(url):
    with open_store(url) as store:
        with pytest.raises(RuntimeError):
            reannotate(store, Names(NEW, fail_after=2), select_targets(store), batch=2)
        other = reannotate(store, Names(NEW), select_targets(store, since="2025-01-01"))
        assert other.resumed_after == 0 and other.targets == 6
        assert store.ingest_progress(TargetSpec().key())["articles"] == 2


def test_reannotate_batch_for_a_job_queue(url):
    with open_store(url) as store:
        annotate = Names(NEW).annotate_pairs
        counts = reannotate_batch(store, annotate, ["a00", "a01", "a02", "gone"])
        assert (counts["enriched"], counts["unchanged"], counts["missing"]) == (2, 1, 1)
        again = reannotate_batch(store, annotate, ["a00", "a01", "a02", "gone"])
        assert (again["enriched"], again["unchanged"], again["missing"]) == (0, 3, 1)


class Drops(Names):
    """Returns only the first ``keep`` articles it is given, then stops (a faulty enricher)."""

    def __init__(self, keep: int) -> None:
        super().__init__(NEW)
        self.keep = keep

    def annotate_pairs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        for n, pair in enumerate(super().annotate_pairs(articles)):
            if n == self.keep:
                return
            yield pair


def test_an_enricher_that_drops_articles_is_an_error_not_a_finished_run(url):
    with open_store(url) as store:
        with pytest.raises(EnrichmentError, match="l’enrichissement a rendu moins d’articles qu’il n’en a reçu"):
            reannotate(store, Drops(5), select_targets(store), batch=2)
        assert store.ingest_progress(TargetSpec().key())["articles"] == 4


# -- CLI ----------------------------------------------------------------------------------------

@pytest.fixture
def light_cli(monkeypatch: pytest.MonkeyPatch) -> list[Names]:
    """The CLI with ``Names(NEW)`` as its enricher (the last made is at the end of the list)."""
    import steppe.cli.reannotate as cli_module

    made: list[Names] = []

    def make(processes: int, batch_size: int, kb_file: str) -> Names:
        made.append(Names(NEW))
        return made[-1]
    monkeypatch.setattr(cli_module, "make_enricher", make)
    return made


def test_cli_counts_and_json(run, url, light_cli):
    first = run("--db", url, "reannotate", "--batch", "3")
    assert first.code == 0, first.err
    assert first.out.strip() == "réannotés : 7, inchangés : 3, absents : 0"
    second = run("--db", url, "reannotate", "--json")
    assert second.code == 0, second.err
    counts = json.loads(second.out.strip().splitlines()[-1])
    assert (counts["reannotated"], counts["unchanged"], counts["missing"]) == (0, 10, 0)


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday", "2025-9-1"])
def test_cli_bad_since_is_one_line(run, db, value):
    result = run("--db", db, "reannotate", "--since", value)
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip().splitlines() == [
        f"erreur : --since « {value} » : un jour AAAA-MM-JJ est attendu, par exemple 2025-09-01"]
    assert not db.exists()                        # refused before anything was opened


def test_cli_bad_query_is_one_line(run, url, tmp_path, monkeypatch):
    monkeypatch.setenv("STEPPE_INDEX_DIR", str(tmp_path / "index"))
    result = run("--db", url, "reannotate", "--where", '"Astana')
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err


def test_cli_ctrl_c_stops_cleanly_and_resumes(run, url, monkeypatch):
    import steppe.cli.reannotate as cli_module

    monkeypatch.setattr(cli_module, "make_enricher",
                        lambda *a: Names(NEW, fail_after=4, error=KeyboardInterrupt))
    stopped = run("--db", url, "reannotate", "--batch", "2")
    assert stopped.code == 130 and "Traceback" not in stopped.err
    assert stopped.err.strip().splitlines() == [
        "erreur : interrompu après 4 articles ; la même commande reprend là"]
    monkeypatch.setattr(cli_module, "make_enricher", lambda *a: Names(NEW))
    resumed = run("--db", url, "reannotate", "--batch", "2", "--json")
    assert "reprise après 4 articles" in resumed.err
    counts = json.loads(resumed.out)
    assert (counts["resumed_after"], counts["done"], counts["reannotated"]) == (4, 6, 4)
    assert stored(url) == expected(NEW)


def test_cli_kill_9_then_resume_equals_an_uninterrupted_run(run, url, light_cli, tmp_path):
    log = tmp_path / "child.log"
    with open(log, "wb") as out:
        child = subprocess.Popen([sys.executable, "-m", "tests.test_reannotate", "--db", url,
                                  "reannotate", "--batch", "2"], cwd=REPO, stdout=out,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 env=dict(os.environ, PYTHONPATH=str(REPO)))
    deadline = time.monotonic() + 60
    try:
        while _articles_done(url) < 2:                # the first batch is committed
            assert child.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the child committed nothing"
            time.sleep(0.02)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    done = _articles_done(url)
    assert 2 <= done < 10 and done % 2 == 0
    resumed = run("--db", url, "reannotate", "--batch", "2")
    assert resumed.code == 0, resumed.err
    assert f"reprise après {done} articles" in resumed.err
    assert light_cli[-1].seen == [f"a{i:02d}" for i in range(done, 10)]
    assert stored(url) == expected(NEW)


def _articles_done(url: str) -> int:
    with open_store(url, create=False) as store:
        row = store.ingest_progress(TargetSpec().key())
    return row["articles"] if row else 0


@pytest.mark.slow
def test_cli_real_pipeline_picks_up_a_kb_addition(run, tmp_path, db):
    """The real pipeline on five demo articles, three naming the Kostenko mine, which the
    bundled KB does not know as a place: after ``kb add``, only those three change."""
    records = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    chosen = [r for r in records if "Kostenko" in r["text"]][:3] + \
        [r for r in records if "Kostenko" not in r["text"] and r.get("lang") == "fr"][:2]
    corpus = tmp_path / "five.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen),
                      encoding="utf-8")
    kb = tmp_path / "kb.jsonl"
    base = ("--db", db, "--kb-file", kb)
    assert run(*base, "ingest", "--processes", "1", corpus).code == 0
    added = run(*base, "kb", "add", "--type", "place", "--name", "mine Kostenko",
                "--country", "KZ", "--alias", "Kostenko")
    assert added.code == 0, added.err
    first = run(*base, "reannotate", "--processes", "1", "--json")
    assert first.code == 0, first.err
    counts = json.loads(first.out)
    assert (counts["reannotated"], counts["unchanged"], counts["missing"]) == (3, 2, 0)
    found = run(*base, "search", 'entity:"mine Kostenko"', "--json")
    assert json.loads(found.out)["total"] == 3
    second = run(*base, "reannotate", "--processes", "1", "--where", "Kostenko")
    assert second.out.strip() == "réannotés : 0, inchangés : 3, absents : 0"


def _child(argv: list[str]) -> int:
    """The CLI with a slow ``Names(NEW)``: a batch of two takes about half a second."""
    import steppe.cli.reannotate as cli_module
    from steppe.cli import main

    cli_module.make_enricher = lambda *a: Names(NEW, delay=0.25)  # type: ignore[assignment]
    return main(argv)


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
