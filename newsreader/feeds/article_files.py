"""A feed item as an article file: the front matter the site's files have, and a body.

Everything taken from the feed is untrusted: HTML becomes Markdown and anything that still looks
like markup is taken out (feed_text), terminal escapes and control characters are stripped
(after every decoding step), only complete http/https URLs are kept, and every field is capped.
The front matter is written by PyYAML's safe dumper, never pasted together as text, so no value
can end the front matter or add a key.

File names are `YYYY-MM-DD-slug.md` (article_writing): the date the item was published (in UTC;
else the day of the fetch), and a slug made from the title holding only `[a-z0-9-]`; nothing
from the feed ever becomes part of a path.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import yaml

from newsreader.feeds.feed_text import (
    MAX_URL_CHARS,
    as_markdown,
    plain_text,
    trimmed_lines,
    web_links_only,
    web_url,
    without_markup,
)
from newsreader.feeds.items import FeedItem
from newsreader.text.infer import shorten
from newsreader.text.sanitize import clean_line, clean_text
from newsreader.text.urls import canonical_url

MAX_TITLE_CHARS = 300
MAX_EXCERPT_CHARS = 600
MAX_BODY_CHARS = 100_000
MAX_TOPICS = 20
MAX_TOPIC_CHARS = 100
MAX_IMAGES = 10
MAX_SLUG_CHARS = 60


@dataclass(frozen=True, slots=True)
class FeedContext:
    """What an item takes from its feed: the provider to name and the topics to fall back on."""

    url: str
    title: str = ""
    site_url: str = ""
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article file to write: its front matter, body, and what identifies it."""

    front_matter: dict[str, Any]
    body: str
    slug: str
    day: str  # YYYY-MM-DD
    keys: tuple[str, ...]  # canonical URL and guid, as known-article keys

    def text(self) -> str:
        """The file's contents: front matter between `---` lines, then the body."""
        header = yaml.dump(
            self.front_matter,
            Dumper=_ArticleDumper,
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=10_000,
        )
        return f"---\n{header}---\n{self.body}\n" if self.body else f"---\n{header}---\n"


def item_keys(item: FeedItem, base: str) -> tuple[str, ...]:
    """What identifies an item against the articles already written: canonical URL, guid."""
    keys = []
    link = web_url(item.link, base)
    if link:
        keys.append("url:" + canonical_url(link))
    guid = item_guid(item, link)
    if guid:
        keys.append("guid:" + guid)
    return tuple(keys)


def item_guid(item: FeedItem, link: str) -> str:
    """The item's guid; for an item with neither a link nor a guid, one made from its text."""
    guid = clean_line(item.guid)[:MAX_URL_CHARS]
    if guid or link:
        return guid
    published = item.published_at.isoformat() if item.published_at else ""
    parts = (item.title, published, item.summary_html, item.excerpt_text, item.content_html)
    text = "\n".join((*parts, item.body_text))
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def new_article(item: FeedItem, feed: FeedContext, fetched_at: datetime) -> NewArticle | None:
    """The article file for `item`; None when it has neither a title nor any text."""
    base = feed.url
    link = web_url(item.link, base)
    page = web_url(item.web_url, base) or link
    summary = as_markdown(item.summary_html)
    body = _body(item, summary)
    excerpt = _excerpt(item, summary)
    title = shorten(clean_line(without_markup(html.unescape(item.title))), MAX_TITLE_CHARS)
    if not title:
        title = shorten(clean_line(plain_text(excerpt or body)), 120)
    if not title:
        return None
    front: dict[str, Any] = {"title": title}
    if excerpt:
        front["excerpt"] = excerpt
    published = item.published_at.astimezone(UTC) if item.published_at else None
    if published is not None:
        front["publishedDateTime"] = published.replace(microsecond=0)
    if link:
        front["originalUrl"] = link
    if page:
        front["webUrl"] = page
    front["type"] = "article"
    if item.heat is not None:
        front["heat"] = item.heat
    front["provider"] = _provider(item, feed)
    topics = _topics(item.topics) or _topics(feed.topics)
    if topics:
        front["topics"] = topics
    images = _images(item, base)
    if images:
        front["images"] = images
    guid = item_guid(item, link)
    if guid and guid != link:
        front["guid"] = guid
    day = (published or fetched_at.astimezone(UTC)).strftime("%Y-%m-%d")
    slug = slugify(title) if slugify(title) != "article" else slugify(_last_segment(link))
    return NewArticle(front, body, slug, day, item_keys(item, base))


def _last_segment(url: str) -> str:
    """The last part of a URL's path (`story-of-the-day` of `.../story-of-the-day.html`)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def slugify(title: str) -> str:
    """`[a-z0-9-]` only: accents folded to letters, anything else a single dash."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    slug = slug[:MAX_SLUG_CHARS].rstrip("-")
    return slug or "article"


# The fields -----------------------------------------------------------------------------------


def _body(item: FeedItem, summary: str) -> str:
    """The content as Markdown; `summary` is the item's summary as Markdown."""
    if item.content_html:
        body = as_markdown(item.content_html)
    elif item.body_text:
        body = item.body_text
    elif len(plain_text(summary)) > MAX_EXCERPT_CHARS:
        # An RSS description holding the whole article: the excerpt is its beginning.
        body = summary
    else:
        body = ""
    body = clean_text(without_markup(web_links_only(body))).strip()
    return trimmed_lines(body[:MAX_BODY_CHARS])


def _excerpt(item: FeedItem, summary: str) -> str:
    text = html.unescape(item.excerpt_text) or summary
    return shorten(clean_line(plain_text(without_markup(text))), MAX_EXCERPT_CHARS)


def _provider(item: FeedItem, feed: FeedContext) -> dict[str, str | None]:
    domain = clean_line(item.provider_domain)[:200] or _domain(feed.site_url) or _domain(feed.url)
    name = clean_line(without_markup(item.provider_name or feed.title))[:200] or domain
    return {"name": name or None, "domain": domain or None}


def _domain(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _topics(topics: tuple[str, ...]) -> list[str]:
    kept: dict[str, None] = {}
    for topic in topics:
        name = clean_line(without_markup(topic))[:MAX_TOPIC_CHARS]
        if name:
            kept[name] = None
        if len(kept) >= MAX_TOPICS:
            break
    return list(kept)


def _images(item: FeedItem, base: str) -> list[dict[str, Any]]:
    images: list[dict[str, Any]] = []
    seen: set[str] = set()
    for image in item.images:
        url = web_url(image.url, base)
        if not url or url in seen:
            continue
        seen.add(url)
        entry: dict[str, Any] = {"url": url}
        if image.width is not None and 0 < image.width < 100_000:
            entry["width"] = image.width
        if image.height is not None and 0 < image.height < 100_000:
            entry["height"] = image.height
        images.append(entry)
        if len(images) >= MAX_IMAGES:
            break
    return images


# libyaml's emitter when PyYAML has it (about ten times as quick), with the safe representer.
_SafeDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _ArticleDumper(_SafeDumper):  # type: ignore[valid-type,misc]
    """The safe dumper, writing times as the site's files do: 2023-10-06T23:04:00Z, unquoted."""


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    text = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", text)


_ArticleDumper.add_representer(datetime, _represent_datetime)
