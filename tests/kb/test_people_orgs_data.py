"""Sanity checks for the hand-curated persons / organisations data of the KB."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "src" / "steppe" / "kb" / "data"
PERSONS_PATH = DATA_DIR / "persons.jsonl"
ORGS_PATH = DATA_DIR / "organizations.jsonl"

CENTRAL_ASIA = {"KZ", "KG", "UZ", "TJ", "TM"}
NEEDS_CYRILLIC = CENTRAL_ASIA | {"RU"}
ORG_KINDS = {
    "intergovernmental", "un_body", "government", "ministry", "parliament", "party",
    "company", "state_company", "bank", "media", "ngo", "armed_group", "court",
    "agency", "university", "other",
}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
SPECIAL = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})


def _strip(s: str) -> str:
    s = s.translate(SPECIAL)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def norm(s: str) -> str:
    """Case-fold and strip accents (Latin script only; Cyrillic is kept, ё → е)."""
    s = s.replace("’", "'").strip()
    if CYRILLIC.search(s):
        return s.casefold().replace("ё", "е")
    return _strip(s).casefold()


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _strip(s).lower()).strip("-")


def _load(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            assert line.strip(), f"{path.name}:{lineno}: empty line"
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - failure path
                pytest.fail(f"{path.name}:{lineno}: invalid JSON: {exc}")
    return records


@pytest.fixture(scope="module")
def persons() -> list[dict]:
    return _load(PERSONS_PATH)


@pytest.fixture(scope="module")
def orgs() -> list[dict]:
    return _load(ORGS_PATH)


def _all_aliases(rec: dict) -> list[str]:
    return [a for lang in rec["aliases"].values() for a in lang]


# ---------------------------------------------------------------- common checks


@pytest.mark.parametrize("path", [PERSONS_PATH, ORGS_PATH], ids=["persons", "orgs"])
def test_file_is_utf8_jsonl_without_ascii_escapes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    # ensure_ascii=False: no \uXXXX escapes for ordinary letters
    assert "\\u00" not in text and "\\u04" not in text


def test_counts(persons: list[dict], orgs: list[dict]) -> None:
    assert len(persons) >= 200
    assert len(orgs) >= 200


@pytest.mark.parametrize("which,prefix", [("persons", "person:"), ("orgs", "org:")])
def test_ids_unique_sorted_and_slug_shaped(which: str, prefix: str, request) -> None:
    recs = request.getfixturevalue(which)
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert ids == sorted(ids), "file must be sorted by id"
    pat = re.compile(rf"^{re.escape(prefix)}[a-z0-9]+(?:-[a-z0-9]+)*$")
    for r in recs:
        assert pat.match(r["id"]), r["id"]
        # an id is the slug of the name, or of an earlier canonical name kept as a French
        # alias: ids stay stable when the canonical spelling moves to the French press's
        earlier = {prefix + slugify(a) for a in r["aliases"]["fr"]}
        assert r["id"] == prefix + slugify(r["name"]) or r["id"] in earlier, (r["id"], r["name"])


FRENCH_PRESS = {
    "person:gurbanguly-berdimuhamedow": "Gourbangouly Berdymoukhamedov",
    "person:serdar-berdimuhamedow": "Serdar Berdymoukhamedov",
    "person:oljas-bektenov": "Olzhas Bektenov",
    "person:nurlan-jakupov": "Nourlan Jakoupov",
}


def test_canonical_names_are_the_french_press_spelling(persons: list[dict]) -> None:
    """French display uses the French press's spelling; the others stay as aliases."""
    by_id = {p["id"]: p for p in persons}
    for pid, name in FRENCH_PRESS.items():
        assert by_id[pid]["name"] == name, pid
    jakupov = {a.split()[-1] for a in _all_aliases(by_id["person:nurlan-jakupov"])}
    assert {"Jakoupov", "Zhakupov", "Jakupov"} <= jakupov


