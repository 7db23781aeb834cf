"""The store: lookups by id, URL and prefix, topic groups, duplicates and the summary line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.loading.collection import load_paths
from newsreader.model.records import UNCATEGORISED, Article, Note, Problem, Skipped
from newsreader.model.store import AmbiguousId, Store


def make(
    article_id: str,
    title: str = "",
    topics: tuple[str, ...] = (),
    day: int | None = None,
    url: str | None = None,
    source: str | None = None,
    notes: tuple[Note, ...] = (),
) -> Article:
    return Article(
        id=article_id,
        title=title or f"Title {article_id}",
        source=Path(source or f"/articles/{article_id}.md"),
        published_at=datetime(2023, 10, day, 12, 0, tzinfo=UTC) if day else None,
        url=url,
        topics=topics,
        notes=notes,
    )


def ids(articles: tuple[Article, ...] | list[Article]) -> list[str]:
    return [article.id for article in articles]


# Lookups -----------------------------------------------------------------------------------


def test_lookup_by_id_and_by_url() -> None:
    first = make("aaaa11112222", url="https://Site.example/story/")
    second = make("bbbb11112222")
    store = Store.from_results([first, second])
    assert store.get("aaaa11112222") is first
    assert store.get("cccc") is None
    # The same address spelled differently finds the same article.
    assert store.by_url("https://site.example/story") is first
    assert store.by_url("https://SITE.example/story/#comments") is first
    assert store.by_url("https://site.example/other") is None
    assert len(store) == 2
    assert store.articles == [first, second]


def test_find_by_id_or_unique_prefix() -> None:
    store = Store.from_results([make("abc111111111"), make("abc222222222"), make("def333333333")])
    assert store.find("def333333333") is not None
    assert ids([store.find("d")]) == ["def333333333"]  # type: ignore[list-item]
    assert ids([store.find("abc2")]) == ["abc222222222"]  # type: ignore[list-item]
    assert ids([store.find("  ABC1 ")]) == ["abc111111111"]  # type: ignore[list-item]
    assert store.find("f") is None
    assert store.find("") is None


def test_an_ambiguous_prefix_raises_with_every_match() -> None:
    store = Store.from_results([make("abc111111111"), make("abc222222222"), make("def333333333")])
    with pytest.raises(AmbiguousId) as raised:
        store.find("abc")
    assert raised.value.prefix == "abc"
    assert sorted(ids(raised.value.matches)) == ["abc111111111", "abc222222222"]
    # A full id that is also the prefix of nothing else is never ambiguous.
    assert store.find("abc111111111") is not None


# Grouping ----------------------------------------------------------------------------------


def test_groups_by_topic() -> None:
    store = Store.from_results(
        [
            make("a", topics=("AI", "Robots"), day=5),
            make("b", topics=("robots",), day=20),
            make("c", day=1),
            make("d", topics=("AI",), day=None),
            make("e", topics=("AI",), day=9),
            make("f", topics=("ai ethics",), day=2),
        ]
    )
    groups = {group.name: ids(group.articles) for group in store.groups_by_topic()}
    # Each article under each of its topics; newest first; undated last.
    assert groups == {
        "AI": ["e", "a", "d"],
        "ai ethics": ["f"],
        "Robots": ["a"],
        "robots": ["b"],
        UNCATEGORISED: ["c"],
    }
    # By name regardless of case, with the uncategorised group last.
    names = store.topics()
    assert names[-1] == UNCATEGORISED
    assert names[:-1] == sorted(names[:-1], key=str.casefold)


def test_undated_articles_come_last_ordered_by_title() -> None:
    store = Store.from_results(
        [
            make("x1", title="beta"),
            make("x2", title="Alpha"),
            make("x3", title="gamma", day=3),
            make("x4", title="delta", day=30),
        ]
    )
    assert ids(store.newest_first()) == ["x4", "x3", "x2", "x1"]
    [group] = store.groups_by_topic()
    assert group.name == UNCATEGORISED
    assert ids(group.articles) == ["x4", "x3", "x2", "x1"]


def test_groups_follow_articles_added_later() -> None:
    store = Store.from_results([make("a", topics=("AI",))])
    assert store.topics() == ["AI"]
    store.add(make("b", topics=("Space",)))
    assert store.topics() == ["AI", "Space"]


# Duplicates, problems and the summary ------------------------------------------------------


def test_the_same_url_in_a_second_file_is_a_duplicate_problem() -> None:
    first = make("id1", url="https://site.example/story", source="/a/2023-10-01.md")
    # A second file for the same story: another file date, the URL spelled differently.
    second = make("id2", url="https://site.example/story/", source="/b/2023-10-03.md")
    store = Store.from_results([first, second])
    assert store.articles == [first]
    [problem] = store.problems
    assert problem.source == Path("/b/2023-10-03.md")
    assert problem.reason == "duplicate of /a/2023-10-01.md"


def test_duplicate_files_on_disk_load_as_one_article(tmp_path: Path) -> None:
    text = '---\ntitle: "Same story"\noriginalUrl: https://site.example/story\n---\n'
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "2023-10-01.md").write_text(text)
    (tmp_path / "b" / "2023-10-05.md").write_text(text.replace("Same story", "Same story!"))
    store = load_paths([tmp_path])
    [article] = store.articles
    assert article.source == tmp_path / "a" / "2023-10-01.md"
    [problem] = store.problems
    assert problem.describe() == (
        f"{tmp_path / 'b' / '2023-10-05.md'}: duplicate of {tmp_path / 'a' / '2023-10-01.md'}"
    )
    assert store.summary() == "2 files, 1 articles, 1 problems, 0 skipped"


def test_field_notes_become_problems_with_their_lines() -> None:
    noted = make("n", notes=(Note("quality: expected a whole number, found a string", 7),))
    store = Store.from_results([noted])
    assert len(store) == 1
    assert store.problems == [
        Problem(noted.source, "quality: expected a whole number, found a string", 7)
    ]


def test_summary_counts_files_articles_problems_and_skips() -> None:
    store = Store.from_results(
        [
            make("a", url="https://x.example/1"),
            make("b", url="https://x.example/1"),  # duplicate: a problem
            make("c"),
            Problem(Path("/bad.md"), "front matter is not valid YAML", 3),
            Skipped(Path("/tags.md"), "no title or name"),
        ]
    )
    store.skipped_files = 2  # other file types found while walking
    store.add_problem(Problem(Path("/gone"), "no such file or folder"))
    assert store.summary() == "5 files, 2 articles, 3 problems, 3 skipped"
    assert store.skipped == 3


def test_summary_of_an_empty_store() -> None:
    assert Store().summary() == "0 files, 0 articles, 0 problems, 0 skipped"


def test_replace_files_forgets_and_takes_many_files_at_once() -> None:
    def article(name: str, title: str) -> Article:
        return Article(id=f"id-{title}", title=title, source=Path(name), url=f"https://x/{title}")

    store = Store.from_results(
        [
            article("a.md", "A"),
            article("b.md", "B"),
            Problem(Path("c.md"), "broken"),
            Skipped(Path("d.md"), "no title"),
        ]
    )
    version = store.version
    store.replace_files(
        {
            Path("a.md"): None,
            Path("b.md"): article("b.md", "B2"),
            Path("c.md"): article("c.md", "C"),
            Path("d.md"): None,
            Path("e.md"): Problem(Path("e.md"), "also broken"),
        }
    )
    assert sorted(a.title for a in store.articles) == ["B2", "C"]
    assert [p.source for p in store.problems] == [Path("e.md")]
    assert store.skipped == 0
    assert store.files_read == 3
    assert store.version > version
    assert store.by_url("https://x/A") is None


def test_articles_hash_by_id_and_can_be_kept_in_sets() -> None:
    from newsreader.loading.collection import load_paths
    from newsreader.paths import bundled_seeds

    articles = load_paths([bundled_seeds()]).articles
    assert len(set(articles)) == len(articles)
    assert all(hash(article) == hash(article.id) for article in articles)


def test_state_key_tells_stores_and_their_states_apart() -> None:
    first, second = Store(), Store()
    assert first.state_key != second.state_key
    before = first.state_key
    first.add(Article(id="a", title="A", source=Path("a.md")))
    assert first.state_key != before
    assert first.state_key[0] == before[0]
