"""Fetching a feed's bytes over HTTP: bounded in time, size, redirects and concurrency.

Every request carries a User-Agent naming newsreader, asks for gzip, and sends the validators
of the last fetch (If-None-Match, If-Modified-Since) so that an unchanged feed costs a 304.
Redirects are followed here rather than by httpx, so that each hop is checked: at most
MAX_REDIRECTS of them, and only to http or https. A response is read as it streams and given up
past the size cap (counted after gzip is undone, so a small bomb cannot grow past it), or when
the whole fetch takes longer than the total timeout.

`HostLimits` keeps to at most two requests at a time per host and eight in all, however many
threads ask.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsreader import __version__

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"newsreader/{__version__} (terminal newsreader; feed fetcher)"
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
# A fetch (all its redirects and the whole body) that takes longer than this is given up.
TOTAL_TIMEOUT = 60.0
# No feed page comes near this; a response that does is not read further.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
PER_HOST = 2
TOTAL = 8
_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """A fetch that failed; the message says why, in words for the user."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said about the last version fetched, sent back to ask for changes."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched document, or (`not_modified`) the server's word that nothing changed."""

    url: str  # after redirects
    not_modified: bool
    body: bytes
    content_type: str
    validators: Validators


def check_fetchable(url: str) -> str | None:
    """Why `url` cannot be fetched (not http/https, no host), or None when it can."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"malformed URL ({error})"
    if parts.scheme.lower() not in _SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"only http and https URLs are fetched, not {shown}"
    if not parts.hostname:
        return "the URL has no host"
    return None


class HostLimits:
    """At most `per_host` requests at a time to one host, and `total` in all."""

    def __init__(self, per_host: int = PER_HOST, total: int = TOTAL) -> None:
        self._per_host = per_host
        self._total = threading.BoundedSemaphore(total)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Wait for a free slot for `url`'s host, and hold it while the block runs."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            semaphore = self._hosts.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with semaphore, self._total:
            yield


class FeedClient:
    """An HTTP client for feeds; share one between threads (httpx.Client is thread-safe)."""

    def __init__(
        self,
        *,
        max_bytes: int = MAX_RESPONSE_BYTES,
        total_timeout: float = TOTAL_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        limits: HostLimits | None = None,
    ) -> None:
        import httpx  # imported when first used: ~50 ms that every start would pay otherwise

        self.max_bytes = max_bytes
        self.total_timeout = total_timeout
        self.limits = limits or HostLimits()
        self._client = httpx.Client(
            timeout=httpx.Timeout(total_timeout, connect=connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=TOTAL * 2, max_keepalive_connections=TOTAL),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> FeedClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET `url`, following redirects; raises FetchError with the reason on any failure."""
        deadline = time.monotonic() + self.total_timeout
        headers = {"Accept": _ACCEPT}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {self.total_timeout:g} seconds")
            refusal = check_fetchable(current)
            if refusal is not None:
                raise FetchError(refusal if current == url else f"redirected to {refusal}")
            with self.limits.slot(current):
                outcome = self._get_once(current, headers, deadline)
            if isinstance(outcome, Response):
                return outcome
            current = outcome
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _get_once(self, url: str, headers: dict[str, str], deadline: float) -> Response | str:
        """The response, or the URL a redirect points to."""
        import httpx

        try:
            with self._client.stream("GET", url, headers=headers) as reply:
                if reply.status_code == 304:
                    return Response(url, True, b"", "", _validators(reply, headers))
                if reply.status_code in _REDIRECTS:
                    location = reply.headers.get("Location")
                    if not location:
                        raise FetchError(f"HTTP {reply.status_code} redirect without a Location")
                    return urljoin(url, str(location))
                if reply.status_code != 200:
                    phrase = f" {reply.reason_phrase}" if reply.reason_phrase else ""
                    raise FetchError(f"HTTP {reply.status_code}{phrase}")
                body = self._read_capped(reply, deadline)
                content_type = reply.headers.get("Content-Type", "")
                return Response(url, False, body, content_type, _validators(reply, {}))
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except httpx.DecodingError as error:
            raise FetchError(f"could not decode the response ({error})") from None
        except httpx.ConnectError as error:
            raise FetchError(f"could not connect ({_transport_reason(error)})") from None
        except httpx.TransportError as error:
            raise FetchError(f"the connection failed ({_transport_reason(error)})") from None
        except httpx.InvalidURL as error:
            raise FetchError(f"malformed URL ({error})") from None

    def _read_capped(self, reply: httpx.Response, deadline: float) -> bytes:
        declared = reply.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"response of {int(declared):,} bytes is over {self.max_bytes:,}")
        chunks: list[bytes] = []
        size = 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"response is over the {self.max_bytes:,} byte limit")
            if time.monotonic() > deadline:
                raise FetchError(f"took longer than {self.total_timeout:g} seconds")
            chunks.append(chunk)
        return b"".join(chunks)


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)


def _validators(reply: httpx.Response, sent: dict[str, str]) -> Validators:
    # A 304 may leave the validators out; those that were sent still hold.
    return Validators(
        _header_value(reply.headers.get("ETag")) or sent.get("If-None-Match"),
        _header_value(reply.headers.get("Last-Modified")) or sent.get("If-Modified-Since"),
    )


def _header_value(value: str | None) -> str | None:
    """A validator that can be sent back: printable ASCII and not too long; else None (it
    would make every later request fail)."""
    if value is None or len(value) > 1024 or not value.isascii():
        return None
    return value if value.isprintable() else None


def _transport_reason(error: httpx.TransportError) -> str:
    text = str(error).strip()
    return text or type(error).__name__
