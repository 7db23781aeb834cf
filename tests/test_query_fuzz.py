"""Property tests: any text is either a query or a QueryError, and a query never fails to run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.model.records import Article, Provider
from newsreader.search.query import QueryError, parse_query

ARTICLES = [
    Article(
        id="a1",
        title="Robots [bold] learn",
        source=Path("/x/2023/a.md"),
        excerpt="An “excerpt” with AI’s words",
        published_at=datetime(2023, 10, 6, tzinfo=UTC),
        url="https://a.example/robots",
        provider=Provider("The Statesman", "sbstatesman.com"),
        topics=("AI", "Robotics"),
        quality=80,
        heat=3,
        body="Body text.\n- a bullet",
    ),
    Article(id="b2", title="", source=Path("b.txt")),
]

QUERY_PIECES = st.sampled_from(
    [
        "robot",
        '"exact phrase"',
        "-word",
        "OR",
        "(",
        ")",
        "title:",
        "provider:",
        "topic:",
        "source:",
        "url:",
        "quality:",
        "heat:",
        ">=",
        "<",
        "80",
        "-1",
        "after:",
        "before:",
        "date:",
        "2023-10",
        "2023-13-45",
        "is:",
        "unread",
        "starred",
        '"',
        ":",
        "-",
        " ",
    ]
)


class State:
    def is_read(self, article_id: str) -> bool:
        return article_id == "a1"

    def is_starred(self, article_id: str) -> bool:
        return False


def check(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert error.message
        error.pointer(text)
        return
    for article in ARTICLES:
        assert isinstance(query.matches(article, State()), bool)
    query.highlight_terms()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_is_refused_with_a_position(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(QUERY_PIECES, max_size=12).map("".join))
def test_query_shaped_text_parses_or_is_refused_with_a_position(text: str) -> None:
    check(text)


# Hostile shapes: deep nesting, huge numbers, many terms: a QueryError or a query that runs.

OPENERS = st.sampled_from(["(", "-", "-(", "( -", "(a OR ", "(b "])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(OPENERS, st.integers(0, 1500)), min_size=1, max_size=3),
    st.sampled_from(["robot", "quality:80", "is:read", '"a b"']),
    st.booleans(),
)
def test_deeply_nested_queries_parse_or_are_refused(
    runs: list[tuple[str, int]], term: str, closed: bool
) -> None:
    openers = "".join(opener * count for opener, count in runs)
    text = openers + term
    if closed:
        text += ")" * openers.count("(")
    check(text)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["quality:", "heat:"]),
    st.sampled_from(["", ">=", "<=", ">", "<", "=", "-", "+", ">=-"]),
    st.one_of(
        st.text(alphabet="0123456789", min_size=1, max_size=40),
        st.integers(4000, 6000).map(lambda count: "9" * count),
    ),
)
def test_huge_numbers_parse_or_are_refused(field: str, operator: str, digits: str) -> None:
    check(f"{field}{operator}{digits}")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(["ab", "robot", "-x", "title:ai", "quality:>1", "(c OR d)"]),
        min_size=200,
        max_size=800,
    ),
    st.sampled_from([" ", " OR "]),
)
def test_many_terms_parse_or_are_refused(terms: list[str], joiner: str) -> None:
    check(joiner.join(terms))
