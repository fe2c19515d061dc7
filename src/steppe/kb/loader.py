"""Load knowledge-base records from JSONL data files and index their names.

Knowledge lives in data, not code: adding a minister is a new line in ``persons.jsonl`` or in
the user's own file (``steppe kb add``), which overrides a bundled record with the same id.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable, Iterator

from steppe.textfold import strip_marks
from steppe.errors import InputError

DATA_FILES = ("countries", "regions", "places", "organizations", "persons", "others")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_APOSTROPHES = re.compile(r"[’‘`´ʼ]")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Accent-, case- and punctuation-variant-insensitive form of a name (Tokaïev → tokaiev)."""
    return fold_text(text)


def fold_text(text: str) -> str:
    """``fold`` without the cache, for whole texts."""
    text = _APOSTROPHES.sub("'", _DASHES.sub("-", text))
    # keep Cyrillic й/ё distinctions out of the way: strip combining marks everywhere
    stripped = strip_marks(text)
    return " ".join(stripped.casefold().split())


_RU_HEAD_ENDINGS = frozenset(("", "ь", "и", "ью", "ей", "ям", "ями", "ях", "а", "у", "ом", "е",
                              "ы", "ов", "ам", "ами", "ах"))
# folded tokens (as the matcher and the linker see them) keep "ои"/"ии" for ой/ий: fold strips
# the breve of й. That is wanted: a feminine adjective in -ой then stays apart from a city in
# -ск (Омской области is not Омск) and from its masculine (Чуйский проспект is not the oblast)
_RU_CASE_ENDINGS = ("ого", "ому", "ым", "ом", "ой", "ую", "ая", "ий", "ые", "у", "е", "а", "ы", "я")


# head nouns of administrative units whose forms the suffix rule cannot meet (область,
# области, областью, областях; района, районах, районов): every form of one is its stem, so
# "Туркестанской и Ташкентской областях" meets "Ташкентская область"
_RU_HEAD_STEMS = ("област", "район", "раион")


def stem_cyrillic(token: str) -> str:
    """Russian names decline (Ташкент, Ташкенте; Сарсенбаева, Сарсенбаевой): compare them
    without their case ending. Latin-script tokens and short words are returned unchanged;
    the head nouns область and район lose any ending, singular or plural."""
    if len(token) > 4 and "\u0400" <= token[0] <= "\u04ff":
        for head in _RU_HEAD_STEMS:
            if token.startswith(head) and len(token) - len(head) <= 3 and token[len(head):] in \
                    _RU_HEAD_ENDINGS:
                return head
        for ending in _RU_CASE_ENDINGS:
            if token.endswith(ending):
                return token[: -len(ending)]
    return token


_CYRILLIC_TO_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia", "a", "g",
     "q", "ng", "o", "u", "u", "h", "i", "i", "e", "g", "u"]))


_TRANSLIT = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("tch", "ch"), ("sh", "ch"), ("kh", "h"),
             ("ou", "u"), ("w", "v"), ("y", "i"), ("'", ""), ("-", " "))


def translit_key(text: str) -> str:
    """One key for the romanisations of a Central Asian or Russian name: French, English and
    Turkmen spellings differ by rules, not by whim (ou/u, dj/j/zh, ch/sh, kh/h, w/v, y/i), so
    'Gurbangouly Berdimoukhamedov', 'Gourbangouly Berdymoukhamedov' and 'Gurbanguly
    Berdimuhamedow' share 'gurbanguli berdimuhamedov'; doubled letters count once."""
    key = fold(text)
    for written, common in _TRANSLIT:
        key = key.replace(written, common)
    return re.sub(r"(.)\1+", r"\1", " ".join(key.split()))


def slug(text: str) -> str:
    """ASCII id fragment of a name: 'Kassym-Jomart Tokaïev' → 'kassym-jomart-tokaiev',
    'Айгуль Сарсенбаева' → 'aigul-sarsenbaeva' (Cyrillic transliterated, never lost)."""
    folded = "".join(_CYRILLIC_TO_LATIN.get(c, c) for c in fold(text).replace("й", "i"))
    cleaned = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if cleaned:
        return cleaned
    # scripts we do not transliterate (Chinese, Arabic…): a stable hash keeps ids distinct
    import hashlib

    return "h" + hashlib.sha1(fold(text).encode("utf-8")).hexdigest()[:12]


def _flat(value: Any) -> list[str]:
    """Aliases come as a list or as {lang: [...]}: flatten to one list of strings."""
    if not value:
        return []
    if isinstance(value, dict):
        return [a for v in value.values() for a in _flat(v)]
    if isinstance(value, str):
        return [value]
    return [a for a in value if isinstance(a, str) and a.strip()]


