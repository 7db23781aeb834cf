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

from collections.abc import Iterable
from dataclasses import dataclass

from newsreader.model.records import Article
from newsreader.search.query_nodes import (
    NO_STATE,
    AllOf,
    AnyOf,
    AnyText,
    FieldText,
    Node,
    NoState,
    Not,
    QueryCancelled,
    StateView,
    Stop,
    TagTerm,
    narrows,
    never,
)
from newsreader.search.query_parse import (
    FIELDS,
    MAX_DEPTH,
    MAX_NUMBER_DIGITS,
    MAX_TERMS,
    QueryError,
    parse_tree,
)
from newsreader.search.search_text import SEARCH_CACHE, SearchCache, SearchIndex

__all__ = [
    "FIELDS",
    "MAX_DEPTH",
    "MAX_NUMBER_DIGITS",
    "MAX_TERMS",
    "NO_STATE",
    "NoState",
    "Query",
    "QueryCancelled",
    "QueryError",
    "SearchCache",
    "StateView",
    "parse_query",
    "parses",
]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query. `matches` tests one article; `filter` keeps the matching ones."""

    text: str
    root: Node | None
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
        pending: list[Node] = [self.root] if self.root is not None else []
        while pending:
            node = pending.pop()
            if isinstance(node, TagTerm):
                return True
            if isinstance(node, AllOf | AnyOf):
                pending.extend(node.nodes)
            elif isinstance(node, Not):
                pending.append(node.node)
        return False

    def highlight_terms(self) -> tuple[str, ...]:
        """The words and phrases the query looks for in text (not those it leaves out),
        casefolded, for highlighting matches."""
        terms: list[str] = []
        pending: list[Node] = [self.root] if self.root is not None else []
        while pending:
            node = pending.pop()
            if isinstance(node, AnyText | FieldText):
                terms.append(node.needle)
            elif isinstance(node, AllOf | AnyOf):
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
        cancelled: Stop = never,
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
    root, uses_state = parse_tree(text)
    return Query(text, root, uses_state)
