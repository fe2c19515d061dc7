"""Curation in Chromium: an editor logs in, adds a name on an entity page, sees it in the
audit log, logs out; a reader sees the log but no form."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.web.live import copy_db, headless_chromium
from tests.web.test_browser import DESKTOP, _serve, shot

pytestmark = pytest.mark.browser
USERS = {"redactrice": ("editor", "corriger sans fin"), "lecteur": ("reader", "lire le soir")}
JAPAROV = "person:sadyr-japarov"


@pytest.fixture(scope="module")
def server(fixture_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("curation-browser")
    yield from _serve(copy_db(fixture_db, tmp, "curation.db", USERS), tmp)


@pytest.fixture(scope="module")
def chromium():
    yield from headless_chromium()


def _login(chromium, server: str, name: str):
    context = chromium.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(server + "/connexion")
    page.fill("#nom", name)
    page.fill("#mot_de_passe", USERS[name][1])
    page.locator("form:has(#mot_de_passe) button[type=submit]").click()
    page.wait_for_load_state()
    return context, page


def test_editor_curates_in_the_browser_then_logs_out(chromium, server):
    context, page = _login(chromium, server, "redactrice")
    page.goto(f"{server}/entities/{JAPAROV}")
    form = page.locator("form.curation-form[data-op=alias]")
    form.locator("input[name=name]").fill("S. Japarov <script>alert(1)</script>")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/entities/*?fait=*")
    log = page.locator("ol.curation-log").inner_text()
    assert "redactrice · alias" in log and "noms + S. Japarov <script>alert(1)</script>" in log
    shot(page, "curation-editeur")
    page.locator("form.logout-inline button").click()
    page.wait_for_load_state()
    page.goto(f"{server}/entities/{JAPAROV}")
    assert page.locator("form.curation-form").count() == 0
    assert "redactrice · alias" in page.locator("ol.curation-log").inner_text()
    context.close()


def test_reader_sees_the_log_but_no_form(chromium, server):
    context, page = _login(chromium, server, "lecteur")
    page.goto(f"{server}/entities/{JAPAROV}")
    assert "lecteur" in page.locator(".account").inner_text()
    assert page.locator("section.curation").count() == 1
    assert page.locator("form.curation-form").count() == 0
    context.close()
