"""The filter language: text in, predicate out.

    robot arm                 both words, anywhere in title, excerpt, body or provider
    "exact phrase"            these words together, in this order
    -word  -provider:forbes   leave out what matches
    title:robot  provider:"The Statesman"  topic:AI  source:2023-10  url:techcrunch
    quality:>=80  quality:80  heat:<10
    after:2023-10-01  before:2023-11  date:2023-10     (year, month or day, local time)
    is:unread  is:read  is:starred  tag:later   (marks: read, starred, and tags, any case)
    a b OR c                  (a and b) or c: AND binds tighter than OR
    (a OR b) -c               parentheses group

Words and phrases match case-insensitively where a word begins: `robot` finds "Robots" and
"robotics" but not "chatbot"; `source:` and `url:` match anywhere in the path or address.
`parse_query` raises `QueryError` with the position of the problem for a caret under it.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from newsreader.model.records import Article
from newsreader.search.search_text import (
    SEARCH_CACHE,
    SearchCache,
    SearchIndex,
    SearchText,
    fold,
    found,
    starts_word,
    word_start_search,
)
from newsreader.search.word_starts import needle_bits

TEXT_FIELDS = ("title", "provider", "topic")
ANYWHERE_FIELDS = ("source", "url")
NUMBER_FIELDS = ("quality", "heat")
DATE_FIELDS = ("after", "before", "date")
STATE_VALUES = ("unread", "read", "starred")
FIELDS = (*TEXT_FIELDS, *ANYWHERE_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "is", "tag")
# Search text columns that are part of `everything`, whose word beginnings its signature holds.
_IN_EVERYTHING = frozenset({"everything", "title", "provider"})

_NUMBER = re.compile(r"(>=|<=|>|<|=)?([-+]?\d+)\Z")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\Z")
# Parentheses and '-' inside one another, and terms, that one query may have.
MAX_DEPTH = 64
MAX_TERMS = 256
# Digits a quality: or heat: number may have (Python refuses to read over 4,300).
MAX_NUMBER_DIGITS = 15
# Characters that end a bare word; a quote also starts a phrase.
_WORD_END = frozenset(' \t\n\r\f\v()"')


class QueryError(ValueError):
    """A query that cannot be parsed; `position` is the 0-based index of the problem in it."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def pointer(self, text: str) -> str:
        """The query on one line and a caret under the problem on the next."""
        return f"{text}\n{' ' * self.position}^"


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


# The parsed query ------------------------------------------------------------------------


_Stop = Callable[[], bool]


def _never() -> bool:
    return False


class QueryCancelled(Exception):
    """Raised by `Query.select` when its `cancelled` says a newer query has taken over."""


class _Node(Protocol):
    def test(self, item: SearchText, state: StateView) -> bool:
        """Whether one article's text matches."""
        ...

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
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
class _AnyText:
    needle: str
    at_word_start: bool

    def test(self, item: SearchText, state: StateView) -> bool:
        return found(item.everything, self.needle, self.at_word_start)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        return _text_select(index, "everything", self.needle, self.at_word_start, positions)


@dataclass(frozen=True, slots=True)
class _FieldText:
    field: str
    needle: str
    at_word_start: bool

    def test(self, item: SearchText, state: StateView) -> bool:
        return found(getattr(item, self.field), self.needle, self.at_word_start)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        return _text_select(index, self.field, self.needle, self.at_word_start, positions)


@dataclass(frozen=True, slots=True)
class _Anywhere:
    field: str
    needle: str

    def test(self, item: SearchText, state: StateView) -> bool:
        return self.needle in getattr(item, self.field)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
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
class _Number:
    field: str
    operator: str
    number: int

    def test(self, item: SearchText, state: StateView) -> bool:
        value = getattr(item.article, self.field)
        return value is not None and _COMPARISONS[self.operator](value, self.number)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        column, compare, number = index.column(self.field), _COMPARISONS[self.operator], self.number
        return [
            at for at in positions if (value := column[at]) is not None and compare(value, number)
        ]


@dataclass(frozen=True, slots=True)
class _Published:
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
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        column = index.column("published")
        start = -math.inf if self.start is None else self.start
        end = math.inf if self.end is None else self.end
        return [
            at for at in positions if (moment := column[at]) is not None and start <= moment < end
        ]


