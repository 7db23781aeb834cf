"""Marks made elsewhere: by another process on the same state file (looked for every two
seconds), and by other machines through the sync folder (merged by the SyncFollower, which
says what changed); and the state file's or the sync folder's trouble, said when met."""

from __future__ import annotations

from typing import Protocol

from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore
from newsreader.ui.controllers.host import ReaderHost
from newsreader.ui.sync_follower import SyncFollower


class OtherMarksHost(ReaderHost, Protocol):
    """What following other marks asks of the app beyond what every controller does."""

    state: StateStore
    sync: MarkSync | None
    sync_follower: SyncFollower | None

    def update_headers(self) -> None: ...

    def tags_reshaped(self) -> None: ...


class OtherMarks:
    """Brings marks made elsewhere into the list and the detail pane."""

    def __init__(self, app: OtherMarksHost) -> None:
        self._app = app
        # Whether the header last said that marks wait for the state file's lock.
        self._marks_waited = False

    def look(self) -> None:
        """Marks another process committed, the state file's trouble, the sync folder."""
        app, state = self._app, self._app.state
        tags = state.tags_version
        if state.reload():
            app.article_list.marks_changed(app.article_list.article_ids())
            if state.tags_version != tags:
                app.tags_reshaped()
        # Trouble with the state file met since (it went bad, or cannot be written) is said
        # when it happens, not only at start-up.
        if warning := state.take_warning():
            app.warn(warning)
        if state.pending_count or self._marks_waited:
            # The header says how many marks wait for the state file's lock, until none do.
            self._marks_waited = bool(state.pending_count)
            app.update_headers()
        if app.sync_follower is not None:
            app.sync_follower.look()

    def saved_later(self) -> None:
        """Some marks wait for another process's lock: the header counts them until none do."""
        self._marks_waited = True
        self._app.update_headers()

    def merged(self, changed: list[str], warnings: list[str]) -> None:
        """Other machines' marks were merged: `changed` the articles whose marks changed."""
        app = self._app
        for warning in warnings:
            app.warn(warning)
        app.update_headers()
        if not changed:
            return
        app.article_list.marks_changed(changed)
        app.tags_reshaped()
        article = app.current_article
        if article is not None and article.id in changed:
            app.article_view.show_tags(app.state.tags_of(article.id))

    def tell_sync_warnings(self) -> None:
        app = self._app
        if app.sync is not None:
            for warning in app.sync.take_warnings():
                app.warn(warning)
            app.update_headers()
