"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read into a small typed schema.

The document is decoded with msgspec; each item is decoded on its own, so that one item of the
wrong shape is left out (with a note) rather than costing the whole feed.
"""

from __future__ import annotations

from urllib.parse import urljoin

import msgspec

from newsreader.feeds.dates import parse_timestamp
from newsreader.feeds.items import FeedImage, FeedItem, ParsedFeed

VERSION_PREFIX = "https://jsonfeed.org/version/1"


class JsonFeedAttachment(msgspec.Struct, frozen=True):
    url: str = ""
    mime_type: str = ""


class JsonFeedItem(msgspec.Struct, frozen=True):
    id: str | int | float | None = None
    url: str | None = None
    external_url: str | None = None
    title: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    summary: str | None = None
    image: str | None = None
    banner_image: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    tags: list[str] = []
    attachments: list[JsonFeedAttachment] = []


class JsonFeedDocument(msgspec.Struct, frozen=True):
    version: str
    title: str = ""
    home_page_url: str | None = None
    feed_url: str | None = None
    items: list[msgspec.Raw] = []


_item_decoder = msgspec.json.Decoder(JsonFeedItem)


def is_json_feed(document: object) -> bool:
    """Whether a decoded JSON document says it is a JSON Feed."""
    version = document.get("version") if isinstance(document, dict) else None
    return isinstance(version, str) and version.startswith(VERSION_PREFIX)


def parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    """Read a JSON Feed fetched from `url`; raises msgspec.DecodeError (ValidationError too)."""
    document = msgspec.json.decode(data, type=JsonFeedDocument)
    items: list[FeedItem] = []
    notes: list[str] = []
    for number, raw in enumerate(document.items, start=1):
        try:
            item = _item_decoder.decode(raw)
        except msgspec.DecodeError as error:
            notes.append(f"item {number} left out: {error}")
            continue
        items.append(_feed_item(item, url))
    return ParsedFeed(
        kind="json feed",
        title=document.title,
        site_url=document.home_page_url or "",
        items=tuple(items),
        notes=tuple(notes),
    )


def _feed_item(item: JsonFeedItem, base: str) -> FeedItem:
    link = item.url or item.external_url or ""
    images = [FeedImage(urljoin(base, image)) for image in (item.image, item.banner_image) if image]
    images += [
        FeedImage(urljoin(base, attachment.url))
        for attachment in item.attachments
        if attachment.url and attachment.mime_type.startswith("image/")
    ]
    return FeedItem(
        title=item.title or "",
        link=urljoin(base, link) if link else "",
        guid="" if item.id is None else str(item.id),
        summary_html="",
        content_html=item.content_html or "",
        # Plain text stays plain: as HTML, its `<` would be taken for markup.
        excerpt_text=item.summary or "",
        body_text=item.content_text or "" if not item.content_html else "",
        published_at=parse_timestamp(item.date_published or item.date_modified),
        topics=tuple(tag for tag in item.tags if tag),
        images=tuple(images),
    )
