"""Reading a query's text: tokens, the grammar, and `QueryError` with the caret under the problem.

    or := and ("OR" and)*;  and := unary+;  unary := "-" unary | "(" or ")" | term

Bounded: at most MAX_DEPTH parentheses and '-' inside one another and MAX_TERMS terms, and
numbers of at most MAX_NUMBER_DIGITS digits, whatever is typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsreader.search.query_nodes import (
    AllOf,
    AnyOf,
    AnyText,
    Anywhere,
    FieldText,
    Node,
    Not,
    NumberTerm,
    Published,
    StateTerm,
    TagTerm,
)
from newsreader.search.search_text import fold, starts_word

TEXT_FIELDS = ("title", "provider", "topic")
ANYWHERE_FIELDS = ("source", "url")
NUMBER_FIELDS = ("quality", "heat")
DATE_FIELDS = ("after", "before", "date")
STATE_VALUES = ("unread", "read", "starred")
FIELDS = (*TEXT_FIELDS, *ANYWHERE_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "is", "tag")
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


def parse_tree(text: str) -> tuple[Node | None, bool]:
    """The tree of `text` (None for no terms) and whether it has `is:` or `tag:` terms;
    raises QueryError naming the problem and where it is."""
    parser = _Parser(text, _tokenize(text))
    root = parser.parse()
    return root, parser.uses_state


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

    def parse(self) -> Node | None:
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

    def _or(self) -> Node:
        nodes = [self._and()]
        while (token := self._peek()) is not None and token.kind == "or":
            self.at += 1
            following = self._peek()
            if following is None or following.kind in ("or", "close"):
                raise QueryError("OR needs something to match on both sides", token.position)
            nodes.append(self._and())
        # A term written twice is tested once.
        unique = tuple(dict.fromkeys(nodes))
        return unique[0] if len(unique) == 1 else AnyOf(unique)

    def _and(self) -> Node:
        nodes: list[Node] = []
        while (token := self._peek()) is not None and token.kind not in ("or", "close"):
            nodes.append(self._unary())
        if not nodes:
            token = self._peek()
            if token is not None and token.kind == "or":
                raise QueryError("OR needs something to match on both sides", token.position)
            position = token.position if token is not None else len(self.text)
            raise QueryError("expected something to match here", position)
        unique = tuple(dict.fromkeys(nodes))
        return unique[0] if len(unique) == 1 else AllOf(unique)

    def _unary(self) -> Node:
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

    def _inner(self, token: _Token) -> Node:
        """What follows a '-' or is inside a '('."""
        if token.kind == "not":
            following = self._peek()
            if following is None or following.kind in ("or", "close"):
                raise QueryError("'-' needs a word right after it, as in -sport", token.position)
            return Not(self._unary())
        following = self._peek()
        if following is not None and following.kind == "close":
            raise QueryError("empty parentheses", token.position)
        node = self._or()
        closing = self._peek()
        if closing is None or closing.kind != "close":
            raise QueryError("this '(' is never closed", token.position)
        self.at += 1
        return node

    def _term(self, token: _Token) -> Node:
        field, value = token.field, token.value
        if field is None:
            needle = fold(value)
            return AnyText(needle, starts_word(needle))
        if field in TEXT_FIELDS:
            needle = fold(value)
            return FieldText(field, needle, starts_word(needle))
        if field in ANYWHERE_FIELDS:
            return Anywhere(field, value.casefold())
        if field in NUMBER_FIELDS:
            return _number(field, value, token.value_position)
        if field in DATE_FIELDS:
            start, end = _period(value, token.value_position)
            if field == "after":
                return Published(start, None)
            if field == "before":
                return Published(None, start)
            return Published(start, end)
        if field == "tag":
            self.uses_state = True
            return TagTerm(value.casefold())
        state = value.lower()
        if state not in STATE_VALUES:
            raise QueryError(
                f"unknown state '{value}'; use is:unread, is:read or is:starred",
                token.value_position,
            )
        self.uses_state = True
        return StateTerm(state)


def _number(field: str, value: str, position: int) -> NumberTerm:
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
    return NumberTerm(field, found.group(1) or "=", int(found.group(2)))


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
