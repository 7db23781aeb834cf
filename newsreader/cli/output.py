"""Writing to the terminal or a pipe: names that are not UTF-8, and query errors with a caret."""

from __future__ import annotations

import io
import sys

from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import MarkChange, StateStore, report_unsaved
from newsreader.model.records import Article
from newsreader.model.store import AmbiguousId, Store
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


def find_article(store: Store, wanted: str) -> tuple[Article | None, int]:
    """The article an id or unique id prefix names, or why not on stderr and the exit status:
    2 when it names several, 1 when none."""
    try:
        article = store.find(wanted)
    except AmbiguousId as error:
        ids = ", ".join(match.id for match in error.matches[:10])
        print(f"newsreader: {printable(wanted)!r} matches several articles: {ids}", file=sys.stderr)
        return None, 2
    if article is None:
        print(f"newsreader: no article with id {printable(wanted)!r}", file=sys.stderr)
        return None, 1
    return article, 0
