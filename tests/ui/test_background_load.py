"""Loading in the background: the list fills as files are read, the keys work meanwhile."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from article_files import article_file
from textual import events
from textual.widgets import ProgressBar

from newsreader.loading.collection import load_paths
from newsreader.model.records import Article
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.controllers.listing import KEY_ANSWER_SECONDS
from newsreader.ui.widgets.article_list import ArticleList


@dataclass(frozen=True)
class FakeProgress:
    done: int
    total: int
    articles: tuple[Article, ...]


def written_articles(tmp_path: Path) -> tuple[Store, list[Article]]:
    for n in range(6):
        article_file(
            tmp_path,
            f"{n}.md",
            f"Story {n}",
            f"https://s.example/{n}",
            f"2023-10-0{n + 1}T08:00:00Z",
            ["News"],
        )
    store = load_paths([tmp_path])
    return store, store.articles


async def test_list_fills_while_loading_and_keys_work(tmp_path: Path) -> None:
    final, articles = written_articles(tmp_path)
    release = threading.Event()

    def loader(report: Callable[[FakeProgress], None]) -> Store:
        report(FakeProgress(3, 6, tuple(articles[:3])))
        release.wait(5)  # the rest arrives only when the test says so
        report(FakeProgress(6, 6, tuple(articles[3:])))
        return final

    app = NewsreaderApp(loader=loader)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if app.shown_count == 3:
                break
        article_list = app.query_one(ArticleList)
        assert app.shown_count == 3
        assert app.loading == (3, 6)
        assert app.sub_title.startswith("loading 3 of 6 files")
        progress = app.query_one("#load-progress", ProgressBar)
        assert progress.display and progress.progress == 3
        await pilot.press("j")  # the keys answer while the rest loads
        highlighted = article_list.highlighted_article
        assert highlighted is not None
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.loading is None
        assert not progress.display
        assert app.shown_count == 6
        assert app.sub_title == "6 articles in 1 topic"
        # The highlight stayed on the article the reader had moved to.
        assert article_list.highlighted_article is not None
        assert article_list.highlighted_article.id == highlighted.id


async def test_the_article_shown_stays_usable_while_the_loaded_list_is_made(
    tmp_path: Path, opened_urls
) -> None:
    final, articles = written_articles(tmp_path)
    app = NewsreaderApp(store=Store.from_results(articles[:2]))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = app.current_article
        assert app.shown_count == 2 and shown is not None
        # The whole collection is handed over (as a background load does when it ends);
        # until its list is made, the article on screen can still be opened.
        app.folder_loading.loaded_all(final)
        app.action_open_article()
        await app.workers.wait_for_complete()
        assert opened_urls() == [shown.url]
        await pilot.pause()
        assert app.shown_count == 6


async def test_while_loading_a_slow_list_is_worked_out_again_less_often(tmp_path: Path) -> None:
    _, articles = written_articles(tmp_path)
    app = NewsreaderApp(Store())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        refreshed: list[object] = []
        app.list_again = lambda: refreshed.append(None)  # type: ignore[method-assign]
        app.listing.shown_count = 1  # not the first articles to arrive, which are shown at once
        app.folder_loading.last_list_refresh = time.monotonic() - 3.0
        app.listing.seconds = 2.0  # working out the list took 2 s: wait 10 s
        app.folder_loading.loaded_some(FakeProgress(1, 6, (articles[0],)))
        assert refreshed == []
        app.listing.seconds = 0.1  # quick: once a second, as usual
        app.folder_loading.loaded_some(FakeProgress(2, 6, (articles[1],)))
        assert len(refreshed) == 1


async def test_the_search_text_waits_while_keys_come(tmp_path: Path) -> None:
    store, _ = written_articles(tmp_path)
    app = NewsreaderApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        waited: list[float] = []

        def making_the_search_text() -> None:
            start = time.monotonic()
            app.listing.make_way_for_keys()
            waited.append(time.monotonic() - start)

        # Keys arriving every 20 ms for 0.3 s (a key bound to nothing, posted as a terminal
        # would send it): the search text's worker waits for them to stop.
        worker = threading.Thread(target=making_the_search_text)
        app.post_message(events.Key("f24", None))
        await asyncio.sleep(0.01)
        started = time.monotonic()
        worker.start()
        while time.monotonic() - started < 0.3:
            app.post_message(events.Key("f24", None))
            await asyncio.sleep(0.02)
        worker.join(timeout=5)
        assert waited and waited[0] >= 0.28

        # With no key coming, it goes on at once.
        await pilot.pause(KEY_ANSWER_SECONDS * 2)
        making_the_search_text()
        assert waited[1] < KEY_ANSWER_SECONDS
