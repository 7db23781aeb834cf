"""Filtering a list at once, and filtering what a previous query kept, give what testing each
article on its own gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.model.records import Article, Provider
from newsreader.search.query import parse_query, parses
from newsreader.search.search_text import SearchCache, SearchIndex, found, word_start_search


def article(id: str, title: str, body: str = "", **fields: object) -> Article:
    return Article(id=id, title=title, source=Path(f"/x/{id}.md"), body=body, **fields)  # type: ignore[arg-type]


ARTICLES = [
    article(
        "a1",
        "Robots learn to walk",
        "A robotics lab in Zürich shows a robot arm.",
        provider=Provider("The Times", "times.com"),
        topics=("AI", "Robotics"),
        quality=80,
        heat=3,
        published_at=datetime(2023, 10, 6, tzinfo=UTC),
    ),
    article("b2", "Chatbot rules", "Lawmakers and the chatbot; robo-advisers.", quality=40),
    article("c3", "Straße und Maßnahmen", "Die STRASSE ist neu. ro_bot e-mail", heat=12),
    article(
        "d4",
        "Robotic arms, armed robots",
        "arm robot\n\narm",
        provider=Provider("Financial Times", "ft.com"),
        published_at=datetime(2023, 11, 2, tzinfo=UTC),
    ),
    article("e5", "", "x" * 50 + "robot"),
    article("f6", "AI’s role", "über robots, 3robots and ébots", topics=("AI",)),
]


class State:
    def is_read(self, article_id: str) -> bool:
        return article_id in ("a1", "c3")

    def is_starred(self, article_id: str) -> bool:
        return article_id == "d4"


def one_by_one(text: str) -> list[str]:
    query = parse_query(text)
    cache = SearchCache()
    return [item.id for item in ARTICLES if query.matches(item, State(), cache)]


def at_once(text: str, positions: list[int] | None = None) -> list[str]:
    index = SearchIndex(ARTICLES, SearchCache())
    return [ARTICLES[at].id for at in parse_query(text).select(index, positions, State())]


PIECES = st.sampled_from(
    ["r", "ro", "robot", "robots", "arm", "s", "t", "a", "str", "ß", "3", "é", "ai's", "e-", "_",
     "-", " ", " OR ", "(", ")", '"', "title:", "provider:", "topic:", "url:", "source:",
     "quality:>=50", "heat:<5", "after:2023-10", "date:2023-11", "is:read", "is:starred"]
)  # fmt: skip
QUERIES = st.lists(PIECES, min_size=1, max_size=8).map("".join)


@pytest.mark.parametrize(
    "text",
    ["robot", "r", "ro", "arm", "robot arm", '"robot arm"', "-robot", "robot OR chatbot",
     "title:robot", "provider:times", "topic:ai", "url:times", "strasse", "bot", "ai's",
     "quality:>=50", "heat:<5", "after:2023-10-10", "is:read", "is:starred -is:read", "e-mail"],
)  # fmt: skip
def test_filtering_at_once_matches_testing_each_article(text: str) -> None:
    assert at_once(text) == one_by_one(text)


def test_word_start_search_is_the_same_test_as_found() -> None:
    texts = ["robot", "a robot", "chatbot robot", "xrobot", "_robot", "3robot", "über", "éber"]
    for needle in ("robot", "r", "ber", "bot"):
        search = word_start_search(needle)
        for text in texts:
            assert bool(search(text)) == found(text, needle, True), (needle, text)


@settings(max_examples=300, deadline=None)
@given(QUERIES)
def test_any_query_filters_at_once_as_one_by_one(text: str) -> None:
    if parses(text):
        assert at_once(text) == one_by_one(text)


@settings(max_examples=400, deadline=None)
@given(QUERIES, QUERIES, st.booleans())
def test_a_narrower_query_on_what_a_wider_one_kept_is_a_fresh_filter(
    first: str, more: str, typed_on: bool
) -> None:
    # Either typed on from the first (as a filter is typed) or any other query.
    second = first + more if typed_on else more
    if not (parses(first) and parses(second)):
        return
    wider, narrower = parse_query(first), parse_query(second)
    if narrower.narrows(wider):
        index = SearchIndex(ARTICLES, SearchCache())
        kept = wider.select(index)
        assert at_once(second, kept) == one_by_one(second)


@pytest.mark.parametrize(
    ("wider", "narrower"),
    [("r", "ro"), ("ro", "robot"), ("robot", "robot arm"), ("robot", "arm robot"),
     ("robot OR chatbot", "robot"), ("-robots", "-robot"), ("robot a", "robot ar"),
     ("title:ro", "title:robot"), ("url:ti", "url:times"), ("", "anything"),
     ("(r OR c) a", "(ro OR ch) ar")],
)  # fmt: skip
def test_typing_on_narrows(wider: str, narrower: str) -> None:
    assert parse_query(narrower).narrows(parse_query(wider))


@pytest.mark.parametrize(
    ("wider", "narrower"),
    [("robot", "r"), ("robot", "robot OR chatbot"), ("-robot", "-robots"), ("ro", "or"),
     ("provider", "provider:t"), ("title:ro", "topic:robot"), ("is:read", "is:read robot"),
     ("anything", "")],
)  # fmt: skip
def test_other_changes_do_not_narrow(wider: str, narrower: str) -> None:
    assert not parse_query(narrower).narrows(parse_query(wider))
