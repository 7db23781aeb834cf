"""Reading an article file's bytes: never blocking, never more than a bound, only regular files.

Every read of an article file goes through here. The name is opened non-blocking, so that a
named pipe, a device or a file that became one since it was found cannot stall the open; what
was actually opened is then checked (a regular file, not a folder, pipe, socket or device), and
at most `limit + 1` bytes are read. A file with nothing to read yet (`/proc/kmsg`) is refused
rather than waited on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Flags that exist only on some systems are left out where they do not (O_BINARY: Windows).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1 << 20


class NotReadable(Exception):
    """The path names something that is not a regular file to read; `reason` says what."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def kind_of(mode: int) -> str:
    """What a file of this mode is, in a few words: `a named pipe`, `a character device`."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def not_regular_reason(mode: int) -> str:
    """A problem's reason for a file of this mode that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kind = kind_of(mode)
    return "not a regular file" if kind == "not a regular file" else f"not a regular file ({kind})"


def read_bounded(path: Path, limit: int, *, refuse_larger: bool = True) -> bytes:
    """At most `limit + 1` bytes of the regular file at `path`, read without ever blocking.

    Raises NotReadable for anything but a regular file, for a file with nothing to read yet,
    and (with `refuse_larger`) for one whose size is over `limit`; OSError as the system
    raises it (missing, permission denied ...).
    """
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(not_regular_reason(info.st_mode))
        if refuse_larger and info.st_size > limit:
            raise NotReadable(f"file is {info.st_size:,} bytes, over the {limit:,} byte limit")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = os.read(descriptor, min(limit + 1 - size, _CHUNK))
            except BlockingIOError:
                if chunks:
                    break
                # A regular-looking file that makes readers wait (/proc/kmsg and the like).
                raise NotReadable(
                    "nothing to read (a special file that makes readers wait)"
                ) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
