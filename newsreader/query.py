"""The filter language: text in, predicate out.

    robot arm                 both words, anywhere in title, excerpt, body or provider
    "exact phrase"            these words together, in this order
    -word  -provider:forbes   leave out what matches
    title:robot  provider:"The Statesman"  topic:AI  source:2023-10  url:techcrunch
    quality:>=80  quality:80  heat:<10
    after:2023-10-01  before:2023-11  date:2023-10     (year, month or day, local time)
    is:unread  is:read  is:starred
    a b OR c                  (a and b) or c: AND binds tighter than OR
    (a OR b) -c               parentheses group

Words and phrases match case-insensitively where a word begins: `robot` finds "Robots" and
"robotics" but not "chatbot"; `source:` and `url:` match anywhere in the path or address.
`parse_query` raises `QueryError` with the position of the problem for a caret under it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from newsreader.model import Article

TEXT_FIELDS = ("title", "provider", "topic")
ANYWHERE_FIELDS = ("source", "url")
NUMBER_FIELDS = ("quality", "heat")
DATE_FIELDS = ("after", "before", "date")
STATE_VALUES = ("unread", "read", "starred")
FIELDS = (*TEXT_FIELDS, *ANYWHERE_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "is")

# Typographic apostrophes fold to the plain one, so `AI's` finds the curly form too.
_APOSTROPHES = ("’", "‘", "ʼ", "′")
_NUMBER = re.compile(r"(>=|<=|>|<|=)?([-+]?\d+)\Z")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\Z")
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
    """What a query needs to know about read and starred marks (a StateStore will do)."""

    def is_read(self, article_id: str) -> bool: ...

    def is_starred(self, article_id: str) -> bool: ...


class NoState:
    """A state view in which nothing is read or starred."""

    def is_read(self, article_id: str) -> bool:
        return False

    def is_starred(self, article_id: str) -> bool:
        return False


NO_STATE = NoState()


# Search text -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text as searched: casefolded, apostrophes unified, runs of whitespace one space."""
    if not text:
        return ""
    text = text.casefold()
    if not text.isascii():
        # str.replace is many times faster than str.translate, and this runs per article.
        for apostrophe in _APOSTROPHES:
            text = text.replace(apostrophe, "'")
    return " ".join(text.split())


class SearchText:
    """One article's text, folded once, as every query reads it."""

    __slots__ = (
        "article",
        "everything",
        "provider",
        "published",
        "source",
        "title",
        "topic",
        "url",
    )

    def __init__(self, article: Article) -> None:
        self.article = article
        provider = article.provider
        self.title = fold(article.title)
        # Name and domain both, so `provider:techcrunch.com` works as well as the name.
        self.provider = (
            "\n".join(fold(part) for part in (provider.name, provider.domain) if part)
            if provider
            else ""
        )
        self.topic = "\n".join(fold(topic) for topic in article.topic_groups)
        # Fields are joined with newlines, which a phrase (single spaces) never spans.
        self.everything = "\n".join(
            part
            for part in (self.title, fold(article.excerpt), fold(article.body), self.provider)
            if part
        )
        self.source = str(article.source).casefold()
        self.url = "\n".join(url.casefold() for url in (article.url, article.web_url) if url)
        # A POSIX timestamp compares many times faster than an aware datetime.
        published = article.published_at
        self.published = published.timestamp() if published is not None else None


class SearchCache:
    """Search text per article, made the first time a query looks at that article.

    Entries are keyed by article id and remember the Article they were made from, so a
    reloaded article (a new object with the same id) gets fresh text.
    """

    def __init__(self) -> None:
        self._texts: dict[str, SearchText] = {}

    def get(self, article: Article) -> SearchText:
        text = self._texts.get(article.id)
        if text is None or text.article is not article:
            text = self._texts[article.id] = SearchText(article)
        return text

    def prepare(self, articles: Iterable[Article]) -> None:
        """Make the text for these articles now (in a worker, say) rather than on first use."""
        for article in articles:
            self.get(article)

    def forget(self, keep: Iterable[Article] = ()) -> None:
        """Drop every entry except those for `keep` (after a reload, to free memory)."""
        wanted = {article.id for article in keep}
        self._texts = {key: text for key, text in self._texts.items() if key in wanted}

    def __len__(self) -> int:
        return len(self._texts)


SEARCH_CACHE = SearchCache()
"""The cache a query uses unless it is given another."""


