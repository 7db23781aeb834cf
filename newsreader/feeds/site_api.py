"""The JSON API of the site the sample articles come from: numbered pages of article records.

A page is `{"page": n, "value": [items], "nextPage": n + 1 or null}`; its items have the
article files' own fields (title, excerpt, content, publishedDateTime, originalUrl, webUrl,
provider{name, domain}, topics, images, heat). Page N lives at `page/N/index.json` beside the
first page's folder: `.../api/news/index.json` -> `.../api/news/page/2/index.json`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import msgspec

from newsreader.feeds.dates import parse_timestamp
from newsreader.feeds.items import FeedImage, FeedItem, ParsedFeed

# Pages followed at most, whatever `nextPage` says.
MAX_PAGES = 1000
_PAGE_PATH = re.compile(r"/page/\d+/index\.json$")


class SiteProvider(msgspec.Struct, frozen=True):
    name: str | None = None
    domain: str | None = None


class SiteImage(msgspec.Struct, frozen=True):
    url: str | None = None
    width: int | None = None
    height: int | None = None


class SiteItem(msgspec.Struct, frozen=True):
    title: str | None = None
    excerpt: str | None = None
    content: str | None = None
    publishedDateTime: str | None = None  # the API's own names
    originalUrl: str | None = None
    webUrl: str | None = None
    provider: SiteProvider | None = None
    topics: list[str] = []
    images: list[SiteImage] = []
    heat: int | None = None


class SitePage(msgspec.Struct, frozen=True):
    value: list[msgspec.Raw]
    page: int | None = None
    nextPage: int | None = None


_item_decoder = msgspec.json.Decoder(SiteItem)


def is_site_page(document: object) -> bool:
    """Whether a decoded JSON document has the shape of one of the API's pages."""
    return isinstance(document, dict) and isinstance(document.get("value"), list)


def page_url(url: str, number: int) -> str:
    """The URL of page `number`, given the URL of any page of the same list."""
    parts = urlsplit(url)
    path = _PAGE_PATH.sub("/index.json", parts.path)
    # `.../news/index.json` names a file in the list's folder; `.../news` the folder itself.
    folder = path.rsplit("/", 1)[0] if path.endswith(".json") else path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/page/{number}/index.json", "", ""))


def parse_site_page(data: bytes, url: str) -> ParsedFeed:
    """Read one page of the API fetched from `url`; raises msgspec.DecodeError."""
    page = msgspec.json.decode(data, type=SitePage)
    items: list[FeedItem] = []
    notes: list[str] = []
    for number, raw in enumerate(page.value, start=1):
        try:
            item = _item_decoder.decode(raw)
        except msgspec.DecodeError as error:
            notes.append(f"item {number} left out: {error}")
            continue
        items.append(_feed_item(item))
    following = page.nextPage
    current = page.page
    # A next page that does not move forward would be followed for ever.
    next_page = (
        page_url(url, following)
        if following is not None and (current is None or following > current)
        else None
    )
    return ParsedFeed(
        kind="site api",
        title="",
        site_url="",
        items=tuple(items),
        next_page=next_page,
        notes=tuple(notes),
    )


def _feed_item(item: SiteItem) -> FeedItem:
    provider = item.provider or SiteProvider()
    return FeedItem(
        title=item.title or "",
        link=item.originalUrl or item.webUrl or "",
        web_url=item.webUrl or "",
        excerpt_text=item.excerpt or "",
        content_html=item.content or "",
        published_at=parse_timestamp(item.publishedDateTime),
        topics=tuple(topic for topic in item.topics if topic),
        images=tuple(
            FeedImage(image.url, image.width, image.height) for image in item.images if image.url
        ),
        provider_name=provider.name or "",
        provider_domain=provider.domain or "",
        heat=item.heat,
    )
