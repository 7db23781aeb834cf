"""The list the reader shows: the settings (query, order, grouping, hiding read), the groups
worked out for them in a worker, the search text made ahead of the first keystroke, and the
filter bar's text turned into a query.

A keystroke's list is worked out off the UI thread; a newer one cancels it. Over 5,000
articles a new query first shows the top of its list (its first screenful), then the whole
list with its counts. While a key is being answered, the search text's worker gives way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Protocol

from textual.worker import get_current_worker

from newsreader.core.library import Snapshot
from newsreader.core.marks import StateStore
from newsreader.model.store import Group
from newsreader.search.listing import FilteredList, ListSettings
from newsreader.search.ordering import Grouping, SortKey
from newsreader.search.query import Query, QueryError, parse_query
from newsreader.search.search_text import SearchCache, SearchIndex
from newsreader.ui.controllers.host import ReaderHost
from newsreader.ui.idle_collection import IdleCollector
from newsreader.ui.widgets.filter_bar import FilterBar

# Background work in this process (making the search text) pauses while keys come this
# close together, so that each key is answered with the whole of the interpreter's time.
KEY_ANSWER_SECONDS = 0.05
SORT_CYCLE = tuple(SortKey)
GROUPING_CYCLE = tuple(Grouping)


class ListingHost(ReaderHost, Protocol):
    """What the listing asks of the app beyond what every controller does."""

    state: StateStore
    idle_collector: IdleCollector
    filter_bar: FilterBar

    def update_headers(self) -> None: ...

    def show_group_header(self) -> None: ...


class Listing:
    """The list's settings and the groups shown for them."""

    def __init__(self, app: ListingHost, settings: ListSettings, saved: list[tuple[str, Query]]):
        self._app = app
        self.settings = settings
        # How many articles the filter kept; None while only the top of the list is found.
        self.shown_count: int | None = len(app.library)
        # The filter's text does not parse: the list is that of the last query that did.
        self.query_unreadable = False
        self.seconds = 0.0  # how long working out the list last took
        self._search_cache = SearchCache()
        self.filtered = FilteredList(self._search_cache, saved)
        # Clear while a keystroke's first screen is being found (the search text waits).
        self._no_first_screen_sought = threading.Event()
        self._no_first_screen_sought.set()
        # A move to make in the list once the whole list for the newest settings is shown.
        self._when_listed: Callable[[], object] | None = None

    def show_now(self) -> None:
        """Work the list out here and show it: for the first screen, which shows at once."""
        app = self._app
        groups, count = self.filtered.groups(app.library.snapshot(), self.settings, app.state)
        self.show_groups(groups, count, self.settings)

    def apply(self, settings: ListSettings) -> None:
        """Show the list for these settings; the work happens in a thread."""
        # A new query may show the top of its list first (the highlight goes to its first
        # match); the same list worked out again (files changed, another order) keeps the
        # highlight where it is, so it waits for the whole list.
        new_query = settings.query.text != self.settings.query.text
        self.settings = settings
        # The worker lists the articles as they are now, whatever files arrive meanwhile.
        self._app.run_worker(
            partial(self._work_out, settings, self._app.library.snapshot(), new_query),
            thread=True,
            exclusive=True,
            group="list",
            description="the list for the settings",
        )

    def again(self) -> None:
        """Work the same list out again (the store or the marks changed)."""
        self.apply(self.settings)

    def forget_texts(self) -> None:
        """The store changed: its articles' search texts are made again when needed."""
        self._search_cache.forget(self._app.library.articles)

    def after_listing(self, settings: ListSettings, move: Callable[[], object]) -> None:
        """Show the list for `settings`, then make `move` in it once it is whole."""
        self._when_listed = move
        self.apply(settings)

    def _work_out(self, settings: ListSettings, articles: Snapshot, top_first: bool) -> None:
        worker = get_current_worker()
        app = self._app

        # A newer keystroke cancels this worker (and makes `settings` stale): stop early.
        def superseded() -> bool:
            return worker.is_cancelled or settings is not self.settings

        filtered, store, state = self.filtered, articles, app.state
        if top_first and filtered.first_screen_pays(store, settings):
            self._no_first_screen_sought.clear()  # the search text's worker waits meanwhile
            try:
                first = filtered.first_screen(
                    store, settings, state, superseded, keep=app.current_article
                )
            finally:
                self._no_first_screen_sought.set()
            if first is not None and not superseded():
                app.call_from_thread(self.show_groups, first, None, settings)
        started = time.perf_counter()
        groups, count = filtered.groups(store, settings, state, superseded)
        self.seconds = time.perf_counter() - started
        if not superseded():
            app.call_from_thread(self.show_groups, groups, count, settings)

    def _prepare_search(self, index: SearchIndex) -> None:
        # Off the UI thread and ahead of the first keystroke; a keystroke that comes sooner
        # waits for it (SearchIndex holds a lock) rather than doing the same work again.
        index.prepare(make_way=self.make_way_for_keys)
        self._app.idle_collector.settle("search text", id(index))

    def make_way_for_keys(self) -> None:
        """Wait while a key is being answered, or a keystroke's first screen being found:
        two threads of Python share one core's worth of time, and those get all of it."""
        while True:
            self._no_first_screen_sought.wait()
            keys_quiet_in = KEY_ANSWER_SECONDS - self._app.idle_collector.seconds_since_input()
            if keys_quiet_in <= 0:
                return
            time.sleep(keys_quiet_in)

    def show_groups(self, groups: list[Group], count: int | None, settings: ListSettings) -> None:
        """Show the filtered list; `count` None: the top of it, the rest still being found."""
        if settings is not self.settings:
            return  # a newer query has been typed meanwhile
        app = self._app
        article_list = app.article_list
        article_list.show_groups(groups, app.state)
        self.shown_count = count
        app.update_headers()
        highlighted = article_list.highlighted_article
        # With nothing to show, the pane says why, for this query.
        if highlighted is None and count != 0 and article_list.highlighted_group is not None:
            app.show_group_header()
        elif highlighted is not app.current_article or highlighted is None:
            app.show_article(highlighted)
        index = self.filtered.current_index
        if index is not None and not index.is_prepared:
            app.run_worker(
                partial(self._prepare_search, index),
                thread=True,
                exclusive=True,
                group="search",
                description="the search text",
            )
        if count is not None:
            if self._when_listed is not None:
                move, self._when_listed = self._when_listed, None
                move()
            app.idle_collector.settle("list", app.library.state_key)

    # The filter bar, the order and the grouping ---------------------------------------

    def filter_typed(self, text: str) -> None:
        """The filter's text changed: its list, or the reason it does not read."""
        bar = self._app.filter_bar
        try:
            query = parse_query(text)
        except QueryError as error:
            bar.show_error(error.message, error.position)
            # The list stays as it was until the query reads again; the header says so
            # rather than giving the count of a query no longer typed.
            self.query_unreadable = True
            self._app.update_headers()
            return
        bar.show_error(None)
        self.query_unreadable = False
        self.apply(replace(self.settings, query=query))

    def filter_cleared(self) -> None:
        self.query_unreadable = False
        if self.settings.query.is_empty:
            self._app.update_headers()
        else:
            self.apply(replace(self.settings, query=parse_query("")))

    def toggle_hide_read(self) -> bool:
        """Hide read articles, or show them again; whether they are hidden now."""
        hide = not self.settings.hide_read
        self.apply(replace(self.settings, hide_read=hide))
        return hide

    def next_sort(self) -> None:
        following = SORT_CYCLE[(SORT_CYCLE.index(self.settings.sort) + 1) % len(SORT_CYCLE)]
        self.apply(replace(self.settings, sort=following))

    def reverse_sort(self) -> None:
        self.apply(replace(self.settings, reverse=not self.settings.reverse))

    def next_grouping(self) -> None:
        index = GROUPING_CYCLE.index(self.settings.grouping)
        following = GROUPING_CYCLE[(index + 1) % len(GROUPING_CYCLE)]
        self.apply(replace(self.settings, grouping=following))

    def tags_reshaped(self) -> None:
        """Work the list out again when tags decide what is in it or how it is grouped.

        (Read and starred marks only redraw the list: an article read under `is:unread`
        stays where it is until the list is worked out again for another reason.)
        """
        if self.settings.grouping is Grouping.TAG or self.settings.query.uses_tags:
            self.again()

    def go_to_article(self, article_id: str) -> None:
        """Highlight the article; when the filter hides it, clear the filter first."""
        article_list = self._app.article_list
        if not article_list.move_to_article(article_id):
            self._when_listed = lambda: article_list.move_to_article(article_id)
            self._app.filter_bar.action_clear()

    def go_to_topic(self, topic: str) -> None:
        """Put the topic's group at the top of the list, grouping by topic if need be."""
        article_list = self._app.article_list
        if self.settings.grouping is not Grouping.TOPIC:
            self.after_listing(
                replace(self.settings, grouping=Grouping.TOPIC),
                lambda: article_list.move_to_group(topic),
            )
        else:
            article_list.move_to_group(topic)