@dataclass(frozen=True, slots=True)
class _State:
    value: str

    def test(self, item: SearchText, state: StateView) -> bool:
        return self._holds(item.article.id, state)

    def _holds(self, article_id: str, state: StateView) -> bool:
        if self.value == "starred":
            return state.is_starred(article_id)
        return state.is_read(article_id) == (self.value == "read")

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        ids = index.column("id")
        if self.value == "starred":
            is_starred = state.is_starred
            return [at for at in positions if is_starred(ids[at])]
        is_read, wanted = state.is_read, self.value == "read"
        return [at for at in positions if is_read(ids[at]) == wanted]


@dataclass(frozen=True, slots=True)
class _Tag:
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
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        ids = index.column("id")
        return [at for at in positions if self._tagged(ids[at], state)]


@dataclass(frozen=True, slots=True)
class _Not:
    node: _Node

    def test(self, item: SearchText, state: StateView) -> bool:
        return not self.node.test(item, state)

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
    ) -> list[int]:
        left_out = set(self.node.select(index, positions, state, stop))
        if not left_out:
            return positions
        return [at for at in positions if at not in left_out]


@dataclass(frozen=True, slots=True)
class _All:
    nodes: tuple[_Node, ...]

    def test(self, item: SearchText, state: StateView) -> bool:
        # A plain loop, not all(): this runs per article on every keystroke.
        for node in self.nodes:  # noqa: SIM110
            if not node.test(item, state):
                return False
        return True

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
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
class _Any:
    nodes: tuple[_Node, ...]

    def test(self, item: SearchText, state: StateView) -> bool:
        for node in self.nodes:  # noqa: SIM110
            if node.test(item, state):
                return True
        return False

    def select(
        self, index: SearchIndex, positions: list[int], state: StateView, stop: _Stop
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


def narrows(new: _Node | None, old: _Node | None) -> bool:
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
    if isinstance(old, _All):
        return all(narrows(new, node) for node in old.nodes)
    if isinstance(new, _Any):
        return all(narrows(node, old) for node in new.nodes)
    if isinstance(new, _All) and any(narrows(node, old) for node in new.nodes):
        return True
    if isinstance(old, _Any):
        return any(narrows(new, node) for node in old.nodes)
    if isinstance(new, _Not) and isinstance(old, _Not):
        return narrows(old.node, new.node)
    if isinstance(new, _AnyText | _FieldText) and type(new) is type(old):
        # The longer needle holds the shorter one where it starts, word start or not.
        same_field = not isinstance(new, _FieldText) or new.field == cast(_FieldText, old).field
        return (
            same_field
            and new.at_word_start == old.at_word_start
            and new.needle.startswith(old.needle)
        )
    if isinstance(new, _Anywhere) and isinstance(old, _Anywhere):
        return new.field == old.field and old.needle in new.needle
    return False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query. `matches` tests one article; `filter` keeps the matching ones."""

    text: str
    root: _Node | None
    uses_state: bool = False
    """True when the query has `is:` or `tag:` terms, so a change of marks can change its
    result."""

    @property
    def is_empty(self) -> bool:
        """True for a query with no terms, which matches everything."""
        return self.root is None

    @property
    def uses_tags(self) -> bool:
        """True when the query has `tag:` terms, so a change of tags can change its result."""
        pending: list[_Node] = [self.root] if self.root is not None else []
        while pending:
            node = pending.pop()
            if isinstance(node, _Tag):
                return True
            if isinstance(node, _All | _Any):
                pending.extend(node.nodes)
            elif isinstance(node, _Not):
                pending.append(node.node)
        return False

    def highlight_terms(self) -> tuple[str, ...]:
        """The words and phrases the query looks for in text (not those it leaves out),
        casefolded, for highlighting matches."""
        terms: list[str] = []
        pending: list[_Node] = [self.root] if self.root is not None else []
        while pending:
            node = pending.pop()
            if isinstance(node, _AnyText | _FieldText):
                terms.append(node.needle)
            elif isinstance(node, _All | _Any):
                pending.extend(reversed(node.nodes))
        return tuple(dict.fromkeys(terms))

    def matches(
        self, article: Article, state: StateView = NO_STATE, cache: SearchCache | None = None
    ) -> bool:
        if self.root is None:
            return True
        return self.root.test((SEARCH_CACHE if cache is None else cache).get(article), state)

    def filter(
        self,
        articles: Iterable[Article],
        state: StateView = NO_STATE,
        cache: SearchCache | None = None,
    ) -> list[Article]:
        """The articles that match, in the order given."""
        if self.root is None:
            return list(articles)
        index = SearchIndex(list(articles), cache)
        return [index.articles[at] for at in self.select(index, None, state)]

    def select(
        self,
        index: SearchIndex,
        positions: list[int] | None = None,
        state: StateView = NO_STATE,
        cancelled: _Stop = _never,
    ) -> list[int]:
        """The positions in `index` that match, in order: of `positions` when given (a
        narrower query need only look at what a wider one kept), else of the whole index.

        Raises QueryCancelled as soon as `cancelled` says so, between one term and the next.
        """
        if positions is None:
            positions = list(range(len(index)))
        if self.root is None:
            return positions
        return self.root.select(index, positions, state, cancelled)

    def narrows(self, previous: Query) -> bool:
        """Whether every article this query matches is sure to match `previous` as well, so
        that filtering what `previous` kept gives the same result as filtering everything."""
        if self.uses_state or previous.uses_state:
            return False  # marks change between queries
        return narrows(self.root, previous.root)


def parses(text: str) -> bool:
    """Whether `text` is a query that reads (see `parse_query`)."""
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


def parse_query(text: str) -> Query:
    """Parse a query; raises QueryError naming the problem and where it is."""
    parser = _Parser(text, _tokenize(text))
    root = parser.parse()
    return Query(text, root, parser.uses_state)


# Reading the text ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "term", "or", "not", "open" or "close"
    position: int
    value: str = ""
    value_position: int = 0
    field: str | None = None
    quoted: bool = False


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char.isspace():
            at += 1
        elif char in "()":
            tokens.append(_Token("open" if char == "(" else "close", at))
            at += 1
        elif char == "-":
            if at + 1 == len(text) or text[at + 1].isspace() or text[at + 1] == ")":
                raise QueryError("'-' needs a word right after it, as in -sport", at)
            tokens.append(_Token("not", at))
            at += 1
        elif char == '"':
            phrase, end = _read_quoted(text, at)
            tokens.append(_Token("term", at, phrase, at, quoted=True))
            at = end
        else:
            token, at = _read_word(text, at)
            tokens.append(token)
    return tokens


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """The text between the quote at `start` and its partner (\\" for a quote inside)."""
    chars: list[str] = []
    at = start + 1
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and text[at + 1] in '"\\':
            chars.append(text[at + 1])
            at += 2
        elif char == '"':
            if not "".join(chars).strip():
                raise QueryError("empty quotes: put words between them", start)
            return "".join(chars), at + 1
        else:
            chars.append(char)
            at += 1
    raise QueryError("this quote is never closed", start)


def _read_word(text: str, start: int) -> tuple[_Token, int]:
    end = start
    while end < len(text) and text[end] not in _WORD_END:
        end += 1
    word = text[start:end]
    if word == "OR":
        return _Token("or", start), end
    name, colon, value = word.partition(":")
    if not colon or not name.isalpha():
        # `10:30` or `c++`: a plain word.
        return _Token("term", start, word, start), end
    field = name.lower()
    if field not in FIELDS:
        raise QueryError(
            f"unknown field '{name}:' (fields: {', '.join(FIELDS)}; "
            "to search for words with a colon, put them in quotes)",
            start,
        )
    value_position = start + len(name) + 1
    if value:
        return _Token("term", start, value, value_position, field), end
    if end < len(text) and text[end] == '"':
        phrase, after = _read_quoted(text, end)
        return _Token("term", start, phrase, value_position, field, quoted=True), after
    raise QueryError(f"'{name}:' needs a value right after the colon", value_position)


# Building the tree -----------------------------------------------------------------------


class _Parser:
    """Recursive descent: or := and ("OR" and)*; and := unary+; unary := "-" unary | primary.

    Bounded: at most MAX_DEPTH parentheses and '-' inside one another (so the descent, and every
    pass over the tree, stays far from Python's recursion limit) and MAX_TERMS terms.
    """

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.terms = 0
        self.uses_state = False

    def parse(self) -> _Node | None:
        if not self.tokens:
            return None
        node = self._or()
        token = self._peek()
        if token is not None:
            # Only a stray closing parenthesis stops the top level early.
            raise QueryError("')' has no '(' before it", token.position)
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self) -> _Node:
        nodes = [self._and()]
        while (token := self._peek()) is not None and token.kind == "or":
            self.at += 1
            following = self._peek()
            if following is None or following.kind in ("or", "close"):
                raise QueryError("OR needs something to match on both sides", token.position)
            nodes.append(self._and())
        # A term written twice is tested once.
        unique = tuple(dict.fromkeys(nodes))
        return unique[0] if len(unique) == 1 else _Any(unique)

    def _and(self) -> _Node:
        nodes: list[_Node] = []
        while (token := self._peek()) is not None and token.kind not in ("or", "close"):
            nodes.append(self._unary())
        if not nodes:
            token = self._peek()
            if token is not None and token.kind == "or":
                raise QueryError("OR needs something to match on both sides", token.position)
            position = token.position if token is not None else len(self.text)
            raise QueryError("expected something to match here", position)
        unique = tuple(dict.fromkeys(nodes))
        return unique[0] if len(unique) == 1 else _All(unique)

    def _unary(self) -> _Node:
        token = self.tokens[self.at]
        self.at += 1
        if token.kind in ("not", "open"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(
                    f"nested too deeply: at most {MAX_DEPTH} parentheses and '-' inside one "
                    "another",
                    token.position,
                )
            try:
                return self._inner(token)
            finally:
                self.depth -= 1
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(
                f"too many terms: a query can have at most {MAX_TERMS}", token.position
            )
        return self._term(token)

    def _inner(self, token: _Token) -> _Node:
        """What follows a '-' or is inside a '('."""
        if token.kind == "not":
            following = self._peek()
            if following is None or following.kind in ("or", "close"):
                raise QueryError("'-' needs a word right after it, as in -sport", token.position)
            return _Not(self._unary())
        following = self._peek()
        if following is not None and following.kind == "close":
            raise QueryError("empty parentheses", token.position)
        node = self._or()
        closing = self._peek()
        if closing is None or closing.kind != "close":
            raise QueryError("this '(' is never closed", token.position)
        self.at += 1
        return node

    def _term(self, token: _Token) -> _Node:
        field, value = token.field, token.value
        if field is None:
            needle = fold(value)
            return _AnyText(needle, starts_word(needle))
        if field in TEXT_FIELDS:
            needle = fold(value)
            return _FieldText(field, needle, starts_word(needle))
        if field in ANYWHERE_FIELDS:
            return _Anywhere(field, value.casefold())
        if field in NUMBER_FIELDS:
            return _number(field, value, token.value_position)
        if field in DATE_FIELDS:
            start, end = _period(value, token.value_position)
            if field == "after":
                return _Published(start, None)
            if field == "before":
                return _Published(None, start)
            return _Published(start, end)
        if field == "tag":
            self.uses_state = True
            return _Tag(value.casefold())
        state = value.lower()
        if state not in STATE_VALUES:
            raise QueryError(
                f"unknown state '{value}'; use is:unread, is:read or is:starred",
                token.value_position,
            )
        self.uses_state = True
        return _State(state)


def _number(field: str, value: str, position: int) -> _Number:
    found = _NUMBER.match(value)
    if found is None:
        operator = re.match(r"(>=|<=|>|<|=)?", value)
        skip = len(operator.group(0)) if operator else 0
        raise QueryError(
            f"'{field}:' needs a whole number, as in {field}:>=80 or {field}:<10",
            position + skip,
        )
    digits = found.group(2).lstrip("+-")
    if len(digits) > MAX_NUMBER_DIGITS:
        skip = len(found.group(1) or "")
        raise QueryError(
            f"'{field}:' number is too large (at most {MAX_NUMBER_DIGITS} digits)", position + skip
        )
    return _Number(field, found.group(1) or "=", int(found.group(2)))


def _period(value: str, position: int) -> tuple[float, float]:
    """The local start of the year, month or day written, and the start of the next one."""
    found = _DATE.match(value)
    if found is None:
        raise QueryError("expected a year, month or day: 2023, 2023-10 or 2023-10-06", position)
    year = int(found.group(1))
    month = int(found.group(2) or 1)
    day = int(found.group(3) or 1)
    try:
        start = datetime(year, month, day)
    except ValueError:
        raise QueryError(f"there is no such date as {value}", position) from None
    try:
        if found.group(3):
            following = start + timedelta(days=1)
        elif found.group(2):
            following = datetime(year + month // 12, month % 12 + 1, 1)
        else:
            following = datetime(year + 1, 1, 1)
        # Naive times are taken as the reader's local time.
        return start.timestamp(), following.timestamp()
    except (ValueError, OverflowError, OSError):
        raise QueryError(f"{value} is too far in the past or future", position) from None
