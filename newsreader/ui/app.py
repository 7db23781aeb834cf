"""The newsreader app: the article list beside the detail pane.

The app composes the screen, owns the bindings (`bindings.py`) and routes: loading and
rescans, the list and its filter, the detail pane, marks, reader mode, back/forward, the
layout and following the folders each live in a controller of their own (`controllers/`).
What is left is routing, and it is longer than the house's 400 lines for that reason: Textual
finds an action as a method of the app, so each of the ~50 bindings has a short method here
that hands it to the controller whose job it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, ProgressBar, Static

from newsreader.core.config import Config
from newsreader.core.library import Library
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore
from newsreader.core.ui_state import remembered_layout
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.loading.collection import read_again
from newsreader.loading.discover import ARTICLE_SUFFIXES
from newsreader.model.records import Article
from newsreader.model.store import Store
from newsreader.search.listing import ListSettings
from newsreader.search.query import parse_query
from newsreader.search.title_index import TitleIndex
from newsreader.text.sanitize import printable
from newsreader.ui.article_output import ArticleOutput
from newsreader.ui.bindings import READER_BINDINGS, all_binding_ids, binding_scopes, help_sections
from newsreader.ui.controllers import source_editing
from newsreader.ui.controllers.article_showing import ArticleShowing
from newsreader.ui.controllers.folder_following import FileReader, FolderFollowing
from newsreader.ui.controllers.folder_loading import FolderLoading, Loader
from newsreader.ui.controllers.history import History
from newsreader.ui.controllers.listing import Listing
from newsreader.ui.controllers.marking import Marking
from newsreader.ui.controllers.opening import Opening
from newsreader.ui.controllers.other_marks import OtherMarks
from newsreader.ui.controllers.pane_layout import PaneLayout
from newsreader.ui.controllers.reader_mode import ReaderMode
from newsreader.ui.feed_fetching import FeedFetching, Fetcher
from newsreader.ui.header_line import HeaderLine
from newsreader.ui.idle_collection import CHECK_SECONDS, IdleCollector
from newsreader.ui.key_conflicts import key_conflicts
from newsreader.ui.palette import ActionCommands, ArticleCommands, TopicCommands
from newsreader.ui.pane_split import PaneSplit
from newsreader.ui.screens.help import HelpScreen, describe_bindings
from newsreader.ui.screens.problems import ProblemsScreen
from newsreader.ui.screens.tag import TagScreen
from newsreader.ui.sync_follower import SyncFollower
from newsreader.ui.url_opening import open_in_browser
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.filter_bar import FilterBar
from newsreader.ui.widgets.link_list import LinkList
from newsreader.ui.widgets.related_tree import RelatedTree
from newsreader.ui.widgets.splitter import Splitter

# How often the state file is checked for marks another process made (a cheap check).
STATE_POLL_SECONDS = 2.0

__all__ = ["NewsreaderApp", "all_binding_ids"]


class NewsreaderApp(App[None]):
    """Read a collection of article files: a grouped list and the highlighted article."""

    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands, TopicCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = READER_BINDINGS

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
        # The articles and their marks: what the reader asks of the core goes through it.
        self.library = Library(store, state)
        self.state = self.library.marks
        self.config = config if config is not None else Config()
        self.data_folder = data_folder
        # The folders (or files) read, from which the problems screen shows paths.
        self.roots = tuple(watch if roots is None else roots)
        self.sync = sync
        self.sync_follower = SyncFollower(sync) if sync is not None else None
        self.current_article: Article | None = None
        self.keymap_overrides: dict[str, str] = {}
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
        self.article_list.dense = layout.dense_rows
        # The controllers, each with one job.
        split = PaneSplit(self.panes, self.list_pane, self.splitter, layout)
        self.pane_layout = PaneLayout(self, split)
        self.folder_loading = FolderLoading(self, loader)
        settings = ListSettings(
            parse_query(""),
            sort=self.config.sort,
            grouping=self.config.group_by,
            hide_read=self.config.hide_read,
        )
        saved = [(search.name, parse_query(search.query)) for search in self.config.saved_searches]
        self.listing = Listing(self, settings, saved)
        self.header_line = HeaderLine(self)
        self.article_showing = ArticleShowing(self)
        self.feed_fetching = (
            FeedFetching(self, fetcher, self.update_headers, len(config.feeds) if config else None)
            if fetcher is not None
            else None
        )
        self.article_output = ArticleOutput(self, self.config, data_folder)
        self.reader_mode = ReaderMode(self, kept_texts)
        self.history = History(self)
        self.folder_following = FolderFollowing(self, watch, suffixes, read_file)
        self.marking = Marking(self)
        self.other_marks = OtherMarks(self)
        self.opening = Opening(self)

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
        self.pane_layout.fit(self.size.width)
        self._apply_config()
        self.filter_bar.display = False
        # The first screen shows articles at once; later changes are computed off the UI thread.
        self.listing.show_now()
        self.article_list.focus()
        self.watch(self.article_list, "cursor", self.article_showing.cursor_moved, init=False)
        warning = self.state.take_warning()
        if warning:
            self.warn(warning)
        self.tell_sync_warnings()
        # Marks made by another reader on the same data folder show up here too.
        self.set_interval(STATE_POLL_SECONDS, self.other_marks.look)
        self.idle_collector.start()
        self.set_interval(CHECK_SECONDS, self.idle_collector.tick)
        self.load_progress.display = self.folder_loading.has_loader
        # Loading and watching start once the first screen is drawn: until then they would
        # only slow it down.
        self.call_after_refresh(self._start_background_work)

    def _start_background_work(self) -> None:
        self.folder_loading.start()
        self.folder_following.start()
        every = self.config.fetch_every
        if self.feed_fetching is not None and every is not None:
            self.set_interval(every, self.feed_fetching.start)

    def on_unmount(self) -> None:
        # A reading timer that has not fired yet must not mark anything once marks are closed.
        self.article_showing.cancel_read_timer()
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

    def warn(self, message: str, severity: SeverityLevel = "warning") -> None:
        """Show a message that may name files, folders or values from elsewhere: never as
        markup, and with control characters spelled out (`\\x1b`) as file names always are."""
        self.notify(printable(message), severity=severity, timeout=10, markup=False)

    def _apply_config(self) -> None:
        """Theme, key map and date format from the config; its warnings shown once."""
        config = self.config
        for warning in config.warnings:
            self.warn(str(warning))
        if config.theme:
            self.theme = config.theme
        self.theme_changed_signal.subscribe(self, self.pane_layout.remember_theme)
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

    # Loading: routed to FolderLoading ---------------------------------------------------

    @property
    def loading(self) -> tuple[int, int] | None:
        """(files read, files found) while a load or rescan runs; None once it is done."""
        return self.folder_loading.progress

    @property
    def is_loading(self) -> bool:
        """A load or rescan is under way."""
        return self.folder_loading.progress is not None

    def action_rescan(self) -> None:
        """Fetch the feeds (when there are any), then read every file again (the list keeps
        showing the old state until it is done); other machines' marks are merged at once."""
        if self.sync_follower is not None:
            self.sync_follower.merge()
        fetching = self.feed_fetching
        if fetching is not None:
            if not fetching.start(then=self.folder_loading.rescan):
                self.notify("Still fetching the feeds.")
            return
        self.folder_loading.rescan()

    @property
    def store(self) -> Store:
        """The library's store of articles, as a load or rescan last left it."""
        return self.library.store

    def replace_store(self, store: Store) -> None:
        """A load or rescan is done: show what it read."""
        self.library.replace(store)
        self.store_changed()

    def store_changed(self) -> None:
        """The store's articles changed: work the list out again."""
        self.listing.forget_texts()
        self.listing.again()

    def list_again(self) -> None:
        self.listing.again()

    def list_seconds(self) -> float:
        return self.listing.seconds

    def shows_nothing_yet(self) -> bool:
        return self.listing.shown_count == 0

    # The list: routed to Listing --------------------------------------------------------

    @property
    def settings(self) -> ListSettings:
        """What the list shows: the query, the order, the grouping, read articles or not."""
        return self.listing.settings

    @property
    def shown_count(self) -> int | None:
        """How many articles the filter kept; None while only the top of the list is found."""
        return self.listing.shown_count

    def apply_settings(self, settings: ListSettings) -> None:
        self.listing.apply(settings)

    def tags_reshaped(self) -> None:
        self.listing.tags_reshaped()

    def update_headers(self) -> None:
        self.header_line.update()

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
        self.listing.filter_typed(event.text)

    @on(FilterBar.Done)
    def _filter_done(self, event: FilterBar.Done) -> None:
        if event.cleared:
            self.listing.filter_cleared()
        self.screen.set_focus(self.article_list)  # at once, as FilterBar.open does
        if event.then is not None:
            self.post_message(event.then)

    def action_toggle_hide_read(self) -> None:
        hidden = self.listing.toggle_hide_read()
        self.notify("Read articles are hidden." if hidden else "Read articles are shown.")

    def action_cycle_sort(self) -> None:
        self.listing.next_sort()

    def action_reverse_sort(self) -> None:
        self.listing.reverse_sort()

    def action_cycle_grouping(self) -> None:
        self.listing.next_grouping()

    def action_next_unread_group(self) -> None:
        if not self.article_list.next_unread_group():
            self.notify("No group below has unread articles.")

    def action_collapse_all(self) -> None:
        self.article_list.set_all_collapsed(True)

    def action_expand_all(self) -> None:
        self.article_list.set_all_collapsed(False)

    def action_next_unread(self) -> None:
        if not self.article_list.next_unread(1):
            self.notify("No unread article below.")

    def action_previous_unread(self) -> None:
        if not self.article_list.next_unread(-1):
            self.notify("No unread article above.")

    # The detail pane: routed to ArticleShowing ------------------------------------------

    def show_article(
        self, article: Article | None, chosen: bool = False, hint: str | None = None
    ) -> None:
        self.article_showing.show(article, chosen, hint)

    def show_group_header(self) -> None:
        self.article_showing.show_group_header()

    def cancel_read_timer(self) -> None:
        self.article_showing.cancel_read_timer()

    def action_page_detail(self) -> None:
        self.article_view.scroll_page_down()

    def action_toggle_raw(self) -> None:
        source_editing.toggle_raw(self)

    def action_edit(self) -> None:
        source_editing.edit(self, self.current_article)

    # Opening articles: routed to Opening; reader mode and history ----------------------

    @on(ArticleList.ArticleChosen)
    def _article_chosen(self, event: ArticleList.ArticleChosen) -> None:
        self.opening.chosen(event.article)

    def action_open_article(self) -> None:
        """Open the highlighted article's original URL."""
        self.opening.in_browser(self.current_article)

    def action_read_full_screen(self) -> None:
        self.opening.read_full_screen(self.current_article)

    @on(RelatedTree.OpenRequested)
    def _related_chosen(self, event: RelatedTree.OpenRequested) -> None:
        self.opening.related(event.related)

    @on(LinkList.OpenRequested)
    def _link_chosen(self, event: LinkList.OpenRequested) -> None:
        self.open_link(event.url)

    def open_link(self, url: str | None) -> bool:
        """Open an http(s) URL in the browser (or say why not); whether one was started."""
        return open_in_browser(self, url, self.config.browser_command)

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

    # Saving, piping and copying: the article output -------------------------------------

    def action_save_markdown(self) -> None:
        self.article_output.save(self.current_article)

    def action_pipe(self) -> None:
        self.article_output.pipe(self.current_article)

    def action_copy_url(self) -> None:
        self.article_output.copy_url(self.current_article)

    def action_copy_markdown_link(self) -> None:
        self.article_output.copy_markdown_link(self.current_article)

    # Marks: routed to Marking, and to OtherMarks for those made elsewhere ---------------

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

    def action_undo(self) -> None:
        self.marking.undo()

    def marks_saved_later(self) -> None:
        self.other_marks.saved_later()

    @on(SyncFollower.MarksMerged)
    def _marks_merged(self, event: SyncFollower.MarksMerged) -> None:
        self.other_marks.merged(event.changed, event.warnings)

    @on(SyncFollower.WatchFailed)
    def _sync_watch_failed(self, event: SyncFollower.WatchFailed) -> None:
        self.warn(event.reason)

    def tell_sync_warnings(self) -> None:
        self.other_marks.tell_sync_warnings()

    # The layout: routed to PaneLayout ---------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.pane_layout.fit(event.size.width)

    def action_toggle_dense(self) -> None:
        self.pane_layout.toggle_dense()

    def action_narrow_list(self) -> None:
        self.pane_layout.step(-1)

    def action_widen_list(self) -> None:
        self.pane_layout.step(1)

    @on(Splitter.Dragged)
    def _splitter_dragged(self, event: Splitter.Dragged) -> None:
        self.pane_layout.drag_to(event.screen_x, event.screen_y)

    @on(Splitter.Released)
    def _splitter_released(self) -> None:
        self.pane_layout.remember_split()

    # The palette, help and problems -----------------------------------------------------

    def title_index(self) -> TitleIndex:
        """Every article's title, for the palette."""
        return self.library.title_index()

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
        if self.library.get(article_id) is not None:
            self.listing.go_to_article(article_id)
            self.article_list.focus()

    def go_to_topic(self, topic: str) -> None:
        self.listing.go_to_topic(topic)
        self.article_list.focus()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(), self.keymap_overrides))

    def action_problems(self) -> None:
        if not isinstance(self.screen, ProblemsScreen):
            feed_errors = self.feed_fetching.errors if self.feed_fetching is not None else {}
            self.push_screen(ProblemsScreen(self.library.problems, self.roots, feed_errors))
