"""A program driven in a pseudo-terminal, as a person at a 120x40 terminal would: keys written,
its output read and timed, and watched for what it shows."""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newsreader.bench.goals import HEIGHT, WIDTH, BenchError
from newsreader.bench.processes import process_peak_rss_kib

# CSI, OSC, DCS and two-byte escapes.
ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)


class Terminal:
    """One program in a pseudo-terminal; every time is seconds from its start."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], cwd: Path | None = None):
        self.name = Path(argv[0]).name
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        self._master = master
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self._since_mark = ""  # output since `mark`, as written (escape sequences and all)
        self.last_output = self.started

    def now(self) -> float:
        return time.perf_counter() - self.started

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self._master], [], [], wait)
        if not ready:
            return False
        try:
            data = os.read(self._master, 1 << 16)
        except OSError:  # the program closed its terminal
            return False
        self.last_output = time.perf_counter()
        self._since_mark += self._decoder.decode(data)
        # Only the recent output is searched: a marker is looked for as it arrives.
        self._since_mark = self._since_mark[-200_000:]
        return True

    def mark(self) -> None:
        """Watch for what is drawn from now on."""
        self._since_mark = ""

    def send(self, keys: str) -> float:
        """Write keys as typed (all at once); the time they were written."""
        os.write(self._master, keys.encode())
        return self.now()

    def wait_for(self, seen: Callable[[str], bool], timeout: float, what: str) -> float:
        """The time of the output after which `seen(output since mark)` holds."""
        found = self.wait_for_unless_quiet(seen, timeout, what, quiet=None)
        assert found is not None  # with no quiet, it either finds or raises
        return found

    def wait_for_unless_quiet(
        self, seen: Callable[[str], bool], timeout: float, what: str, quiet: float | None
    ) -> float | None:
        """As `wait_for`, but None once the program has drawn nothing for `quiet` seconds."""
        if seen(self._since_mark):  # drawn already, with what was waited for before
            return self.last_output - self.started
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                said = " ".join(shown(self._since_mark).split())[-200:]
                raise BenchError(
                    f"{self.name} exited ({self.process.returncode}) waiting for {what}: {said}"
                )
            if self._read(0.02):
                if seen(self._since_mark):
                    return self.last_output - self.started
            elif quiet is not None and time.perf_counter() - self.last_output >= quiet:
                return None
        raise BenchError(f"{what} did not appear within {timeout:.0f} s")

    def wait_quiet(self, quiet: float, timeout: float, after: float | None = None) -> float:
        """The time of the last output before `quiet` seconds with none; with `after` (a time
        keys were sent), the quiet counts only once output has come since then."""
        deadline = time.perf_counter() + timeout
        since = self.started + after if after is not None else self.started
        while time.perf_counter() < deadline:
            if self._read(0.02):
                continue
            answered = self.last_output > since
            if (answered or after is None) and time.perf_counter() - self.last_output >= quiet:
                break
        return self.last_output - self.started

    def peak_rss_kib(self) -> int | None:
        return process_peak_rss_kib(self.process.pid)

    def close(self, quit_keys: str) -> None:
        """Quit with the program's own keys (killed if it will not)."""
        try:
            if self.process.poll() is None:
                self.send(quit_keys)
            deadline = time.perf_counter() + 10
            while self.process.poll() is None and time.perf_counter() < deadline:
                self._read(0.05)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            os.close(self._master)


def shown(output: str) -> str:
    """Output as text: the escape sequences taken out."""
    return ESCAPE.sub("", output)


def has_any(needles: Sequence[str]) -> Callable[[str], bool]:
    """A watcher for output showing any of these texts."""

    def seen(output: str) -> bool:
        text = shown(output)
        return any(needle in text for needle in needles)

    return seen
