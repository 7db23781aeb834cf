"""Fetching feeds into folders: each new item written as an article file, each feed on its own.

Feeds are fetched by a pool of threads (the client keeps to two requests per host, eight in
all). A feed that fails, for whatever reason, becomes that feed's error and costs nothing else.
An item is new when neither its canonical URL nor its guid belongs to an article already in the
folder (read from the files before fetching, and kept up to date as files are written).
The site's API is followed page by page until `nextPage` is null or a page holds an article
already there.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from newsreader.feeds.article_files import FeedContext, item_keys, new_article
from newsreader.feeds.article_writing import write_article
from newsreader.feeds.fetch_job import FeedOutcome, FetchJob
from newsreader.feeds.http import TOTAL, FeedClient, FetchError, Validators, check_fetchable
from newsreader.feeds.known import KnownArticles
from newsreader.feeds.parse import NotAFeed, parse_feed
from newsreader.feeds.site_api import MAX_PAGES
from newsreader.feeds.subscriptions import FeedStates
from newsreader.loading.discover import ARTICLE_SUFFIXES
from newsreader.text.sanitize import clean_line

__all__ = ["MAX_ITEMS", "FeedOutcome", "FetchJob", "fetch_feeds"]

# Items read from one feed in one fetch, at most (all its pages together).
MAX_ITEMS = 10_000


def fetch_feeds(
    jobs: Sequence[FetchJob],
    states: FeedStates,
    *,
    client: FeedClient | None = None,
    report: Callable[[FeedOutcome], None] | None = None,
    suffixes: Sequence[str] = ARTICLE_SUFFIXES,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[FeedOutcome]:
    """Fetch every job's feed (in parallel) and write its new items; outcomes in job order.

    `report` is called (from the fetching threads) as each feed is done. The feeds' states are
    saved when all are done.
    """
    folders = list(dict.fromkeys(job.folder for job in jobs))
    known = {folder: _FolderIndex(folder, suffixes) for folder in folders}
    own_client = client is None
    feed_client = client if client is not None else FeedClient()
    try:
        pool = ThreadPoolExecutor(max_workers=min(TOTAL, max(1, len(jobs))))

        def run(job: FetchJob) -> FeedOutcome:
            outcome = fetch_one(job, feed_client, states, known[job.folder], now)
            if report is not None:
                report(outcome)
            return outcome

        try:
            outcomes = list(pool.map(run, jobs))
        finally:
            # Interrupted (Ctrl-C), the feeds not yet begun are not fetched.
            pool.shutdown(cancel_futures=True)
    finally:
        if own_client:
            feed_client.close()
    # Unsaved, the next fetch is a full one; the articles are written either way.
    with contextlib.suppress(OSError):
        states.save()
    return outcomes


class _FolderIndex:
    """A folder's KnownArticles, read the first time a feed has items for it (a fetch of
    feeds that all answer 304 reads no folder)."""

    def __init__(self, folder: Path, suffixes: Sequence[str]) -> None:
        self._folder = folder
        self._suffixes = suffixes
        self._known: KnownArticles | None = None
        self._lock = threading.Lock()

    def get(self) -> KnownArticles:
        with self._lock:
            if self._known is None:
                self._known = KnownArticles.in_folders([self._folder], self._suffixes)
            return self._known


def fetch_one(
    job: FetchJob,
    client: FeedClient,
    states: FeedStates,
    known: KnownArticles | _FolderIndex,
    now: Callable[[], datetime],
) -> FeedOutcome:
    """Fetch one feed and write its new items; every failure becomes the outcome's error."""
    subscription = job.subscription
    url = subscription.url
    started = now()
    try:
        outcome = _fetch(job, client, states.get(url).validators, known, started)
    except (FetchError, NotAFeed) as error:
        outcome = FeedOutcome(url, subscription.title, error=clean_line(str(error)))
    except OSError as error:
        reason = error.strerror or str(error)
        error_text = f"cannot write in {job.folder}: {reason}"
        outcome = FeedOutcome(url, subscription.title, error=clean_line(error_text))
    except Exception as error:  # a hostile document must cost only its own feed
        outcome = FeedOutcome(
            url, subscription.title, error=clean_line(f"{type(error).__name__}: {error}")
        )
    states.record(
        url,
        started,
        new_count=outcome.new,
        error=outcome.error,
        validators=outcome.validators,
    )
    return outcome


def _fetch(
    job: FetchJob,
    client: FeedClient,
    validators: Validators,
    index: KnownArticles | _FolderIndex,
    started: datetime,
) -> FeedOutcome:
    subscription = job.subscription
    url = subscription.url
    refusal = check_fetchable(url)
    if refusal is not None:
        raise FetchError(refusal)
    response = client.get(url, validators)
    if response.not_modified:
        return FeedOutcome(url, subscription.title, unchanged=True, validators=response.validators)
    known = index.get() if isinstance(index, _FolderIndex) else index
    written: list[Path] = []
    notes: list[str] = []
    already = 0
    title = subscription.title
    page_url: str | None = response.url
    body, content_type = response.body, response.content_type
    for _page in range(MAX_PAGES):
        parsed = parse_feed(body, page_url or url, content_type)
        notes += parsed.notes
        title = title or clean_line(parsed.title)
        context = FeedContext(
            url=page_url or url,
            title=subscription.title or parsed.title,
            site_url=parsed.site_url,
            topics=subscription.topics,
        )
        met_known = False
        for item in parsed.items:
            if len(written) + already >= MAX_ITEMS:
                notes.append(f"only the first {MAX_ITEMS:,} items were read")
                break
            keys = item_keys(item, context.url)
            if known.knows(keys):
                already += 1
                met_known = True
                continue
            article = new_article(item, context, started)
            if article is None:
                notes.append("an item with neither a title nor text was left out")
                continue
            if not known.claim(article.keys):
                already += 1
                continue
            try:
                written.append(write_article(job.folder, article))
            except OSError:
                known.forget(article.keys)
                raise
        if parsed.next_page is None or met_known or len(written) + already >= MAX_ITEMS:
            break
        page_url = parsed.next_page
        following = client.get(page_url)
        body, content_type = following.body, following.content_type
    return FeedOutcome(
        url,
        title,
        new=len(written),
        already=already,
        written=tuple(written),
        notes=tuple(notes),
        validators=response.validators,
    )
