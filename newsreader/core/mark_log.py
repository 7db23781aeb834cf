"""The files in the sync folder: one log of mark changes per machine, `marks-<machine>.jsonl`.

Each line is one change, as JSON:

    {"at": "2026-12-03T08:01:02.123456Z", "counter": 17, "article": "4a3791c0be12", "op": "read"}
    {"at": "...", "counter": 18, "article": "4a3791c0be12", "op": "tag", "tag": "later"}

`op` is read, unread, star, unstar, tag or untag; `at` is when it was made (UTC) and `counter`
counts this machine's changes, so that two made in the same microsecond keep their order. A
machine only ever appends to its own file, so two machines never change the same file: a git
merge or a file sync has nothing to reconcile. Appends are whole lines written in one call and
flushed to disk (fsync) before they count; a line cut short by a crash is left behind as a
damaged line, which readers skip.

Reading remembers where it stopped (`ReadPoint`: the length read and a digest of those bytes),
so only new lines are read next time; a file that shrank or whose read part changed (compacted,
replaced) is read again from the start, which is harmless: merging is idempotent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from newsreader.core.mark_change import READ, STAR, TAG, MarkChange, check_tag

LOG_PREFIX = "marks-"
LOG_SUFFIX = ".jsonl"
# Machine ids and article ids: short words of letters, digits, '-' and '_'.
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")
_LOG_NAME = re.compile(rf"{re.escape(LOG_PREFIX)}([A-Za-z0-9_-]{{1,64}}){re.escape(LOG_SUFFIX)}\Z")
# Each op: the mark it changes and the value it gives.
OPS: dict[str, tuple[str, bool]] = {
    "read": (READ, True),
    "unread": (READ, False),
    "star": (STAR, True),
    "unstar": (STAR, False),
    "tag": (TAG, True),
    "untag": (TAG, False),
}
_OP_OF = {value: op for op, value in OPS.items()}
# Times outside these years are not ones a machine's clock gives (and would not compare as
# the logs write them).
EARLIEST_YEAR = 1970
LATEST_YEAR = 2999
# A line longer than this is not one of ours.
MAX_LINE_BYTES = 4096


class BadLine(ValueError):
    """A line of a log that is not a change newsreader wrote."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One change in a machine's log."""

    change: MarkChange
    at: datetime  # aware, UTC
    counter: int

    @property
    def key(self) -> tuple[str, str]:
        """What the change is about: (article id, "read" | "star" | "tag:NAME")."""
        change = self.change
        mark = f"{TAG}:{change.tag}" if change.mark == TAG else change.mark
        return change.article, mark

    def line(self) -> bytes:
        """The entry as a line of its log, newline included."""
        change = self.change
        record: dict[str, object] = {
            "at": format_time(self.at),
            "counter": self.counter,
            "article": change.article,
            "op": _OP_OF[(change.mark, change.value)],
        }
        if change.mark == TAG:
            record["tag"] = change.tag
        return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def format_time(moment: datetime) -> str:
    """A UTC time as the logs write it, to the microsecond: 2026-12-03T08:01:02.123456Z."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class _Line(msgspec.Struct):
    """A line as written; fields beyond these (from a newer newsreader) are passed over."""

    article: str
    op: str
    at: str
    counter: int
    tag: str | None = None


_DECODER = msgspec.json.Decoder(_Line)


def parse_line(raw: bytes) -> LogEntry:
    """One line of a log (without its newline); BadLine saying what is wrong."""
    if len(raw) > MAX_LINE_BYTES:
        raise BadLine(f"longer than {MAX_LINE_BYTES} bytes")
    try:
        line = _DECODER.decode(raw)
    except msgspec.ValidationError as error:
        raise BadLine(f"not a mark change ({error})") from None
    except msgspec.DecodeError:
        raise BadLine("not a JSON object") from None
    article, op, at, counter = line.article, line.op, line.at, line.counter
    if not _ID.match(article):
        raise BadLine(f"{article[:20]!r} is not an article id")
    if op not in OPS:
        raise BadLine(f"unknown op {op[:20]!r} (expected {', '.join(OPS)})")
    if counter < 0:
        raise BadLine("the counter is negative")
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise BadLine(f"{at[:40]!r} is not a time") from None
    if moment.tzinfo is None:
        raise BadLine("the time has no zone")
    moment = moment.astimezone(UTC)
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise BadLine(f"{at[:40]!r} is out of range ({EARLIEST_YEAR} to {LATEST_YEAR})")
    mark, value = OPS[op]
    tag: str | None = None
    if mark == TAG:
        if line.tag is None:
            raise BadLine("a tag op without a tag")
        try:
            tag = check_tag(line.tag)
        except ValueError as error:
            raise BadLine(str(error)) from None
    return LogEntry(MarkChange(article, mark, value, tag), moment, counter)


def log_name(machine: str) -> str:
    """The file name of a machine's log."""
    return f"{LOG_PREFIX}{machine}{LOG_SUFFIX}"


