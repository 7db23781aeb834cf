"""Opening a SQLite state file: the checked connection, telling damage from a lock another
process holds, and setting a damaged file aside."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from contextlib import suppress
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 5.0
# SQLite's primary result codes for a file that is not a database or is damaged inside.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
# ... and for a database another connection holds locked.
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_TABLE_NAME = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)")


class DamagedStateError(sqlite3.DatabaseError):
    """The state file opened, but its integrity check failed."""


def connect(
    path: Path,
    schema: tuple[str, ...],
    version: int,
    busy_timeout: float = BUSY_TIMEOUT_SECONDS,
) -> sqlite3.Connection:
    """An open, checked connection to a state file, with the `schema` statements run and
    `user_version` set to `version` on a new file; WAL mode, committed changes durable.
    `busy_timeout` is how long a statement waits for another process's lock."""
    connection = sqlite3.connect(
        path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        verdict = connection.execute("PRAGMA quick_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise DamagedStateError(f"integrity check failed: {verdict[0] if verdict else '?'}")
        # The schema is written only when some of it is missing, so that a state file another
        # process holds locked (a backup, an open `sqlite3` shell) still opens, for reading
        # and queueing.
        if not _has_schema(connection, schema):
            connection.execute("BEGIN IMMEDIATE")
            for statement in schema:
                connection.execute(statement)
            if connection.execute("PRAGMA user_version").fetchone()[0] == 0:
                connection.execute(f"PRAGMA user_version = {int(version)}")
            connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


def is_damage(error: sqlite3.DatabaseError) -> bool:
    if isinstance(error, DamagedStateError):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    # Extended result codes carry the primary code in their low byte.
    return code is not None and (code & 0xFF) in _DAMAGE_CODES


def is_busy(error: sqlite3.Error) -> bool:
    """Whether `error` says another connection holds the database locked (try again later)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in _BUSY_CODES


def _has_schema(connection: sqlite3.Connection, schema: tuple[str, ...]) -> bool:
    if connection.execute("PRAGMA user_version").fetchone()[0] == 0:
        return False
    wanted = {match[1] for statement in schema if (match := _TABLE_NAME.search(statement))}
    found = {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    return wanted <= found


def move_aside(path: Path) -> Path:
    """Rename a damaged state file (and its -wal/-shm) out of the way; returns the new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        suffix = f"-{attempt}" if attempt else ""
        target = path.with_name(f"{path.name}.damaged-{stamp}{suffix}")
        if _rename_without_replacing(path, target):
            break
    else:
        raise FileExistsError(f"no free name for {path.name}.damaged-{stamp}")
    # Kept beside it under matching names, so SQLite reads the pair together if someone tries.
    for companion in ("-wal", "-shm"):
        with suppress(FileNotFoundError):
            os.rename(
                path.with_name(path.name + companion), target.with_name(target.name + companion)
            )
    return target


def _rename_without_replacing(source: Path, target: Path) -> bool:
    """Rename `source` to `target` unless `target` exists; False if it does."""
    try:
        # A hard link fails instead of overwriting, so an earlier damaged copy is never lost.
        os.link(source, target)
    except FileExistsError:
        return False
    except FileNotFoundError:
        raise  # gone already: the caller knows what that means
    except OSError:
        # Some file systems have no hard links: check, then rename.
        if target.exists():
            return False
        os.rename(source, target)
        return True
    os.unlink(source)
    return True


def reason(error: OSError) -> str:
    return error.strerror or str(error)
