"""The sync's bookkeeping in sync.sqlite3 in the data folder: this machine's id, counter and clock,
how far each log has been read, the latest change of each mark, the lines waiting for an
unwritable folder, and the damaged lines already reported.

Losing it costs a full read of the logs and a new machine id (so a new log file).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from newsreader.core.mark_log import LogEntry
from newsreader.core.state_file import connect, is_damage, move_aside

SCHEMA_VERSION = 1
# Article ids looked up in one query (SQLite allows 32,766 parameters; far fewer is plenty).
_CHUNK = 500

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    """
    CREATE TABLE IF NOT EXISTS read_point (
        name TEXT PRIMARY KEY,
        length INTEGER NOT NULL,
        digest TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE IF NOT EXISTS latest (
        article TEXT NOT NULL,
        mark TEXT NOT NULL,
        at TEXT NOT NULL,
        counter INTEGER NOT NULL,
        machine TEXT NOT NULL,
        PRIMARY KEY (article, mark)
    ) WITHOUT ROWID
    """,
    "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, line BLOB NOT NULL)",
    """
    CREATE TABLE IF NOT EXISTS reported (
        name TEXT NOT NULL, fingerprint TEXT NOT NULL, PRIMARY KEY (name, fingerprint)
    ) WITHOUT ROWID
    """,
)

# When a change was made, as compared: its time (as the logs write it), counter and machine.
Stamp = tuple[str, int, str]
# How far a log was read (length, digest) and the file's size and time then.
Point = tuple[int, str, int, int]
# The latest change found so far of each mark of each article, by LogEntry.key.
Winners = dict[tuple[str, str], tuple[Stamp, LogEntry]]


class SyncBook:
    """The bookkeeping database; the caller holds its own lock around every use."""

    def __init__(self, connection: sqlite3.Connection, persistent: bool) -> None:
        """Use `SyncBook.open`."""
        self._db = connection
        self.persistent = persistent
        """False when the file could not be opened and the bookkeeping is in memory."""

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> SyncBook:
        """The bookkeeping at `path` (created unless `create` is False), set aside and started
        again if damaged; in memory when it cannot be opened."""
        connection: sqlite3.Connection | None = None
        if create or path.exists():
            connection = _open_file(path)
        if connection is not None:
            return cls(connection, True)
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        for statement in _SCHEMA:
            connection.execute(statement)
        return cls(connection, False)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (or part of the one already open)."""
        if self._db.in_transaction:  # already inside one (a merge flushing the outbox)
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    # This machine ---------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A value kept about this machine (machine, counter, clock, published)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row is not None else None

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def machine(self) -> str:
        """This machine's id, made the first time."""
        existing = self.meta("machine")
        if existing is not None:
            return existing
        machine = uuid.uuid4().hex[:12]
        with self.transaction():
            # Another process on the same data folder may have made one meanwhile.
            existing = self.meta("machine")
            if existing is not None:
                return existing
            self.set_meta("machine", machine)
        return machine

    # The latest change of each mark ----------------------------------------------------------

    def latest_time(self, article: str, mark: str) -> datetime | None:
        """When the latest known change of this mark of this article was made."""
        row = self._db.execute(
            "SELECT at FROM latest WHERE article = ? AND mark = ?", (article, mark)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row is not None else None

    def keep_latest(self, found: Winners) -> list[LogEntry]:
        """Note each change in `found` as its mark's latest unless a later one is known; the
        changes that are now the latest."""
        known: dict[tuple[str, str], Stamp] = {}
        articles = list({key[0] for key in found})
        for at in range(0, len(articles), _CHUNK):
            chunk = articles[at : at + _CHUNK]
            rows = self._db.execute(
                "SELECT article, mark, at, counter, machine FROM latest "
                f"WHERE article IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for article, mark, when, counter, machine in rows:
                known[(article, mark)] = (when, counter, machine)
        newer = [
            (key, stamp, entry)
            for key, (stamp, entry) in found.items()
            if key not in known or known[key] < stamp
        ]
        self._db.executemany(
            "INSERT OR REPLACE INTO latest (article, mark, at, counter, machine) "
            "VALUES (?, ?, ?, ?, ?)",
            [(*key, *stamp) for key, stamp, _entry in newer],
        )
        return [entry for _key, _stamp, entry in newer]

    # Lines kept back -------------------------------------------------------------------------

    def waiting(self) -> list[tuple[int, bytes]]:
        """The lines kept back for this machine's log, oldest first, with their numbers."""
        return [
            (seq, bytes(line))
            for seq, line in self._db.execute("SELECT seq, line FROM outbox ORDER BY seq")
        ]

    def has_waiting(self) -> bool:
        return self._db.execute("SELECT 1 FROM outbox LIMIT 1").fetchone() is not None

    def keep_back(self, lines: list[bytes]) -> None:
        """Keep lines to write once the folder can be written."""
        self._db.executemany("INSERT INTO outbox (line) VALUES (?)", [(x,) for x in lines])

    def sent(self, last: int) -> None:
        """Forget the lines kept back up to number `last`: they are written."""
        self._db.execute("DELETE FROM outbox WHERE seq <= ?", (last,))

    # How far each log was read ---------------------------------------------------------------

    def points(self) -> dict[str, Point]:
        """Each log read so far, by file name: how far, and its size and time then."""
        return {
            name: (length, digest, size, mtime_ns)
            for name, length, digest, size, mtime_ns in self._db.execute(
                "SELECT name, length, digest, size, mtime_ns FROM read_point"
            )
        }

    def point(self, name: str) -> Point | None:
        row = self._db.execute(
            "SELECT length, digest, size, mtime_ns FROM read_point WHERE name = ?", (name,)
        ).fetchone()
        return tuple(row) if row is not None else None

    def set_point(self, name: str, point: Point) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO read_point (name, length, digest, size, mtime_ns) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, *point),
        )

    def forget_point(self, name: str) -> None:
        """Read this log from its start next time."""
        self._db.execute("DELETE FROM read_point WHERE name = ?", (name,))

    def first_report(self, name: str, fingerprint: str) -> bool:
        """Whether this damaged line of this log is reported for the first time (noted now)."""
        seen = self._db.execute(
            "INSERT OR IGNORE INTO reported (name, fingerprint) VALUES (?, ?)",
            (name, fingerprint),
        )
        return bool(seen.rowcount)


def _open_file(path: Path) -> sqlite3.Connection | None:
    """The bookkeeping file, set aside and started again if damaged; None if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    for _attempt in range(2):
        try:
            return connect(path, _SCHEMA, SCHEMA_VERSION)
        except sqlite3.DatabaseError as error:
            if not is_damage(error):
                return None
            try:
                move_aside(path)
            except OSError:
                return None
    return None
