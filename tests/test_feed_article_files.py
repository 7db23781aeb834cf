"""Items to article files: the front matter cannot be broken out of, names never collide."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.feeds.article_files import FeedContext, new_article, slugify
from newsreader.feeds.article_writing import write_article
from newsreader.feeds.items import FeedItem
from newsreader.loading.article_file import load_file
from newsreader.model.records import Article

FETCHED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
FEED = FeedContext(url="https://feed.example/rss", title="Feed")


def written(folder: Path, item: FeedItem) -> tuple[Path, Article]:
    article = new_article(item, FEED, FETCHED)
    assert article is not None
    path = write_article(folder, article)
    loaded = load_file(path)
    assert isinstance(loaded, Article), loaded
    return path, loaded


def test_yaml_in_values_stays_a_value(tmp_path: Path) -> None:
    title = 'Breaking: "quotes" --- and\n---\nsecured: injected\ntopics: [x]'
    path, article = written(
        tmp_path,
        FeedItem(
            title=title,
            link="https://x.example/a",
            excerpt_text="yes",
            topics=("null", "- item", "a: b"),
        ),
    )
    assert article.title == 'Breaking: "quotes" --- and --- secured: injected topics: [x]'
    assert article.excerpt == "yes"
    assert article.topics == ("null", "- item", "a: b")
    assert not article.has_secured_text
    assert path.read_text(encoding="utf-8").count("\n---\n") == 1


def test_names_never_collide_and_a_file_is_never_replaced(tmp_path: Path) -> None:
    item = FeedItem(title="Same title", link="https://x.example/1")
    first, _ = written(tmp_path, item)
    text = first.read_text(encoding="utf-8")
    second, _ = written(tmp_path, FeedItem(title="Same title", link="https://x.example/2"))
    assert (first.name, second.name) == ("2024-05-01-same-title.md", "2024-05-01-same-title-2.md")
    assert first.read_text(encoding="utf-8") == text
    assert {path.name for path in tmp_path.iterdir()} == {first.name, second.name}


def test_without_hard_links_a_file_is_still_written_and_none_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    existing = tmp_path / "2024-05-01-same-title.md"
    existing.write_text("---\ntitle: kept\n---\n", encoding="utf-8")
    monkeypatch.setattr(os, "link", no_links)
    path, article = written(tmp_path, FeedItem(title="Same title", link="https://x.example/1"))
    assert path.name == "2024-05-01-same-title-2.md" and article.title == "Same title"
    assert existing.read_text(encoding="utf-8") == "---\ntitle: kept\n---\n"
    assert {p.name for p in tmp_path.iterdir()} == {existing.name, path.name}


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Crème brûlée: a history", "creme-brulee-a-history"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "article"),
        ("日本語", "article"),
        ("A" * 200, "a" * 60),
    ],
)
def test_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_published_time_is_utc_and_names_the_file(tmp_path: Path) -> None:
    from datetime import timedelta, timezone

    published = datetime(2023, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    path, article = written(
        tmp_path, FeedItem(title="Late", link="https://x.example/l", published_at=published)
    )
    assert path.name == "2024-01-01-late.md"
    assert "publishedDateTime: 2024-01-01T04:30:00Z\n" in path.read_text(encoding="utf-8")
    assert article.published_at == datetime(2024, 1, 1, 4, 30, tzinfo=UTC)


def test_urls_are_kept_as_given_but_for_amp_and_numeric_references(tmp_path: Path) -> None:
    link = "https://x.example/ko/뉴스?a=1&times=2&amp;b=3&#038;c=%20d|e"
    path, _ = written(tmp_path, FeedItem(title="Kept", link=link))
    assert "originalUrl: https://x.example/ko/뉴스?a=1&times=2&b=3&c=%20d|e\n" in path.read_text(
        encoding="utf-8"
    )
    # A refetch knows it by that URL.
    from newsreader.feeds.article_files import item_keys
    from newsreader.feeds.known import KnownArticles

    known = KnownArticles.in_folders([tmp_path])
    assert known.knows(item_keys(FeedItem(title="Kept", link=link), FEED.url))


def test_a_changed_file_is_read_again_for_its_keys(tmp_path: Path) -> None:
    from newsreader.feeds.known import file_keys

    path = tmp_path / "a.md"
    path.write_text('---\ntitle: A\noriginalUrl: "https://x.example/a"\n---\n', encoding="utf-8")
    assert file_keys(path) == {"url:https://x.example/a"}
    path.write_text(
        "---\ntitle: A\noriginalUrl: https://x.example/other\nguid: g-1\n"
        "related:\n  - webUrl: https://related.example/\n---\n",
        encoding="utf-8",
    )
    assert file_keys(path) == {"url:https://x.example/other", "guid:g-1"}
