"""The load cache's folder kept tidy: the newest MAX_CACHE_FILES caches kept, and the temporary
files of writes that were killed removed."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: temporary files are then removed by age
    fcntl = None  # type: ignore[assignment]

# The newest cache files kept; older ones (other folders read long ago) are removed.
MAX_CACHE_FILES = 8
TEMPORARY_PREFIX = ".tmp-"


def prune(folder: Path, keep: Path) -> None:
    """Remove all but the newest MAX_CACHE_FILES cache files, and abandoned temporary files."""
    remove_abandoned(folder)
    try:
        entries = [(entry.stat().st_mtime, Path(entry.path)) for entry in os.scandir(folder)]
    except OSError:
        return
    caches = sorted(
        (
            (mtime, path)
            for mtime, path in entries
            if path.suffix == ".pickle" and not path.name.startswith(TEMPORARY_PREFIX)
        ),
        reverse=True,
    )
    doomed = [
        path
        for index, (_mtime, path) in enumerate(caches)
        if path != keep and index >= MAX_CACHE_FILES
    ]
    for path in doomed:
        with contextlib.suppress(OSError):
            path.unlink()


def remove_abandoned(folder: Path) -> None:
    """Remove the temporary files of cache writes that were killed (`kill -9` mid-write).

    A writer holds a lock on its temporary file for as long as it writes it, and the system
    drops the lock when the writer's process ends: a temporary file that can be locked is
    abandoned, whatever its age. Where there are no such locks, an hour's age has to do.
    """
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return
    for name in names:
        if not (name.startswith(TEMPORARY_PREFIX) and name.endswith(".pickle")):
            continue
        path = folder / name
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if _abandoned(descriptor):
                path.unlink()
        except OSError:
            pass
        finally:
            os.close(descriptor)


def lock(descriptor: int) -> None:
    """Lock a temporary file while it is written (the lock goes with the process)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _abandoned(descriptor: int) -> bool:
    if fcntl is None:
        return os.fstat(descriptor).st_mtime < time.time() - 3600
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # still being written
    return True
