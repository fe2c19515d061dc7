"""Canonical URLs: one spelling per page, so tracking variants and copies are recognised.

``https://Example.com/a/b/?utm_source=rss&id=3#top`` and ``https://example.com/a/b?id=3`` are
the same page. We lower-case scheme and host, drop default ports, fragments, trailing slashes
and tracking parameters (utm_*, fbclid, xtor…), and sort the remaining query parameters.
We keep ``www.``: it can be a different host, and feeds spell their own links consistently.
"""

from __future__ import annotations

import re
from urllib.parse import (SplitResult, parse_qsl, quote, unquote, urlencode, urlsplit,
                          urlunsplit)

from steppe.errors import InputError

FETCHABLE_SCHEMES = ("http", "https")
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_", "itm_", "ga_")
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "xtor", "xts", "ocid", "cmpid", "ns_mchannel",
    "ns_source", "ns_campaign", "ns_linkname", "ref_src", "ref_url", "sr_share", "spm",
    "s_cid", "soc_src", "soc_trk", "rss", "from_rss", "echobox", "_hsenc", "_hsmi",
}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SLASHES = re.compile(r"/{2,}")


def check_fetchable(url: str) -> str:
    """The URL, stripped, if Steppe may fetch it (http or https with a host); else InputError."""
    url = (url or "").strip()
    parts = _split(url)
    if parts.scheme.lower() not in FETCHABLE_SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "sans schéma"
        raise InputError(f"{url or '(URL vide)'} : seules les URL http et https sont récupérées ({shown})")
    if not (parts.hostname or "").strip("."):  # "http://./" has no host either
        raise InputError(f"{url} : l’URL n’a pas d’hôte")
    return url


def _split(url: str) -> SplitResult:
    """urlsplit, with its port checked: a bad port or IPv6 host is the URL's fault."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number from 0 to 65535
    except ValueError as exc:
        raise InputError(f"{url} : URL mal formée ({exc})") from None
    return parts


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The canonical spelling of an http(s) URL (see the module docstring)."""
    parts = _split(check_fetchable(url))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(_SLASHES.sub("/", parts.path or "/")), safe="/:@!$&'()*+,;=-._~%")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def same_host(a: str, b: str) -> bool:
    return (urlsplit(a).hostname or "").lower() == (urlsplit(b).hostname or "").lower()
