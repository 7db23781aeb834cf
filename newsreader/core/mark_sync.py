"""Marks that travel between machines through a sync folder (a git clone, a Syncthing folder).

With `sync_dir` set, every mark changed through the StateStore is also appended to this
machine's own log in the folder (mark_log.py), and `merge` reads every machine's log and sets
the local marks to the latest change of each mark of each article. Which change is latest is
decided by its time, then its machine's counter, then the machine's id, so every machine that
has read the same logs agrees. A change is never given a time before the latest change of the
same mark already seen, so a change made after reading another machine's wins over it even when
that machine's clock runs ahead.

A change made here is appended to the log (and flushed) before it commits in the state file,
and the bookkeeping of it commits after: after a crash at any point, the log holds every change
the state file does, and the next merge sets any the crash kept from committing.

The bookkeeping (this machine's id, its counter, how far each log has been read, the latest
change of each mark, and changes waiting for an unwritable folder) lives in sync.sqlite3 in the
data folder (sync_book.py). Losing it costs a full read of the logs and a new machine id (so a
new log file); the old log is then read as another machine's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsreader.core.mark_change import MarkChange
from newsreader.core.mark_log import (
    LogEntry,
    ReadOutcome,
    ReadPoint,
    append,
    format_time,
    log_name,
    logs_in,
    machine_of,
    read_log,
    replace_log,
)
from newsreader.core.marks import StateStore
from newsreader.core.sync_book import Point, SyncBook, Winners

SYNC_STATE_FILE = "sync.sqlite3"
# A log larger than this is not read (a million changes take about 100 MB).
MAX_LOG_BYTES = 256 * 2**20
_ONE_TICK = timedelta(microseconds=1)
# Marks weighed and set in one transaction while merging.
_SHARE = 2000


@dataclass(frozen=True, slots=True)
class _Read:
    """What one log held after its read point, and the file's size and time when read."""

    path: Path
    outcome: ReadOutcome
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Compacted:
    """What `compact` did to this machine's log."""

    path: Path
    lines_before: int
    lines_after: int


