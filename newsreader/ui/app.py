"""The newsreader app: the article list beside the detail pane."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, ProgressBar, Static
from textual.worker import get_current_worker

from newsreader.core.article_export import article_markdown
from newsreader.core.config import (
    Config,
    EnterOpens,
    MarkRead,
    remember_theme,
)
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore
from newsreader.core.present import counted
from newsreader.core.source_file import editor_command, raw_text
from newsreader.core.ui_state import remember_ui, remembered_layout
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.loading.collection import LoadProgress, read_again
from newsreader.loading.discover import ARTICLE_SUFFIXES
from newsreader.model.records import UNCATEGORISED, Article
from newsreader.model.store import Group, Store
from newsreader.search.listing import FilteredList, ListSettings
from newsreader.search.ordering import Grouping, SortKey
from newsreader.search.query import QueryError, parse_query
from newsreader.search.search_text import SearchCache, SearchIndex
from newsreader.search.title_index import TitleIndex
from newsreader.text.sanitize import printable
from newsreader.ui.article_output import ArticleOutput
from newsreader.ui.controllers.folder_following import FileReader, FolderFollowing
from newsreader.ui.controllers.history import History
from newsreader.ui.controllers.marking import Marking
from newsreader.ui.controllers.reader_mode import ReaderMode
from newsreader.ui.feed_fetching import FeedFetching, Fetcher
from newsreader.ui.idle_collection import CHECK_SECONDS, IdleCollector
from newsreader.ui.key_conflicts import key_conflicts
from newsreader.ui.palette import ActionCommands, ArticleCommands, TopicCommands
from newsreader.ui.pane_split import PaneSplit
from newsreader.ui.screens.article_screen import ArticleScreen, ArticleText
from newsreader.ui.screens.help import HelpScreen, HelpScroll, describe_bindings
from newsreader.ui.screens.pipe_prompt import PipePrompt
from newsreader.ui.screens.problems import ProblemList, ProblemsScreen
from newsreader.ui.screens.raw_file import RawFileScreen, RawFileScroll
from newsreader.ui.screens.tag import TagScreen
from newsreader.ui.sync_follower import SyncFollower
from newsreader.ui.url_opening import open_in_browser
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.filter_bar import FilterBar
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree
from newsreader.ui.widgets.splitter import Splitter

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


def loaded_summary(store: Store) -> str:
    """`5 articles in 2 topics`, with the problem count when there are any."""
    topics = {topic for article in store.articles for topic in article.topics}
    topics.discard(UNCATEGORISED)
    summary = f"{counted(len(store), 'article')} in {counted(len(topics), 'topic')}"
    problems = len(store.problems)
    if problems:
        summary += f" · {counted(problems, 'problem')} (press !)"
    return summary


def rescan_report(before: Store, after: Store) -> str:
    """What a rescan found: new articles, articles gone and problems, compared with before."""
    old_ids = {article.id for article in before.articles}
    new_ids = {article.id for article in after.articles}
    added, gone = len(new_ids - old_ids), len(old_ids - new_ids)
    found = [counted(added, "new article")] if added else []
    if gone:
        found.append(f"{gone:,} gone")
    if after.problems:
        found.append(counted(len(after.problems), "problem"))
    summary = ", ".join(found) if found else "nothing new"
    return f"Read {counted(after.files_read, 'file')} again: {summary}."


class NewsreaderApp(App[None]):
    """Read a collection of article files: a grouped list and the highlighted article."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands, TopicCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        # Textual's own palette key (every action, go to an article or a topic, themes),
        # given an id so that help, README and [keys] know it.
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            id="command_palette",
            show=False,
            priority=True,
        ),
        # A priority binding: the filter takes focus as the `/` is read, so keys typed right
        # after it (a paste, a fast typist) land in the filter rather than in the list.
        Binding("slash", "filter", "Filter", id="filter", priority=True),
        Binding("o", "open_article", "Open in browser", id="open_article"),
        Binding("r", "toggle_read", "Read/unread", id="toggle_read"),
        Binding("f", "toggle_star", "Star", id="toggle_star"),
        Binding("t", "tag", "Tag / untag", id="tag", show=False),
        Binding("n", "next_unread", "Next unread", id="next_unread", show=False),
        Binding("N", "previous_unread", "Previous unread", id="previous_unread", show=False),
        Binding("A", "mark_all_read", "Mark all shown read", id="mark_all_read", show=False),
        Binding("a", "mark_group_read", "Mark the group read", id="mark_group_read", show=False),
        Binding(
            "H", "toggle_hide_read", "Hide/show read articles", id="toggle_hide_read", show=False
        ),
        Binding(
            "ctrl+n",
            "next_unread_group",
            "Next group with unread",
            id="next_unread_group",
            show=False,
        ),
        Binding("minus", "collapse_all", "Collapse every group", id="collapse_all", show=False),
        Binding(
            "plus,equals_sign", "expand_all", "Expand every group", id="expand_all", show=False
        ),
        Binding("u", "undo", "Undo mark all read", id="undo", show=False),
        Binding("O", "cycle_sort", "Next sort order", id="cycle_sort", show=False),
        Binding("s", "save_markdown", "Save as Markdown", id="save_markdown", show=False),
        Binding("vertical_line", "pipe", "Pipe to a command", id="pipe", show=False),
        Binding("S", "reverse_sort", "Reverse the sort", id="reverse_sort", show=False),
        Binding("b", "cycle_grouping", "Next grouping", id="cycle_grouping", show=False),
        Binding("exclamation_mark", "problems", "Problems", id="problems"),
        Binding(
            "R",
            "rescan",
            "Fetch the feeds, rescan the folders, merge marks",
            id="rescan",
            show=False,
        ),
        Binding("z", "toggle_dense", "One-line / two-line rows", id="toggle_dense", show=False),
        Binding(
            "less_than_sign", "narrow_list", "Give the list less room", id="narrow_list", show=False
        ),
        Binding(
            "greater_than_sign",
            "widen_list",
            "Give the list more room",
            id="widen_list",
            show=False,
        ),
        Binding("y", "copy_url", "Copy the URL", id="copy_url", show=False),
        Binding("Y", "copy_markdown_link", "Copy a Markdown link", id="copy_link", show=False),
        Binding("x", "full_text", "Full text", id="full_text"),
        Binding("v", "toggle_raw", "Raw file", id="toggle_raw", show=False),
        Binding(
            "w", "read_full_screen", "Read on the whole screen", id="read_full_screen", show=False
        ),
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
        roots: Sequence[Path] | None = None,
        suffixes: Sequence[str] = ARTICLE_SUFFIXES,
        read_file: FileReader = read_again,
        kept_texts: KeptTexts | None = None,
        sync: MarkSync | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        """Show `store`, or start empty and fill the list as `loader` reads the files.

        With a `fetcher`, `R` fetches the feeds before it rescans, and the config's
        `fetch_every` fetches them in the background.

        `loader` runs in a thread; it reports progress through the callback it is given and
        returns the finished store (`R` runs it again). Files with `suffixes` under the
        folders in `watch` are followed: changes show up while the reader runs, each changed
        file read again by `read_file` (in a thread). Problems show their paths from `roots`
        (the folders read; by default those in `watch`). Full texts fetched in reader mode are
        kept in `kept_texts` (default: those in the data folder). With `sync` (hooked to
        `state`), other machines' marks are merged in at the start, on `R`, and whenever their
        logs change.
        """
        super().__init__()
        self.store = store if store is not None else Store()
        self._loader = loader
        # (files read, files found) while a background load runs; None once it is done.
        self.loading: tuple[int, int] | None = (0, 0) if loader is not None else None
        self._last_list_refresh = 0.0
        # `R` was pressed: what it found is said once the files are read.
        self._rescanning = False
        self._list_seconds = 0.0  # how long working out the list last took
        # The folders (or files) read, from which the problems screen shows paths.
        self.roots = tuple(watch if roots is None else roots)
        self.sync = sync
        self.sync_follower = SyncFollower(sync) if sync is not None else None
        self.feed_fetching = (
            FeedFetching(self, fetcher, self._update_headers, len(config.feeds) if config else None)
            if fetcher is not None
            else None
        )
        self.state = state if state is not None else StateStore.in_memory()
        # Whether the header last said that marks wait for the state file's lock.
        self._marks_waited = False
        self.config = config if config is not None else Config()
        self.data_folder = data_folder
        self.article_output = ArticleOutput(self, self.config, data_folder)
        self.reader_mode = ReaderMode(self, kept_texts)
        self.history = History(self)
        self.folder_following = FolderFollowing(self, watch, suffixes, read_file)
        self.marking = Marking(self)
        self.current_article: Article | None = None
        # The article the reader last brought into the detail pane by a move of their own.
        self._chosen_id: str | None = None
        self.settings = ListSettings(
            parse_query(""),
            sort=self.config.sort,
            grouping=self.config.group_by,
            hide_read=self.config.hide_read,
        )
        self.keymap_overrides: dict[str, str] = {}
        # The filter's text does not parse: the list is that of the last query that did.
        self._query_unreadable = False
        # How many articles the filter kept; None while only the top of the list is found.
        self.shown_count: int | None = len(self.store)
        self._search_cache = SearchCache()
        self._read_timer: Timer | None = None
        # Each entry: the ids one "mark all read" changed, so that `u` can put them back.
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
        self.idle_collector = IdleCollector()
        # The main screen's widgets, held so that timers and workers reach them even while
        # a dialog screen is on top.
        self.filter_bar = FilterBar(id="filter")
        self.list_header = Static(id="list-header", markup=False)
        self.article_list = ArticleList(id="articles")
        self.article_view = ArticleView(id="detail")
        self.load_progress = ProgressBar(id="load-progress", show_eta=False)
        self.panes = Horizontal(id="panes")
        self.list_pane = Vertical(id="list-pane")
        self.splitter = Splitter(id="splitter")
        layout = remembered_layout(data_folder)
        self.split = PaneSplit(self.panes, self.list_pane, self.splitter, layout)
        self.article_list.dense = layout.dense_rows

    def compose(self) -> ComposeResult:
        yield Header()
        with self.panes:
            with self.list_pane:
                yield self.load_progress
                yield self.filter_bar
                yield self.list_header
                yield self.article_list
            yield self.splitter
            yield self.article_view
        yield Footer()
        if self.sync_follower is not None:
            yield self.sync_follower

    def on_mount(self) -> None:
        self.split.apply(self.size.width)
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
            self.warn(warning)
        self.tell_sync_warnings()
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
        self.folder_following.start()
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
        showing the old state until it is done); other machines' marks are merged at once."""
        if self.sync_follower is not None:
            self.sync_follower.merge()
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
        self._rescanning = True
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

    @property
    def is_loading(self) -> bool:
        """A load or rescan is under way."""
        return self.loading is not None

    def store_changed(self) -> None:
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
        if self._rescanning:
            self._rescanning = False
            self.notify(rescan_report(self.store, store))
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
        self.folder_following.stop()
        if self.sync is not None:
            self.sync.close()
        self.state.close()
        self.reader_mode.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.idle_collector.note_input()
        await super().on_event(event)

    def _pick_up_other_marks(self) -> None:
        tags = self.state.tags_version
        if self.state.reload():
            self.article_list.marks_changed(self.article_list.article_ids())
            if self.state.tags_version != tags:
                self.tags_reshaped()
        # Trouble with the state file met since (it went bad, or cannot be written) is said
        # when it happens, not only at start-up.
        if warning := self.state.take_warning():
            self.warn(warning)
        if self.state.pending_count or self._marks_waited:
            # The header says how many marks wait for the state file's lock, until none do.
            self._marks_waited = bool(self.state.pending_count)
            self._update_headers()
        if self.sync_follower is not None:
            self.sync_follower.look()

    def warn(self, message: str, severity: SeverityLevel = "warning") -> None:
        """Show a message that may name files, folders or values from elsewhere: never as
        markup, and with control characters spelled out (`\\x1b`) as file names always are."""
        self.notify(printable(message), severity=severity, timeout=10, markup=False)

    # Marks from other machines ----------------------------------------------------------

    @on(SyncFollower.MarksMerged)
    def _marks_merged(self, event: SyncFollower.MarksMerged) -> None:
        for warning in event.warnings:
            self.warn(warning)
        self._update_headers()
        changed = event.changed
        if not changed:
            return
        self.article_list.marks_changed(changed)
        self.tags_reshaped()
        article = self.current_article
        if article is not None and article.id in changed:
            self.article_view.show_tags(self.state.tags_of(article.id))

    @on(SyncFollower.WatchFailed)
    def _sync_watch_failed(self, event: SyncFollower.WatchFailed) -> None:
        self.warn(event.reason)

    def tags_reshaped(self) -> None:
        """Work the list out again when tags decide what is in it or how it is grouped.

        (Read and starred marks only redraw the list: an article read under `is:unread`
        stays where it is until the list is worked out again for another reason.)
        """
        if self.settings.grouping is Grouping.TAG or self.settings.query.uses_tags:
            self.apply_settings(self.settings)

    def tell_sync_warnings(self) -> None:
        if self.sync is not None:
            for warning in self.sync.take_warnings():
                self.warn(warning)
            self._update_headers()

    def _apply_config(self) -> None:
        """Theme, key map and date format from the config; its warnings shown once."""
        config = self.config
        for warning in config.warnings:
            self.warn(str(warning))
        if config.theme:
            self.theme = config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        keymap = config.keymap(all_binding_ids())
        self.keymap_overrides = dict(keymap.bindings)
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        for warning in keymap.warnings:
            self.warn(str(warning))
        for conflict in key_conflicts(
            describe_bindings(self.BINDINGS), binding_scopes(), self.keymap_overrides
        ):
            self.warn(str(conflict))
        self.article_list.date_format = config.date_format
        self.article_list.row_format = config.row_format
        self.article_view.date_format = config.date_format

    # The split between the panes -------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.split.apply(event.size.width)

    def action_toggle_dense(self) -> None:
        dense = not self.article_list.dense
        self.article_list.set_dense(dense)
        try:
            remember_ui({"dense_rows": dense}, self.data_folder)
        except OSError as error:
            self.warn(f"The row mode could not be remembered: {error}")

    def action_narrow_list(self) -> None:
        if self.split.step(-1):
            self._remember_split()

    def action_widen_list(self) -> None:
        if self.split.step(1):
            self._remember_split()

    @on(Splitter.Dragged)
    def _splitter_dragged(self, event: Splitter.Dragged) -> None:
        self.split.drag_to(event.screen_x, event.screen_y)

    @on(Splitter.Released)
    def _splitter_released(self) -> None:
        self._remember_split()

    def _remember_split(self) -> None:
        try:
            remember_ui(self.split.remembered(), self.data_folder)
        except OSError as error:
            self.warn(f"The split could not be remembered: {error}")

    def _remember_theme(self, theme: Theme) -> None:
        try:
            remember_theme(theme.name, self.data_folder)
        except OSError as error:
            self.warn(f"The theme could not be remembered: {error}")

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
        if highlighted is None and count != 0 and article_list.highlighted_group is not None:
            self._show_group_header()
        elif highlighted is not self.current_article or highlighted is None:
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
        if self._query_unreadable:
            summary = f"the filter does not read (list unchanged) · {summary}"
        elif not self.settings.shows_all:
            shown = "…" if self.shown_count is None else f"{self.shown_count:,}"
            summary = f"{shown} of {len(self.store):,} · {summary}"
        if waiting := self.state.pending_count:
            summary = f"{summary} · {counted(waiting, 'mark')} waiting to be saved (file locked)"
        if self.sync is not None and self.sync.trouble is not None:
            summary += " · marks kept here: the sync folder cannot be written"
        self.sub_title = summary
        self.list_header.update(Text(self.settings.describe()))

    # The detail pane follows the list ---------------------------------------------------

    def show_article(
        self, article: Article | None, chosen: bool = False, hint: str | None = None
    ) -> None:
        """Show `article` in the detail pane (None: `hint`, or why nothing is shown).

        `chosen`: the reader brought it there by a move of their own (a key, a click, the
        palette), so it counts as read after READ_AFTER_SECONDS there. An article shown by
        a new list (the first screen, a filter's top match as one types) is only looked at.
        """
        self.current_article = article
        if chosen and article is not None:
            self._chosen_id = article.id
        in_library = frozenset(
            item.url
            for item in (article.related if article else ())
            if item.url and self.store.by_url(item.url)
        )
        query = self.settings.query
        if hint is None:
            hint = "No article selected"
            if article is None and not query.is_empty and self.shown_count == 0:
                hint = (
                    f"No article matches “{query.text}” (/ to change the filter, Esc in it "
                    "to clear)"
                )
        tags = self.state.tags_of(article.id) if article is not None else ()
        self.article_view.show_article(article, query.highlight_terms(), in_library, hint, tags)
        self._time_reading(article)

    def _time_reading(self, article: Article | None) -> None:
        """Count `article` read after READ_AFTER_SECONDS in the pane, if the reader chose it
        (the same article shown again as the list is worked out anew is still the chosen one).
        """
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        self.reader_mode.article_shown(article)
        if (
            self.config.mark_read is MarkRead.VIEW
            and article is not None
            and article.id == self._chosen_id
            and not self.state.is_read(article.id)
        ):
            self._read_timer = self.set_timer(READ_AFTER_SECONDS, lambda: self._mark_seen(article))

    def _mark_seen(self, article: Article) -> None:
        if article is self.current_article:
            self.marking.set_read([article.id], True)

    def cancel_read_timer(self) -> None:
        """The article shown is not to be counted read by its time in the pane."""
        if self._read_timer is not None:
            self._read_timer.stop()

    def marks_saved_later(self) -> None:
        """Some marks wait for another process's lock: the header counts them until none do."""
        self._marks_waited = True
        self._update_headers()

    def _cursor_moved(self) -> None:
        # Called as the list's cursor changes (a watch on it), in the same step as the key
        # press, so that the list and the detail pane change in one frame: a message from the
        # list would arrive after a frame showing only the list, and its article a frame later.
        article_list = self.article_list
        article = article_list.highlighted_article
        chosen = article_list.moving_by_user
        if article is None:
            self._show_group_header()
        elif article is not self.current_article:
            self.show_article(article, chosen=chosen)
        elif chosen and article.id != self._chosen_id:
            # Already shown (the list's first article at start-up): from now on it is read.
            self._chosen_id = article.id
            self._time_reading(article)

    def _show_group_header(self) -> None:
        """On a group's header the pane says what the group holds: no article is highlighted,
        so `o`, `r` and the like never act on an article hidden in a collapsed group."""
        article_list = self.article_list
        group = article_list.highlighted_group
        if group is None:
            self.show_article(None)
            return
        folded = article_list.is_collapsed(group)
        what = "expand" if folded else "collapse"
        self.show_article(
            None,
            hint=f"{group.name}: {counted(len(group.articles), 'article')} "
            f"(Enter to {what} the group)",
        )

    @on(ArticleList.ArticleChosen)
    def _article_chosen(self, event: ArticleList.ArticleChosen) -> None:
        if self.config.enter_opens is EnterOpens.READER:
            self._read_full_screen(event.article)
        else:
            self._open_article(event.article)

    def action_read_full_screen(self) -> None:
        if self.current_article is None:
            self.notify("No article is highlighted.", severity="warning")
            return
        self._read_full_screen(self.current_article)

    def _read_full_screen(self, article: Article) -> None:
        text = article_markdown(article, self.config.date_format)
        self.push_screen(ArticleScreen(article.title, text))
        # Reading it whole is reading it, as opening it in the browser is.
        if self.config.mark_read is not MarkRead.NEVER:
            self.marking.set_read([article.id], True)

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
            self.marking.set_read([article.id], True)

    # Reader mode and history: routed to their controllers --------------------------------

    def action_full_text(self) -> None:
        """Show the article's full text, fetched from its page (again, if one is shown)."""
        self.reader_mode.fetch_shown()

    def open_inside(self, article: Article) -> None:
        """Show a library article reached from a related link; back returns."""
        self.history.open_inside(article)

    # Back through the articles shown, where Textual's own `back` goes back through screens.
    def action_back(self) -> None:  # type: ignore[override]
        self.history.back()

    def action_forward(self) -> None:
        self.history.forward()

    # Palette targets --------------------------------------------------------------------

    def title_index(self) -> TitleIndex:
        if self._title_index is None:
            self._title_index = TitleIndex(self.store.articles)
        return self._title_index

    def palette_actions(self) -> list[tuple[str, str, str]]:
        """(description, keys, action) for every binding of the app but the palette's own."""
        return [
            (binding.description, self.get_key_display(binding), binding.action)
            for binding in describe_bindings(self.BINDINGS)
            if binding.action != "command_palette"
        ]

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Quit and Help are among the reader's own actions (each once, with its key); Textual's
        # key panel would be a second, shorter help.
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Keys"):
                yield command

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

    # Saving, piping and copying: the article output ----------------------------------

    def action_save_markdown(self) -> None:
        self.article_output.save(self.current_article)

    def action_pipe(self) -> None:
        self.article_output.pipe(self.current_article)

    def action_copy_url(self) -> None:
        self.article_output.copy_url(self.current_article)

    def action_copy_markdown_link(self) -> None:
        self.article_output.copy_markdown_link(self.current_article)

    # The raw file, the editor -----------------------------------------------------------

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
            self.warn(f"The editor could not start: {error}", severity="error")
            return
        self.reload_file(article.source)

    def reload_file(self, path: Path) -> None:
        """Read one file again and show what it holds now."""
        self.folder_following.reload_file(path)

    # Filtering --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a text field, `/` is a character to type (as in `source:2023/10`); on another
        # screen (help, an article on the whole screen) the list's filter is out of sight.
        if action == "filter":
            return not isinstance(self.focused, Input) and self.screen is self.article_list.screen
        return True

    def action_filter(self) -> None:
        self.filter_bar.open()

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        bar = self.filter_bar
        try:
            query = parse_query(event.text)
        except QueryError as error:
            bar.show_error(error.message, error.position)
            # The list stays as it was until the query reads again; the header says so
            # rather than giving the count of a query no longer typed.
            self._query_unreadable = True
            self._update_headers()
            return
        bar.show_error(None)
        self._query_unreadable = False
        self.apply_settings(replace(self.settings, query=query))

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        if event.cleared:
            self._query_unreadable = False
            if self.settings.query.is_empty:
                self._update_headers()
            else:
                self.apply_settings(replace(self.settings, query=parse_query("")))
        self.screen.set_focus(self.article_list)  # at once, as FilterBar.open does
        if event.then is not None:
            self.post_message(event.then)

    # Marks ------------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self.marking.toggle_read()

    def action_toggle_star(self) -> None:
        self.marking.toggle_star()

    def action_tag(self) -> None:
        """Ask for a tag name: added to the article, or removed when it has the tag."""
        if isinstance(self.screen, TagScreen):
            return
        asked = self.marking.tag_dialog()
        if asked is not None:
            dialog, article = asked
            self.push_screen(dialog, lambda name: self.marking.tag_chosen(article, name))

    def action_mark_all_read(self) -> None:
        self.marking.mark_all_read()

    def action_mark_group_read(self) -> None:
        self.marking.mark_group_read()

    def action_toggle_hide_read(self) -> None:
        hide = not self.settings.hide_read
        self.apply_settings(replace(self.settings, hide_read=hide))
        self.notify("Read articles are hidden." if hide else "Read articles are shown.")

    def action_next_unread_group(self) -> None:
        if not self.article_list.next_unread_group():
            self.notify("No group below has unread articles.")

    def action_collapse_all(self) -> None:
        self.article_list.set_all_collapsed(True)

    def action_expand_all(self) -> None:
        self.article_list.set_all_collapsed(False)

    def action_undo(self) -> None:
        self.marking.undo()

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
            ("Tag dialog", describe_bindings(TagScreen.BINDINGS)),
            ("Links list", describe_bindings(LinkList.BINDINGS)),
            ("Related tree", describe_bindings(RelatedTree.BINDINGS)),
        ]
        self.push_screen(HelpScreen(sections, self.keymap_overrides))

    def action_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            feed_errors = self.feed_fetching.errors if self.feed_fetching is not None else {}
            self.push_screen(ProblemsScreen(self.store.problems, self.roots, feed_errors))


def binding_scopes() -> dict[str, list[Binding]]:
    """The bindings of each part of the main screen, by the name help gives it."""
    return {
        "article list": describe_bindings(ArticleList.BINDINGS),
        "filter bar": describe_bindings(FilterBar.BINDINGS),
        "detail pane": describe_bindings(ArticleView.BINDINGS),
        "links list": describe_bindings(LinkList.BINDINGS),
        "related tree": describe_bindings(RelatedTree.BINDINGS),
    }


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
        HelpScroll,
        ArticleScreen,
        ArticleText,
        PipePrompt,
        ProblemsScreen,
        ProblemList,
        RawFileScreen,
        RawFileScroll,
        TagScreen,
    )
    return {
        binding.id
        for cls in classes
        for binding in describe_bindings(cls.BINDINGS)
        if binding.id is not None
    }
