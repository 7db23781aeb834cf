"""Following the sync folder while the reader runs: other machines' marks merged in at the
start, when asked (`R`), and whenever their logs change, each merge reported by a message."""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.widget import Widget

from newsreader.core.mark_log import LOG_SUFFIX
from newsreader.core.mark_sync import MarkSync
from newsreader.loading.watch import Change, FolderWatcher


class SyncFollower(Widget):
    """Merges other machines' marks off the UI thread; posts `MarksMerged` after each merge.

    Draws nothing. The watch on the folder runs until the follower is unmounted.
    """

    DEFAULT_CSS = "SyncFollower { display: none; }"

    class MarksMerged(Message):
        """A merge is done: the articles whose marks changed, and what the user should hear."""

        def __init__(self, changed: list[str], warnings: list[str]) -> None:
            self.changed = changed
            self.warnings = warnings
            super().__init__()

    class WatchFailed(Message):
        """The folder cannot be watched (any more): merges then come from `look` and `R`."""

        def __init__(self, reason: str) -> None:
            self.reason = reason
            super().__init__()

    def __init__(self, sync: MarkSync) -> None:
        super().__init__()
        self.sync = sync
        self._watcher = FolderWatcher([sync.folder], (LOG_SUFFIX,))

    def on_mount(self) -> None:
        # After the first screen is drawn: until then the work would only slow it down.
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self.merge()
        self._watch(self._watcher)

    def on_unmount(self) -> None:
        self._watcher.stop()

    def look(self) -> None:
        """Merge if any log looks changed (a cheap look at sizes and times), as a fallback for
        a watch that is not running."""
        if self.sync.has_news():
            self.merge()

    @work(thread=True, group="sync", exit_on_error=False)
    def merge(self) -> None:
        """Merge every machine's new lines now (in a thread; merges run one at a time)."""
        changed = self.sync.merge()
        self.post_message(self.MarksMerged(changed, self.sync.take_warnings()))

    @work(thread=True, exclusive=True, group="sync-watch", exit_on_error=False)
    def _watch(self, watcher: FolderWatcher) -> None:
        watcher.run(self._logs_changed, self._watch_failed)

    def _logs_changed(self, changes: list[Change]) -> None:
        # Called in the watching thread: the merge's worker is started from the UI thread.
        self.app.call_from_thread(self.merge)

    def _watch_failed(self, reason: str) -> None:
        self.post_message(self.WatchFailed(reason))
