"""POST /api/sources: the OpenAPI schema says what the route checks, no looser, no stricter.

The schema's patterns (web/api.py's SOURCE_PATTERNS) against sources.registry.new_source,
which the route calls first: what new_source accepts matches the patterns (so a client that
follows the schema is never refused for the form of a value, and schemathesis's invalid
bodies are all refused), and for names, intervals and languages what matches is accepted.
"""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from steppe.errors import InputError
from steppe.sources.registry import new_source, parse_every
from steppe.web.api import SOURCE_PATTERNS
from tests.web.conftest import make_app

URL = "https://kun.uz/rss"


def accepted(url: str = URL, name: str | None = None, every: str = "15m",
             lang: str | None = None) -> bool:
    try:
        new_source(url, name, every, lang)
    except InputError:
        return False
    return True


def matches(field: str, value: str) -> bool:
    # JSON Schema patterns are ECMA-262: "$" ends the input; Python's "$" also matches before a
    # final newline (hypothesis found "\n"), so read it as "\Z" here
    pattern = SOURCE_PATTERNS[field].replace("$", r"\Z")
    return re.search(pattern, value) is not None


def test_the_openapi_schema_states_the_patterns(client):
    props = client.get("/openapi.json").json()["components"]["schemas"]["SourceIn"]["properties"]
    assert props["url"]["pattern"] == SOURCE_PATTERNS["url"]
    assert props["every"]["pattern"] == SOURCE_PATTERNS["every"]
    for field in ("name", "lang"):
        (string,) = [alt for alt in props[field]["anyOf"] if alt["type"] == "string"]
        assert string["pattern"] == SOURCE_PATTERNS[field]


@pytest.mark.parametrize("field, value, ok", [
    ("url", "https://kun.uz/rss", True), ("url", "  HTTP://24.kg/feed ", True),
    ("url", "ftp://kun.uz/rss", False), ("url", "file:///etc/passwd", False),
    ("url", "http://./", False), ("url", "kun.uz/rss", False), ("url", "http:kun.uz", False),
    ("name", "akipress", True), ("name", " kun.uz ", True), ("name", "", True),
    ("name", "a b", False), ("name", "   ", False), ("name", "<script>", False),
    ("every", "90s", True), ("every", " 15 m ", True), ("every", "2H", True), ("every", "1d", True),
    ("every", "45", True), ("every", "059s", False), ("every", "0m", False), ("every", "30s", False),
    ("every", "15ſ", False), ("every", "\u0661\u0665m", False), ("every", "1w", False),
    ("lang", "fr", True), ("lang", "kaz", True), ("lang", "FR", False), ("lang", "f", False),
])
def test_schema_and_validation_agree(field, value, ok):
    assert matches(field, value) is ok
    assert accepted(**{field: value}) is ok


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 \t\nsmhdSMHDwſ\u0665x", max_size=8))
def test_an_interval_is_accepted_exactly_when_it_matches(value):
    try:
        parse_every(value)
        ok = True
    except InputError:
        ok = False
    assert ok is matches("every", value)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\s{0,2}[\w.-]{1,20}\s{0,2}\Z") | st.text(max_size=12))
def test_a_name_is_accepted_exactly_when_it_matches(value):
    assert accepted(name=value) is matches("name", value)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\s?[hHtTpPsSf]{3,6}:/{0,3}[a-z0-9.:@\[\] -]{0,12}([/?#][a-z]{0,4})?\s?\Z"))
def test_every_url_accepted_matches(value):
    if accepted(url=value):
        assert matches("url", value)


def test_the_route_refuses_what_the_schema_refuses(fixture_db, tmp_path):
    """A URL new_source would take (tabs inside are dropped when it is split) but the schema
    refuses is a 400 too: clients are held to the schema."""
    db = str(tmp_path / "copy.db")
    shutil.copy(fixture_db, db)
    app = make_app(db, tmp_path, web_token="t0ken", web_write_rate=0)
    try:
        client = TestClient(app)
        auth = {"Authorization": "Bearer t0ken"}
        assert accepted(url="ht\ttp://kun.uz/rss") and not matches("url", "ht\ttp://kun.uz/rss")
        odd = client.post("/api/sources", headers=auth, json={"url": "ht\ttp://kun.uz/rss"})
        assert odd.status_code == 400 and "une URL http ou https avec un hôte est attendue" in odd.json()["error"]
        fine = client.post("/api/sources", headers=auth,
                           json={"url": "https://kun.uz/rss", "every": "2h", "lang": "fr"})
        assert fine.status_code == 201 and fine.json()["source"]["every_s"] == 7200
    finally:
        app.state.steppe.pool.close()
