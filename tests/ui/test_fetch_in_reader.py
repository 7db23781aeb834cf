"""Fetching feeds inside the reader: `R` fetches from a local server, then rescans; errors go
on the problems screen; `fetch_every` fetches in the background."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from pytest_httpserver import HTTPServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from feed_documents import RSS2

from newsreader.core.config import Config
from newsreader.core.fetching import plan_fetch, run_fetch
from newsreader.feeds.subscriptions import Subscription
from newsreader.loading.collection import load_paths
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.problems import ProblemsScreen
from newsreader.ui.widgets.article_list import ArticleList


def titles(app: NewsreaderApp) -> set[str]:
    return {a.title for group in app.query_one(ArticleList).groups for a in group.articles}


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the reader never showed what was fetched")


def reader(config: Config, folder: Path, data: Path) -> NewsreaderApp:
    def fetcher(report):
        return run_fetch(plan_fetch(config, read_paths=[folder]), config, data, report)

    return NewsreaderApp(
        load_paths([folder], cache=False),
        config=config,
        loader=lambda report: load_paths([folder], cache=False, progress=report),
        watch=[folder],
        fetcher=fetcher,
    )


async def test_r_fetches_the_feeds_then_shows_their_articles(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type="application/rss+xml")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    folder = tmp_path / "news"
    folder.mkdir()
    config = Config(
        feeds=(Subscription(httpserver.url_for("/rss")), Subscription(httpserver.url_for("/gone")))
    )
    app = reader(config, folder, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        assert titles(app) == set()
        await pilot.press("R")
        await wait_until(
            pilot, lambda: "Tides rise & fall at the quay" in titles(app) and app.loading is None
        )
        assert "Ferry timetable changes" in titles(app)
        assert "fetched 2 feeds: 2 new, 1 failed (press !)" in app.sub_title
        await pilot.press("exclamation_mark")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert list(screen.feed_errors) == [httpserver.url_for("/gone")]
        assert screen.feed_errors[httpserver.url_for("/gone")].startswith("HTTP 404")
    assert len(list(folder.glob("*.md"))) == 2


async def test_fetch_every_fetches_in_the_background(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/rss").respond_with_data(RSS2, content_type="application/rss+xml")
    folder = tmp_path / "news"
    folder.mkdir()
    config = Config(feeds=(Subscription(httpserver.url_for("/rss")),))
    # A short period stands in for the config's minutes (which the config never allows so low).
    app = reader(replace(config, fetch_every=0.2), folder, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        # The watcher shows the files the background fetch writes, with no key pressed.
        await wait_until(pilot, lambda: "Ferry timetable changes" in titles(app))
        fetching = app.feed_fetching
        assert fetching is not None
        # No fetch is left running in a thread once the test is done.
        fetching.stop()
        await wait_until(pilot, lambda: not fetching.running)
