"""Downloads of the exports (issue 16): ``/api/export`` (a table, CSV or JSON Lines) and
``/api/export/graph`` (a co-mention network, GEXF or GraphML), the same files as
``steppe export`` writes, built by the same library functions.

Arguments are checked before a byte is sent, so a bad one is a 400 with its French message.
A table is then streamed a page of rows at a time from the store the request borrowed
(``deps.store_of`` gives it back only after the response has been sent), so a download of any
archive holds one page in memory. A network is built first (it is the graph networkx writes),
then sent a line at a time.

Who may download is decided by one dependency, ``downloads_allowed``: logged-in users of any
role (a browser session, an API token or the operator's STEPPE_WEB_TOKEN); an anonymous caller
gets a 401 in French, even where anonymous reading is on.
"""

from __future__ import annotations

from typing import Iterator

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from steppe.reports.comention import (PER_ARTICLE, check_graph_format, check_kind,
                                      comention_graph, graph_lines)
from steppe.reports.events import check_day
from steppe.reports.exports import check_format, check_what, export_rows, render_lines
from steppe.store import Store
from steppe.web.api import ERRORS
from steppe.web.auth import require_role
from steppe.web.deps import store_of

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
         "gexf": "application/gexf+xml; charset=utf-8",
         "graphml": "application/graphml+xml; charset=utf-8"}

Since = Query(None, max_length=20,
              description="Articles publiés depuis ce jour, AAAA-MM-JJ (ou AAAA-MM, AAAA), ou "
                          "sur cette durée jusqu’à aujourd’hui : 7d, 4w, 3m, 1y (vide : tout).")


downloads_allowed = require_role("reader")
"""Who may download exports: any logged-in user (reader, editor or admin); this one dependency
guards every route below. The routes only read, so no CSRF token is asked for."""


router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS,
                   dependencies=[Depends(downloads_allowed)])


def _download(lines: Iterator[str], name: str, fmt: str) -> StreamingResponse:
    return StreamingResponse((line.encode("utf-8") for line in lines), media_type=MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Cache-Control": "no-store"})


@router.get("/export", response_class=StreamingResponse,
            responses={200: {"description": "Le fichier, en pièce jointe.",
                             "content": {"text/csv": {}, "application/x-ndjson": {}}}},
            summary="Une table à télécharger : articles, entités, mentions ou histoires, "
                    "en CSV ou JSON Lines")
def api_export(what: str = Query(..., max_length=20,
                                 description="articles, entities, mentions ou stories."),
               format: str = Query("csv", max_length=10, description="csv ou jsonl."),
               since: str | None = Since,
               store: Store = Depends(store_of)) -> StreamingResponse:
    """The rows of ``steppe export --what``, one page of the store at a time."""
    what = check_what(what, "what")
    fmt = check_format(format, "format")
    check_day(since, "since")
    rows = export_rows(store, what, since, names=("what", "since"))
    return _download(render_lines(rows, what, fmt), f"steppe-{what}.{fmt}", fmt)


@router.get("/export/graph", response_class=StreamingResponse,
            responses={200: {"description": "Le fichier, en pièce jointe.",
                             "content": {"application/gexf+xml": {}, "application/graphml+xml": {}}}},
            summary="Un réseau de co-mentions à télécharger (entités ou pays), en GEXF "
                    "(Gephi) ou GraphML")
def api_export_graph(kind: str = Query(..., max_length=20, description="entities ou countries."),
                     format: str = Query("gexf", max_length=10, description="gexf ou graphml."),
                     since: str | None = Since,
                     min_weight: int = Query(1, ge=1, le=1_000_000,
                                             description="Poids minimal d’un lien."),
                     max_per_article: int = Query(PER_ARTICLE, ge=2, le=200,
                                                  description="Entités (pays) retenues par "
                                                              "article, les plus mentionnées."),
                     store: Store = Depends(store_of)) -> StreamingResponse:
    """The network of ``steppe export --graph``; edges weigh stories (or articles)."""
    kind = check_kind(kind, "kind")
    fmt = check_graph_format(format, "format")
    graph = comention_graph(store, kind, since, min_weight, max_per_article,
                            names=("kind", "since", "min_weight"))
    return _download(graph_lines(graph, fmt), f"steppe-{kind}.{fmt}", fmt)
