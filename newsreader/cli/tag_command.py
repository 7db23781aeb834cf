"""`newsreader tag ID NAME` and `newsreader untag ID NAME`: tags from a script."""

from __future__ import annotations

import sys
from pathlib import Path

from newsreader.cli.output import close_marks, find_article, report_mark_warnings
from newsreader.core.mark_change import check_tag, spelled_as_known
from newsreader.core.mark_sync import open_marks
from newsreader.model.store import Store
from newsreader.paths import data_dir
from newsreader.text.sanitize import printable


def tag_command(
    store: Store,
    wanted: str,
    name: str,
    present: bool,
    folder: Path | None = None,
    sync_dir: Path | None = None,
) -> int:
    """Add (`present`) or remove a tag on the article `wanted` names (an id or unique prefix).

    Exit status 0 when done (or there was nothing to do), 1 for an unknown article or marks
    that could not be saved, 2 for a bad tag name or an ambiguous id.
    """
    try:
        name = check_tag(name)
    except ValueError as error:
        print(f"newsreader: bad tag {printable(name)!r}: {error}", file=sys.stderr)
        return 2
    article, status = find_article(store, wanted)
    if article is None:
        print("newsreader: nothing was changed", file=sys.stderr)
        return status
    state, sync = open_marks(data_dir(folder), sync_dir)
    try:
        name = spelled_as_known(name, state.all_tags())
        changed = state.set_tag([article.id], name, present)
        report_mark_warnings(state, sync)
        if changed:
            done = "tagged" if present else "untagged"
            print(f"{done} #{name}: {article.id} {printable(article.title)}")
        else:
            already = "already tagged" if present else "not tagged"
            print(f"{already} #{name}: {article.id} {printable(article.title)}")
        # Marks that could not be saved are as good as not made, for a script.
        return 0 if state.is_persistent else 1
    finally:
        close_marks(state, sync)
