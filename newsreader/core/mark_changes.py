"""A change of one article's mark, for the queue of changes waiting to be saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Mark:
    """One change of one article's mark: `column` ("read" or "starred") set to `value`."""

    article_id: str
    column: str
    value: bool

    def describe(self) -> str:
        """As a person would say it: `read 4a3791`, `unstarred 4a3791`."""
        word = self.column if self.value else f"un{self.column}"
        return f"{word} {self.article_id}"


def report_unsaved(unsaved: list[Mark], path: Path | None) -> str:
    """A sentence naming every change that could not be saved, for the end of a session."""
    where = f" in {path}" if path is not None else ""
    count = len(unsaved)
    changes = ", ".join(mark.describe() for mark in unsaved)
    return (
        f"{count} read/starred change{'s' if count != 1 else ''} could not be saved{where} "
        f"(the file stayed locked or could not be written): {changes}"
    )


def apply_marks(marked: set[str], changes: Iterable[Mark]) -> None:
    """Change the in-memory set of one column as `changes` say."""
    for mark in changes:
        if mark.value:
            marked.add(mark.article_id)
        else:
            marked.discard(mark.article_id)
