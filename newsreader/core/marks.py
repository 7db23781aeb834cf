"""Read, starred and tag marks per article id, kept in SQLite at <data dir>/state.sqlite3.

Every change is committed as it is made, in WAL mode with `synchronous=NORMAL`: a killed process
loses nothing it reported as done, and several readers on the same data directory work side by
side (a busy timeout makes a writer wait for another's commit instead of failing). When another
process holds the file locked for longer than that (a backup, an open `sqlite3` shell), a change
is not dropped and the caller does not wait: it holds in memory at once and waits in a queue that
a background thread writes as soon as the lock goes (`pending_count` says how many wait; `close`
waits a bounded time for them and names those it could not save). A damaged state file is moved
aside, never deleted, and a fresh one started; when nothing can be written at all the marks live
in memory until the process ends. Either way `warning` says what happened.

A `Journal` (the sync folder's log, mark_sync.py) is told of every change made here, and marks
merged from other machines come back through `apply`, which tells it nothing.

The file's rows are in mark_rows.py, opening it in mark_file.py, the changes waiting for a lock
in mark_queue.py. What is left (~450 lines) is one class: its lock, the marks in memory and the
write path (decide, write or queue, lose the file) must change together to stay consistent.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from types import TracebackType

from newsreader.core.mark_change import (
    READ,
    STAR,
    TAG,
    Journal,
    MarkChange,
    check_tag,
    report_unsaved,
)
from newsreader.core.mark_file import copy_marks_file, open_marks_file
from newsreader.core.mark_queue import MarkQueue
from newsreader.core.mark_rows import (
    dated_marks,
    memory_database,
    read_marks,
    set_marks,
    store_changes,
    store_marks,
)
from newsreader.core.state_file import (
    BUSY_TIMEOUT_SECONDS,
    is_busy,
)

__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "KEY_BUSY_TIMEOUT_SECONDS",
    "STATE_FILE",
    "MarkChange",
    "StateStore",
    "report_unsaved",
]

# How long the reader's changes, which come from keys that must never wait, wait for another
# process's write lock before queueing (commands wait BUSY_TIMEOUT_SECONDS).
KEY_BUSY_TIMEOUT_SECONDS = 0.05
# How long `close` waits for queued marks to be written, by default.
CLOSE_WAIT_SECONDS = 3.0
STATE_FILE = "state.sqlite3"


class StateStore:
    """Read, starred and tag marks for articles, by article id.

    Lookups (`is_read`, `tags_of` ...) answer from memory; changes go to disk first, then to
    memory. Call `reload()` to pick up changes another process made. Safe to share between
    threads.
    """

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None, warning: str | None = None
    ) -> None:
        """Use `StateStore.open` or `StateStore.in_memory` rather than this."""
        self._db = connection
        self._lock = threading.RLock()
        # Changes held in memory while another process holds the file's lock.
        self._waiting = MarkQueue(self._lock, self._write_queued)
        self._closed = False
        self.unsaved: list[MarkChange] = []
        """After `close`: the changes that could not be written to the state file."""
        self._lost: str | None = None
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._tags: dict[str, frozenset[str]] = {}
        self._tags_version = 0
        self._data_version: int | None = None
        self.path = path
        """The state file, or None when the marks are kept in memory only."""
        self.warning = warning
        """What went wrong opening or writing the state file, if anything (see take_warning)."""
        self.journal: Journal | None = None
        """Told of every change made here (not of those `apply` makes), when set."""
        self._load()

    # Opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: Path, *, create: bool = True, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> StateStore:
        """The state in `data_dir`, creating the folder and file as needed.

        Never raises for a problem with the file: a damaged file is renamed to
        `state.sqlite3.damaged-<timestamp>` and a fresh one started; a folder that cannot be
        written gives an in-memory store holding whatever could be read. `warning` says which.
        With `create=False` a missing file gives an empty in-memory store and no warning.
        `busy_timeout` is how long a change waits for another process's lock before it is
        queued instead (the reader passes KEY_BUSY_TIMEOUT_SECONDS).
        """
        path = Path(data_dir) / STATE_FILE
        if not create and not path.exists():
            return cls.in_memory()
        return open_marks_file(
            path,
            busy_timeout,
            lambda connection, warning: cls(connection, path, warning),
            lambda why: cls._unwritable(path, why),
        )

    @classmethod
    def in_memory(cls, warning: str | None = None) -> StateStore:
        """A store that forgets everything when the process ends (for tests and fallbacks)."""
        return cls(memory_database(), None, warning)

    @classmethod
    def _unwritable(cls, path: Path, why: str) -> StateStore:
        """An in-memory store, seeded from the state file if it can at least be read."""
        store = cls.in_memory(
            f"Cannot save read/starred marks and tags in {path}: {why}. "
            "Marks made now last only until newsreader exits."
        )
        if path.is_file():
            store._copy_from(path)
        return store

    def _copy_from(self, path: Path) -> None:
        with self._lock:
            if copy_marks_file(path, self._db):
                self._load()

    # Lookups ----------------------------------------------------------------------------

    @property
    def is_persistent(self) -> bool:
        """True when changes are saved to a file."""
        return self.path is not None

    @property
    def pending_count(self) -> int:
        """How many changes are held in memory, waiting for the state file's lock."""
        return len(self._waiting.pending)

    def take_warning(self) -> str | None:
        """The pending warning, cleared so that it is shown once."""
        with self._lock:
            warning, self.warning = self.warning, None
        return warning

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def is_starred(self, article_id: str) -> bool:
        return article_id in self._starred

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        """The article's tags, A to Z."""
        tags = self._tags.get(article_id)
        return tuple(sorted(tags, key=str.casefold)) if tags else ()

    @property
    def tags_version(self) -> int:
        """A number that changes whenever any article's tags change."""
        return self._tags_version

    def all_tags(self) -> list[str]:
        """Every tag in use, A to Z."""
        with self._lock:
            names = {tag for tags in self._tags.values() for tag in tags}
        return sorted(names, key=lambda name: (name.casefold(), name))

    def read_ids(self) -> frozenset[str]:
        """A snapshot of every id marked read."""
        with self._lock:
            return frozenset(self._read)

    def starred_ids(self) -> frozenset[str]:
        """A snapshot of every id starred."""
        with self._lock:
            return frozenset(self._starred)

    def current_marks(self) -> list[tuple[MarkChange, float]]:
        """Every mark set now, with when it was set (a Unix time), as stored."""
        with self._lock:
            return dated_marks(self._db)

    # Changes ----------------------------------------------------------------------------

    def set_read(self, article_ids: Iterable[str], read: bool) -> list[str]:
        """Mark articles read or unread; returns the ids whose mark changed, in the given order.

        Passing the result back with the opposite flag undoes the change exactly.
        """
        return self._change(READ, article_ids, read)

    def set_starred(self, article_ids: Iterable[str], starred: bool) -> list[str]:
        """Star or unstar articles; returns the ids whose mark changed, in the given order."""
        return self._change(STAR, article_ids, starred)

    def set_tag(self, article_ids: Iterable[str], tag: str, present: bool) -> list[str]:
        """Add (`present`) or remove a tag (see `check_tag`); the ids whose tags changed."""
        return self._change(TAG, article_ids, present, check_tag(tag))

    def mark_read(self, article_ids: Iterable[str]) -> list[str]:
        """Mark articles read; returns the ids that were unread (`set_read(them, False)` undoes)."""
        return self._change(READ, article_ids, True)

    def mark_unread(self, article_ids: Iterable[str]) -> list[str]:
        """Mark articles unread; returns the ids that were read."""
        return self._change(READ, article_ids, False)

    def toggle_read(self, article_id: str) -> bool:
        """Flip one article's read mark; returns the new value."""
        self._change(READ, [article_id], None)
        return self.is_read(article_id)

    def toggle_starred(self, article_id: str) -> bool:
        """Flip one article's star; returns the new value."""
        self._change(STAR, [article_id], None)
        return self.is_starred(article_id)

    def toggle_tag(self, article_id: str, tag: str) -> bool:
        """Add the tag if the article lacks it, else remove it; True when it now has it."""
        tag = check_tag(tag)
        self._change(TAG, [article_id], None, tag)
        return self._holds(article_id, TAG, tag)

    def apply(self, changes: Iterable[MarkChange]) -> list[str]:
        """Set marks as given (merged from another machine), telling the journal nothing;
        the ids of the articles whose marks changed, each once."""
        wanted = list(changes)
        if not wanted:
            return []
        with self._lock:
            done = self._commit_or_queue(wanted, False, None)
        return list(dict.fromkeys(change.article for change in done))

    def reload(self) -> bool:
        """Pick up changes other processes committed; True if there were any."""
        with self._lock:
            try:
                if self._current_version() == self._data_version:
                    return False
                self._load()
                return True
            except sqlite3.Error as error:
                if not is_busy(error):
                    self._lose_file(error)
                return False

    def close(self, wait: float = CLOSE_WAIT_SECONDS) -> list[MarkChange]:
        """Write what is queued (waiting at most `wait` seconds for a lock another process
        holds), then close; returns the changes that could not be saved (also `unsaved`)."""
        deadline = time.monotonic() + wait
        with self._lock:
            if self._closed:
                return self.unsaved
            self._waiting.wait(deadline)
            self._closed = True
            self.unsaved += self._waiting.close()
            self._db.close()
        return self.unsaved

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

    def _holds(self, article_id: str, mark: str, tag: str | None = None) -> bool:
        if mark == READ:
            return article_id in self._read
        if mark == STAR:
            return article_id in self._starred
        return tag in self._tags.get(article_id, ())

    def _change(
        self, mark: str, article_ids: Iterable[str], value: bool | None, tag: str | None = None
    ) -> list[str]:
        """Set `mark` to `value` (None flips it) for each id; the ids that changed."""
        wanted = [
            MarkChange(article_id, mark, bool(value), tag)
            for article_id in dict.fromkeys(article_ids)
        ]
        if not wanted:
            return []
        journal = self.journal
        record = journal.record if journal is not None else None
        # The journal is entered first, as a merge enters it before calling `apply`.
        with journal.changing() if journal is not None else nullcontext(), self._lock:
            if self._closed:
                raise ValueError("the state store is closed")
            done = self._commit_or_queue(wanted, value is None, record)
        return [change.article for change in done]

    def _commit_or_queue(
        self,
        wanted: list[MarkChange],
        flip: bool,
        record: Callable[[Sequence[MarkChange]], None] | None,
    ) -> list[MarkChange]:
        """Commit the changes now; queue them while another process holds the file locked
        (or while changes wait already, which stay in order)."""
        if not self._waiting.pending:
            try:
                return self._write(wanted, flip, record)
            except sqlite3.Error as error:
                if not is_busy(error):
                    # The file went bad under us (disk full, removed, made read-only): carry
                    # on in memory from what we knew, and say so.
                    self._lose_file(error)
                    return self._write(wanted, flip, record)
        return self._queue(wanted, flip, record)

    def _decide(self, wanted: list[MarkChange], flip: bool) -> list[MarkChange]:
        """The changes in `wanted` that change something (with `flip`, each flips the mark
        whatever its value says), against the marks known now."""
        changes: list[MarkChange] = []
        for change in wanted:
            now = self._holds(change.article, change.mark, change.tag)
            if flip:
                changes.append(MarkChange(change.article, change.mark, not now, change.tag))
            elif now != change.value:
                changes.append(change)
        return changes

    def _queue(
        self,
        wanted: list[MarkChange],
        flip: bool,
        record: Callable[[Sequence[MarkChange]], None] | None,
    ) -> list[MarkChange]:
        """Hold the changes in memory now (and in the journal), and have the background
        writer save them."""
        changes = self._decide(wanted, flip)
        if record is not None and changes:
            record(changes)
        self._remember(changes)
        self._waiting.add(changes)
        return changes

    def _write_queued(self, batch: list[MarkChange]) -> bool:
        """Commit changes that waited in the queue; False while the file is still locked."""
        try:
            with self._transaction():
                self._store(batch)
        except sqlite3.Error as error:
            if not is_busy(error):
                self._lose_file(error)  # keeps every mark known, in memory
            return False
        return True

    def _write(
        self,
        wanted: list[MarkChange],
        flip: bool,
        record: Callable[[Sequence[MarkChange]], None] | None = None,
    ) -> list[MarkChange]:
        """Commit the changes in `wanted` that change something (with `flip`, each flips the
        mark whatever its value says), `record`ing them just before; the changes made."""
        with self._transaction():
            # Decided inside the write lock, against the latest commits of every process.
            changes = self._decide(wanted, flip)
            self._store(changes)
            if record is not None and changes:
                record(changes)
        self._remember(changes)
        if self._lost is not None:
            self.unsaved += changes  # kept in memory only, since the file was lost
        return changes

    def _store(self, changes: list[MarkChange]) -> None:
        store_changes(self._db, changes, time.time())

    def _remember(self, changes: list[MarkChange]) -> None:
        if set_marks(self._read, self._starred, self._tags, changes):
            self._tags_version += 1

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
        read, starred, tags = read_marks(self._db)
        # Changes still waiting for the lock hold over what the file says.
        set_marks(read, starred, tags, self._waiting.pending)
        if tags != self._tags:
            self._tags_version += 1
        self._read, self._starred, self._tags = read, starred, tags
        self._data_version = version

    def _lose_file(self, error: sqlite3.Error) -> None:
        """Switch to an in-memory database holding the marks known so far."""
        where = self.path
        with suppress(sqlite3.Error):
            self._db.close()
        self._db = memory_database()
        store_marks(self._db, self._read, self._starred, self._tags, time.time())
        self._data_version = self._current_version()
        self.path = None
        # What waited for the lock is in memory now, as everything made from here on will be.
        self.unsaved += self._waiting.take_all()
        self._lost = str(where)
        self.warning = (
            f"Cannot save read/starred marks and tags in {where} any more ({error}). "
            "Marks made now last only until newsreader exits."
        )