def _found(haystack: str, needle: str, at_word_start: bool) -> bool:
    """Whether `needle` is in `haystack`, only where a word begins if `at_word_start`."""
    at = haystack.find(needle)
    if at <= 0 or not at_word_start:
        return at != -1
    while at > 0 and haystack[at - 1].isalnum():
        at = haystack.find(needle, at + 1)
    return at != -1


def _starts_word(needle: str) -> bool:
    """Whether a needle is matched only at word starts: it begins with a letter or digit."""
    first = needle[0]
    # Scripts written without spaces (Chinese, Japanese) have no word starts to look for.
    return first.isalnum() and unicodedata.east_asian_width(first) not in ("W", "F")


# The parsed query ------------------------------------------------------------------------


class _Node(Protocol):
    def test(self, item: SearchText, state: StateView) -> bool: ...


@dataclass(frozen=True, slots=True)
class _AnyText:
    needle: str
    at_word_start: bool

    def test(self, item: SearchText, state: StateView) -> bool:
        return _found(item.everything, self.needle, self.at_word_start)


@dataclass(frozen=True, slots=True)
class _FieldText:
    field: str
    needle: str
    at_word_start: bool

    def test(self, item: SearchText, state: StateView) -> bool:
        return _found(getattr(item, self.field), self.needle, self.at_word_start)


@dataclass(frozen=True, slots=True)
class _Anywhere:
    field: str
    needle: str

    def test(self, item: SearchText, state: StateView) -> bool:
        return self.needle in getattr(item, self.field)


@dataclass(frozen=True, slots=True)
class _Number:
    field: str
    operator: str
    number: int

    def test(self, item: SearchText, state: StateView) -> bool:
        value = getattr(item.article, self.field)
        if value is None:
            return False
        if self.operator == ">=":
            return value >= self.number
        if self.operator == "<=":
            return value <= self.number
        if self.operator == ">":
            return value > self.number
        if self.operator == "<":
            return value < self.number
        return value == self.number


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


@dataclass(frozen=True, slots=True)
class _State:
    value: str

    def test(self, item: SearchText, state: StateView) -> bool:
        if self.value == "starred":
            return state.is_starred(item.article.id)
        return state.is_read(item.article.id) == (self.value == "read")


@dataclass(frozen=True, slots=True)
class _Not:
    node: _Node

    def test(self, item: SearchText, state: StateView) -> bool:
        return not self.node.test(item, state)


@dataclass(frozen=True, slots=True)
class _All:
    nodes: tuple[_Node, ...]

    def test(self, item: SearchText, state: StateView) -> bool:
        # A plain loop, not all(): this runs per article on every keystroke.
        for node in self.nodes:  # noqa: SIM110
            if not node.test(item, state):
                return False
        return True


@dataclass(frozen=True, slots=True)
class _Any:
    nodes: tuple[_Node, ...]

    def test(self, item: SearchText, state: StateView) -> bool:
        for node in self.nodes:  # noqa: SIM110
            if node.test(item, state):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query. `matches` tests one article; `filter` keeps the matching ones."""

    text: str
    root: _Node | None
    uses_state: bool = False
    """True when the query has `is:` terms, so a change of marks can change its result."""

    @property
    def is_empty(self) -> bool:
        """True for a query with no terms, which matches everything."""
        return self.root is None

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
        search_text = (SEARCH_CACHE if cache is None else cache).get
        test = self.root.test
        return [article for article in articles if test(search_text(article), state)]


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
    """Recursive descent: or := and ("OR" and)*; and := unary+; unary := "-" unary | primary."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.at = 0
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
        return nodes[0] if len(nodes) == 1 else _Any(tuple(nodes))

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
        return nodes[0] if len(nodes) == 1 else _All(tuple(nodes))

    def _unary(self) -> _Node:
        token = self.tokens[self.at]
        self.at += 1
        if token.kind == "not":
            following = self._peek()
            if following is None or following.kind in ("or", "close"):
                raise QueryError("'-' needs a word right after it, as in -sport", token.position)
            return _Not(self._unary())
        if token.kind == "open":
            following = self._peek()
            if following is not None and following.kind == "close":
                raise QueryError("empty parentheses", token.position)
            node = self._or()
            closing = self._peek()
            if closing is None or closing.kind != "close":
                raise QueryError("this '(' is never closed", token.position)
            self.at += 1
            return node
        return self._term(token)

    def _term(self, token: _Token) -> _Node:
        field, value = token.field, token.value
        if field is None:
            needle = fold(value)
            return _AnyText(needle, _starts_word(needle))
        if field in TEXT_FIELDS:
            needle = fold(value)
            return _FieldText(field, needle, _starts_word(needle))
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
