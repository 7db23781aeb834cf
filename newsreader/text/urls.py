"""URLs from untrusted files: normalising them, and deciding whether one may be opened."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from newsreader.text.entities import decode_entities
from newsreader.text.sanitize import clean_line

OPENABLE_SCHEMES = ("http", "https")
# Characters left as they are when percent-encoding the parts of a URL that carry literal spaces
# or other characters a browser would not accept on a command line.
_SAFE_URL_CHARACTERS = "/:?#[]@!$&'()*+,;=%~-._"
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
# Zero-width space, non-joiner and joiner, LRM, RLM, Arabic letter mark, word joiner, the
# invisible operators, byte order mark, Mongolian vowel separator, and bidirectional controls.
_INVISIBLE = dict.fromkeys(
    [
        *(0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x180E, 0xFEFF),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
    ]
)


def tidy_url(raw: str) -> str:
    """A URL as found in a file or in a link of a body, as it is kept: character references
    decoded (`&#038;`, `&amp;`), then made safe to hold and show.

    Decoding comes first, as it can make characters that cleaning removes (`&#x202e;` is a
    right-to-left override, `&#10;` a newline): escapes and control characters go, whitespace
    folds to single spaces, and invisible characters that have no place in a URL (zero-width
    spaces and joiners, LRM/RLM/ALM marks, bidirectional controls) are dropped. Every URL read
    from a file comes through here; `check_openable` decides, when one is to be opened, whether
    it may be.
    """
    return clean_line(decode_entities(raw)).translate(_INVISIBLE).strip()


def canonical_url(url: str) -> str:
    """A form of the URL that two files naming the same article share.

    Scheme and host are lower-cased, the fragment and a trailing slash are dropped.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


@dataclass(frozen=True, slots=True)
class UrlCheck:
    """Whether a URL may be handed to a browser, and the exact string to hand over."""

    url: str | None
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.url is not None


def check_openable(url: str | None) -> UrlCheck:
    """Accept only complete http(s) URLs; encode spaces and other unsafe characters."""
    if not url or not url.strip():
        return UrlCheck(None, "this article has no URL")
    url = url.strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return UrlCheck(None, "the URL contains control characters")
    if _TRUNCATED.search(url):
        return UrlCheck(None, f"the URL is truncated: {url}")
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return UrlCheck(None, f"the URL is malformed ({error})")
    scheme = parts.scheme.lower()
    if scheme not in OPENABLE_SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        return UrlCheck(None, f"only http and https URLs are opened, not {shown}")
    if not parts.hostname:
        return UrlCheck(None, "the URL has no host")
    if url.startswith("-"):
        return UrlCheck(None, "the URL starts with a dash")
    encoded = urlunsplit(
        (
            scheme,
            parts.netloc,
            quote(parts.path, safe=_SAFE_URL_CHARACTERS),
            quote(parts.query, safe=_SAFE_URL_CHARACTERS),
            quote(parts.fragment, safe=_SAFE_URL_CHARACTERS),
        )
    )
    return UrlCheck(encoded)
