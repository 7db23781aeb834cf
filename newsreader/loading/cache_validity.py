"""What makes a load cache valid: each file's size and time (and when they cannot be trusted to
show a change), the digest of the code that loads files, and the signature of a prepared store."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsreader.model.records import LoadResult

# A file changed twice within this long of the cache being saved could keep its size and time
# (file systems keep times to a tick, some to a second): such a file is read again next time.
RACY_SECONDS = 1.0

# The packages whose code decides what a file loads as: a change to any module in them
# changes the fingerprint, so a cache made by other code is not used.
_CODE_PACKAGES = ("text", "model", "loading")


# A file's identity for the cache: its size and modification time (ns); None if it could not
# be looked at.
FileStat = tuple[int, int] | None


def file_stat(path: Path) -> FileStat:
    """The size and modification time of `path`, following links; None if unavailable."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size, info.st_mtime_ns


@dataclass(slots=True)
class FileRecords:
    """Each file's stat and what it loaded as, in the order the files were found."""

    paths: list[Path]
    stats: list[FileStat]
    results: list[LoadResult]
    saved_at: float

    def reusable(self) -> dict[str, tuple[FileStat, LoadResult]]:
        """Path -> (stat, result) for the files whose stat can be trusted to show a change."""
        return {
            str(path): (stat, result)
            for path, stat, result in zip(self.paths, self.stats, self.results, strict=True)
            if not racy(stat, self.saved_at)
        }


def racy(stat: FileStat, saved_at: float) -> bool:
    """Whether the file could have changed again since, keeping its size and time."""
    return stat is None or stat[1] >= (saved_at - RACY_SECONDS) * 1e9


_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """A digest of the code that decides what files load as (computed once a process)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent.parent
        for name in _CODE_PACKAGES:
            for module in sorted((package / name).glob("*.py")):
                digest.update(f"{name}/{module.name}".encode())
                digest.update(module.read_bytes())
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


def signature(paths: Sequence[str], stats: Sequence[FileStat], options: tuple[Any, ...]) -> str:
    """A digest of every path, size and time, and the options: what a prepared store is of."""
    digest = hashlib.sha256(repr(options).encode())
    digest.update(repr(list(paths)).encode("utf-8", "surrogatepass"))
    digest.update(repr(list(stats)).encode())
    return digest.hexdigest()
