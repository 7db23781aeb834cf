"""Reader mode: an article's full text, from its file, from the kept texts, or from its page.

An article with a body of its own reads that. Otherwise its original URL's page is fetched
(page_fetch), its article text extracted (extract) and kept (kept_texts), so that the next time
it is read at once, offline. A kept text becomes the article's body (`text_fetched_from` says
from where) when a store is built (`attach_kept_texts`) or when it has just been fetched
(`with_fetched_text`).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from newsreader.feeds.kept_texts import KeptText, KeptTexts
from newsreader.feeds.page_fetch import FetchError, FetchLimits, fetch_page
from newsreader.model.records import Article, LoadResult
from newsreader.model.store import Store
from newsreader.text.urls import canonical_url


class TextSource(StrEnum):
    """Where an article's text came from."""

    FILE = "file"
    FETCHED = "fetched"


@dataclass(frozen=True, slots=True)
class FullText:
    """An article's text as Markdown and where it came from (`page_url` for a fetched one)."""

    markdown: str
    source: TextSource
    page_url: str | None = None
    # Why a text just fetched could not be kept (a full disk, a read-only folder); None: kept.
    not_kept: str | None = None


class NoText(Exception):
    """No text could be had; `reason` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_page_url(article: Article) -> str | None:
    """The URL whose page holds the article: the original, else the web URL."""
    return article.url or article.web_url


def full_text(
    article: Article, kept: KeptTexts, limits: FetchLimits | None = None, refresh: bool = False
) -> FullText:
    """The article's text: its own body, else the kept text, else fetched now and kept.

    `refresh` fetches again even when a text is kept (the file's own body still wins).
    Raises NoText with the reason when the page cannot be had or holds no article text.
    """
    if article.has_body and article.text_fetched_from is None:
        return FullText(article.body, TextSource.FILE)
    url = article_page_url(article)
    if url is None:
        raise NoText("the article has no body and no URL to fetch it from")
    if not refresh:
        found = kept.get(url)
        if found is not None:
            return FullText(found.markdown, TextSource.FETCHED, found.page_url)
    fetched = fetch_text(url, limits)
    try:
        kept.keep(url, fetched)
    except sqlite3.Error as error:
        return FullText(fetched.markdown, TextSource.FETCHED, fetched.page_url, str(error))
    return FullText(fetched.markdown, TextSource.FETCHED, fetched.page_url)


def fetch_text(url: str, limits: FetchLimits | None = None) -> KeptText:
    """Fetch the page at `url` and extract its article text; NoText saying why not."""
    try:
        page = fetch_page(url, limits)
    except FetchError as error:
        raise NoText(error.reason) from None
    # trafilatura, readability and markdownify take ~150 ms to import, which every start of
    # the reader would pay: they are imported with the first page read.
    from newsreader.feeds.extract import extract_article

    extracted = extract_article(page.html, page.url)
    if extracted is None:
        raise NoText("nothing found: the page holds no article text")
    return KeptText(extracted.markdown, page.url, extracted.method, time.time())


def with_fetched_text(article: Article, text: FullText) -> Article:
    """The article with a fetched text as its body (itself for a text from its file)."""
    if text.source is not TextSource.FETCHED:
        return article
    return article.changed(
        body=text.markdown, text_fetched_from=text.page_url or article_page_url(article)
    )


def with_kept_text(result: LoadResult | None, kept: KeptTexts) -> LoadResult | None:
    """One file's outcome, an article without a body given its kept text if there is one."""
    if not isinstance(result, Article) or result.has_body:
        return result
    url = article_page_url(result)
    found = kept.get(url) if url else None
    if found is None:
        return result
    return result.changed(body=found.markdown, text_fetched_from=found.page_url).packed()


def attach_kept_texts(store: Store, kept: KeptTexts) -> int:
    """Give each article without a body of its own its kept text, if any; how many got one."""
    if kept.count() == 0:
        return 0  # the usual case until reader mode is used: no URL worked out for nothing
    wanting = [
        article
        for article in store.articles
        if not article.has_body and article_page_url(article) is not None
    ]
    if not wanting:
        return 0
    found = kept.get_many(article_page_url(article) or "" for article in wanting)
    if not found:
        return 0
    changed: dict[Path, LoadResult | None] = {}
    for article in wanting:
        match = found.get(canonical_url(article_page_url(article) or ""))
        if match is not None:
            changed[article.source] = article.changed(
                body=match.markdown, text_fetched_from=match.page_url
            ).packed()
    store.replace_files(changed)
    return len(changed)
