"""Mark changes that wait while another process holds the marks file's lock (a backup, an open
`sqlite3` shell), and the background thread that writes them, in order, as soon as it goes.

The queue shares its owner's lock: every change to it, and every write, happens under that lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from newsreader.core.mark_change import MarkChange

# The background writer's pauses between tries while the file stays locked.
RETRY_FIRST_SECONDS = 0.05
RETRY_MOST_SECONDS = 0.5


class MarkQueue:
    """Changes held in memory and waiting to be written, oldest first.

    `write` is called, under `lock`, with what waits; it returns True once the batch is written
    and False while the file is still locked (it deals with any other failure itself).
    """

    def __init__(self, lock: threading.RLock, write: Callable[[list[MarkChange]], bool]) -> None:
        self.pending: list[MarkChange] = []
        """What waits, oldest first (read and changed only under the lock)."""
        self._write = write
        self._written = threading.Condition(lock)
        self._lock = lock
        self._wake = threading.Event()
        self._writer: threading.Thread | None = None
        self._closed = False

    def add(self, changes: list[MarkChange]) -> None:
        """Queue `changes` after those waiting, and have the background writer save them."""
        self.pending += changes
        if self._writer is None:
            self._writer = threading.Thread(
                target=self._write_queued, name="newsreader-marks", daemon=True
            )
            self._writer.start()
        self._wake.set()

    def wait(self, deadline: float) -> None:
        """Wait (holding the lock) until nothing is queued or `deadline` (a monotonic time)."""
        while self.pending and (left := deadline - time.monotonic()) > 0:
            self._wake.set()
            self._written.wait(left)

    def take_all(self) -> list[MarkChange]:
        """Empty the queue; what waited in it."""
        taken, self.pending = self.pending, []
        self._written.notify_all()
        return taken

    def close(self) -> list[MarkChange]:
        """Stop the writer and empty the queue; what still waited (never written)."""
        self._closed = True
        taken, self.pending = self.pending, []
        self._wake.set()
        return taken

    def _write_queued(self) -> None:
        """Write queued changes until none are left, trying again while the file is locked."""
        pause = RETRY_FIRST_SECONDS
        while True:
            with self._lock:
                if not self.pending or self._closed:
                    self._writer = None
                    self._written.notify_all()
                    return
                batch = list(self.pending)
                if self._write(batch):
                    # Changes queued meanwhile stay, in order, for the next round.
                    del self.pending[: len(batch)]
                    self._written.notify_all()
                    pause = RETRY_FIRST_SECONDS
                    continue
            self._wake.wait(pause)
            self._wake.clear()
            pause = min(pause * 2, RETRY_MOST_SECONDS)
