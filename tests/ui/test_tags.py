"""Tags in the reader: `t` to tag and untag with completion, tag:NAME, the tag grouping, and
marks arriving from another machine's log in the sync folder."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from article_files import three_articles
from textual.widgets import Input, Static

from newsreader.core.mark_log import log_name
from newsreader.core.mark_sync import MarkSync
from newsreader.core.marks import StateStore
from newsreader.loading.collection import load_paths
from newsreader.model.records import Article
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.screens.tag import TagScreen
from newsreader.ui.widgets.article_list import ArticleList


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


def titled(library: Store, start: str) -> Article:
    return next(article for article in library.articles if article.title.startswith(start))


def list_lines(app: NewsreaderApp, count: int = 12) -> list[str]:
    article_list = app.query_one(ArticleList)
    return [article_list.render_line(line).text.rstrip() for line in range(count)]


def detail_meta(app: NewsreaderApp) -> str:
    return str(app.query_one("#meta", Static).render())


async def settle(app: NewsreaderApp, pilot: object) -> None:
    """Wait for the list's workers (not a sync folder's watcher, which runs until the end)."""
    await app.workers.wait_for_complete([w for w in app.workers if w.group == "list"])
    await pilot.pause()  # type: ignore[attr-defined]


async def wait_until(pilot: object, condition: Callable[[], bool], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the reader never caught up"
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def test_t_tags_the_article_and_t_again_untags_it(library: Store, tmp_path: Path) -> None:
    state = StateStore.open(tmp_path / "state")
    app = NewsreaderApp(library, state)
    bravo = titled(library, "Bravo")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.current_article is bravo
        await pilot.press("t")
        assert isinstance(app.screen, TagScreen)
        await pilot.press(*"later", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TagScreen)
        assert state.tags_of(bravo.id) == ("later",)
        assert "Bravo oceans" in list_lines(app)[1]
        assert list_lines(app)[2].endswith("#later")  # the row's meta line
        assert detail_meta(app).endswith("· #later")
        # Again, completing from the tags in use: "la" and → give "later", which it has.
        await pilot.press("t", "l", "a", "right")
        assert app.screen.query_one(Input).value == "later"
        await pilot.press("enter")
        await pilot.pause()
        assert state.tags_of(bravo.id) == ()
        assert "#later" not in list_lines(app)[2]
        assert "#later" not in detail_meta(app)
    with StateStore.open(tmp_path / "state") as again:
        assert again.tags_of(bravo.id) == ()


async def test_completion_keeps_the_spelling_of_a_tag_in_use(library: Store) -> None:
    state = StateStore.in_memory()
    state.set_tag([titled(library, "Charlie").id], "Work", True)
    app = NewsreaderApp(library, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        known = str(app.screen.query_one("#tag-known", Static).render())
        assert known == "Other tags in use: Work"
        await pilot.press("w", "o", "right")
        assert app.screen.query_one(Input).value == "Work"
        await pilot.press("enter")
        await pilot.pause()
        assert state.tags_of(titled(library, "Bravo").id) == ("Work",)
        # Typed in another case without completing, it is still the same tag.
        await pilot.press("j", "j", "t", *"WORK", "enter")
        await pilot.pause()
        assert state.all_tags() == ["Work"]


async def test_a_tag_name_that_cannot_be_used_is_explained_and_esc_cancels(
    library: Store,
) -> None:
    state = StateStore.in_memory()
    app = NewsreaderApp(library, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t", *"two words", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TagScreen)
        hint = str(app.screen.query_one("#tag-hint", Static).render())
        assert "no spaces" in hint
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TagScreen)
        assert state.all_tags() == []


async def test_tag_query_and_tag_grouping_follow_the_tags(library: Store) -> None:
    state = StateStore.in_memory()
    state.set_tag([titled(library, "Alpha").id], "later", True)
    app = NewsreaderApp(library, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"tag:LATER", "enter")
        await settle(app, pilot)
        article_list = app.query_one(ArticleList)
        shown = [a.title for group in article_list.groups for a in group.articles]
        assert shown == ["Alpha robots"]
        await pilot.press("slash", "escape")
        await settle(app, pilot)
        # Charlie is tagged too, with t.
        app.go_to_article(titled(library, "Charlie").id)
        await pilot.pause()
        await pilot.press("t", *"later", "enter")
        await pilot.press("b", "b", "b")  # topic -> provider -> day -> tag
        await settle(app, pilot)
        assert str(app.query_one("#list-header", Static).render()) == "by tag · newest"
        groups = [(group.name, [a.title for a in group.articles]) for group in article_list.groups]
        assert groups == [
            ("later", ["Charlie robots", "Alpha robots"]),
            ("Untagged", ["Bravo oceans"]),
        ]
        # Untagging with t regroups at once.
        app.go_to_article(titled(library, "Charlie").id)
        await pilot.pause()
        await pilot.press("t", *"later", "enter")
        await settle(app, pilot)
        groups = [(group.name, [a.title for a in group.articles]) for group in article_list.groups]
        assert groups == [
            ("later", ["Alpha robots"]),
            ("Untagged", ["Bravo oceans", "Charlie robots"]),
        ]


async def test_marks_from_another_machine_show_while_the_reader_runs(
    library: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "sync"
    folder.mkdir()
    state = StateStore.open(tmp_path / "state")
    sync = MarkSync.open(state, folder, tmp_path / "state")
    app = NewsreaderApp(library, state, sync=sync)
    charlie = titled(library, "Charlie")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await wait_until(pilot, lambda: not sync.has_news())  # the first merge is made
        assert not any("★" in line for line in list_lines(app))
        entry = {"at": "2026-01-01T00:00:00.000000Z", "counter": 1, "article": charlie.id}
        lines = [{**entry, "op": "star"}, {**entry, "counter": 2, "op": "tag", "tag": "shared"}]
        (folder / log_name("elsewhere")).write_text("".join(json.dumps(x) + "\n" for x in lines))
        charlie_row = next(n for n, line in enumerate(list_lines(app)) if "Charlie" in line)
        await wait_until(pilot, lambda: "★" in list_lines(app)[charlie_row])
        assert state.is_starred(charlie.id) and state.tags_of(charlie.id) == ("shared",)
        assert list_lines(app)[charlie_row + 1].endswith("#shared")
        # Marks made here go to this machine's own log, never to the other one.
        await pilot.press("f")
        assert json.loads(sync.path.read_text().splitlines()[-1])["op"] == "star"
        assert len((folder / log_name("elsewhere")).read_text().splitlines()) == 2


async def test_a_sync_folder_that_cannot_be_written_is_told_and_marks_stay(
    library: Store, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "sync"
    not_a_folder.write_text("a file where the folder should be\n")
    state = StateStore.open(tmp_path / "state")
    sync = MarkSync.open(state, not_a_folder, tmp_path / "state")
    app = NewsreaderApp(library, state, sync=sync)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert state.is_starred(titled(library, "Bravo").id)
        told = [str(notice.message) for notice in app._notifications]
        assert any("Cannot write to the sync folder" in message for message in told), told
        assert "the sync folder cannot be written" in app.sub_title
    with StateStore.open(tmp_path / "state") as again:
        assert again.is_starred(titled(library, "Bravo").id)


async def test_tagging_under_is_unread_keeps_the_articles_read_meanwhile(library: Store) -> None:
    state = StateStore.in_memory()
    app = NewsreaderApp(library, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"is:unread", "enter")
        await settle(app, pilot)
        await pilot.press("r")  # read: it stays in the list until the list is made again
        await pilot.press("t", *"later", "enter")
        await settle(app, pilot)
        article_list = app.query_one(ArticleList)
        shown = [a.title for group in article_list.groups for a in group.articles]
        assert "Bravo oceans" in shown and state.is_read(titled(library, "Bravo").id)
