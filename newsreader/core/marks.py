"""Read and starred marks per article id, kept in SQLite at <data dir>/state.sqlite3.

Every change is committed as it is made, in WAL mode with `synchronous=NORMAL`: a killed process
loses nothing it reported as done, and several readers on the same data directory work side by
side (a busy timeout makes a writer wait for another's commit instead of failing). A damaged state
file is moved aside, never deleted, and a fresh one started; when nothing can be written at all
the marks live in memory until the process ends. Either way `warning` says what happened.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

STATE_FILE = "state.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 5.0
_READ = "read"
_STARRED = "starred"
# SQLite's primary result codes for a file that is not a database or is damaged inside.
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_state (
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed_at REAL NOT NULL
) WITHOUT ROWID
"""


class DamagedStateError(sqlite3.DatabaseError):
    """The state file opened, but its integrity check failed."""


class StateStore:
    """Read and starred marks for articles, by article id.

    Lookups (`is_read`, `read_ids` ...) answer from memory; changes go to disk first, then to
    memory. Call `reload()` to pick up changes another process made. Safe to share between
    threads.
    """

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None, warning: str | None = None
    ) -> None:
        """Use `StateStore.open` or `StateStore.in_memory` rather than this."""
        self._db = connection
        self._lock = threading.RLock()
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._data_version: int | None = None
        self.path = path
        """The state file, or None when the marks are kept in memory only."""
        self.warning = warning
        """What went wrong opening or writing the state file, if anything (see take_warning)."""
        self._load()

    # Opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = True) -> StateStore:
        """The state in `data_dir`, creating the folder and file as needed.

        Never raises for a problem with the file: a damaged file is renamed to
        `state.sqlite3.damaged-<timestamp>` and a fresh one started; a folder that cannot be
        written gives an in-memory store holding whatever could be read. `warning` says which.
        With `create=False` a missing file gives an empty in-memory store and no warning.
        """
        path = Path(data_dir) / STATE_FILE
        if not create and not path.exists():
            return cls.in_memory()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls._unwritable(path, f"cannot create the folder: {_reason(error)}")
        warning: str | None = None
        # Another try covers another process moving the same damaged file aside first.
        for _attempt in range(3):
            try:
                return cls._connected(path, warning)
            except sqlite3.DatabaseError as error:
                if not _is_damage(error):
                    return cls._unwritable(path, f"cannot open it: {error}")
                try:
                    kept = _move_aside(path)
                except FileNotFoundError:
                    continue
                except OSError as move_error:
                    return cls._unwritable(
                        path, f"it is damaged and cannot be moved aside: {_reason(move_error)}"
                    )
                warning = (
                    f"The read/starred state file {path} was damaged ({error}). It was kept "
                    f"as {kept.name} and a fresh one started: every article is unread and "
                    "unstarred again."
                )
        return cls._unwritable(path, "it keeps failing to open")

    @classmethod
    def _connected(cls, path: Path, warning: str | None) -> StateStore:
        connection = _connect(path)
        try:
            return cls(connection, path, warning)
        except BaseException:
            connection.close()
            raise

    @classmethod
    def in_memory(cls, warning: str | None = None) -> StateStore:
        """A store that forgets everything when the process ends (for tests and fallbacks)."""
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        connection.execute(_SCHEMA)
        return cls(connection, None, warning)

    @classmethod
    def _unwritable(cls, path: Path, reason: str) -> StateStore:
        """An in-memory store, seeded from the state file if it can at least be read."""
        store = cls.in_memory(
            f"Cannot save read/starred marks in {path}: {reason}. "
            "Marks made now last only until newsreader exits."
        )
        if path.is_file():
            store._copy_from(path)
        return store

    def _copy_from(self, path: Path) -> None:
        # `immutable` reads a WAL database in a folder where its -shm file cannot be created.
        for options in ("mode=ro", "mode=ro&immutable=1"):
            try:
                source = sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True)
                try:
                    source.execute("SELECT count(*) FROM article_state").fetchone()
                    with self._lock:
                        source.backup(self._db)
                        self._load()
                    return
                finally:
                    source.close()
            except sqlite3.Error:
                continue

    # Lookups ----------------------------------------------------------------------------

    @property
    def is_persistent(self) -> bool:
        """True when changes are saved to a file."""
        return self.path is not None

    def take_warning(self) -> str | None:
        """The pending warning, cleared so that it is shown once."""
        with self._lock:
            warning, self.warning = self.warning, None
        return warning

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def is_starred(self, article_id: str) -> bool:
        return article_id in self._starred

    def read_ids(self) -> frozenset[str]:
        """A snapshot of every id marked read."""
        with self._lock:
            return frozenset(self._read)

    def starred_ids(self) -> frozenset[str]:
        """A snapshot of every id starred."""
        with self._lock:
            return frozenset(self._starred)

    # Changes ----------------------------------------------------------------------------

    def set_read(self, article_ids: Iterable[str], read: bool) -> list[str]:
        """Mark articles read or unread; returns the ids whose mark changed, in the given order.

        Passing the result back with the opposite flag undoes the change exactly.
        """
        return self._change(_READ, article_ids, read)

    def set_starred(self, article_ids: Iterable[str], starred: bool) -> list[str]:
        """Star or unstar articles; returns the ids whose mark changed, in the given order."""
        return self._change(_STARRED, article_ids, starred)

    def mark_read(self, article_ids: Iterable[str]) -> list[str]:
        """Mark articles read; returns the ids that were unread (`set_read(them, False)` undoes)."""
        return self._change(_READ, article_ids, True)

    def mark_unread(self, article_ids: Iterable[str]) -> list[str]:
        """Mark articles unread; returns the ids that were read."""
        return self._change(_READ, article_ids, False)

    def toggle_read(self, article_id: str) -> bool:
        """Flip one article's read mark; returns the new value."""
        self._change(_READ, [article_id], None)
        return self.is_read(article_id)

    def toggle_starred(self, article_id: str) -> bool:
        """Flip one article's star; returns the new value."""
        self._change(_STARRED, [article_id], None)
        return self.is_starred(article_id)

    def reload(self) -> bool:
        """Pick up changes other processes committed; True if there were any."""
        with self._lock:
            try:
                if self._current_version() == self._data_version:
                    return False
                self._load()
                return True
            except sqlite3.Error as error:
                self._lose_file(error)
                return False

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # Inside -----------------------------------------------------------------------------

    def _change(self, column: str, article_ids: Iterable[str], value: bool | None) -> list[str]:
        """Set `column` to `value` (None flips it) for each id; the ids that changed."""
        wanted = list(dict.fromkeys(article_ids))
        if not wanted:
            return []
        with self._lock:
            try:
                return self._write(column, wanted, value)
            except sqlite3.Error as error:
                # The file went bad under us (disk full, removed, made read-only): carry on in
                # memory from what we knew, and say so.
                self._lose_file(error)
                return self._write(column, wanted, value)

    def _write(self, column: str, wanted: list[str], value: bool | None) -> list[str]:
        with self._transaction():
            marked = self._read if column == _READ else self._starred
            # Decided inside the write lock, against the latest commits of every process.
            changes = [
                (article_id, article_id not in marked if value is None else value)
                for article_id in wanted
                if value is None or (article_id in marked) != value
            ]
            now = time.time()
            self._db.executemany(
                f"INSERT INTO article_state (id, {column}, changed_at) VALUES (?, ?, ?) "
                f"ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}, "
                "changed_at = excluded.changed_at",
                [(article_id, int(flag), now) for article_id, flag in changes],
            )
        for article_id, flag in changes:
            if flag:
                marked.add(article_id)
            else:
                marked.discard(article_id)
        return [article_id for article_id, _flag in changes]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if self._current_version() != self._data_version:
                self._load()
            yield
            self._db.execute("COMMIT")
        except BaseException:
            # A failed ROLLBACK must not hide the error that led to it.
            with suppress(sqlite3.Error):
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
            raise

    def _current_version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def _load(self) -> None:
        # The version is read first, so a commit landing in between is picked up next time.
        version = self._current_version()
        read: set[str] = set()
        starred: set[str] = set()
        for article_id, is_read, is_starred in self._db.execute(
            "SELECT id, read, starred FROM article_state WHERE read OR starred"
        ):
            if is_read:
                read.add(article_id)
            if is_starred:
                starred.add(article_id)
        self._read, self._starred, self._data_version = read, starred, version

    def _lose_file(self, error: sqlite3.Error) -> None:
        """Switch to an in-memory database holding the marks known so far."""
        where = self.path
        with suppress(sqlite3.Error):
            self._db.close()
        self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._db.execute(_SCHEMA)
        now = time.time()
        self._db.executemany(
            "INSERT INTO article_state (id, read, starred, changed_at) VALUES (?, ?, ?, ?)",
            [
                (article_id, article_id in self._read, article_id in self._starred, now)
                for article_id in self._read | self._starred
            ],
        )
        self._data_version = self._current_version()
        self.path = None
        self.warning = (
            f"Cannot save read/starred marks in {where} any more ({error}). "
            "Marks made now last only until newsreader exits."
        )


def _connect(path: Path) -> sqlite3.Connection:
    """An open, checked connection to the state file with the schema in place."""
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
        connection.execute(_SCHEMA)
        if connection.execute("PRAGMA user_version").fetchone()[0] == 0:
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.close()
        raise
    return connection


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    if isinstance(error, DamagedStateError):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    # Extended result codes carry the primary code in their low byte.
    return code is not None and (code & 0xFF) in _DAMAGE_CODES


def _move_aside(path: Path) -> Path:
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


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
