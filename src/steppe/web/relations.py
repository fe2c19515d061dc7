"""Relations between countries in the web app (issue 15): the ``/relations?a=KZ&b=CN`` page
and its JSON twin ``/api/relations`` (both ``reports.relations.relations``), and the partners
panel of a country's page (``reports.relations.partners``).

The two codes are checked here, before the library is asked: a missing one, an unknown one
or the same twice is a 400 — in French on the page (the form stays, filled with what was
sent, escaped), in one line under ``error`` in the JSON. No parameter at all opens the form.
"""

from __future__ import annotations

from typing import Any, Mapping
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from steppe.errors import InputError, quoted
from steppe.kb import KnowledgeBase
from steppe.reports.country import CENTRAL_ASIA
from steppe.reports.event_labels import QUADS, quad_label, type_label
from steppe.reports.events import check_day
from steppe.reports.french import country_phrase
from steppe.reports.relations import relations
from steppe.store import Store
from steppe.textfold import strip_marks
from steppe.web.api import ERRORS
from steppe.web.deps import kb_of, store_of
from steppe.web.events_view import event_views
from steppe.web.messages import french_message
from steppe.web.quad_chart import quad_charts
from steppe.web.render import render

api_router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
page_router = APIRouter(include_in_schema=False)

CodeA = Query(None, max_length=50, description="Premier pays, code ISO à deux lettres, ex. KZ.")
CodeB = Query(None, max_length=50, description="Second pays, code ISO à deux lettres, ex. CN.")
Since = Query(None, max_length=20,
              description="Depuis ce jour, AAAA-MM-JJ (ou AAAA-MM, AAAA), ou sur cette durée "
                          "jusqu’à aujourd’hui : 7d, 4w, 3m, 1y (vide : tout).")


class BadPair(InputError):
    """A pair the page cannot show; ``french`` is what the page and the API's message say."""

    def __init__(self, message: str, french: str) -> None:
        super().__init__(message)
        self.french = french


def checked_pair(kb: KnowledgeBase, a: str | None, b: str | None) -> tuple[str, str]:
    """The two codes upper-cased; BadPair when one is missing, unknown, or both are equal."""
    codes = []
    for name, value in (("a", a), ("b", b)):
        text = (value or "").strip()
        if not text:
            raise BadPair(f"{name} : code de pays manquant",
                          f"Il manque le {'premier' if name == 'a' else 'second'} pays ({name}=…) : "
                          "choisissez deux pays.")
        upper = text.upper()
        if len(upper) != 2 or upper not in kb.country_by_code:
            raise BadPair(f"{name} {quoted(text)} : aucun pays n’a ce code",
                          f"Aucun pays n’a le code « {text} » : un code ISO à deux lettres est "
                          "attendu, comme KZ ou CN.")
        codes.append(upper)
    if codes[0] == codes[1]:
        raise BadPair(f"a et b sont le même pays ({codes[0]})",
                      "Choisissez deux pays différents : une relation se lit entre deux pays.")
    return codes[0], codes[1]


def relations_of(store: Store, kb: KnowledgeBase, a: str | None, b: str | None,
                 since: str | None) -> dict[str, Any]:
    """``reports.relations.relations`` for query parameters, checked first (InputError)."""
    first, second = checked_pair(kb, a, b)
    return relations(store, first, second, since=check_day(since, "since"),
                     names=("a", "b", "since"))


# -- JSON ----------------------------------------------------------------------------------------
@api_router.get("/relations", summary="Relations entre deux pays : événements par mois, par type et "
                                      "par classe (coopération / conflit), équilibre, derniers événements")
def api_relations(store: Store = Depends(store_of), kb: KnowledgeBase = Depends(kb_of),
                  a: str | None = CodeA, b: str | None = CodeB,
                  since: str | None = Since) -> dict[str, Any]:
    return relations_of(store, kb, a, b, since)


# -- HTML ----------------------------------------------------------------------------------------
@page_router.get("/relations", response_class=HTMLResponse)
def relations_page(request: Request, store: Store = Depends(store_of),
                   kb: KnowledgeBase = Depends(kb_of), a: str | None = CodeA,
                   b: str | None = CodeB, since: str | None = Since) -> Response:
    form = {"a": (a or "").strip().upper(), "b": (b or "").strip().upper(), "since": since or ""}
    context = {"section": "countries", "form": form, "countries": country_choices(kb),
               "quads": quad_legend()}
    if not (a or "").strip() and not (b or "").strip():
        return render(request, "relations.html", data=None, error=None, **context)
    try:
        data = relations_of(store, kb, a, b, since)
    except InputError as exc:
        said = exc.french if isinstance(exc, BadPair) else french_message(exc.message)
        return render(request, "relations.html", status=400, data=None, error=said, **context)
    a_, b_ = (country_phrase(data[k]["name"], data[k]["code"]) for k in ("a", "b"))
    return render(request, "relations.html", data=data, error=None, view=relations_view(data),
                  chart=quad_charts(data["months"], f"Événements entre {a_} et {b_}, par mois"),
                  **context)


def country_choices(kb: KnowledgeBase) -> dict[str, list[dict[str, str]]]:
    """The form's lists: Central Asia's five first, then every country of the knowledge
    base, by French name (« Égypte » among the E)."""
    every = sorted(({"code": code, "name": entity.name} for code, entity in kb.country_by_code.items()),
                   key=lambda c: strip_marks(c["name"]).casefold())
    return {"central": [c for code in CENTRAL_ASIA for c in every if c["code"] == code],
            "all": every}


def quad_legend() -> list[dict[str, str]]:
    return [{"id": q, "label": quad_label(q)} for q in QUADS]


def relations_view(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows beyond ``data``: counts by quad and by type as rows, months as
    rows (the chart's table), the latest events as flat views."""
    return {"quads": [{"id": q, "label": quad_label(q), "count": data["by_quad"].get(q, 0)}
                      for q in QUADS],
            "types": [{"type": t, "label": type_label(t), "count": n}
                      for t, n in data["by_type"].items()],
            "months": [{"month": m["month"], "total": m["total"], "balance": m["balance"],
                        "quads": [m["by_quad"].get(q, 0) for q in QUADS]}
                       for m in reversed(data["months"])],
            "latest": event_views(data["latest"])}


# -- a country's partners (the country page; its twin is api.country_partners) --------------------
def partners_panel(data: Mapping[str, Any]) -> dict[str, Any]:
    """The partners panel of ``web.partners.country_partners``: rows linking to each pair's
    page, the latest events, the chart."""
    code, name = data["country"]["code"], data["country"]["name"]
    rows = [{**p, "href": "/relations?" + urlencode({"a": code, "b": p["code"]})}
            for p in data["partners"]]
    return {"partners": rows, "latest": event_views(data["latest"]),
            "chart": quad_charts(data["months"], f"Événements entre {country_phrase(name, code)} "
                                                 "et d’autres pays, par mois"),
            "quads": quad_legend()}
