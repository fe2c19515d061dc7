"""Accounts on a real ``steppe serve`` (127.0.0.1): login, the session cookie, logout, the
login rate limit, CSRF, roles on the write routes, user and legacy tokens, expired sessions,
and a server that keeps anonymous visitors out."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn
from fastapi import Depends, Request
from fastapi.responses import PlainTextResponse

from steppe.accounts import sessions, tokens
from steppe.store import open_store
from steppe.web.auth import read_form, require_role
from tests.web.live import ServedProcess, copy_db, free_port

LEGACY = "s3cret-legacy"
PASSWORDS = {"lectrice": "lire sans fin", "editeur": "corriger toujours", "chef": "administrer"}
ROLES = {"lectrice": "reader", "editeur": "editor", "chef": "admin"}
ENTITY = {"name": "Aïgerim Seitkali", "type": "person", "country": "KZ"}


@pytest.fixture(scope="module")
def db(fixture_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    return copy_db(fixture_db, tmp_path_factory.mktemp("accounts-web"), "accounts.db",
                   {name: (ROLES[name], password) for name, password in PASSWORDS.items()})


@pytest.fixture(scope="module")
def server(db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProcess]:
    served = ServedProcess(db, tmp_path_factory.mktemp("accounts-serve"), STEPPE_WEB_TOKEN=LEGACY,
                           STEPPE_WEB_WRITE_RATE="1000", STEPPE_WEB_WRITE_BURST="1000")
    yield served
    served.stop()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def _login(server: ServedProcess, name: str, password: str | None = None,
           client: httpx.Client | None = None) -> tuple[httpx.Client, httpx.Response]:
    client = client or httpx.Client(base_url=server.url, timeout=30)
    form = client.get("/connexion")
    assert form.status_code == 200 and "steppe_csrf" in client.cookies
    response = client.post("/connexion", data={"nom": name, "csrf": _csrf(form.text),
                                               "mot_de_passe": password or PASSWORDS[name],
                                               "suite": "/sources"})
    return client, response


def test_login_sets_a_hardened_session_cookie_and_shows_the_user(server):
    client, response = _login(server, "editeur")
    assert response.status_code == 303 and response.headers["location"] == "/sources"
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and v.startswith("steppe_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=43200" in cookie
    assert "Secure" not in cookie                           # plain HTTP on 127.0.0.1
    page = client.get("/sources")
    assert "editeur (éditeur)" in page.text and "Déconnexion" in page.text
    assert ">Connexion<" not in page.text


def test_anonymous_pages_offer_the_login_link(server):
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and '<a href="/connexion">Connexion</a>' in page.text


def test_a_wrong_password_is_refused_in_french(server):
    client, response = _login(server, "lectrice", "pas le bon")
    assert response.status_code == 401
    assert "Nom d’utilisateur ou mot de passe incorrect." in response.text
    assert "steppe_session" not in client.cookies
    _, unknown = _login(server, "personne", "pas le bon")
    assert unknown.status_code == 401 and "incorrect" in unknown.text


def test_ten_wrong_passwords_are_rate_limited_and_logged(db, tmp_path):
    served = ServedProcess(db, tmp_path)
    try:
        client = httpx.Client(base_url=served.url, timeout=30)
        codes = [_login(served, "chef", f"faux-{i}", client)[1].status_code for i in range(10)]
        assert codes == [401] * 9 + [429]
        _, right = _login(served, "chef", None, client)          # even the right one, now
        assert right.status_code == 429 and "Trop de tentatives" in right.text
        assert int(right.headers["retry-after"]) > 800
        assert "steppe_session" not in client.cookies
        other = httpx.Client(base_url=served.url, timeout=30)    # the name is shut too
        assert _login(served, "chef", None, other)[1].status_code == 429
        assert _login(served, "editeur", None, other)[1].status_code == 429   # same address
        log = served.output()
        assert "login: too many wrong passwords (name 'chef', address 127.0.0.1)" in log
    finally:
        served.stop()


def test_the_tenth_wrong_password_logs_a_warning(db, tmp_path, caplog):
    """The same limit in process, where the log record's level can be read."""
    from tests.web.conftest import Client, make_app

    app = make_app(db, tmp_path)
    client = Client(app)
    try:
        form = client.get("/connexion")
        cookie = {"Cookie": form.headers["set-cookie"].split(";")[0]}
        data = {"nom": "chef", "csrf": _csrf(form.text), "mot_de_passe": "faux"}
        with caplog.at_level("WARNING", logger="steppe.web"):
            codes = [client.post("/connexion", data=data, headers=cookie).status_code
                     for _ in range(10)]
        assert codes == [401] * 9 + [429]
        [record] = [r for r in caplog.records if "too many wrong passwords" in r.getMessage()]
        assert record.levelname == "WARNING"
    finally:
        app.state.steppe.pool.close()


