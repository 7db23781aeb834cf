"""Opening the SQLite state file: the checked connection, and setting a damaged file aside."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import suppress
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 5.0
# SQLite's primary result codes for a file that is not a database or is damaged inside.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


class DamagedStateError(sqlite3.DatabaseError):
    """The state file opened, but its integrity check failed."""


def connect(path: Path, schema: tuple[str, ...], version: int) -> sqlite3.Connection:
    """An open, checked connection to a state file, with the `schema` statements run and
    `user_version` set to `version` on a new file; WAL mode, committed changes durable."""
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        verdict = connection.execute("PRAGMA quick_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise DamagedStateError(f"integrity check failed: {verdict[0] if verdict else '?'}")
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
