"""What the benchmark holds the reader to, its terminal, its own error, and its progress lines."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


# The goals the reader is held to.
FIRST_FRAME_GOAL = 0.6  # seconds from process start to a frame showing articles
COLD_GOAL = 0.6  # cold load time, as a multiple of the frontmatter.load baseline
WARM_GOAL = 0.1  # load with the cache present, same
KEY_P95_GOAL = 0.033  # seconds from a key press to the frame showing the next article
FILTER_P95_GOAL = 0.150  # seconds from a keystroke in the filter to the filtered list
RSS_GOAL = 0.6  # peak resident memory, as a multiple of the baseline's

WIDTH, HEIGHT = 120, 40
KEY_PRESSES = 200
ONE_WORD_QUERY = "robot"
FIELD_QUERY = "provider:times"
CHILD_KINDS = ("baseline", "baseline-held", "reader", "warm")


class BenchError(RuntimeError):
    """A measurement that could not be made; the message says why."""


_STARTED = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)
