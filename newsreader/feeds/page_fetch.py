"""Fetching one web page for reader mode: only http(s), bounded in redirects, time and size.

The page is read as bytes in a stream and dropped as soon as it passes the size cap; redirects
are followed by hand so that each hop is checked (http and https only, at most five); the
bytes are decoded with the charset the headers or the page declare and sanitised at once. The
page is never run or handed to anything but the HTML parser.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from newsreader import __version__
from newsreader.text.sanitize import clean_text
from newsreader.text.urls import check_openable

if TYPE_CHECKING:
    import httpx

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_CONNECT_SECONDS = 10.0
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# Where a page may declare its charset: <meta charset=...> or the http-equiv form.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)
_SNIFF_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How far a fetch may go: bytes read, seconds in all, seconds to connect, redirects."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    connect_timeout: float = DEFAULT_CONNECT_SECONDS
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page as text: the URL it was finally read from, and its sanitised HTML."""

    url: str
    html: str


class FetchError(Exception):
    """A page that could not be had; `reason` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fetch_page(url: str, limits: FetchLimits | None = None) -> FetchedPage:
    """The page at `url` as sanitised HTML text, or FetchError saying why not."""
    import httpx  # imported when first used: ~50 ms that every start would pay otherwise

    limits = limits or FetchLimits()
    checked = check_openable(url)
    if checked.url is None:
        raise FetchError(checked.refusal or "the URL cannot be fetched")
    deadline = time.monotonic() + limits.timeout
    timeout = httpx.Timeout(limits.timeout, connect=min(limits.connect_timeout, limits.timeout))
    headers = {
        "User-Agent": f"newsreader/{__version__} (reader mode)",
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    }
    try:
        with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
            return _follow(client, checked.url, limits, deadline)
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {limits.timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {limits.max_redirects} redirects") from None
    except httpx.HTTPError as error:
        raise FetchError(f"cannot fetch the page: {_one_line(error)}") from None


def _follow(client: httpx.Client, url: str, limits: FetchLimits, deadline: float) -> FetchedPage:
    for _ in range(limits.max_redirects + 1):
        with client.stream("GET", url) as response:
            if response.status_code in _REDIRECT_STATUSES:
                url = _redirect_target(url, response)
                continue
            if not 200 <= response.status_code < 300:
                phrase = response.reason_phrase
                raise FetchError(f"HTTP {response.status_code}{' ' + phrase if phrase else ''}")
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type and media_type not in HTML_TYPES:
                raise FetchError(f"not HTML: the page is {clean_text(media_type)[:80]}")
            body = _read_capped(response, limits, deadline)
            if not media_type and not _looks_like_html(body):
                raise FetchError("not HTML: the page has no content type and no HTML")
            html = _decode(body, response.headers.get("content-type", ""))
            return FetchedPage(str(response.url), clean_text(html))
    raise FetchError(f"more than {limits.max_redirects} redirects")


def _redirect_target(url: str, response: httpx.Response) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(f"HTTP {response.status_code} redirect with no Location")
    target = urljoin(url, location)
    checked = check_openable(target)
    if checked.url is None:
        raise FetchError(f"redirect refused: {checked.refusal}")
    return checked.url


def _read_capped(response: httpx.Response, limits: FetchLimits, deadline: float) -> bytes:
    """The body, stopping as soon as it passes the cap or the deadline."""
    too_large = f"too large: more than {_megabytes(limits.max_bytes)}"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(too_large)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(too_large)
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {limits.timeout:g} s")
    return b"".join(chunks)


def _looks_like_html(body: bytes) -> bool:
    head = body[:_SNIFF_BYTES].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or (
        b"<p" in head or b"<div" in head
    )


def _decode(body: bytes, content_type: str) -> str:
    """Bytes to text: a byte-order mark, else the header's charset, else the page's own
    <meta>, else UTF-8, else Windows-1252 (which decodes any byte)."""
    for bom, bom_encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_encoding, errors="replace")
    declared = [match.group(1) for match in [_HEADER_CHARSET.search(content_type)] if match]
    meta = _META_CHARSET.search(body[:_SNIFF_BYTES])
    if meta:
        declared.append(meta.group(1).decode("ascii", errors="ignore"))
    for name in declared:
        known = _known_encoding(name)
        if known is not None:
            return body.decode(known, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _known_encoding(name: str) -> str | None:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Pages that say Latin-1 mean Windows-1252, as browsers read them.
    return "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _one_line(error: Exception) -> str:
    text = " ".join(clean_text(str(error)).split()) or type(error).__name__
    return text[:200]
