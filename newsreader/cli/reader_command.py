"""`newsreader [read]`: start the reader."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from newsreader.core.config import Config
from newsreader.core.marks import StateStore
from newsreader.loading.collection import LoadProgress, read_again
from newsreader.model.records import Article
from newsreader.model.store import Store
from newsreader.paths import data_dir
from newsreader.ui.app import FileReader, NewsreaderApp
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
    then followed."""
    config = config if config is not None else Config()
    shown = Store()
    for article in first:
        shown.add(article)
    app = NewsreaderApp(
        store=shown,
        state=StateStore.open(data_dir(folder)),
        config=config,
        data_folder=folder,
        loader=load,
        watch=watch,
        suffixes=config.extensions,
        read_file=read_file,
        fetcher=fetcher,
    )
    app.run()
    if app.return_code:
        # Textual has restored the terminal and printed the error above this line.
        print(
            "newsreader: stopped by an unexpected error (shown above). Read and starred "
            "marks made until then are saved.",
            file=sys.stderr,
        )
    return app.return_code or 0