def machine_of(name: str) -> str | None:
    """The machine whose log a file name is, or None when it is not a log's name."""
    found = _LOG_NAME.match(name)
    return found.group(1) if found else None


def logs_in(folder: Path) -> list[Path]:
    """Every machine's log in the sync folder (regular files only), by name."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if machine_of(entry.name) is not None and entry.is_file(follow_symlinks=False)
    )


# Writing ---------------------------------------------------------------------------------


def append(path: Path, lines: Sequence[bytes]) -> None:
    """Add whole lines to a log in one write, then flush it to disk; OSError if it cannot.

    A file whose last line was cut short (a crash mid-write) gets a newline first, so that
    the damage stays on its own line and the new lines read whole.
    """
    data = b"".join(lines)
    if not data:
        return
    created = not path.exists()
    # Never through a link: a log replaced by one must not lead writes out of the folder.
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o644)
    try:
        size = os.fstat(descriptor).st_size
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            data = b"\n" + data
        written = os.write(descriptor, data)
        while written < len(data):  # a short write: the rest goes on
            written += os.write(descriptor, data[written:])
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    if created:
        _sync_folder(path.parent)


def replace_log(path: Path, lines: Iterable[bytes]) -> None:
    """Write a log anew, atomically: a temporary file beside it, flushed, moved into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for line in lines:
                stream.write(line)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a new name in `folder` durable (not possible everywhere; then it is skipped)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadPoint:
    """How much of a log has been read: its first `length` bytes, whose SHA-256 is `digest`."""

    length: int = 0
    digest: str = hashlib.sha256().hexdigest()


@dataclass(frozen=True, slots=True)
class Damage:
    """A line of a log that could not be read."""

    line: int
    reason: str
    fingerprint: str  # the line's digest, so it is reported once however often it is read


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """The complete lines of a log after a read point, and where reading stopped."""

    entries: list[LogEntry]
    damaged: list[Damage]
    point: ReadPoint
    from_start: bool  # the file was read from the beginning (new, shrunk or rewritten)


def read_log(path: Path, since: ReadPoint) -> ReadOutcome:
    """The lines added to a log since `since`; the whole file when its read part changed.

    A last line without its newline is still being written (or was cut short): it is left for
    the next read. OSError when the file cannot be read.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))  # never a link
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read()
    start = since.length
    hasher = hashlib.sha256(data[:start]) if start <= len(data) else None
    if hasher is None or hasher.hexdigest() != since.digest:
        start, hasher = 0, hashlib.sha256()
    end = data.rfind(b"\n") + 1
    if end < start:
        end = start
    entries: list[LogEntry] = []
    damaged: list[Damage] = []
    number = data.count(b"\n", 0, start)
    for raw in data[start:end].split(b"\n")[:-1]:
        number += 1
        text = raw.strip()
        if not text:
            continue
        try:
            entries.append(parse_line(text))
        except BadLine as error:
            damaged.append(Damage(number, str(error), hashlib.sha256(raw).hexdigest()))
    hasher.update(data[start:end])
    return ReadOutcome(entries, damaged, ReadPoint(end, hasher.hexdigest()), start == 0)
