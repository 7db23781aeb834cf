"""Fetching the configured feeds from inside the reader: on `R`, and every `fetch_every`.

The fetch runs in a thread worker and writes article files; the folder watcher (or the rescan
that follows `R`) shows them. As each feed is done, its line becomes the header's status and a
notification; a feed's error also goes on the problems screen until the next fetch of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import App

from newsreader.feeds.fetch_job import FeedOutcome
from newsreader.text.sanitize import clean_line

# Fetches the configured feeds, calling back (from its thread) as each one is done.
Fetcher = Callable[[Callable[[FeedOutcome], None]], Sequence[FeedOutcome]]


class FeedFetching:
    """Runs one fetch at a time for `app`, and keeps what the feeds last said."""

    def __init__(
        self,
        app: App[Any],
        fetcher: Fetcher,
        status_changed: Callable[[], None],
        feed_count: int | None = None,
    ) -> None:
        """`feed_count`: how many feeds a fetch covers, when known (for "2 of 5")."""
        self._app = app
        self._feed_count = feed_count
        self._fetcher = fetcher
        self._status_changed = status_changed
        self.running = False
        # The header's line while a fetch runs (and its summary after), None before any.
        self.status: str | None = None
        # URL -> the error of its last fetch.
        self.errors: dict[str, str] = {}
        self._done = 0
        self._stopped = False

    def stop(self) -> None:
        """Start no more fetches (the reader is closing); one under way runs to its end."""
        self._stopped = True

    def start(self, then: Callable[[], None] | None = None) -> bool:
        """Fetch in a thread; `then` runs (on the UI thread) once every feed is done.

        False (and nothing started) while another fetch runs.
        """
        if self.running or self._stopped:
            return False
        self.running = True
        self._done = 0
        self.status = "fetching feeds…"
        self._status_changed()
        self._app.run_worker(
            lambda: self._run(then), thread=True, group="fetch", exit_on_error=False
        )
        return True

    def _run(self, then: Callable[[], None] | None) -> None:
        try:
            outcomes = list(self._fetcher(self._report))
        except Exception as error:  # a config that names no folder, a data folder not writable
            self._app.call_from_thread(self._failed, clean_line(str(error)))
            return
        self._app.call_from_thread(self._finished, outcomes, then)

    def _report(self, outcome: FeedOutcome) -> None:
        self._app.call_from_thread(self._feed_done, outcome)

    def _feed_done(self, outcome: FeedOutcome) -> None:
        self._done += 1
        line = clean_line(outcome.describe())
        of = f" of {self._feed_count}" if self._feed_count else ""
        self.status = f"fetching: {self._done}{of} done · {line}"
        if outcome.error is not None:
            self.errors[outcome.url] = clean_line(outcome.error)
            self._app.notify(line, severity="error", timeout=8, markup=False)
        else:
            self.errors.pop(outcome.url, None)
            self._app.notify(line, timeout=4, markup=False)
        self._status_changed()

    def _finished(self, outcomes: list[FeedOutcome], then: Callable[[], None] | None) -> None:
        self.running = False
        new = sum(outcome.new for outcome in outcomes)
        failed = sum(1 for outcome in outcomes if outcome.error is not None)
        failures = f", {failed} failed (press !)" if failed else ""
        feeds = f"{len(outcomes)} feed{'s' if len(outcomes) != 1 else ''}"
        self.status = f"fetched {feeds}: {new:,} new{failures}"
        self._status_changed()
        if then is not None:
            then()

    def _failed(self, reason: str) -> None:
        self.running = False
        self.status = None
        self._app.notify(
            f"The feeds could not be fetched: {reason}", severity="error", markup=False
        )
        self._status_changed()
