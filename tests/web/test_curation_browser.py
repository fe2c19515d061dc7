"""Curation in Chromium: an editor logs in, adds a name on an entity page, sees it in the
audit log, logs out; a reader sees the log but no form."""

from __future__ import annotations

import shutil
from typing import Iterator

import pytest

from steppe.accounts.users import add_user
from steppe.index import default_index_dir
from steppe.store import open_store
from tests.web.test_browser import ARGS, CHROMIUM, DESKTOP, _serve, _unavailable, shot

pytestmark = pytest.mark.browser
USERS = {"redactrice": ("editor", "corriger sans fin"), "lecteur": ("reader", "lire le soir")}
JAPAROV = "person:sadyr-japarov"


@pytest.fixture(scope="module")
def server(fixture_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("curation-browser")
    db = str(tmp / "curation.db")
    shutil.copy(fixture_db, db)
    shutil.copytree(default_index_dir(fixture_db), default_index_dir(db))
    with open_store(db) as store:
        for name, (role, password) in USERS.items():
            add_user(store, name, role, password)
    yield from _serve(db, tmp)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield instance
        instance.close()


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
