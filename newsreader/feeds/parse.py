"""Which format a fetched document is in, and reading it with the reader for that format."""

from __future__ import annotations

import codecs

import msgspec

from newsreader.feeds.items import ParsedFeed
from newsreader.feeds.json_feed import is_json_feed, parse_json_feed
from newsreader.feeds.rss_atom import NotAFeed, parse_xml_feed
from newsreader.feeds.site_api import is_site_page, parse_site_page

__all__ = ["NotAFeed", "parse_feed"]

_JSON_TYPES = ("application/json", "application/feed+json", "text/json")


def parse_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Read a fetched document: JSON Feed, a page of the site's API, or RSS/Atom.

    Raises NotAFeed, saying why, for anything else (HTML, plain text, broken JSON or XML).
    """
    if not data.strip():
        raise NotAFeed("the response is empty")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type in _JSON_TYPES or data.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"["):
        return _parse_json(data, url)
    return parse_xml_feed(data, url, content_type)


def _parse_json(data: bytes, url: str) -> ParsedFeed:
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        document = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        raise NotAFeed(f"not valid JSON ({error})") from None
    try:
        if is_json_feed(document):
            return parse_json_feed(data, url)
        if is_site_page(document):
            return parse_site_page(data, url)
    except msgspec.DecodeError as error:
        raise NotAFeed(f"a JSON feed of the wrong shape ({error})") from None
    raise NotAFeed("JSON, but neither a JSON Feed nor a page of the site's API")
