"""Loading a whole collection: find the files, load each one, tidy the texts, build the store.

Files are read in worker processes when there are many (newsreader.loading.workers), and what they
gave is kept in the load cache (newsreader.loading.cache) for the next start.

After loading, the collection is prepared as a whole (newsreader.loading.preparation):
boilerplate leaves the bodies, body-only texts are merged into the articles they are the full
text of, articles without topics get topics, and collections' items are found.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsreader.loading.article_file import DEFAULT_MAX_BYTES, load_file
from newsreader.loading.cache import (
    CacheWriter,
    FileRecords,
    FileStat,
    LoadCache,
    file_stat,
    signature,
)
from newsreader.loading.discover import ARTICLE_SUFFIXES, Discovery, discover, first_files
from newsreader.loading.preparation import prepare_articles, with_cleaned_body, with_source_url
from newsreader.loading.topics import TopicNames
from newsreader.loading.workers import PARALLEL_MIN_FILES, read_runs, worker_count
from newsreader.model.records import Article, LoadResult, Problem
from newsreader.model.store import Store
from newsreader.paths import bundled_seeds
from newsreader.text.boilerplate import remove_boilerplate


@dataclass(frozen=True, slots=True)
class LoadProgress:
    """How far a load has got, and the articles read since the previous report."""

    done: int  # files loaded so far
    total: int  # files found
    articles: tuple[Article, ...]  # loaded since the previous report, before preparation


# How often a load reports its progress, at most.
PROGRESS_SECONDS = 0.2


def load_paths(
    paths: Sequence[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_boilerplate: bool = False,
    merge_bodies: bool = True,
    *,
    suffixes: Sequence[str] = ARTICLE_SUFFIXES,
    cache: bool = True,
    progress: Callable[[LoadProgress], None] | None = None,
    shown: Collection[Path] = (),
) -> Store:
    """Load every article file under `paths` (the bundled seeds when empty).

    `keep_boilerplate` leaves bodies exactly as the files have them; `merge_bodies=False` keeps
    body-only texts as articles of their own even when they are another article's full text.
    `suffixes` are the file name endings read inside folders (a file named directly is read
    whatever its ending).

    With `cache`, what each file gave and the prepared collection are kept in the load cache
    (newsreader.loading.cache): unchanged files are not read again, and when nothing changed the
    prepared collection is read back whole. `progress` is called from this thread every
    PROGRESS_SECONDS or so, and once when every file is read, with the articles read since the
    previous call (as the files give them, before preparation), leaving out those of the
    files in `shown` (which the caller has already, from `first_articles`); when the prepared
    collection comes from the cache, it is called once, with no articles: the store returned
    holds them all.
    """
    roots = list(paths) or [bundled_seeds()]
    found = discover(roots, suffixes)
    files = found.files
    # Holding hundreds of thousands of new objects, the cycle collector would walk all of them
    # again and again while they are made; none of them make cycles.
    with _collector_paused():
        load_cache = LoadCache.for_paths(roots, suffixes, max_bytes) if cache else None
        stats = [file_stat(path) for path in files] if load_cache else []
        inputs = signature(
            [str(path) for path in files],
            stats,
            (
                max_bytes,
                keep_boilerplate,
                merge_bodies,
                found.skipped_files,
                [problem.describe() for problem in found.problems],
            ),
        )
        cached = load_cache.read() if load_cache else None
        records = None
        if cached is not None:
            try:
                store = cached.store(files) if cached.signature == inputs else None
                if store is not None:
                    if progress is not None:
                        # The whole store follows at once: its articles are not sent twice.
                        progress(LoadProgress(len(files), len(files), ()))
                    return store
                records = cached.records(files)
            finally:
                cached.close()
        writer = load_cache.writer() if load_cache is not None else None
        try:
            reporter = _Reporter(progress, len(files), set(shown))
            results = _read(files, stats, records, max_bytes, reporter, writer)
            store = _assemble(found, results, keep_boilerplate, merge_bodies)
            if writer is not None:
                writer.finish(files, stats, results, inputs, store)
        finally:
            if writer is not None:
                writer.abandon()
    return store


def _read(
    files: Sequence[Path],
    stats: Sequence[FileStat],
    records: FileRecords | None,
    max_bytes: int,
    reporter: _Reporter,
    writer: CacheWriter | None,
) -> list[LoadResult]:
    """What each file loads as: from the cache where its size and time are unchanged.

    When worker processes read every file, their pickled results go to the cache as they come.
    """
    results: list[LoadResult | None] = [None] * len(files)
    unread: list[int] = []
    reusable = records.reusable() if records is not None else {}
    for position, path in enumerate(files):
        hit = reusable.get(str(path)) if reusable else None
        if hit is not None and hit[0] == stats[position]:
            results[position] = hit[1]
        else:
            unread.append(position)
    if len(unread) < len(files):
        reporter.add([result for result in results if result is not None])
    every_file = len(unread) == len(files)
    for start, run, pickled in read_runs([files[position] for position in unread], max_bytes):
        for offset, result in enumerate(run):
            results[unread[start + offset]] = result
        if writer is not None and every_file and pickled is not None:
            writer.add_run(start, len(run), pickled)
        reporter.add(run)
    reporter.finish()
    return [result for result in results if result is not None]


class _Reporter:
    """Passes the articles read on to a progress callback, every PROGRESS_SECONDS at most."""

    def __init__(
        self,
        progress: Callable[[LoadProgress], None] | None,
        total: int,
        shown: set[Path],
    ) -> None:
        self.progress = progress
        self.total = total
        self.shown = shown  # files whose articles the caller has already
        self.done = 0
        self.waiting: list[Article] = []
        self.last = time.monotonic()

    def add(self, results: Sequence[LoadResult]) -> None:
        self.done += len(results)
        if self.progress is None:
            return
        articles = [result for result in results if isinstance(result, Article)]
        self.waiting.extend(_not_in(articles, self.shown))
        if time.monotonic() - self.last >= PROGRESS_SECONDS:
            self._report()

    def finish(self) -> None:
        if self.progress is not None:
            self._report()

    def _report(self) -> None:
        assert self.progress is not None
        articles, self.waiting = tuple(self.waiting), []
        self.progress(LoadProgress(self.done, self.total, articles))
        self.last = time.monotonic()


# Files read for the first screen, before the whole collection is found.
FIRST_FILES = 40


def first_articles(
    paths: Sequence[Path],
    suffixes: Sequence[str] = ARTICLE_SUFFIXES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limit: int = FIRST_FILES,
) -> list[Article]:
    """The articles of a few of the newest files, as they are, to show while the rest load."""
    files = first_files(list(paths) or [bundled_seeds()], suffixes, limit)
    results = [load_file(path, max_bytes) for path in files]
    return [result for result in results if isinstance(result, Article)]


def _not_in(articles: Sequence[Article], sources: set[Path]) -> Sequence[Article]:
    """The articles not from these files."""
    if not sources:
        return articles
    return [article for article in articles if article.source not in sources]


def _assemble(
    found: Discovery, results: list[LoadResult], keep_boilerplate: bool, merge_bodies: bool
) -> Store:
    """The store of a whole collection: its articles prepared, problems and skips counted."""
    store = Store()
    store.skipped_files = found.skipped_files
    for problem in found.problems:
        store.add_problem(problem)
    articles = [result for result in results if isinstance(result, Article)]
    prepared = prepare_articles(
        articles,
        keep_boilerplate=keep_boilerplate,
        merge_bodies=merge_bodies,
        workers=worker_count() if len(articles) >= PARALLEL_MIN_FILES else 1,
    )
    # One file holds one article, so the source path follows an article through preparation.
    by_source = {article.source: article for article in prepared}
    for result in results:
        if not isinstance(result, Article):
            store.add(result)
        elif result.source in by_source:
            store.add(by_source[result.source])
        else:
            # Merged into the article it is the text of: read, but not an article of its own.
            store.files_read += 1
            for note in result.notes:
                store.add_problem(Problem(result.source, note.reason, note.line))
    return store


def read_again(
    path: Path,
    names: TopicNames | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_boilerplate: bool = False,
) -> LoadResult | None:
    """What one file gives now, None if it is gone; for live updates.

    The article is prepared on its own: boilerplate that its own text shows (the corpus's
    repeated lines are not counted again), the source URL a copied text names, and topics
    found among `names` (the collection's, see TopicNames.of_corpus). It is not merged with
    other files.
    """
    if not os.path.lexists(path):
        return None
    result = load_file(path, max_bytes)
    if isinstance(result, Article):
        article = with_source_url(result)
        if not keep_boilerplate and article.body:
            article = with_cleaned_body(article, remove_boilerplate(article.body))
        if not article.topics and names:
            topics = names.infer(article)
            if topics:
                article = article.changed(topics=topics, topics_inferred=True)
        result = article.packed()
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
