"""What a feed gives, whatever its format: the feed's own details and its items, as read.

The readers of each format (rss_atom, json_feed, site_api) fill these; article_files maps them
to article files. Values are as the feed has them (HTML left as HTML), not yet made safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FeedImage:
    """An image of an item (an enclosure, a thumbnail, a lead image): its URL, size if given."""

    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed."""

    title: str = ""
    link: str = ""  # the article itself
    web_url: str = ""  # where the site shows it, when that differs (the site's API)
    guid: str = ""
    summary_html: str = ""  # HTML (or plain text, which reads the same)
    content_html: str = ""
    body_text: str = ""  # plain-text (or Markdown) content, when the format has it as such
    excerpt_text: str = ""  # a plain-text excerpt, when the format has one
    published_at: datetime | None = None  # aware
    topics: tuple[str, ...] = ()
    images: tuple[FeedImage, ...] = ()
    provider_name: str = ""
    provider_domain: str = ""
    heat: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed document: its title and site, its items, and where more of them are."""

    kind: str  # "rss", "atom", "json feed", "site api"
    title: str = ""
    site_url: str = ""
    items: tuple[FeedItem, ...] = ()
    next_page: str | None = None  # the next page's URL (the site's API pages)
    notes: tuple[str, ...] = field(default=())  # items left out, and why
