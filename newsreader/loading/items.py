"""A collection's items, found among the other records read: their titles and links.

The site's collections (`_learning/collections/*.md`) list their items as references to its
other records, by folder and name without the file's ending: `videos/a-slug` stands for
`_learning/videos/a-slug.md`. Once the whole collection of files is read, each reference that
names one of them takes that record's title and URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsreader.model.records import Article, Item


def resolve_items(articles: Sequence[Article]) -> list[Article]:
    """The articles, each collection's references replaced by the records they name."""
    if not any(item.reference for article in articles for item in article.items):
        return list(articles)
    by_name = {article.source.with_suffix(""): article for article in articles}
    resolved: list[Article] = []
    for article in articles:
        if any(item.reference for item in article.items):
            items = tuple(_resolved(item, article.source, by_name) for item in article.items)
            article = article.changed(items=items)
        resolved.append(article)
    return resolved


def _resolved(item: Item, collection: Path, by_name: dict[Path, Article]) -> Item:
    if not item.reference:
        return item
    # From the folder above the collection's (`_learning/`), else from its own.
    for folder in (collection.parent.parent, collection.parent):
        record = by_name.get(folder / item.reference.strip("/"))
        if record is not None and record.source != collection:
            return Item(record.title, record.url, item.reference)
    return Item(item.reference, None, item.reference)
