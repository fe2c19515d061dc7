"""Which addresses Steppe may connect to: public ones, and the ones the operator allows.

Feeds and the pages they link to are chosen by strangers, so a URL must never make Steppe
reach what only the machine itself can reach (SSRF): the loopback interface, the local
network, a cloud's metadata service at 169.254.169.254. Everything that is not a public
address is refused unless ``STEPPE_FETCH_ALLOW`` names it (a host name, an address or a
CIDR range).

The check sits where the socket is opened, not where the URL is read. ``GuardedBackend`` is
the httpcore network backend of the fetcher's connection pool: it resolves the host once,
checks *every* address the name resolves to, and connects to those checked addresses only.
So there is no second resolution an attacker could answer differently (DNS rebinding), every
redirect hop and every new connection goes through the same check, and TLS still runs
against the host name (SNI and certificate checks are httpcore's, unchanged), as does the
``Host`` header. Environment proxies are not used: through a proxy the target would be
resolved where we cannot check it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import Iterable

import httpcore
import httpx

from steppe.errors import FetchError, InputError, quoted

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
ALLOW_ENV = "STEPPE_FETCH_ALLOW"
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")


def _nets(label: str, *cidrs: str) -> list[tuple[IPNetwork, str]]:
    return [(ipaddress.ip_network(c), label) for c in cidrs]


# Checked in order, first match wins; what is left must still be ``is_global``.
_SPECIAL: list[tuple[IPNetwork, str]] = [
    *_nets("de lien local (métadonnées du cloud)", "169.254.169.254/32", "fd00:ec2::254/128"),
    *_nets("non spécifiée", "0.0.0.0/8", "::/128"),
    *_nets("de bouclage", "127.0.0.0/8", "::1/128"),
    *_nets("privée", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
    *_nets("partagée (CGNAT)", "100.64.0.0/10"),
    *_nets("de lien local", "169.254.0.0/16", "fe80::/10"),
    *_nets("de site local", "fec0::/10"),
    *_nets("de multidiffusion", "224.0.0.0/4", "ff00::/8"),
    *_nets("de diffusion", "255.255.255.255/32"),
    *_nets("réservée", "240.0.0.0/4", "192.0.0.0/24", "198.18.0.0/15", "100::/64"),
    *_nets("de documentation", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
           "2001:db8::/32"),
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(FetchError):
    """A connection the guard refused; the message says which address and why."""


def refusal(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address ("private address 10.0.0.5"), or None if it is.

    IPv6 forms that carry an IPv4 address (mapped, 6to4, Teredo, NAT64) are judged by the
    IPv4 address they lead to, so ``::ffff:127.0.0.1`` is loopback."""
    inner = _embedded_v4(ip)
    if inner is not None:
        reason = refusal(inner)
        return f"{reason} (sous la forme {ip})" if reason else None
    for network, label in _SPECIAL:
        if ip.version == network.version and ip in network:
            return f"adresse {label} {ip}"
    if not ip.is_global:
        return f"adresse non publique {ip}"
    return None


def _embedded_v4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


@dataclass(frozen=True)
class AllowList:
    """Host names and address ranges the operator allows although they are not public.

    A listed host name allows every address it resolves to (the operator vouches for the
    name); a listed address or range allows itself whatever name leads to it."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, spec: str | Iterable[str]) -> "AllowList":
        """From ``STEPPE_FETCH_ALLOW``: comma-separated host names, addresses, CIDR ranges."""
        items = spec.split(",") if isinstance(spec, str) else list(spec)
        hosts, networks = set(), []
        for item in (i.strip() for i in items):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            name = item.lower().rstrip(".")
            if not _HOST_NAME.match(name):
                raise InputError(f"{ALLOW_ENV} : {quoted(item)} n’est ni un nom d’hôte, ni une "
                                 "adresse, ni une plage CIDR")
            hosts.add(name)
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_ip(self, ip: IPAddress) -> bool:
        return any(ip.version == n.version and ip in n for n in self.networks)


def checked_addresses(host: str, port: int, allow: AllowList) -> list[str]:
    """The addresses ``host`` resolves to, all of them public or allowed; else AddressRefused.

    One forbidden address refuses the host: a name that also points inside the network is
    not one to trust with the others."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(f"impossible de résoudre {host} ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if allow.allows_host(host):
        return addresses
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        reason = None if allow.allows_ip(ip) else refusal(ip)
        if reason is not None:
            named = "" if _is_literal(host, ip) else f"{host} se résout en "
            raise AddressRefused(f"{named}{reason}")
    return addresses


def _is_literal(host: str, ip: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")) == ip
    except ValueError:
        return False


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's blocking backend, connecting only to checked addresses (module docstring)."""

    def __init__(self, allow: AllowList) -> None:
        self.allow = allow
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in checked_addresses(host, port, self.allow):
            try:  # the checked address, never the name again: no second DNS answer
                return self.inner.connect_tcp(address, port, timeout, local_address,
                                              socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # the next address of the host, as a browser would
        raise last or httpcore.ConnectError(f"{host} : aucune adresse")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable | None = None) -> httpcore.NetworkStream:
        raise AddressRefused(f"socket unix {path}")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on ``GuardedBackend``.

    httpx builds its pool without a way to pass a network backend, so the pool is rebuilt
    here with the same settings; the check below fails loudly if an httpx upgrade moves it."""

    def __init__(self, allow: AllowList, limits: httpx.Limits = httpx.Limits()) -> None:
        super().__init__(limits=limits)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx.HTTPTransport no longer keeps its pool in _pool: "
                               "the fetch guard cannot be installed")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=GuardedBackend(allow),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry)
