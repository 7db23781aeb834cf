"""The text a query searches: each article's fields folded once, and lists of them in order.

`SearchText` is one article's text as every query reads it (casefolded, whitespace collapsed);
`SearchCache` keeps one per article. `SearchIndex` lays a list of articles out field by field
(a column per field, in the list's order), so that a query runs as a few tight passes over
plain lists rather than a chain of method calls per article.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from newsreader.model.records import Article
from newsreader.search.word_starts import signature

# Typographic apostrophes fold to the plain one, so `AI's` finds the curly form too.
_APOSTROPHES = ("’", "‘", "ʼ", "′")


def fold(text: str) -> str:
    """Text as searched: casefolded, apostrophes unified, runs of whitespace one space."""
    if not text:
        return ""
    text = text.casefold()
    if not text.isascii():
        # str.replace is many times faster than str.translate, and this runs per article.
        for apostrophe in _APOSTROPHES:
            text = text.replace(apostrophe, "'")
    return " ".join(text.split())


class SearchText:
    """One article's text, folded once, as every query reads it."""

    __slots__ = (
        "_word_starts",
        "article",
        "everything",
        "provider",
        "published",
        "source",
        "title",
        "topic",
        "url",
    )

    def __init__(self, article: Article) -> None:
        self.article = article
        provider = article.provider
        self.title = fold(article.title)
        # Name and domain both, so `provider:techcrunch.com` works as well as the name.
        self.provider = (
            "\n".join(fold(part) for part in (provider.name, provider.domain) if part)
            if provider
            else ""
        )
        self.topic = "\n".join(fold(topic) for topic in article.topic_groups)
        # Fields are joined with newlines, which a phrase (single spaces) never spans.
        self.everything = "\n".join(
            part
            for part in (self.title, fold(article.excerpt), fold(article.body), self.provider)
            if part
        )
        self.source = str(article.source).casefold()
        self.url = "\n".join(url.casefold() for url in (article.url, article.web_url) if url)
        # A POSIX timestamp compares many times faster than an aware datetime.
        published = article.published_at
        self.published = published.timestamp() if published is not None else None
        self._word_starts: int | None = None

    @property
    def word_starts(self) -> int:
        """The word beginnings in `everything` (see newsreader.search.word_starts), made when first
        asked for: as long to make as the rest of the text, and needed only by a whole-list
        filter."""
        bits = self._word_starts
        if bits is None:
            bits = self._word_starts = signature(self.everything)
        return bits


class SearchCache:
    """Search text per article, made the first time a query looks at that article.

    Entries are keyed by article id and remember the Article they were made from, so a
    reloaded article (a new object with the same id) gets fresh text.
    """

    def __init__(self) -> None:
        self._texts: dict[str, SearchText] = {}

    def get(self, article: Article) -> SearchText:
        text = self._texts.get(article.id)
        if text is None or text.article is not article:
            text = self._texts[article.id] = SearchText(article)
        return text

    def prepare(self, articles: Iterable[Article]) -> None:
        """Make the text for these articles now (in a worker, say) rather than on first use."""
        for article in articles:
            self.get(article)

    def forget(self, keep: Iterable[Article] = ()) -> None:
        """Drop every entry except those for `keep` (after a reload, to free memory)."""
        wanted = {article.id for article in keep}
        self._texts = {key: text for key, text in self._texts.items() if key in wanted}

    def __len__(self) -> int:
        return len(self._texts)


SEARCH_CACHE = SearchCache()
"""The cache a query uses unless it is given another."""


# Columns a SearchIndex makes from the articles themselves rather than their search text.
_ARTICLE_COLUMNS: dict[str, Callable[[Article], Any]] = {
    "id": lambda article: article.id,
    "quality": lambda article: article.quality,
    "heat": lambda article: article.heat,
}
_TEXT_COLUMNS = (frozenset(SearchText.__slots__) - {"article", "_word_starts"}) | {"word_starts"}
# The columns `prepare` makes: those nearly every query reads.
PREPARED_COLUMNS = ("everything", "title", "provider", "word_starts")
# Articles whose search text is made between two looks at whether it is still wanted (or
# should wait): about 10 ms of work.
PREPARE_CHUNK = 128
# How long a cancellable `prepare` waits for another thread's at a time (seconds).
WAIT_SLICE_SECONDS = 0.05


