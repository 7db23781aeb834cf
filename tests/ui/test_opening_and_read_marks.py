"""Where the reader opens, what the cursor shows, and what counts as read."""

from __future__ import annotations

from pathlib import Path

import pytest
from article_files import article_file, three_articles

from newsreader.core.config import Config, SavedSearch
from newsreader.loading.collection import load_paths
from newsreader.model.store import Store
from newsreader.ui.app import NewsreaderApp
from newsreader.ui.controllers import article_showing
from newsreader.ui.widgets.article_list import ArticleList


@pytest.fixture
def library(tmp_path: Path) -> Store:
    return load_paths([three_articles(tmp_path / "articles")])


@pytest.fixture
def quick_marks(monkeypatch: pytest.MonkeyPatch) -> float:
    """Marks made after 0.05 s in the pane; returns how long to wait to be sure of one."""
    monkeypatch.setattr(article_showing, "READ_AFTER_SECONDS", 0.05)
    return 0.3


def many_stories(folder: Path) -> Store:
    """Twenty stories in News (Story 00 oldest), three of them also in Weekend."""
    folder.mkdir()
    for n in range(20):
        topics = ["News", "Weekend"] if n in (3, 4, 5) else ["News"]
        article_file(
            folder,
            f"{n:02d}.md",
            f"Story {n:02d}",
            f"https://s.example/{n}",
            f"2023-10-{n + 1:02d}T08:00:00Z",
            topics,
        )
    return load_paths([folder])


async def test_opens_at_the_top_of_the_first_group_once_everything_is_loaded(
    tmp_path: Path,
) -> None:
    final = many_stories(tmp_path / "stories")
    # The reader starts on one of the first files read, which ends up mid-list.
    early = next(a for a in final.articles if a.title == "Story 03")
    config = Config(saved_searches=(SavedSearch("Weekend reads", "topic:Weekend"),))
    app = NewsreaderApp(Store.from_results([early]), config=config, loader=lambda report: final)
    async with app.run_test(size=(80, 12)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        article_list = app.query_one(ArticleList)
        assert app.shown_count == 20
        assert article_list.scroll_offset.y == 0
        assert article_list.render_line(0).text.startswith("▼ ⌕ Weekend reads")
        highlighted = article_list.highlighted_article
        assert highlighted is not None and highlighted.title == "Story 05"
        assert app.current_article is highlighted


async def test_a_move_made_while_loading_is_kept(tmp_path: Path) -> None:
    final = many_stories(tmp_path / "stories")
    first = [a for a in final.articles if a.title in ("Story 19", "Story 18")]
    app = NewsreaderApp(Store.from_results(first))
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("j")
        assert app.current_article is not None and app.current_article.title == "Story 18"
        app.folder_loading.loaded_all(final)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_article.title == "Story 18"


async def test_the_cursor_covers_both_lines_of_a_row(library: Store) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)):
        article_list = app.query_one(ArticleList)
        cursor = article_list.get_component_rich_style("article-list--cursor")
        assert cursor.bgcolor is not None
        for line in (1, 2):  # Bravo's title and its provider and date
            backgrounds = {segment.style.bgcolor for segment in article_list.render_line(line)}
            assert backgrounds == {cursor.bgcolor}, line
        # The next row is not highlighted.
        assert cursor.bgcolor not in {s.style.bgcolor for s in article_list.render_line(3)}


async def test_the_article_shown_at_start_up_is_not_marked_read(
    library: Store, quick_marks: float
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = app.current_article
        assert shown is not None
        await pilot.pause(quick_marks)
        assert not app.state.is_read(shown.id)
        # Going away and coming back is the reader's own move: now it counts.
        await pilot.press("j", "k")
        await pilot.pause(quick_marks)
        assert app.state.is_read(shown.id)


async def test_matches_shown_while_typing_a_filter_are_not_marked_read(
    library: Store, quick_marks: float
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"oceans")
        await app.workers.wait_for_complete()
        await pilot.pause(quick_marks)
        shown = app.current_article
        assert shown is not None and shown.title == "Bravo oceans"
        await pilot.press("backspace", *"robots")
        await app.workers.wait_for_complete()
        await pilot.pause(quick_marks)
        await pilot.press(*" quality:")  # a query that does not read: the list stays
        await pilot.pause(quick_marks)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause(quick_marks)
        assert not any(app.state.is_read(a.id) for a in library.articles)


async def test_an_article_moved_to_after_filtering_is_marked_read(
    library: Store, quick_marks: float
) -> None:
    app = NewsreaderApp(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"robots", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "j")  # over the Sport header
        shown = app.current_article
        assert shown is not None and shown.title == "Charlie robots"
        await pilot.pause(quick_marks)
        assert app.state.is_read(shown.id)
        assert [a.title for a in library.articles if app.state.is_read(a.id)] == [shown.title]
