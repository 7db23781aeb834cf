"""A cache file's parts as streams: each read back as a file with its CRC-32 counted as it goes,
and written a piece at a time through a function."""

from __future__ import annotations

import zlib
from typing import Any, BinaryIO


class PartReader:
    """One part of a cache file, read as a file (by the unpickler, say) with its CRC-32
    counted as it goes; `check` then says whether all of it was read, undamaged."""

    def __init__(self, handle: BinaryIO, offset: int, length: int) -> None:
        handle.seek(offset)
        self._handle = handle
        self._left = length
        self.position = 0
        self._checksum = 0

    def read(self, size: int = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.read(size)
        if len(data) != size:
            raise EOFError("the cache file is shorter than its table of contents says")
        self._left -= size
        self.position += size
        self._checksum = zlib.crc32(data, self._checksum)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self) -> bytes:
        # Pickles of protocol 4 and up read lines for nothing the cache writes; kept simple.
        line = bytearray()
        while self._left and not line.endswith(b"\n"):
            line += self.read(1)
        return bytes(line)

    def check(self, checksum: int, name: str) -> None:
        # Pickle has no check of its own: damage inside a text would load as other text.
        if self._left or self._checksum != checksum:
            raise ValueError(f"the cache's {name} are damaged")


class PartSink:
    """A file-like object for the pickler that hands each piece to a function."""

    def __init__(self, write: Any) -> None:
        self.write = write