class SearchIndex:
    """A fixed list of articles with their search text laid out a field at a time.

    Positions are indexes into `articles`. Columns are made the first time they are asked
    for (`prepare` makes the text ones ahead of time); a lock makes a reader wait for a
    column another thread is making rather than make it twice.
    """

    def __init__(self, articles: Sequence[Article], cache: SearchCache | None = None) -> None:
        self.articles: list[Article] = list(articles)
        self._cache = SEARCH_CACHE if cache is None else cache
        self._texts: list[SearchText] | None = None
        self._columns: dict[str, list[Any]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.articles)

    def column(self, name: str) -> list[Any]:
        """One value per article, in order: a SearchText field, or `id`, `quality`, `heat`."""
        values = self._columns.get(name)
        if values is not None:
            return values
        with self._lock:
            values = self._columns.get(name)
            if values is None:
                if name in _ARTICLE_COLUMNS:
                    values = list(map(_ARTICLE_COLUMNS[name], self.articles))
                elif name in _TEXT_COLUMNS:
                    values = [getattr(text, name) for text in self._search_texts()]
                else:
                    raise KeyError(name)
                self._columns[name] = values
        return values

    @property
    def is_prepared(self) -> bool:
        """Whether the text columns are made (by `prepare` or by a query)."""
        return "everything" in self._columns

    def prepare(
        self,
        cancelled: Callable[[], bool] | None = None,
        make_way: Callable[[], None] | None = None,
    ) -> bool:
        """Make the search text and the text columns now, ahead of the first query.

        With `cancelled`, give up (returning False) as soon as it says so, rather than wait
        for another thread making them or finish making them here: a thread waiting for text
        a newer keystroke no longer needs is a thread the next one cannot have. The text made
        so far stays in the cache. `make_way` is called between runs of articles, and may
        hold this work back while something more urgent runs.
        """
        if cancelled is None:
            cancelled = _never
        while not self._lock.acquire(timeout=WAIT_SLICE_SECONDS):
            if cancelled():
                return False
        try:
            if self._texts is None:
                texts: list[SearchText] = []
                get = self._cache.get
                for start in range(0, len(self.articles), PREPARE_CHUNK):
                    if make_way is not None:
                        make_way()
                    if cancelled():
                        return False
                    made = list(map(get, self.articles[start : start + PREPARE_CHUNK]))
                    # Their word beginnings too: made later, all at once, they would hold the lock.
                    for text in made:
                        _ = text.word_starts
                    texts.extend(made)
                self._texts = texts
        finally:
            self._lock.release()
        for name in PREPARED_COLUMNS:
            self.column(name)
        return True

    def _search_texts(self) -> list[SearchText]:
        # Called with the lock held.
        if self._texts is None:
            self._texts = list(map(self._cache.get, self.articles))
        return self._texts


def _never() -> bool:
    return False


def found(haystack: str, needle: str, at_word_start: bool) -> bool:
    """Whether `needle` is in `haystack`, only where a word begins if `at_word_start`."""
    at = haystack.find(needle)
    if at <= 0 or not at_word_start:
        return at != -1
    while at > 0 and haystack[at - 1].isalnum():
        at = haystack.find(needle, at + 1)
    return at != -1


@lru_cache(maxsize=64)
def word_start_search(needle: str) -> Callable[[str], object]:
    """A search for `needle` where a word begins (the character before it, if any, is not
    a letter or digit): the same test as `found(..., True)`, run inside the regex engine.

    The first character leads the pattern so the engine can skip ahead to it; the look-behind
    then checks the character before it. `[^\\W_]` is exactly what str.isalnum() accepts.
    """
    pattern = re.escape(needle[0]) + r"(?<![^\W_].)" + re.escape(needle[1:])
    return re.compile(pattern, re.DOTALL).search


def starts_word(needle: str) -> bool:
    """Whether a needle is matched only at word starts: it begins with a letter or digit."""
    first = needle[0]
    # Scripts written without spaces (Chinese, Japanese) have no word starts to look for.
    return first.isalnum() and unicodedata.east_asian_width(first) not in ("W", "F")
