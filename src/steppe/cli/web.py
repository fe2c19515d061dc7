"""The web app on the command line: serve it, and measure it under load."""

from __future__ import annotations

import errno
import json
import os
import socket

import click
from rich.console import Console
from rich.table import Table

from steppe.cli.bench import bench
from steppe.cli.root import cli, settings_of
from steppe.errors import SteppeError
from steppe.settings import Settings, describe


APP_FACTORY = "steppe.web.app:app_from_env"  # the web app by name: cli and web never import each other


def settings_env(settings: Settings) -> dict[str, str]:
    """The settings as the STEPPE_* environment variables the app's factory reads back."""
    return {env: str(getattr(settings, name)) for name, env, _, _ in describe()}


class PortUnavailable(SteppeError):
    """The address to serve on is taken (or not ours): a usage problem, fixed with --port."""

    exit_code = 2


def check_port(host: str, port: int) -> None:
    """Fail in one line before uvicorn starts when the port cannot be listened on: uvicorn
    would log its own multi-line error and exit 1, which reads like a crash."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise PortUnavailable(f"--host {host} : adresse inconnue ({exc.strerror})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortUnavailable(
                    f"le port {port} est déjà utilisé sur {host} : choisissez-en un autre avec "
                    f"--port (par exemple --port {port + 1 if port < 65535 else 8080})") from None
            raise PortUnavailable(f"impossible d’écouter sur {host}:{port} "
                                  f"({exc.strerror}) : essayez un autre --port") from None


def serve_app(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve the web app until Ctrl-C (uvicorn, one process; a small store pool serves threads)."""
    import uvicorn

    from steppe.store import open_store

    host = host or settings.web_host
    port = port or settings.web_port
    open_store(settings.db, create=False).close()   # a missing database fails before listening
    check_port(host, port)
    # the app decides from the address it is served on whether anonymous visitors may read
    os.environ.update(settings_env(settings.with_(web_host=host, web_port=port)))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(f"Steppe est servi sur http://{shown}:{port}/  (API : /api, documentation : /docs ;"
               " Ctrl-C pour arrêter)")
    if not settings.web_token:
        click.echo("écritures : connectez-vous avec un compte d’éditeur (steppe users add) ou "
                   "définissez STEPPE_WEB_TOKEN")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, log_level="warning",
                access_log=False, proxy_headers=False, server_header=False)


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; env STEPPE_WEB_HOST).")
@click.option("--port", default=None, type=click.IntRange(1, 65535),
              help="Port (default 8000; env STEPPE_WEB_PORT).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the web app (Fil, Recherche, Article, Entité, Pays, Sources) and its JSON API.

    Read-only unless the operator sets STEPPE_WEB_TOKEN; every asset is served by the app.

    \b
    Examples:
      steppe serve                          # http://127.0.0.1:8000/
      steppe --db news.db serve --port 8080
      STEPPE_WEB_TOKEN=secret steppe serve --host 0.0.0.0
    """
    serve_app(settings_of(ctx), host, port)


@bench.command("web")
@click.option("--docs", default=100_000, show_default=True, help="Articles in the synthetic database.")
@click.option("--db-path", default=None, type=click.Path(dir_okay=False),
              help="Synthetic database to build or reuse (default: a cache file named after --docs).")
@click.option("--requests", "per_endpoint", default=200, show_default=True,
              help="Requests per endpoint (after a warm-up).")
@click.option("--concurrency", default=4, show_default=True, help="Requests in flight at once.")
@click.option("--max-seconds", default=300, show_default=True, help="Stop the load after this long.")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
def bench_web(docs: int, db_path: str | None, per_endpoint: int, concurrency: int,
              max_seconds: float, as_json: bool) -> None:
    """Latency of the home, search and entity pages and their API twins on a synthetic base.

    Builds (or reuses) a DOCS-article database with its index, serves it with uvicorn on
    127.0.0.1 in a child process, sends a bounded load over loopback and prints p50/p95/p99 per
    endpoint.

    \b
    Example:
      steppe bench web --docs 100000 --json
    """
    from steppe.bench.web import run_web_bench

    console = Console(stderr=True)
    figures = run_web_bench(docs, db_path, per_endpoint, concurrency, max_seconds,
                            progress=lambda message: console.print(message))
    table = Table("endpoint", "p50 ms", "p95 ms", "p99 ms", "req/s", "errors",
                  title=f"steppe bench web: {docs:,} articles, {concurrency} in flight")
    for name, row in figures["endpoints"].items():
        table.add_row(name, str(row["p50_ms"]), str(row["p95_ms"]), str(row["p99_ms"]),
                      str(row["per_s"]), str(row["errors"]))
    Console(stderr=as_json).print(table)
    if as_json:
        click.echo(json.dumps(figures))


@bench.command("load")
@click.option("--docs", default=100_000, show_default=True, type=click.IntRange(1, 10_000_000),
              help="Articles in the synthetic base.")
@click.option("--clients", default=50, show_default=True, type=click.IntRange(1, 1000),
              help="Clients at once, each sending its next request when answered (and thought).")
@click.option("--think", default=0.0, show_default=True, type=click.FloatRange(0, 600),
              help="Mean seconds a client waits between two requests (exponential, as locust's "
                   "users); 0 measures saturation, a few seconds models readers.")
@click.option("--seconds", default=60.0, show_default=True, type=click.FloatRange(1, 3600),
              help="Length of the measured window (after a warm-up of up to 5 s).")
@click.option("--backend", "backend_url", default=None,
              help="Base to build or reuse: a SQLite path or a postgresql:// URL (use "
                   "?schema=NAME); default: bench web's cache file for --docs.")
@click.option("--json", "as_json", is_flag=True, help="End with one JSON line of figures.")
def bench_load(docs: int, clients: int, seconds: float, think: float, backend_url: str | None,
               as_json: bool) -> None:
    """Many readers at once: requests/s, status counts, p50/p95/p99 per route class, memory.

    Serves a DOCS-article synthetic base (bench web's, stories clustered) with 'steppe serve'
    in a child process on 127.0.0.1, then CLIENTS clients request a mix of pages and API
    twins (feed, searches with facets, articles, entities, countries, stories) for SECONDS.
    The server's resident memory is read at start, middle and end. Reads only; loopback only.
    With --think 0 (the default) clients never pause: that measures saturation; --think 2
    makes each client wait 2 s on average between requests, as readers do.

    \b
    Examples:
      steppe bench load --docs 100000 --clients 50 --seconds 60 --json
      steppe bench load --docs 100000 --clients 50 --think 2 --seconds 60 --json
      steppe bench load --docs 100000 --backend 'postgresql://postgres@127.0.0.1/test?schema=load' --json
    """
    from steppe.bench.load import run_load_bench

    console = Console(stderr=True)
    figures = run_load_bench(docs, clients, seconds, backend_url,
                             progress=lambda message: console.print(message), think=think)
    table = Table("route class", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "statuses",
                  title=f"steppe bench load: {docs:,} articles, {clients} clients"
                        + (f" thinking {think:g} s" if think else "")
                        + f", {figures['requests_per_s']:,} req/s")
    for name, row in figures["classes"].items():
        table.add_row(name, str(row["requests"]), str(row["per_s"]), str(row["p50_ms"]),
                      str(row["p95_ms"]), str(row["p99_ms"]),
                      ", ".join(f"{k}: {v}" for k, v in row["status"].items()))
    Console(stderr=as_json).print(table)
    console_out = Console(stderr=as_json)
    console_out.print(f"server errors (5xx): {figures['server_errors']}   "
                      f"no answer: {figures['no_answer']}   "
                      f"tracebacks in the server's log: {figures['server_tracebacks']}")
    for label, key in (("resident (VmRSS)", "rss_mb"), ("heap (RssAnon)", "anon_mb")):
        m = figures[key]
        console_out.print(f"server memory, {label}, MB: idle {m['idle']}, start {m['start']}, "
                          f"middle {m['middle']}, end {m['end']}, max {m['max']}")
    if as_json:
        click.echo(json.dumps(figures))
