"""Co-mention networks (issue 16): which entities, or which countries, the news names together.

An edge's ``weight`` is the number of stories in which both ends appear (an article outside
any story counts as a story of its own), so ten outlets reporting one meeting make one
co-mention, not ten. A store without stories yet counts articles instead; the graph says
which in its ``weight_unit`` attribute (and its name, which is all GEXF keeps of a graph).

The counting is the store's (``comention_pairs``): bounded by ``per_article``, the number of
keys an article contributes (its most mentioned) and a story keeps (those most of its articles
name), so a long story or a long article never makes a quadratic number of pairs.
Written with networkx, read by Gephi (GEXF) and any GraphML tool.
"""

from __future__ import annotations

from typing import Any, Iterator

import networkx as nx

from steppe.errors import InputError, quoted
from steppe.reports.event_labels import country_name
from steppe.reports.events import check_day
from steppe.store import Store

KINDS = ("entities", "countries")
FORMATS = ("gexf", "graphml")
PER_ARTICLE = 20     # keys an article contributes (and a story keeps) at most
UNIT_LABELS = {"stories": "histoires", "articles": "articles"}


def check_kind(kind: str | None, name: str = "--graph") -> str:
    if kind not in KINDS:
        raise InputError(f"{name} {quoted(kind or '')} : attendu entities ou countries")
    return kind


def check_graph_format(fmt: str | None, name: str = "--format") -> str:
    if fmt not in FORMATS:
        raise InputError(f"{name} {quoted(fmt or '')} : attendu gexf ou graphml pour un réseau")
    return fmt


def check_min_weight(value: int, name: str = "--min-weight") -> int:
    if value < 1:
        raise InputError(f"{name} {value} : au moins 1")
    return value


def comention_graph(store: Store, kind: str, since: str | None = None, min_weight: int = 1,
                    per_article: int = PER_ARTICLE,
                    names: tuple[str, str, str] = ("--graph", "--since", "--min-weight")
                    ) -> nx.Graph:
    """The co-mention network of ``kind`` (entities or countries) among the articles
    published since ``since`` (7d, YYYY-MM-DD…; None: all), edges lighter than
    ``min_weight`` dropped, and nodes left without an edge with them.

    Nodes: ``label`` and ``name``, ``type``, ``country`` ('' when unknown), ``articles``
    and ``stories`` (how many name it in the period, whatever the caps). Edges:
    ``weight``. Graph: ``name``, ``weight_unit`` (stories | articles), ``since`` ('' for
    all), ``min_weight``, ``per_article``. InputError (naming ``names``) on bad input.
    """
    kind = check_kind(kind, names[0])
    first = check_day(since, names[1])
    min_weight = check_min_weight(min_weight, names[2])
    if per_article < 2:
        raise InputError(f"--max-per-article {per_article} : au moins 2")
    unit = "stories" if store.count_stories() > 0 else "articles"
    graph = nx.Graph(name=f"Steppe : co-mentions ({kind}), poids = {UNIT_LABELS[unit]}",
                     weight_unit=unit, since=first or "", min_weight=min_weight,
                     per_article=per_article)
    for one, other, weight in store.comention_pairs(kind, first, per_article, min_weight,
                                                    by_story=unit == "stories"):
        graph.add_edge(one, other, weight=int(weight))
    facts = store.comention_nodes(kind, list(graph.nodes), first)
    for key in graph.nodes:
        graph.nodes[key].update(_node(kind, key, facts.get(key, {})))
    return graph


def _node(kind: str, key: str, facts: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes: never None (GEXF and GraphML have no null)."""
    if kind == "countries":
        name, etype, country = country_name(key), "country", key
    else:
        name, etype, country = facts.get("name") or key, facts.get("type") or "", \
            facts.get("country") or ""
    return {"label": name, "name": name, "type": etype, "country": country,
            "articles": int(facts.get("articles", 0)), "stories": int(facts.get("stories", 0))}


def graph_lines(graph: nx.Graph, fmt: str) -> Iterator[str]:
    """The file's text a line at a time (for a download); ``write_graph`` for a file."""
    fmt = check_graph_format(fmt)
    lines = nx.generate_gexf(graph) if fmt == "gexf" else nx.generate_graphml(graph)
    for line in lines:
        yield line + "\n"


def write_graph(graph: nx.Graph, fmt: str, path: str) -> None:
    """``graph`` as GEXF 1.2 (Gephi) or GraphML, written by networkx to ``path``."""
    if check_graph_format(fmt) == "gexf":
        nx.write_gexf(graph, path)
    else:
        nx.write_graphml(graph, path)