def test_a_forged_or_missing_csrf_token_is_refused(server):
    client = httpx.Client(base_url=server.url, timeout=30)
    client.get("/connexion")
    for token in ("forged", ""):
        response = client.post("/connexion", data={"nom": "editeur", "csrf": token,
                                                   "mot_de_passe": PASSWORDS["editeur"]})
        assert response.status_code == 403 and "ne vient pas de ce site" in response.text
    assert "steppe_session" not in client.cookies
    # a logged-in editor: a JSON write without the session's CSRF header is refused
    client, _ = _login(server, "editeur")
    refused = client.post("/api/kb/entities", json=ENTITY)
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]
    forged = client.post("/deconnexion", data={"csrf": "forged"})
    assert forged.status_code == 403 and "Accès refusé" in forged.text
    assert "editeur (éditeur)" in client.get("/").text            # still logged in


def test_a_reader_cannot_write_an_editor_can(server):
    reader, _ = _login(server, "lectrice")
    csrf = _csrf(reader.get("/").text)
    refused = reader.post("/api/sources", json={"url": "https://example.org/rss"},
                          headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403
    assert refused.json()["message"].startswith("Action réservée aux éditeurs")
    editor, _ = _login(server, "editeur")
    csrf = _csrf(editor.get("/").text)
    made = editor.post("/api/sources", headers={"X-CSRF-Token": csrf},
                       json={"url": "https://example.org/rss", "name": "exemple-editeur"})
    assert made.status_code == 201, made.text
    assert editor.get("/api/alerts").status_code == 200          # reading needs no CSRF token
    assert reader.get("/api/alerts").status_code == 403


def test_require_role_on_a_form_route(db, tmp_path):
    """The dependency other routes use (web/auth.py): role, then the form's CSRF field."""
    from tests.web.conftest import make_app

    app = make_app(db, tmp_path, web_token=LEGACY)

    @app.post("/essai-editeur")
    async def essai(request: Request, user=Depends(require_role("editor"))) -> PlainTextResponse:
        form = await read_form(request)
        return PlainTextResponse(f"{user.name}:{form.get('valeur')}")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        live = ServedAt(f"http://127.0.0.1:{port}")
        editor, _ = _login(live, "editeur")
        csrf = _csrf(editor.get("/").text)
        ok = editor.post("/essai-editeur", data={"csrf": csrf, "valeur": "é"})
        assert ok.status_code == 200 and ok.text == "editeur:é"
        forged = editor.post("/essai-editeur", data={"csrf": csrf[:-2] + "xx", "valeur": "é"})
        assert forged.status_code == 403 and "jeton de sécurité du formulaire" in forged.text
        assert editor.post("/essai-editeur", data={"valeur": "é"}).status_code == 403
        reader, _ = _login(live, "lectrice")
        refused = reader.post("/essai-editeur", data={"csrf": _csrf(reader.get("/").text)})
        assert refused.status_code == 403 and "réservée aux éditeurs" in refused.text
        anonymous = httpx.post(live.url + "/essai-editeur", data={"valeur": "x"})
        assert anonymous.status_code == 401
        token = httpx.post(live.url + "/essai-editeur", data={"valeur": "x"},
                           headers={"Authorization": f"Bearer {LEGACY}"})
        assert token.status_code == 200 and token.text == "opérateur:x"   # no CSRF with a token
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.steppe.pool.close()


class ServedAt:
    """Just the URL of a server started in this process (what ``_login`` needs)."""

    def __init__(self, url: str) -> None:
        self.url = url


def test_user_tokens_carry_their_role_and_the_legacy_token_still_works(server, db):
    with open_store(db) as store:
        reader_token = tokens.create_token(store, "lectrice", "test")
        editor_token = tokens.create_token(store, "editeur", "test")
    as_reader = {"Authorization": f"Bearer {reader_token}"}
    assert httpx.post(server.url + "/api/kb/entities", json=ENTITY, headers=as_reader).status_code == 403
    made = httpx.post(server.url + "/api/kb/entities", json=ENTITY,
                      headers={"Authorization": f"Bearer {editor_token}"})
    assert made.status_code == 201, made.text                   # no CSRF needed with a token
    legacy = httpx.post(server.url + "/api/sources", headers={"Authorization": f"Bearer {LEGACY}"},
                        json={"url": "https://example.org/feed", "name": "exemple-legacy"})
    assert legacy.status_code == 201
    unknown = httpx.post(server.url + "/api/sources", headers={"Authorization": "Bearer stp_nobody"},
                         json={"url": "https://example.org/x"})
    assert unknown.status_code == 403 and unknown.json()["message"] == "Le jeton fourni n’est pas le bon."
    assert httpx.post(server.url + "/api/sources", json={}).status_code == 401


def test_logout_ends_the_session_everywhere(server):
    client, _ = _login(server, "lectrice")
    stolen = client.cookies["steppe_session"]
    out = client.post("/deconnexion", data={"csrf": _csrf(client.get("/").text)})
    assert out.status_code == 303 and out.headers["location"] == "/connexion"
    assert "steppe_session" not in client.cookies
    replay = httpx.get(server.url + "/", cookies={"steppe_session": stolen})
    assert "Votre session a expiré" in replay.text and "lectrice (lecteur)" not in replay.text


def test_an_expired_session_is_anonymous_and_told_so(server, db):
    with open_store(db) as store:
        secret = store.meta_secret(sessions.SECRET_KEY, "unused")
        user = store.get_user("editeur")
    old = sessions.issue(secret, user.id, user.session_version, now=time.time() - 13 * 3600)
    page = httpx.get(server.url + "/", cookies={"steppe_session": old})
    assert page.status_code == 200 and "Votre session a expiré, reconnectez-vous" in page.text
    assert "editeur (éditeur)" not in page.text
    cleared = [v for k, v in page.headers.multi_items() if k == "set-cookie" and "steppe_session=" in v]
    assert cleared and "Max-Age=0" in cleared[0]
    write = httpx.post(server.url + "/api/kb/entities", json=ENTITY, cookies={"steppe_session": old})
    assert write.status_code == 401 and write.json()["message"] == "Votre session a expiré, reconnectez-vous."
    forged = sessions.issue("not the secret", user.id, user.session_version)
    assert "editeur (éditeur)" not in httpx.get(server.url + "/", cookies={"steppe_session": forged}).text


def test_without_anonymous_reading_pages_send_visitors_to_the_login(db, tmp_path):
    served = ServedProcess(db, tmp_path, STEPPE_WEB_ANONYMOUS="no")
    try:
        page = httpx.get(served.url + "/search?q=gaz")
        assert page.status_code == 303
        assert page.headers["location"] == "/connexion?suite=%2Fsearch%3Fq%3Dgaz"
        api = httpx.get(served.url + "/api/articles")
        assert api.status_code == 401 and api.json()["message"].startswith("Connectez-vous")
        assert httpx.get(served.url + "/static/steppe.css").status_code == 200
        client, response = _login(served, "lectrice")
        assert response.status_code == 303
        assert client.get("/api/articles").status_code == 200
        assert "lectrice (lecteur)" in client.get("/search?q=gaz").text
    finally:
        served.stop()


def test_the_anonymous_setting_is_checked():
    from steppe.errors import InputError
    from steppe.settings import Settings

    assert Settings(web_host="127.0.0.1").anonymous_reading()
    assert not Settings(web_host="0.0.0.0").anonymous_reading()
    assert Settings(web_host="0.0.0.0", web_anonymous="yes").anonymous_reading()
    assert not Settings(web_anonymous="no").anonymous_reading()
    with pytest.raises(InputError, match="STEPPE_WEB_ANONYMOUS « peut-être »"):
        Settings(web_anonymous="peut-être").anonymous_reading()


def test_serving_on_every_address_keeps_anonymous_visitors_out(db, tmp_path):
    """``steppe serve --host 0.0.0.0`` passes the address it listens on to the app, whose
    default (``auto``) then refuses anonymous reading."""
    import os
    import signal
    import subprocess
    import sys

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEPPE_")}
    env["STEPPE_KB_FILE"] = str(tmp_path / "kb.jsonl")
    steppe = Path(sys.executable).with_name("steppe")
    with open(tmp_path / "serve.log", "wb") as log:
        process = subprocess.Popen([str(steppe), "--db", db, "serve", "--host", "0.0.0.0",
                                    "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(url + "/api/status", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            assert httpx.get(url + "/api/articles").status_code == 401
            assert httpx.get(url + "/").headers["location"].startswith("/connexion")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=15)


def test_cookies_are_secure_over_https(db, tmp_path):
    """Over HTTPS (as the ASGI server reports it) both cookies get the Secure flag."""
    import asyncio

    from tests.web.conftest import make_app

    app = make_app(db, tmp_path)

    async def go() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
            form = await c.get("/connexion")
            login = await c.post("/connexion", data={"nom": "editeur", "csrf": _csrf(form.text),
                                                     "mot_de_passe": PASSWORDS["editeur"]})
            return form, login
    try:
        form, login = asyncio.run(go())
    finally:
        app.state.steppe.pool.close()
    pre = form.headers["set-cookie"]
    session = login.headers["set-cookie"]
    assert pre.startswith("steppe_csrf=") and pre.endswith("; Secure")
    assert login.status_code == 303 and session.startswith("steppe_session=") and "; Secure" in session


def test_the_export_links_are_for_logged_in_users(server):
    anonymous = httpx.get(server.url + "/")
    assert anonymous.status_code == 200 and "Exporter" not in anonymous.text
    assert "/api/export" not in anonymous.text
    assert httpx.get(server.url + "/api/export", params={"what": "articles"}).status_code == 401
    reader, _ = _login(server, "lectrice")
    home = reader.get("/")
    assert '<h2 id="exports-title">Exporter</h2>' in home.text
    links = re.findall(r'href="(/api/export[^"]*)"', home.text)
    assert "/api/export/graph?kind=countries&amp;format=gexf" in links
    for link in links:
        got = reader.get(link.replace("&amp;", "&"))
        assert got.status_code == 200 and "attachment" in got.headers["content-disposition"], link
