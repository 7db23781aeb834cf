"""A feed to fetch, and how fetching it went: what the reader and the command line hand to
and get back from `fetch_feeds` (feeds/fetch.py), apart from the libraries that fetch and read
feeds, so that holding one costs no import of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsreader.feeds.http import Validators
from newsreader.feeds.subscriptions import Subscription


@dataclass(frozen=True, slots=True)
class FetchJob:
    """A feed to fetch, and the folder its new articles go to."""

    subscription: Subscription
    folder: Path


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How fetching one feed went."""

    url: str
    title: str = ""
    new: int = 0  # articles written
    already: int = 0  # items the folder had already
    unchanged: bool = False  # answered 304 Not Modified
    error: str | None = None
    written: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()
    # What the server said of this version, for the next conditional GET (None on failure).
    validators: Validators | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        """One line: the URL, then new / unchanged / the error."""
        if self.error is not None:
            return f"{self.url}: error: {self.error}"
        if self.unchanged:
            return f"{self.url}: unchanged (304)"
        already = f", {self.already:,} already there" if self.already else ""
        return f"{self.url}: {self.new:,} new{already}"
