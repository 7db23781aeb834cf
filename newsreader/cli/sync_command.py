"""`newsreader sync`: merge other machines' marks now, and compact this machine's log."""

from __future__ import annotations

import sys
from pathlib import Path

from newsreader.cli.output import close_marks, report_mark_warnings
from newsreader.core.config import SYNC_DIR_ENV
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore
from newsreader.paths import data_dir


def sync_command(folder: Path | None, sync_dir: Path | None, compact: bool = False) -> int:
    """Merge every machine's log into the marks here; with `compact`, then rewrite this
    machine's log keeping only the latest change of each mark.

    Exit status 0 when done, 1 when the sync folder could not be read or written, 2 when no
    sync folder is set.
    """
    if sync_dir is None:
        print(
            f"newsreader: no sync folder is set: set sync_dir in the config file, or "
            f"${SYNC_DIR_ENV}",
            file=sys.stderr,
        )
        return 2
    state = StateStore.open(data_dir(folder))
    sync = MarkSync.open(state, sync_dir, data_dir(folder))
    try:
        changed = sync.merge()
        status = 0
        if compact:
            try:
                done = sync.compact()
            except OSError as error:
                print(
                    f"newsreader: cannot compact {sync.path}: {error.strerror or error}",
                    file=sys.stderr,
                )
                status = 1
            else:
                print(f"compacted {done.path}: {done.lines_before:,} lines -> {done.lines_after:,}")
        report_mark_warnings(state, sync)
        if sync.trouble is not None or not sync.folder.is_dir():
            status = 1
        else:
            count = f"{len(changed):,} article{'' if len(changed) == 1 else 's'}"
            print(
                f"marks merged from {sync.folder}: {count} changed here "
                f"(this machine writes {sync.path.name})"
            )
        return status
    finally:
        close_marks(state, sync)
