"""`newsreader mark`: read or unread, starred or not, from a script."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from newsreader.cli.output import close_marks, find_article, report_mark_warnings
from newsreader.core.mark_sync import open_marks
from newsreader.model.store import Store
from newsreader.paths import data_dir

# What each `mark` action changes, and the words for what it did.
MARK_ACTIONS = {
    "read": ("read", True, "marked read"),
    "unread": ("read", False, "marked unread"),
    "star": ("starred", True, "starred"),
    "unstar": ("starred", False, "unstarred"),
}


def mark_command(
    store: Store,
    action: str,
    wanted: Sequence[str],
    folder: Path | None,
    sync_dir: Path | None = None,
) -> int:
    """Change marks for the articles named; nothing changes if any name is unknown."""
    ids: list[str] = []
    status = 0
    for name in wanted:
        article, found = find_article(store, name)
        if article is None:
            status = max(status, found)
            continue
        ids.append(article.id)
    if status:
        print("newsreader: nothing was changed", file=sys.stderr)
        return status
    column, value, done = MARK_ACTIONS[action]
    state, sync = open_marks(data_dir(folder), sync_dir)
    try:
        change = state.set_read if column == "read" else state.set_starred
        changed = change(ids, value)
        report_mark_warnings(state, sync)
        unique = len(dict.fromkeys(ids))
        plural = "" if len(changed) == 1 else "s"
        same = unique - len(changed)
        unchanged = f" ({same} already {'was' if same == 1 else 'were'})" if same else ""
        print(f"{done}: {len(changed)} article{plural}{unchanged}")
    finally:
        unsaved = close_marks(state, sync)
    # Marks that could not be saved are as good as not made, for a script.
    return 0 if state.is_persistent and not unsaved else 1
