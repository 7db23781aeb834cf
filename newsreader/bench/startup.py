"""Start-up of the installed `newsreader` command under a pseudo-terminal."""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.bench.goals import HEIGHT, WIDTH, BenchError
from newsreader.bench.processes import process_peak_rss_kib

if TYPE_CHECKING:
    pass


# Start-up under a pseudo-terminal ----------------------------------------------------------

# CSI, OSC, DCS and two-byte escapes: what separates the runs of text Textual writes.
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)
TITLE_PREFIX = 24


class TitleSpotter:
    """Recognises an article title in terminal output.

    Each title is drawn as one run of text (one style), padded or cut with an ellipsis, so a run
    whose first characters are those of a known title is that title on screen.
    """

    def __init__(self, titles: Sequence[str]) -> None:
        self.prefixes = {title[:TITLE_PREFIX] for title in titles if len(title) >= TITLE_PREFIX}
        self.short = {title for title in titles if len(title) < TITLE_PREFIX}

    def seen_in(self, output: str) -> bool:
        for run in _ESCAPE.split(output):
            text = run.strip()
            if text[:TITLE_PREFIX] in self.prefixes or text.rstrip("…") in self.short:
                return True
        return False


@dataclass(slots=True)
class StartUp:
    """One start of the real command: when articles showed, when loading finished, memory."""

    first_frame: float | None = None
    load_complete: float | None = None
    peak_rss_kib: int | None = None


# The header's summary, "1,234 articles in 56 topics".
_ARTICLE_COUNT = re.compile(r"(\d[\d,]*) articles? in ")
# With articles on screen and nothing drawn for this long, no more frames are coming.
QUIET_AFTER_FIRST_FRAME = 3.0


def start_under_pty(
    root: Path, spotter: TitleSpotter, article_count: int, env: dict[str, str], timeout: float
) -> StartUp:
    """Start `newsreader ROOT` in a 120x40 pseudo-terminal, watch its output, then press q.

    Loading is complete when the header counts the whole collection ("1,234 articles in").
    """
    command = Path(sys.executable).parent / "newsreader"
    if not command.exists():
        raise BenchError(f"{command} is not installed")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    result = StartUp()
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    output = ""
    start = time.perf_counter()
    last_output = start
    process = subprocess.Popen(
        [str(command), str(root)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        while result.first_frame is None or result.load_complete is None:
            now = time.perf_counter()
            if now - start > timeout or process.poll() is not None:
                break
            if result.first_frame is not None and now - last_output > QUIET_AFTER_FIRST_FRAME:
                break
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                break
            last_output = time.perf_counter()
            output += decoder.decode(data)
            if result.first_frame is None and spotter.seen_in(output):
                result.first_frame = last_output - start
            if result.load_complete is None:
                counts = _ARTICLE_COUNT.findall(_ESCAPE.sub("", output))
                if counts and int(counts[-1].replace(",", "")) == article_count:
                    result.load_complete = last_output - start
        exited_early = process.poll()
        result.peak_rss_kib = process_peak_rss_kib(process.pid)
        if exited_early is None:
            os.write(master, b"q")
            _drain_until_exit(master, process, 10.0)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    if result.first_frame is None:
        if exited_early is not None:
            said = " ".join(_ESCAPE.sub("", output).split())[-200:]
            raise BenchError(f"newsreader exited with {exited_early}: {said}")
        raise BenchError(f"no article title appeared within {timeout:.0f} s")
    return result


def _drain_until_exit(master: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    # Keep reading: a child blocked on a full terminal buffer would never exit.
    deadline = time.perf_counter() + timeout
    while process.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 1 << 16)
            except OSError:
                break
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