def test_parliaments_are_named_as_the_press_names_them(orgs: list[dict]) -> None:
    by_id = {o["id"]: o for o in orgs}
    assert "Mejlis" in _all_aliases(by_id["org:mejlis-du-turkmenistan"])
    assert "Madjlisi namoyandagon" in _all_aliases(by_id["org:majlisi-namoyandagon"])


@pytest.mark.parametrize("which", ["persons", "orgs"])
def test_aliases_shape(which: str, request) -> None:
    for r in request.getfixturevalue(which):
        al = r["aliases"]
        assert set(al) <= {"fr", "en", "ru"}, r["id"]
        assert al.get("fr") and al.get("en"), f"{r['id']}: needs fr and en aliases"
        assert r["name"] in al["fr"], f"{r['id']}: canonical name must be a fr alias"
        for lang, xs in al.items():
            assert isinstance(xs, list)
            assert len(xs) == len(set(xs)), f"{r['id']}: duplicate alias in {lang}"
            for a in xs:
                assert isinstance(a, str) and a == a.strip() and a, (r["id"], a)


# ---------------------------------------------------------------- persons


def test_person_fields(persons: list[dict]) -> None:
    for p in persons:
        assert p["type"] == "person"
        assert re.fullmatch(r"[A-Z]{2}", p["country"]), p["id"]
        assert isinstance(p["role"], str) and len(p["role"]) > 3, p["id"]
        assert isinstance(p["surname_ok"], bool), p["id"]


def test_regional_and_russian_persons_have_cyrillic_alias(persons: list[dict]) -> None:
    missing = [
        p["id"]
        for p in persons
        if p["country"] in NEEDS_CYRILLIC and not any(CYRILLIC.search(a) for a in p["aliases"].get("ru", []))
    ]
    assert not missing, missing


