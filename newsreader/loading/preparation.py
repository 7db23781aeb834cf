"""Preparing a collection as a whole once its files are read: boilerplate leaves the bodies (with
a count of lines across all bodies, so the site's repeated lines are known), body-only texts are
merged into the articles they are the full text of, articles without topics get topics the
corpus uses, and collections' items are found among the records read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from newsreader.loading.items import resolve_items
from newsreader.loading.merge import article_terms, source_url
from newsreader.loading.merge import merge_bodies as merge_texts
from newsreader.loading.topics import TopicNames
from newsreader.loading.workers import map_in_processes
from newsreader.model.records import PACKED_MIN_CHARS, Article, pack_text
from newsreader.text.boilerplate import Cleaned, LineCounts, remove_boilerplate
from newsreader.text.infer import infer_excerpt, infer_title
from newsreader.text.urls import canonical_url


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
    prepared = [with_source_url(article) for article in articles]
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


def with_source_url(article: Article) -> Article:
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


def with_cleaned_body(article: Article, cleaned: Cleaned) -> Article:
    """The article with its cleaned body; a title or excerpt taken from the old body is redone."""
    fields = _cleaned_fields(article, cleaned)
    return article if fields is None else article.changed(**fields)


def _cleaned_fields(article: Article, cleaned: Cleaned) -> dict[str, Any] | None:
    """The fields `with_cleaned_body` changes, None if the body is unchanged."""
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
