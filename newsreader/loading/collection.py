"""Loading a whole collection: find the files, load each one, tidy the texts, build the store.

Files are read in worker processes when there are many (newsreader.loading.workers), and what they
gave is kept in the load cache (newsreader.loading.cache) for the next start.

After loading, the collection is prepared as a whole: boilerplate leaves the bodies (with a
count of lines across all bodies, so the site's repeated lines are known), body-only texts are
merged into the articles they are the full text of, articles without topics get topics
the corpus uses, and collections' items are found among the records read.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

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
from newsreader.loading.items import resolve_items
from newsreader.loading.merge import article_terms, source_url
from newsreader.loading.merge import merge_bodies as merge_texts
from newsreader.loading.topics import TopicNames
from newsreader.loading.workers import PARALLEL_MIN_FILES, map_in_processes, read_runs, worker_count
from newsreader.model.records import PACKED_MIN_CHARS, Article, LoadResult, Problem, pack_text
from newsreader.model.store import Store
from newsreader.paths import bundled_seeds
from newsreader.text.boilerplate import Cleaned, LineCounts, remove_boilerplate
from newsreader.text.infer import infer_excerpt, infer_title
from newsreader.text.urls import canonical_url


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
        article = _with_source_url(result)
        if not keep_boilerplate and article.body:
            article = _cleaned(article, remove_boilerplate(article.body))
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


def prepare_articles(
    articles: Sequence[Article],
    keep_boilerplate: bool = False,
    merge_bodies: bool = True,
    *,
    workers: int = 1,
) -> list[Article]:
    """Clean the bodies, merge texts into the articles they belong to, infer topics, and find
    the records that collections list as their items.

    Cleaning each body and finding its topics are done up to `workers` at a time (in forked
    processes, see newsreader.loading.workers.map_in_processes); the corpus-wide work before them
    (counting lines, collecting topic names) and merging are done here.
    """
    prepared = [_with_source_url(article) for article in articles]
    counts = None
    if not keep_boilerplate:
        counts = LineCounts.of(article.body for article in prepared if article.has_body)
    # Merging neither gives nor takes topics, so the names are those of the files as read.
    names = TopicNames.of_corpus(prepared)
    work = _ArticleWork(counts, names if names else None, merge_bodies)
    outcomes = map_in_processes(work, prepared, workers=workers)
    cleaned = [
        article if outcome.fields is None else article.changed(**outcome.fields)
        for article, outcome in zip(prepared, outcomes, strict=True)
    ]
    inferred = {
        article.source: outcome.topics
        for article, outcome in zip(cleaned, outcomes, strict=True)
        if outcome.topics
    }
    if merge_bodies:
        terms = [outcome.terms for outcome in outcomes]
        cleaned = list(merge_texts(cleaned, terms).articles)
    result: list[Article] = []
    for article in _without_taken_urls(cleaned):
        if article.topics or not names:
            result.append(article)
            continue
        # A merged article has a body it did not have when its topics were looked for.
        topics = names.infer(article) if article.body_from else inferred.get(article.source)
        result.append(article.changed(topics=topics, topics_inferred=True) if topics else article)
    return resolve_items(result)


class _Outcome(NamedTuple):
    """What preparing one article changed (its cleaned fields), the topics found for it, and the
    terms merging compares it by. (A named tuple: it comes back from worker processes, and
    pickles as cheaply as a tuple.)"""

    fields: dict[str, Any] | None = None
    topics: tuple[str, ...] = ()
    terms: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class _ArticleWork:
    """The preparation each article needs on its own, given what the corpus as a whole gave."""

    counts: LineCounts | None  # None: boilerplate is kept
    names: TopicNames | None  # None: no file gives a topic
    merging: bool

    def __call__(self, article: Article) -> _Outcome:
        # The body is read several times below: unpacked once. (What goes back is packed.)
        article = article.unpacked()
        fields = None
        if self.counts is not None and article.body:
            cleaned = remove_boilerplate(article.body, self.counts)
            fields = _cleaned_fields(article, cleaned)
            if fields is not None:
                article = article.changed(**{**fields, "body": cleaned.text})
        if fields is None and len(article.body) >= PACKED_MIN_CHARS:
            # The loader keeps a body uncompressed (quick to make): compressed here, in a worker.
            fields = {"body": pack_text(article.body)}
        topics = self.names.infer(article) if self.names and not article.topics else ()
        return _Outcome(fields, topics, article_terms(article) if self.merging else None)


def _with_source_url(article: Article) -> Article:
    """A body-only text without a URL takes the one it names as its source, if complete."""
    if article.url or article.has_front_matter or not article.has_body:
        return article
    url = source_url(article.body)
    return article.changed(url=url) if url else article


def _without_taken_urls(articles: list[Article]) -> list[Article]:
    """Unmerged texts give up a source URL that a file with front matter already has.

    The store takes two articles with one URL for two copies of one file, which these are not.
    """
    taken = {canonical_url(a.url) for a in articles if a.has_front_matter and a.url}
    return [
        article.changed(url=None)
        if not article.has_front_matter and article.url and canonical_url(article.url) in taken
        else article
        for article in articles
    ]


def _cleaned(article: Article, cleaned: Cleaned) -> Article:
    """The article with its cleaned body; a title or excerpt taken from the old body is redone."""
    fields = _cleaned_fields(article, cleaned)
    return article if fields is None else article.changed(**fields)


def _cleaned_fields(article: Article, cleaned: Cleaned) -> dict[str, Any] | None:
    """The fields `_cleaned` changes, None if the body is unchanged."""
    if not cleaned.changed:
        return None
    old_title_line = infer_title(article.body)[1] if article.title_inferred else None
    excerpt_was_inferred = not article.has_front_matter or article.excerpt == infer_excerpt(
        article.body, old_title_line
    )
    title, title_line = article.title, None
    if article.title_inferred:
        inferred, title_line = infer_title(cleaned.text)
        title = inferred or article.title
    excerpt = infer_excerpt(cleaned.text, title_line) if excerpt_was_inferred else article.excerpt
    return {
        "body": pack_text(cleaned.text),
        "removed_text": cleaned.removed,
        "title": title,
        "excerpt": excerpt,
    }
