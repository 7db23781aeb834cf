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
