"""The split between the list and the detail pane: set by keys or a drag, remembered, and
stacked on small terminals."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import three_articles

from newsreader.core.ui_state import read_ui_state
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


def list_width(app: NewsreaderApp) -> int:
    return app.query_one("#list-pane").region.width


async def test_under_80_columns_the_list_sits_over_the_detail_pane(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        articles, detail = app.query_one(ArticleList).region, app.query_one(ArticleView).region
        assert articles.width >= 58 and detail.width >= 58
        assert articles.bottom <= detail.y
        assert detail.height >= 8
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        pane, detail = app.query_one("#list-pane").region, app.query_one(ArticleView).region
        assert pane.right < detail.x and pane.y == detail.y


async def test_at_80_columns_the_list_has_half_the_width(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(80, 24)):
        assert list_width(app) == 40


async def test_keys_move_the_split_and_it_is_remembered(library: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = NewsreaderApp(library, data_folder=data)
    async with app.run_test(size=(100, 30)) as pilot:
        before = list_width(app)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert list_width(app) == before + 10
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert list_width(app) == before + 5
    assert read_ui_state(data)["list_width"] == 55
    again = NewsreaderApp(library, data_folder=data)
    async with again.run_test(size=(100, 30)):
        assert list_width(again) == before + 5


async def test_dragging_the_splitter_moves_the_split(library: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = NewsreaderApp(library, data_folder=data)
    async with app.run_test(size=(100, 30)) as pilot:
        splitter = app.query_one("#splitter")
        assert splitter.region.x == list_width(app)
        await pilot.mouse_down("#splitter")
        await pilot.hover(offset=(61, 5))  # screen cells
        await pilot.pause()
        await pilot.mouse_up(offset=(61, 5))
        await pilot.pause()
        assert list_width(app) == 61
        assert read_ui_state(data)["list_width"] == 61


async def test_stacked_the_keys_change_the_lists_height(library: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = NewsreaderApp(library, data_folder=data)
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one("#list-pane")
        before = pane.region.height
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert pane.region.height > before
        assert pane.region.width == 60
    state = read_ui_state(data)
    assert state["list_height"] == 50 and "list_width" in state
