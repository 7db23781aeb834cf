"""Loading a whole collection: find the files, load each one, tidy the texts, build the store.

After loading, the collection is prepared as a whole: boilerplate leaves the bodies (with a
count of lines across all bodies, so the site's repeated lines are known), body-only texts are
merged into the articles they are the full text of, and articles without topics get topics
the corpus uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from newsreader.boilerplate import Cleaned, LineCounts, remove_boilerplate
from newsreader.discover import ARTICLE_SUFFIXES, discover
from newsreader.infer import infer_excerpt, infer_title
from newsreader.loader import DEFAULT_MAX_BYTES, load_file
from newsreader.merge import merge_bodies as merge_texts
from newsreader.merge import source_url
from newsreader.model import Article, Problem
from newsreader.store import Store
from newsreader.topic_inference import infer_topics
from newsreader.urls import canonical_url

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_seeds() -> Path:
    """The sample articles shipped with newsreader (inside the package once installed)."""
    installed = _PACKAGE_DIR / "seeds"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "seeds"


def load_paths(
    paths: Sequence[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_boilerplate: bool = False,
    merge_bodies: bool = True,
    *,
    suffixes: Sequence[str] = ARTICLE_SUFFIXES,
) -> Store:
    """Load every article file under `paths` (the bundled seeds when empty).

    `keep_boilerplate` leaves bodies exactly as the files have them; `merge_bodies=False` keeps
    body-only texts as articles of their own even when they are another article's full text.
    `suffixes` are the file name endings read inside folders (a file named directly is read
    whatever its ending).
    """
    found = discover(paths or [bundled_seeds()], suffixes)
    store = Store()
    store.skipped_files = found.skipped_files
    for problem in found.problems:
        store.add_problem(problem)
    results = [load_file(path, max_bytes) for path in found.files]
    prepared = prepare_articles(
        [result for result in results if isinstance(result, Article)],
        keep_boilerplate=keep_boilerplate,
        merge_bodies=merge_bodies,
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


def prepare_articles(
    articles: Sequence[Article], keep_boilerplate: bool = False, merge_bodies: bool = True
) -> list[Article]:
    """Clean the bodies, merge texts into the articles they belong to, and infer topics."""
    prepared = [_with_source_url(article) for article in articles]
    if not keep_boilerplate:
        counts = LineCounts.of(article.body for article in prepared if article.body)
        prepared = [
            _cleaned(article, remove_boilerplate(article.body, counts)) if article.body else article
            for article in prepared
        ]
    if merge_bodies:
        prepared = list(merge_texts(prepared).articles)
    return infer_topics(_without_taken_urls(prepared))


def _with_source_url(article: Article) -> Article:
    """A body-only text without a URL takes the one it names as its source, if complete."""
    if article.url or article.has_front_matter or not article.body:
        return article
    url = source_url(article.body)
    return replace(article, url=url) if url else article


def _without_taken_urls(articles: list[Article]) -> list[Article]:
    """Unmerged texts give up a source URL that a file with front matter already has.

    The store takes two articles with one URL for two copies of one file, which these are not.
    """
    taken = {canonical_url(a.url) for a in articles if a.has_front_matter and a.url}
    return [
        replace(article, url=None)
        if not article.has_front_matter and article.url and canonical_url(article.url) in taken
        else article
        for article in articles
    ]


def _cleaned(article: Article, cleaned: Cleaned) -> Article:
    """The article with its cleaned body; a title or excerpt taken from the old body is redone."""
    if not cleaned.changed:
        return article
    old_title_line = infer_title(article.body)[1] if article.title_inferred else None
    excerpt_was_inferred = not article.has_front_matter or article.excerpt == infer_excerpt(
        article.body, old_title_line
    )
    title, title_line = article.title, None
    if article.title_inferred:
        inferred, title_line = infer_title(cleaned.text)
        title = inferred or article.title
    excerpt = infer_excerpt(cleaned.text, title_line) if excerpt_was_inferred else article.excerpt
    return replace(
        article,
        body=cleaned.text,
        removed_text=cleaned.removed,
        title=title,
        excerpt=excerpt,
    )
