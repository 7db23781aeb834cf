"""The library: the articles the reader shows and their marks, behind the few names the UI
uses. Workers are handed `snapshot()`s, which never change under them while the library takes
new files; views made from the articles (the title index) are kept per state of the library,
never by object identity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.marks import StateStore
from newsreader.model.records import Article, LoadResult, Problem
from newsreader.model.store import Store
from newsreader.search.title_index import TitleIndex


@dataclass(frozen=True, slots=True, repr=False)
class Snapshot:
    """The articles as they were at one moment, and which moment (`state_key`)."""

    articles: tuple[Article, ...]
    state_key: tuple[int, int]

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        # Short: a worker's description is the repr of what it runs, made on every keystroke.
        return f"Snapshot({len(self.articles):,} articles, state {self.state_key})"


class Library:
    """A store of articles and the marks made on them."""

    def __init__(self, store: Store | None = None, marks: StateStore | None = None) -> None:
        self._store = store if store is not None else Store()
        self.marks = marks if marks is not None else StateStore.in_memory()
        self._snapshot: Snapshot | None = None
        self._title_index: tuple[tuple[int, int], TitleIndex] | None = None

    @property
    def store(self) -> Store:
        """The store itself, for what reads or writes it whole (a load, the load cache)."""
        return self._store

    def replace(self, store: Store) -> None:
        """A load or rescan read the folders again: show what it read."""
        self._store = store

    # What is in it --------------------------------------------------------------------

    @property
    def state_key(self) -> tuple[int, int]:
        """Equal only while the library holds the same articles."""
        return self._store.state_key

    def __len__(self) -> int:
        return len(self._store)

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.snapshot().articles

    @property
    def problems(self) -> list[Problem]:
        return self._store.problems

    def topics(self) -> list[str]:
        """The topics the articles are grouped by, in the order the list shows them."""
        return self._store.topics()

    def get(self, article_id: str) -> Article | None:
        return self._store.get(article_id)

    def by_url(self, url: str) -> Article | None:
        """The article whose original or web URL this is (compared canonically), if any."""
        return self._store.by_url(url)

    def snapshot(self) -> Snapshot:
        """The articles now, for a worker; made once per state of the library."""
        key = self._store.state_key
        if self._snapshot is None or self._snapshot.state_key != key:
            self._snapshot = Snapshot(tuple(self._store.articles), key)
        return self._snapshot

    def title_index(self) -> TitleIndex:
        """Every article's title, for the palette; made once per state of the library."""
        key = self._store.state_key
        if self._title_index is None or self._title_index[0] != key:
            self._title_index = (key, TitleIndex(self.snapshot().articles))
        return self._title_index[1]

    # Changes --------------------------------------------------------------------------

    def add(self, result: LoadResult) -> None:
        """One more file read (an article, a problem or a file skipped)."""
        self._store.add(result)

    def replace_files(self, outcomes: Mapping[Path, LoadResult | None]) -> None:
        """Files read again (None: the file is gone)."""
        self._store.replace_files(outcomes)
