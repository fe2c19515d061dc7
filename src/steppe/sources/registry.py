"""Declaring sources: names, poll intervals ("15m"), the bundled list of French-language outlets.

The bundled list (``steppe/resources/bundled_sources.jsonl``) holds URLs only; nothing is
fetched when Steppe is installed or imported. Users copy and edit it, then
``steppe sources import FILE``; the same JSON Lines format is read either way.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from steppe.errors import InputError, RecordError, quoted
from steppe.model import Source
from steppe.sources.canonical import check_fetchable

MIN_EVERY_S = 60  # polling a feed more often than once a minute is impolite
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
# ASCII digits and units, spelled out: with re.I, [smhd] would also match "ſ" (U+017F),
# which has no unit; the web API's schema states the same grammar (web/api.py)
_EVERY = re.compile(r"^\s*([0-9]+)\s*([smhdSMHD]?)\s*$")
_NAME = re.compile(r"^[\w.-]{1,80}$")


def parse_every(value: str | int) -> int:
    """Seconds in "90s", "15m", "2h", "1d" (a bare number is minutes); at least a minute."""
    match = _EVERY.match(str(value))
    if not match:
        raise InputError(f"--every {quoted(value)} : une durée est attendue, par exemple 15m, 2h ou 1d")
    seconds = int(match.group(1)) * _UNITS[(match.group(2) or "m").lower()]
    if seconds < MIN_EVERY_S:
        raise InputError(f"--every {quoted(value)} : une source est interrogée au plus une fois par minute")
    return seconds


def format_every(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        if seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def default_name(url: str) -> str:
    host = (urlsplit(url).hostname or "source").lower()
    return host.removeprefix("www.")


def new_source(url: str, name: str | None = None, every: str | int = "15m",
               lang: str | None = None, now: float = 0.0) -> Source:
    """A validated Source, due at once; nothing is fetched."""
    url = check_fetchable(url)
    name = (name or default_name(url)).strip()
    if not _NAME.match(name):
        raise InputError(f"nom de source {quoted(name)} : lettres, chiffres, « . », « _ » ou « - » "
                         "(80 au plus)")
    if lang is not None and not re.fullmatch(r"[a-z]{2,3}", lang):
        raise InputError(f"--lang {quoted(lang)} : un code ISO 639-1 est attendu, par exemple fr")
    return Source(name=name, url=url, every_s=parse_every(every), lang=lang, next_due=now,
                  created=now)


def bundled_list_path() -> Path:
    return Path(str(files("steppe.resources").joinpath("bundled_sources.jsonl")))


def read_source_list(path: Path | None = None, now: float = 0.0) -> list[Source]:
    """Sources of a JSON Lines list (``name``, ``url``, optional ``every``, ``lang``);
    the bundled list when no path is given. A bad line is named with its number."""
    path = path or bundled_list_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path} : lecture impossible ({exc.strerror})") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("url"), str):
                raise InputError("un objet avec une « url » est attendu")
            out.append(new_source(obj["url"], obj.get("name"), obj.get("every", "30m"),
                                  obj.get("lang"), now))
        except json.JSONDecodeError as exc:
            raise RecordError(str(path), n, f"JSON invalide ({exc.msg})") from None
        except InputError as exc:
            raise RecordError(str(path), n, exc.message) from None
    return out
