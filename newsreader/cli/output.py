"""Writing to the terminal or a pipe: names that are not UTF-8, and query errors with a caret."""

from __future__ import annotations

import io
import sys

from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import MarkChange, StateStore, report_unsaved
from newsreader.search.query import QueryError
from newsreader.text.sanitize import printable


def tolerate_unencodable_output() -> None:
    """Write file names that are not valid UTF-8 as `\\udce9` escapes instead of failing."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def report_query_error(text: str, error: QueryError) -> int:
    """The problem on stderr with a caret under it; exit status 2."""
    print(f"newsreader: bad query: {error.message}", file=sys.stderr)
    for line in error.pointer(text).splitlines():
        print(f"  {line}", file=sys.stderr)
    return 2


def report_mark_warnings(state: StateStore, sync: MarkSync | None) -> None:
    """What went wrong with the marks file or the sync folder, on stderr."""
    warnings = [state.take_warning(), *(sync.take_warnings() if sync is not None else [])]
    for warning in warnings:
        if warning:
            print(f"newsreader: {printable(warning)}", file=sys.stderr)


def close_marks(state: StateStore, sync: MarkSync | None) -> list[MarkChange]:
    """Close the sync folder's log, then the marks (waiting a bounded time for a lock another
    process holds); the changes that could not be saved, named on stderr."""
    if sync is not None:
        sync.close()
    unsaved = state.close()
    if unsaved:
        print(f"newsreader: {printable(report_unsaved(unsaved, state.path))}", file=sys.stderr)
    return unsaved
