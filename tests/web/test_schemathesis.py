"""Schemathesis against the app's own OpenAPI schema: whatever it sends, no 500.

The app under test has writes enabled (a token) on a copy of the fixture database, so the
POST endpoints are exercised past their authentication too. Valid data (by the schema) and
invalid data both run; invalid data must get a 4xx, never a 500. Operations are driven one by one
with Hypothesis (schemathesis's pytest plugin does not load under this pytest).
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error

from steppe.index import default_index_dir
from tests.web.conftest import make_app

TOKEN = "schemathesis-token"
EXAMPLES = 40


@pytest.fixture(scope="module")
def api_schema(fixture_db, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schemathesis")
    db = tmp / "copy.db"
    shutil.copy(fixture_db, db)
    shutil.copytree(default_index_dir(fixture_db), default_index_dir(str(db)))
    app = make_app(str(db), tmp, web_token=TOKEN, web_write_rate=0)   # no 429s: exercise the writes
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.steppe.pool.close()


def test_the_schema_lists_every_api_operation(api_schema):
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert {"GET /api/articles", "GET /api/search", "GET /api/articles/{article_id}",
            "GET /api/entities/{entity_id}", "GET /api/countries/{code}", "GET /api/sources",
            "POST /api/kb/entities", "POST /api/sources"} <= labels


@pytest.mark.slow
def test_no_server_error_on_any_operation(api_schema):
    failures = []
    for result, mode in ((r, m) for r in api_schema.get_all_operations() for m in GenerationMode):
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(checks=[not_a_server_error],
                                   headers={"Authorization": f"Bearer {TOKEN}"})

        try:
            run()
        except Unsatisfiable:       # no parameter to spoil: no invalid request exists
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # collect all, report together
            failures.append(f"{operation.label} ({mode.value} data): {exc}")
    assert not failures, "\n\n".join(failures)
