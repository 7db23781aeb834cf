"""RSS 0.9x/1.0/2.0 and Atom 0.3/1.0, read by feedparser into FeedItems.

feedparser is only ever handed bytes (given a string it would fetch a URL or open a file), with
the feed's URL so that relative links resolve against it. It drops scripts, styles and event
attributes from HTML content itself. A document that declares its own XML entities is refused
before it is parsed: entities can expand without bound (the "billion laughs") or name files
(XXE), and real feeds do not declare them. A document cut off before its end is refused too,
where feedparser would quietly return the part it read.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsreader.feeds.items import FeedImage, FeedItem, ParsedFeed


class NotAFeed(ValueError):
    """A document that is not a feed newsreader can read; the message says why."""


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# What expat says when the document ends before its elements do.
_TRUNCATED = ("no element found", "unclosed token", "unclosed cdata section")
_KINDS = {"atom": "atom", "rss": "rss", "cdf": "rss"}


def parse_xml_feed(data: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Read an RSS or Atom document fetched from `url`; raises NotAFeed."""
    # Outside the DOCTYPE, `<!ENTITY` could only stand in a CDATA section.
    if _ENTITY_DECLARATION.search(data):
        raise NotAFeed("the document declares XML entities (refused: they expand or read files)")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    problem = parsed.get("bozo_exception")
    version = parsed.get("version") or ""
    message = _message(problem)
    if message.lower().startswith(_TRUNCATED):
        raise NotAFeed(f"the XML is cut off ({_where(problem)}{message})")
    if not version and not parsed.entries:
        reason = f" ({_where(problem)}{message})" if problem is not None else ""
        raise NotAFeed(f"not an RSS or Atom feed{reason}")
    feed = parsed.feed
    items = tuple(_item(entry) for entry in parsed.entries)
    kind = next((name for prefix, name in _KINDS.items() if version.startswith(prefix)), "rss")
    return ParsedFeed(
        kind=kind,
        title=_text(feed.get("title")),
        site_url=_text(feed.get("link")),
        items=items,
    )


def _message(problem: object) -> str:
    """The parser's words without its `<unknown>:1:97:` prefix."""
    if problem is None:
        return ""
    get_message = getattr(problem, "getMessage", None)
    return str(get_message()) if callable(get_message) else str(problem)


def _where(problem: object) -> str:
    line = getattr(problem, "getLineNumber", None)
    return f"line {line()}: " if callable(line) and line() else ""


def _item(entry: Any) -> FeedItem:
    content = entry.get("content") or []
    content_html = "\n".join(_text(part.get("value")) for part in content if part.get("value"))
    summary = _text(entry.get("summary"))
    if content_html and summary == content_html:
        summary = ""
    return FeedItem(
        title=_text(entry.get("title")),
        link=_link(entry),
        guid=_text(entry.get("id")),
        summary_html=summary,
        content_html=content_html,
        published_at=_when(entry.get("published_parsed") or entry.get("updated_parsed")),
        topics=tuple(term for tag in entry.get("tags") or [] if (term := _text(tag.get("term")))),
        images=_images(entry),
    )


def _link(entry: Any) -> str:
    link = _text(entry.get("link"))
    if link:
        return link
    for candidate in entry.get("links") or []:
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return _text(candidate.get("href"))
    return ""


def _images(entry: Any) -> tuple[FeedImage, ...]:
    images: list[FeedImage] = []
    for thumbnail in entry.get("media_thumbnail") or []:
        if thumbnail.get("url"):
            width, height = _int(thumbnail.get("width")), _int(thumbnail.get("height"))
            images.append(FeedImage(_text(thumbnail["url"]), width, height))
    for media in entry.get("media_content") or []:
        medium = str(media.get("medium") or media.get("type") or "")
        if media.get("url") and medium.startswith("image"):
            images.append(
                FeedImage(_text(media["url"]), _int(media.get("width")), _int(media.get("height")))
            )
    for link in entry.get("links") or []:
        image = str(link.get("type", "")).startswith("image")
        if link.get("rel") == "enclosure" and image and link.get("href"):
            images.append(FeedImage(_text(link["href"])))
    return tuple(images)


def _when(value: object) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        # feedparser gives the time in UTC, as a struct_time.
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip()[:9])
    return None
