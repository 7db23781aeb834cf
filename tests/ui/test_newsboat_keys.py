"""What newsboat users reach for: hide read articles, mark a group read, jump to the next
group with unread articles, collapse and expand every group."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import three_articles

from newsreader.core.config import load_config
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.widgets.article_list import ArticleList


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


def listed(app: NewsreaderApp) -> list[str]:
    article_list = app.query_one(ArticleList)
    return [article.title.split()[0] for group in article_list.groups for article in group.articles]


def by_title(library: Store, word: str) -> str:
    return next(a.id for a in library.articles if a.title.startswith(word))


async def shown(app: NewsreaderApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_h_hides_and_shows_read_articles(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        app.state.mark_read([by_title(library, "Bravo")])
        await pilot.press("H")
        await shown(app, pilot)
        assert listed(app) == ["Alpha", "Charlie"]
        assert app.sub_title.startswith("2 of 3")
        assert "read hidden" in str(app.list_header.render())
        # Marking one read while hidden leaves it in place until the list is made again.
        await pilot.press("r")
        assert listed(app) == ["Alpha", "Charlie"]
        await pilot.press("H")
        await shown(app, pilot)
        assert listed(app) == ["Bravo", "Alpha", "Charlie"]


async def test_hide_read_from_the_config(library: Store, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("hide_read = true\n")
    app = NewsreaderApp(library, config=load_config(config))
    app.state.mark_read([by_title(library, "Charlie")])
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(app, pilot)
        assert listed(app) == ["Bravo", "Alpha"]


async def test_a_marks_the_group_read_and_u_undoes_it(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        read = {a.title.split()[0] for a in library.articles if app.state.is_read(a.id)}
        assert read == {"Alpha", "Bravo"}
        assert app.query_one(ArticleList).render_line(0).text.startswith("▼ Science  0/2")
        await pilot.press("u")
        assert not any(app.state.is_read(a.id) for a in library.articles)


async def test_ctrl_n_goes_to_the_next_group_with_unread_articles(tmp_path: Path) -> None:
    library = load_paths([three_articles(tmp_path / "articles")])
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+n")
        assert app.current_article is not None and app.current_article.title == "Charlie robots"
        await pilot.press("ctrl+n")
        assert app.current_article.title == "Charlie robots"
        assert "No group below has unread articles." in [n.message for n in app._notifications]


async def test_collapse_and_expand_every_group(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.press("minus")
        assert article_list.row_count == 2
        assert [article_list.render_line(y).text[:9] for y in (0, 1)] == ["▶ Science", "▶ Sport  "]
        # The next group with unread articles opens as it is reached.
        await pilot.press("ctrl+n")
        assert app.current_article is not None and app.current_article.title == "Charlie robots"
        await pilot.press("plus")
        assert article_list.row_count == 5
        assert app.current_article.title == "Charlie robots"


async def test_z_toggles_one_line_rows_and_is_remembered(library: Store, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = NewsreaderApp(library, data_folder=data)
    async with app.run_test(size=(120, 24)) as pilot:
        article_list = app.query_one(ArticleList)
        await pilot.press("z")
        line = article_list.render_line(1).text
        # Title, then provider and date on the same line, the date whole.
        assert line.startswith("●  Bravo oceans")
        assert line.rstrip().endswith("Provider b · 2023-10-03 08:00")
        assert article_list.render_line(3).text.startswith("▼ Sport")
        await pilot.press("j")
        assert app.current_article is not None and app.current_article.title == "Alpha robots"
    again = NewsreaderApp(library, data_folder=data)
    async with again.run_test(size=(80, 24)) as pilot:
        article_list = again.query_one(ArticleList)
        assert article_list.dense
        await pilot.press("z")
        assert article_list.render_line(2).text.startswith("   Provider b")
    assert not NewsreaderApp(library, data_folder=data).article_list.dense


async def test_the_row_format_comes_from_the_config(library: Store, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('row_format = "{date} {title} [{topics}]"\n')
    app = NewsreaderApp(library, config=load_config(config))
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("z")
        line = app.query_one(ArticleList).render_line(1).text
        assert line.startswith("●  2023-10-03 08:00 Bravo oceans")
        assert line.rstrip().endswith("[Science]")
