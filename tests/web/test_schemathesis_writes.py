"""Schemathesis on the authenticated writes (POST /api/kb/entities, POST /api/sources).

test_schemathesis.py drives every operation with the token and asks one thing: no 500. Here
the writes get the full set of response checks — no 500, only documented status codes, the
documented content type and headers, bodies matching their schema, invalid data refused —
three ways: with the operator's token and valid bodies (so the writes really happen: each run
must record 201s), with the token and invalid bodies, and without a valid token (nothing may
be written then). The app writes to a copy of the fixture database and to its own KB file.
Examples are derandomized and counted, so the run is the same and short on every machine.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, ignored_auth,
                                               negative_data_rejection,
                                               response_headers_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

from steppe.index import default_index_dir
from steppe.store import open_store
from tests.web.conftest import make_app

TOKEN = "schemathesis-writes-token"
WRITES = ("POST /api/kb/entities", "POST /api/sources")
EXAMPLES = 60
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
BAD_CREDENTIALS = {
    "none": {},
    "wrong token": {"Authorization": "Bearer not-the-token"},
    "not bearer": {"Authorization": f"Basic {TOKEN}"},
    "empty bearer": {"Authorization": "Bearer "},
}

# The schema states what the route checks (test_source_schema.py), but a value drawn from a
# pattern is rarely meaningful (a random host, a name taken twice), so half the source cases
# get a real feed URL, interval, name and language, drawn from small pools so that
# duplicates happen too.
HOSTS = [f"https://{w}.example.org/{p}" for w in ("akipress", "kun", "tengri", "asia-plus",
                                                    "24kg", "gazeta", "orda", "podrobno")
         for p in ("rss", "feed.xml")]
INTERVALS = ("90s", "15m", "2h", "1d", "30m")
LANGS = (None, "fr", "ru", "en", "kk", "uz")

pytestmark = pytest.mark.slow


class Site:
    """An app with writes on (token set, write rate limit off, unless ``settings`` say
    otherwise) on a copy of the fixtures."""

    def __init__(self, fixture_db: str, tmp: Path, **settings: object) -> None:
        self.db = str(tmp / "copy.db")
        shutil.copy(fixture_db, self.db)
        shutil.copytree(default_index_dir(fixture_db), default_index_dir(self.db))
        self.kb_file = tmp / "kb.jsonl"
        self.app = make_app(self.db, tmp, **{"web_token": TOKEN, "web_write_rate": 0, **settings})
        self.schema = schemathesis.openapi.from_asgi("/openapi.json", self.app)
        # the credentials are the test's to choose (headers=…), not generated from the scheme
        self.schema.config.generation.update(with_security_parameters=False)

    def operation(self, label: str):
        (found,) = [r.ok() for r in self.schema.get_all_operations() if r.ok().label == label]
        return found

    def written(self) -> tuple[int, int]:
        """(KB records appended, sources in the store)."""
        kb = self.kb_file.read_text(encoding="utf-8").count("\n") if self.kb_file.exists() else 0
        with open_store(self.db, create=False) as store:
            return kb, len(store.list_sources())

    def close(self) -> None:
        self.app.state.steppe.pool.close()


@pytest.fixture
def site(fixture_db, tmp_path):
    opened = Site(fixture_db, tmp_path)
    yield opened
    opened.close()


def cases(operation, mode: GenerationMode):
    """Schemathesis's cases; valid source bodies are made meaningful half of the time."""
    generated = operation.as_strategy(generation_mode=mode)
    if operation.label != "POST /api/sources" or mode is not GenerationMode.POSITIVE:
        return generated

    def meaningful(drawn):
        case, real, url, every, lang, named = drawn
        if real and isinstance(case.body, dict):
            case.body = {**case.body, "url": url, "every": every, "lang": lang,
                         "name": url.split("/")[2].split(".")[0] if named else None}
        return case
    return st.tuples(generated, st.booleans(), st.sampled_from(HOSTS), st.sampled_from(INTERVALS),
                     st.sampled_from(LANGS), st.booleans()).map(meaningful)


