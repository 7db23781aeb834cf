"""What a mark change is (read, star, or a named tag, set or cleared), and what a tag may be
called: shared by the local store (marks.py) and the sync folder's log (mark_log.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

READ = "read"
STAR = "star"
TAG = "tag"
MARKS = (READ, STAR, TAG)
MAX_TAG_LENGTH = 40
# Characters a tag may not hold: they end a word or group in the query language.
_NOT_IN_TAGS = frozenset('"()')


@dataclass(frozen=True, slots=True)
class MarkChange:
    """One mark set or cleared on one article: read, star, or the tag named."""

    article: str
    mark: str  # READ, STAR or TAG
    value: bool
    tag: str | None = None

    def describe(self) -> str:
        """As a person would say it: `read 4a3791`, `unstarred 4a3791`, `tagged 4a3791 ai`."""
        word = {READ: "read", STAR: "starred", TAG: "tagged"}[self.mark]
        said = f"{word if self.value else 'un' + word} {self.article}"
        return f"{said} {self.tag}" if self.mark == TAG else said


class Journal(Protocol):
    """Told of every change made through a StateStore (the sync folder's log)."""

    def changing(self) -> AbstractContextManager[object]:
        """Held around a change: `record` is called inside it before the change commits, and
        what it recorded commits as it ends, so that a crash at any point leaves the journal
        holding every change committed (a merge then makes the two agree again)."""
        ...

    def record(self, changes: Sequence[MarkChange]) -> None:
        """Note changes about to be committed."""
        ...


def check_tag(name: str) -> str:
    """A tag name as kept (outer spaces trimmed); ValueError saying what is wrong with it."""
    name = name.strip()
    if not name:
        raise ValueError("a tag needs a name")
    if len(name) > MAX_TAG_LENGTH:
        raise ValueError(f"a tag name has at most {MAX_TAG_LENGTH} characters")
    if name.startswith("-"):
        raise ValueError("a tag name cannot start with '-'")
    for char in name:
        if char.isspace() or not char.isprintable() or char in _NOT_IN_TAGS:
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            raise ValueError(f"a tag name cannot hold {shown} (one word, no spaces)")
    return name


def spelled_as_known(name: str, known: Iterable[str]) -> str:
    """`name` as an existing tag spells it when they differ only in case, else `name`."""
    folded = name.casefold()
    return next((tag for tag in known if tag.casefold() == folded), name)


def report_unsaved(unsaved: Sequence[MarkChange], path: Path | None) -> str:
    """A sentence naming every change that could not be saved, for the end of a session."""
    where = f" in {path}" if path is not None else ""
    count = len(unsaved)
    changes = ", ".join(change.describe() for change in unsaved)
    return (
        f"{count} mark change{'s' if count != 1 else ''} could not be saved{where} "
        f"(the file stayed locked or could not be written): {changes}"
    )
