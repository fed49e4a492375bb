"""Fetching a calendar feed: http(s) only, public addresses only, bounded in time and size.

Every hop's host is resolved and each of its addresses checked before connecting, and the
connection goes to a checked address (so a second lookup cannot swap in another);
redirects are followed by hand, re-checked, at most MAX_REDIRECTS times. Proxies from the
environment are not used. Loopback and private addresses are allowed only with
`allow_private` (AVAILBOT_FEEDS_ALLOW_PRIVATE, read by bot/config.py).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from core.errors import FeedAddressRefused, FeedTooLarge, FeedUnreachable
from core.imports.feeds import where

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 20.0
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_USER_AGENT = "availbot (calendar feed reader)"


@dataclass(frozen=True)
class FeedLimits:
    """How far one fetch may go: `timeout` bounds the whole fetch, redirects included."""

    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    timeout: float = TIMEOUT_SECONDS


def feed_url(url: str) -> str:
    """The address to fetch: `webcal://` and `webcals://` are https, as calendar apps read them."""
    text = url.strip()
    scheme, _, rest = text.partition("://")
    if rest and scheme.lower() in ("webcal", "webcals"):
        return f"https://{rest}"
    return text


def public(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, shared, reserved or
    multicast (an IPv4 address mapped into IPv6 is judged as itself)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def fetch_feed(
    url: str,
    *,
    allow_private: bool,
    limits: FeedLimits | None = None,
    permitted: Callable[[IPAddress], bool] | None = None,
    resolve: Resolver | None = None,
) -> bytes:
    """The body of the feed at `url` (a 200 answer), or a FeedFailed saying why not.

    `permitted` decides which addresses may be connected to (default: public ones, or any
    with `allow_private`); `resolve` turns a host and port into addresses."""
    limits = limits or FeedLimits()
    allowed = permitted or (_anywhere if allow_private else public)
    lookup = resolve or _resolve
    deadline = time.monotonic() + limits.timeout
    current = feed_url(url)
    for _ in range(limits.max_redirects + 1):
        _check_scheme(current)
        addresses = _checked_addresses(current, allowed, lookup)
        status, location, body = _get(current, addresses, limits, deadline)
        if status in _REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status != 200:
            raise FeedUnreachable(
                where(current), f"the server answered HTTP {status}", status=status
            )
        return body
    raise FeedUnreachable(where(current), f"it redirected more than {limits.max_redirects} times")


def _anywhere(_address: IPAddress) -> bool:
    return True


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedAddressRefused(
            where(url), "only http, https and webcal addresses with a host are fetched"
        )


def _port(url: str) -> int:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise FeedAddressRefused(where(url), "its port is not a number from 0 to 65535") from None
    return port or (443 if parts.scheme.lower() == "https" else 80)


def _checked_addresses(
    url: str, allowed: Callable[[IPAddress], bool], lookup: Resolver
) -> list[str]:
    """Every address the host resolves to, each one allowed; else FeedAddressRefused."""
    host = urlsplit(url).hostname or ""
    try:
        found = lookup(host, _port(url))
    except OSError as exc:
        raise FeedUnreachable(where(url), f"its host name could not be resolved ({exc})") from None
    if not found:
        raise FeedUnreachable(where(url), "its host name resolves to no address")
    for text in found:
        address = ipaddress.ip_address(text.partition("%")[0])
        if not allowed(address):
            raise FeedAddressRefused(
                where(url),
                f"it resolves to {address}, a loopback, private or otherwise non-public "
                "address (allowed only with AVAILBOT_FEEDS_ALLOW_PRIVATE=1)",
            )
    return found


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _get(
    url: str, addresses: list[str], limits: FeedLimits, deadline: float
) -> tuple[int, str | None, bytes]:
    """One GET to one of the checked addresses: status, Location, and the body of a 200."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = _connection(url, addresses, _remaining(url, deadline))
    try:
        connection.request(
            "GET", target, headers={"User-Agent": _USER_AGENT, "Accept": "text/calendar, */*"}
        )
        with connection.getresponse() as response:
            if response.status != 200:
                return response.status, response.getheader("Location"), b""
            declared = response.getheader("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FeedTooLarge(where(url), limit=limits.max_bytes, what="bytes")
            return 200, None, _body(url, response, limits.max_bytes, deadline)
    except (OSError, http.client.HTTPException) as exc:
        raise FeedUnreachable(where(url), f"the request failed ({_reason(exc, url)})") from None
    finally:
        connection.close()


def _body(url: str, response: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):  # one receive at a time: the deadline holds
        size += len(chunk)
        if size > limit:
            raise FeedTooLarge(where(url), limit=limit, what="bytes")
        chunks.append(chunk)
        _remaining(url, deadline)
    return b"".join(chunks)


def _remaining(url: str, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FeedUnreachable(where(url), "it took too long to answer")
    return left


def _reason(exc: BaseException, url: str) -> str:
    """Why a request failed, in words that never carry the address's path or query (the
    feed's secret): http.client quotes the request target in some of its errors."""
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, http.client.InvalidURL):
        return "the address holds characters a URL may not hold"
    if isinstance(exc, http.client.HTTPException):
        return f"the answer could not be read: {type(exc).__name__}"
    said = str(exc) or type(exc).__name__
    parts = urlsplit(url)
    for secret in (parts.path, parts.query, parts.fragment):
        if len(secret) > 1:
            said = said.replace(secret, "…")
    return said


def _connection(url: str, addresses: list[str], timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    host, port = parts.hostname or "", _port(url)
    if parts.scheme.lower() == "https":
        return _PinnedHTTPS(host, port, addresses, timeout)
    return _PinnedHTTP(host, port, addresses, timeout)


def _connect(addresses: list[str], port: int, timeout: float | None) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    failure: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout=timeout)
        except OSError as exc:
            failure = exc
    assert failure is not None  # addresses is never empty
    raise failure


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the addresses already checked, never to a fresh lookup."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to the checked addresses, the certificate verified against the host name."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._addresses = addresses

    def connect(self) -> None:
        raw = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)
