"""Folders followed while the reader runs: added, changed and deleted files, and R."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from article_files import article_file

from newsreader.loading.collection import load_paths, read_again
from newsreader.loading.topics import TopicNames
from newsreader.model.records import LoadResult
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList


def messages(app: NewsreaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def titles(app: NewsreaderApp) -> set[str]:
    return {a.title for group in app.query_one(ArticleList).groups for a in group.articles}


async def wait_until(pilot, condition, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the reader never caught up with the folder")


async def test_files_added_changed_and_deleted_show_up_without_moving_the_highlight(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(4):
        article_file(
            folder,
            f"{n}.md",
            f"Story {n}",
            f"https://s.example/{n}",
            f"2023-10-0{n + 1}T08:00:00Z",
            ["News"],
        )
    app = NewsreaderApp(load_paths([folder]), watch=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.press("j", "j")
        highlighted = article_list.highlighted_article
        assert highlighted is not None and highlighted.title == "Story 1"
        await pilot.pause(0.5)  # the watcher is up
        article_file(
            folder,
            "new.md",
            "Brand new",
            "https://s.example/new",
            "2023-10-09T08:00:00Z",
            ["News"],
        )
        await wait_until(pilot, lambda: "Brand new" in titles(app))
        assert "1 new article." in messages(app)
        assert article_list.highlighted_article is not None
        assert article_list.highlighted_article.title == "Story 1"
        (folder / "0.md").unlink()
        await wait_until(pilot, lambda: "Story 0" not in titles(app))
        text = (folder / "3.md").read_text().replace("Story 3", "Story 3, updated")
        (folder / "3.md").write_text(text)
        await wait_until(pilot, lambda: "Story 3, updated" in titles(app))
        assert article_list.highlighted_article.title == "Story 1"
        assert messages(app).count("1 new article.") == 1  # a change is not news
        assert app.sub_title.startswith("4 articles")


async def test_r_rescans_by_hand(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    article_file(folder, "a.md", "First", "https://s.example/a", "2023-10-01T08:00:00Z", ["N"])

    def loader(report):
        return load_paths([folder])

    app = NewsreaderApp(loader=loader)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert titles(app) == {"First"}
        article_file(folder, "b.md", "Second", "https://s.example/b", "2023-10-02T08:00:00Z", ["N"])
        await pilot.press("R")
        await wait_until(pilot, lambda: titles(app) == {"First", "Second"})
        assert app.loading is None
        assert "Read 2 files again: 1 new article." in messages(app)
        (folder / "a.md").unlink()
        await pilot.press("R")
        await wait_until(pilot, lambda: titles(app) == {"Second"})
        assert "Read 1 file again: 1 gone." in messages(app)
        await pilot.press("R")
        await wait_until(pilot, lambda: messages(app).count("Read 1 file again: nothing new.") == 1)


async def test_changed_files_are_read_off_the_ui_thread_with_the_collections_topics(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    article_file(folder, "a.md", "First", "https://s.example/a", "2023-10-01T08:00:00Z", ["Robots"])
    read_in: list[str] = []

    def read_file(path: Path, names: TopicNames | None) -> LoadResult | None:
        read_in.append(threading.current_thread().name)
        return read_again(path, names)

    app = NewsreaderApp(load_paths([folder]), watch=[folder], read_file=read_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)  # the watcher is up
        (folder / "b.txt").write_text("Robots fold laundry\n\nRobots fold shirts and socks.\n")
        await wait_until(pilot, lambda: "Robots fold laundry" in titles(app))
        assert read_in and threading.main_thread().name not in read_in
        added = next(a for a in app.store.articles if a.title == "Robots fold laundry")
        assert added.topics == ("Robots",) and added.topics_inferred


async def test_a_large_filtered_list_keeps_the_highlight_when_files_change(
    tmp_path: Path, monkeypatch
) -> None:
    # Every list counts as large here: a new query would show its top first.
    monkeypatch.setattr("newsreader.search.listing.FIRST_SCREEN_MIN_ARTICLES", 1)
    monkeypatch.setattr("newsreader.search.listing.FIRST_SCREEN_ROWS", 3)
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(8):
        article_file(
            folder, f"{n}.md", f"Story {n}", f"https://s.example/{n}",
            f"2023-10-0{n + 1}T08:00:00Z", ["News"],
        )  # fmt: skip
    app = NewsreaderApp(load_paths([folder]), watch=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.press("slash", *"story", "enter")
        await wait_until(pilot, lambda: app.shown_count == 8)
        await pilot.press("j", "j", "j", "j", "j")
        highlighted = article_list.highlighted_article
        # Further down than the first screen's two rows (Story 7 and 6, newest first).
        assert highlighted is not None and highlighted.title in ("Story 1", "Story 2", "Story 3")
        await pilot.pause(0.5)  # the watcher is up
        article_file(
            folder, "new.md", "Story new", "https://s.example/new",
            "2023-10-09T08:00:00Z", ["News"],
        )  # fmt: skip
        await wait_until(pilot, lambda: "Story new" in titles(app) and app.shown_count == 9)
        assert article_list.highlighted_article is not None
        assert article_list.highlighted_article is highlighted
        # A new query whose match is further down than its first screen keeps it too.
        await pilot.press("slash", "end", "backspace")
        await wait_until(pilot, lambda: app.settings.query.text == "stor" and app.shown_count == 9)
        assert article_list.highlighted_article is highlighted


async def test_a_watched_folder_that_goes_away_is_named_with_its_escapes_spelled_out(
    tmp_path: Path,
) -> None:
    import shutil

    folder = tmp_path / "news\x1b]0;owned\x07\x1b[31m"
    folder.mkdir()
    article_file(folder, "a.md", "Story", "https://s.example/a", "2023-10-01T08:00:00Z", ["N"])
    app = NewsreaderApp(load_paths([folder]), watch=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)  # the watcher is up
        shutil.rmtree(folder)

        def gone_notices() -> list[str]:
            return [
                str(notice.message)
                for notice in app._notifications
                if "folder is gone" in str(notice.message)
            ]

        await wait_until(pilot, lambda: bool(gone_notices()))
        [notice] = gone_notices()
        assert "\x1b" not in notice and "\x07" not in notice
        assert "news\\x1b]0;owned\\x07\\x1b[31m: the folder is gone" in notice
