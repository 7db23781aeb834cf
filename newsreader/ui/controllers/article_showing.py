"""The detail pane following the list: the highlighted article shown as the cursor moves (in
the same frame as the list), what a group's header holds, and what counts as read: an article
the reader moved to, after READ_AFTER_SECONDS in the pane."""

from __future__ import annotations

from typing import Protocol

from textual.timer import Timer

from newsreader.core.config import MarkRead
from newsreader.core.marks import StateStore
from newsreader.core.present import counted
from newsreader.model.records import Article
from newsreader.search.listing import ListSettings
from newsreader.ui.controllers.host import ReaderHost
from newsreader.ui.controllers.marking import Marking
from newsreader.ui.controllers.reader_mode import ReaderMode

# How long an article stays in the detail pane before it counts as read.
READ_AFTER_SECONDS = 1.0


class ShowingHost(ReaderHost, Protocol):
    """What showing articles asks of the app beyond what every controller does."""

    state: StateStore
    marking: Marking
    reader_mode: ReaderMode

    @property
    def settings(self) -> ListSettings: ...

    @property
    def shown_count(self) -> int | None: ...


class ArticleShowing:
    """Shows articles in the detail pane and times their reading."""

    def __init__(self, app: ShowingHost) -> None:
        self._app = app
        # The article the reader last brought into the detail pane by a move of their own.
        self._chosen_id: str | None = None
        self._read_timer: Timer | None = None

    def show(self, article: Article | None, chosen: bool = False, hint: str | None = None) -> None:
        """Show `article` in the detail pane (None: `hint`, or why nothing is shown).

        `chosen`: the reader brought it there by a move of their own (a key, a click, the
        palette), so it counts as read after READ_AFTER_SECONDS there. An article shown by
        a new list (the first screen, a filter's top match as one types) is only looked at.
        """
        app = self._app
        app.current_article = article
        if chosen and article is not None:
            self._chosen_id = article.id
        in_library = frozenset(
            item.url
            for item in (article.related if article else ())
            if item.url and app.library.by_url(item.url)
        )
        query = app.settings.query
        if hint is None:
            hint = "No article selected"
            if article is None and not query.is_empty and app.shown_count == 0:
                hint = (
                    f"No article matches “{query.text}” (/ to change the filter, Esc in it "
                    "to clear)"
                )
        tags = app.state.tags_of(article.id) if article is not None else ()
        app.article_view.show_article(article, query.highlight_terms(), in_library, hint, tags)
        self._time_reading(article)

    def _time_reading(self, article: Article | None) -> None:
        """Count `article` read after READ_AFTER_SECONDS in the pane, if the reader chose it
        (the same article shown again as the list is worked out anew is still the chosen one).
        """
        app = self._app
        self.cancel_read_timer()
        app.reader_mode.article_shown(article)
        if (
            app.config.mark_read is MarkRead.VIEW
            and article is not None
            and article.id == self._chosen_id
            and not app.state.is_read(article.id)
        ):
            self._read_timer = app.set_timer(READ_AFTER_SECONDS, lambda: self._seen(article))

    def _seen(self, article: Article) -> None:
        if article is self._app.current_article:
            self._app.marking.set_read([article.id], True)

    def cancel_read_timer(self) -> None:
        """The article shown is not to be counted read by its time in the pane."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def cursor_moved(self) -> None:
        """The list's cursor moved: show what it is on now.

        Called as the cursor changes (a watch on it), in the same step as the key press, so
        that the list and the detail pane change in one frame: a message from the list would
        arrive after a frame showing only the list, and its article a frame later.
        """
        article_list = self._app.article_list
        article = article_list.highlighted_article
        chosen = article_list.moving_by_user
        if article is None:
            self.show_group_header()
        elif article is not self._app.current_article:
            self.show(article, chosen=chosen)
        elif chosen and article.id != self._chosen_id:
            # Already shown (the list's first article at start-up): from now on it is read.
            self._chosen_id = article.id
            self._time_reading(article)

    def show_group_header(self) -> None:
        """On a group's header the pane says what the group holds: no article is highlighted,
        so `o`, `r` and the like never act on an article hidden in a collapsed group."""
        article_list = self._app.article_list
        group = article_list.highlighted_group
        if group is None:
            self.show(None)
            return
        what = "expand" if article_list.is_collapsed(group) else "collapse"
        self.show(
            None,
            hint=f"{group.name}: {counted(len(group.articles), 'article')} "
            f"(Enter to {what} the group)",
        )
