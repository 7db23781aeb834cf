"""The parsed query's tree: one node per term, AND, OR and '-', and how each finds its matches.

Every node can `test` one article's search text, or `select` the matching positions of a
`SearchIndex` (the fast path: column by column, each term looking only at what the terms before
it kept). `narrows` tells whether one tree matches a subset of what another does.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from newsreader.search.search_text import (
    SearchIndex,
    SearchText,
    found,
    word_start_search,
)
from newsreader.search.word_starts import needle_bits

# Search text columns that are part of `everything`, whose word beginnings its signature holds.
_IN_EVERYTHING = frozenset({"everything", "title", "provider"})


class StateView(Protocol):
    """What a query needs to know about marks: read, starred, tags (a StateStore will do)."""

    def is_read(self, article_id: str) -> bool: ...

    def is_starred(self, article_id: str) -> bool: ...

    def tags_of(self, article_id: str) -> tuple[str, ...]: ...

    @property
    def tags_version(self) -> int:
        """A number that changes whenever any article's tags change."""
        ...


class NoState:
    """A state view in which nothing is read, starred or tagged."""

    def is_read(self, article_id: str) -> bool:
        return False

    def is_starred(self, article_id: str) -> bool:
        return False

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return ()

    @property
    def tags_version(self) -> int:
        return 0


NO_STATE = NoState()


Stop = Callable[[], bool]


def never() -> bool:
    """A `cancelled` that never says so."""
    return False


class QueryCancelled(Exception):
    """Raised by `Query.select` when its `cancelled` says a newer query has taken over."""


class Node(Protocol):
    """One term, or AND, OR or '-' of terms."""

    def test(self, item: SearchText, state: StateView) -> bool:
        """Whether one article's text matches."""
        ...

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        """Those of `positions` (in `index`) that match, in the order given."""
        ...


def _text_select(
    index: SearchIndex, field: str, needle: str, at_word_start: bool, positions: list[int]
) -> list[int]:
    column = index.column(field)
    bits = needle_bits(needle) if at_word_start and field in _IN_EVERYTHING else None
    if bits is not None:
        # Texts without a word beginning as the needle does are passed over by their word
        # beginnings alone (see newsreader.search.word_starts): a needle found inside words only
        # ("pro" in "approves") would otherwise be looked for to the end of every text.
        signatures = index.column("word_starts")
        positions = [at for at in positions if signatures[at] & bits == bits]
    # The plain substring test runs first: it is the fastest way to pass over text that does
    # not hold the needle at all, and most text that does holds it at a word start.
    hits = [at for at in positions if needle in column[at]]
    if not at_word_start:
        return hits
    search = word_start_search(needle)
    return [at for at in hits if search(column[at])]


@dataclass(frozen=True, slots=True)
class AnyText:
    """A word or phrase anywhere in title, excerpt, body or provider."""

    needle: str
    at_word_start: bool

    def test(self, item: SearchText, state: StateView) -> bool:
        return found(item.everything, self.needle, self.at_word_start)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        return _text_select(index, "everything", self.needle, self.at_word_start, positions)


@dataclass(frozen=True, slots=True)
class FieldText:
    """A word or phrase in one field (`title:`, `provider:`, `topic:`)."""

    field: str
    needle: str
    at_word_start: bool

    def test(self, item: SearchText, state: StateView) -> bool:
        return found(getattr(item, self.field), self.needle, self.at_word_start)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        return _text_select(index, self.field, self.needle, self.at_word_start, positions)


@dataclass(frozen=True, slots=True)
class Anywhere:
    """Text anywhere in the path or address (`source:`, `url:`), not only where a word starts."""

    field: str
    needle: str

    def test(self, item: SearchText, state: StateView) -> bool:
        return self.needle in getattr(item, self.field)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        column, needle = index.column(self.field), self.needle
        return [at for at in positions if needle in column[at]]


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}


@dataclass(frozen=True, slots=True)
class NumberTerm:
    """A comparison with `quality` or `heat` (`quality:>=80`)."""

    field: str
    operator: str
    number: int

    def test(self, item: SearchText, state: StateView) -> bool:
        value = getattr(item.article, self.field)
        return value is not None and _COMPARISONS[self.operator](value, self.number)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        column, compare, number = index.column(self.field), _COMPARISONS[self.operator], self.number
        return [
            at for at in positions if (value := column[at]) is not None and compare(value, number)
        ]


