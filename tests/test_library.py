"""The library the reader reaches the core through: snapshots for workers, views kept per
state of the library, the store replaced by a rescan."""

from __future__ import annotations

from pathlib import Path

from test_store import make

from newsreader.core.library import Library
from newsreader.core.marks import StateStore
from newsreader.model.store import Store


def library_of(*ids: str) -> Library:
    store = Store()
    for article_id in ids:
        store.add(make(article_id, url=f"https://example.com/{article_id}"))
    return Library(store, StateStore.in_memory())


def test_a_snapshot_keeps_the_articles_it_was_made_with_while_files_arrive() -> None:
    library = library_of("a1", "b2")
    before = library.snapshot()
    library.add(make("c3"))
    assert [article.id for article in before.articles] == ["a1", "b2"]
    after = library.snapshot()
    assert [article.id for article in after.articles] == ["a1", "b2", "c3"]
    assert before.state_key != after.state_key
    assert len(after) == len(library) == 3


def test_a_snapshot_is_made_once_per_state_not_once_per_call() -> None:
    library = library_of("a1", "b2")
    assert library.snapshot() is library.snapshot()
    library.replace_files({Path("/articles/a1.md"): None})
    assert [article.id for article in library.snapshot().articles] == ["b2"]


def test_the_title_index_follows_the_articles() -> None:
    library = library_of("a1")
    first = library.title_index()
    assert library.title_index() is first
    library.add(make("b2", title="Robots at sea"))
    index = library.title_index()
    assert index is not first and len(index) == 2


def test_a_rescan_replaces_the_store_and_lookups_follow() -> None:
    library = library_of("a1")
    assert library.by_url("https://example.com/a1") is library.get("a1")
    fresh = Store()
    fresh.add(make("z9", url="https://example.com/z9"))
    library.replace(fresh)
    assert library.store is fresh
    assert library.get("a1") is None
    assert library.by_url("https://example.com/z9") is library.get("z9")
    assert [article.id for article in library.articles] == ["z9"]


def test_two_stores_in_the_same_state_never_share_a_snapshot() -> None:
    one, other = library_of("a1"), library_of("a1")
    assert one.snapshot().state_key != other.snapshot().state_key


def test_a_snapshot_says_what_it_holds_without_listing_the_articles() -> None:
    # Workers are described by the repr of what they run, made with every keystroke.
    library = library_of(*(f"a{number}" for number in range(500)))
    assert len(repr(library.snapshot())) < 80
