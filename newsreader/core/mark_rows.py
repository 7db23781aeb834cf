"""The marks file's tables and rows: the schema, reading every mark, writing changes, and the
same marks held in plain sets in memory (the StateStore's lookups answer from those)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newsreader.core.mark_change import READ, STAR, TAG, MarkChange

SCHEMA_VERSION = 1
SCHEMA = (
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


def create_tables(db: sqlite3.Connection) -> None:
    """Create the tables a database lacks (a file from before tags lacks their table)."""
    for statement in SCHEMA:
        db.execute(statement)


def memory_database() -> sqlite3.Connection:
    """An empty marks database in memory, shareable between threads."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    create_tables(connection)
    return connection


def read_marks(
    db: sqlite3.Connection,
) -> tuple[set[str], set[str], dict[str, frozenset[str]]]:
    """Every mark stored: the ids read, the ids starred, and each tagged id's tags."""
    read: set[str] = set()
    starred: set[str] = set()
    for article_id, is_read, is_starred in db.execute(
        "SELECT id, read, starred FROM article_state WHERE read OR starred"
    ):
        if is_read:
            read.add(article_id)
        if is_starred:
            starred.add(article_id)
    tagged: dict[str, set[str]] = {}
    for article_id, tag in db.execute("SELECT id, tag FROM article_tag"):
        tagged.setdefault(article_id, set()).add(tag)
    return read, starred, {article_id: frozenset(names) for article_id, names in tagged.items()}


def dated_marks(db: sqlite3.Connection) -> list[tuple[MarkChange, float]]:
    """Every mark set, with when it was set (a Unix time), as stored."""
    marks: list[tuple[MarkChange, float]] = []
    rows = db.execute(
        "SELECT id, read, starred, changed_at FROM article_state WHERE read OR starred"
    )
    for article_id, is_read, is_starred, changed_at in rows:
        if is_read:
            marks.append((MarkChange(article_id, READ, True), changed_at))
        if is_starred:
            marks.append((MarkChange(article_id, STAR, True), changed_at))
    for article_id, tag, changed_at in db.execute("SELECT id, tag, changed_at FROM article_tag"):
        marks.append((MarkChange(article_id, TAG, True, tag), changed_at))
    return marks


def store_changes(db: sqlite3.Connection, changes: list[MarkChange], now: float) -> None:
    """Write `changes` as made at `now` (inside the caller's transaction)."""
    for mark, column in ((READ, "read"), (STAR, "starred")):
        rows = [(c.article, int(c.value), now) for c in changes if c.mark == mark]
        if rows:
            db.executemany(
                f"INSERT INTO article_state (id, {column}, changed_at) VALUES (?, ?, ?) "
                f"ON CONFLICT (id) DO UPDATE SET {column} = excluded.{column}, "
                "changed_at = excluded.changed_at",
                rows,
            )
    added = [(c.article, c.tag, now) for c in changes if c.mark == TAG and c.value]
    removed = [(c.article, c.tag) for c in changes if c.mark == TAG and not c.value]
    if added:
        db.executemany(
            "INSERT OR REPLACE INTO article_tag (id, tag, changed_at) VALUES (?, ?, ?)", added
        )
    if removed:
        db.executemany("DELETE FROM article_tag WHERE id = ? AND tag = ?", removed)


def store_marks(
    db: sqlite3.Connection,
    read: set[str],
    starred: set[str],
    tags: dict[str, frozenset[str]],
    now: float,
) -> None:
    """Write these marks, all as set at `now`, into an empty database."""
    db.executemany(
        "INSERT INTO article_state (id, read, starred, changed_at) VALUES (?, ?, ?, ?)",
        [
            (article_id, article_id in read, article_id in starred, now)
            for article_id in read | starred
        ],
    )
    db.executemany(
        "INSERT INTO article_tag (id, tag, changed_at) VALUES (?, ?, ?)",
        [(article_id, tag, now) for article_id, names in tags.items() for tag in names],
    )


def set_marks(
    read: set[str],
    starred: set[str],
    tags: dict[str, frozenset[str]],
    changes: Iterable[MarkChange],
) -> bool:
    """Change the in-memory marks as `changes` say; True when any tags changed."""
    tags_changed = False
    for change in changes:
        article_id = change.article
        if change.mark == TAG:
            names = set(tags.get(article_id, ()))
            if change.value:
                names.add(change.tag or "")
            else:
                names.discard(change.tag or "")
            if names:
                tags[article_id] = frozenset(names)
            else:
                tags.pop(article_id, None)
            tags_changed = True
            continue
        marked = read if change.mark == READ else starred
        if change.value:
            marked.add(article_id)
        else:
            marked.discard(article_id)
    return tags_changed
