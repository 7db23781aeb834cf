"""Start-up of the installed `newsreader` command under a pseudo-terminal."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsreader.bench.goals import BenchError
from newsreader.bench.terminal import ESCAPE, Terminal, shown

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
        for run in ESCAPE.split(output):
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

    def whole_count(output: str) -> bool:
        counts = _ARTICLE_COUNT.findall(shown(output))
        return bool(counts) and int(counts[-1].replace(",", "")) == article_count

    result = StartUp()
    terminal = Terminal([str(command), str(root)], env)
    try:
        result.first_frame = terminal.wait_for(spotter.seen_in, timeout, "an article title")
        result.load_complete = terminal.wait_for_unless_quiet(
            whole_count,
            max(timeout - terminal.now(), 0.0),
            "the whole count",
            quiet=QUIET_AFTER_FIRST_FRAME,
        )
        result.peak_rss_kib = terminal.peak_rss_kib()
    finally:
        terminal.close("q")
    return result