def _country_of(rec: dict[str, Any]) -> str | None:
    """The country a record is in. A transboundary feature (a river, a sea, a range shared by
    several states: "transboundary": true, its states in "countries") is in none of them by
    itself, so naming the Syr-Daria or the Aral Sea adds no country to an article."""
    if rec.get("transboundary"):
        return None
    return rec.get("country") or rec.get("code")


@dataclass(frozen=True)
class KBEntity:
    """One knowledge-base record; the optional fields apply to some types only."""

    id: str
    type: str
    name: str
    country: str | None = None
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    compound_prefixes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    metonym_of: str | None = None
    capital: str | None = None
    surname_ok: bool = True
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    source: str | None = None  # where the record's names come from (provenance)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> "KBEntity":
        demonyms = _flat(rec.get("demonyms")) + _flat(rec.get("demonyms_en")) + \
            _flat(rec.get("demonyms_ru"))
        return cls(
            id=rec["id"], type=rec["type"], name=rec["name"], country=_country_of(rec),
            kind=rec.get("kind"), aliases=tuple(dict.fromkeys([rec["name"], *_flat(rec.get("aliases"))])),
            acronyms=tuple(_flat(rec.get("acronyms"))),
            ambiguous=tuple(_flat(rec.get("ambiguous_aliases"))),
            demonyms=tuple(dict.fromkeys(d for d in demonyms)),
            compound_prefixes=tuple(_flat(rec.get("compound_prefixes"))),
            countries=tuple(_flat(rec.get("countries"))),
            metonym_of=rec.get("metonym_of"), capital=rec.get("capital"),
            surname_ok=bool(rec.get("surname_ok", True)), role=rec.get("role"),
            lat=rec.get("lat"), lon=rec.get("lon"), population=int(rec.get("population") or 0),
            source=rec.get("source") or None, raw=rec,
        )

    def all_names(self) -> list[str]:
        return list(dict.fromkeys([*self.aliases, *self.acronyms, *self.ambiguous]))


class KnowledgeBase:
    """All entities by id, and a folded-name index for lookups (``kb show``, search)."""

    def __init__(self, entities: Iterable[KBEntity]) -> None:
        self.entities: dict[str, KBEntity] = {}
        for entity in entities:
            self.entities[entity.id] = entity  # later records override earlier ones
        self._by_name: dict[str, list[str]] = {}
        for entity in self.entities.values():
            for name in entity.all_names() + list(entity.demonyms):
                ids = self._by_name.setdefault(fold(name), [])
                if entity.id not in ids:
                    ids.append(entity.id)
        self.country_by_code = {e.country: e for e in self.entities.values()
                                if e.type == "country" and e.country}
        # merged ids → their survivor (set by kb.curation.apply_overlay): an old id still
        # names the entity it was merged into, in searches and URLs
        self.redirects: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[KBEntity]:
        return iter(self.entities.values())

    def get(self, entity_id: str) -> KBEntity | None:
        return self.entities.get(entity_id)

    def lookup(self, name: str) -> list[KBEntity]:
        """Entities one of whose names folds to ``name`` (or whose id is ``name``)."""
        if name in self.entities:
            return [self.entities[name]]
        if name in self.redirects and self.redirects[name] in self.entities:
            return [self.entities[self.redirects[name]]]
        return [self.entities[i] for i in self._by_name.get(fold(name), [])]

    def country_name(self, code: str) -> str:
        entity = self.country_by_code.get(code)
        return entity.name if entity else code

    def count_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.entities.values():
            counts[e.type] = counts.get(e.type, 0) + 1
        return counts


def read_records(path: Path | Any, where: str) -> Iterator[dict[str, Any]]:
    """Records of one JSONL data file; a broken line is an error naming file and line."""
    # JSONL lines end at "\n" only: str.splitlines() would also cut at U+2028, U+0085…,
    # which json.dumps(ensure_ascii=False) leaves as they are inside a name
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}:{n}: invalid JSON ({exc.msg})") from None
        if not all(isinstance(rec.get(k), str) and rec[k] for k in ("id", "type", "name")):
            raise InputError(f"{where}:{n}: a knowledge-base record needs 'id', 'type' and 'name'")
        yield rec


def bundled_records() -> Iterator[dict[str, Any]]:
    folder = files("steppe.kb").joinpath("data")
    for name in DATA_FILES:
        entry = folder.joinpath(f"{name}.jsonl")
        if entry.is_file():
            yield from read_records(entry, f"kb/data/{name}.jsonl")


def load_kb(user_file: str | None = None) -> KnowledgeBase:
    """The bundled knowledge base, overridden and extended by the user's file if any."""
    records = list(bundled_records())
    if user_file and Path(user_file).exists():
        records += list(read_records(Path(user_file), user_file))
    return KnowledgeBase(KBEntity.from_record(r) for r in records)
