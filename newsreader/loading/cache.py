"""The load cache: what each file gave, and the prepared collection, kept between runs.

One cache file per set of paths read (and size cap), under `paths.cache_dir()`. It holds, for
every file found, its size and modification time with what loading it gave (before corpus
preparation), and the prepared store with the signature of everything it was made from: every
path, size and time, and the preparation options. A warm start with nothing changed reads the
prepared store and nothing else; a changed, added or removed file is read again and the
collection prepared anew.

The cache is only ever a shortcut: a file that cannot be read, was written by another version
of newsreader or by other code, or is damaged in any way is ignored (and replaced on the next
save), never an error. Saving writes a temporary file and renames it over the old one, so a
reader never sees half a cache.

Records are pickled compactly by `record_codec`; what makes a cache valid is in `cache_validity`,
the folder's tidying in `cache_folder`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast

from newsreader.loading.cache_folder import TEMPORARY_PREFIX, lock, prune, remove_abandoned
from newsreader.loading.cache_parts import PartReader, PartSink
from newsreader.loading.cache_validity import (
    RACY_SECONDS,
    FileRecords,
    FileStat,
    code_fingerprint,
    file_stat,
    racy,
    signature,
)
from newsreader.loading.record_codec import (
    UNREADABLE,
    RecordPickler,
    RecordUnpickler,
    dump_records,
    load_records,
)
from newsreader.model.records import (
    Article,
    LoadResult,
)
from newsreader.model.store import SavedState, Store
from newsreader.paths import cache_dir

__all__ = [
    "RACY_SECONDS",
    "CacheFile",
    "CacheWriter",
    "FileRecords",
    "FileStat",
    "LoadCache",
    "code_fingerprint",
    "dump_records",
    "file_stat",
    "remove_abandoned",
    "signature",
]

# Bump when the layout of a cache file changes. Changes to the code that loads and prepares
# articles invalidate caches by themselves (see `code_fingerprint`).
CACHE_VERSION = 2
_MAGIC = "newsreader-load-cache"
_FOLDER = "loads"


class CacheFile:
    """A cache file as read: its signature at once, each part read and unpickled on demand.

    The file stays open until `close`, so its parts come from the file as it was when opened
    even if a newer cache replaces it meanwhile.
    """

    def __init__(
        self, handle: BinaryIO, signature: str, parts: dict[str, tuple[int, int, int]]
    ) -> None:
        self.signature = signature
        self._handle = handle
        self._parts = parts

    def close(self) -> None:
        self._handle.close()

    def store(self, files: Sequence[Path]) -> Store | None:
        """The prepared store, for the same `files` the cache was saved with; None if unusable."""
        try:
            # Unpickled as it is read, never held whole; checked once all of it is read.
            offset, length, checksum = self._parts["store"]
            part = PartReader(self._handle, offset, length)
            # One pickle after another, each read by an unpickler of its own (whose memo
            # goes with it); records that repeat are made once for all of them.
            interned: dict[Any, Any] = {}

            def load_piece() -> Any:
                return RecordUnpickler(part, files, (), interned).load()  # type: ignore[arg-type]

            count, state = load_piece()
            articles: list[Article] = []
            url_keys: list[str | None] = []
            while len(articles) < count:
                piece, piece_keys = load_piece()
                articles.extend(piece)
                url_keys.extend(piece_keys)
            part.check(checksum, "store")
            if len(articles) != count or not all(type(a) is Article for a in articles):
                raise ValueError("not the articles of a store")
            return Store.restored(articles, url_keys, SavedState(*state))
        except UNREADABLE:
            return None

    def records(self, files: Sequence[Path]) -> FileRecords | None:
        """What each file loaded as; the cached paths read back as `files` where they match."""
        try:
            names: list[str] = load_records(self._part("paths"), ())
            by_name = {str(path): path for path in files}
            paths = [by_name.get(name) or Path(name) for name in names]
            stats, saved_at, runs = load_records(self._part("records"), ())
            if not _consecutive(sorted(runs), len(paths)):
                raise ValueError("the runs of file records do not cover the files once")
            # One run at a time, in the order they were written (which the checksum follows).
            runs_at, runs_length, checksum = self._parts["runs"]
            part = PartReader(self._handle, runs_at, runs_length)
            results: list[LoadResult | None] = [None] * len(paths)
            interned: dict[Any, Any] = {}
            for start, count, offset, length in sorted(runs, key=lambda run: run[2]):
                if offset != part.position:
                    raise ValueError("the runs of file records do not follow each other")
                blob = part.read(length)
                run = load_records(blob, paths[start : start + count], interned=interned)
                if len(run) != count:
                    raise ValueError("a run of file records is not as long as it says")
                results[start : start + count] = run
            part.check(checksum, "runs")
        except UNREADABLE:
            return None
        if len(paths) != len(stats):
            return None
        # Every run came, so every file has its result.
        return FileRecords(paths, stats, cast(list[LoadResult], results), saved_at)

    def _part(self, name: str) -> bytes:
        offset, length, checksum = self._parts[name]
        self._handle.seek(offset)
        data = self._handle.read(length)
        if len(data) != length:
            raise EOFError("the cache file is shorter than its table of contents says")
        # Pickle has no check of its own: damage inside a text would load as other text.
        if zlib.crc32(data) != checksum:
            raise ValueError(f"the cache's {name} are damaged")
        return data


# Articles per piece of the pickled store.
STORE_PIECE_ARTICLES = 2000
# Files per pickled run of records, when the runs are made here.
RUN_FILES = 200
# The file ends with the length of its table of contents, in this many bytes.
_TABLE_LENGTH_BYTES = 8


class LoadCache:
    """The cache file for one set of paths read (and size cap).

    A cache file holds parts, each pickled on its own (the runs of file records, the file
    paths, each file's stat with where its run of records is, and the prepared store as a run
    of pickles of STORE_PIECE_ARTICLES articles each), then a table of contents (pickled:
    header, signature, and the offset, length and CRC-32 of each part), then the table's
    length.
    """

    def __init__(self, file: Path) -> None:
        self.file = file

    @classmethod
    def for_paths(
        cls,
        paths: Sequence[Path],
        suffixes: Sequence[str],
        max_bytes: int,
        folder: Path | None = None,
    ) -> LoadCache:
        """The cache for reading `paths` (as named, made absolute) with these settings."""
        key = repr(
            (
                [os.path.abspath(path) for path in paths],
                sorted(suffix.lower() for suffix in suffixes),
                max_bytes,
            )
        )
        name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return cls((folder or cache_dir()) / _FOLDER / f"{name}.pickle")

    def read(self) -> CacheFile | None:
        """The cache file, if there is one made by this code; its parts are checked as read.

        The caller closes it. What killed writes left beside it is removed first.
        """
        remove_abandoned(self.file.parent)
        try:
            handle = open(self.file, "rb")  # noqa: SIM115 (kept open by the CacheFile)
        except OSError:
            return None
        try:
            file_size = os.fstat(handle.fileno()).st_size
            if file_size <= _TABLE_LENGTH_BYTES:
                raise EOFError("no table of contents")
            handle.seek(file_size - _TABLE_LENGTH_BYTES)
            length = int.from_bytes(handle.read(_TABLE_LENGTH_BYTES), "big")
            # A damaged length must not have us read (or make room for) more than is there.
            table_at = file_size - _TABLE_LENGTH_BYTES - length
            if not length > 0 or table_at < 0:
                raise EOFError("no table of contents")
            handle.seek(table_at)
            # The table holds the header, the signature and offsets: builtins only.
            header, signature, parts = load_records(handle.read(length), ())
            if header != _header() or not isinstance(signature, str):
                raise ValueError("a cache from other code")
            offsets = dict(parts)
            if set(offsets) != {"paths", "records", "runs", "store"} or any(
                not (isinstance(at, int) and isinstance(size, int))
                or at < 0
                or size < 0
                or at + size > table_at
                for at, size, _ in offsets.values()
            ):
                raise ValueError("not a load cache")
        except UNREADABLE:
            handle.close()
            return None
        return CacheFile(handle, signature, offsets)

    def writer(self) -> CacheWriter:
        """A new cache file to write, which replaces this one when finished."""
        return CacheWriter(self.file)


class CacheWriter:
    """A cache file being written: runs of file records as they come, the rest at `finish`.

    The parts go one after another into a temporary file beside the cache, then the table of
    contents and its length; `finish` renames the file over the cache. Nothing is held in
    memory longer than it takes to write it. If anything cannot be written, no cache is left.
    """

    def __init__(self, file: Path) -> None:
        self._file = file
        self._out: BinaryIO | None = None
        self._temporary: str | None = None
        self._failed = False
        self._position = 0
        # Runs written so far: (first file, files, offset in the runs part, length).
        self._runs: list[tuple[int, int, int, int]] = []
        self._runs_at = 0
        self._runs_checksum = 0

    def add_run(self, start: int, count: int, pickled: bytes) -> None:
        """Write the records of files `start` to `start + count`, pickled by `dump_records`."""
        self._runs.append((start, count, self._position - self._runs_at, len(pickled)))
        self._runs_checksum = zlib.crc32(pickled, self._runs_checksum)
        self._write(pickled)

    def finish(
        self,
        files: Sequence[Path],
        stats: Sequence[FileStat],
        results: Sequence[LoadResult],
        signature: str,
        store: Store,
    ) -> bool:
        """Write the rest and put the file in place of the cache; False if it could not be."""
        saved_at = time.time()
        if any(racy(stat, saved_at) for stat in stats):
            signature = ""  # the store is not to be taken whole next time
        try:
            self._runs.sort()
            if not _consecutive(self._runs, len(files)):
                # Not every file came pickled in runs (some were in the cache): pickle them here.
                self._runs, self._runs_at, self._runs_checksum = [], self._position, 0
                for start in range(0, len(results), RUN_FILES):
                    run = list(results[start : start + RUN_FILES])
                    self.add_run(
                        start, len(run), dump_records(run, files[start : start + len(run)])
                    )
            contents = [
                ("runs", (self._runs_at, self._position - self._runs_at, self._runs_checksum))
            ]
            contents.append(self._part("paths", dump_records([str(path) for path in files], ())))
            records = dump_records((list(stats), saved_at, self._runs), ())
            contents.append(self._part("records", records))
            at, checksum = self._position, 0

            def counted(data: bytes) -> None:
                nonlocal checksum
                checksum = zlib.crc32(data, checksum)
                self._write(data)

            # The store is pickled straight into the file, never whole in memory, in pieces:
            # the pickler's memo would otherwise hold every object of it until the end.
            pickler = RecordPickler(cast(io.BytesIO, PartSink(counted)), files, ())
            articles, url_keys = store.articles, store.url_keys()
            pickler.dump((len(articles), tuple(store.saved_state())))
            for start in range(0, len(articles), STORE_PIECE_ARTICLES):
                pickler.clear_memo()
                end = start + STORE_PIECE_ARTICLES
                pickler.dump((articles[start:end], url_keys[start:end]))
            contents.append(("store", (at, self._position - at, checksum)))
            table = dump_records((_header(), signature, contents), ())
            self._write(table)
            self._write(len(table).to_bytes(_TABLE_LENGTH_BYTES, "big"))
            if self._out is None or self._temporary is None or self._failed:
                return False
            self._out.close()
            os.replace(self._temporary, self._file)
            self._temporary = None
        except (OSError, pickle.PicklingError, RecursionError):
            return False
        finally:
            self.abandon()
        prune(self._file.parent, keep=self._file)
        return True

    def abandon(self) -> None:
        """Close and remove the file, unless it was put in place."""
        if self._out is not None:
            self._out.close()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
            self._temporary = None

    def _part(self, name: str, data: bytes) -> tuple[str, tuple[int, int, int]]:
        at = self._position
        self._write(data)
        return name, (at, len(data), zlib.crc32(data))

    def _write(self, data: bytes) -> None:
        if self._failed:
            return
        try:
            if self._out is None:
                self._file.parent.mkdir(parents=True, exist_ok=True)
                handle, self._temporary = tempfile.mkstemp(
                    dir=self._file.parent, prefix=TEMPORARY_PREFIX, suffix=".pickle"
                )
                # Locked while it is written: the lock goes with the process, so a temporary
                # file found unlocked was left by a writer that was killed (see below).
                lock(handle)
                self._out = os.fdopen(handle, "wb")
            self._out.write(data)
        except OSError:
            self._failed = True
            self.abandon()
            return
        self._position += len(data)


def _consecutive(runs: list[tuple[int, int, int, int]], total: int) -> bool:
    """Whether sorted runs cover files 0 to `total` once each."""
    covered = 0
    for start, count, _, _ in runs:
        if start != covered:
            return False
        covered += count
    return covered == total


def _header() -> tuple[str, int, str]:
    return (_MAGIC, CACHE_VERSION, code_fingerprint())
