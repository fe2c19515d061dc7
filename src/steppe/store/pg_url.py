"""PostgreSQL URLs: Steppe's own ``?schema=`` taken out, a connect timeout added, a printable
form without the password.

The query string is read as libpq reads it, not as an HTML form: values are percent-decoded
and a ``+`` stays a ``+`` (libpq never turns it into a space), and values are written back
percent-encoded, so ``options=-c%20search_path%3Dkz`` reaches the server with its space.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

CONNECT_TIMEOUT = "10"  # seconds: never hang on a dead host


def query_params(query: str) -> list[tuple[str, str]]:
    """``key=value`` pairs of a URL's query, percent-decoded, ``+`` kept (libpq's reading)."""
    pairs = []
    for field in query.split("&"):
        if field:
            key, _, value = field.partition("=")
            pairs.append((unquote(key), unquote(value)))
    return pairs


def query_string(pairs: list[tuple[str, str]]) -> str:
    """Pairs percent-encoded, every byte but letters, digits and ``-._~`` (as urlencode did,
    but a space is ``%20``: libpq reads ``+`` as a plus sign)."""
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def split_url(url: str) -> tuple[str, str | None, str]:
    """(URL to connect with, schema from ``?schema=``, URL safe to print: no password).

    The schema parameter is ours, not libpq's, so it must go before connecting; the printed
    form drops passwords because it ends up in error messages, logs and ``steppe stats``.
    """
    parts = urlsplit(url)
    query = query_params(parts.query)
    schema = next((v for k, v in query if k == "schema"), None) or None
    conn_query = [(k, v) for k, v in query if k != "schema"]
    if not any(k == "connect_timeout" for k, _ in conn_query):
        conn_query.append(("connect_timeout", CONNECT_TIMEOUT))
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hostport = netloc.rsplit("@", 1)
        netloc = userinfo.split(":", 1)[0] + "@" + hostport
    shown_query = query_string([(k, v) for k, v in query if k != "password"])
    conn_url = urlunsplit(parts._replace(query=query_string(conn_query)))
    return conn_url, schema, urlunsplit(parts._replace(netloc=netloc, query=shown_query))
