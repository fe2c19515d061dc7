"""The /relations page in a real browser (issue 15): the form picks a pair, the stacked chart
shows, an article's script in an event's sentence never runs, no CSP violation, nothing
overflows a phone's width. Skips like tests/web/test_browser.py when Chromium is absent."""

from __future__ import annotations

from typing import Iterator

import pytest

from steppe.index import default_index_dir, rebuild
from steppe.store import open_store
from tests.web.events_fixture import fill_events
from tests.web.test_browser import PHONE, _serve, browser, page, shot  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def events_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-events")
    db = str(tmp / "events.db")
    with open_store(db) as store:
        fill_events(store)
        rebuild(store, default_index_dir(db))
    yield from _serve(db, tmp)


def test_relations_page_in_a_browser(page, events_server):  # noqa: F811 (fixture)
    page.goto(events_server + "/countries/KZ")
    page.locator("#partners-title").scroll_into_view_if_needed()
    shot(page, "pays-partenaires-desktop")
    page.locator("#partners-title ~ .table-wrap a", has_text="Chine").click()
    page.wait_for_url("**/relations?a=KZ&b=CN")
    assert page.locator("h1").inner_text() == "Kazakhstan – Chine"
    assert page.locator("svg.chart-wide rect.q-material_conflict").count() == 1
    assert page.locator(".events-list li").count() == 5
    shot(page, "relations-desktop")
    page.select_option("#r-b", "RU")
    page.locator(".relations-form button").click()
    page.wait_for_url("**/relations?a=KZ&b=RU&since=")
    assert page.locator("h1").inner_text() == "Kazakhstan – Russie"
    assert not page.watch.csp_violations() and not page.watch.dialogs
    page.set_viewport_size(PHONE)
    page.goto(events_server + "/relations?a=KZ&b=CN")
    assert page.locator("svg.chart-narrow").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "relations-phone")
    assert not page.watch.dialogs
