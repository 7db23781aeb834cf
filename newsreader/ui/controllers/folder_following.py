"""Following the folders while the reader runs: files added, changed or deleted on disk are
read again in a worker (one batch at a time, in the order the changes came) and the store is
told, the list keeping its highlight; a file edited from the reader is read again at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from newsreader.core.library import Snapshot
from newsreader.core.present import counted
from newsreader.loading.topics import TopicNames
from newsreader.loading.watch import Change, FolderWatcher
from newsreader.model.records import Article, LoadResult
from newsreader.ui.controllers.host import ReaderHost

FileReader = Callable[[Path, TopicNames | None], LoadResult | None]


class FollowingHost(ReaderHost, Protocol):
    """What following the folders asks of the app beyond what every controller does."""

    @property
    def is_loading(self) -> bool:
        """A load or rescan is under way (it reads every file anyway)."""
        ...


class FolderFollowing:
    """Watches the folders in a worker and applies what changed to the app's library."""

    def __init__(
        self,
        app: FollowingHost,
        watch: Sequence[Path],
        suffixes: Sequence[str],
        read_file: FileReader,
    ) -> None:
        self._app = app
        self._watcher = FolderWatcher(watch, suffixes) if watch else None
        self._read_file = read_file
        # Changed files are read one batch at a time, in the order the changes came.
        self._changes_lock = threading.Lock()
        # The topic names of the library's articles, and for which state of it.
        self._topic_names: tuple[tuple[int, int], TopicNames] | None = None

    def start(self) -> None:
        watcher = self._watcher
        if watcher is None:
            return
        app = self._app

        def follow() -> None:
            watcher.run(
                lambda changes: app.call_from_thread(self._files_changed, changes),
                lambda reason: app.call_from_thread(app.warn, reason),
            )

        app.run_worker(follow, thread=True, exclusive=True, group="watch", exit_on_error=False)

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()

    def reload_file(self, path: Path) -> None:
        """Read one file again and show what it holds now."""
        library = self._app.library
        names = self._names_of(library.snapshot())
        library.replace_files({path: self._read_file(path, names)})
        self._app.store_changed()

    def _files_changed(self, changes: list[Change]) -> None:
        """Files added, changed or deleted on disk: read them again, keep the highlight."""
        if self._app.is_loading:
            return  # the load in progress reads them anyway
        articles = self._app.library.snapshot()
        self._app.run_worker(
            lambda: self._read_changes(changes, articles),
            thread=True,
            group="changes",
            exit_on_error=False,
        )

    def _read_changes(self, changes: list[Change], articles: Snapshot) -> None:
        """In a worker: read the changed files, then hand the outcomes over.

        `articles` are the library's when the changes came.
        """
        with self._changes_lock:
            outcomes: dict[Path, LoadResult | None] = {}
            gone = [change for change in changes if change.kind == "deleted"]
            if gone:
                for article in articles.articles:
                    if any(change.covers(article.source) for change in gone):
                        outcomes[article.source] = None
            names = self._names_of(articles) if len(gone) < len(changes) else None
            for change in changes:
                if change.kind != "deleted":
                    outcomes[change.path] = self._read_file(change.path, names)
            self._app.call_from_thread(self._apply_changes, articles, outcomes)

    def _names_of(self, articles: Snapshot) -> TopicNames:
        """The topic names of the library's articles, made once per state of the library."""
        if self._topic_names is None or self._topic_names[0] != articles.state_key:
            self._topic_names = (articles.state_key, TopicNames.of_corpus(articles.articles))
        return self._topic_names[1]

    def _apply_changes(self, articles: Snapshot, outcomes: dict[Path, LoadResult | None]) -> None:
        app = self._app
        library = app.library
        if articles.state_key[0] != library.state_key[0] or app.is_loading:
            return  # a rescan has begun since, and reads these files anyway
        added = sum(
            1
            for outcome in outcomes.values()
            if isinstance(outcome, Article) and library.get(outcome.id) is None
        )
        library.replace_files(outcomes)
        app.store_changed()
        if added:
            app.notify(f"{counted(added, 'new article')}.")