@dataclass(frozen=True, slots=True)
class Published:
    """Published at or after `start` (when given) and before `end` (when given), as timestamps."""

    start: float | None
    end: float | None

    def test(self, item: SearchText, state: StateView) -> bool:
        moment = item.published
        if moment is None:
            return False
        return (self.start is None or moment >= self.start) and (
            self.end is None or moment < self.end
        )

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        column = index.column("published")
        start = -math.inf if self.start is None else self.start
        end = math.inf if self.end is None else self.end
        return [
            at for at in positions if (moment := column[at]) is not None and start <= moment < end
        ]


@dataclass(frozen=True, slots=True)
class StateTerm:
    """Read, unread or starred (`is:`)."""

    value: str

    def test(self, item: SearchText, state: StateView) -> bool:
        return self._holds(item.article.id, state)

    def _holds(self, article_id: str, state: StateView) -> bool:
        if self.value == "starred":
            return state.is_starred(article_id)
        return state.is_read(article_id) == (self.value == "read")

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        ids = index.column("id")
        if self.value == "starred":
            is_starred = state.is_starred
            return [at for at in positions if is_starred(ids[at])]
        is_read, wanted = state.is_read, self.value == "read"
        return [at for at in positions if is_read(ids[at]) == wanted]


@dataclass(frozen=True, slots=True)
class TagTerm:
    """Tagged with this name (casefolded), in any case."""

    name: str

    def test(self, item: SearchText, state: StateView) -> bool:
        return self._tagged(item.article.id, state)

    def _tagged(self, article_id: str, state: StateView) -> bool:
        # A plain loop, not any(): this runs per article on every keystroke.
        for tag in state.tags_of(article_id):  # noqa: SIM110
            if tag.casefold() == self.name:
                return True
        return False

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        ids = index.column("id")
        return [at for at in positions if self._tagged(ids[at], state)]


@dataclass(frozen=True, slots=True)
class Not:
    """Leaves out what `node` matches ('-')."""

    node: Node

    def test(self, item: SearchText, state: StateView) -> bool:
        return not self.node.test(item, state)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        left_out = set(self.node.select(index, positions, state, stop))
        if not left_out:
            return positions
        return [at for at in positions if at not in left_out]


@dataclass(frozen=True, slots=True)
class AllOf:
    """Matches what every one of `nodes` matches (terms side by side)."""

    nodes: tuple[Node, ...]

    def test(self, item: SearchText, state: StateView) -> bool:
        # A plain loop, not all(): this runs per article on every keystroke.
        for node in self.nodes:  # noqa: SIM110
            if not node.test(item, state):
                return False
        return True

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        # Each term only looks at what the terms before it kept.
        for node in self.nodes:
            if not positions:
                break
            if stop():
                raise QueryCancelled
            positions = node.select(index, positions, state, stop)
        return positions


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Matches what any one of `nodes` matches (OR)."""

    nodes: tuple[Node, ...]

    def test(self, item: SearchText, state: StateView) -> bool:
        for node in self.nodes:  # noqa: SIM110
            if node.test(item, state):
                return True
        return False

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: Stop
    ) -> list[int]:
        # Each alternative only looks at what the alternatives before it did not take.
        taken: set[int] = set()
        rest = positions
        for node in self.nodes:
            if not rest:
                break
            if stop():
                raise QueryCancelled
            taken.update(node.select(index, rest, state, stop))
            rest = [at for at in rest if at not in taken]
        return [at for at in positions if at in taken]


def narrows(new: Node | None, old: Node | None) -> bool:
    """Whether everything `new` matches is sure to match `old` too (False when unsure).

    True for the ways a query grows as it is typed: a word or phrase made longer at its end
    (`rob` to `robot`), a term added (`robot` to `robot arm`), an alternative dropped.
    """
    if old is None:
        return True
    if new is None:
        return False
    if new == old:
        return True
    if isinstance(old, AllOf):
        return all(narrows(new, node) for node in old.nodes)
    if isinstance(new, AnyOf):
        return all(narrows(node, old) for node in new.nodes)
    if isinstance(new, AllOf) and any(narrows(node, old) for node in new.nodes):
        return True
    if isinstance(old, AnyOf):
        return any(narrows(new, node) for node in old.nodes)
    if isinstance(new, Not) and isinstance(old, Not):
        return narrows(old.node, new.node)
    if isinstance(new, AnyText | FieldText) and type(new) is type(old):
        # The longer needle holds the shorter one where it starts, word start or not.
        same_field = not isinstance(new, FieldText) or new.field == cast(FieldText, old).field
        return (
            same_field
            and new.at_word_start == old.at_word_start
            and new.needle.startswith(old.needle)
        )
    if isinstance(new, Anywhere) and isinstance(old, Anywhere):
        return new.field == old.field and old.needle in new.needle
    return False