def fuzz(operation, mode: GenerationMode, headers: dict[str, str], checks: list,
         examples: int = EXAMPLES) -> Counter[int]:
    """Run ``examples`` generated cases of ``operation``; the statuses seen. Raises the first
    failed check, with the case that failed it (Hypothesis shrinks it first)."""
    seen: Counter[int] = Counter()

    @given(case=cases(operation, mode))
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate(checks=checks, headers=headers)
        seen[response.status_code] += 1

    run()
    return seen


@pytest.mark.parametrize("label", WRITES)
def test_valid_writes_with_the_token_conform_to_the_schema(site, label):
    before = site.written()
    seen = fuzz(site.operation(label), GenerationMode.POSITIVE,
                {"Authorization": f"Bearer {TOKEN}"}, [*CHECKS, ignored_auth])
    assert seen[201] >= 5, seen                    # the writes really ran, past auth and checks
    assert set(seen) <= {201, 400}, seen           # 400: valid JSON, refused by meaning (a bad URL…)
    kb, sources = site.written()
    assert (kb - before[0], sources - before[1]) != (0, 0)


@pytest.mark.parametrize("label", WRITES)
def test_invalid_writes_with_the_token_are_refused_as_documented(site, label):
    before = site.written()
    seen = fuzz(site.operation(label), GenerationMode.NEGATIVE,
                {"Authorization": f"Bearer {TOKEN}"}, [*CHECKS, negative_data_rejection])
    assert seen and all(400 <= status < 500 for status in seen), seen
    assert site.written() == before


@pytest.mark.parametrize("credentials", BAD_CREDENTIALS)
@pytest.mark.parametrize("label", WRITES)
def test_writes_without_the_token_are_refused_as_documented(site, label, credentials):
    before = site.written()
    seen = fuzz(site.operation(label), GenerationMode.POSITIVE, BAD_CREDENTIALS[credentials],
                CHECKS, examples=15)
    assert set(seen) <= {401, 403}, seen
    assert site.written() == before


def test_writes_are_refused_as_documented_when_the_operator_set_no_token(fixture_db, tmp_path):
    closed = Site(fixture_db, tmp_path, web_token="")
    try:
        before = closed.written()
        for label in WRITES:
            seen = fuzz(closed.operation(label), GenerationMode.POSITIVE,
                        {"Authorization": f"Bearer {TOKEN}"}, CHECKS, examples=15)
            assert set(seen) == {403}, (label, seen)
        assert closed.written() == before
    finally:
        closed.close()


# -- what the guard answers before the route runs: documented? ------------------------------------
def _guarded_answer(site: Site, body: dict, times: int):
    """The last of ``times`` identical valid calls with the token, and its case."""
    operation = site.operation("POST /api/sources")
    for n in range(times):
        case = operation.Case(body={**body, "name": f"guard-{n}"}, media_type="application/json")
        response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    return case, response


def test_the_write_rate_limit_answer_is_documented(fixture_db, tmp_path):
    site = Site(fixture_db, tmp_path, web_write_rate=1.0, web_write_burst=3)
    try:
        case, response = _guarded_answer(site, {"url": HOSTS[0]}, times=5)
        assert response.status_code == 429
        case.validate_response(response, checks=CHECKS)
    finally:
        site.close()


def test_the_body_cap_answer_is_documented(fixture_db, tmp_path):
    site = Site(fixture_db, tmp_path, web_max_body_bytes=1_000)
    try:
        case, response = _guarded_answer(site, {"url": HOSTS[0] + "/" + "x" * 1_500}, times=1)
        assert response.status_code == 413
        case.validate_response(response, checks=CHECKS)
    finally:
        site.close()


def test_the_writes_declare_their_bearer_token(site):
    document = site.app.openapi()
    schemes = document.get("components", {}).get("securitySchemes", {})
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values())
    for label in WRITES:
        method, path = label.split(" ")
        assert document["paths"][path][method.lower()].get("security"), label
