"""The newsreader app: the article list beside the detail pane."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, ProgressBar, Static
from textual.worker import get_current_worker

from newsreader.core.config import Config, MarkRead, remember_theme
from newsreader.core.marks import StateStore
from newsreader.core.source_file import editor_command, raw_text
from newsreader.loading.collection import LoadProgress, read_again
from newsreader.loading.discover import ARTICLE_SUFFIXES
from newsreader.loading.topics import TopicNames
from newsreader.loading.watch import Change, FolderWatcher
from newsreader.model.records import UNCATEGORISED, Article, LoadResult
from newsreader.model.store import Group, Store
from newsreader.search.listing import FilteredList, ListSettings
from newsreader.search.ordering import Grouping, SortKey
from newsreader.search.query import QueryError, parse_query
from newsreader.search.search_text import SearchCache, SearchIndex
from newsreader.search.title_index import TitleIndex
from newsreader.ui.feed_fetching import FeedFetching, Fetcher
from newsreader.ui.idle_collection import CHECK_SECONDS, IdleCollector
from newsreader.ui.palette import ActionCommands, ArticleCommands, TopicCommands
from newsreader.ui.screens.help import HelpScreen, describe_bindings
from newsreader.ui.screens.problems import ProblemsScreen
from newsreader.ui.url_opening import open_in_browser
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.filter_bar import FilterBar
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree

# How long an article stays in the detail pane before it counts as read.
READ_AFTER_SECONDS = 1.0
# While loading, the list is redrawn with what has arrived at most this often (seconds).
LIST_REFRESH_WHILE_LOADING = 1.0
# ... and no more often than every this many times as long as working out the list last took:
# sorting 50,000 articles takes a while, and the load runs in the same process.
LIST_REFRESH_COST_FACTOR = 5
# How often the state file is checked for marks another process made (a cheap check).
STATE_POLL_SECONDS = 2.0
# Background work in this process (making the search text) pauses while keys come this
# close together, so that each key is answered with the whole of the interpreter's time.
KEY_ANSWER_SECONDS = 0.05
SORT_CYCLE = tuple(SortKey)
GROUPING_CYCLE = tuple(Grouping)


Loader = Callable[[Callable[[LoadProgress], None]], Store]
# Reads one file again (None: it is gone), given the topic names to find in its text.
FileReader = Callable[[Path, TopicNames | None], LoadResult | None]


def loaded_summary(store: Store) -> str:
    """`5 articles in 2 topics`, with the problem count when there are any."""
    topics = {topic for article in store.articles for topic in article.topics}
    topics.discard(UNCATEGORISED)
    summary = f"{_count(len(store), 'article')} in {_count(len(topics), 'topic')}"
    problems = len(store.problems)
    if problems:
        summary += f" · {_count(problems, 'problem')} (press !)"
    return summary


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


class NewsreaderApp(App[None]):
    """Read a collection of article files: a grouped list and the highlighted article."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands, TopicCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        # A priority binding: the filter takes focus as the `/` is read, so keys typed right
        # after it (a paste, a fast typist) land in the filter rather than in the list.
        Binding("slash", "filter", "Filter", id="filter", priority=True),
        Binding("o", "open_article", "Open in browser", id="open_article"),
        Binding("r", "toggle_read", "Read/unread", id="toggle_read"),
        Binding("f", "toggle_star", "Star", id="toggle_star"),
        Binding("n", "next_unread", "Next unread", id="next_unread", show=False),
        Binding("N", "previous_unread", "Previous unread", id="previous_unread", show=False),
        Binding("A", "mark_all_read", "Mark all shown read", id="mark_all_read", show=False),
        Binding("u", "undo", "Undo mark all read", id="undo", show=False),
        Binding("s", "cycle_sort", "Next sort order", id="cycle_sort", show=False),
        Binding("S", "reverse_sort", "Reverse the sort", id="reverse_sort", show=False),
        Binding("b", "cycle_grouping", "Next grouping", id="cycle_grouping", show=False),
        Binding("exclamation_mark", "problems", "Problems", id="problems"),
        Binding("R", "rescan", "Fetch the feeds and rescan the folders", id="rescan", show=False),
        Binding("y", "copy_url", "Copy the URL", id="copy_url", show=False),
        Binding("Y", "copy_markdown_link", "Copy a Markdown link", id="copy_link", show=False),
        Binding("v", "toggle_raw", "Raw file", id="toggle_raw", show=False),
        Binding("e", "edit", "Edit the file", id="edit", show=False),
        Binding("backspace,alt+left", "back", "Back", id="back", show=False),
        Binding("alt+right", "forward", "Forward", id="forward", show=False),
        Binding("tab", "app.focus_next", "Next pane", id="focus_next", show=False),
        Binding(
            "shift+tab", "app.focus_previous", "Previous pane", id="focus_previous", show=False
        ),
    ]

    def __init__(
        self,
        store: Store | None = None,
        state: StateStore | None = None,
        config: Config | None = None,
        data_folder: Path | None = None,
        loader: Loader | None = None,
        watch: Sequence[Path] = (),
        suffixes: Sequence[str] = ARTICLE_SUFFIXES,
        read_file: FileReader = read_again,
        fetcher: Fetcher | None = None,
    ) -> None:
        """Show `store`, or start empty and fill the list as `loader` reads the files.

        With a `fetcher`, `R` fetches the feeds before it rescans, and the config's
        `fetch_every` fetches them in the background.

        `loader` runs in a thread; it reports progress through the callback it is given and
        returns the finished store (`R` runs it again). Files with `suffixes` under the
        folders in `watch` are followed: changes show up while the reader runs, each changed
        file read again by `read_file` (in a thread).
        """
        super().__init__()
        self.store = store if store is not None else Store()
        self._loader = loader
        # (files read, files found) while a background load runs; None once it is done.
        self.loading: tuple[int, int] | None = (0, 0) if loader is not None else None
        self._last_list_refresh = 0.0
        self._list_seconds = 0.0  # how long working out the list last took
        self._watcher = FolderWatcher(watch, suffixes) if watch else None
        self._read_file = read_file
        self.feed_fetching = (
            FeedFetching(self, fetcher, self._update_headers, len(config.feeds) if config else None)
            if fetcher is not None
            else None
        )
        # Changed files are read one batch at a time, in the order the changes came.
        self._changes_lock = threading.Lock()
        # The topic names of the store's articles, and for which store state.
        self._topic_names: tuple[tuple[int, int], TopicNames] | None = None
        self.state = state if state is not None else StateStore.in_memory()
        self.config = config if config is not None else Config()
        self.data_folder = data_folder
        self.current_article: Article | None = None
        self.settings = ListSettings(
            parse_query(""), sort=self.config.sort, grouping=self.config.group_by
        )
        self.keymap_overrides: dict[str, str] = {}
        # How many articles the filter kept; None while only the top of the list is found.
        self.shown_count: int | None = len(self.store)
        self._search_cache = SearchCache()
        self._read_timer: Timer | None = None
        # Each entry: the ids one "mark all read" changed, so that `u` can put them back.
        self._undo: list[list[str]] = []
        self._title_index: TitleIndex | None = None
        # What is loaded, in words: worked out once per change of the store, not per keystroke.
        self._summary: str | None = None
        saved_searches = [
            (search.name, parse_query(search.query)) for search in self.config.saved_searches
        ]
        self.filtered_list = FilteredList(self._search_cache, saved_searches)
        # Clear while a keystroke's first screen is being found (the search text waits).
        self._no_first_screen_sought = threading.Event()
        self._no_first_screen_sought.set()
        # A move to make in the list once the whole list for the newest settings is shown.
        self._when_listed: Callable[[], object] | None = None
        # Articles opened inside the reader from a related link, browser style.
        self._back: list[Article] = []
        self._forward: list[Article] = []
        self.idle_collector = IdleCollector()
        # The main screen's widgets, held so that timers and workers reach them even while
        # a dialog screen is on top.
        self.filter_bar = FilterBar(id="filter")
        self.list_header = Static(id="list-header", markup=False)
        self.article_list = ArticleList(id="articles")
        self.article_view = ArticleView(id="detail")
        self.load_progress = ProgressBar(id="load-progress", show_eta=False)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield self.load_progress
                yield self.filter_bar
                yield self.list_header
                yield self.article_list
            yield self.article_view
        yield Footer()

    def on_mount(self) -> None:
        self._apply_config()
        self.filter_bar.display = False
        article_list = self.article_list
        # The first screen shows articles at once; later changes are computed off the UI thread.
        self._show_groups(
            *self.filtered_list.groups(self.store, self.settings, self.state), self.settings
        )
        article_list.focus()
        self.watch(article_list, "cursor", self._cursor_moved, init=False)
        warning = self.state.take_warning()
        if warning:
            self.notify(warning, severity="warning", timeout=10, markup=False)
        # Marks made by another reader on the same data folder show up here too.
        self.set_interval(STATE_POLL_SECONDS, self._pick_up_other_marks)
        self.idle_collector.start()
        self.set_interval(CHECK_SECONDS, self.idle_collector.tick)
        self.load_progress.display = self._loader is not None
        # Loading and watching start once the first screen is drawn: until then they would
        # only slow it down.
        self.call_after_refresh(self._start_background_work)

    def _start_background_work(self) -> None:
        if self._loader is not None:
            self._load_in_background(self._loader)
        if self._watcher is not None:
            self._watch_folders(self._watcher)
        every = self.config.fetch_every
        if self.feed_fetching is not None and every is not None:
            self.set_interval(every, self.feed_fetching.start)

    # Loading in the background ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load_in_background(self, loader: Loader) -> None:
        # The search text is made once the list is shown (`_prepare_search`), not before.
        store = loader(lambda progress: self.call_from_thread(self._loaded_some, progress))
        self.call_from_thread(self._loaded_all, store)

    def action_rescan(self) -> None:
        """Fetch the feeds (when there are any), then read every file again (the list keeps
        showing the old state until it is done)."""
        fetching = self.feed_fetching
        if fetching is not None:
            if not fetching.start(then=self._rescan_files):
                self.notify("Still fetching the feeds.")
            return
        self._rescan_files()

    def _rescan_files(self) -> None:
        if self._loader is None:
            self.notify("Nothing to rescan: no folders were named.")
            return
        if self.loading is not None:
            self.notify("Still loading.")
            return
        self.loading = (0, 0)
        self.load_progress.display = True
        self._rescan(self._loader)
        self._update_headers()

    @work(thread=True, exclusive=True, group="load")
    def _rescan(self, loader: Loader) -> None:
        store = loader(lambda progress: self.call_from_thread(self._rescan_progress, progress))
        self.call_from_thread(self._loaded_all, store)

    def _rescan_progress(self, progress: LoadProgress) -> None:
        self.loading = (progress.done, progress.total)
        self.load_progress.update(total=progress.total or None, progress=progress.done)
        self._update_headers()

    # Following the folders --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_folders(self, watcher: FolderWatcher) -> None:
        watcher.run(
            lambda changes: self.call_from_thread(self._files_changed, changes),
            lambda reason: self.call_from_thread(
                self.notify, reason, severity="warning", markup=False
            ),
        )

    def _files_changed(self, changes: list[Change]) -> None:
        """Files added, changed or deleted on disk: read them again, keep the highlight."""
        if self.loading is not None:
            return  # the load in progress reads them anyway
        store = self.store
        self._read_changes(changes, store, (store.version, store.articles))

    @work(thread=True, group="changes", exit_on_error=False)
    def _read_changes(
        self, changes: list[Change], store: Store, articles: tuple[int, list[Article]]
    ) -> None:
        """Read the changed files off the UI thread, then hand the outcomes over.

        `articles` are the store's (and its version) when the changes came.
        """
        with self._changes_lock:
            outcomes: dict[Path, LoadResult | None] = {}
            gone = [change for change in changes if change.kind == "deleted"]
            if gone:
                for article in articles[1]:
                    if any(change.covers(article.source) for change in gone):
                        outcomes[article.source] = None
            names = self._names_of(store, articles) if len(gone) < len(changes) else None
            for change in changes:
                if change.kind != "deleted":
                    outcomes[change.path] = self._read_file(change.path, names)
            self.call_from_thread(self._apply_changes, store, outcomes)

    def _names_of(self, store: Store, articles: tuple[int, list[Article]]) -> TopicNames:
        """The topic names of a store's articles (and its version), made once per version."""
        key = (store.state_key[0], articles[0])
        if self._topic_names is None or self._topic_names[0] != key:
            self._topic_names = (key, TopicNames.of_corpus(articles[1]))
        return self._topic_names[1]

    def _apply_changes(self, store: Store, outcomes: dict[Path, LoadResult | None]) -> None:
        if store is not self.store or self.loading is not None:
            return  # a rescan has begun since, and reads these files anyway
        store.replace_files(outcomes)
        self._store_changed()

    def _store_changed(self) -> None:
        self._summary = None
        self._title_index = None
        self._search_cache.forget(self.store.articles)
        self.apply_settings(self.settings)

    def _loaded_some(self, progress: LoadProgress) -> None:
        """Articles read so far: shown at once the first time, then every so often."""
        for article in progress.articles:
            self.store.add(article)
        self.loading = (progress.done, progress.total)
        self.load_progress.update(total=progress.total or None, progress=progress.done)
        self._summary = None
        now = time.monotonic()
        first = self.shown_count == 0 and len(self.store) > 0
        wait = max(LIST_REFRESH_WHILE_LOADING, self._list_seconds * LIST_REFRESH_COST_FACTOR)
        if first or now - self._last_list_refresh >= wait:
            self._last_list_refresh = now
            self.apply_settings(self.settings)
        else:
            self._update_headers()

    def _loaded_all(self, store: Store) -> None:
        """The whole collection is read (and its texts prepared): show it as it is."""
        self.store = store
        self.loading = None
        self.load_progress.display = False
        self._summary = None
        self._title_index = None
        self._search_cache.forget(store.articles)
        # The article shown stays current (for `o`, `y`...) until the new list is shown.
        self.apply_settings(self.settings)

    def on_unmount(self) -> None:
        if self.feed_fetching is not None:
            self.feed_fetching.stop()
        self.idle_collector.stop()
        if self._watcher is not None:
            self._watcher.stop()
        self.state.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.idle_collector.note_input()
        await super().on_event(event)

    def _pick_up_other_marks(self) -> None:
        if self.state.reload():
            self.article_list.marks_changed(self.article_list.article_ids())

    def _apply_config(self) -> None:
        """Theme, key map and date format from the config; its warnings shown once."""
        config = self.config
        for warning in config.warnings:
            self.notify(str(warning), severity="warning", timeout=10, markup=False)
        if config.theme:
            self.theme = config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        keymap = config.keymap(all_binding_ids())
        self.keymap_overrides = dict(keymap.bindings)
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        for warning in keymap.warnings:
            self.notify(str(warning), severity="warning", timeout=10, markup=False)
        self.article_list.date_format = config.date_format
        self.article_view.date_format = config.date_format

    def _remember_theme(self, theme: Theme) -> None:
        try:
            remember_theme(theme.name, self.data_folder)
        except OSError as error:
            self.notify(f"The theme could not be remembered: {error}", severity="warning")

    # The list ---------------------------------------------------------------------------

    def apply_settings(self, settings: ListSettings) -> None:
        """Show the list for these settings; the work happens in a thread."""
        # A new query may show the top of its list first (the highlight goes to its first
        # match); the same list worked out again (files changed, another order) keeps the
        # highlight where it is, so it waits for the whole list.
        new_query = settings.query.text != self.settings.query.text
        self.settings = settings
        self._recompute(settings, new_query)

    @work(thread=True, exclusive=True, group="list")
    def _recompute(self, settings: ListSettings, top_first: bool = False) -> None:
        worker = get_current_worker()

        # A newer keystroke cancels this worker (and makes `settings` stale): stop early.
        def superseded() -> bool:
            return worker.is_cancelled or settings is not self.settings

        filtered, store, state = self.filtered_list, self.store, self.state
        if top_first and filtered.first_screen_pays(store, settings):
            self._no_first_screen_sought.clear()  # the search text's worker waits meanwhile
            try:
                first = filtered.first_screen(
                    store, settings, state, superseded, keep=self.current_article
                )
            finally:
                self._no_first_screen_sought.set()
            if first is not None and not superseded():
                self.call_from_thread(self._show_groups, first, None, settings)
        started = time.perf_counter()
        groups, count = filtered.groups(store, settings, state, superseded)
        self._list_seconds = time.perf_counter() - started
        if not superseded():
            self.call_from_thread(self._show_groups, groups, count, settings)

    @work(thread=True, exclusive=True, group="search")
    def _prepare_search(self, index: SearchIndex) -> None:
        # Off the UI thread and ahead of the first keystroke; a keystroke that comes sooner
        # waits for it (SearchIndex holds a lock) rather than doing the same work again.
        index.prepare(make_way=self._make_way_for_keys)
        self.idle_collector.settle("search text", id(index))

    def _make_way_for_keys(self) -> None:
        # Two threads of Python share one core's worth of time: a key being answered, and a
        # keystroke's first screen while it is being found, get all of it.
        while True:
            self._no_first_screen_sought.wait()
            keys_quiet_in = KEY_ANSWER_SECONDS - self.idle_collector.seconds_since_input()
            if keys_quiet_in <= 0:
                return
            time.sleep(keys_quiet_in)

    def _show_groups(self, groups: list[Group], count: int | None, settings: ListSettings) -> None:
        """Show the filtered list; `count` None: the top of it, the rest still being found."""
        if settings is not self.settings:
            return  # a newer query has been typed meanwhile
        article_list = self.article_list
        article_list.show_groups(groups, self.state)
        self.shown_count = count
        self._update_headers()
        highlighted = article_list.highlighted_article
        # With nothing to show, the pane says why, for this query.
        if highlighted is not self.current_article or highlighted is None:
            self.show_article(highlighted)
        index = self.filtered_list.current_index
        if index is not None and not index.is_prepared:
            self._prepare_search(index)
        if count is not None:
            if self._when_listed is not None:
                move, self._when_listed = self._when_listed, None
                move()
            self.idle_collector.settle("list", self.store.state_key)

    def _update_headers(self) -> None:
        if self._summary is None:
            self._summary = loaded_summary(self.store)
        summary = self._summary
        if self.loading is not None:
            done, total = self.loading
            if not total:
                reading = "finding files"
            elif done < total:
                reading = f"loading {done:,} of {total:,} files"
            else:
                reading = f"preparing the texts of {total:,} files"
            summary = f"{reading} · {summary}"
        if self.feed_fetching is not None and self.feed_fetching.status is not None:
            summary = f"{self.feed_fetching.status} · {summary}"
        if not self.settings.query.is_empty:
            shown = "…" if self.shown_count is None else f"{self.shown_count:,}"
            summary = f"{shown} of {len(self.store):,} · {summary}"
        self.sub_title = summary
        self.list_header.update(Text(self.settings.describe()))

    # The detail pane follows the list ---------------------------------------------------

    def show_article(self, article: Article | None) -> None:
        self.current_article = article
        in_library = frozenset(
            item.url
            for item in (article.related if article else ())
            if item.url and self.store.by_url(item.url)
        )
        query = self.settings.query
        hint = "No article selected"
        if article is None and not query.is_empty and self.shown_count == 0:
            hint = f"No article matches “{query.text}” (/ to change the filter, Esc in it to clear)"
        self.article_view.show_article(article, query.highlight_terms(), in_library, hint)
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        marks_on_view = self.config.mark_read is MarkRead.VIEW
        if marks_on_view and article is not None and not self.state.is_read(article.id):
            self._read_timer = self.set_timer(READ_AFTER_SECONDS, lambda: self._mark_seen(article))

    def _mark_seen(self, article: Article) -> None:
        if article is self.current_article:
            self._set_read([article.id], True)

    def _set_read(self, article_ids: list[str], read: bool) -> list[str]:
        changed = self.state.set_read(article_ids, read)
        if changed:
            self.article_list.marks_changed(changed)
        return changed

    def _cursor_moved(self) -> None:
        # Called as the list's cursor changes (a watch on it), in the same step as the key
        # press, so that the list and the detail pane change in one frame: a message from the
        # list would arrive after a frame showing only the list, and its article a frame later.
        article = self.article_list.highlighted_article
        if article is not None and article is not self.current_article:
            self.show_article(article)

    @on(ArticleList.ArticleChosen)
    def _article_chosen(self, event: ArticleList.ArticleChosen) -> None:
        self._open_article(event.article)

    @on(RelatedTree.OpenRequested)
    def _related_chosen(self, event: RelatedTree.OpenRequested) -> None:
        inside = self.store.by_url(event.related.url) if event.related.url else None
        if inside is not None:
            self.open_inside(inside)
        else:
            open_in_browser(self, event.related.url, self.config.browser_command)

    @on(LinkList.OpenRequested)
    def _link_chosen(self, event: LinkList.OpenRequested) -> None:
        open_in_browser(self, event.url, self.config.browser_command)

    def _open_article(self, article: Article) -> None:
        opened = open_in_browser(self, article.url, self.config.browser_command)
        if opened and self.config.mark_read is not MarkRead.NEVER:
            self._set_read([article.id], True)

    # Inside the reader, browser style ---------------------------------------------------

    def open_inside(self, article: Article) -> None:
        """Show a library article reached from a related link; back returns."""
        if self.current_article is not None:
            self._back.append(self.current_article)
        self._forward.clear()
        self._go(article)

    def _go(self, article: Article) -> None:
        article_list = self.article_list
        if not article_list.move_to_article(article.id):
            self.show_article(article)  # not in the list as filtered: shown on its own

    # Back through the articles shown, where Textual's own `back` goes back through screens.
    def action_back(self) -> None:  # type: ignore[override]
        if not self._back:
            self.notify("Nothing to go back to.")
            return
        if self.current_article is not None:
            self._forward.append(self.current_article)
        self._go(self._back.pop())

    def action_forward(self) -> None:
        if not self._forward:
            self.notify("Nothing to go forward to.")
            return
        if self.current_article is not None:
            self._back.append(self.current_article)
        self._go(self._forward.pop())

    # Palette targets --------------------------------------------------------------------

    def title_index(self) -> TitleIndex:
        if self._title_index is None:
            self._title_index = TitleIndex(self.store.articles)
        return self._title_index

    def palette_actions(self) -> list[tuple[str, str, str]]:
        """(description, keys, action) for every binding of the app."""
        return [
            (binding.description, self.get_key_display(binding), binding.action)
            for binding in describe_bindings(self.BINDINGS)
        ]

    def go_to_article(self, article_id: str) -> None:
        article = self.store.get(article_id)
        if article is None:
            return
        if not self.article_list.move_to_article(article_id):
            # Hidden by the filter: clear it, then go there once the list is back.
            self._when_listed = lambda: self.article_list.move_to_article(article_id)
            self.filter_bar.action_clear()
        self.article_list.focus()

    def go_to_topic(self, topic: str) -> None:
        if self.settings.grouping is not Grouping.TOPIC:
            # Go there once the list grouped by topic is shown.
            self._when_listed = lambda: self.article_list.move_to_group(topic)
            self.apply_settings(replace(self.settings, grouping=Grouping.TOPIC))
        else:
            self.article_list.move_to_group(topic)
        self.article_list.focus()

    # Copying, the raw file, the editor --------------------------------------------------

    def action_copy_url(self) -> None:
        article = self.current_article
        if article is None or not article.url:
            self.notify("This article has no URL to copy.", severity="warning")
            return
        self.copy_to_clipboard(article.url)
        self.notify(f"Copied {article.url}", markup=False)

    def action_copy_markdown_link(self) -> None:
        article = self.current_article
        if article is None or not article.url:
            self.notify("This article has no URL to copy.", severity="warning")
            return
        title = article.title.replace("[", "\\[").replace("]", "\\]")
        link = f"[{title}]({article.url.replace(' ', '%20').replace(')', '%29')})"
        self.copy_to_clipboard(link)
        self.notify(f"Copied {link}", markup=False)

    def action_toggle_raw(self) -> None:
        view = self.article_view
        if view.showing_raw:
            view.show_raw(None)
        elif self.current_article is not None:
            view.show_raw(raw_text(self.current_article.source))

    def action_edit(self) -> None:
        article = self.current_article
        if article is None:
            return
        command = editor_command(article.source)
        if command is None:
            self.notify("Set $EDITOR (or $VISUAL) to edit files.", severity="warning")
            return
        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="error")
            return
        except OSError as error:
            self.notify(f"The editor could not start: {error}", severity="error", markup=False)
            return
        self.reload_file(article.source)

    def reload_file(self, path: Path) -> None:
        """Read one file again and show what it holds now."""
        store = self.store
        names = self._names_of(store, (store.version, store.articles))
        store.replace_file(path, self._read_file(path, names))
        self._store_changed()

    # Filtering --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a text field, `/` is a character to type (as in `source:2023/10`).
        return not (action == "filter" and isinstance(self.focused, Input))

    def action_filter(self) -> None:
        self.filter_bar.open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        bar = self.filter_bar
        try:
            query = parse_query(event.text)
        except QueryError as error:
            bar.show_error(error.message, error.position)
            return  # the list stays as it was until the query reads again
        bar.show_error(None)
        self.apply_settings(replace(self.settings, query=query))

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        if event.cleared and not self.settings.query.is_empty:
            self.apply_settings(replace(self.settings, query=parse_query("")))
        self.screen.set_focus(self.article_list)  # at once, as FilterBar.open does

    # Marks ------------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        article = self.current_article
        if article is None:
            return
        if self._read_timer is not None:
            self._read_timer.stop()  # the reader's own choice wins over the timer
        self._set_read([article.id], not self.state.is_read(article.id))

    def action_toggle_star(self) -> None:
        article = self.current_article
        if article is not None:
            self.state.toggle_starred(article.id)
            self.article_list.marks_changed([article.id])

    def action_mark_all_read(self) -> None:
        article_list = self.article_list
        changed = self._set_read(article_list.article_ids(), True)
        if changed:
            self._undo.append(changed)
            self.notify(f"Marked {_count(len(changed), 'article')} read. Press u to undo.")
        else:
            self.notify("Everything shown is already read.")

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        changed = self._set_read(self._undo.pop(), False)
        self.notify(f"Marked {_count(len(changed), 'article')} unread again.")

    def action_next_unread(self) -> None:
        if not self.article_list.next_unread(1):
            self.notify("No unread article below.")

    def action_previous_unread(self) -> None:
        if not self.article_list.next_unread(-1):
            self.notify("No unread article above.")

    # Order and grouping -----------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        following = SORT_CYCLE[(SORT_CYCLE.index(self.settings.sort) + 1) % len(SORT_CYCLE)]
        self.apply_settings(replace(self.settings, sort=following))

    def action_reverse_sort(self) -> None:
        self.apply_settings(replace(self.settings, reverse=not self.settings.reverse))

    def action_cycle_grouping(self) -> None:
        index = GROUPING_CYCLE.index(self.settings.grouping)
        following = GROUPING_CYCLE[(index + 1) % len(GROUPING_CYCLE)]
        self.apply_settings(replace(self.settings, grouping=following))

    # Other actions ----------------------------------------------------------------------

    def action_open_article(self) -> None:
        """Open the highlighted article's original URL."""
        if self.current_article is None:
            self.notify("No article is highlighted.", severity="warning")
            return
        self._open_article(self.current_article)

    def action_page_detail(self) -> None:
        self.article_view.scroll_page_down()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Anywhere", describe_bindings(self.BINDINGS)),
            ("Article list", describe_bindings(ArticleList.BINDINGS)),
            ("Filter bar", describe_bindings(FilterBar.BINDINGS)),
            ("Detail pane", describe_bindings(ArticleView.BINDINGS)),
            ("Links list", describe_bindings(LinkList.BINDINGS)),
            ("Related tree", describe_bindings(RelatedTree.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections, self.keymap_overrides))

    def action_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            feed_errors = self.feed_fetching.errors if self.feed_fetching is not None else {}
            self.push_screen(ProblemsScreen(self.store.problems, feed_errors))


def all_binding_ids() -> set[str]:
    """Every binding id of the reader, for the config's [keys] table."""
    classes = (
        NewsreaderApp,
        ArticleList,
        ArticleView,
        FilterBar,
        LinkList,
        RelatedTree,
        HelpScreen,
        ProblemsScreen,
    )
    return {
        binding.id
        for cls in classes
        for binding in describe_bindings(cls.BINDINGS)
        if binding.id is not None
    }
