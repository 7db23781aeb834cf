"""Reading the folders while the reader runs: the first load in the background (the list
filling as files arrive) and `R`'s rescan (the old list shown until the new one is read),
with the progress the header and the progress bar show."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from textual.widgets import ProgressBar

from newsreader.core.present import counted
from newsreader.loading.collection import LoadProgress
from newsreader.model.store import Store
from newsreader.ui.controllers.host import ReaderHost

# While loading, the list is redrawn with what has arrived at most this often (seconds).
LIST_REFRESH_WHILE_LOADING = 1.0
# ... and no more often than every this many times as long as working out the list last took:
# sorting 50,000 articles takes a while, and the load runs in the same process.
LIST_REFRESH_COST_FACTOR = 5

Loader = Callable[[Callable[[LoadProgress], None]], Store]


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


class LoadingHost(ReaderHost, Protocol):
    """What loading asks of the app beyond what every controller does."""

    load_progress: ProgressBar

    def update_headers(self) -> None: ...

    def list_again(self) -> None:
        """Work the list out again for what the store holds now."""
        ...

    def list_seconds(self) -> float:
        """How long working out the list last took."""
        ...

    def shows_nothing_yet(self) -> bool:
        """The list has shown no article yet."""
        ...

    def replace_store(self, store: Store) -> None: ...


class FolderLoading:
    """Runs the loader in a worker and shows its progress."""

    def __init__(self, app: LoadingHost, loader: Loader | None) -> None:
        self._app = app
        self._loader = loader
        # (files read, files found) while a load runs; None once it is done.
        self.progress: tuple[int, int] | None = (0, 0) if loader is not None else None
        self.last_list_refresh = 0.0
        # `R` was pressed: what it found is said once the files are read.
        self._rescanning = False

    @property
    def has_loader(self) -> bool:
        return self._loader is not None

    def start(self) -> None:
        """The first load: articles shown as they arrive."""
        loader = self._loader
        if loader is None:
            return
        app = self._app

        def load() -> None:
            # The search text is made once the list is shown, not before.
            store = loader(lambda progress: app.call_from_thread(self.loaded_some, progress))
            app.call_from_thread(self.loaded_all, store)

        app.run_worker(load, thread=True, exclusive=True, group="load")

    def rescan(self) -> None:
        """Read every file again; the list keeps showing the old state until it is done."""
        loader, app = self._loader, self._app
        if loader is None:
            app.notify("Nothing to rescan: no folders were named.")
            return
        if self.progress is not None:
            app.notify("Still loading.")
            return
        self.progress = (0, 0)
        app.load_progress.display = True
        self._rescanning = True

        def load() -> None:
            store = loader(lambda progress: app.call_from_thread(self._rescan_progress, progress))
            app.call_from_thread(self.loaded_all, store)

        app.run_worker(load, thread=True, exclusive=True, group="load")
        app.update_headers()

    def _rescan_progress(self, progress: LoadProgress) -> None:
        self.progress = (progress.done, progress.total)
        self._app.load_progress.update(total=progress.total or None, progress=progress.done)
        self._app.update_headers()

    def loaded_some(self, progress: LoadProgress) -> None:
        """Articles read so far: shown at once the first time, then every so often."""
        app = self._app
        for article in progress.articles:
            app.library.add(article)
        self.progress = (progress.done, progress.total)
        app.load_progress.update(total=progress.total or None, progress=progress.done)
        now = time.monotonic()
        first = app.shows_nothing_yet() and len(app.library) > 0
        wait = max(LIST_REFRESH_WHILE_LOADING, app.list_seconds() * LIST_REFRESH_COST_FACTOR)
        if first or now - self.last_list_refresh >= wait:
            self.last_list_refresh = now
            app.list_again()
        else:
            app.update_headers()

    def loaded_all(self, store: Store) -> None:
        """The whole collection is read (and its texts prepared): show it as it is."""
        app = self._app
        if self._rescanning:
            self._rescanning = False
            app.notify(rescan_report(app.library.store, store))
        self.progress = None
        app.load_progress.display = False
        # The article shown stays current (for `o`, `y`...) until the new list is shown.
        app.replace_store(store)

    def describe(self) -> str | None:
        """What the load is doing, for the header; None when none runs."""
        if self.progress is None:
            return None
        done, total = self.progress
        if not total:
            return "finding files"
        if done < total:
            return f"loading {done:,} of {total:,} files"
        return f"preparing the texts of {total:,} files"
