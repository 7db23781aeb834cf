"""Opening the marks file: a damaged file set aside and a fresh one started, a file or folder
that cannot be written reported, and what can still be read of it copied into memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from newsreader.core.mark_rows import SCHEMA, SCHEMA_VERSION, create_tables
from newsreader.core.state_file import connect, is_damage, move_aside, reason

Opened = TypeVar("Opened")


def open_marks_file(
    path: Path,
    busy_timeout: float,
    connected: Callable[[sqlite3.Connection, str | None], Opened],
    unwritable: Callable[[str], Opened],
) -> Opened:
    """`connected` to the marks file at `path` (with a warning when a damaged one was set
    aside), or `unwritable` with why it cannot be written.

    `connected` may raise sqlite3.DatabaseError for a damaged file (the connection is then
    closed and the file set aside like any other damage).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return unwritable(f"cannot create the folder: {reason(error)}")
    warning: str | None = None
    # Another try covers another process moving the same damaged file aside first.
    for _attempt in range(3):
        try:
            connection = connect(path, SCHEMA, SCHEMA_VERSION, busy_timeout)
            try:
                return connected(connection, warning)
            except BaseException:
                connection.close()
                raise
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                return unwritable(f"cannot open it: {error}")
            try:
                kept = move_aside(path)
            except FileNotFoundError:
                continue
            except OSError as move_error:
                return unwritable(f"it is damaged and cannot be moved aside: {reason(move_error)}")
            warning = (
                f"The marks file {path} was damaged ({error}). It was kept "
                f"as {kept.name} and a fresh one started: every article is unread, "
                "unstarred and untagged again."
            )
    return unwritable("it keeps failing to open")


def copy_marks_file(path: Path, db: sqlite3.Connection) -> bool:
    """Copy the marks file at `path` into `db` (read only); False when it cannot be read."""
    # `immutable` reads a WAL database in a folder where its -shm file cannot be created.
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            source = sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True)
            try:
                source.execute("SELECT count(*) FROM article_state").fetchone()
                source.backup(db)
                create_tables(db)  # a file from before tags lacks their table
                return True
            finally:
                source.close()
        except sqlite3.Error:
            continue
    return False
