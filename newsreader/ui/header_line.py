"""The line under the title: what is loaded, what the reader is busy with, and what the
filter kept, in words; and the list's own header (its order, grouping and filter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual.widgets import Static

from newsreader.core.library import Library
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore
from newsreader.core.present import counted
from newsreader.model.records import UNCATEGORISED
from newsreader.model.store import Store
from newsreader.ui.controllers.folder_loading import FolderLoading
from newsreader.ui.controllers.listing import Listing
from newsreader.ui.feed_fetching import FeedFetching


def loaded_summary(store: Store) -> str:
    """`5 articles in 2 topics`, with the problem count when there are any."""
    topics = {topic for article in store.articles for topic in article.topics}
    topics.discard(UNCATEGORISED)
    summary = f"{counted(len(store), 'article')} in {counted(len(topics), 'topic')}"
    problems = len(store.problems)
    if problems:
        summary += f" · {counted(problems, 'problem')} (press !)"
    return summary


@dataclass(frozen=True, slots=True)
class Busy:
    """What the header says beside the summary, each None or False when there is nothing."""

    loading: str | None = None  # what a load or rescan is doing
    fetching: str | None = None  # what a fetch of the feeds is doing
    query_unreadable: bool = False  # the filter's text does not parse
    shown: str | None = None  # "12 of 5,000", when a filter hides some articles
    marks_waiting: int = 0  # marks waiting for another process's lock
    sync_unwritable: bool = False


class HeaderHost(Protocol):
    """Where the header's words come from, and where they go."""

    library: Library
    state: StateStore
    sync: MarkSync | None
    listing: Listing
    folder_loading: FolderLoading
    feed_fetching: FeedFetching | None
    list_header: Static
    sub_title: str


class HeaderLine:
    """The header's text; the summary of what is loaded worked out once per store state,
    not per keystroke."""

    def __init__(self, app: HeaderHost) -> None:
        self._app = app
        self._summary: tuple[tuple[int, int], str] | None = None

    def update(self) -> None:
        """Say what is loaded and going on now, in the header and above the list."""
        app = self._app
        listing, fetching = app.listing, app.feed_fetching
        settings = listing.settings
        shown = None
        if not settings.shows_all:
            count = "…" if listing.shown_count is None else f"{listing.shown_count:,}"
            shown = f"{count} of {len(app.library):,}"
        busy = Busy(
            loading=app.folder_loading.describe(),
            fetching=fetching.status if fetching is not None else None,
            query_unreadable=listing.query_unreadable,
            shown=shown,
            marks_waiting=app.state.pending_count,
            sync_unwritable=app.sync is not None and app.sync.trouble is not None,
        )
        app.sub_title = self.text(app.library.store, busy)
        app.list_header.update(Text(settings.describe()))

    def text(self, store: Store, busy: Busy) -> str:
        key = store.state_key
        if self._summary is None or self._summary[0] != key:
            self._summary = (key, loaded_summary(store))
        summary = self._summary[1]
        if busy.loading is not None:
            summary = f"{busy.loading} · {summary}"
        if busy.fetching is not None:
            summary = f"{busy.fetching} · {summary}"
        if busy.query_unreadable:
            summary = f"the filter does not read (list unchanged) · {summary}"
        elif busy.shown is not None:
            summary = f"{busy.shown} · {summary}"
        if busy.marks_waiting:
            waiting = counted(busy.marks_waiting, "mark")
            summary = f"{summary} · {waiting} waiting to be saved (file locked)"
        if busy.sync_unwritable:
            summary += " · marks kept here: the sync folder cannot be written"
        return summary
