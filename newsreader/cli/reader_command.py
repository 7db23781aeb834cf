"""`newsreader [read]`: start the reader."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from newsreader.core.config import Config
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import KEY_BUSY_TIMEOUT_SECONDS, StateStore, report_unsaved
from newsreader.feeds.full_text import attach_kept_texts, with_kept_text
from newsreader.feeds.kept_texts import KeptTexts
from newsreader.loading.collection import LoadProgress, read_again
from newsreader.loading.topics import TopicNames
from newsreader.model.records import Article, LoadResult
from newsreader.model.store import Store
from newsreader.paths import data_dir
from newsreader.text.sanitize import printable
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.controllers.folder_following import FileReader
from newsreader.ui.feed_fetching import Fetcher


def read_command(
    load: Callable[[Callable[[LoadProgress], None]], Store],
    folder: Path | None = None,
    config: Config | None = None,
    watch: Sequence[Path] = (),
    read_file: FileReader = read_again,
    first: Sequence[Article] = (),
    fetcher: Fetcher | None = None,
) -> int:
    """Start the reader at once, showing `first`; the files load in the background and are
    then followed. Articles without a body read the full text reader mode kept for them."""
    config = config if config is not None else Config()
    kept = KeptTexts.open(data_dir(folder))

    def load_with_texts(report: Callable[[LoadProgress], None]) -> Store:
        store = load(report)
        attach_kept_texts(store, kept)
        return store

    def read_with_text(path: Path, names: TopicNames | None) -> LoadResult | None:
        return with_kept_text(read_file(path, names), kept)

    shown = Store()
    for article in first:
        shown.add(article)
    # Keys never wait for another process's lock on the state file: marks queue instead.
    state = StateStore.open(data_dir(folder), busy_timeout=KEY_BUSY_TIMEOUT_SECONDS)
    # Merged in the reader's own time (a worker), not before its first screen.
    sync = MarkSync.open(state, config.sync_dir, data_dir(folder)) if config.sync_dir else None
    app = NewsreaderApp(
        store=shown,
        state=state,
        sync=sync,
        config=config,
        data_folder=folder,
        loader=load_with_texts,
        watch=watch,
        suffixes=config.extensions,
        read_file=read_with_text,
        kept_texts=kept,
        fetcher=fetcher,
    )
    try:
        app.run()
    finally:
        kept.close()
    # The reader closed the state store on its way out, waiting a bounded time for the lock.
    unsaved = app.state.close()
    if unsaved:
        print(f"newsreader: {printable(report_unsaved(unsaved, app.state.path))}", file=sys.stderr)
    if app.return_code:
        # Textual has restored the terminal and printed the error above this line.
        print(
            "newsreader: stopped by an unexpected error (shown above). Tags, read and starred "
            "marks made until then are saved.",
            file=sys.stderr,
        )
    return app.return_code or 0
