"""Articles' full texts fetched for reader mode, kept in SQLite at <data dir>/texts.sqlite3.

Keyed by the article's canonical URL (newsreader.text.urls), each text zlib-compressed. Every
text is committed as it is kept, in WAL mode with `synchronous=FULL`: a killed process loses
nothing it reported saved, and several readers can share the folder (a busy timeout makes a
writer wait for another's commit). A damaged file is moved aside, never deleted, and a fresh
one started; `warning` says so. Text read back is sanitised again (it was decoded once more).
"""

from __future__ import annotations

import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from newsreader.text.sanitize import clean_text
from newsreader.text.urls import canonical_url

TEXTS_FILE = "texts.sqlite3"
BUSY_TIMEOUT_SECONDS = 5.0
# SQLite caps the variables in one statement; lookups go in runs of this many.
_LOOKUP_RUN = 500
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kept_text (
    url TEXT PRIMARY KEY,
    page_url TEXT NOT NULL,
    method TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    text BLOB NOT NULL
) WITHOUT ROWID
"""


@dataclass(frozen=True, slots=True)
class KeptText:
    """One article's fetched text: Markdown, the page it came from, how and when."""

    markdown: str
    page_url: str
    method: str
    fetched_at: float


class KeptTexts:
    """The kept texts in one data folder, by article URL. Safe to share between threads."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None, warning: str | None = None
    ) -> None:
        """Use `KeptTexts.open` rather than this."""
        self._db = connection
        self._lock = threading.Lock()
        self.path = path
        """The texts file, or None when nothing is kept on disk."""
        self.warning = warning
        """What went wrong opening the file, if anything."""

    @classmethod
    def open(cls, data_dir: Path, *, create: bool = True) -> KeptTexts:
        """The texts in `data_dir`. With `create=False` a missing file gives an empty store
        that keeps nothing (listing never creates the data folder)."""
        path = Path(data_dir) / TEXTS_FILE
        if not create and not path.exists():
            return cls.in_memory()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as error:
            if error.sqlite_errorcode not in _DAMAGE_CODES:
                return cls.in_memory(f"cannot open {path}: {error}")
            aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.rename(aside)
                return cls(_connect(path), path, f"{path} was damaged; kept as {aside.name}")
            except (OSError, sqlite3.DatabaseError) as again:
                return cls.in_memory(f"{path} is damaged and cannot be replaced: {again}")
        except OSError as error:
            return cls.in_memory(f"cannot use {path}: {error.strerror or error}")

    @classmethod
    def in_memory(cls, warning: str | None = None) -> KeptTexts:
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        connection.execute(_SCHEMA)
        return cls(connection, None, warning)

    def get(self, url: str) -> KeptText | None:
        """The text kept for the article at `url`, if any."""
        return self.get_many([url]).get(canonical_url(url))

    def get_many(self, urls: Iterable[str]) -> dict[str, KeptText]:
        """Canonical URL -> kept text, for those of `urls` that have one."""
        keys = list(dict.fromkeys(canonical_url(url) for url in urls))
        found: dict[str, KeptText] = {}
        with self._lock:
            for start in range(0, len(keys), _LOOKUP_RUN):
                run = keys[start : start + _LOOKUP_RUN]
                marks = ",".join("?" * len(run))
                rows = self._db.execute(
                    "SELECT url, page_url, method, fetched_at, text FROM kept_text "
                    f"WHERE url IN ({marks})",
                    run,
                ).fetchall()
                for url, page_url, method, fetched_at, packed in rows:
                    text = _unpacked(packed)
                    if text is not None:
                        found[url] = KeptText(text, clean_text(page_url), method, fetched_at)
        return found

    def keep(self, url: str, text: KeptText) -> None:
        """Keep `text` for the article at `url` (replacing any), committed before returning."""
        packed = zlib.compress(text.markdown.encode("utf-8", "surrogatepass"), 6)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO kept_text (url, page_url, method, fetched_at, text) "
                "VALUES (?, ?, ?, ?, ?)",
                (canonical_url(url), text.page_url, text.method, text.fetched_at, packed),
            )

    def forget(self, url: str) -> bool:
        """Drop the text kept for `url`; whether there was one."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM kept_text WHERE url = ?", (canonical_url(url),))
        return cursor.rowcount > 0

    def forget_all(self) -> int:
        """Drop every kept text; how many there were."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM kept_text")
            count = cursor.rowcount
            if self.path is not None:
                self._db.execute("VACUUM")
        return count

    def count(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT count(*) FROM kept_text").fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> KeptTexts:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(_SCHEMA)
        connection.execute("SELECT count(*) FROM kept_text").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


def _unpacked(packed: bytes) -> str | None:
    """The text of a row, sanitised; None for a row that does not decompress."""
    try:
        return clean_text(zlib.decompress(packed).decode("utf-8", "replace"))
    except (zlib.error, TypeError):
        return None
