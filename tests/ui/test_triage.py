"""Read and starred marks, filtering, sorting and grouping in the reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import three_articles
from textual.content import Content
from textual.widgets import Input, Static

from newsreader.core.marks import StateStore
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui import app as app_module
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.controllers import article_showing
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.filter_bar import FilterBar


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


def header_line(app: NewsreaderApp, line: int) -> str:
    return app.query_one(ArticleList).render_line(line).text


def titles(app: NewsreaderApp) -> list[str]:
    article_list = app.query_one(ArticleList)
    return [article.title for group in article_list.groups for article in group.articles]


async def test_r_toggles_read_and_the_mark_lasts(library: Store, state_dir: Path) -> None:
    app = NewsreaderApp(library, StateStore.open(state_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        assert header_line(app, 0).startswith("▼ Science  2/2")
        assert header_line(app, 1).startswith("●")  # Bravo, unread
        await pilot.press("r")
        assert header_line(app, 0).startswith("▼ Science  1/2")
        assert not header_line(app, 1).startswith("●")
    with StateStore.open(state_dir) as state:
        bravo = next(a for a in library.articles if a.title.startswith("Bravo"))
        assert state.is_read(bravo.id)


async def test_an_article_shown_for_a_moment_becomes_read(
    library: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_showing, "READ_AFTER_SECONDS", 0.05)
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        second = next(a for a in library.articles if a.title.startswith("Alpha"))
        assert not app.state.is_read(second.id)
        await pilot.press("j")
        assert app.current_article is second
        await pilot.pause(0.3)
        assert app.state.is_read(second.id)


async def test_moving_on_quickly_leaves_an_article_unread(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.current_article
        await pilot.press("j")
        assert first is not None and not app.state.is_read(first.id)


async def test_star_mark_all_read_and_undo(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        assert "★" in header_line(app, 1)
        assert app.current_article is not None and app.state.is_starred(app.current_article.id)
        await pilot.press("A")
        assert all(app.state.is_read(article.id) for article in library.articles)
        assert header_line(app, 0).startswith("▼ Science  0/2")
        await pilot.press("u")
        assert not any(app.state.is_read(article.id) for article in library.articles)


async def test_n_and_shift_n_jump_between_unread(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        app.state.mark_read([a.id for a in library.articles if a.title.startswith("Alpha")])
        app.query_one(ArticleList).marks_changed([a.id for a in library.articles])
        await pilot.press("n")
        assert app.current_article is not None and app.current_article.title == "Charlie robots"
        await pilot.press("N")
        assert app.current_article.title == "Bravo oceans"


async def test_filter_narrows_as_you_type_and_escape_clears(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"robots")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(titles(app)) == ["Alpha robots", "Charlie robots"]
        assert app.sub_title.startswith("2 of 3")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(titles(app)) == 3
        assert isinstance(app.focused, ArticleList)
        assert not app.query_one(FilterBar).display


async def test_bad_query_points_at_the_problem_and_keeps_the_list(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"topic:Science")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(titles(app)) == ["Alpha robots", "Bravo oceans"]
        # Pasted at once: the query as a whole does not parse.
        app.query_one(Input).value = "topic:Science quality:>x"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        error = app.query_one("#filter-error", Static)
        assert error.display
        assert "^" in str(error.render())
        assert sorted(titles(app)) == ["Alpha robots", "Bravo oceans"]


@pytest.mark.parametrize(
    "pasted",
    ["(" * 400 + "robots" + ")" * 400, "-" * 1000 + "robots", "quality:" + "9" * 5000],
    ids=["parentheses", "dashes", "digits"],
)
async def test_a_hostile_query_pasted_into_the_filter_is_a_caret_not_an_exit(
    library: Store, pasted: str
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        app.query_one(Input).value = pasted
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        error = app.query_one("#filter-error", Static)
        assert error.display and "^" in str(error.render())
        assert len(titles(app)) == 3


async def test_field_queries_and_state_queries(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")  # Bravo read
        await pilot.press("slash", *"is:unread")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(titles(app)) == ["Alpha robots", "Charlie robots"]


async def test_sort_and_grouping_cycle_and_show_in_the_list_header(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        list_header = app.query_one("#list-header", Static)
        assert str(list_header.render()) == "by topic · newest"
        await pilot.press("b", "b", "b", "b")  # topic -> provider -> day -> tag -> none
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(list_header.render()) == "by none · newest"
        assert titles(app) == ["Bravo oceans", "Charlie robots", "Alpha robots"]
        await pilot.press("O", "O", "O")  # newest -> quality -> heat -> title
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(list_header.render()) == "by none · title"
        assert titles(app) == ["Alpha robots", "Bravo oceans", "Charlie robots"]
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(list_header.render()) == "by none · title (reversed)"
        assert titles(app) == ["Charlie robots", "Bravo oceans", "Alpha robots"]


async def test_filter_matches_are_highlighted_in_the_detail_pane(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"ROBOTS -oceans")
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = app.query_one("#title", Static).render()
        assert isinstance(title, Content)
        marked = [title.plain[span.start : span.end] for span in title.spans]
        assert marked == ["robots"]
        assert all(span.style.reverse for span in title.spans)


async def test_marking_read_while_a_dialog_is_open(
    library: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article_showing, "READ_AFTER_SECONDS", 0.1)
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "question_mark")
        shown = app.current_article
        await pilot.pause(0.3)
        assert app.is_running
        assert shown is not None and app.state.is_read(shown.id)


async def test_marks_from_another_reader_show_up(
    library: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "STATE_POLL_SECONDS", 0.05)
    app = NewsreaderApp(library, StateStore.open(tmp_path / "shared"))
    async with app.run_test(size=(120, 40)) as pilot:
        assert header_line(app, 0).startswith("▼ Science  2/2")
        with StateStore.open(tmp_path / "shared") as other:
            other.mark_read([article.id for article in library.articles])
        await pilot.pause(0.3)
        assert header_line(app, 0).startswith("▼ Science  0/2")


async def test_a_slash_inside_the_filter_is_typed(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"source:a/b")
        assert app.query_one(Input).value == "source:a/b"
