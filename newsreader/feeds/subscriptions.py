"""The feeds subscribed to, and what the last fetch of each left behind.

The state of each feed (its ETag and Last-Modified for the next conditional GET, when it was
last fetched, how many new articles that wrote, the error if it failed) is kept in feeds.json in
the data folder, written to a temporary file and moved into place, so that a crash never leaves
half a file. A damaged or missing file only means every feed is fetched in full once more.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from newsreader.feeds.http import Validators

STATE_FILE_NAME = "feeds.json"
_STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed: its URL, a title to show, the folder its articles go to, topics to give them."""

    url: str
    title: str = ""
    folder: Path | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the last fetch of a feed left: validators, time, new articles written, error."""

    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None  # ISO 8601, UTC
    new_count: int = 0
    error: str | None = None

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


class FeedStates:
    """feeds.json in the data folder: the state of each feed, by URL; safe to share by threads."""

    def __init__(self, path: Path, states: Mapping[str, FeedState] | None = None) -> None:
        self.path = path
        self._states = dict(states or {})
        self._lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path) -> FeedStates:
        """The states kept in `folder` (none when the file is missing or damaged)."""
        path = folder / STATE_FILE_NAME
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return cls(path)
        feeds = table.get("feeds") if isinstance(table, dict) else None
        states: dict[str, FeedState] = {}
        for url, entry in (feeds or {}).items():
            if isinstance(url, str) and isinstance(entry, dict):
                states[url] = _state(entry)
        return cls(path, states)

    def get(self, url: str) -> FeedState:
        with self._lock:
            return self._states.get(url, FeedState())

    def record(
        self,
        url: str,
        fetched_at: datetime,
        *,
        new_count: int = 0,
        error: str | None = None,
        validators: Validators | None = None,
    ) -> None:
        """Note a fetch's outcome; validators are kept from before unless new ones are given."""
        with self._lock:
            state = self._states.get(url, FeedState())
            state = replace(
                state,
                fetched_at=fetched_at.isoformat(timespec="seconds"),
                new_count=new_count,
                error=error,
            )
            if validators is not None:
                state = replace(state, etag=validators.etag, last_modified=validators.last_modified)
            self._states[url] = state

    def save(self) -> None:
        """Write the file (atomically); raises OSError when the folder cannot be written."""
        with self._lock:
            table = {
                "version": _STATE_VERSION,
                "feeds": {url: asdict(state) for url, state in sorted(self._states.items())},
            }
        text = json.dumps(table, indent=1, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".feeds-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _state(entry: dict[str, object]) -> FeedState:
    def text(key: str) -> str | None:
        value = entry.get(key)
        return value if isinstance(value, str) else None

    count = entry.get("new_count")
    return FeedState(
        etag=text("etag"),
        last_modified=text("last_modified"),
        fetched_at=text("fetched_at"),
        new_count=count if isinstance(count, int) and not isinstance(count, bool) else 0,
        error=text("error"),
    )
