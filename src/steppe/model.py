"""Steppe's one data model: articles and their annotations, free of spaCy and SQL.

Every layer speaks these classes. Ids are deterministic (a hash of the canonical URL or of
the normalised text), so deduplication and idempotent re-ingestion need no lookup tables.
``Annotation.to_dict`` is the record of ``shared/SCHEMA.md``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import copy
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, ClassVar, Iterable, Literal

Field = Literal["title", "text"]
EntityType = Literal["person", "organization", "place", "country", "region", "other"]
ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "place", "country", "region", "other")


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]


@lru_cache(maxsize=None)
def _field_set(cls: type) -> frozenset[str]:
    return frozenset(_field_names(cls))


class Record:
    """Mixin: plain-dict round trip for dataclasses whose nested lists hold other Records."""

    nested: ClassVar[dict[str, type]] = {}

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, nested Records included (hand-rolled: ``asdict`` deep-copies every
        value and was the main cost of storing annotations)."""
        out = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if name in self.nested and value is not None:
                value = [item.to_dict() for item in value]
            elif isinstance(value, (list, dict)):
                value = copy.deepcopy(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        known = _field_set(cls)
        kwargs = dict(data) if known.issuperset(data) else \
            {k: v for k, v in data.items() if k in known}
        for name, kind in cls.nested.items():
            if kwargs.get(name) is not None:
                kwargs[name] = [kind.from_dict(x) for x in kwargs[name]]
        return cls(**kwargs)


def normalise_for_hash(text: str) -> str:
    """Case-, width- and whitespace-insensitive form used for content hashes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def content_hash(title: str | None, text: str) -> str:
    """Hash of the normalised headline and body: equal hashes mean the same article."""
    payload = normalise_for_hash(title or "") + "\x1f" + normalise_for_hash(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def derived_id(url: str | None, chash: str) -> str:
    """Deterministic external id for an article that arrived without one."""
    if url:
        return "u" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:15]
    return "t" + chash[:15]


@dataclass
class Article(Record):
    """One news item as ingested: headline, lead/body, where and when it came from."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, YYYY-MM, YYYY or ISO datetime, as given
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    ingested_at: str | None = None
    truncated: bool = False
    content_hash: str = ""
    origin: str | None = None  # where it was read: "file.txt:12" (line of its first text)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.title, self.text)

    def field_text(self, name: Field) -> str:
        return (self.title or "") if name == "title" else self.text


@dataclass
class Mention(Record):
    field: str
    start: int
    end: int
    text: str


@dataclass
class Entity(Record):
    """One real-world entity of an article with all its mentions (Tokaïev = Kassym-Jomart Tokaïev)."""

    id: str
    name: str
    type: str
    country: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    nested: ClassVar[dict[str, type]] = {"mentions": Mention}


@dataclass
class CountryRef(Record):
    code: str
    name: str
    count: int = 1


@dataclass
class DateRef(Record):
    field: str
    start: int
    end: int
    text: str
    value: str
    granularity: str


@dataclass
class Amount(Record):
    field: str
    start: int
    end: int
    text: str
    amount: float
    currency: str


@dataclass
class Percent(Record):
    field: str
    start: int
    end: int
    text: str
    value: float


@dataclass
class Topic(Record):
    id: str
    label: str
    score: float


@dataclass
class Quote(Record):
    speaker: str
    speaker_id: str | None
    text: str
    field: str
    start: int
    end: int


@dataclass
class EventActor(Record):
    """A party to an event: as the article names it, the state it stands for, its KB id."""

    name: str
    country: str | None = None
    entity_id: str | None = None


@dataclass
class Event(Record):
    """Who did what to whom (issue 15): a PLOVER type, its parties, when, where, how sure.

    ``date`` is the date the event's sentence gives, else the publication date; ``date_from``
    says which ("text", "published", or "none" when neither exists)."""

    type: str
    mode: str | None
    source: list[EventActor]
    recipient: list[EventActor]
    date: str | None
    date_from: str
    status: str             # occurred | announced | hypothetical
    place: str | None
    text: str               # the sentence that states it
    field: str
    start: int
    end: int
    confidence: float
    nested: ClassVar[dict[str, type]] = {"source": EventActor, "recipient": EventActor}


@dataclass
class Annotation(Record):
    """What Steppe knows about one article: the record of shared/SCHEMA.md."""

    id: str
    lang: str | None
    title: str | None
    text: str
    published: str | None = None
    countries: list[CountryRef] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    money: list[Amount] = field(default_factory=list)
    percents: list[Percent] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    nested: ClassVar[dict[str, type]] = {
        "countries": CountryRef, "entities": Entity, "dates": DateRef, "money": Amount,
        "percents": Percent, "topics": Topic, "quotes": Quote, "events": Event,
    }

    @classmethod
    def empty(cls, article: Article) -> "Annotation":
        return cls(id=article.id, lang=article.lang, title=article.title,
                   text=article.text, published=article.published)


def iter_mentions(entities: Iterable[Entity]) -> Iterable[tuple[Entity, Mention]]:
    for e in entities:
        for m in e.mentions:
            yield e, m


SOURCE_STATUSES: tuple[str, ...] = ("new", "ok", "late", "silent", "failing")
JOB_STATES: tuple[str, ...] = ("queued", "running", "done", "parked")


@dataclass
class Source(Record):
    """An outlet Steppe watches: a feed (or a page that names its feed) and its fetch state.

    Times are Unix seconds (UTC); ``next_due`` is when the watcher polls it next.
    """

    name: str
    url: str
    every_s: int = 900
    lang: str | None = None
    feed_url: str | None = None  # the feed found on ``url`` when ``url`` is an HTML page
    etag: str | None = None
    last_modified: str | None = None
    last_success: float | None = None
    last_error: str | None = None
    last_error_at: float | None = None
    consecutive_failures: int = 0
    next_due: float = 0.0
    created: float = 0.0


@dataclass
class Job(Record):
    """One unit of work in the store's job table (fetch a source, fetch a page, enrich)."""

    id: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # at most one queued or running job per key
    state: str = "queued"
    attempts: int = 0
    run_after: float = 0.0
    lease_until: float | None = None
    worker: str | None = None
    last_error: str | None = None
    created: float = 0.0
    updated: float = 0.0


@dataclass
class Provenance(Record):
    """Where a fetched article came from and how much to trust its date.

    ``published_source`` is feed, page, url or text; ``date_flag`` says what was rejected or
    missing; ``near_duplicate_of`` links the same story told by another outlet to its first copy.
    """

    article_id: str
    canonical_url: str | None = None
    published_source: str | None = None
    date_flag: str | None = None
    near_duplicate_of: str | None = None
    similarity: float | None = None
    author: str | None = None
    content_from: str | None = None  # "page", or "feed" when the page could not be read
