"""The filter language: what parses, where errors point, and what matches."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.model.records import Article, Provider
from newsreader.search.query import NO_STATE, QueryError, SearchCache, parse_query


class Marks:
    """A state view over two sets of ids."""

    def __init__(
        self,
        read: Iterable[str] = (),
        starred: Iterable[str] = (),
        tags: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.read = set(read)
        self.starred = set(starred)
        self.tags = tags or {}
        self.tags_version = 0

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def is_starred(self, article_id: str) -> bool:
        return article_id in self.starred

    def tags_of(self, article_id: str) -> tuple[str, ...]:
        return self.tags.get(article_id, ())


def article(article_id: str, title: str, **fields: object) -> Article:
    fields.setdefault("source", Path(f"/news/{article_id}.md"))
    return Article(id=article_id, title=title, **fields)  # type: ignore[arg-type]


ROBOTS = article(
    "robots",
    "Robots learn to fold laundry",
    excerpt="A lab’s new arm handles towels.",
    body="The research team said the   robotic\narm was trained on video.",
    provider=Provider("The Statesman", "thestatesman.com"),
    topics=("AI", "AI in Robotics"),
    url="https://thestatesman.com/robots-laundry",
    quality=86,
    heat=12,
    published_at=datetime(2023, 10, 6, 23, 4, tzinfo=UTC),
    source=Path("/news/2023-10/robots.md"),
)
FILM = article(
    "film",
    "AI makes its way into film",
    excerpt="Studios and chatbots.",
    provider=Provider("TechCrunch", "techcrunch.com"),
    topics=("AI",),
    url="https://techcrunch.com/ai-film",
    quality=40,
    published_at=datetime(2023, 11, 19, 21, 7, tzinfo=UTC),
    source=Path("/news/2023-11/film.md"),
)
BARE = article("bare", "Notes copied from a newsletter", body="Said nothing of note.")
ALL = (ROBOTS, FILM, BARE)


def ids(text: str, marks: Marks | None = None) -> list[str]:
    query = parse_query(text)
    return [item.id for item in ALL if query.matches(item, marks or NO_STATE)]


# Parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_query_matches_everything(text: str) -> None:
    query = parse_query(text)
    assert query.is_empty
    assert query.filter(ALL) == list(ALL)


@pytest.mark.parametrize(
    ("text", "position", "says"),
    [
        ("robot colour:red", 6, "unknown field 'colour:'"),
        ("https://example.com", 0, "unknown field 'https:'"),
        ("quality:>=high", 10, "whole number"),
        ("quality:8o", 8, "whole number"),
        ("heat:<", 6, "whole number"),
        ("quality:", 8, "needs a value"),
        ("title: robot", 6, "needs a value"),
        ("after:2023-13", 6, "no such date"),
        ("date:2023-02-30", 5, "no such date"),
        ("before:23-10", 7, "expected a year, month or day"),
        ("before:yesterday", 7, "expected a year, month or day"),
        ("after:9999", 6, "too far"),
        ('robot "folds laundry', 6, "never closed"),
        ('provider:"The Statesman', 9, "never closed"),
        ('""', 0, "empty quotes"),
        ("robot OR", 6, "OR needs"),
        ("OR robot", 0, "OR needs"),
        ("robot OR OR film", 6, "OR needs"),
        ("(robot OR) film", 7, "OR needs"),
        ("robot -", 6, "'-' needs"),
        ("robot - film", 6, "'-' needs"),
        ("(robot -)", 7, "'-' needs"),
        ("(robot film", 0, "never closed"),
        ("robot) film", 5, "no '('"),
        ("robot ()", 6, "empty parentheses"),
        ("is:new", 3, "unknown state 'new'"),
    ],
)
def test_a_malformed_query_names_the_problem_and_where(text: str, position: int, says: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.position == position
    assert says in caught.value.message
    assert caught.value.pointer(text) == f"{text}\n{' ' * position}^"


@pytest.mark.parametrize(
    "text",
    [
        "10:30",
        "c++",
        "self-driving",
        "Title:robots",
        "IS:UNREAD",
        "-(robot film)",
        "a OR b OR c",
        "quality:=80",
        "heat:<-1",
        'title:"say \\"hi\\""',
        "source:C:\\news",
    ],
)
def test_queries_that_parse(text: str) -> None:
    parse_query(text)


def test_uses_state_only_with_is_terms() -> None:
    assert parse_query("-is:read robot").uses_state
    assert not parse_query("robot quality:>50").uses_state


# Matching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("robots", ["robots"]),
        ("ROBOTS laundry", ["robots"]),
        ("robot", ["robots"]),  # a word matches where a word begins...
        ("bot", []),  # ...not inside one ("chatbots", "Robots")
        ("towels", ["robots"]),  # excerpt
        ("video", ["robots"]),  # body
        ("statesman", ["robots"]),  # provider
        ("ai", ["film"]),  # not "said" in the bare note; topics are searched with topic:
        ("lab's", ["robots"]),  # a plain apostrophe finds the curly one
        ('"robotic arm"', ["robots"]),  # whitespace runs and line breaks fold
        ('"arm robotic"', []),
        ('"fold laundry"', ["robots"]),
        ('"laundry a lab"', []),  # a phrase does not run from the title into the excerpt
        ("-robots", ["film", "bare"]),
        ("laundry -film", ["robots"]),
        ("ai -film", []),
        ("film OR laundry", ["robots", "film"]),
        ("film robots OR note", ["bare"]),
        ("(film OR robots) -laundry", ["film"]),
        ("-(film OR robots)", ["bare"]),
    ],
)
def test_words_phrases_and_operators(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title:robots", ["robots"]),
        ("title:towels", []),
        ('provider:"The Statesman"', ["robots"]),
        ("provider:techcrunch.com", ["film"]),
        ("provider:crunch", []),
        ("-provider:techcrunch", ["robots", "bare"]),
        ("topic:ai", ["robots", "film"]),
        ('topic:"ai in robotics"', ["robots"]),
        ("topic:robotics", ["robots"]),
        ("topic:uncategorised", ["bare"]),
        ("source:2023-10", ["robots"]),
        ("source:bare.md", ["bare"]),
        ("url:crunch.com/ai", ["film"]),
        ("url:https", ["robots", "film"]),
    ],
)
def test_fields(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quality:>=86", ["robots"]),
        ("quality:>86", []),
        ("quality:86", ["robots"]),
        ("quality:<=40", ["film"]),
        ("quality:<86", ["film"]),
        ("-quality:>50", ["film", "bare"]),  # missing values fail the test, so pass its negation
        ("heat:<13", ["robots"]),
        ("heat:>0", ["robots"]),
    ],
)
def test_numbers(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("after:2023-10-06", ["robots", "film"]),  # the day itself is included
        ("after:2023-10-07", ["film"]),
        ("before:2023-10-07", ["robots"]),
        ("before:2023-10-06", []),  # up to the start of the day named
        ("before:2023-11", ["robots"]),
        ("after:2023-10 before:2023-11", ["robots"]),
        ("date:2023-10", ["robots"]),
        ("date:2023-10-06", ["robots"]),
        ("date:2023", ["robots", "film"]),
        ("date:2022", []),
        ("-date:2023", ["bare"]),  # undated articles match no date
    ],
)
def test_dates_in_utc(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.fixture
def in_new_york() -> Iterator[None]:
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


def test_dates_are_read_in_the_local_zone(in_new_york: None) -> None:
    # 2023-10-06 23:04 UTC is 19:04 on the 6th in New York; 21:07 UTC on 19 Nov is 16:07.
    assert ids("date:2023-10-06") == ["robots"]
    assert ids("date:2023-10-07") == []
    midnight = article("midnight", "Late", published_at=datetime(2023, 10, 7, 2, 0, tzinfo=UTC))
    assert parse_query("date:2023-10-06").matches(midnight)  # 22:00 on the 6th locally


def test_state_terms() -> None:
    marks = Marks(read={"robots", "bare"}, starred={"film"})
    assert ids("is:read", marks) == ["robots", "bare"]
    assert ids("is:unread", marks) == ["film"]
    assert ids("is:starred", marks) == ["film"]
    assert ids("-is:starred is:read", marks) == ["robots", "bare"]
    assert ids("is:unread OR is:starred", marks) == ["film"]
    assert ids("is:unread") == ["robots", "film", "bare"]  # no state: nothing read


def test_tag_terms_match_a_whole_tag_in_any_case() -> None:
    marks = Marks(tags={"robots": ("Later", "work"), "film": ("later-maybe",)})
    assert ids("tag:later", marks) == ["robots"]
    assert ids("tag:LATER-maybe", marks) == ["film"]
    assert ids("tag:lat", marks) == []  # a whole tag, not the start of one
    assert ids("-tag:work", marks) == ["film", "bare"]
    assert ids("tag:work OR tag:later-maybe", marks) == ["robots", "film"]
    assert ids("tag:later") == []  # no state: nothing tagged
    assert parse_query("tag:later").uses_state
    cache = SearchCache()
    assert parse_query("tag:work robot").filter(ALL, marks, cache) == [ROBOTS]


def test_filter_keeps_order_and_a_reloaded_article_is_searched_afresh() -> None:
    cache = SearchCache()
    query = parse_query("laundry")
    assert query.filter([FILM, ROBOTS, BARE], NO_STATE, cache) == [ROBOTS]
    edited = article("robots", "Robots fold shirts now")
    assert query.filter([edited], NO_STATE, cache) == []
    assert parse_query("shirts").filter([edited], NO_STATE, cache) == [edited]
    cache.forget(keep=[edited])
    assert len(cache) == 1


def test_words_in_scripts_without_spaces_match_anywhere() -> None:
    item = article("jp", "東京の人工知能ニュース")
    assert parse_query("人工知能").matches(item)


# Hostile queries: bounded depth, numbers and terms ------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "says"),
    [
        ("(" * 400 + "a" + ")" * 400, 64, "nested too deeply"),
        ("-" * 1000 + "a", 64, "nested too deeply"),
        ("(-" * 300 + "a" + ")" * 300, 64, "nested too deeply"),
        ("quality:" + "9" * 5000, 8, "too large"),
        ("heat:>=" + "1" * 4400, 7, "too large"),
        ("quality:<-" + "0" * 20, 9, "too large"),
        (
            " ".join(f"w{n}" for n in range(300)),
            len(" ".join(f"w{n}" for n in range(256))) + 1,
            "too many terms",
        ),
    ],
)
def test_hostile_queries_are_refused_with_a_caret(text: str, position: int, says: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert caught.value.position == position
    assert says in caught.value.message


def test_nesting_within_the_limit_parses_and_matches() -> None:
    query = parse_query("(" * 60 + "robot" + ")" * 60 + " " + "-" * 3 + "robot")
    assert [item.id for item in query.filter(ALL)] == []
    assert parse_query("-" * 64 + "robot").matches(ROBOTS)
    assert ids("(" * 60 + "robot" + ")" * 60) == ["robots"]


def test_a_term_written_many_times_is_tested_once() -> None:
    repeated = parse_query(" OR ".join(["ab"] * 200))
    assert repeated.root == parse_query("ab").root
    assert parse_query("robot robot film").root == parse_query("robot film").root


def test_a_newer_keystroke_stops_an_evaluation_between_terms() -> None:
    from newsreader.search.query import QueryCancelled
    from newsreader.search.search_text import SearchIndex

    index = SearchIndex(list(ALL))
    index.prepare()
    query = parse_query(" OR ".join(f"w{n}" for n in range(200)))
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(QueryCancelled):
        query.select(index, None, NO_STATE, cancelled)
    assert len(asked) == 4
    assert query.select(index, None, NO_STATE) == []


@pytest.mark.parametrize(
    ("text", "uses_tags"),
    [("tag:x", True), ("a (b OR -tag:x)", True), ("is:read", False), ("tagx", False), ("", False)],
)
def test_uses_tags_only_with_tag_terms(text: str, uses_tags: bool) -> None:
    assert parse_query(text).uses_tags is uses_tags