def test_no_alias_shared_between_persons_unless_both_not_surname_ok(persons: list[dict]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    ok = {p["id"]: p["surname_ok"] for p in persons}
    for p in persons:
        for a in _all_aliases(p):
            owners[norm(a)].add(p["id"])
    clashes = {
        a: sorted(ids)
        for a, ids in owners.items()
        if len(ids) > 1 and any(ok[i] for i in ids)
    }
    assert not clashes, clashes


def test_key_persons_present(persons: list[dict]) -> None:
    by_id = {p["id"]: p for p in persons}
    for pid in [
        "person:kassym-jomart-tokaiev",
        "person:sadyr-japarov",
        "person:chavkat-mirzioiev",
        "person:emomali-rahmon",
        "person:serdar-berdimuhamedow",
        "person:gurbanguly-berdimuhamedow",
        "person:vladimir-poutine",
        "person:xi-jinping",
        "person:emmanuel-macron",
    ]:
        assert pid in by_id, pid
    # a family sharing a surname: the bare surname must not be usable alone
    assert not by_id["person:serdar-berdimuhamedow"]["surname_ok"]
    assert not by_id["person:gurbanguly-berdimuhamedow"]["surname_ok"]
    assert "Tokaïev" in by_id["person:kassym-jomart-tokaiev"]["aliases"]["fr"]
    assert "Токаев" in by_id["person:kassym-jomart-tokaiev"]["aliases"]["ru"]


def test_surname_not_ok_persons_have_no_bare_single_word_surname(persons: list[dict]) -> None:
    """With surname_ok false, no alias may be just the last word of the name."""
    bad = []
    for p in persons:
        if p["surname_ok"]:
            continue
        last = norm(p["name"].split()[-1])
        if len(p["name"].split()) < 2:
            continue
        for a in _all_aliases(p):
            if norm(a) == last:
                bad.append((p["id"], a))
    assert not bad, bad


# ---------------------------------------------------------------- organisations


def test_org_fields(orgs: list[dict]) -> None:
    for o in orgs:
        assert o["type"] == "organization"
        assert o["kind"] in ORG_KINDS, (o["id"], o["kind"])
        assert o["country"] is None or re.fullmatch(r"[A-Z]{2}", o["country"]), o["id"]
        assert isinstance(o["acronyms"], list), o["id"]


def test_acronyms_are_aliases(orgs: list[dict]) -> None:
    for o in orgs:
        aliases = set(_all_aliases(o))
        for acr in o["acronyms"]:
            assert acr in aliases, (o["id"], acr)
            assert acr == acr.strip() and acr, o["id"]


def test_no_alias_shared_between_orgs(orgs: list[dict]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for o in orgs:
        for a in _all_aliases(o):
            owners[norm(a)].add(o["id"])
    clashes = {a: sorted(ids) for a, ids in owners.items() if len(ids) > 1}
    assert not clashes, clashes


def test_acronyms_not_common_words(orgs: list[dict]) -> None:
    risky = {"OR", "ONE", "ET", "LA", "LE", "DES", "IS", "IT", "AT", "ON", "IN", "AN", "AS", "WHO", "US", "BE", "NO", "SO"}
    for o in orgs:
        assert not risky & set(o["acronyms"]), o["id"]


def test_no_bare_ambiguous_ministry_alias(orgs: list[dict]) -> None:
    banned = {norm(x) for x in [
        "ministère des Affaires étrangères", "Ministry of Foreign Affairs", "МИД",
        "Banque nationale", "Banque centrale", "Sénat", "Parlement", "gouvernement",
        "Conseil de sécurité", "Cour suprême", "Cour constitutionnelle",
    ]}
    for o in orgs:
        for a in _all_aliases(o):
            assert norm(a) not in banned, (o["id"], a)


def test_key_orgs_present(orgs: list[dict]) -> None:
    by_id = {o["id"]: o for o in orgs}
    onu = by_id["org:organisation-des-nations-unies"]
    for a in ["ONU", "Nations unies", "United Nations", "UN", "ООН"]:
        assert a in _all_aliases(onu), a
    assert "UN" in onu["acronyms"]
    agnu = by_id["org:assemblee-generale-des-nations-unies"]
    for a in ["Assemblée générale de l’ONU", "Assemblée générale de l'ONU", "AGNU", "UN General Assembly"]:
        assert a in _all_aliases(agnu), a
    sco = by_id["org:organisation-de-cooperation-de-shanghai"]
    assert {"OCS", "SCO", "ШОС"} <= set(sco["acronyms"])
    assert by_id["org:talibans"]["country"] == "AF"
    assert by_id["org:exclusive"]["kind"] == "media"
    for oid in [
        "org:union-europeenne", "org:commission-europeenne", "org:organisation-du-traite-de-l-atlantique-nord", "org:banque-mondiale",
        "org:samruk-kazyna", "org:kazmunaygas", "org:kazatomprom", "org:jogorku-kenesh",
        "org:oliy-majlis", "org:majilis", "org:ministere-des-affaires-etrangeres-du-kazakhstan",
        "org:banque-nationale-du-kazakhstan", "org:etat-islamique",
    ]:
        assert oid in by_id, oid


def test_persons_and_orgs_do_not_share_aliases(persons: list[dict], orgs: list[dict]) -> None:
    p_alias = {norm(a): p["id"] for p in persons for a in _all_aliases(p)}
    clashes = [(o["id"], a, p_alias[norm(a)]) for o in orgs for a in _all_aliases(o) if norm(a) in p_alias]
    assert not clashes, clashes


CAPS_ALIAS = re.compile(r"[A-ZА-ЯЁҰҚӘҒҮҺІӨ0-9][A-ZА-ЯЁҰҚӘҒҮҺІӨ0-9+\-/]{1,7}")


def test_short_uppercase_org_aliases_are_declared_acronyms(orgs: list[dict]) -> None:
    """Short all-caps aliases must be listed as acronyms so they are matched case-sensitively."""
    missing = []
    for o in orgs:
        aliases = _all_aliases(o)
        for a in aliases:
            if not CAPS_ALIAS.fullmatch(a) or not re.search(r"[^\d+\-/]", a):
                continue
            # an all-caps spelling of a brand (LUKOIL next to Lukoil) is not an acronym
            if any(b != a and b.casefold() == a.casefold() for b in aliases):
                continue
            if a not in o["acronyms"]:
                missing.append((o["id"], a))
    assert not missing, missing


@pytest.mark.parametrize("which", ["persons", "orgs"])
def test_no_mixed_script_words(which: str, request) -> None:
    bad = []
    for r in request.getfixturevalue(which):
        for a in _all_aliases(r):
            for w in re.findall(r"\w+", a):
                if re.search(r"[A-Za-z]", w) and CYRILLIC.search(w):
                    bad.append((r["id"], a))
    assert not bad, bad


def test_no_name_is_both_an_organisation_and_a_place_or_country():
    """Metonymic buildings (Kremlin, Akorda, Élysée) are places; the gold format says so."""
    from steppe.kb import fold, load_kb

    allowed = {"mexico", "arkadag"}  # Mexico: the country in English, the city in French
    owners: dict[str, set[str]] = {}
    for entity in load_kb():
        for alias in {fold(a) for a in entity.aliases}:
            owners.setdefault(alias, set()).add(entity.type)
    clashes = {a: t for a, t in owners.items() if len(t) > 1 and a not in allowed}
    assert not clashes


# ---------------------------------------------------------------- provenance and precision

ALL_DATA = sorted(DATA_DIR.glob("*.jsonl"))


@pytest.mark.parametrize("path", ALL_DATA, ids=[p.stem for p in ALL_DATA])
def test_every_record_says_where_its_names_come_from(path: Path) -> None:
    missing = [r["id"] for r in _load(path) if not (isinstance(r.get("source"), str) and r["source"].strip())]
    assert not missing, missing[:20]


def test_loader_keeps_the_source() -> None:
    from steppe.kb import load_kb

    entity = load_kb().get("org:kazinform")
    assert entity is not None and entity.source and "press" in entity.source


def test_regional_media_agencies_parties_banks_have_fr_en_ru_names(orgs: list[dict]) -> None:
    missing = [
        o["id"] for o in orgs
        if o["country"] in CENTRAL_ASIA and o["kind"] in {"media", "agency", "party", "bank"}
        and not all(o["aliases"].get(lang) for lang in ("fr", "en", "ru"))
    ]
    assert not missing, missing


# Names that are also words of French, English, Russian (or of the region's languages, used as
# such in the press: "Daryo" = river, "Dunyo" = world, "Adolat" = justice, "Ozodi" = freedom):
# the matcher must never take them bare; only after a preposition of place (ambiguous_aliases).
COMMON_WORD_NAMES = [
    "Vlast", "Власть", "Respublica", "Respublika", "Dunyo", "Дунё", "Курсив", "Adolat",
    "Адолат", "Orda", "Орда", "Daryo", "Ozodi", "Озоди", "Sputnik", "Спутник", "Auyl", "Ауыл",
    "Ak Jol", "Ak Zhol", "Ак жол", "Ақ жол", "Avesta", "Авеста", "Birlik", "Бирлик", "Trend",
    "Anadolu", "Exclusive", "Altyn Asyr", "Current Time", "Настоящее время", "Jumhuriyat",
    "Baytaq", "Russie juste", "Хабар", "Eskhata", "Эсхата", "Senagat", "Altyn", "Uzum",
    "Yntymak", "Ынтымак", "Uzbekistan 24",
]


def test_common_word_names_are_only_ambiguous_aliases(orgs: list[dict]) -> None:
    risky = {norm(w) for w in COMMON_WORD_NAMES}
    bad = []
    for o in orgs:
        ambiguous = {norm(a) for a in o.get("ambiguous_aliases", [])}
        for a in _all_aliases(o) + o["acronyms"]:
            if norm(a) in risky and norm(a) not in ambiguous:
                bad.append((o["id"], a))
    assert not bad, bad


def test_ambiguous_aliases_are_never_acronyms(orgs: list[dict]) -> None:
    """An acronym is matched by exact case anywhere: it would undo the ambiguity guard."""
    bad = [(o["id"], a) for o in orgs for a in o.get("ambiguous_aliases", []) if a in o["acronyms"]]
    assert not bad, bad
