"""The articles a folder holds already, by canonical URL and guid: what a fetch must not repeat.

Only the top of each file is read, and only its unindented `originalUrl:`, `webUrl:` and `guid:`
lines (indented ones belong to related articles), which is much quicker than loading the folder.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from newsreader.feeds.feed_text import unescape_url
from newsreader.loading.discover import ARTICLE_SUFFIXES, discover
from newsreader.text.sanitize import clean_line
from newsreader.text.urls import canonical_url

# Front matter with these keys keeps them near the top; related items come after.
HEAD_BYTES = 64 * 1024
# Files whose keys are remembered at most (about 300 bytes each).
MAX_REMEMBERED_FILES = 500_000
# path -> ((mtime, size, inode) when read, its keys)
_SEEN: dict[str, tuple[tuple[int, int, int], frozenset[str]]] = {}
_SEEN_LOCK = threading.Lock()
_KEY_LINE = re.compile(rb"^(originalUrl|webUrl|guid):[ \t]*(\S[^\r\n]*)$", re.MULTILINE)


class KnownArticles:
    """Keys (`url:` + canonical URL, `guid:` + guid) of the articles in some folders.

    Shared by the threads fetching into the same folder: `claim` checks and adds in one step,
    so the same story in two feeds is written once.
    """

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._keys = set(keys)
        self._lock = threading.Lock()

    @classmethod
    def in_folders(
        cls, folders: Sequence[Path], suffixes: Sequence[str] = ARTICLE_SUFFIXES
    ) -> KnownArticles:
        """The keys of every article file under `folders` (missing folders hold none)."""
        keys: set[str] = set()
        existing = [folder for folder in folders if folder.exists()]
        for path in discover(existing, suffixes).files:
            keys.update(file_keys(path))
        return cls(keys)

    def __len__(self) -> int:
        return len(self._keys)

    def knows(self, keys: Iterable[str]) -> bool:
        """Whether any of `keys` belongs to an article already there."""
        with self._lock:
            return any(key in self._keys for key in keys)

    def claim(self, keys: Sequence[str]) -> bool:
        """Add `keys` and return True, unless one of them is known already (then False)."""
        with self._lock:
            if any(key in self._keys for key in keys):
                return False
            self._keys.update(keys)
            return True

    def forget(self, keys: Iterable[str]) -> None:
        """Take back a claim whose article could not be written."""
        with self._lock:
            self._keys.difference_update(keys)


def file_keys(path: Path) -> frozenset[str]:
    """The keys of one article file, from the top of its front matter.

    Kept for as long as the file's size and time are unchanged, so that fetching again in a
    running reader (`fetch_every`) reads only the files that changed.
    """
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
            name = str(path)
            with _SEEN_LOCK:
                seen = _SEEN.get(name)
            if seen is not None and seen[0] == stamp:
                return seen[1]
            head = handle.read(HEAD_BYTES)
    except OSError:
        return frozenset()
    keys = _keys_in(head)
    with _SEEN_LOCK:
        if len(_SEEN) >= MAX_REMEMBERED_FILES:
            _SEEN.clear()
        _SEEN[name] = (stamp, keys)
    return keys


def _keys_in(head: bytes) -> frozenset[str]:
    keys: set[str] = set()
    for match in _KEY_LINE.finditer(head):
        value = _scalar(match.group(2))
        if not value:
            continue
        if match.group(1) == b"guid":
            keys.add("guid:" + value)
        else:
            keys.add("url:" + canonical_url(unescape_url(value)))
    return frozenset(keys)


def _scalar(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip()
    if text[:1] in ('"', "'"):
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            return ""
        text = value if isinstance(value, str) else ""
    return clean_line(text)
