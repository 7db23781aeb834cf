"""The list the reader shows: a store's articles filtered, sorted and grouped.

Worked out off the UI thread on every filter keystroke. What one keystroke can reuse from the
last is kept here: the articles in the current order with their search text, how they divide
into groups, and the last filter's result (a narrower query only looks at what it kept).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from newsreader.model.records import Article
from newsreader.model.store import Group
from newsreader.search.ordering import (
    Grouping,
    GroupLayout,
    SortKey,
    first_groups,
    layout_groups,
    pick_groups,
    sort_articles,
)
from newsreader.search.query import NO_STATE, Query, QueryCancelled, StateView
from newsreader.search.search_text import SearchCache, SearchIndex

# Saved searches head the list, their names marked so they stand apart from topics.
SAVED_SEARCH_MARK = "⌕ "
# A filter over this many articles shows the top of its list first (see `first_screen`).
FIRST_SCREEN_MIN_ARTICLES = 5_000
# Rows (headers and articles) in that first screenful: a tall terminal's worth and a page more.
FIRST_SCREEN_ROWS = 60
# How long finding the first screenful may take before the whole list is filtered instead.
FIRST_SCREEN_SECONDS = 0.05

Cancelled = Callable[[], bool]


class ArticleSet(Protocol):
    """Articles to list, and which state of their collection they are (a Store, or a
    snapshot of one that a worker holds while the collection changes)."""

    @property
    def articles(self) -> Sequence[Article]: ...

    @property
    def state_key(self) -> tuple[int, int]: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True, slots=True)
class ListSettings:
    """What the list shows: which articles (the query), in which order and groups."""

    query: Query
    sort: SortKey = SortKey.NEWEST
    reverse: bool = False
    grouping: Grouping = Grouping.TOPIC
    # Leave out articles that were read when the list was worked out (an article read while
    # it is shown stays until the list is made again, so nothing moves under the cursor).
    hide_read: bool = False

    def describe(self) -> str:
        direction = " (reversed)" if self.reverse else ""
        hidden = " · read hidden" if self.hide_read else ""
        return f"by {self.grouping.value} · {self.sort.value}{direction}{hidden}"

    @property
    def shows_all(self) -> bool:
        """No query and nothing hidden: every article is in the list."""
        return self.query.is_empty and not self.hide_read


def _never() -> bool:
    return False


def _in_both(first: Callable[[int], bool], second: Callable[[int], bool], at: int) -> bool:
    return first(at) and second(at)


class FilteredList:
    """Works out the list's groups for a store, its marks and ListSettings.

    `saved_searches` (name, query) head the list as groups of their own, filtered by the
    query too. Meant for one worker thread at a time (the app runs them exclusively).
    """

    def __init__(
        self, cache: SearchCache, saved_searches: Sequence[tuple[str, Query]] = ()
    ) -> None:
        self.saved_searches = list(saved_searches)
        self._cache = cache
        # The articles in the current order with their search text, and for which store
        # state and order; how they divide into groups; the last filter's result.
        self._sorted: tuple[tuple[int, int, SortKey, bool], SearchIndex] | None = None
        self._layout: tuple[SearchIndex, Grouping, int | None, GroupLayout] | None = None
        self._last_filter: tuple[SearchIndex, Query, list[int]] | None = None

    @property
    def current_index(self) -> SearchIndex | None:
        """The articles in the order last asked for, with their search text (made or not)."""
        cached = self._sorted
        return cached[1] if cached is not None else None

    def search_index(self, store: ArticleSet, sort: SortKey, reverse: bool) -> SearchIndex:
        key = (*store.state_key, sort, reverse)
        cached = self._sorted
        if cached is None or cached[0] != key:
            ordered = sort_articles(store.articles, sort, reverse)
            cached = (key, SearchIndex(ordered, self._cache))
            self._sorted = cached
        return cached[1]

    def group_layout(
        self, index: SearchIndex, settings: ListSettings, state: StateView = NO_STATE
    ) -> GroupLayout:
        grouping = settings.grouping
        # Grouped by tag, the layout changes with the tags too.
        tags = state.tags_version if grouping is Grouping.TAG else None
        cached = self._layout
        if cached is None or cached[:3] != (index, grouping, tags):
            layout = layout_groups(
                index.articles, grouping, settings.sort, settings.reverse, state.tags_of
            )
            cached = (index, grouping, tags, layout)
            self._layout = cached
        return cached[3]

    def groups(
        self,
        store: ArticleSet,
        settings: ListSettings,
        state: StateView,
        cancelled: Cancelled = _never,
    ) -> tuple[list[Group], int]:
        """The list's groups for these settings, and how many articles match.

        The articles are sorted, laid out in groups and their search text gathered once per
        store and order; a keystroke filters (only what the previous query kept, when the new
        one can only match fewer) and picks the groups' members. Returns nothing useful once
        `cancelled` says a newer keystroke has taken over.
        """
        index = self.search_index(store, settings.sort, settings.reverse)
        query = settings.query
        # The search text is made by the app's search worker (or here, if it has not started):
        # a keystroke typed meanwhile takes over, and this one stops waiting.
        if not query.is_empty and not index.is_prepared and not index.prepare(cancelled):
            return [], 0
        last = self._last_filter
        positions = last[2] if last and last[0] is index and query.narrows(last[1]) else None
        try:
            kept = query.select(index, positions, state, cancelled)
        except QueryCancelled:
            return [], 0
        self._last_filter = (index, query, kept)
        if settings.hide_read:
            is_read, articles = state.is_read, index.articles
            kept = [at for at in kept if not is_read(articles[at].id)]
        if cancelled():
            return [], 0
        article_at = index.articles.__getitem__
        try:
            saved = [
                Group(
                    f"{SAVED_SEARCH_MARK}{name}",
                    tuple(map(article_at, saved_query.select(index, kept, state, cancelled))),
                )
                for name, saved_query in self.saved_searches
            ]
        except QueryCancelled:
            return [], 0
        if cancelled():
            return [], 0
        layout = self.group_layout(index, settings, state)
        grouped = pick_groups(index.articles, layout, None if settings.shows_all else kept)
        return [*saved, *grouped], len(kept)

    def first_screen_pays(self, store: ArticleSet, settings: ListSettings) -> bool:
        """Whether filtering will take long enough that the list's top is worth showing first:
        a query over many articles (a narrower one only looks at what the last one kept)."""
        if settings.query.is_empty:
            return False
        last = self._last_filter
        if last is not None and last[0] is self.current_index and settings.query.narrows(last[1]):
            return len(last[2]) >= FIRST_SCREEN_MIN_ARTICLES
        return len(store) >= FIRST_SCREEN_MIN_ARTICLES

    def first_screen(
        self,
        store: ArticleSet,
        settings: ListSettings,
        state: StateView,
        cancelled: Cancelled = _never,
        keep: Article | None = None,
    ) -> list[Group] | None:
        """The first screenful of the filtered list, its groups marked incomplete, found by
        testing articles in list order until the screen is full: shown while the whole list is
        filtered. None if that takes longer than FIRST_SCREEN_SECONDS (a query that matches
        few articles) or `cancelled` says so, or if `keep` (the highlighted article) matches
        but is further down: the whole list will show it where it is."""
        index = self.search_index(store, settings.sort, settings.reverse)
        articles, cache = index.articles, self._cache
        deadline = time.perf_counter() + FIRST_SCREEN_SECONDS

        def give_up() -> bool:
            return cancelled() or time.perf_counter() > deadline

        def matcher(query: Query) -> Callable[[int], bool]:
            return lambda at: query.matches(articles[at], state, cache)

        matches = matcher(settings.query)
        if settings.hide_read:
            is_read, query_matches = state.is_read, matches

            def matches(at: int) -> bool:
                return not is_read(articles[at].id) and query_matches(at)

        saved: list[Group] = []
        everyone = range(len(articles))
        for name, saved_query in self.saved_searches:
            in_saved = matcher(saved_query)
            label = f"{SAVED_SEARCH_MARK}{name}"
            top = first_groups(
                articles,
                [(label, everyone)],
                partial(_in_both, in_saved, matches),
                FIRST_SCREEN_ROWS,
                give_up,
            )
            if top is None:
                return None
            # A saved search heads the list even when nothing in it matches.
            saved.append(top[0] if top else Group(label, (), complete=False))
        layout = self.group_layout(index, settings, state)
        grouped = first_groups(articles, layout, matches, FIRST_SCREEN_ROWS, give_up)
        if grouped is None:
            return None
        screen = [*saved, *grouped]
        kept_further_down = (
            keep is not None
            and settings.query.matches(keep, state, cache)
            # By identity: comparing articles as values would unpack their bodies.
            and not any(article is keep for group in screen for article in group.articles)
        )
        return None if kept_further_down else screen
