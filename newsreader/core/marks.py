"""Read, starred and tag marks per article id, kept in SQLite at <data dir>/state.sqlite3.

Every change is committed as it is made, in WAL mode with `synchronous=NORMAL`: a killed process
loses nothing it reported as done, and several readers on the same data directory work side by
side (a busy timeout makes a writer wait for another's commit instead of failing). A damaged state
file is moved aside, never deleted, and a fresh one started; when nothing can be written at all
the marks live in memory until the process ends. Either way `warning` says what happened.

A `Journal` (the sync folder's log, mark_sync.py) is told of every change made here, and marks
merged from other machines come back through `apply`, which tells it nothing.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from newsreader.core.mark_change import READ, STAR, TAG, Journal, MarkChange, check_tag
from newsreader.core.state_file import connect, is_damage, move_aside, reason

STATE_FILE = "state.sqlite3"
SCHEMA_VERSION = 1
_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS article_state (
        id TEXT PRIMARY KEY,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        changed_at REAL NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE IF NOT EXISTS article_tag (
        id TEXT NOT NULL,
        tag TEXT NOT NULL,
        changed_at REAL NOT NULL,
        PRIMARY KEY (id, tag)
    ) WITHOUT ROWID
    """,
)


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
            return cls._unwritable(path, f"cannot create the folder: {reason(error)}")
        warning: str | None = None
        # Another try covers another process moving the same damaged file aside first.
        for _attempt in range(3):
            try:
                return cls._connected(path, warning)
            except sqlite3.DatabaseError as error:
                if not is_damage(error):
                    return cls._unwritable(path, f"cannot open it: {error}")
                try:
                    kept = move_aside(path)
                except FileNotFoundError:
                    continue
                except OSError as move_error:
                    return cls._unwritable(
                        path, f"it is damaged and cannot be moved aside: {reason(move_error)}"
                    )
                warning = (
                    f"The marks file {path} was damaged ({error}). It was kept "
                    f"as {kept.name} and a fresh one started: every article is unread, "
                    "unstarred and untagged again."
                )
        return cls._unwritable(path, "it keeps failing to open")

    @classmethod
    def _connected(cls, path: Path, warning: str | None) -> StateStore:
        connection = connect(path, _SCHEMA, SCHEMA_VERSION)
        try:
            return cls(connection, path, warning)
        except BaseException:
            connection.close()
            raise

    @classmethod
    def in_memory(cls, warning: str | None = None) -> StateStore:
        """A store that forgets everything when the process ends (for tests and fallbacks)."""
        return cls(_memory_database(), None, warning)

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
        # `immutable` reads a WAL database in a folder where its -shm file cannot be created.
        for options in ("mode=ro", "mode=ro&immutable=1"):
            try:
                source = sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True)
                try:
                    source.execute("SELECT count(*) FROM article_state").fetchone()
                    with self._lock:
                        source.backup(self._db)
                        for statement in _SCHEMA:  # a file from before tags lacks their table
                            self._db.execute(statement)
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
            marks: list[tuple[MarkChange, float]] = []
            rows = self._db.execute(
                "SELECT id, read, starred, changed_at FROM article_state WHERE read OR starred"
            )
            for article_id, is_read, is_starred, changed_at in rows:
                if is_read:
                    marks.append((MarkChange(article_id, READ, True), changed_at))
                if is_starred:
                    marks.append((MarkChange(article_id, STAR, True), changed_at))
            for article_id, tag, changed_at in self._db.execute(
                "SELECT id, tag, changed_at FROM article_tag"
            ):
                marks.append((MarkChange(article_id, TAG, True, tag), changed_at))
            return marks

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
            try:
                done = self._write(wanted, False)
            except sqlite3.Error as error:
                self._lose_file(error)
                done = self._write(wanted, False)
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
            try:
                done = self._write(wanted, value is None, record)
            except sqlite3.Error as error:
                # The file went bad under us (disk full, removed, made read-only): carry on
                # in memory from what we knew, and say so.
                self._lose_file(error)
                done = self._write(wanted, value is None, record)
        return [change.article for change in done]

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
            changes: list[MarkChange] = []
            for change in wanted:
                now = self._holds(change.article, change.mark, change.tag)
                if flip:
                    changes.append(MarkChange(change.article, change.mark, not now, change.tag))
                elif now != change.value:
                    changes.append(change)
            self._store(changes)
            if record is not None and changes:
                record(changes)
        self._remember(changes)
        return changes

    def _store(self, changes: list[MarkChange]) -> None:
        now = time.time()
        for mark, column in ((READ, "read"), (STAR, "starred")):
            rows = [(c.article, int(c.value), now) for c in changes if c.mark == mark]
            if rows:
                self._db.executemany(
                    f"INSERT INTO article_state (id, {column}, changed_at) VALUES (?, ?, ?) "
                    f"ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}, "
                    "changed_at = excluded.changed_at",
                    rows,
                )
        added = [(c.article, c.tag, now) for c in changes if c.mark == TAG and c.value]
        removed = [(c.article, c.tag) for c in changes if c.mark == TAG and not c.value]
        if added:
            self._db.executemany(
                "INSERT OR REPLACE INTO article_tag (id, tag, changed_at) VALUES (?, ?, ?)", added
            )
        if removed:
            self._db.executemany("DELETE FROM article_tag WHERE id = ? AND tag = ?", removed)

    def _remember(self, changes: list[MarkChange]) -> None:
        for change in changes:
            article_id = change.article
            if change.mark == TAG:
                tags = set(self._tags.get(article_id, ()))
                if change.value:
                    tags.add(change.tag or "")
                else:
                    tags.discard(change.tag or "")
                if tags:
                    self._tags[article_id] = frozenset(tags)
                else:
                    self._tags.pop(article_id, None)
                self._tags_version += 1
                continue
            marked = self._read if change.mark == READ else self._starred
            if change.value:
                marked.add(article_id)
            else:
                marked.discard(article_id)

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
        tagged: dict[str, set[str]] = {}
        for article_id, tag in self._db.execute("SELECT id, tag FROM article_tag"):
            tagged.setdefault(article_id, set()).add(tag)
        tags = {article_id: frozenset(names) for article_id, names in tagged.items()}
        if tags != self._tags:
            self._tags_version += 1
        self._read, self._starred, self._tags = read, starred, tags
        self._data_version = version

    def _lose_file(self, error: sqlite3.Error) -> None:
        """Switch to an in-memory database holding the marks known so far."""
        where = self.path
        with suppress(sqlite3.Error):
            self._db.close()
        self._db = _memory_database()
        now = time.time()
        self._db.executemany(
            "INSERT INTO article_state (id, read, starred, changed_at) VALUES (?, ?, ?, ?)",
            [
                (article_id, article_id in self._read, article_id in self._starred, now)
                for article_id in self._read | self._starred
            ],
        )
        self._db.executemany(
            "INSERT INTO article_tag (id, tag, changed_at) VALUES (?, ?, ?)",
            [(article_id, tag, now) for article_id, tags in self._tags.items() for tag in tags],
        )
        self._data_version = self._current_version()
        self.path = None
        self.warning = (
            f"Cannot save read/starred marks and tags in {where} any more ({error}). "
            "Marks made now last only until newsreader exits."
        )


def _memory_database() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for statement in _SCHEMA:
        connection.execute(statement)
    return connection
