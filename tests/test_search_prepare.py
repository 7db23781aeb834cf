"""Making the search text ahead of queries, and giving up on it when it is no longer wanted."""

from __future__ import annotations

import threading
from pathlib import Path

from newsreader.model.records import Article
from newsreader.search.search_text import PREPARE_CHUNK, SearchCache, SearchIndex


def articles(count: int) -> list[Article]:
    return [
        Article(
            id=f"a{n}",
            title=f"Story {n} about Robots",
            source=Path(f"/news/{n}.md"),
            excerpt=f"Excerpt {n}",
            body=f"Body of story {n}.",
        )
        for n in range(count)
    ]


def test_prepare_makes_the_text_columns() -> None:
    index = SearchIndex(articles(5), SearchCache())
    assert not index.is_prepared
    assert index.prepare(lambda: False)
    assert index.is_prepared
    assert index.column("title")[3] == "story 3 about robots"
    assert "body of story 4." in index.column("everything")[4]


def test_a_cancelled_prepare_stops_between_chunks_and_keeps_what_it_made() -> None:
    cache = SearchCache()
    index = SearchIndex(articles(PREPARE_CHUNK * 3), cache)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2  # let two chunks through, then stop

    assert not index.prepare(cancelled)
    assert not index.is_prepared
    assert len(cache) == PREPARE_CHUNK * 2
    assert index.prepare(lambda: False)
    assert index.is_prepared and len(cache) == PREPARE_CHUNK * 3


def test_a_cancelled_prepare_stops_waiting_for_another_thread() -> None:
    index = SearchIndex(articles(5), SearchCache())
    held = threading.Event()
    release = threading.Event()

    def hold_the_lock() -> None:
        with index._lock:
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    held.wait(5)
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    try:
        assert not index.prepare(stop.is_set), "gave up while another thread held the text"
    finally:
        release.set()
        holder.join()
    assert index.prepare(lambda: False)


def test_prepare_makes_way_between_runs_of_articles() -> None:
    cache = SearchCache()
    index = SearchIndex(articles(PREPARE_CHUNK * 2 + 1), cache)
    made_so_far: list[int] = []
    assert index.prepare(make_way=lambda: made_so_far.append(len(cache)))
    assert made_so_far == [0, PREPARE_CHUNK, PREPARE_CHUNK * 2]
    assert index.is_prepared