class MarkSync:
    """This machine's log in a sync folder, and the merging of every machine's log.

    Made with `MarkSync.open`, which hooks it to the StateStore as its journal. `warnings`
    collects what the user should be told (an unwritable folder, damaged lines), each once.
    """

    def __init__(self, state: StateStore, folder: Path, book: SyncBook) -> None:
        """Use `MarkSync.open`."""
        self.state = state
        self.folder = folder
        self._book = book
        self._lock = threading.RLock()
        self._warnings: list[str] = []
        self._failing: str | None = None  # why the folder cannot be written, while it cannot
        self._said: set[str] = set()  # trouble already reported by this process
        self.machine = book.machine()
        self.path = folder / log_name(self.machine)
        """This machine's log."""

    @classmethod
    def open(
        cls, state: StateStore, folder: Path, data_folder: Path, *, create: bool = True
    ) -> MarkSync:
        """Sync `state` through `folder`, keeping the bookkeeping in `data_folder`.

        Marks already made here are written to the log the first time (with the times they
        were made), so that they take part in the merge. Never raises for a problem with the
        files: the bookkeeping falls back to memory, and `warnings` says what went wrong.
        """
        folder = Path(folder)
        book = SyncBook.open(Path(data_folder) / SYNC_STATE_FILE, create=create)
        sync = cls(state, folder, book)
        if book.persistent and state.is_persistent:
            sync._publish_existing()
        state.journal = sync
        return sync

    # What the user is told --------------------------------------------------------------

    def take_warnings(self) -> list[str]:
        """What went wrong since last asked (each thing once), cleared."""
        with self._lock:
            warnings, self._warnings = self._warnings, []
        return warnings

    @property
    def trouble(self) -> str | None:
        """Why this machine's log cannot be written just now (None when it can)."""
        return self._failing

    def _warn(self, text: str) -> None:
        self._warnings.append(text)

    # The journal: changes made on this machine ------------------------------------------

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Held around a change made here (see marks.Journal): merges wait meanwhile."""
        with self._lock, self._book.transaction():
            yield

    def record(self, changes: Sequence[MarkChange]) -> None:
        """Append changes being made here to this machine's log (or keep them until it can be
        written), each stamped later than this machine's last change and than any change of the
        same mark seen so far: a change made after seeing another wins over it everywhere."""
        with self._lock, self._book.transaction():
            now = datetime.now(UTC)
            clock = self._book.meta("clock")
            if clock is not None:
                now = max(now, datetime.fromisoformat(clock) + _ONE_TICK)
            counter = int(self._book.meta("counter") or 0)
            entries = []
            for change in changes:
                counter += 1
                at = now
                seen = self._latest_time(change)
                if seen is not None and seen >= at:
                    at = seen + _ONE_TICK
                entries.append(LogEntry(change, at, counter))
            self._book.set_meta("counter", str(counter))
            # This machine's own clock only: another machine's running ahead must not drag
            # every change made here into its future.
            self._book.set_meta("clock", format_time(now))
            self._book.keep_latest(self._own(entries))
            self._send([entry.line() for entry in entries])

    def _own(self, entries: list[LogEntry]) -> Winners:
        """This machine's entries, as `_keep_latest` takes them (the last of each mark)."""
        return {
            entry.key: ((format_time(entry.at), entry.counter, self.machine), entry)
            for entry in entries
        }

    def _latest_time(self, change: MarkChange) -> datetime | None:
        """When the latest known change of this mark of this article was made."""
        article, mark = LogEntry(change, datetime.now(UTC), 0).key
        return self._book.latest_time(article, mark)

    def _publish_existing(self) -> None:
        """Put the marks made before syncing began into the log, once."""
        with self._lock, self._book.transaction():
            if self._book.meta("published") is not None:
                return
            counter = int(self._book.meta("counter") or 0)
            entries = []
            for change, changed_at in self.state.current_marks():
                counter += 1
                entries.append(LogEntry(change, datetime.fromtimestamp(changed_at, UTC), counter))
            entries.sort(key=lambda entry: (entry.at, entry.counter))
            self._book.keep_latest(self._own(entries))
            self._book.set_meta("counter", str(counter))
            self._book.set_meta("published", format_time(datetime.now(UTC)))
            self._send([entry.line() for entry in entries])

    def _send(self, lines: list[bytes]) -> None:
        """Append lines (after any kept back) to this machine's log, or keep them back."""
        waiting = self._book.waiting()
        if not lines and not waiting:
            return
        try:
            if not self.folder.is_dir():
                raise FileNotFoundError(2, "no such folder")
            append(self.path, [line for _seq, line in waiting] + lines)
        except OSError as error:
            self._book.keep_back(lines)
            why = error.strerror or str(error)
            if self._failing != why:
                self._failing = why
                self._warn(
                    f"Cannot write to the sync folder {self.folder} ({why}): marks are kept "
                    "on this machine and written there once it can be written."
                )
            return
        if waiting:
            self._book.sent(waiting[-1][0])
        if self._failing is not None:
            self._failing = None
            self._warn(f"Marks are written to the sync folder {self.folder} again.")

    # Merging every machine's log --------------------------------------------------------

    def has_news(self) -> bool:
        """Whether any log looks changed since it was last read (a cheap look: sizes and
        times), or changes are waiting to be written."""
        with self._lock:
            known = {name: point[2:] for name, point in self._book.points().items()}
            if self._book.has_waiting():
                return True
        for path in logs_in(self.folder):
            try:
                stat = path.stat()
            except OSError:
                continue
            if known.get(path.name) != (stat.st_size, stat.st_mtime_ns):
                return True
        return False

    def merge(self) -> list[str]:
        """Read what every log gained since last time and set each mark changed there to its
        latest change; the ids of the articles whose marks changed here.

        The logs are read and parsed first, with nothing held, so that marks made here
        meanwhile need not wait; only what is new is then weighed and set.
        """
        with self._lock, self._book.transaction():
            self._send([])  # changes kept back go out first, if the folder can be written now
            points = self._book.points()
        if not self.folder.is_dir():
            with self._lock:
                self._warn_once(f"The sync folder {self.folder} is not there; marks stay local.")
            return []
        reads = [read for path in logs_in(self.folder) if (read := self._read(path, points))]
        with self._lock, self._book.transaction():
            taken = [read for read in reads if self._take(read, points)]
        winners: Winners = {}
        for read in taken:
            machine = machine_of(read.path.name) or ""
            for entry in read.outcome.entries:
                stamp = (format_time(entry.at), entry.counter, machine)
                key = entry.key
                if key not in winners or winners[key][0] < stamp:
                    winners[key] = (stamp, entry)
        # Weighed and set a share at a time, so that a mark made here meanwhile (which waits
        # for the lock) waits for one share, not for a whole first read of long logs.
        keys = list(winners)
        changed: list[str] = []
        for start in range(0, len(keys), _SHARE):
            share = {key: winners[key] for key in keys[start : start + _SHARE]}
            with self._lock, self._book.transaction():
                changes = [entry.change for entry in self._book.keep_latest(share)]
                # Set before the bookkeeping commits: after a crash in between, the logs are
                # read again from where they were, and the same marks set again (or found set).
                changed += self.state.apply(changes)
        with self._lock, self._book.transaction():
            for read in taken:
                length, digest = read.outcome.point.length, read.outcome.point.digest
                self._book.set_point(read.path.name, (length, digest, read.size, read.mtime_ns))
        return list(dict.fromkeys(changed))

    def _read(self, path: Path, points: dict[str, Point]) -> _Read | None:
        """One log's lines after its read point; None when it looks unchanged or is unreadable."""
        point = points.get(path.name)
        try:
            stat = path.stat()
            if point is not None and point[2:] == (stat.st_size, stat.st_mtime_ns):
                return None
            if stat.st_size > MAX_LOG_BYTES:
                with self._lock:
                    self._warn_once(
                        f"{path} is {stat.st_size // 2**20:,} MB, more than a log of marks "
                        f"should be ({MAX_LOG_BYTES // 2**20} MB); it is not read. `newsreader "
                        "sync --compact` on the machine that writes it makes it small again."
                    )
                return None
            since = ReadPoint(point[0], point[1]) if point else ReadPoint()
            return _Read(path, read_log(path, since), stat.st_size, stat.st_mtime_ns)
        except OSError as error:
            with self._lock:
                self._warn_once(f"Cannot read {path}: {error.strerror or error}.")
            return None

    def _take(self, read: _Read, points: dict[str, Point]) -> bool:
        """Whether a log's new lines are still new (another process may have merged them since
        they were read); reports its damaged lines, each once."""
        name = read.path.name
        point = points.get(name)
        if self._book.point(name) != point:
            return False  # the next merge goes on from where that one stopped
        for damage in read.outcome.damaged:
            if self._book.first_report(name, damage.fingerprint):
                self._warn(f"{read.path}:{damage.line}: {damage.reason}; this line is skipped.")
        return True

    def _warn_once(self, text: str) -> None:
        """Report trouble with the folder once per process (it may be gone next time)."""
        if text not in self._said:
            self._said.add(text)
            self._warn(text)

    # Compaction -------------------------------------------------------------------------

    def compact(self) -> Compacted:
        """Rewrite this machine's log keeping only the latest change of each mark of each
        article, atomically; OSError when the folder cannot be written."""
        with self._lock, self._book.transaction():
            self._send([])
            if not self.path.exists():
                return Compacted(self.path, 0, 0)
            outcome = read_log(self.path, ReadPoint())
            latest: dict[tuple[str, str], LogEntry] = {}
            for entry in outcome.entries:
                kept = latest.get(entry.key)
                if kept is None or (kept.at, kept.counter) < (entry.at, entry.counter):
                    latest[entry.key] = entry
            for damage in outcome.damaged:
                self._warn(f"{self.path}:{damage.line}: {damage.reason}; left out.")
            kept_entries = sorted(latest.values(), key=lambda entry: (entry.at, entry.counter))
            replace_log(self.path, [entry.line() for entry in kept_entries])
            # Read again from the start next time (harmless: nothing in it is new).
            self._book.forget_point(self.path.name)
            before = len(outcome.entries) + len(outcome.damaged)
            return Compacted(self.path, before, len(kept_entries))

    def close(self) -> None:
        with self._lock:
            if self.state.journal is self:
                self.state.journal = None
            self._book.close()


def open_marks(
    data_folder: Path, sync_dir: Path | None, *, create: bool = True
) -> tuple[StateStore, MarkSync | None]:
    """The marks in `data_folder`, with other machines' merged in when `sync_dir` is set.

    With `create=False` nothing is created: a missing state file reads as no marks, and the
    merge is made in memory.
    """
    state = StateStore.open(data_folder, create=create)
    if sync_dir is None:
        return state, None
    # Marks already in the data folder must take part in the merge as they would in the
    # reader's: the bookkeeping is made there whenever the folder is.
    keep = create or state.is_persistent
    sync = MarkSync.open(state, sync_dir, data_folder, create=keep)
    sync.merge()
    return state, sync
