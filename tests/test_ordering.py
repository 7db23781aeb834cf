"""Sort orders and groupings: directions, missing values last, stable ties, group names."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.model.records import Article, Provider
from newsreader.model.store import Group, Store
from newsreader.search.ordering import (
    Grouping,
    SortKey,
    first_groups,
    group_articles,
    layout_groups,
    pick_groups,
    sort_articles,
)


def article(
    article_id: str,
    title: str,
    when: datetime | None = None,
    quality: int | None = None,
    heat: int | None = None,
    provider: str | None = None,
    topics: tuple[str, ...] = (),
) -> Article:
    return Article(
        id=article_id,
        title=title,
        source=Path(f"/news/{article_id}.md"),
        published_at=when,
        quality=quality,
        heat=heat,
        provider=Provider(provider) if provider else None,
        topics=topics,
    )


def day(number: int, hour: int = 12) -> datetime:
    return datetime(2023, 10, number, hour, tzinfo=UTC)


A = article("a", "Alpha", day(1), quality=50, heat=3, provider="Forbes", topics=("AI",))
B = article("b", "“Bravo”", day(3), quality=90, provider="ars", topics=("AI", "Space"))
C = article("c", "charlie", day(2), heat=9, provider="Forbes")
D = article("d", "Delta", None, quality=50, heat=1)
E = article("e", "echo", day(3), quality=10, topics=("Space",))
ALL = [A, B, C, D, E]


def order(sort: str, reverse: bool = False) -> list[str]:
    return [item.id for item in sort_articles(ALL, sort, reverse)]


@pytest.mark.parametrize(
    ("sort", "reverse", "expected"),
    [
        # Same time for b and e: the title breaks the tie, as in Store.newest_first().
        ("newest", False, ["e", "b", "c", "a", "d"]),
        ("newest", True, ["a", "c", "e", "b", "d"]),
        # Equal quality (a, d): newest first between them, in both directions.
        ("quality", False, ["b", "a", "d", "e", "c"]),
        ("quality", True, ["e", "a", "d", "b", "c"]),
        ("heat", False, ["c", "a", "d", "e", "b"]),
        ("heat", True, ["d", "a", "c", "e", "b"]),
        # Leading quotes are passed over, case is ignored.
        ("title", False, ["a", "b", "c", "d", "e"]),
        ("title", True, ["e", "d", "c", "b", "a"]),
        # Equal providers (a, c): newest first; no provider (d, e) last, newest first.
        ("provider", False, ["b", "c", "a", "e", "d"]),
        ("provider", True, ["c", "a", "b", "e", "d"]),
    ],
)
def test_sorts_put_missing_values_last_in_both_directions(
    sort: str, reverse: bool, expected: list[str]
) -> None:
    assert order(sort, reverse) == expected


def test_the_default_is_newest_first_as_the_store_has_it() -> None:
    assert sort_articles(ALL) == sort_articles(ALL, SortKey.NEWEST)
    assert sort_articles(ALL) == Store.from_results(ALL).newest_first()


def test_an_unknown_sort_is_an_error() -> None:
    with pytest.raises(ValueError):
        sort_articles(ALL, "colour")


def names(groups: list[Group]) -> list[tuple[str, list[str]]]:
    return [(group.name, [item.id for item in group.articles]) for group in groups]


def test_topic_groups_list_an_article_under_each_topic() -> None:
    assert names(group_articles(ALL, Grouping.TOPIC)) == [
        ("AI", ["b", "a"]),
        ("Space", ["e", "b"]),
        ("Uncategorised", ["c", "d"]),
    ]


def test_groups_are_sorted_inside() -> None:
    assert names(group_articles(ALL, "topic", "quality", reverse=True)) == [
        ("AI", ["a", "b"]),
        ("Space", ["e", "b"]),
        ("Uncategorised", ["d", "c"]),
    ]


def test_provider_groups() -> None:
    assert names(group_articles(ALL, "provider")) == [
        ("ars", ["b"]),
        ("Forbes", ["c", "a"]),
        ("Unknown provider", ["e", "d"]),
    ]


def test_tag_groups_list_an_article_under_each_tag_with_untagged_last() -> None:
    tags = {"a": ("later",), "b": ("later", "Work"), "e": ("work-2",)}

    def tags_of(article_id: str) -> tuple[str, ...]:
        return tags.get(article_id, ())

    assert names(group_articles(ALL, Grouping.TAG, tags_of=tags_of)) == [
        ("later", ["b", "a"]),
        ("Work", ["b"]),
        ("work-2", ["e"]),
        ("Untagged", ["c", "d"]),
    ]
    # Without tags, every article is untagged.
    assert names(group_articles(ALL, "tag")) == [("Untagged", ["e", "b", "c", "a", "d"])]


def test_day_groups_follow_the_date_direction_with_undated_last() -> None:
    assert names(group_articles(ALL, "day")) == [
        ("2023-10-03", ["e", "b"]),
        ("2023-10-02", ["c"]),
        ("2023-10-01", ["a"]),
        ("Undated", ["d"]),
    ]
    assert [name for name, _ in names(group_articles(ALL, "day", "newest", True))] == [
        "2023-10-01",
        "2023-10-02",
        "2023-10-03",
        "Undated",
    ]
    # Other sorts keep the newest day first.
    assert names(group_articles(ALL, "day", "title", True))[0] == ("2023-10-03", ["e", "b"])


def test_day_groups_use_the_local_date() -> None:
    # The test suite runs in UTC; 23:30 UTC on the 1st is still the 1st.
    late = article("late", "Late", datetime(2023, 10, 1, 23, 30, tzinfo=UTC))
    assert names(group_articles([late], "day")) == [("2023-10-01", ["late"])]


def test_no_grouping_gives_one_group_and_no_articles_give_none() -> None:
    assert names(group_articles(ALL, "none", "title")) == [("All articles", list("abcde"))]
    for grouping in Grouping:
        assert group_articles([], grouping) == []


def test_first_groups_are_the_top_of_the_picked_groups_in_at_most_the_rows_asked() -> None:
    ordered = sort_articles(ALL, "newest")
    layout = layout_groups(ordered, "topic", "newest")
    kept = [at for at, item in enumerate(ordered) if item.id != "b"]
    whole = pick_groups(ordered, layout, kept)
    for rows in range(2, 9):
        top = first_groups(ordered, layout, lambda at: at in kept, rows, lambda: False)
        assert top is not None
        assert sum(len(group.articles) + 1 for group in top) <= rows
        assert not any(group.complete for group in top)
        assert [group.name for group in top] == [group.name for group in whole[: len(top)]]
        for group, whole_group in zip(top, whole, strict=False):
            assert whole_group.articles[: len(group.articles)] == group.articles
    everything = first_groups(ordered, layout, lambda at: at in kept, 100, lambda: False)
    assert names(everything) == names(whole)


def test_first_groups_give_up_when_asked() -> None:
    many = [article(f"x{n}", f"Story {n}", day(1 + n % 20)) for n in range(600)]
    layout = layout_groups(many, "none", "newest")
    asked: list[int] = []

    def give_up() -> bool:
        asked.append(1)
        return True

    assert first_groups(many, layout, lambda at: False, 10, give_up) is None
    assert asked, "a long search with nothing found asks whether to go on"
    assert first_groups(many, layout, lambda at: True, 10, give_up) is not None
