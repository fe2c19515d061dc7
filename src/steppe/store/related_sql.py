"""Related articles without reading every candidate's row: two backends, one text.

An article's related articles are those sharing most of its main entities, newest first
among equals, then by id. A popular entity is named by thousands of articles, and ranking
them all in SQL reads each one's row for its day and id. Here the shared counts come from
the postings index alone (migration 0007); all articles sharing more than the last place
needs are few and read by pk; among those tied at the last place, the newest are found by
walking the articles from the most recent day back (the publication-day index) until the
places are filled and their last day is read whole, or, when the tied set is small or the
walk grows longer than reading it, by reading the tied set. Same articles, same order as
``ORDER BY shared DESC, coalesce(published_day, '') DESC, id`` over all candidates.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

Query = Callable[..., Any]
TOP_ENTITIES = ("SELECT e.entity_id FROM article_entities e JOIN articles a ON a.pk = e.article_pk "
                "WHERE a.id = ? AND e.type NOT IN ('country', 'region') "
                "ORDER BY e.mentions DESC, e.entity_id LIMIT ?")
SMALL = 500     # a tied set this small is read by pk at once
PAGE = 500      # articles per step of the walk
_CHUNK = 500


def related(q: Query, article_id: str, limit: int, entities: int) -> list[tuple[str, int]]:
    """(id, shared entities) of the ``limit`` articles sharing most of ``article_id``'s
    ``entities`` most mentioned persons, organisations and places; newest first among
    equals, then by id."""
    own = q("SELECT pk FROM articles WHERE id = ?", (article_id,)).fetchone()
    if own is None or limit <= 0:
        return []
    levels: dict[int, list[int]] = {}
    for pk, shared in q("SELECT e2.article_pk, count(*) FROM article_entities e2 "
                        f"WHERE e2.entity_id IN ({TOP_ENTITIES}) GROUP BY e2.article_pk",
                        (article_id, entities)).fetchall():
        if int(pk) != int(own[0]):
            levels.setdefault(int(shared), []).append(int(pk))
    out: list[tuple[str, int]] = []
    for shared in sorted(levels, reverse=True):
        need = limit - len(out)
        if need <= 0:
            break
        out += [(aid, shared) for aid in newest(q, levels[shared], need)]
    return out


def _order(rows: Iterable[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """(day, id) pairs as SQL orders them: coalesce(day, '') descending, then id (code
    points: SQLite's binary collation, PostgreSQL's "C")."""
    return sorted(sorted(rows, key=lambda r: r[1]), key=lambda r: r[0] or "", reverse=True)


def newest(q: Query, pks: list[int], need: int) -> list[str]:
    """Ids of the ``need`` newest articles among ``pks``."""
    if len(pks) <= max(SMALL, need):
        return [aid for _, aid in _order(_days(q, pks).values())][:need]
    wanted, seen = set(pks), {}
    cursor: tuple[str, int] | None = None
    read = 0
    while True:
        rows = _page(q, cursor)
        read += len(rows)
        seen.update((int(pk), (day, aid)) for pk, day, aid in rows if int(pk) in wanted)
        done = len(rows) < PAGE                 # every dated article read
        if not done:
            cursor = (rows[-1][1], int(rows[-1][0]))
        hits = _order(seen.values())
        if len(hits) >= need and (done or hits[need - 1][0] > cursor[0]):
            return [aid for _, aid in hits][:need]   # the last place's day read whole
        if done or read > len(pks):               # undated ones left, or walking costs more
            rest = _days(q, [pk for pk in pks if pk not in seen])
            return [aid for _, aid in _order([*seen.values(), *rest.values()])][:need]


def _page(q: Query, cursor: tuple[str, int] | None) -> list[tuple[int, str, str]]:
    """The next PAGE dated articles, latest day first, (day, pk) descending after ``cursor``."""
    if cursor is None:
        where, params = "published_day IS NOT NULL", []
    else:
        where = "(published_day < ? OR (published_day = ? AND pk < ?))"
        params = [cursor[0], cursor[0], cursor[1]]
    return q(f"SELECT pk, published_day, id FROM articles WHERE {where} "
             "ORDER BY published_day DESC, pk DESC LIMIT ?", params + [PAGE]).fetchall()


def _days(q: Query, pks: list[int]) -> dict[int, tuple[str | None, str]]:
    """pk -> (day, id) of these articles."""
    out: dict[int, tuple[str | None, str]] = {}
    for i in range(0, len(pks), _CHUNK):
        chunk = pks[i:i + _CHUNK]
        for pk, day, aid in q(f"SELECT pk, published_day, id FROM articles WHERE pk IN "
                              f"({','.join('?' * len(chunk))})", chunk).fetchall():
            out[int(pk)] = (day, aid)
    return out
